// Tests of the unit histories (core/unit_history.cpp, Experiment::unit_history), pre-activations
// (Experiment::pre_activations) and the grid job's single-unit maps: records against the
// parameters and diagnostics computed here independently, the death epoch against the records,
// the push against a second experiment stepped to that batch by hand, thinning against
// thin_records applied to the plain epoch list.
#include <algorithm>
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "experiment.hpp"
#include "float_bits.hpp"
#include "grid_job.hpp"
#include "unit_history.hpp"

using namespace relulab;
using Catch::Matchers::Contains;

namespace {

// The spiral with a high learning rate: ReLU units die during the run.
ExperimentConfig dying_config() {
  ExperimentConfig c;
  c.data.kind = DatasetKind::Spiral;
  c.data.points = 200;
  c.network.hidden = {8, 8};
  c.training.learning_rate = 0.1f;
  c.activations = {Activation::Relu, Activation::LeakyRelu, Activation::Tanh};
  return c;
}

// Bias and ||w|| of a non-maxout unit read straight from the layout.
void reference_unit(const Network& net, int layer, int unit, float& bias, double& norm) {
  const LayerShape& s = net.layers()[std::size_t(layer)];
  double sq = 0;
  for (int i = 0; i < s.inputs; ++i) {
    const double w = net.parameters()[s.weight_offset + std::size_t(unit * s.inputs + i)];
    sq += w * w;
  }
  norm = std::sqrt(sq);
  bias = net.parameters()[s.bias_offset + std::size_t(unit)];
}

bool same_bits(std::span<const float> a, std::span<const float> b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (bits(a[i]) != bits(b[i])) return false;
  return true;
}

bool any_positive(std::span<const float> z) {
  return std::any_of(z.begin(), z.end(), [](float v) { return v > 0.0f; });
}

}  // namespace

TEST_CASE("thin_records keeps every other group, and the newest", "[unit_history]") {
  std::vector<int> h = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  thin_records(h);
  CHECK(h == std::vector<int>{0, 2, 4, 6, 8, 9});
  std::vector<int> g = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4};  // groups of 2
  thin_records(g, 2);
  CHECK(g == std::vector<int>{0, 0, 2, 2, 4, 4});
}

TEST_CASE("unit records match the parameters, the diagnostics and the epoch list", "[unit_history]") {
  Experiment e(dying_config());
  e.train(12);
  for (int i = 0; i < e.size(); ++i) {
    const NetworkDiagnostics diag = e.diagnostics(i);
    for (int layer = 0; layer < 2; ++layer)
      for (int unit = 0; unit < 8; ++unit) {
        const UnitHistoryResult h = e.unit_history(i, layer, unit);
        REQUIRE(h.records.size() == e.history(i).size());
        for (std::size_t r = 0; r < h.records.size(); ++r) CHECK(h.records[r].epoch == e.history(i)[r].epoch);
        CHECK(h.records.front().grad_norm == 0.0f);  // no batch before epoch 0
        const UnitRecord& last = h.records.back();
        float bias = 0;
        double norm = 0;
        reference_unit(e.network(i), layer, unit, bias, norm);
        CHECK(bits(last.bias) == bits(bias));
        CHECK(last.weight_norm == Approx(norm).epsilon(1e-6));
        const UnitDiagnostics& d = diag.layers[std::size_t(layer)].units[std::size_t(unit)];
        CHECK(last.activity == d.activity_rate);
        CHECK(last.off == (d.dead || d.inactive));
        CHECK(h.can_die == (i != 2));  // tanh saturates, it is never off
        if (i > 0) continue;
        // The death epoch: the first of the trailing run of off records.
        int death = -1;
        for (std::size_t r = 0; r < h.records.size(); ++r) {
          if (!h.records[r].off) death = -1;
          else if (death < 0) death = h.records[r].epoch;
        }
        CHECK(h.death_epoch == death);
      }
  }
  // Bad layer or unit: an empty history.
  CHECK(e.unit_history(0, 2, 0).records.empty());
  CHECK(e.unit_history(0, 0, 8).records.empty());
  CHECK(e.unit_history(0, -1, 0).records.empty());
}

TEST_CASE("the push is the step after which the unit is off, replayed by hand", "[unit_history]") {
  const ExperimentConfig config = dying_config();
  Experiment e(config);
  // As the page asks: every unit's history after every epoch, so every death is replayed.
  for (int epoch = 0; epoch < 15; ++epoch) {
    e.train(1);
    for (int layer = 0; layer < 2; ++layer)
      for (int unit = 0; unit < 8; ++unit) (void)e.unit_history(0, layer, unit);
  }
  int checked = 0;
  for (int layer = 0; layer < 2; ++layer)
    for (int unit = 0; unit < 8; ++unit) {
      const UnitHistoryResult h = e.unit_history(0, layer, unit);
      if (h.death_epoch <= 0) continue;
      REQUIRE(h.push.known);
      CHECK(h.push.epoch == h.death_epoch);
      CHECK(h.push.learning_rate == config.training.learning_rate);
      // A second run to just before that step, then the step itself.
      Experiment f(config);
      f.train(h.push.epoch - 1);
      if (h.push.step > 0) REQUIRE(f.train_steps(h.push.step) == h.push.step);
      std::vector<float> z(std::size_t(f.data().train_count()));
      f.pre_activations(0, layer, unit, z);
      CHECK(any_positive(z));  // on before the step
      float bias_before = 0;
      double norm_before = 0;
      reference_unit(f.network(0), layer, unit, bias_before, norm_before);
      const std::vector<float> before(f.network(0).parameters().begin(), f.network(0).parameters().end());
      REQUIRE(f.train_steps(1) == 1);
      f.pre_activations(0, layer, unit, z);
      CHECK_FALSE(any_positive(z));  // off after it
      float bias_after = 0;
      double norm_after = 0;
      reference_unit(f.network(0), layer, unit, bias_after, norm_after);
      CHECK(bits(h.push.bias_before) == bits(bias_before));
      CHECK(bits(h.push.bias_change) == bits(bias_after - bias_before));
      CHECK(h.push.weight_norm_before == Approx(norm_before).epsilon(1e-6));
      const LayerShape& s = f.network(0).layers()[std::size_t(layer)];
      double dsq = 0;
      for (int i = 0; i < s.inputs; ++i) {
        const std::size_t k = s.weight_offset + std::size_t(unit * s.inputs + i);
        const double d = double(f.network(0).parameters()[k]) - double(before[k]);
        dsq += d * d;
      }
      CHECK(h.push.weight_change == Approx(std::sqrt(dsq)).epsilon(1e-6));
      CHECK(bits(h.push.grad_bias) == bits(f.network(0).gradients()[s.bias_offset + std::size_t(unit)]));
      // Often 0 under Adam: the batch had no point with z > 0 and the moments carried the unit over.
      double gsq = 0;
      for (int i = 0; i < s.inputs; ++i) {
        const double g = f.network(0).gradients()[s.weight_offset + std::size_t(unit * s.inputs + i)];
        gsq += g * g;
      }
      CHECK(h.push.grad_norm == Approx(std::sqrt(gsq)).margin(1e-12).epsilon(1e-6));
      ++checked;
    }
  CHECK(checked > 0);  // the config must kill a unit during the run, or this test tests nothing
}

TEST_CASE("pushes not asked for are kept for the most recent death epochs only", "[unit_history]") {
  const ExperimentConfig config = dying_config();
  Experiment asked(config), lazy(config);
  for (int epoch = 0; epoch < 15; ++epoch) {
    asked.train(1);
    lazy.train(1);
    for (int layer = 0; layer < 2; ++layer)
      for (int unit = 0; unit < 8; ++unit) (void)asked.unit_history(0, layer, unit);
  }
  // Death epochs of units off now, newest first: the lazy run can replay the last few of them.
  std::vector<int> epochs;
  for (int layer = 0; layer < 2; ++layer)
    for (int unit = 0; unit < 8; ++unit) {
      const int d = lazy.unit_history(0, layer, unit).death_epoch;
      if (d > 0 && std::find(epochs.begin(), epochs.end(), d) == epochs.end()) epochs.push_back(d);
    }
  std::sort(epochs.rbegin(), epochs.rend());
  REQUIRE(!epochs.empty());
  int known = 0;
  for (int layer = 0; layer < 2; ++layer)
    for (int unit = 0; unit < 8; ++unit) {
      const UnitHistoryResult a = asked.unit_history(0, layer, unit), l = lazy.unit_history(0, layer, unit);
      REQUIRE(a.death_epoch == l.death_epoch);
      if (l.death_epoch <= 0) continue;
      const auto rank = std::size_t(std::find(epochs.begin(), epochs.end(), l.death_epoch) - epochs.begin());
      if (rank < Experiment::kMaxPendingReplays) {
        REQUIRE(l.push.known);
        CHECK(l.push.step == a.push.step);
        CHECK(bits(l.push.bias_change) == bits(a.push.bias_change));
        ++known;
      }
    }
  CHECK(known > 0);
  // Asking replays on the network itself; it ends as it was: the two runs still have the same bits.
  CHECK(same_bits(asked.network(0).parameters(), lazy.network(0).parameters()));
}

// Also the check that a replay leaves the run exactly as it was: f never replays (every epoch's
// config is set part-way), e replays every epoch in which a unit died; their bits are the same.
TEST_CASE("a changed training config part-way through an epoch leaves that epoch's push unknown", "[unit_history]") {
  ExperimentConfig config = dying_config();
  Experiment e(config);
  for (int epoch = 0; epoch < 15; ++epoch) {
    e.train(1);
    for (int unit = 0; unit < 8; ++unit) (void)e.unit_history(0, 0, unit);
  }
  Experiment f(config);
  for (int epoch = 0; epoch < 15; ++epoch) {
    f.train_steps(1);
    REQUIRE(f.set_training(config.training).ok);  // the same values, but set part-way
    f.train_steps(1 << 20);
  }
  CHECK(same_bits(e.network(0).parameters(), f.network(0).parameters()));
  for (int unit = 0; unit < 8; ++unit) {
    const UnitHistoryResult h = f.unit_history(0, 0, unit);
    CHECK(h.death_epoch == e.unit_history(0, 0, unit).death_epoch);
    CHECK_FALSE(h.push.known);
  }
}

TEST_CASE("unit histories are thinned by the epoch records' rule", "[unit_history]") {
  ExperimentConfig c;
  c.data.kind = DatasetKind::Xor;
  c.data.points = 40;
  c.network.hidden = {3};
  c.training.batch_size = 20;
  c.activations = {Activation::Relu};
  Experiment e(c);
  const int epochs = int(UnitHistory::kLimit) + 45;
  e.train(epochs);
  std::vector<int> expected = {0};
  for (int k = 1; k <= epochs; ++k) {
    expected.push_back(k);
    if (expected.size() > UnitHistory::kLimit) thin_records(expected);
  }
  const UnitHistoryResult h = e.unit_history(0, 0, 1);
  REQUIRE(h.records.size() == expected.size());
  CHECK(h.records.size() <= UnitHistory::kLimit);
  for (std::size_t r = 0; r < expected.size(); ++r) CHECK(h.records[r].epoch == expected[r]);
}

TEST_CASE("pre_activations are w.x + b on the training set, and a dead unit has none above 0", "[unit_history]") {
  Experiment e(dying_config());
  e.train(10);
  const int n = e.data().train_count();
  std::vector<float> z(static_cast<std::size_t>(n));
  for (int unit = 0; unit < 8; ++unit) {
    e.pre_activations(0, 0, unit, z);
    const Network& net = e.network(0);
    const LayerShape& s = net.layers()[0];
    for (int p = 0; p < n; ++p) {
      double ref = net.parameters()[s.bias_offset + std::size_t(unit)];
      for (int i = 0; i < s.inputs; ++i)
        ref += double(net.parameters()[s.weight_offset + std::size_t(unit * s.inputs + i)]) *
               double(e.train_inputs()[std::size_t(p * s.inputs + i)]);
      CHECK(z[std::size_t(p)] == Approx(ref).margin(1e-5));
    }
  }
  const NetworkDiagnostics diag = e.diagnostics(0);
  for (int layer = 0; layer < 2; ++layer)
    for (int unit = 0; unit < 8; ++unit) {
      e.pre_activations(0, layer, unit, z);
      CHECK(diag.layers[std::size_t(layer)].units[std::size_t(unit)].dead == !any_positive(z));
    }
  // Bad indices write nothing.
  std::fill(z.begin(), z.end(), 7.0f);
  e.pre_activations(0, 2, 0, z);
  e.pre_activations(0, 0, -1, z);
  e.pre_activations(5, 0, 0, z);
  CHECK(std::all_of(z.begin(), z.end(), [](float v) { return v == 7.0f; }));
}

TEST_CASE("a grid job of one unit gives that unit's map of the full job, bit for bit", "[unit_history][grid]") {
  Experiment e(dying_config());
  e.train(3);
  GridJob all(e, 1, GridRequest{8, 12, false});
  while (!all.step(100)) {
  }
  const std::size_t cells = 144;
  for (int first : {0, 5, 8, 15}) {
    const int count = first == 15 ? 1 : 2;
    const GridRequest request{8, 12, false, false, first, count};
    REQUIRE(GridJob::validate(e, 1, request).ok);
    GridJob one(e, 1, request);
    while (!one.step(50)) {
    }
    REQUIRE(one.unit_maps().size() == cells * std::size_t(count));
    CHECK(same_bits(one.unit_maps(), all.unit_maps().subspan(std::size_t(first) * cells, cells * std::size_t(count))));
    CHECK(same_bits(one.boundary(), all.boundary()));
  }
  CHECK_THAT(GridJob::validate(e, 1, 8, 12, false, -1, 1).message, Contains("firstUnit must be a whole number from 0 to 15"));
  CHECK_THAT(GridJob::validate(e, 1, 8, 12, false, 16, 1).message, Contains("firstUnit"));
  CHECK_THAT(GridJob::validate(e, 1, 8, 12, false, 2.5, 1).message, Contains("firstUnit"));
  CHECK_THAT(GridJob::validate(e, 1, 8, 12, false, 0, std::nan("")).message, Contains("unitCount"));
  CHECK_THAT(GridJob::validate(e, 1, 8, 12, false, 10, 7).message, Contains("unitCount must be a whole number from 0 to 6"));
  CHECK_THAT(GridJob::validate(e, 1, 8, 12, false, 1e300, 1).message, Contains("firstUnit"));
}

// The replay in bounded steps (the worker's unit view): between training steps, also while an
// epoch's records are measured (they read the gradients of the epoch's last batch).
TEST_CASE("a replay in steps between training steps finds the pushes and leaves the run's bits as they were",
          "[unit_history]") {
  const ExperimentConfig config = dying_config();
  Experiment sliced(config), lazy(config), asked(config);
  int layer = 0, unit = 0, steps_during_records = 0, finished = 0;
  while (sliced.epoch() < 15) {
    sliced.train_steps(1);
    lazy.train_steps(1);
    const bool recording = sliced.epoch_position() == sliced.data().train_count();
    const bool done = sliced.unit_history_steps(0, layer, unit, 1);
    if (recording && !done) ++steps_during_records;
    if (done) {  // the next unit, in turn
      ++finished;
      unit = (unit + 1) % 8;
      if (unit == 0) layer = 1 - layer;
    }
  }
  for (int epoch = 0; epoch < 15; ++epoch) {
    asked.train(1);
    for (int l = 0; l < 2; ++l)
      for (int u = 0; u < 8; ++u) (void)asked.unit_history(0, l, u);
  }
  CHECK(steps_during_records > 0);  // replay steps ran while records were being measured
  CHECK(finished > 0);
  // Training, its records and the unit records (gradient norms of each epoch's last batch) are
  // those of the run that never replayed.
  CHECK(same_bits(sliced.network(0).parameters(), lazy.network(0).parameters()));
  REQUIRE(sliced.history(0).size() == lazy.history(0).size());
  for (std::size_t k = 0; k < lazy.history(0).size(); ++k)
    CHECK(bits(sliced.history(0)[k].train_loss) == bits(lazy.history(0)[k].train_loss));
  int pushes = 0;
  for (int l = 0; l < 2; ++l)
    for (int u = 0; u < 8; ++u) {
      const UnitHistoryResult s = sliced.unit_history(0, l, u), z = lazy.unit_history(0, l, u), a = asked.unit_history(0, l, u);
      REQUIRE(s.records.size() == z.records.size());
      for (std::size_t k = 0; k < s.records.size(); ++k) {
        CHECK(bits(s.records[k].grad_norm) == bits(z.records[k].grad_norm));
        CHECK(bits(s.records[k].bias) == bits(z.records[k].bias));
      }
      CHECK(s.death_epoch == a.death_epoch);
      if (s.death_epoch <= 0 || !a.push.known) continue;
      REQUIRE(s.push.known);
      CHECK(s.push.step == a.push.step);
      CHECK(bits(s.push.bias_change) == bits(a.push.bias_change));
      CHECK(bits(s.push.grad_bias) == bits(a.push.grad_bias));
      CHECK(bits(s.push.weight_change) == bits(a.push.weight_change));
      ++pushes;
    }
  CHECK(pushes > 0);
}
