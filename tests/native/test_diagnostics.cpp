// Tests of Network::diagnose (core/diagnostics.cpp) on hand-built networks: dead, inactive,
// saturated units, dead maxout pieces, a born-dead network, zero pre-activations, PReLU slopes,
// loss and accuracy (definitions in docs/ACTIVATIONS.md).
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

TEST_CASE("diagnostics count the pre-activations that are exactly 0", "[diagnostics]") {
  // The hand-set network: unit 1 has z = 0 on the first sample and z = -2 on the second; the
  // other units' z are 2, 1 (unit 0) and -1, -2 (unit 2). Only where z is exactly 0 does the
  // convention for relu'(0) enter the gradient.
  Network net(hand_config(0.0f));
  const std::vector<float> start = {2, 1, 1, -1, 0.5f, 0.5f, 0, -1, -2, 0.5f, -1, 0.25f, 0};
  REQUIRE(net.set_parameters(start).ok);
  const std::vector<float> x = {1, 0, 0, 1};
  CHECK(net.diagnose(x, std::vector<float>{1, 0}, 2).layers[0].zero_pre_activations == 1);
  // An all-zero input with zero biases puts every unit exactly at 0, including -0.0f.
  NetworkConfig c = small_config({4, 3}, Activation::Relu);
  c.bias_init = 0.0f;
  Network zero(c);
  const std::vector<float> origin = {0, 0, -0.0f, 0};
  const NetworkDiagnostics d = zero.diagnose(origin, std::vector<float>{0, 1}, 2);
  CHECK(d.layers[0].zero_pre_activations == 8);
  CHECK(d.layers[1].zero_pre_activations == 6);
  // Ordinary inputs almost never land on 0.
  const std::vector<float> some = {0.3f, -1.7f, 2.1f, 0.4f};
  CHECK(zero.diagnose(some, std::vector<float>{0, 1}, 2).layers[0].zero_pre_activations == 0);
}

TEST_CASE("a ReLU unit with a huge negative bias is reported dead and gets zero gradient", "[diagnostics]") {
  Network net(small_config({3}, Activation::Relu));
  // Units: z0 = x0, z1 = x1, z2 = x0 + x1 - 100 (dead on the box).
  REQUIRE(net.set_parameters(std::vector<float>{1, 0, 0, 1, 1, 1, 0, 0, -100, 1, 1, 1, 0}).ok);
  const Data d = make_data(21, 32, 2, OutputKind::Binary, 2);
  const NetworkDiagnostics diag = net.diagnose(d.x, d.y, d.n);
  REQUIRE(diag.layers.size() == 1);
  const LayerDiagnostics& layer = diag.layers[0];
  CHECK(layer.activation == Activation::Relu);
  CHECK(layer.dead == 1);
  CHECK_FALSE(layer.units[0].dead);
  CHECK_FALSE(layer.units[1].dead);
  CHECK(layer.units[2].dead);
  CHECK(layer.units[2].activity_rate == 0.0f);
  CHECK(diag.dead_units == 1);
  CHECK(diag.inactive_units == 0);
  CHECK(diag.total_units == 3);
  // Activity of units 0 and 1 and the sparsity follow from the data.
  int pos0 = 0, pos1 = 0;
  for (int s = 0; s < d.n; ++s) {
    pos0 += d.x[std::size_t(2 * s)] > 0;
    pos1 += d.x[std::size_t(2 * s + 1)] > 0;
  }
  CHECK_THAT(layer.units[0].activity_rate, WithinAbs(double(pos0) / d.n, 1e-7));
  CHECK_THAT(layer.units[1].activity_rate, WithinAbs(double(pos1) / d.n, 1e-7));
  CHECK_THAT(layer.sparsity, WithinAbs(double(3 * d.n - pos0 - pos1) / (3 * d.n), 1e-7));
  // diagnose left the full-set gradient: the dead unit's weights and bias have exactly zero.
  const auto g = net.gradients();
  CHECK(g[4] == 0.0f);
  CHECK(g[5] == 0.0f);
  CHECK(g[8] == 0.0f);
  CHECK(g[0] != 0.0f);
  // grad_norm is the norm of the layer's dL/dW.
  double sq = 0;
  for (int i = 0; i < 6; ++i) sq += double(g[std::size_t(i)]) * g[std::size_t(i)];
  CHECK_THAT(layer.grad_norm, WithinRel(float(std::sqrt(sq)), 1e-6f));
}

TEST_CASE("a tanh unit pushed far from zero is saturated and the threshold tau decides", "[diagnostics]") {
  Network net(small_config({2}, Activation::Tanh));
  // Unit 0: z = x0 (through 0 on the data), unit 1: z = 0.1 (x0 + x1) + 10 in [9.7, 10.3].
  REQUIRE(net.set_parameters(std::vector<float>{1, 0, 0.1f, 0.1f, 0, 10, 1, 1, 0}).ok);
  const Data d = make_data(22, 32, 2, OutputKind::Binary, 2);
  NetworkDiagnostics diag = net.diagnose(d.x, d.y, d.n, 1e-2f);
  CHECK_FALSE(diag.layers[0].units[0].saturated);
  CHECK(diag.layers[0].units[1].saturated);
  CHECK(diag.layers[0].saturated == 1);
  CHECK(diag.saturated_units == 1);
  CHECK(diag.dead_units == 0);
  // tanh'(z) at |z| ~ 10 is ~8e-9: not below tau = 1e-9 on every sample.
  diag = net.diagnose(d.x, d.y, d.n, 1e-9f);
  CHECK(diag.saturated_units == 0);
  // Sigmoid at z = -4 (derivative 0.0177): saturated for tau = 0.02, not for tau = 0.01.
  Network sig(small_config({1}, Activation::Sigmoid));
  REQUIRE(sig.set_parameters(std::vector<float>{0, 0, -4, 1, 0}).ok);
  CHECK(sig.diagnose(d.x, d.y, d.n, 0.02f).saturated_units == 1);
  CHECK(sig.diagnose(d.x, d.y, d.n, 0.01f).saturated_units == 0);
}

TEST_CASE("a maxout piece that never wins is a dead piece with zero gradient", "[diagnostics]") {
  NetworkConfig c = small_config({2}, Activation::Maxout);
  c.maxout_k = 3;
  Network net(c);
  // Rows (pieces) of W (6 x 2) and b (6): unit 0 = max(x0, -x0, -100), unit 1 = max(x0, -x0, x1).
  const std::vector<float> w = {1, 0, -1, 0, 0, 0, 1, 0, -1, 0, 0, 1};
  const std::vector<float> b = {0, 0, -100, 0, 0, 0};
  std::vector<float> p = w;
  p.insert(p.end(), b.begin(), b.end());
  p.insert(p.end(), {1, -1, 0});  // output
  REQUIRE(net.set_parameters(p).ok);
  // Winners by hand: unit 0 -> pieces 0, 1, 0, 0; unit 1 -> pieces 0, 1, 2, 0.
  const std::vector<float> x = {1, 0.2f, -1, 0.3f, 0.2f, 1, 0.1f, -1};
  const std::vector<float> y = {1, 0, 1, 0};
  const NetworkDiagnostics diag = net.diagnose(x, y, 4);
  const LayerDiagnostics& layer = diag.layers[0];
  CHECK(layer.units[0].piece_wins == std::vector<int>{3, 1, 0});
  CHECK(layer.units[0].dead_pieces == 1);
  CHECK(layer.units[1].piece_wins == std::vector<int>{2, 1, 1});
  CHECK(layer.units[1].dead_pieces == 0);
  CHECK(layer.dead_pieces == 1);
  CHECK(diag.dead_units == 0);
  CHECK(layer.units[0].activity_rate == 1.0f);  // h = |x0| > 0 on all four samples
  CHECK(layer.units[1].activity_rate == 1.0f);
  const auto g = net.gradients();
  CHECK(g[4] == 0.0f);   // W of unit 0, piece 2
  CHECK(g[5] == 0.0f);
  CHECK(g[12 + 2] == 0.0f);  // its bias
  CHECK(g[12 + 0] != 0.0f);
}

TEST_CASE("a network whose first layer is dead everywhere is born dead: constant output", "[diagnostics]") {
  NetworkConfig c = small_config({3, 3}, Activation::Relu);
  c.bias_init = 0.1f;
  Network net(c);
  const Data d = make_data(23, 32, 2, OutputKind::Binary, 2);
  NetworkDiagnostics alive = net.diagnose(d.x, d.y, d.n);
  CHECK_FALSE(alive.constant_output);
  const LayerShape& first = net.layers()[0];
  for (int r = 0; r < first.rows(); ++r) net.parameters()[first.bias_offset + std::size_t(r)] = -100.0f;
  const NetworkDiagnostics dead = net.diagnose(d.x, d.y, d.n);
  CHECK(dead.constant_output);
  CHECK(dead.layers[0].dead == 3);
  CHECK(dead.layers[0].sparsity == 1.0f);
  CHECK(dead.dead_units >= 3);
  CHECK(dead.total_units == 6);
  // Training cannot revive it: the first layer and the weights after it (their inputs are all 0)
  // get exactly zero gradient; only the biases of later layers still learn, a constant.
  const auto g = net.gradients();
  for (std::size_t i = 0; i < net.layers()[1].bias_offset; ++i) CHECK(g[i] == 0.0f);
  // One sample says nothing about constancy.
  CHECK_FALSE(net.diagnose(d.x, d.y, 1).constant_output);
}

TEST_CASE("a leaky unit below zero on every sample is inactive but alive", "[diagnostics]") {
  NetworkConfig c = small_config({2}, Activation::LeakyRelu);
  c.leaky_a = 0.1f;
  Network net(c);
  REQUIRE(net.set_parameters(std::vector<float>{1, 0, 1, 1, 0, -100, 1, 1, 0}).ok);
  const Data d = make_data(24, 32, 2, OutputKind::Binary, 2);
  const NetworkDiagnostics diag = net.diagnose(d.x, d.y, d.n);
  const LayerDiagnostics& layer = diag.layers[0];
  CHECK(layer.units[1].inactive);
  CHECK_FALSE(layer.units[1].dead);
  CHECK(layer.units[1].activity_rate == 0.0f);
  CHECK_FALSE(layer.units[0].inactive);
  CHECK(layer.inactive == 1);
  CHECK(layer.dead == 0);
  CHECK(diag.inactive_units == 1);
  CHECK(diag.dead_units == 0);
  // Alive: its weights still receive gradient a * dL/dh.
  const auto g = net.gradients();
  CHECK(g[2] != 0.0f);
  CHECK(g[3] != 0.0f);
  CHECK(g[5] != 0.0f);
  CHECK(layer.sparsity == 0.0f);  // leaky output is never exactly 0 here
}

TEST_CASE("diagnostics report PReLU slopes, the loss and the accuracy", "[diagnostics]") {
  const bool shared = GENERATE(false, true);
  NetworkConfig c = small_config({3}, Activation::Prelu);
  c.prelu_shared = shared;
  c.prelu_init = 0.3f;
  Network net(c);
  const Data d = make_data(25, 20, 2, OutputKind::Binary, 2);
  const NetworkDiagnostics diag = net.diagnose(d.x, d.y, d.n);
  for (const UnitDiagnostics& unit : diag.layers[0].units) CHECK(unit.slope == 0.3f);
  CHECK(diag.loss == net.loss_and_gradient(d.x, d.y, d.n));
  std::vector<float> p(std::size_t(d.n));
  net.predict(d.x, d.n, p);
  int correct = 0;
  for (int s = 0; s < d.n; ++s) correct += (p[std::size_t(s)] >= 0.5f) == (d.y[std::size_t(s)] == 1.0f);
  CHECK_THAT(diag.accuracy, WithinAbs(double(correct) / d.n, 1e-7));
}

TEST_CASE("multiclass accuracy uses the argmax and regression accuracy is 0", "[diagnostics]") {
  Network net(small_config({}, Activation::Relu, OutputKind::Multiclass));
  // Logits (x0, x1, 0): class 0 if x0 is largest, 1 if x1, 2 if both negative.
  REQUIRE(net.set_parameters(std::vector<float>{1, 0, 0, 1, 0, 0, 0, 0, 0}).ok);
  const std::vector<float> x = {1, 0, 0, 1, -1, -1, 1, 0};
  const std::vector<float> y = {0, 1, 2, 2};
  CHECK(net.diagnose(x, y, 4).accuracy == 0.75f);
  NetworkConfig rc = small_config({2}, Activation::Relu, OutputKind::Regression);
  rc.inputs = 1;
  Network reg(rc);
  CHECK(reg.diagnose(std::vector<float>{0, 1}, std::vector<float>{0, 1}, 2).accuracy == 0.0f);
}
