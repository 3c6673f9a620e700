// Tests of the side-by-side runner (core/experiment.cpp): equal starts, lockstep training,
// validation, live changes, divergence, grid evaluation, determinism (golden hashes shared with
// the wasm tests) and, tagged [.slow] (hidden: ctest runs them as the one entry "convergence", label
// slow), convergence on circle, XOR and the spiral.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "experiment.hpp"

using namespace relulab;
using Catch::Matchers::Contains;

namespace {

/// FNV-1a 32-bit over the little-endian bytes of the float parameters, in layout order.
/// The wasm tests (tests/wasm) compute exactly this over parameters() and compare against the
/// golden values below: change both together.
std::uint32_t fnv1a_parameters(std::span<const float> params) {
  std::uint32_t hash = 2166136261u;
  for (float p : params) {
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(p);
    for (int byte = 0; byte < 4; ++byte) {
      hash ^= (bits >> (8 * byte)) & 0xFFu;
      hash *= 16777619u;
    }
  }
  return hash;
}

bool same_bits(std::span<const float> a, std::span<const float> b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::bit_cast<std::uint32_t>(a[i]) != std::bit_cast<std::uint32_t>(b[i])) return false;
  }
  return true;
}

std::span<const float> layer_params(const Network& net, int layer) {
  const LayerShape& shape = net.layers()[std::size_t(layer)];
  const std::size_t end = shape.bias_offset + std::size_t(shape.rows()) + std::size_t(shape.slope_count);
  return net.parameters().subspan(shape.weight_offset, end - shape.weight_offset);
}

bool record_finite(const EpochRecord& r) {
  return std::isfinite(r.train_loss) && std::isfinite(r.test_loss) && std::isfinite(r.train_accuracy) &&
         std::isfinite(r.test_accuracy);
}

ExperimentConfig small_config(DatasetKind kind, std::vector<Activation> activations) {
  ExperimentConfig c;
  c.data.kind = kind;
  c.data.points = 200;
  c.activations = std::move(activations);
  return c;
}

std::string refusal(const ExperimentConfig& config) {
  const Status s = Experiment::validate(config);
  CHECK_FALSE(s.ok);
  return s.message;
}

}  // namespace

TEST_CASE("compared networks start from identical parameters in equal-shape layers", "[experiment]") {
  ExperimentConfig c = small_config(DatasetKind::Spiral, {Activation::Relu, Activation::LeakyRelu, Activation::Tanh,
                                                          Activation::Maxout});
  REQUIRE(Experiment::validate(c).ok);
  Experiment e(c);
  REQUIRE(e.size() == 4);
  // relu, leaky and tanh have the same layout: every parameter equal.
  CHECK(same_bits(e.network(0).parameters(), e.network(1).parameters()));
  CHECK(same_bits(e.network(0).parameters(), e.network(2).parameters()));
  // maxout's hidden layers have k pieces per unit; its output layer has the same shape.
  const int last = int(e.network(0).layers().size()) - 1;
  REQUIRE(e.network(3).layers()[std::size_t(last)].inputs == e.network(0).layers()[std::size_t(last)].inputs);
  CHECK(same_bits(layer_params(e.network(3), last), layer_params(e.network(0), last)));
  // And the networks are wired to the data.
  for (int i = 0; i < e.size(); ++i) {
    CHECK(e.network(i).config().inputs == 2);
    CHECK(e.network(i).config().output == OutputKind::Binary);
    CHECK(e.network(i).config().activations == std::vector<Activation>{c.activations[std::size_t(i)]});
  }
}

TEST_CASE("networks train in lockstep and record one entry per epoch", "[experiment]") {
  Experiment e(small_config(DatasetKind::Moons, {Activation::Relu, Activation::Elu, Activation::Sigmoid}));
  for (int i = 0; i < e.size(); ++i) {
    REQUIRE(e.history(i).size() == 1);
    CHECK(e.history(i)[0].epoch == 0);
    CHECK(e.history(i)[0].total_units == 16);
  }
  e.train(3);
  CHECK(e.epoch() == 3);
  for (int i = 0; i < e.size(); ++i) {
    const NetworkSummary s = e.summary(i);
    CHECK(s.activation == e.config().activations[std::size_t(i)]);
    CHECK(s.epoch == 3);
    CHECK_FALSE(s.diverged);
    CHECK(s.diverged_epoch == -1);
    REQUIRE(e.history(i).size() == 4);
    for (int k = 0; k < 4; ++k) CHECK(e.history(i)[std::size_t(k)].epoch == k);
    CHECK(s.latest.train_loss == e.history(i).back().train_loss);
    CHECK(s.latest.train_loss == e.diagnostics(i).loss);
  }
}

TEST_CASE("a long run's history stays within its limit, thinned from the oldest records", "[experiment]") {
  // One 2-1-1 network on 10 points: about 1.6 x kHistoryLimit epochs in well under a second,
  // enough for two thinnings. Records stay in epoch order, epoch 0 and the newest are kept,
  // the newest records are every epoch, and the record kept for an epoch is the one made then.
  ExperimentConfig c;
  c.data.kind = DatasetKind::Xor;
  c.data.points = 10;
  c.network.hidden = {1};
  c.activations = {Activation::Relu};
  Experiment e(c);
  const std::size_t limit = Experiment::kHistoryLimit;
  e.train(int(limit) - 1);
  REQUIRE(e.history(0).size() == limit);  // epochs 0 .. limit-1, none dropped yet
  const EpochRecord kept = e.history(0)[1000];
  const int total = int(limit) + int(limit) / 2 + 10;
  e.train(total - (int(limit) - 1));
  const std::vector<EpochRecord>& h = e.history(0);
  CHECK(h.size() <= limit);
  CHECK(h.size() > limit / 2);
  CHECK(h.front().epoch == 0);
  CHECK(h.back().epoch == total);
  CHECK(e.summary(0).latest.epoch == total);
  for (std::size_t k = 1; k < h.size(); ++k) CHECK(h[k].epoch > h[k - 1].epoch);
  CHECK(h[h.size() - 2].epoch == total - 1);  // the newest stretch is every epoch
  bool found = false;
  for (const EpochRecord& r : h)
    if (r.epoch == 1000) {
      found = true;
      CHECK(r.train_loss == kept.train_loss);
      CHECK(r.test_accuracy == kept.test_accuracy);
    }
  CHECK(found);  // epoch 1000 survives both halvings (kept: even positions)
}

TEST_CASE("the batch order depends only on the seed and the epoch", "[experiment]") {
  const ExperimentConfig c = small_config(DatasetKind::Circle, {Activation::Relu, Activation::Prelu});
  Experiment once(c), in_steps(c);
  once.train(4);
  for (int k = 0; k < 4; ++k) in_steps.train(1);
  for (int i = 0; i < once.size(); ++i) CHECK(same_bits(once.network(i).parameters(), in_steps.network(i).parameters()));
}

TEST_CASE("invalid experiment settings are refused with the field and its range", "[experiment]") {
  SECTION("batchSize larger than the training set") {
    ExperimentConfig c = small_config(DatasetKind::Xor, {Activation::Relu});
    c.training.batch_size = 101;  // 200 points, half for training
    CHECK(refusal(c) == "batchSize must be a whole number from 1 to 100 (the training-set size) (got 101)");
    c.training.batch_size = 100;
    CHECK(Experiment::validate(c).ok);
  }
  SECTION("activations") {
    ExperimentConfig c = small_config(DatasetKind::Xor, {});
    CHECK_THAT(refusal(c), Contains("activations") && Contains("1 to 16"));
    c.activations.assign(17, Activation::Relu);
    CHECK_THAT(refusal(c), Contains("activations") && Contains("1 to 16"));
    c.activations = {Activation::Relu, static_cast<Activation>(99)};
    CHECK_THAT(refusal(c), Contains("activations[1]") && Contains("relu") && Contains("99"));
  }
  SECTION("data, network and training are each checked") {
    ExperimentConfig c = small_config(DatasetKind::Xor, {Activation::Relu});
    c.data.points = 5;
    CHECK_THAT(refusal(c), Contains("points"));
    c = small_config(DatasetKind::Xor, {Activation::Relu});
    c.network.hidden = {0};
    CHECK_THAT(refusal(c), Contains("width"));
    c = small_config(DatasetKind::Xor, {Activation::Relu});
    c.training.learning_rate = std::numeric_limits<float>::quiet_NaN();
    CHECK_THAT(refusal(c), Contains("learningRate"));
    c = small_config(DatasetKind::Xor, {Activation::Maxout});
    c.network.maxout_k = 1;
    CHECK_THAT(refusal(c), Contains("maxoutK"));
  }
}

TEST_CASE("set_training applies valid changes and refuses invalid ones without effect", "[experiment]") {
  Experiment e(small_config(DatasetKind::Circle, {Activation::Relu}));
  TrainConfig t = e.config().training;
  t.learning_rate = std::numeric_limits<float>::quiet_NaN();
  const Status refused = e.set_training(t);
  CHECK_FALSE(refused.ok);
  CHECK_THAT(refused.message, Contains("learningRate"));
  CHECK(e.config().training.learning_rate == TrainConfig{}.learning_rate);
  t = e.config().training;
  t.batch_size = 1000;
  CHECK_THAT(e.set_training(t).message, Contains("batchSize") && Contains("100"));
  CHECK(e.config().training.batch_size == TrainConfig{}.batch_size);

  t = e.config().training;
  t.optimizer = OptimizerKind::Adam;
  t.learning_rate = 0.005f;
  REQUIRE(e.set_training(t).ok);
  CHECK(e.config().training.optimizer == OptimizerKind::Adam);
  CHECK(e.config().training.learning_rate == 0.005f);
  e.train(2);
  CHECK(e.summary(0).epoch == 2);
}

TEST_CASE("a network that diverges stops and reports it while the others go on", "[experiment]") {
  // Learning rate 10 with plain SGD: the unbounded activations (linear, abs) blow up within a few
  // epochs; sigmoid and tanh are bounded, so their gradients stay finite and they keep training.
  ExperimentConfig c = small_config(DatasetKind::Circle, {Activation::Linear, Activation::Abs, Activation::Sigmoid,
                                                          Activation::Tanh});
  c.training.optimizer = OptimizerKind::Sgd;
  c.training.learning_rate = 10.0f;
  c.training.momentum = 0.0f;
  REQUIRE(Experiment::validate(c).ok);
  Experiment e(c);
  e.train(10);
  int diverged = 0;
  for (int i = 0; i < e.size(); ++i) {
    const NetworkSummary s = e.summary(i);
    CAPTURE(i, s.diverged, s.diverged_epoch, s.epoch);
    for (const EpochRecord& r : e.history(i)) REQUIRE(record_finite(r));
    for (float p : e.network(i).parameters()) REQUIRE_FALSE(std::isnan(p));
    if (s.diverged) {
      ++diverged;
      CHECK(s.diverged_epoch >= 1);
      CHECK(s.diverged_epoch <= 10);
      CHECK(s.epoch == s.diverged_epoch - 1);  // the last record is the epoch before
      CHECK(int(e.history(i).size()) == s.diverged_epoch);
    } else {
      CHECK(s.epoch == 10);
      CHECK(e.history(i).size() == 11);
    }
  }
  CHECK(diverged >= 1);
  CHECK_FALSE(e.summary(2).diverged);  // sigmoid
  CHECK_FALSE(e.summary(3).diverged);  // tanh
}

TEST_CASE("boundary and unit maps cover the grid in image order", "[experiment]") {
  SECTION("binary: probabilities in [0, 1], top-left cell first") {
    Experiment e(small_config(DatasetKind::Circle, {Activation::Relu, Activation::Maxout}));
    e.train(2);
    const int R = 7;
    for (int i = 0; i < e.size(); ++i) {
      std::vector<float> grid(R * R, -1.0f);
      e.boundary(i, R, grid);
      for (float p : grid) {
        REQUIRE(p >= 0.0f);
        REQUIRE(p <= 1.0f);
      }
      // Cell (row 0, column 6) is at x = -6 + 6.5 * 12/7, y = 6 - 0.5 * 12/7.
      const float step = 2.0f * kBox / R;
      const float point[2] = {-kBox + 6.5f * step, kBox - 0.5f * step};
      float direct = 0.0f;
      e.network(i).predict(point, 1, std::span<float>(&direct, 1));
      CHECK(grid[6] == direct);
      std::vector<float> map(R * R, -1.0f);
      e.unit_map(i, 1, 3, R, map);
      float unit = 0.0f;
      e.network(i).unit_output(point, 1, 1, 3, std::span<float>(&unit, 1));
      CHECK(map[6] == unit);
    }
  }
  SECTION("multiclass: one probability row per cell, summing to 1") {
    Experiment e(small_config(DatasetKind::Spiral3, {Activation::Relu}));
    REQUIRE(e.network(0).outputs() == 3);
    const int R = 5;
    std::vector<float> grid(R * R * 3);
    e.boundary(0, R, grid);
    for (int cell = 0; cell < R * R; ++cell) {
      const float sum = grid[std::size_t(3 * cell)] + grid[std::size_t(3 * cell + 1)] + grid[std::size_t(3 * cell + 2)];
      REQUIRE(std::fabs(sum - 1.0f) < 1e-5f);
    }
  }
  SECTION("1-D regression: R values along x") {
    Experiment e(small_config(DatasetKind::KinkX, {Activation::Relu}));
    REQUIRE(e.data().dims == 1);
    const int R = 9;
    std::vector<float> curve(R, std::numeric_limits<float>::quiet_NaN());
    e.boundary(0, R, curve);
    for (float v : curve) REQUIRE(std::isfinite(v));
    std::vector<float> map(R, std::numeric_limits<float>::quiet_NaN());
    e.unit_map(0, 0, 0, R, map);
    for (float v : map) REQUIRE(v >= 0.0f);  // a ReLU unit's output
  }
  SECTION("large grids are evaluated in blocks") {
    Experiment e(small_config(DatasetKind::Circle, {Activation::Relu}));
    const int R = 256;  // 65536 cells: more than one block
    std::vector<float> grid(R * R, -1.0f);
    e.boundary(0, R, grid);
    CHECK(*std::min_element(grid.begin(), grid.end()) >= 0.0f);
    const float step = 2.0f * kBox / R;
    const float point[2] = {-kBox + 255.5f * step, kBox - 255.5f * step};  // the last cell
    float direct = 0.0f;
    e.network(0).predict(point, 1, std::span<float>(&direct, 1));
    CHECK(grid.back() == direct);
  }
}

TEST_CASE("an empty test set reports zero test metrics", "[experiment]") {
  ExperimentConfig c;
  c.data.kind = DatasetKind::Custom;
  c.data.user_points = {{1.0f, 1.0f, 1.0f}};
  c.training.batch_size = 1;
  c.activations = {Activation::Relu};
  REQUIRE(Experiment::validate(c).ok);
  Experiment e(c);
  REQUIRE(e.data().test_count() == 0);  // the page checks this before showing test metrics
  e.train(2);
  CHECK(e.summary(0).latest.test_loss == 0.0f);
  CHECK(e.summary(0).latest.test_accuracy == 0.0f);
  CHECK(e.summary(0).latest.train_accuracy == 1.0f);
}

TEST_CASE("two experiments with the same config train to bit-identical parameters", "[experiment][determinism]") {
  ExperimentConfig c = small_config(DatasetKind::Spiral, {Activation::Relu, Activation::Maxout, Activation::Prelu});
  c.training.optimizer = OptimizerKind::Adam;
  c.training.learning_rate = 0.01f;
  Experiment a(c), b(c);
  a.train(20);
  b.train(20);
  for (int i = 0; i < a.size(); ++i) {
    CHECK(same_bits(a.network(i).parameters(), b.network(i).parameters()));
    CHECK(fnv1a_parameters(a.network(i).parameters()) == fnv1a_parameters(b.network(i).parameters()));
  }
}

TEST_CASE("the default experiment after 50 epochs matches the golden parameter hashes", "[experiment][determinism]") {
  // ExperimentConfig{} as it is: spiral (500 points, noise 0.1, data seed 1), 2 x 8 hidden,
  // He-normal init with weight seed 1, Adam at learning rate 0.03, batch 10, the eight default
  // activations in their default order. Hash: fnv1a_parameters above. The wasm test compares its module's results with
  // these same numbers, so a change here must be made there too (and explained).
  const std::uint32_t golden[] = {
      0x9b790c1eu,  // relu
      0xff613dc6u,  // leaky_relu
      0x868fc880u,  // prelu
      0x838bac00u,  // elu
      0xb706a414u,  // abs
      0x9554e5beu,  // maxout
      0xead931e7u,  // tanh
      0x6228372cu,  // sigmoid
  };
  Experiment e{ExperimentConfig{}};
  REQUIRE(e.size() == 8);
  e.train(50);
  for (int i = 0; i < e.size(); ++i) {
    const std::uint32_t hash = fnv1a_parameters(e.network(i).parameters());
    std::printf("golden %-10s 0x%08xu  (train loss %.4f, test accuracy %.3f%s)\n",
                activation_info(e.config().activations[std::size_t(i)]).key, hash, e.summary(i).latest.train_loss,
                e.summary(i).latest.test_accuracy, e.summary(i).diverged ? ", diverged" : "");
    CAPTURE(i);
    CHECK(hash == golden[i]);
  }
}

// Convergence: fixed seeds, ReLU 2-8-8, Adam (learning rate 0.01, beta1 0.9), batch 10, 500
// points with noise 0.1, half for training. The epoch budgets are generous multiples of what the
// runs need (reported in the commit).
namespace {

float test_accuracy_after(DatasetKind kind, Activation activation, int epochs) {
  ExperimentConfig c;
  c.data.kind = kind;
  c.activations = {activation};
  c.training.optimizer = OptimizerKind::Adam;
  c.training.learning_rate = 0.01f;
  Experiment e(c);
  e.train(epochs);
  REQUIRE_FALSE(e.summary(0).diverged);
  return e.summary(0).latest.test_accuracy;
}

}  // namespace

TEST_CASE("relu 2-8-8 learns circle and xor to 95% and the spiral to 90% test accuracy", "[experiment][.slow]") {
  CHECK(test_accuracy_after(DatasetKind::Circle, Activation::Relu, 100) >= 0.95f);
  CHECK(test_accuracy_after(DatasetKind::Xor, Activation::Relu, 100) >= 0.95f);
  CHECK(test_accuracy_after(DatasetKind::Spiral, Activation::Relu, 500) >= 0.90f);
}

TEST_CASE("every nonlinear activation learns xor to 90% test accuracy", "[experiment][.slow]") {
  for (const ActivationInfo& info : kActivations) {
    CAPTURE(info.key);
    if (info.id == Activation::Linear) {
      // A network of linear layers is a linear classifier: XOR stays near chance. The contrast
      // is the point of the lesson, so it is pinned too.
      CHECK(test_accuracy_after(DatasetKind::Xor, info.id, 100) < 0.7f);
    } else {
      CHECK(test_accuracy_after(DatasetKind::Xor, info.id, 100) >= 0.90f);
    }
  }
}

TEST_CASE("2-D regression: a linear network fits the plane, relu nets fit the six bumps", "[experiment][.slow]") {
  const std::uint32_t seed = GENERATE(1u, 2u, 3u, 4u, 5u);
  CAPTURE(seed);
  // The test loss, before and after training, and the loss of always predicting 0 (mean y^2 / 2:
  // the bumps' mean is about 0, so this is about their variance / 2).
  struct Losses { float before, after, zero; };
  auto train = [seed](DatasetKind kind, Activation activation, std::vector<int> hidden, int epochs) {
    ExperimentConfig c = small_config(kind, {activation});
    c.data.points = 400;
    c.data.seed = seed;
    c.network.seed = seed;
    c.network.hidden = std::move(hidden);
    c.training.optimizer = OptimizerKind::Adam;
    c.training.learning_rate = 0.01f;
    Experiment e(c);
    Losses l{e.summary(0).latest.test_loss, 0.0f, 0.0f};
    e.train(epochs);
    REQUIRE_FALSE(e.summary(0).diverged);
    l.after = e.summary(0).latest.test_loss;
    double sq = 0.0;
    for (float y : e.data().test_y) sq += double(y) * y;
    l.zero = float(sq / double(e.data().test_y.size()) / 2.0);
    return l;
  };
  // The plane's target (x + y) / 10 is linear in the inputs, so a linear network fits it up to the
  // noise (std 0.1 at the default noise: squared error / 2 about 0.005).
  const Losses plane = train(DatasetKind::Plane, Activation::Linear, {4}, 60);
  CHECK(plane.after < 0.008f);
  CHECK(plane.after < plane.zero / 10.0f);
  CHECK(plane.after < plane.before);
  // The bumps need a nonlinearity (no plane fits six alternating cones): a ReLU 16-16 net gets
  // well below predicting 0 (measured after / zero = 0.31 to 0.54 on seeds 1 to 5).
  const Losses bumps = train(DatasetKind::SixGaussians, Activation::Relu, {16, 16}, 400);
  CHECK(bumps.after < 0.7f * bumps.zero);
  CHECK(bumps.after < bumps.before);
}
