// Tests of Experiment::set_parameters (core/experiment.hpp): the lab's weight and bias editor.
// Refusals name the field and its range and change nothing (parameters, optimiser state, history,
// bit for bit); an accepted edit is the float32 rounding of the values given, keeps the optimiser
// state, and setting the old values back gives exactly the run an unedited twin has; an edit while
// an epoch's records are measured is in every record; a diverged network stays stopped.
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "experiment.hpp"
#include "float_bits.hpp"

using namespace relulab;
using Catch::Matchers::Contains;

namespace {

ExperimentConfig small(std::vector<Activation> activations) {
  ExperimentConfig c;
  c.data.kind = DatasetKind::Circle;
  c.data.points = 200;
  c.training.optimizer = OptimizerKind::Adam;  // optimiser state that matters: moments and a step count
  c.activations = std::move(activations);
  return c;
}

std::vector<std::uint32_t> param_bits(const Experiment& e, int index) {
  std::vector<std::uint32_t> out;
  for (float p : e.network(index).parameters()) out.push_back(bits(p));
  return out;
}

/// Everything a step changes, as bits: parameters, then the optimiser's m, v and counters.
std::vector<std::uint64_t> state_bits(const Experiment& e, int index) {
  NetworkState s;
  e.network(index).save_state(s);
  std::vector<std::uint64_t> out;
  for (float p : s.parameters) out.push_back(bits(p));
  for (float p : s.optimizer.m) out.push_back(bits(p));
  for (float p : s.optimizer.v) out.push_back(bits(p));
  out.push_back(std::uint64_t(s.optimizer.steps));
  out.push_back(std::uint64_t(std::bit_cast<std::uint64_t>(s.optimizer.beta1_power)));
  out.push_back(std::uint64_t(std::bit_cast<std::uint64_t>(s.optimizer.beta2_power)));
  return out;
}

std::vector<double> as_doubles(std::span<const float> v) { return std::vector<double>(v.begin(), v.end()); }

}  // namespace

TEST_CASE("set_parameters refuses a bad index, count or value, naming it, and changes nothing", "[experiment][edit]") {
  Experiment e(small({Activation::Relu, Activation::Tanh}));
  e.train(2);
  (void)e.train_steps(3);  // part-way through an epoch: optimiser state and a position to keep
  const std::size_t n = e.network(1).parameters().size();
  const auto before0 = state_bits(e, 0), before1 = state_bits(e, 1);
  const std::size_t records = e.history(1).size();
  const int position = e.epoch_position();
  const std::vector<double> good = as_doubles(e.network(1).parameters());

  const auto refused = [&](int index, const std::vector<double>& values, const char* field, const char* range) {
    const Status s = e.set_parameters(index, values);
    CAPTURE(index, values.size(), s.message);
    CHECK_FALSE(s.ok);
    CHECK_THAT(s.message, Contains(field) && Contains(range));
    CHECK(state_bits(e, 0) == before0);
    CHECK(state_bits(e, 1) == before1);
    CHECK(e.history(1).size() == records);
    CHECK(e.epoch_position() == position);
  };
  refused(-1, good, "index", "from 0 to 1");
  refused(2, good, "index", "from 0 to 1");
  refused(1, std::vector<double>(good.begin(), good.end() - 1), "values", std::to_string(n).c_str());
  refused(1, {}, "values", std::to_string(n).c_str());
  std::vector<double> longer = good;
  longer.push_back(0.5);
  refused(1, longer, "values", std::to_string(n).c_str());
  for (const double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity(), 1e39, -3.5e38}) {
    std::vector<double> v = good;
    v[3] = 0.25;  // an accepted value before the bad one: not applied either
    v[7] = bad;
    refused(1, v, "values[7]", "finite number within float32 range");
  }
}

TEST_CASE("set_parameters rounds to float32, keeps the optimiser state, and undoing it restores the run bit for bit",
          "[experiment][edit]") {
  const ExperimentConfig c = small({Activation::Relu, Activation::LeakyRelu});
  Experiment edited(c), twin(c);
  edited.train(3), twin.train(3);
  REQUIRE(state_bits(edited, 1) == state_bits(twin, 1));

  const std::vector<double> old = as_doubles(edited.network(1).parameters());
  const LayerShape& first = edited.network(1).layers()[0];
  const std::size_t weight = first.weight_offset + 1, bias = first.bias_offset + 2;
  std::vector<double> v = old;
  v[weight] = 0.1;            // not a float: stored as its float32 rounding
  v[bias] = -3.4028234663852886e38;  // -FLT_MAX: the edge of the range is accepted
  const auto boundary_before = [&] {
    std::vector<float> out(std::size_t(20 * 20 * edited.network(1).outputs()));
    edited.boundary(1, 20, out);
    return out;
  }();
  const auto other_before = param_bits(edited, 0);
  NetworkState s0;
  edited.network(1).save_state(s0);

  REQUIRE(edited.set_parameters(1, v).ok);
  CHECK(bits(edited.network(1).parameters()[weight]) == bits(0.1f));
  CHECK(bits(edited.network(1).parameters()[bias]) == bits(-std::numeric_limits<float>::max()));
  for (std::size_t i = 0; i < old.size(); ++i)
    if (i != weight && i != bias) REQUIRE(bits(edited.network(1).parameters()[i]) == bits(float(old[i])));
  CHECK(param_bits(edited, 0) == other_before);  // the other networks are untouched
  NetworkState s1;
  edited.network(1).save_state(s1);
  CHECK(s1.optimizer.steps == s0.optimizer.steps);
  CHECK(s1.optimizer.m == s0.optimizer.m);
  CHECK(s1.optimizer.v == s0.optimizer.v);
  CHECK(edited.history(1).size() == twin.history(1).size());  // records are kept as recorded
  std::vector<float> boundary_after(boundary_before.size());
  edited.boundary(1, 20, boundary_after);
  CHECK(boundary_after != boundary_before);  // what the grids show follows the edit

  // Undo: the old values back, then the same training as the twin gives the same bits.
  REQUIRE(edited.set_parameters(1, old).ok);
  CHECK(state_bits(edited, 1) == state_bits(twin, 1));
  edited.train(2), twin.train(2);
  for (int i = 0; i < 2; ++i) CHECK(state_bits(edited, i) == state_bits(twin, i));
  CHECK(edited.history(1).back().train_loss == twin.history(1).back().train_loss);

  // Training goes on from an edit: the edited network differs, the other one does not.
  std::vector<double> w = as_doubles(edited.network(1).parameters());
  w[weight] += 0.5;
  REQUIRE(edited.set_parameters(1, w).ok);
  edited.train(1), twin.train(1);
  CHECK(state_bits(edited, 0) == state_bits(twin, 0));
  CHECK(param_bits(edited, 1) != param_bits(twin, 1));
  CHECK(edited.summary(1).epoch == 6);
}

TEST_CASE("an edit while an epoch's records are measured is in every record of that epoch", "[experiment][edit]") {
  Experiment e(small({Activation::Relu, Activation::Elu}));
  e.train(1);
  const int n = e.data().train_count();
  // Every batch of epoch 2, then one block of its records (the first network's first block).
  while (e.epoch_position() < n) (void)e.train_steps(1);
  (void)e.train_steps(1);
  REQUIRE(e.epoch() == 1);
  std::vector<double> v = as_doubles(e.network(0).parameters());
  const LayerShape& out = e.network(0).layers().back();
  v[out.bias_offset] += 2.0;  // moves every output: the loss changes
  REQUIRE(e.set_parameters(0, v).ok);
  while (e.epoch() == 1) (void)e.train_steps(1);
  // No batch since the edit: the record measures the network as it is now.
  CHECK(e.history(0).back().epoch == 2);
  CHECK(e.history(0).back().train_loss == e.diagnostics(0).loss);
  CHECK(e.history(1).back().train_loss == e.diagnostics(1).loss);
}

TEST_CASE("a diverged network stays stopped after an edit", "[experiment][edit]") {
  ExperimentConfig c = small({Activation::Linear, Activation::Tanh});
  c.training.optimizer = OptimizerKind::Sgd;
  c.training.learning_rate = 10.0f;
  c.training.momentum = 0.0f;
  Experiment e(c);
  e.train(10);
  REQUIRE(e.summary(0).diverged);
  const int diverged_epoch = e.summary(0).diverged_epoch;
  std::vector<double> v(e.network(0).parameters().size(), 0.125);
  REQUIRE(e.set_parameters(0, v).ok);
  e.train(2);
  CHECK(e.summary(0).diverged);
  CHECK(e.summary(0).diverged_epoch == diverged_epoch);
  for (float p : e.network(0).parameters()) CHECK(bits(p) == bits(0.125f));
}
