// Tests of bounded work (issue 15): DiagnosticsPass over any blocks gives the bits of one
// whole-set diagnose; an experiment's end-of-epoch records, measured block by block inside
// train_steps' budget, equal a whole-set diagnose and predict done here; and any sequence of
// train_steps budgets gives the records and parameters of whole epochs (train()).
#include <algorithm>
#include <vector>

#include <catch2/catch.hpp>

#include "experiment.hpp"
#include "float_bits.hpp"
#include "loss.hpp"
#include "network_test_helpers.hpp"
#include "regions.hpp"
#include "rng.hpp"

using namespace relulab;

namespace {

bool same_bits(std::span<const float> a, std::span<const float> b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (bits(a[i]) != bits(b[i])) return false;
  return true;
}

void check_same(const NetworkDiagnostics& a, const NetworkDiagnostics& b) {
  CHECK(bits(a.loss) == bits(b.loss));
  CHECK(bits(a.accuracy) == bits(b.accuracy));
  CHECK(a.dead_units == b.dead_units);
  CHECK(a.inactive_units == b.inactive_units);
  CHECK(a.saturated_units == b.saturated_units);
  CHECK(a.total_units == b.total_units);
  CHECK(a.constant_output == b.constant_output);
  REQUIRE(a.layers.size() == b.layers.size());
  for (std::size_t l = 0; l < a.layers.size(); ++l) {
    const LayerDiagnostics &p = a.layers[l], &q = b.layers[l];
    CHECK(bits(p.sparsity) == bits(q.sparsity));
    CHECK(p.zero_pre_activations == q.zero_pre_activations);
    CHECK(p.dead_pieces == q.dead_pieces);
    REQUIRE(p.units.size() == q.units.size());
    for (std::size_t u = 0; u < p.units.size(); ++u) {
      CHECK(bits(p.units[u].activity_rate) == bits(q.units[u].activity_rate));
      CHECK(p.units[u].dead == q.units[u].dead);
      CHECK(p.units[u].inactive == q.units[u].inactive);
      CHECK(p.units[u].saturated == q.units[u].saturated);
      CHECK(bits(p.units[u].slope) == bits(q.units[u].slope));
      CHECK(p.units[u].piece_wins == q.units[u].piece_wins);
    }
  }
}

void check_same(const EpochRecord& a, const EpochRecord& b) {
  CHECK(a.epoch == b.epoch);
  CHECK(bits(a.train_loss) == bits(b.train_loss));
  CHECK(bits(a.test_loss) == bits(b.test_loss));
  CHECK(bits(a.train_accuracy) == bits(b.train_accuracy));
  CHECK(bits(a.test_accuracy) == bits(b.test_accuracy));
  CHECK(a.dead == b.dead);
  CHECK(a.inactive == b.inactive);
  CHECK(a.saturated == b.saturated);
  CHECK(a.dead_pieces == b.dead_pieces);
  CHECK(a.total_units == b.total_units);
  CHECK(a.regions == b.regions);
}

ExperimentConfig big_config(DatasetKind kind, std::uint32_t seed) {
  ExperimentConfig c;
  c.data.kind = kind;
  c.data.points = 700;  // 350 training and 350 test points: two blocks of records each
  c.data.train_fraction = 0.5f;
  c.data.seed = seed;
  c.network.hidden = {6, 5};
  c.network.seed = seed * 7 + 1;
  c.training.batch_size = 32;
  c.activations = {Activation::Relu, Activation::Maxout, Activation::Tanh, Activation::Prelu, Activation::Sigmoid};
  return c;
}

}  // namespace

TEST_CASE("diagnostics in blocks of any size give the bits of one whole-set pass", "[diagnostics]") {
  const auto [act, output, classes] = GENERATE(table<Activation, OutputKind, int>({
      {Activation::Relu, OutputKind::Binary, 2},
      {Activation::Maxout, OutputKind::Multiclass, 3},
      {Activation::Sigmoid, OutputKind::Binary, 2},
      {Activation::Tanh, OutputKind::Regression, 1},
      {Activation::Prelu, OutputKind::Multiclass, 4},
  }));
  NetworkConfig config;
  config.hidden = {7, 4};
  config.activations = {act};
  config.maxout_k = 3;
  config.output = output;
  config.classes = classes;
  config.bias_init = -0.3f;  // some dead units and zero rates, so the counts are not all trivial
  const test_support::Data d = test_support::make_data(11, 301, 2, output, classes, 3.0f);
  Network whole(config), blocked(config);
  const NetworkDiagnostics reference = whole.diagnose(d.x, d.y, d.n, 0.05f, false);
  for (const std::uint32_t seed : {1u, 2u, 3u}) {
    Rng rng(seed);
    DiagnosticsPass pass(blocked, 0.05f);
    for (int at = 0; at < d.n;) {
      const int count = std::min(d.n - at, 1 + int(rng.below(seed == 1 ? 4u : 120u)));
      pass.add(blocked, std::span<const float>(d.x).subspan(std::size_t(at) * 2, std::size_t(count) * 2),
               std::span<const float>(d.y).subspan(std::size_t(at), std::size_t(count)), count);
      at += count;
    }
    CHECK(pass.samples() == std::size_t(d.n));
    check_same(pass.finish(blocked), reference);
  }
  // With gradient norms the counts are the same too (the loss there is loss_and_gradient's).
  const NetworkDiagnostics with_norms = whole.diagnose(d.x, d.y, d.n, 0.05f, true);
  CHECK(bits(with_norms.loss) == bits(reference.loss));
  CHECK(with_norms.dead_units == reference.dead_units);
  CHECK(with_norms.layers[0].units[0].activity_rate == reference.layers[0].units[0].activity_rate);
}

TEST_CASE("an epoch's records, measured in blocks, equal a whole-set diagnose and predict", "[experiment]") {
  const ExperimentConfig c = big_config(DatasetKind::Spiral3, 5);
  Experiment e(c);
  REQUIRE(e.data().train_count() > Experiment::kMeasureBlock);
  REQUIRE(e.data().test_count() > Experiment::kMeasureBlock);
  for (int epoch = 0; epoch <= 3; ++epoch) {
    if (epoch > 0) e.train(1);
    for (int i = 0; i < e.size(); ++i) {
      // The reference: one pass over each whole set, on a copy of the network.
      Network net = e.network(i);
      const int n = e.data().train_count(), m = e.data().test_count();
      const NetworkDiagnostics d = net.diagnose(e.train_inputs(), e.data().train_y, n,
                                                float(default_of(Setting::SaturationThreshold)), false);
      EpochRecord r;
      r.epoch = epoch;
      r.train_loss = d.loss;
      r.train_accuracy = d.accuracy;
      r.dead = d.dead_units;
      r.inactive = d.inactive_units;
      r.saturated = d.saturated_units;
      for (const LayerDiagnostics& layer : d.layers) r.dead_pieces += layer.dead_pieces;
      r.total_units = d.total_units;
      std::vector<std::uint64_t> ids(static_cast<std::size_t>(n));
      if (activation_patterns(net, ids).ok) r.regions = count_distinct(ids);
      std::vector<float> p(std::size_t(m) * std::size_t(net.outputs()));
      net.predict(e.test_inputs(), m, p);
      const ProbabilityMetrics pm = probability_metrics(e.data().output, p.data(), e.data().test_y.data(),
                                                        std::size_t(m), std::size_t(net.outputs()));
      r.test_loss = pm.loss;
      r.test_accuracy = pm.accuracy;
      INFO("epoch " << epoch << ", network " << i);
      check_same(e.history(i).back(), r);
    }
  }
}

TEST_CASE("any sequence of train_steps budgets gives the records and parameters of whole epochs", "[experiment]") {
  const auto [kind, seed] = GENERATE(table<DatasetKind, std::uint32_t>({
      {DatasetKind::Spiral, 1}, {DatasetKind::Spiral3, 2}, {DatasetKind::KinkX, 3}, {DatasetKind::Moons, 4}}));
  const ExperimentConfig c = big_config(kind, seed);
  constexpr int kEpochs = 3;
  Experiment whole(c);
  whole.train(kEpochs);
  Experiment pieces(c);
  Rng rng(seed);
  int zero_batch_calls = 0, calls = 0;
  while (pieces.epoch() < kEpochs) {
    const int before = pieces.epoch();
    const std::vector<EpochRecord> latest = [&] {
      std::vector<EpochRecord> v;
      for (int i = 0; i < pieces.size(); ++i) v.push_back(pieces.history(i).back());
      return v;
    }();
    // Budgets of 1 or 2 steps mostly, some long ones.
    const int budget = rng.below(32) == 0 ? 1 + int(rng.below(40)) : 1 + int(rng.below(2));
    const int batches = pieces.train_steps(budget);
    ++calls;
    CHECK(batches <= budget);
    CHECK(pieces.epoch() - before <= 1);
    if (pieces.epoch() == before) {
      // Not past the epoch's end: the histories have not moved, not even for networks measured.
      for (int i = 0; i < pieces.size(); ++i) CHECK(pieces.history(i).back().epoch == latest[std::size_t(i)].epoch);
      if (batches == 0) ++zero_batch_calls;
    }
  }
  INFO(calls << " calls, data set " << int(kind));
  CHECK(zero_batch_calls > 0);  // calls spent on records alone
  CHECK(pieces.epoch_position() == 0);
  for (int i = 0; i < whole.size(); ++i) {
    CHECK(same_bits(whole.network(i).parameters(), pieces.network(i).parameters()));
    REQUIRE(whole.history(i).size() == pieces.history(i).size());
    for (std::size_t k = 0; k < whole.history(i).size(); ++k) check_same(whole.history(i)[k], pieces.history(i)[k]);
    CHECK(whole.summary(i).diverged == pieces.summary(i).diverged);
  }
}

TEST_CASE("no step of train_steps grows with the data set: a record takes one step per block", "[experiment]") {
  const ExperimentConfig c = big_config(DatasetKind::Spiral, 9);
  Experiment e(c);
  const int batches = e.batches_per_epoch();
  CHECK(e.train_steps(batches) == batches);  // every batch, no record yet
  CHECK(e.epoch() == 0);
  CHECK(e.epoch_position() == e.data().train_count());
  // Per network: 2 training blocks and 2 test blocks of 256 (350 each).
  const int pieces = e.size() * 4;
  for (int k = 1; k < pieces; ++k) {
    CHECK(e.train_steps(1) == 0);
    CHECK(e.epoch() == 0);
  }
  CHECK(e.train_steps(1) == 0);
  CHECK(e.epoch() == 1);
  CHECK(e.epoch_position() == 0);
  for (int i = 0; i < e.size(); ++i) CHECK(e.history(i).back().epoch == 1);
}

TEST_CASE("an experiment built in steps equals one built at once, and no step grows with the data set", "[experiment]") {
  const ExperimentConfig c = big_config(DatasetKind::Spiral, 5);
  Experiment whole(c);
  Experiment steps(c, true);
  CHECK_FALSE(steps.ready());
  CHECK(steps.size() == whole.size());
  // Before any step: the parameters are there, nothing is measured yet.
  for (int i = 0; i < steps.size(); ++i) {
    CHECK(same_bits(whole.network(i).parameters(), steps.network(i).parameters()));
    CHECK(steps.history(i).empty());
  }
  // One step per network's workspaces, then per network 2 training and 2 test blocks (350 each).
  const int expected = steps.size() + steps.size() * 4;
  int calls = 0;
  while (!steps.build_steps(1)) ++calls;
  CHECK(calls + 1 == expected);
  CHECK(steps.build_steps(1));  // a ready experiment does nothing more
  CHECK(steps.epoch() == 0);
  for (int i = 0; i < whole.size(); ++i) {
    REQUIRE(steps.history(i).size() == 1);
    check_same(whole.history(i)[0], steps.history(i)[0]);
  }
  // train_steps on an experiment being built continues the build, training nothing.
  Experiment early(c, true);
  CHECK(early.train_steps(3) == 0);
  CHECK_FALSE(early.ready());
  whole.train(2);
  steps.train(2);
  while (early.epoch() < 2) early.train_steps(7);
  for (int i = 0; i < whole.size(); ++i) {
    CHECK(same_bits(whole.network(i).parameters(), steps.network(i).parameters()));
    CHECK(same_bits(whole.network(i).parameters(), early.network(i).parameters()));
    REQUIRE(whole.history(i).size() == early.history(i).size());
    for (std::size_t k = 0; k < whole.history(i).size(); ++k) check_same(whole.history(i)[k], early.history(i)[k]);
  }
}
