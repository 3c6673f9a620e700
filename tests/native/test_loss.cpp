// Tests of the output side (core/loss.cpp): the losses and dL/dlogits against double-precision
// formulas, the accuracy rule at its edges, the test-set probability metrics, and the output
// sigmoid against the activation library's.
#include <cmath>
#include <cstring>
#include <vector>

#include <catch2/catch.hpp>

#include "activation.hpp"
#include "loss.hpp"
#include "network.hpp"
#include "network_test_helpers.hpp"
#include "rng.hpp"

using namespace relulab;
using namespace relulab::test_support;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("binary cross-entropy stays finite and accurate for large logits", "[loss]") {
  Network net(small_config({}, Activation::Relu));
  REQUIRE(net.set_parameters(std::vector<float>{100, 0, 0}).ok);
  const std::vector<float> x = {1, 0, -1, 0};
  // Logits +100 and -100. Labels agreeing: loss ~ log1p(e^-100) ~ 3.7e-44; disagreeing: ~100.
  CHECK_THAT(net.loss_and_gradient(x, std::vector<float>{1, 0}, 2), WithinAbs(0.0, 1e-30));
  CHECK_THAT(net.loss_and_gradient(x, std::vector<float>{0, 1}, 2), WithinRel(100.0, 1e-6));
  CHECK_THAT(net.gradients()[0], WithinRel(1.0f, 1e-6f));  // ((1-0)*1 + (0-1)*(-1)) / 2
}

TEST_CASE("each loss and its dL/dlogits follow the double-precision formulas", "[loss]") {
  Rng rng(5);
  const std::size_t n = 7, classes = 4;
  std::vector<float> logits(n * classes), y(n), g(n * classes);
  for (float& z : logits) z = rng.uniform(-6.0f, 6.0f);
  for (float& v : y) v = float(rng.below(std::uint32_t(classes)));

  // Multiclass: mean of logsumexp(z) - z_y; dL/dz = (softmax - onehot) / n.
  double expected = 0.0;
  const float loss = loss_and_dlogits(OutputKind::Multiclass, logits.data(), y.data(), n, classes, g.data());
  for (std::size_t s = 0; s < n; ++s) {
    double sum = 0.0;
    for (std::size_t c = 0; c < classes; ++c) sum += std::exp(double(logits[s * classes + c]));
    const std::size_t label = std::size_t(y[s]);
    expected += std::log(sum) - double(logits[s * classes + label]);
    for (std::size_t c = 0; c < classes; ++c) {
      const double want = (std::exp(double(logits[s * classes + c])) / sum - (c == label ? 1.0 : 0.0)) / double(n);
      CHECK_THAT(g[s * classes + c], WithinAbs(want, 1e-6));
    }
  }
  CHECK_THAT(loss, WithinRel(expected / double(n), 1e-5));

  // Binary: mean of softplus(z) - y z; dL/dz = (sigmoid(z) - y) / n.
  std::vector<float> yb(n);
  for (float& v : yb) v = float(rng.below(2));
  expected = 0.0;
  const float bce = loss_and_dlogits(OutputKind::Binary, logits.data(), yb.data(), n, 1, g.data());
  for (std::size_t s = 0; s < n; ++s) {
    const double z = logits[s];
    expected += std::log1p(std::exp(-std::fabs(z))) + std::max(z, 0.0) - yb[s] * z;
    CHECK_THAT(g[s], WithinAbs((1.0 / (1.0 + std::exp(-z)) - yb[s]) / double(n), 1e-7));
  }
  CHECK_THAT(bce, WithinRel(expected / double(n), 1e-5));

  // Regression: mean of (z - y)^2 / 2; dL/dz = (z - y) / n.
  const float mse = loss_and_dlogits(OutputKind::Regression, logits.data(), yb.data(), n, 1, g.data());
  expected = 0.0;
  for (std::size_t s = 0; s < n; ++s) {
    const double d = double(logits[s]) - yb[s];
    expected += d * d / 2;
    CHECK_THAT(g[s], WithinAbs(d / double(n), 1e-6));
  }
  CHECK_THAT(mse, WithinRel(expected / double(n), 1e-5));
}

TEST_CASE("probabilities are the sigmoid or each row's softmax and regression passes values through", "[loss]") {
  const std::vector<float> logits = {2.0f, -1.0f, 0.0f, 30.0f, -30.0f, 0.5f};
  std::vector<float> p(6);
  output_from_logits(OutputKind::Multiclass, logits.data(), 2, 3, p.data());
  for (std::size_t s = 0; s < 2; ++s) {
    double sum = 0.0;
    for (std::size_t c = 0; c < 3; ++c) sum += std::exp(double(logits[s * 3 + c]));
    for (std::size_t c = 0; c < 3; ++c) CHECK_THAT(p[s * 3 + c], WithinRel(std::exp(double(logits[s * 3 + c])) / sum, 1e-6));
  }
  output_from_logits(OutputKind::Binary, logits.data(), 6, 1, p.data());  // 4 lanes + 2 scalar
  for (std::size_t s = 0; s < 6; ++s) CHECK(p[s] == output_sigmoid(logits[s]));
  output_from_logits(OutputKind::Regression, logits.data(), 6, 1, p.data());
  CHECK(p == logits);
}

TEST_CASE("the output sigmoid is within one ulp of the activation sigmoid and its four lanes equal the scalar",
          "[loss]") {
  Rng rng(21);
  int differ = 0;
  for (int i = 0; i < 100000; ++i) {
    const float z = rng.uniform(-40.0f, 40.0f);
    const float a = output_sigmoid(z), b = activate(Activation::Sigmoid, z, ActivationParams{});
    CHECK(std::fabs(a - b) <= std::fabs(std::nextafter(b, 2.0f) - b));
    differ += a != b ? 1 : 0;
    const simd::f32x4 lanes = output_sigmoid(simd::f32x4{z, -z, z / 3, 0.0f});
    CHECK(lanes[0] == a);
    CHECK(lanes[1] == output_sigmoid(-z));
  }
  // They are two roundings of one function: some inputs do differ (why loss.hpp keeps both).
  CHECK(differ > 0);
}

TEST_CASE("a prediction is right by the 0.5 threshold or the first maximum", "[loss]") {
  const float half = 0.5f, below = std::nextafter(0.5f, 0.0f);
  CHECK(prediction_correct(OutputKind::Binary, &half, 1, 1.0f));
  CHECK_FALSE(prediction_correct(OutputKind::Binary, &half, 1, 0.0f));
  CHECK(prediction_correct(OutputKind::Binary, &below, 1, 0.0f));
  const float tie[] = {0.2f, 0.4f, 0.4f};
  CHECK(prediction_correct(OutputKind::Multiclass, tie, 3, 1.0f));
  CHECK_FALSE(prediction_correct(OutputKind::Multiclass, tie, 3, 2.0f));
  CHECK_FALSE(prediction_correct(OutputKind::Regression, tie, 1, 0.2f));
}

TEST_CASE("the test metrics are the clamped probability cross-entropy and the shared accuracy rule", "[loss]") {
  // Binary: p = 0.9 (label 1), 0.2 (label 1: wrong), 1.0 (label 0: clamped to 1 - 1e-7, wrong).
  const std::vector<float> p = {0.9f, 0.2f, 1.0f}, y = {1.0f, 1.0f, 0.0f};
  const ProbabilityMetrics m = probability_metrics(OutputKind::Binary, p.data(), y.data(), 3, 1);
  const double want = (-std::log(0.9) - std::log(0.2) - std::log(double(1.0f - (1.0f - 1e-7f)))) / 3;
  CHECK_THAT(m.loss, WithinRel(want, 1e-5));
  CHECK_THAT(m.accuracy, WithinAbs(1.0 / 3.0, 1e-7));
  const ProbabilityMetrics empty = probability_metrics(OutputKind::Binary, p.data(), y.data(), 0, 1);
  CHECK(empty.loss == 0.0f);
  CHECK(empty.accuracy == 0.0f);
  // Multiclass rows, label 2 then 0.
  const std::vector<float> pm = {0.1f, 0.2f, 0.7f, 0.3f, 0.3f, 0.4f}, ym = {2.0f, 0.0f};
  const ProbabilityMetrics mm = probability_metrics(OutputKind::Multiclass, pm.data(), ym.data(), 2, 3);
  CHECK_THAT(mm.loss, WithinRel((-std::log(0.7) - std::log(0.3)) / 2, 1e-5));
  CHECK(mm.accuracy == 0.5f);
}
