// Tests of the optimiser (core/optimizer.cpp) through the network's train_batch: momentum and Adam
// against their formulas, L2 and L1 on W only, and refused steps that change nothing, state included.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "network.hpp"
#include "network_test_helpers.hpp"
#include "rng.hpp"

using namespace relulab;
using namespace relulab::test_support;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;


namespace {
/// A small PReLU network (W, b and slopes) with its data, for the optimiser tests.
struct OptimiserFixture {
  Network net{[] {
    NetworkConfig c = small_config({5}, Activation::Prelu);
    c.seed = 3;
    c.bias_init = 0.1f;
    return c;
  }()};
  Data d = make_data(9, 16, 2, OutputKind::Binary, 2);
};

bool is_weight(const Network& net, std::size_t i) {
  for (const LayerShape& shape : net.layers())
    if (i >= shape.weight_offset && i < shape.bias_offset) return true;
  return false;
}
}  // namespace

// ---------------------------------------------------------------------------------------------
// Diagnostics on hand-built networks


TEST_CASE("SGD with momentum follows v = mu v - lr g, p += v over two steps", "[optimizer]") {
  OptimiserFixture f;
  TrainConfig train;
  train.optimizer = OptimizerKind::Momentum;
  train.learning_rate = 0.1f;
  train.momentum = 0.9f;
  const std::vector<float> p0 = copy_params(f.net);
  f.net.train_batch(f.d.x, f.d.y, f.d.n, train);
  const std::vector<float> g1 = copy_grads(f.net), p1 = copy_params(f.net);
  f.net.train_batch(f.d.x, f.d.y, f.d.n, train);
  const std::vector<float> g2 = copy_grads(f.net), p2 = copy_params(f.net);
  for (std::size_t i = 0; i < p0.size(); ++i) {
    CAPTURE(i);
    const double v1 = -0.1 * g1[i];
    CHECK_THAT(p1[i], WithinAbs(p0[i] + v1, 1e-6));
    const double v2 = 0.9 * v1 - 0.1 * g2[i];
    CHECK_THAT(p2[i], WithinAbs(p1[i] + v2, 1e-6));
  }
  // An empty batch is not a step: the velocity does not move the parameters.
  CHECK(f.net.train_batch(f.d.x, f.d.y, 0, train) == 0.0f);
  CHECK(bit_identical(p2, copy_params(f.net)));
  // reset_optimizer forgets the velocity: the next step is a plain first step, p - lr g.
  f.net.reset_optimizer();
  f.net.train_batch(f.d.x, f.d.y, f.d.n, train);
  const std::vector<float> g3 = copy_grads(f.net), p3 = copy_params(f.net);
  for (std::size_t i = 0; i < p0.size(); ++i) CHECK_THAT(p3[i], WithinAbs(p2[i] - 0.1 * g3[i], 1e-6));
}

TEST_CASE("Adam's first two steps follow the bias-corrected formulas", "[optimizer]") {
  OptimiserFixture f;
  TrainConfig train;
  train.optimizer = OptimizerKind::Adam;
  train.learning_rate = 0.01f;
  train.momentum = 0.8f;  // beta1
  const double b1 = 0.8, b2 = 0.999, eps = 1e-8, lr = 0.01;
  const std::vector<float> p0 = copy_params(f.net);
  f.net.train_batch(f.d.x, f.d.y, f.d.n, train);
  const std::vector<float> g1 = copy_grads(f.net), p1 = copy_params(f.net);
  f.net.train_batch(f.d.x, f.d.y, f.d.n, train);
  const std::vector<float> g2 = copy_grads(f.net), p2 = copy_params(f.net);
  int moved = 0;
  for (std::size_t i = 0; i < p0.size(); ++i) {
    CAPTURE(i, g1[i], g2[i]);
    // Step 1: m_hat = g, v_hat = g^2, so the step is lr * g / (|g| + eps), about lr * sign(g).
    const double step1 = lr * g1[i] / (std::fabs(double(g1[i])) + eps);
    CHECK_THAT(p1[i], WithinAbs(p0[i] - step1, 1e-6));
    const double m1 = (1 - b1) * g1[i], v1 = (1 - b2) * g1[i] * g1[i];
    const double m2 = b1 * m1 + (1 - b1) * g2[i], v2 = b2 * v1 + (1 - b2) * g2[i] * g2[i];
    const double m_hat = m2 / (1 - b1 * b1), v_hat = v2 / (1 - b2 * b2);
    CHECK_THAT(p2[i], WithinAbs(p1[i] - lr * m_hat / (std::sqrt(v_hat) + eps), 1e-6));
    if (std::fabs(p1[i] - p0[i]) > 0.009f) ++moved;
  }
  CHECK(moved > int(p0.size()) / 2);  // Adam's first step moves every parameter with g != 0 by ~lr
}

TEST_CASE("L2 weight decay acts on W only, not on biases nor PReLU slopes", "[optimizer]") {
  OptimiserFixture f;
  const OptimizerKind optimizer = GENERATE(OptimizerKind::Sgd, OptimizerKind::Momentum);
  TrainConfig train;
  train.optimizer = optimizer;
  train.learning_rate = 0.1f;
  train.l2 = 0.5f;
  const std::vector<float> p0 = copy_params(f.net);
  const float data_loss = f.net.loss_and_gradient(f.d.x, f.d.y, f.d.n);
  const std::vector<float> data_grad = copy_grads(f.net);
  const float loss = f.net.train_batch(f.d.x, f.d.y, f.d.n, train);
  const std::vector<float> g = copy_grads(f.net), p1 = copy_params(f.net);
  // The returned loss and gradients() are those of the data loss only (no L2 term).
  CHECK(loss == data_loss);
  CHECK(bit_identical(g, data_grad));
  int weights = 0, others = 0;
  for (std::size_t i = 0; i < p0.size(); ++i) {
    CAPTURE(i);
    const bool weight = is_weight(f.net, i);
    const double decay = weight ? 0.5 * p0[i] : 0.0;
    CHECK_THAT(p1[i], WithinAbs(p0[i] - 0.1 * (g[i] + decay), 1e-6));
    (weight ? weights : others)++;
  }
  CHECK(weights == 2 * 5 + 5);
  CHECK(others == 5 + 5 + 1);  // b1, slopes, b2
}

TEST_CASE("one SGD step with L1 on the 2-3-1 ReLU network matches the hand computation", "[optimizer]") {
  // The network of the hand-worked SGD step in test_network.cpp (relu'(0) = 0), with unit 1's
  // second weight set to exactly 0: its z is 0 on x1 and -1 on x2, so h and every gradient are
  // those worked out there, and that weight's gradient is exactly 0.
  Network net(hand_config(0.0f));
  const std::vector<float> start = {2, 1, 1, 0, 0.5f, 0.5f, 0, -1, -2, 0.5f, -1, 0.25f, 0};
  REQUIRE(net.set_parameters(start).ok);
  const std::vector<float> x = {1, 0, 0, 1};
  const std::vector<float> y = {1, 0};
  TrainConfig train;
  train.optimizer = OptimizerKind::Sgd;
  train.learning_rate = 0.5f;
  train.l1 = 0.1f;
  const float loss = net.train_batch(x, y, 2, train);
  CHECK_THAT(loss, WithinAbs(0.6436693358, 1e-6));  // the data loss: no L1 term
  // p - 0.5 (g + 0.1 sign(w)) on W, p - 0.5 g on b:
  //   W1 row 0: 2 - 0.5 (-0.0672353553 + 0.1) = 1.9836176777, 1 - 0.5 (0.1556148328 + 0.1) = 0.8721925836
  //   W1 row 1: 1 - 0.5 (0 + 0.1) = 0.95; the weight at 0 has g = 0 and sign(0) = 0: it stays 0
  //   W1 row 2 (the dead unit, g = 0): 0.5 - 0.05 = 0.45 twice; L1 shrinks it all the same
  //   b1 = (-0.5 * 0.0883794775, -1, -2), untouched by L1
  //   W2: 0.5 - 0.5 (0.0422882442 + 0.1) = 0.4288558779, -1 - 0.5 (0 - 0.1) = -0.95, 0.25 - 0.05 = 0.2
  //   b2 = -0.5 * 0.1767589549 = -0.0883794775
  const std::vector<double> expected = {1.9836176777, 0.8721925836, 0.95, 0, 0.45, 0.45,
                                        -0.0441897387, -1, -2,
                                        0.4288558779, -0.95, 0.2,
                                        -0.0883794775};
  const auto after = net.parameters();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK_THAT(double(after[i]), WithinAbs(expected[i], 1e-6));
  }
  CHECK(after[3] == 0.0f);  // exactly
}

TEST_CASE("L1 adds l1 sign(w) to W's gradient under every optimiser and leaves biases and PReLU slopes alone",
          "[optimizer]") {
  const OptimizerKind optimizer = GENERATE(OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam);
  CAPTURE(int(optimizer));
  OptimiserFixture f;
  Network plain = f.net;  // the same step without L1
  TrainConfig train;
  train.optimizer = optimizer;
  train.learning_rate = 0.1f;
  train.momentum = 0.8f;
  train.l2 = 0.25f;
  TrainConfig with_l1 = train;
  with_l1.l1 = 0.5f;
  const std::vector<float> p0 = copy_params(f.net);
  const float loss = f.net.train_batch(f.d.x, f.d.y, f.d.n, with_l1);
  CHECK(loss == plain.train_batch(f.d.x, f.d.y, f.d.n, train));
  const std::vector<float> g = copy_grads(f.net), p1 = copy_params(f.net), q1 = copy_params(plain);
  CHECK(bit_identical(g, copy_grads(plain)));  // gradients() stays the data loss's
  int weights = 0;
  for (std::size_t i = 0; i < p0.size(); ++i) {
    CAPTURE(i);
    if (!is_weight(f.net, i)) {
      CHECK(std::memcmp(&p1[i], &q1[i], sizeof(float)) == 0);  // b and slopes: bit for bit
      continue;
    }
    ++weights;
    const double w = p0[i], sign = w > 0 ? 1 : w < 0 ? -1 : 0;
    const double gi = g[i] + 0.25 * w + 0.5 * sign;
    // The first step of each optimiser on the penalised gradient: SGD and momentum p - lr gi;
    // Adam p - lr gi / (|gi| + eps) (m_hat = gi, v_hat = gi^2).
    const double step = optimizer == OptimizerKind::Adam ? 0.1 * gi / (std::fabs(gi) + 1e-8) : 0.1 * gi;
    CHECK_THAT(p1[i], WithinAbs(w - step, 1e-6));
  }
  CHECK(weights == 2 * 5 + 5);
}

TEST_CASE("l1 = 0 takes the step of L2 alone bit for bit even at weights of +0 and -0", "[optimizer]") {
  // The reference is the L2 step written out here in float, in the order of optimizer.hpp's
  // convention: p - lr (g + l2 w) for SGD, and m = mu m - lr (g + l2 w), p + m for momentum.
  const OptimizerKind optimizer = GENERATE(OptimizerKind::Sgd, OptimizerKind::Momentum);
  CAPTURE(int(optimizer));
  OptimiserFixture f;
  std::vector<float> p0 = copy_params(f.net);
  const LayerShape& first = f.net.layers()[0];
  p0[first.weight_offset] = 0.0f;
  p0[first.weight_offset + 1] = -0.0f;
  p0[f.net.layers()[1].weight_offset] = -0.0f;
  REQUIRE(f.net.set_parameters(p0).ok);
  TrainConfig train;
  train.optimizer = optimizer;
  train.learning_rate = 0.1f;
  train.momentum = 0.5f;
  train.l2 = 0.01f;
  train.l1 = 0.0f;
  f.net.train_batch(f.d.x, f.d.y, f.d.n, train);
  const std::vector<float> g = copy_grads(f.net), p1 = copy_params(f.net);
  std::vector<float> expected(p0.size());
  for (std::size_t i = 0; i < p0.size(); ++i) {
    const float gi = is_weight(f.net, i) ? g[i] + train.l2 * p0[i] : g[i];
    const float m = 0.5f * 0.0f - train.learning_rate * gi;
    expected[i] = optimizer == OptimizerKind::Sgd ? p0[i] - train.learning_rate * gi : p0[i] + m;
  }
  CHECK(bit_identical(p1, expected));
}

TEST_CASE("a huge learning rate makes train_batch report a non-finite loss while parameters stay finite",
          "[optimizer]") {
  const OptimizerKind optimizer = GENERATE(OptimizerKind::Sgd, OptimizerKind::Momentum);
  NetworkConfig c = small_config({8}, Activation::Relu, OutputKind::Regression);
  c.inputs = 1;
  c.bias_init = 0.1f;
  Network net(c);
  Data d = make_data(31, 16, 1, OutputKind::Regression, 0);
  for (float& t : d.y) t *= 1000.0f;
  TrainConfig train;
  train.optimizer = optimizer;
  train.learning_rate = 10.0f;
  int diverged_at = -1;
  for (int step = 0; step < 1000 && diverged_at < 0; ++step) {
    const float loss = net.train_batch(d.x, d.y, d.n, train);
    if (!std::isfinite(loss)) diverged_at = step;
    const auto p = net.parameters();
    REQUIRE(std::all_of(p.begin(), p.end(), [](float v) { return std::isfinite(v); }));
  }
  CAPTURE(diverged_at);
  REQUIRE(diverged_at >= 0);
  // Once diverged, further steps change nothing and keep reporting it.
  const std::vector<float> frozen = copy_params(net);
  CHECK_FALSE(std::isfinite(net.train_batch(d.x, d.y, d.n, train)));
  CHECK(bit_identical(frozen, copy_params(net)));
}

TEST_CASE("a step refused for a non-finite result leaves parameters and optimiser state exactly as they were",
          "[optimizer]") {
  // `wild` may also switch optimiser: a refused switch keeps the old optimiser's state and kind.
  const OptimizerKind optimizer = GENERATE(OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam);
  const OptimizerKind refused_kind = GENERATE(OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam);
  CAPTURE(int(optimizer), int(refused_kind));
  Network net(small_config({5, 4}, Activation::Tanh));
  const Data d = make_data(41, 12, 2, OutputKind::Binary, 0);
  TrainConfig train;
  train.optimizer = optimizer;
  train.learning_rate = 0.05f;
  for (int step = 0; step < 3; ++step) REQUIRE(std::isfinite(net.train_batch(d.x, d.y, d.n, train)));
  Network twin = net;  // same parameters and optimiser state
  const std::vector<float> before = copy_params(net);
  // Finite loss and gradients, but the update overflows (SGD/momentum: lr * (g + l2*w); Adam: the
  // square of the decayed gradient).
  TrainConfig wild = train;
  wild.optimizer = refused_kind;
  wild.l2 = 3e38f;
  wild.learning_rate = 3e38f;
  CHECK_FALSE(std::isfinite(net.train_batch(d.x, d.y, d.n, wild)));
  CHECK(bit_identical(before, copy_params(net)));
  // The optimiser state was restored too: the next ordinary step equals the twin's.
  REQUIRE(std::isfinite(net.train_batch(d.x, d.y, d.n, train)));
  REQUIRE(std::isfinite(twin.train_batch(d.x, d.y, d.n, train)));
  CHECK(bit_identical(copy_params(twin), copy_params(net)));
}
