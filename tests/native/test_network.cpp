// Tests of the MLP (core/network.cpp, network_setup.cpp): a whole-network gradient check for every
// activation and output, one SGD step worked out by hand, determinism, validation messages,
// limits, the blocked predict path, train_epochs and XOR. The optimiser, the losses and the
// diagnostics have their own files (test_optimizer, test_loss, test_diagnostics).
// Not convergence on the lab's datasets: tests/native/test_experiment.cpp does that.
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
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

using namespace relulab::test_support;

// ---------------------------------------------------------------------------------------------
// Gradient check

namespace {
struct GradCase {
  Activation act;
  int maxout_k;
  bool prelu_shared;
  bool hidden_layers;  // false: no hidden layer (logistic / softmax / linear regression)
};
}  // namespace

TEST_CASE("every parameter's analytic gradient matches central differences, for every activation and output",
          "[network]") {
  // Each activation once; PReLU with per-unit and shared slopes; maxout with k = 2 and 3.
  // Plus the network without hidden layers.
  std::vector<GradCase> cases = {{Activation::Relu, 2, false, false}};
  for (const ActivationInfo& info : kActivations) {
    if (info.id == Activation::Maxout) {
      cases.push_back({info.id, 2, false, true});
      cases.push_back({info.id, 3, false, true});
    } else if (info.id == Activation::Prelu) {
      cases.push_back({info.id, 2, false, true});
      cases.push_back({info.id, 2, true, true});
    } else {
      cases.push_back({info.id, 2, false, true});
    }
  }
  const GradCase gc = GENERATE_COPY(from_range(cases));
  const OutputKind output = GENERATE(OutputKind::Binary, OutputKind::Multiclass, OutputKind::Regression);
  CAPTURE(activation_info(gc.act).key, gc.maxout_k, gc.prelu_shared, gc.hidden_layers, output_name(output));

  NetworkConfig c;
  c.inputs = output == OutputKind::Regression ? 1 : 2;  // regression is the lab's 1-D case
  c.hidden = gc.hidden_layers ? std::vector<int>{4, 3} : std::vector<int>{};
  c.activations = {gc.act};
  c.maxout_k = gc.maxout_k;
  c.prelu_shared = gc.prelu_shared;
  c.output = output;
  c.classes = 3;
  c.bias_init = 0.1f;
  c.leaky_a = 0.2f;     // non-default parameters, so that the network really passes them on
  c.elu_alpha = 1.5f;   // (ELU with alpha != 1 has a kink in its derivative at 0: handled below)
  c.seed = 11;
  REQUIRE(Network::validate(c).ok);
  Network net(c);
  // PReLU: give every unit its own slope so per-unit slope gradients are really per unit.
  for (const LayerShape& shape : net.layers())
    for (int i = 0; i < shape.slope_count; ++i)
      net.parameters()[shape.slope_offset + std::size_t(i)] = 0.1f + 0.15f * float(i);

  const Data d = make_data(5, 8, c.inputs, output, c.classes);
  net.loss_and_gradient(d.x, d.y, d.n);
  const std::vector<float> analytic = copy_grads(net);
  const std::vector<int> base_pattern = kink_pattern(net, d);

  // Step and tolerance. The loss is a float32 function: one evaluation carries a rounding error
  // of a few ulp of a loss ~1, delta ~ 3e-7 (mean of float per-sample losses, each a handful of
  // float ops). A central difference with step h has rounding error ~ delta / h and truncation
  // error ~ h^2 |L'''| / 6; h = 1e-2 balances the two near 1e-5 for the activations here (the
  // worst difference measured over all cases was ~5e-5), hence a tolerance of 2e-4 absolute plus
  // 1% relative, while a wrong gradient term is off by O(1e-2) or more at these sizes (largest
  // gradients are 0.03 .. 18). The quotient is taken in double from the float parameters actually
  // set (p+h and p-h rounded to float), so the step itself adds no error.
  const float h = 1e-2f;
  int checked = 0, skipped = 0;
  float largest = 0.0f;
  for (std::size_t i = 0; i < analytic.size(); ++i) {
    const float original = net.parameters()[i];
    const float plus = original + h, minus = original - h;
    net.parameters()[i] = plus;
    const float loss_plus = net.loss_and_gradient(d.x, d.y, d.n);
    const bool same_plus = kink_pattern(net, d) == base_pattern;
    net.parameters()[i] = minus;
    const float loss_minus = net.loss_and_gradient(d.x, d.y, d.n);
    const bool same_minus = kink_pattern(net, d) == base_pattern;
    net.parameters()[i] = original;
    // Straddling a kink (or a change of maxout winner) makes the difference quotient meaningless:
    // skip this parameter and count it. Most are kept (checked below).
    if (!same_plus || !same_minus) {
      ++skipped;
      continue;
    }
    const double numeric = (double(loss_plus) - double(loss_minus)) / (double(plus) - double(minus));
    CAPTURE(i, analytic[i], numeric);
    CHECK_THAT(double(analytic[i]), WithinAbs(numeric, 2e-4 + 1e-2 * std::fabs(numeric)));
    largest = std::max(largest, std::fabs(analytic[i]));
    ++checked;
  }
  CAPTURE(checked, skipped);
  // Guards: the comparison covered most parameters and the gradient is not trivially zero.
  CHECK(checked >= int(0.8 * double(analytic.size())));
  CHECK(largest > 1e-2f);
}

// ---------------------------------------------------------------------------------------------
// One SGD step by hand

TEST_CASE("one SGD step of a 2-3-1 ReLU network matches the hand computation", "[network]") {
  const float relu_grad_at_zero = GENERATE(0.0f, 1.0f);
  CAPTURE(relu_grad_at_zero);
  Network net(hand_config(relu_grad_at_zero));
  // Layout: W1 (3x2) row-major, b1 (3), W2 (1x3), b2 (1).
  //   unit 0: w = (2, 1),     b = 0   -> z = 2 on x1, 1 on x2: active on both samples
  //   unit 1: w = (1, -1),    b = -1  -> z = 0 on x1 (exactly at the kink), -2 on x2
  //   unit 2: w = (0.5, 0.5), b = -2  -> z = -1.5 on both: dead on every sample
  //   output: v = (0.5, -1, 0.25), c = 0
  const std::vector<float> start = {2, 1, 1, -1, 0.5f, 0.5f, 0, -1, -2, 0.5f, -1, 0.25f, 0};
  REQUIRE(net.set_parameters(start).ok);
  const std::vector<float> x = {1, 0, 0, 1};  // x1 = (1, 0), x2 = (0, 1)
  const std::vector<float> y = {1, 0};

  // Forward. h = relu(z): sample 1 (2, 0, 0), sample 2 (1, 0, 0).
  // Logits: 0.5*2 = 1 and 0.5*1 = 0.5; p = sigmoid: 0.7310585786, 0.6224593312.
  // Loss = (-ln 0.7310585786 - ln(1 - 0.6224593312)) / 2 = (0.3132616875 + 0.9740769842) / 2
  //      = 0.6436693358.
  // dL/dlogit = (p - y) / 2: d1 = -0.1344707107, d2 = 0.3112296656.
  // Output layer: dv0 = 2 d1 + 1 d2 = 0.0422882442; dv1 = dv2 = 0 (h = 0 on both);
  //               dc = d1 + d2 = 0.1767589549.
  // Unit 0 (relu' = 1 on both): dz = 0.5 d = (-0.0672353553, 0.1556148328);
  //   dW = dz1 * (1, 0) + dz2 * (0, 1) = (-0.0672353553, 0.1556148328); db = 0.0883794775.
  // Unit 1: dh = -1 * d = (0.1344707107, -0.3112296656); dz = dh * relu'(z) with relu'(0) = g0
  //   on sample 1 and relu'(-2) = 0 on sample 2: dz = (0.1344707107 g0, 0);
  //   dW = (0.1344707107 g0, 0), db = 0.1344707107 g0.
  // Unit 2 (dead): dz = 0 on both samples: dW = (0, 0), db = 0, exactly.
  const float g0 = relu_grad_at_zero;
  const std::vector<double> expected_grad = {
      -0.0672353553, 0.1556148328, 0.1344707107 * g0, 0, 0, 0,  // W1
      0.0883794775,  0.1344707107 * g0, 0,                      // b1
      0.0422882442,  0, 0,                                      // W2
      0.1767589549};                                            // b2
  TrainConfig train;
  train.optimizer = OptimizerKind::Sgd;
  train.learning_rate = 0.5f;
  train.l2 = 0.0f;
  const float loss = net.train_batch(x, y, 2, train);
  CHECK_THAT(loss, WithinAbs(0.6436693358, 1e-6));
  const auto grads = net.gradients();
  for (std::size_t i = 0; i < expected_grad.size(); ++i) {
    CAPTURE(i);
    CHECK_THAT(double(grads[i]), WithinAbs(expected_grad[i], 1e-6));
  }
  // The dead unit's incoming weights and bias get exactly zero, whatever relu'(0) is.
  CHECK(grads[4] == 0.0f);
  CHECK(grads[5] == 0.0f);
  CHECK(grads[8] == 0.0f);
  // The unit at z = 0: exactly zero under relu'(0) = 0, non-zero under relu'(0) = 1.
  if (relu_grad_at_zero == 0.0f) {
    CHECK(grads[2] == 0.0f);
    CHECK(grads[7] == 0.0f);
  } else {
    CHECK(grads[2] != 0.0f);
    CHECK(grads[7] != 0.0f);
  }
  // After the step, p - 0.5 g: W1 row 0 = (2 + 0.0336176777, 1 - 0.0778074164) =
  // (2.0336176777, 0.9221925836), b1[0] = -0.0441897387, W1 row 1 = (1 - 0.0672353553 g0, -1),
  // b1[1] = -1 - 0.0672353553 g0, unit 2 unchanged, v0 = 0.5 - 0.0211441221 = 0.4788558779,
  // v1 = -1, v2 = 0.25, c = -0.0883794775.
  const std::vector<double> expected_after = {
      2.0336176777, 0.9221925836, 1 - 0.0672353553 * g0, -1, 0.5, 0.5,
      -0.0441897387, -1 - 0.0672353553 * g0, -2,
      0.4788558779, -1, 0.25,
      -0.0883794775};
  const auto after = net.parameters();
  for (std::size_t i = 0; i < expected_after.size(); ++i) {
    CAPTURE(i);
    CHECK_THAT(double(after[i]), WithinAbs(expected_after[i], 1e-6));
  }
}

TEST_CASE("unit outputs and predictions of the hand-set network are the hand values", "[network]") {
  Network net(hand_config(0.0f));
  const std::vector<float> start = {2, 1, 1, -1, 0.5f, 0.5f, 0, -1, -2, 0.5f, -1, 0.25f, 0};
  REQUIRE(net.set_parameters(start).ok);
  const std::vector<float> x = {1, 0, 0, 1};
  std::vector<float> out(2);
  net.unit_output(x, 2, 0, 0, out);
  CHECK(out == std::vector<float>{2, 1});
  net.unit_output(x, 2, 0, 1, out);
  CHECK(out == std::vector<float>{0, 0});
  net.predict(x, 2, out);
  CHECK_THAT(out[0], WithinAbs(0.7310585786, 1e-7));
  CHECK_THAT(out[1], WithinAbs(0.6224593312, 1e-7));
  // Unit 1 sits at z = 0 on one sample and z = -2 on the other: z <= 0 everywhere, so it counts
  // as dead (the definition is z <= 0, and z = 0 is not activity), like unit 2.
  const NetworkDiagnostics diag = net.diagnose(x, std::vector<float>{1, 0}, 2);
  CHECK(diag.layers[0].units[0].activity_rate == 1.0f);
  CHECK(diag.layers[0].units[1].activity_rate == 0.0f);
  CHECK(diag.layers[0].units[1].dead);
  CHECK(diag.layers[0].units[2].dead);
  CHECK(diag.dead_units == 2);
  CHECK(diag.layers[0].sparsity == 4.0f / 6.0f);
  CHECK(diag.accuracy == 0.5f);  // p = 0.73 -> 1 (right), p = 0.62 -> 1 (wrong)
  // Asking for a unit that does not exist gives NaN, not a plausible-looking map.
  net.unit_output(x, 2, 1, 0, out);
  CHECK(std::isnan(out[0]));
  net.unit_output(x, 2, 0, 3, out);
  CHECK(std::isnan(out[1]));
}

TEST_CASE("trace keeps every hidden unit's z and h of one forward pass: the hand values", "[network]") {
  Network net(hand_config(0.0f));
  const std::vector<float> start = {2, 1, 1, -1, 0.5f, 0.5f, 0, -1, -2, 0.5f, -1, 0.25f, 0};
  REQUIRE(net.set_parameters(start).ok);
  const std::vector<float> x = {1, 0, 0, 1};
  net.trace(x, 2);
  REQUIRE(net.traced_batch() == 2);
  // z = W x + b with W rows (2, 1), (1, -1), (0.5, 0.5) and b (0, -1, -2): sample-major.
  const std::vector<float> z(net.traced_pre(0).begin(), net.traced_pre(0).end());
  CHECK(z == std::vector<float>{2, 0, -1.5f, 1, -2, -1.5f});
  const std::vector<float> h(net.traced_output(0).begin(), net.traced_output(0).end());
  CHECK(h == std::vector<float>{2, 0, 0, 1, 0, 0});
  CHECK(net.traced_winners(0).empty());  // not maxout
  CHECK(net.traced_pre(1).empty());      // the output layer is not a hidden layer
  CHECK(net.traced_output(-1).empty());
  // Maxout: the winners of one pass, k = 2, one unit whose pieces are z = x0 and z = x1.
  NetworkConfig c = small_config({1}, Activation::Maxout);
  c.maxout_k = 2;
  Network maxout(c);
  REQUIRE(maxout.set_parameters(std::vector<float>{1, 0, 0, 1, 0, 0, 1, 0}).ok);
  maxout.trace(std::vector<float>{3, 1, -1, 2}, 2);
  const std::vector<int> won(maxout.traced_winners(0).begin(), maxout.traced_winners(0).end());
  CHECK(won == std::vector<int>{0, 1});
  const std::vector<float> mh(maxout.traced_output(0).begin(), maxout.traced_output(0).end());
  CHECK(mh == std::vector<float>{3, 2});
}

TEST_CASE("the network passes leakyA and eluAlpha to its units and uses per-unit PReLU slopes", "[network]") {
  // One hidden unit with z = x0 (W = (1, 0), b = 0), probed at x0 = -1 and 2.
  const std::vector<float> x = {-1, 0, 2, 0};
  std::vector<float> h(2);
  NetworkConfig c = small_config({1}, Activation::LeakyRelu);
  c.leaky_a = 0.2f;
  Network leaky(c);
  REQUIRE(leaky.set_parameters(std::vector<float>{1, 0, 0, 1, 0}).ok);
  leaky.unit_output(x, 2, 0, 0, h);
  CHECK(h == std::vector<float>{-0.2f, 2});
  c.activations = {Activation::Elu};
  c.elu_alpha = 1.5f;
  Network elu(c);
  REQUIRE(elu.set_parameters(std::vector<float>{1, 0, 0, 1, 0}).ok);
  elu.unit_output(x, 2, 0, 0, h);
  CHECK_THAT(h[0], WithinAbs(1.5 * (std::exp(-1.0) - 1.0), 1e-6));
  CHECK(h[1] == 2.0f);
  // PReLU, two units with slopes 0.5 and -0.25 (layout: W (2x2), b (2), slopes (2), output).
  c = small_config({2}, Activation::Prelu);
  Network prelu(c);
  REQUIRE(prelu.set_parameters(std::vector<float>{1, 0, 1, 0, 0, 0, 0.5f, -0.25f, 1, 1, 0}).ok);
  prelu.unit_output(x, 2, 0, 0, h);
  CHECK(h == std::vector<float>{-0.5f, 2});
  prelu.unit_output(x, 2, 0, 1, h);
  CHECK(h == std::vector<float>{0.25f, 2});
}

TEST_CASE("a network without hidden layers is logistic, softmax or linear regression", "[network]") {
  SECTION("binary: sigmoid(w.x + b)") {
    Network net(small_config({}, Activation::Relu));
    REQUIRE(net.parameters().size() == 3);
    REQUIRE(net.set_parameters(std::vector<float>{0.5f, -2.0f, 0.25f}).ok);
    const std::vector<float> x = {1, 1};
    std::vector<float> out(1);
    net.predict(x, 1, out);
    CHECK_THAT(out[0], WithinAbs(1.0 / (1.0 + std::exp(1.25)), 1e-7));
  }
  SECTION("multiclass: softmax, probabilities sum to one, loss is -log p of the label") {
    Network net(small_config({}, Activation::Relu, OutputKind::Multiclass));
    REQUIRE(net.parameters().size() == 9);
    REQUIRE(net.set_parameters(std::vector<float>{1, 0, 0, 1, 0, 0, 0, 0, 0}).ok);
    const std::vector<float> x = {1, 2};
    std::vector<float> out(3);
    net.predict(x, 1, out);
    const double sum = std::exp(1.0) + std::exp(2.0) + 1.0;
    CHECK_THAT(out[0], WithinAbs(std::exp(1.0) / sum, 1e-7));
    CHECK_THAT(out[1], WithinAbs(std::exp(2.0) / sum, 1e-7));
    CHECK_THAT(out[2], WithinAbs(1.0 / sum, 1e-7));
    const std::vector<float> y = {2};
    CHECK_THAT(net.loss_and_gradient(x, y, 1), WithinAbs(std::log(sum), 1e-6));
  }
  SECTION("regression: linear output and loss (pred - y)^2 / 2") {
    NetworkConfig c = small_config({}, Activation::Relu, OutputKind::Regression);
    c.inputs = 1;
    Network net(c);
    REQUIRE(net.set_parameters(std::vector<float>{3, 1}).ok);
    const std::vector<float> x = {2, -1};
    const std::vector<float> y = {5, 0};
    std::vector<float> out(2);
    net.predict(x, 2, out);
    CHECK(out == std::vector<float>{7, -2});
    // ((7-5)^2/2 + (-2-0)^2/2) / 2 = 2; dL/dw = (2*2 + (-2)*(-1)) / 2 = 3, dL/db = (2 - 2) / 2 = 0.
    CHECK(net.loss_and_gradient(x, y, 2) == 2.0f);
    CHECK(net.gradients()[0] == 3.0f);
    CHECK(net.gradients()[1] == 0.0f);
  }
}

// ---------------------------------------------------------------------------------------------
// Determinism and initialisation

namespace {
/// 100 epochs of minibatch SGD (batch 8, fixed order) on 64 points labelled by XOR of signs.
std::vector<float> train_100_epochs(const NetworkConfig& c) {
  Rng rng(77);
  Data d;
  d.n = 64;
  for (int s = 0; s < d.n; ++s) {
    const float a = rng.uniform(-1, 1), b = rng.uniform(-1, 1);
    d.x.insert(d.x.end(), {a, b});
    d.y.push_back((a > 0) != (b > 0) ? 1.0f : 0.0f);
  }
  Network net(c);
  TrainConfig train;
  train.learning_rate = 0.1f;
  for (int epoch = 0; epoch < 100; ++epoch)
    for (int start = 0; start < d.n; start += 8)
      net.train_batch(std::span<const float>(d.x).subspan(std::size_t(start * 2)),
                      std::span<const float>(d.y).subspan(std::size_t(start)), 8, train);
  return copy_params(net);
}
}  // namespace

TEST_CASE("the same seed gives bit-identical parameters after 100 epochs and another seed differs",
          "[network]") {
  const Activation act = GENERATE(Activation::Relu, Activation::Tanh, Activation::Gelu, Activation::Prelu,
                                  Activation::Maxout);
  CAPTURE(activation_info(act).key);
  NetworkConfig c = small_config({8, 8}, act);
  c.seed = 1234;
  const std::vector<float> first = train_100_epochs(c);
  const std::vector<float> second = train_100_epochs(c);
  CHECK(bit_identical(first, second));
  CHECK(std::all_of(first.begin(), first.end(), [](float v) { return std::isfinite(v); }));
  c.seed = 1235;
  CHECK_FALSE(bit_identical(first, train_100_epochs(c)));
  CHECK_FALSE(bit_identical(copy_params(Network(c)), first));
}

TEST_CASE("initial weights depend on the seed and on layer shapes, not on activations", "[network]") {
  const InitScheme init = GENERATE(InitScheme::HeNormal, InitScheme::HeUniform, InitScheme::Glorot,
                                   InitScheme::LeCun, InitScheme::Playground);
  CAPTURE(kInitSchemes[int(init)].key);
  NetworkConfig relu = small_config({6, 5}, Activation::Relu);
  relu.init = init;
  relu.seed = 99;
  NetworkConfig tanh = relu;
  tanh.activations = {Activation::Tanh};
  CHECK(bit_identical(copy_params(Network(relu)), copy_params(Network(tanh))));
  CHECK_FALSE(bit_identical(copy_params(Network(relu)), [&] {
    NetworkConfig other = relu;
    other.seed = 100;
    return copy_params(Network(other));
  }()));

  // Maxout in the first layer has k times the rows; the layers after it are still equal.
  NetworkConfig maxout = relu;
  maxout.activations = {Activation::Maxout, Activation::Relu};
  Network a(relu), b(maxout);
  CHECK(b.layers()[0].rows() == 2 * a.layers()[0].rows());
  CHECK(bit_identical(weights_and_biases(a, 1), weights_and_biases(b, 1)));
  CHECK(bit_identical(weights_and_biases(a, 2), weights_and_biases(b, 2)));
  // All-maxout: the output layer is still equal.
  maxout.activations = {Activation::Maxout};
  CHECK(bit_identical(weights_and_biases(a, 2), weights_and_biases(Network(maxout), 2)));
  // PReLU adds slopes to the layout; W and b of every layer are unchanged.
  NetworkConfig prelu = relu;
  prelu.activations = {Activation::Prelu};
  Network p(prelu);
  for (int l = 0; l < 3; ++l) CHECK(bit_identical(weights_and_biases(a, l), weights_and_biases(p, l)));
}

TEST_CASE("initial weights follow the chosen scheme's scale and biases and slopes their settings", "[network]") {
  // One wide layer: 2 -> 64 units (fan_in 2, fan_out 64), 128 weights per scheme.
  auto layer0 = [](InitScheme init) {
    NetworkConfig c = small_config({64}, Activation::Prelu);
    c.init = init;
    c.bias_init = 0.1f;
    c.prelu_init = -0.5f;
    return Network(c);
  };
  auto check_uniform = [&](InitScheme init, float limit) {
    Network net = layer0(init);
    const LayerShape& s = net.layers()[0];
    float largest = 0;
    for (std::size_t i = s.weight_offset; i < s.bias_offset; ++i) {
      CHECK(std::fabs(net.parameters()[i]) <= limit);
      largest = std::max(largest, std::fabs(net.parameters()[i]));
    }
    CHECK(largest > 0.8f * limit);
  };
  auto std_of = [&](InitScheme init) {
    Network net = layer0(init);
    const LayerShape& s = net.layers()[0];
    double sq = 0;
    for (std::size_t i = s.weight_offset; i < s.bias_offset; ++i) sq += double(net.parameters()[i]) * net.parameters()[i];
    return std::sqrt(sq / double(s.bias_offset - s.weight_offset));
  };
  check_uniform(InitScheme::HeUniform, std::sqrt(6.0f / 2));
  check_uniform(InitScheme::Glorot, std::sqrt(6.0f / 66));
  check_uniform(InitScheme::Playground, 0.5f);
  // 128 normal draws: the sample std is within ~20% of the target with overwhelming odds.
  CHECK_THAT(std_of(InitScheme::HeNormal), WithinRel(1.0, 0.2));         // sqrt(2/2)
  CHECK_THAT(std_of(InitScheme::LeCun), WithinRel(std::sqrt(0.5), 0.2));  // sqrt(1/2)
  Network net = layer0(InitScheme::HeNormal);
  const LayerShape& hidden = net.layers()[0];
  const LayerShape& out = net.layers()[1];
  for (int r = 0; r < hidden.rows(); ++r) CHECK(net.parameters()[hidden.bias_offset + std::size_t(r)] == 0.1f);
  for (int i = 0; i < hidden.slope_count; ++i) CHECK(net.parameters()[hidden.slope_offset + std::size_t(i)] == -0.5f);
  CHECK(hidden.slope_count == 64);
  CHECK(net.parameters()[out.bias_offset] == 0.0f);  // the output bias starts at 0 (network.cpp)
}

TEST_CASE("the parameter layout is W, b, slopes layer by layer", "[network]") {
  NetworkConfig c = small_config({4, 3}, Activation::Maxout, OutputKind::Multiclass);
  c.maxout_k = 3;
  c.activations = {Activation::Maxout, Activation::Prelu};
  c.prelu_shared = true;
  Network net(c);
  const auto& L = net.layers();
  REQUIRE(L.size() == 3);
  CHECK(L[0].rows() == 12);
  CHECK(L[0].weight_offset == 0);
  CHECK(L[0].bias_offset == 24);
  CHECK(L[0].slope_count == 0);
  CHECK(L[1].inputs == 4);
  CHECK(L[1].weight_offset == 36);
  CHECK(L[1].bias_offset == 48);
  CHECK(L[1].slope_offset == 51);
  CHECK(L[1].slope_count == 1);
  CHECK(L[2].weight_offset == 52);
  CHECK(L[2].units == 3);
  CHECK(L[2].activation == Activation::Linear);
  CHECK(net.outputs() == 3);
  CHECK(net.parameters().size() == 52 + 9 + 3);
  CHECK(net.gradients().size() == net.parameters().size());
}

TEST_CASE("set_parameters refuses a wrong length or a non-finite value and keeps the old values",
          "[network]") {
  Network net(hand_config(0.0f));
  const std::vector<float> before = copy_params(net);
  Status s = net.set_parameters(std::vector<float>(12, 0.0f));
  CHECK_FALSE(s.ok);
  CHECK_THAT(s.message, Contains("13"));
  std::vector<float> bad(13, 0.0f);
  bad[7] = std::numeric_limits<float>::quiet_NaN();
  s = net.set_parameters(bad);
  CHECK_FALSE(s.ok);
  CHECK_THAT(s.message, Contains("values[7]"));
  CHECK(bit_identical(before, copy_params(net)));
}

// ---------------------------------------------------------------------------------------------
// Validation

TEST_CASE("valid network and training configs pass validation", "[network]") {
  CHECK(Network::validate(NetworkConfig{}).ok);
  NetworkConfig c;
  c.hidden = {};
  CHECK(Network::validate(c).ok);
  c.activations = {};
  CHECK(Network::validate(c).ok);  // no hidden layers: no activation needed
  c.hidden = {1, 64, 8, 8, 8, 8, 8, 8};
  c.activations = {Activation::Relu};
  CHECK(Network::validate(c).ok);
  c.hidden = {3, 4};
  c.activations = {Activation::Maxout, Activation::Prelu};
  c.maxout_k = 8;
  c.output = OutputKind::Multiclass;
  c.classes = 8;
  c.inputs = 1;
  c.relu_grad_at_zero = 0.5f;
  CHECK(Network::validate(c).ok);
  CHECK(validate(TrainConfig{}).ok);
  TrainConfig t;
  t.optimizer = OptimizerKind::Adam;
  t.learning_rate = 10;
  t.momentum = 0;
  CHECK(validate(t).ok);
}

TEST_CASE("each bad network field is refused with a message naming it", "[network]") {
  struct Bad {
    const char* name;
    void (*mutate)(NetworkConfig&);
    const char* message;
  };
  const Bad bad = GENERATE(values<Bad>({
      {"inputs 8", [](NetworkConfig& c) { c.inputs = 8; }, "inputs must be a whole number from 1 to 7 (got 8)"},
      {"inputs 0", [](NetworkConfig& c) { c.inputs = 0; }, "inputs must be a whole number from 1 to 7 (got 0)"},
      {"nine layers", [](NetworkConfig& c) { c.hidden.assign(9, 4); }, "hidden must have from 0 to 8 entries"},
      {"zero width", [](NetworkConfig& c) { c.hidden = {8, 0}; }, "hidden[1]: width"},
      {"negative width", [](NetworkConfig& c) { c.hidden = {-3}; }, "hidden[0]: width"},
      {"width 65", [](NetworkConfig& c) { c.hidden = {4, 4, 65}; }, "hidden[2]: width"},
      {"activation size", [](NetworkConfig& c) { c.activations = {Activation::Relu, Activation::Tanh, Activation::Elu}; },
       "activations must have 1 entry or one per hidden layer (2)"},
      {"no activation", [](NetworkConfig& c) { c.activations = {}; }, "activations must have 1 entry"},
      {"unknown activation", [](NetworkConfig& c) { c.activations = {Activation::Relu, static_cast<Activation>(42)}; },
       "activations[1] is not a known activation"},
      {"negative activation", [](NetworkConfig& c) { c.activations = {static_cast<Activation>(-1)}; },
       "activations[0] is not a known activation"},
      {"maxout k 1", [](NetworkConfig& c) { c.maxout_k = 1; }, "maxoutK"},
      {"maxout k 9", [](NetworkConfig& c) { c.maxout_k = 9; }, "maxoutK"},
      {"output", [](NetworkConfig& c) { c.output = static_cast<OutputKind>(5); }, "output is not a known output kind"},
      {"classes", [](NetworkConfig& c) { c.output = OutputKind::Multiclass; c.classes = 9; }, "classes"},
      {"one class", [](NetworkConfig& c) { c.output = OutputKind::Multiclass; c.classes = 1; }, "classes"},
      {"init", [](NetworkConfig& c) { c.init = static_cast<InitScheme>(17); }, "init is not a known initialiser"},
      {"bias", [](NetworkConfig& c) { c.bias_init = 3; }, "biasInit"},
      {"bias nan", [](NetworkConfig& c) { c.bias_init = std::nanf(""); }, "biasInit"},
      {"prelu", [](NetworkConfig& c) { c.prelu_init = 1.5f; }, "preluInit"},
      {"leaky", [](NetworkConfig& c) { c.leaky_a = -0.1f; }, "leakyA"},
      {"elu", [](NetworkConfig& c) { c.elu_alpha = 0; }, "eluAlpha"},
      {"relu grad", [](NetworkConfig& c) { c.relu_grad_at_zero = 0.3f; }, "reluGradAtZero"},
      {"relu grad 2", [](NetworkConfig& c) { c.relu_grad_at_zero = 2; }, "reluGradAtZero"},
  }));
  CAPTURE(bad.name);
  NetworkConfig c;
  bad.mutate(c);
  const Status s = Network::validate(c);
  CHECK_FALSE(s.ok);
  CHECK_THAT(s.message, Contains(bad.message));
}

TEST_CASE("each bad training field is refused with a message naming it", "[network]") {
  struct Bad {
    const char* name;
    void (*mutate)(TrainConfig&);
    const char* message;
  };
  const Bad bad = GENERATE(values<Bad>({
      {"optimizer", [](TrainConfig& t) { t.optimizer = static_cast<OptimizerKind>(3); }, "optimizer is not a known"},
      {"nan rate", [](TrainConfig& t) { t.learning_rate = std::nanf(""); }, "learningRate"},
      {"zero rate", [](TrainConfig& t) { t.learning_rate = 0; }, "learningRate"},
      {"huge rate", [](TrainConfig& t) { t.learning_rate = 11; }, "learningRate"},
      {"batch 0", [](TrainConfig& t) { t.batch_size = 0; }, "batchSize"},
      {"l2", [](TrainConfig& t) { t.l2 = -0.5f; }, "l2"},
      {"l1 negative", [](TrainConfig& t) { t.l1 = -0.5f; }, "l1 must be a number from 0 to 1 (got -0.5)"},
      {"l1 nan", [](TrainConfig& t) { t.l1 = std::nanf(""); }, "l1 must be a number from 0 to 1 (got nan)"},
      {"l1 above 1", [](TrainConfig& t) { t.l1 = 1.5f; }, "l1 must be a number from 0 to 1 (got 1.5)"},
      {"momentum 1", [](TrainConfig& t) { t.momentum = 1; }, "momentum"},
  }));
  CAPTURE(bad.name);
  TrainConfig t;
  bad.mutate(t);
  const Status s = validate(t);
  CHECK_FALSE(s.ok);
  CHECK_THAT(s.message, Contains(bad.message));
}

TEST_CASE("the width message is check_setting's, prefixed with the layer", "[network]") {
  NetworkConfig c;
  c.hidden = {8, 0};
  CHECK(Network::validate(c).message == "hidden[1]: " + check_setting(Setting::Width, 0).message);
}

// ---------------------------------------------------------------------------------------------
// Divergence

TEST_CASE("labels are checked as given against the output kind", "[network]") {
  NetworkConfig c = small_config({3}, Activation::Relu);
  const Network binary(c);
  CHECK(binary.check_labels(std::vector<double>{0, 1, 1}, "ys").ok);
  for (double bad : {0.5, -1.0, 2.0, 0.9999999999, std::nan("")}) {
    CAPTURE(bad);
    const Status s = binary.check_labels(std::vector<double>{0, bad}, "ys");
    CHECK_FALSE(s.ok);
    CHECK_THAT(s.message, Contains("ys[1] must be a class index, a whole number from 0 to 1"));
  }
  c.output = OutputKind::Multiclass;
  c.classes = 3;
  const Network multi(c);
  CHECK(multi.check_labels(std::vector<double>{0, 2}, "ys").ok);
  CHECK_THAT(multi.check_labels(std::vector<double>{3}, "ys").message, Contains("from 0 to 2 (got 3)"));
  c.output = OutputKind::Regression;
  const Network regression(c);
  CHECK(regression.check_labels(std::vector<double>{-3.5, 1e30}, "ys").ok);
  CHECK_THAT(regression.check_labels(std::vector<double>{1e39}, "ys").message, Contains("ys[0]"));
  CHECK_THAT(regression.check_labels(std::vector<double>{1e39}, "ys").message, Contains("(got 1e+39)"));
}

TEST_CASE("classes is checked whatever the output kind", "[network]") {
  NetworkConfig c = small_config({3}, Activation::Relu);
  c.classes = 1000000000;
  CHECK_THAT(Network::validate(c).message, Contains("classes must be a whole number from 2 to 8"));
}

TEST_CASE("workspace_bytes bounds what a call allocates in 64 bits and check_samples refuses beyond the limit",
          "[network]") {
  NetworkConfig c = small_config({64, 64, 64}, Activation::Maxout);
  c.maxout_k = 8;
  Network net(c);
  // A count whose rows product passes 2^32: computed exactly, refused with the count that fits.
  const std::uint64_t huge = (std::uint64_t(1) << 23) + 1;
  CHECK(net.workspace_bytes(huge) > (std::uint64_t(1) << 32));
  CHECK_THAT(net.check_samples(huge, "xs").message, Contains("at most 1048576 are allowed"));
  const Status s = net.check_samples(200000, "ys");
  REQUIRE_FALSE(s.ok);
  CHECK_THAT(s.message, StartsWith("ys has 200000 samples; this network can take at most "));
  const std::uint64_t fit = std::stoull(s.message.substr(s.message.find("at most ") + 8));
  CHECK(net.workspace_bytes(fit) <= kMaxWorkspaceBytes);
  CHECK(net.workspace_bytes(fit + 1) > kMaxWorkspaceBytes);
  CHECK(net.check_samples(fit, "ys").ok);
  // reserve() allocates exactly what its dry run reports, and calls up to that size add nothing.
  const std::uint64_t planned = net.reserve(300, true, true);
  CHECK(planned > 0);
  CHECK(planned <= net.workspace_bytes(300));
  CHECK(net.reserve(300) == planned);
  CHECK(net.reserve(300, true, true) == 0);
  const Data d = make_data(5, 300, 2, OutputKind::Binary, 0);
  TrainConfig train;
  (void)net.train_batch(d.x, d.y, d.n, train);
  (void)net.diagnose(d.x, d.y, d.n);
  std::vector<float> out(300);
  net.predict(d.x, d.n, out);
  CHECK(net.reserve(300, true, true) == 0);
  // Prediction on a network that takes the blocked path needs only its outputs.
  Network small(small_config({8, 8}, Activation::Relu));
  CHECK(small.workspace_bytes(1000, false) == 4 * 1000);
}

TEST_CASE("predict (blocked, 8 samples at a time) gives the bits of the per-layer forward pass", "[network]") {
  const Activation act = GENERATE(Activation::Linear, Activation::Sigmoid, Activation::Tanh, Activation::Relu,
                                  Activation::LeakyRelu, Activation::Prelu, Activation::Abs, Activation::Elu,
                                  Activation::Selu, Activation::Softplus, Activation::Gelu, Activation::Silu,
                                  Activation::Maxout);
  CAPTURE(int(act));
  NetworkConfig c = small_config({5, 3}, act, OutputKind::Regression);
  c.bias_init = 0.1f;
  Network net(c);
  const Data d = make_data(23, 13, 2, OutputKind::Regression, 0, 3.0f);  // 8 + a partial block of 5
  std::vector<float> out(13), h(13);
  net.predict(d.x, d.n, out);
  // Regression output = the logit = b + sum_u h_u * w_u over the last hidden layer, in order,
  // with h from unit_output (forward(): the per-layer path).
  const LayerShape& last = net.layers().back();
  const auto p = net.parameters();
  std::vector<float> expected(13, p[last.bias_offset]);
  for (int u = 0; u < last.inputs; ++u) {
    net.unit_output(d.x, d.n, 1, u, h);
    for (int s = 0; s < 13; ++s) expected[std::size_t(s)] += h[std::size_t(s)] * p[last.weight_offset + std::size_t(u)];
  }
  CHECK(bit_identical(expected, out));
  // One sample at a time (all in the partial block) gives the same bits as the batch.
  for (int s = 0; s < 13; ++s) {
    float one = 0;
    net.predict(std::span<const float>(d.x).subspan(std::size_t(2 * s), 2), 1, std::span<float>(&one, 1));
    CHECK(std::memcmp(&one, &out[std::size_t(s)], sizeof one) == 0);
  }
}

// ---------------------------------------------------------------------------------------------
// Whole epochs

TEST_CASE("train_epochs equals shuffling with Rng(derive_seed(seed, e)) and one train_batch per batch",
          "[network]") {
  const int batch = GENERATE(1, 7, 10, 60);
  CAPTURE(batch);
  const NetworkConfig c = small_config({6, 5}, Activation::Relu);
  const Data d = make_data(17, 53, 2, OutputKind::Binary, 0);
  TrainConfig train;
  train.optimizer = OptimizerKind::Momentum;
  train.learning_rate = 0.1f;
  train.batch_size = batch;
  constexpr int kEpochs = 4;
  constexpr std::uint32_t kSeed = 99;

  Network manual(c);
  std::vector<float> manual_losses;
  for (int e = 0; e < kEpochs; ++e) {
    std::vector<int> order(std::size_t(d.n));
    for (int i = 0; i < d.n; ++i) order[std::size_t(i)] = i;
    Rng rng(derive_seed(kSeed, std::uint32_t(e)));
    for (int i = d.n - 1; i > 0; --i) std::swap(order[std::size_t(i)], order[rng.below(std::uint32_t(i + 1))]);
    double total = 0;
    const int size = std::min(batch, d.n);
    for (int start = 0; start < d.n; start += size) {
      const int count = std::min(size, d.n - start);
      std::vector<float> bx, by;
      for (int k = 0; k < count; ++k) {
        const int row = order[std::size_t(start + k)];
        bx.push_back(d.x[std::size_t(2 * row)]);
        bx.push_back(d.x[std::size_t(2 * row + 1)]);
        by.push_back(d.y[std::size_t(row)]);
      }
      total += double(manual.train_batch(bx, by, count, train)) * count;
    }
    manual_losses.push_back(float(total / d.n));
  }

  Network whole(c);
  std::vector<float> losses(kEpochs + 2, -1.0f);
  const float last = whole.train_epochs(d.x, d.y, d.n, kEpochs, kSeed, train, losses);
  CHECK(bit_identical(copy_params(manual), copy_params(whole)));
  for (int e = 0; e < kEpochs; ++e) CHECK(losses[std::size_t(e)] == manual_losses[std::size_t(e)]);
  CHECK(last == manual_losses.back());
  CHECK(losses[kEpochs] == -1.0f);  // only `epochs` entries are written
  // Another seed, another order.
  Network other(c);
  other.train_epochs(d.x, d.y, d.n, kEpochs, kSeed + 1, train);
  CHECK_FALSE(bit_identical(copy_params(other), copy_params(whole)));
}

TEST_CASE("train_epochs stops at a refused step: non-finite entry, NaN after it, finite parameters", "[network]") {
  NetworkConfig c = small_config({8}, Activation::Relu, OutputKind::Regression);
  c.inputs = 1;
  Network net(c);
  Data d = make_data(31, 16, 1, OutputKind::Regression, 0);
  for (float& t : d.y) t *= 1000.0f;
  TrainConfig train;
  train.optimizer = OptimizerKind::Sgd;
  train.learning_rate = 10.0f;
  train.batch_size = 4;
  std::vector<float> losses(50);
  const float last = net.train_epochs(d.x, d.y, d.n, 50, 1, train, losses);
  CHECK_FALSE(std::isfinite(last));
  const auto bad = std::find_if(losses.begin(), losses.end(), [](float v) { return !std::isfinite(v); });
  REQUIRE(bad != losses.end());
  CHECK((std::isnan(last) == std::isnan(*bad)));  // the entry is the result
  CHECK(std::all_of(bad + 1, losses.end(), [](float v) { return std::isnan(v); }));
  const auto p = net.parameters();
  CHECK(std::all_of(p.begin(), p.end(), [](float v) { return std::isfinite(v); }));
  CHECK(net.train_epochs(d.x, d.y, d.n, 0, 1, train) == 0.0f);
}

// ---------------------------------------------------------------------------------------------
// XOR

TEST_CASE("every nonlinear activation learns XOR on four points and a linear network cannot", "[network]") {
  const ActivationInfo& info = GENERATE(from_range(std::begin(kActivations), std::end(kActivations)));
  CAPTURE(info.key);
  // (+-1, +-1), label 1 when the signs differ. 8 hidden units, bias 0.1, full-batch Adam, lr 0.05,
  // seed 1, 100 epochs. Measured: every nonlinear activation is at 100% from epoch 22 on (sigmoid
  // is slowest; ReLU, maxout and the like by epoch 5, ELU/SELU by 13), loss below 0.005 at 300.
  const std::vector<float> x = {1, 1, -1, -1, 1, -1, -1, 1};
  const std::vector<float> y = {0, 0, 1, 1};
  NetworkConfig c = small_config({8}, info.id);
  c.bias_init = 0.1f;
  Network net(c);
  TrainConfig train;
  train.optimizer = OptimizerKind::Adam;
  train.learning_rate = 0.05f;
  for (int epoch = 0; epoch < 100; ++epoch) REQUIRE(std::isfinite(net.train_batch(x, y, 4, train)));
  const NetworkDiagnostics diag = net.diagnose(x, y, 4);
  if (info.id == Activation::Linear)
    CHECK(diag.accuracy <= 0.75f);
  else
    CHECK(diag.accuracy == 1.0f);
}
