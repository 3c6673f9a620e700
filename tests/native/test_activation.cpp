// Tests of the activation library (activation.hpp): values and derivatives against long-double
// definitions written here, central-difference gradient checks around the table's kinks, the
// conventions at z = 0, scalar/array agreement, maxout, the metadata table, and a golden hash
// that pins the exact float bits (measured equal in the wasm build). Not tests of the network.
#include <catch2/catch.hpp>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <set>
#include <utility>
#include <string>
#include <vector>

#include "activation.hpp"
#include "float_bits.hpp"
#include "rng.hpp"

namespace {

using namespace relulab;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using Catch::Matchers::WithinULP;
using LD = long double;

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Published constants (Klambauer et al. 2017 for SELU; sqrt(2) and sqrt(2 pi)).
constexpr LD kSeluLambdaRef = 1.0507009873554804934193349852946L;
constexpr LD kSeluAlphaRef = 1.6732632423543772848170429916717L;
constexpr LD kSqrt2 = 1.4142135623730950488016887242096981L;
constexpr LD kSqrt2Pi = 2.5066282746310005024157652848110453L;

struct Reference {
  LD value;
  LD derivative;
};

// The definitions of docs/ACTIVATIONS.md written directly in long double (64-bit mantissa on x86-64),
// with none of activation.cpp's float/double tricks; each formula is the textbook one, arranged
// only so that it does not overflow or cancel at the probe points even where long double math is
// double (Emscripten's expl), so the suite also passes when built for wasm.
Reference reference(Activation act, LD z, LD a, LD alpha) {
  switch (act) {
    case Activation::Linear:
    case Activation::Maxout:
      return {z, 1};
    case Activation::Sigmoid: {
      const LD e = expl(-fabsl(z));  // sigmoid' is even
      return {1 / (1 + expl(-z)), e / ((1 + e) * (1 + e))};
    }
    case Activation::Tanh:
      return {tanhl(z), 1 / (coshl(z) * coshl(z))};
    case Activation::Relu:
      return {z > 0 ? z : 0, z > 0 ? 1.0L : 0.0L};
    case Activation::LeakyRelu:
    case Activation::Prelu:
      return {z > 0 ? z : a * z, z > 0 ? 1 : a};
    case Activation::Abs:
      return {fabsl(z), z > 0 ? 1.0L : -1.0L};
    case Activation::Elu:
      return {z > 0 ? z : alpha * expm1l(z), z > 0 ? 1 : alpha * expl(z)};
    case Activation::Selu:
      return {kSeluLambdaRef * (z > 0 ? z : kSeluAlphaRef * expm1l(z)),
              z > 0 ? kSeluLambdaRef : kSeluLambdaRef * kSeluAlphaRef * expl(z)};
    case Activation::Softplus:
      return {z > 0 ? z + log1pl(expl(-z)) : log1pl(expl(z)), 1 / (1 + expl(-z))};
    case Activation::Gelu: {
      const LD phi_cdf = 0.5L * erfcl(-z / kSqrt2);
      const LD phi_pdf = expl(-z * z / 2) / kSqrt2Pi;
      return {z * phi_cdf, phi_cdf + z * phi_pdf};
    }
    case Activation::Silu: {
      const LD s = 1 / (1 + expl(-z));
      const LD one_minus_s = 1 / (1 + expl(z));
      return {z * s, s * (1 + z * one_minus_s)};
    }
  }
  return {NAN, NAN};
}

// One activation with one set of parameters.
struct Case {
  Activation act;
  ActivationParams p;
};
ActivationParams with_a(Activation act, float a) {
  ActivationParams p = default_params(act);
  p.a = a;
  return p;
}
ActivationParams with_alpha(float alpha) {
  ActivationParams p = default_params(Activation::Elu);
  p.alpha = alpha;
  return p;
}
ActivationParams with_relu_grad(float g) {
  ActivationParams p = default_params(Activation::Relu);
  p.relu_grad_at_zero = g;
  return p;
}
// Every activation with its defaults, plus the parameter values worth checking separately.
std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (const ActivationInfo& info : kActivations) cases.push_back({info.id, default_params(info.id)});
  for (float a : {0.0f, 0.2f, 0.5f, 1.0f}) {
    cases.push_back({Activation::LeakyRelu, with_a(Activation::LeakyRelu, a)});
  }
  for (float a : {-1.0f, -0.5f, 0.0f, 1.0f}) cases.push_back({Activation::Prelu, with_a(Activation::Prelu, a)});
  for (float alpha : {0.01f, 0.5f, 3.0f, 10.0f}) cases.push_back({Activation::Elu, with_alpha(alpha)});
  for (float g : {0.5f, 1.0f}) cases.push_back({Activation::Relu, with_relu_grad(g)});
  return cases;
}
std::string describe(const Case& c) {
  return std::string(activation_info(c.act).key) + " (a=" + std::to_string(c.p.a) +
         ", alpha=" + std::to_string(c.p.alpha) + ", relu'(0)=" + std::to_string(c.p.relu_grad_at_zero) + ")";
}

// Probe points: 0, the smallest scales, the usual range, saturation and far out.
const float kProbePoints[] = {0.0f,  1e-7f, -1e-7f, 1e-3f, -1e-3f, 0.1f, -0.1f, 0.5f, -0.5f, 1.0f,
                              -1.0f, 2.5f,  -2.5f,  3.0f,  -3.0f,  7.0f, -7.0f, 20.0f, -20.0f,
                              30.0f, -30.0f, 100.0f, -100.0f, 1e4f,  -1e4f};

// Bits with every NaN mapped to one pattern: NaN sign and payload depend on operand order chosen
// by the compiler (and wasm leaves them nondeterministic), so only "is NaN" is meaningful.
std::uint32_t canonical_bits(float x) { return std::isnan(x) ? 0x7FC00000u : bits(x); }

// float(reference) is the correctly rounded answer. activation.cpp computes each result in double
// (or exactly in float) and rounds once; measured within 1 ulp of float(reference) over a
// 1M-point sweep of [-32, 32] (SiLU' reaches 2 ulps near its zero at z ~ -1.28, where it cancels),
// so 2 ulps. Below FLT_MIN float is subnormal and expf(z) (z < -87) has an absolute error up to
// half a subnormal spacing, 7e-46, which a factor |z| <= 104 (SiLU) or alpha <= 10 (ELU) scales
// to < 1e-43 before it underflows to 0: results that small are compared absolutely at 1e-43.
void check_close(float actual, LD reference) {
  CHECK_THAT(actual, WithinULP(static_cast<float>(reference), 2) ||
                         WithinAbs(static_cast<double>(reference), 1e-43));
}

// Central differences: h = 2^-8 with probes on a 1/64 grid keeps z +- h exact in float.
// Truncation error h^2/6 |g'''| <= 1.1e-5 * |g'''| (|g'''| <= 2 for tanh, <= alpha for ELU); the
// rounding error of two float values (each within 2 ulps, relative 2.4e-7) divided by 2h is at
// most 2 * 2.4e-7 * |g| / (2h) ~ 6e-5 * |g| with |g| <= 6.3 on [-6, 6]. So 1e-3 absolute covers
// both with room, while a wrong derivative (wrong branch, wrong constant) is off by >= 1e-2.
constexpr double kStep = 1.0 / 256.0;
constexpr double kGradTolerance = 1e-3;

// True when the central-difference stencil [z - h, z + h] around z touches one of the table's kinks.
bool near_kink(const ActivationInfo& info, double z, double h) {
  for (int i = 0; i < info.kink_count; ++i) {
    if (std::fabs(z - static_cast<double>(info.kinks[i])) <= h) return true;
  }
  return false;
}

// Gradient-check probes on [-6, 6]: the 1/16 grid hits every kink exactly, and a copy shifted by
// 1/1024 (< h) lands inside the stencil of a kink without hitting it; both must be skipped.
std::vector<float> gradient_probes() {
  std::vector<float> probes;
  for (int i = -96; i <= 96; ++i) {
    probes.push_back(static_cast<float>(i) / 16.0f);
    probes.push_back(static_cast<float>(i) / 16.0f + 1.0f / 1024.0f);
  }
  for (float z : {0.3f, -0.3f, 1.7f, -1.7f, 4.2f, -4.2f}) probes.push_back(z);
  return probes;
}

double central_difference(Activation act, float z, const ActivationParams& p) {
  const float up = static_cast<float>(z + kStep);
  const float down = static_cast<float>(z - kStep);
  return (double(activate(act, up, p)) - double(activate(act, down, p))) / (double(up) - double(down));
}

// FNV-1a over the bytes of a float, for the golden hash.
void hash_float(std::uint64_t& h, float x) {
  const std::uint32_t b = bits(x);
  for (int i = 0; i < 4; ++i) {
    h ^= (b >> (8 * i)) & 0xFFu;
    h *= 0x100000001B3ull;
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Values and derivatives against the long-double definitions

TEST_CASE("every activation matches its long-double definition at the probe points", "[activation]") {
  // Tolerances in close_to().
  const float z = GENERATE(from_range(std::begin(kProbePoints), std::end(kProbePoints)));
  for (const Case& c : all_cases()) {
    INFO(describe(c) << " at z = " << z);
    const Reference r = reference(c.act, z, c.p.a, c.p.alpha);
    check_close(activate(c.act, z, c.p), r.value);
    // At z = 0 the reference takes the negative branch, which is the lab's convention for
    // leaky/PReLU (a), ELU (alpha) and SELU (lambda alpha); ReLU's and abs's are pinned below.
    const bool convention = z == 0.0f && (c.act == Activation::Relu || c.act == Activation::Abs);
    if (!convention) {
      check_close(activate_derivative(c.act, z, c.p), r.derivative);
    }
  }
}

TEST_CASE("standard values to 16 digits are reproduced", "[activation]") {
  // Known values (sigmoid(1) = e/(1+e), Phi(1) = 0.8413447460685429 as in normal tables,
  // ln 2, e^-1) and the definitions evaluated in Python's double math module (tanh, erfc, exp,
  // expm1), so that the long-double references above are themselves cross-checked.
  const auto [key, z, value, derivative] = GENERATE(table<const char*, float, double, double>({
      {"sigmoid", 1.0f, 0.7310585786300049, 0.19661193324148185},
      {"tanh", 1.0f, 0.7615941559557649, 0.4199743416140261},
      {"softplus", 0.0f, 0.6931471805599453, 0.5},
      {"gelu", 1.0f, 0.8413447460685429, 1.0833154705876864},
      {"gelu", -1.0f, -0.15865525393145707, -0.08331547058768629},
      {"silu", 1.0f, 0.7310585786300049, 0.9276705118714869},
      {"elu", -1.0f, -0.6321205588285577, 0.36787944117144233},
      {"selu", -1.0f, -1.1113307378125625, 0.646768603034814},
      {"selu", 1.0f, 1.0507009873554805, 1.0507009873554805},
  }));
  INFO(key << " at " << z);
  const Activation act = *activation_from_key(key);
  const ActivationParams p = default_params(act);
  // 2 float ulps, as relative error: 2 * 2^-23.
  CHECK_THAT(double(activate(act, z, p)), WithinRel(value, 2 * double(FLT_EPSILON)));
  CHECK_THAT(double(activate_derivative(act, z, p)), WithinRel(derivative, 2 * double(FLT_EPSILON)));
}

TEST_CASE("sigmoid and tanh derivatives keep their precision where s(1-s) would round to zero",
          "[activation]") {
  // At z = 20, s rounds to 1.0f so s(1 - s) would be 0; the true sigmoid'(20) = 2.06e-9 and
  // tanh'(20) = 1.7e-17 are representable and must come out to 2 ulps.
  const ActivationParams p;
  for (float z : {20.0f, -20.0f, 40.0f, -40.0f}) {
    INFO("z = " << z);
    const LD e = expl(-fabsl(z));
    CHECK_THAT(activate_derivative(Activation::Sigmoid, z, p),
               WithinULP(static_cast<float>(e / ((1 + e) * (1 + e))), 2));
    CHECK(activate_derivative(Activation::Tanh, z, p) > 0.0f);
    CHECK_THAT(activate_derivative(Activation::Tanh, z, p),
               WithinULP(static_cast<float>(1 / (coshl(z) * coshl(z))), 2));
  }
}

TEST_CASE("saturation thresholds quoted in docs/ACTIVATIONS.md match the derivatives", "[activation]") {
  // tau = 1e-2: |z| > 4.585 (sigmoid), 2.993 (tanh); tau = 1e-3: 6.906 and 4.147 (3 decimals).
  const auto [key, tau, threshold] = GENERATE(table<const char*, float, float>({
      {"sigmoid", 1e-2f, 4.585f},
      {"tanh", 1e-2f, 2.993f},
      {"sigmoid", 1e-3f, 6.906f},
      {"tanh", 1e-3f, 4.147f},
  }));
  INFO(key << " tau = " << tau);
  const Activation act = *activation_from_key(key);
  const ActivationParams p;
  for (float sign : {1.0f, -1.0f}) {
    CHECK(activate_derivative(act, sign * (threshold - 0.001f), p) > tau);
    CHECK(activate_derivative(act, sign * (threshold + 0.001f), p) < tau);
  }
}

TEST_CASE("softplus returns z itself above 20, with no jump at the threshold", "[activation]") {
  const ActivationParams p;
  for (float z : {20.0f, std::nextafter(20.0f, 30.0f), 25.0f, 88.0f, 1e4f, 3e38f}) {
    INFO("z = " << z);
    CHECK(activate(Activation::Softplus, z, p) == z);
    CHECK(activate_derivative(Activation::Softplus, z, p) == 1.0f);
  }
  // Below the threshold the formula already rounds to z (log1p(e^-z) < half an ulp of z).
  CHECK(activate(Activation::Softplus, 19.0f, p) == 19.0f);
  CHECK(activate(Activation::Softplus, std::nextafter(20.0f, 0.0f), p) == std::nextafter(20.0f, 0.0f));
}

// ---------------------------------------------------------------------------------------------
// Gradient checks

TEST_CASE("every activation passes a central-difference gradient check away from its kinks", "[activation]") {
  const std::vector<float> probes = gradient_probes();
  for (const Case& c : all_cases()) {
    const ActivationInfo& info = activation_info(c.act);
    int checked = 0, skipped = 0, steep = 0;
    for (float z : probes) {
      if (near_kink(info, z, kStep)) {
        ++skipped;
        continue;
      }
      const double analytic = activate_derivative(c.act, z, c.p);
      const double numeric = central_difference(c.act, z, c.p);
      if (std::fabs(numeric - analytic) > kGradTolerance) {
        INFO(describe(c) << " at z = " << z);
        CHECK_THAT(numeric, WithinAbs(analytic, kGradTolerance));
      }
      ++checked;
      if (std::fabs(analytic) > 0.1) ++steep;
    }
    INFO(describe(c));
    CHECK(checked > 350);
    // Each probe grid hits a kink exactly once and once shifted inside the stencil.
    CHECK(skipped == 2 * info.kink_count);
    // Guard against a check that passes because both sides are zero everywhere.
    CHECK(steep > 60);
  }
}

TEST_CASE("prelu's slope gradient matches a central difference in a", "[activation]") {
  const std::vector<float> probes = gradient_probes();
  const float a = GENERATE(0.25f, -0.5f, 0.0f, 1.0f);
  int steep = 0;
  for (float z : probes) {
    ActivationParams up = with_a(Activation::Prelu, static_cast<float>(a + kStep));
    ActivationParams down = with_a(Activation::Prelu, static_cast<float>(a - kStep));
    const double numeric =
        (double(activate(Activation::Prelu, z, up)) - double(activate(Activation::Prelu, z, down))) /
        (double(up.a) - double(down.a));
    const double analytic = prelu_grad_a(z);
    INFO("a = " << a << ", z = " << z);
    // g is linear in a, so the only error is the rounding of a * z (2 ulps of 6 over 2h).
    CHECK_THAT(numeric, WithinAbs(analytic, kGradTolerance));
    if (std::fabs(analytic) > 0.1) ++steep;
  }
  CHECK(steep > 150);
  CHECK(prelu_grad_a(0.0f) == 0.0f);
  CHECK(prelu_grad_a(2.0f) == 0.0f);
  CHECK(prelu_grad_a(-2.0f) == -2.0f);
}

TEST_CASE("every kink in the table is covered by the gradient check's skip logic", "[activation]") {
  const std::vector<float> probes = gradient_probes();
  for (const ActivationInfo& info : kActivations) {
    for (int i = 0; i < info.kink_count; ++i) {
      const float kink = info.kinks[i];
      INFO(info.key << " kink at " << kink);
      CHECK(near_kink(info, kink, kStep));
      CHECK(near_kink(info, kink + 0.5 * kStep, kStep));
      CHECK_FALSE(near_kink(info, kink + 2 * kStep, kStep));
      // The probe grid really visits the kink (so the skip is exercised, not vacuous).
      int visits = 0;
      for (float z : probes) visits += near_kink(info, z, kStep) ? 1 : 0;
      CHECK(visits >= 1);
    }
  }
}

TEST_CASE("the kinks in the table are real: one-sided derivatives differ there", "[activation]") {
  // With parameters that make the kink visible (ELU with alpha = 1 is smooth at 0 to first order).
  const auto [key, a, alpha] = GENERATE(table<const char*, float, float>({
      {"relu", 0.01f, 1.0f}, {"leaky_relu", 0.01f, 1.0f}, {"prelu", 0.25f, 1.0f},
      {"abs", 0.01f, 1.0f}, {"elu", 0.01f, 0.5f}, {"selu", 0.01f, 1.0f}}));
  const Activation act = *activation_from_key(key);
  const ActivationInfo& info = activation_info(act);
  REQUIRE(info.kink_count == 1);
  ActivationParams p = default_params(act);
  p.a = a;
  p.alpha = alpha;
  const float k = info.kinks[0];
  const float left = activate_derivative(act, k - 1e-3f, p);
  const float right = activate_derivative(act, k + 1e-3f, p);
  INFO(key);
  CHECK(std::fabs(left - right) > 0.1f);
}

TEST_CASE("smooth activations have no jump in the derivative anywhere on the probe grid", "[activation]") {
  for (const ActivationInfo& info : kActivations) {
    if (info.kink_count > 0) continue;
    const ActivationParams p = default_params(info.id);
    for (float z : gradient_probes()) {
      INFO(info.key << " at " << z);
      // g'' is at most 1 for these (GELU: 0.8, tanh: 0.77), so a 2^-10 step moves g' < 2e-3.
      const float step = 1.0f / 1024.0f;
      CHECK_THAT(activate_derivative(info.id, z + step, p),
                 WithinAbs(activate_derivative(info.id, z - step, p), 2e-3));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Conventions at z = 0 and edge inputs

TEST_CASE("the value and derivative at exactly zero follow the lab's conventions", "[activation]") {
  const auto [key, value, derivative] = GENERATE(table<const char*, float, float>({
      {"linear", 0.0f, 1.0f},
      {"sigmoid", 0.5f, 0.25f},
      {"tanh", 0.0f, 1.0f},
      {"relu", 0.0f, 0.0f},        // default relu'(0) = 0
      {"leaky_relu", 0.0f, 0.01f},  // a, the single rule z > 0 ? 1 : a
      {"prelu", 0.0f, 0.25f},       // a at its default 0.25
      {"abs", 0.0f, 0.0f},          // abs'(0) = 0 (PyTorch/TF; not TF.js's -1)
      {"elu", 0.0f, 1.0f},          // alpha, negative branch
      {"softplus", 0.69314718f, 0.5f},
      {"gelu", 0.0f, 0.5f},
      {"silu", 0.0f, 0.5f},
      {"maxout", 0.0f, 1.0f},       // the element-wise part of maxout is the identity
  }));
  INFO(key);
  const Activation act = *activation_from_key(key);
  const ActivationParams p = default_params(act);
  CHECK(activate(act, 0.0f, p) == value);
  CHECK(activate_derivative(act, 0.0f, p) == derivative);
}

TEST_CASE("relu gradient at zero is selectable as 0, 0.5 or 1", "[activation]") {
  const float choice =
      GENERATE(from_range(std::begin(kReluGradAtZeroChoices), std::end(kReluGradAtZeroChoices)));
  const ActivationParams p = with_relu_grad(choice);
  CHECK(activate_derivative(Activation::Relu, 0.0f, p) == choice);
  CHECK(activate_derivative(Activation::Relu, -0.0f, p) == choice);
  std::vector<float> z = {0.0f, -0.0f, 1.0f, -1.0f}, out(4);
  activate_derivative(Activation::Relu, z, out, p);
  CHECK(out == std::vector<float>{choice, choice, 1.0f, 0.0f});
  // It only affects exactly 0.
  CHECK(activate_derivative(Activation::Relu, 1e-30f, p) == 1.0f);
  CHECK(activate_derivative(Activation::Relu, -1e-30f, p) == 0.0f);
}

TEST_CASE("relu gradient is zero for negative inputs", "[activation]") {
  const ActivationParams p = with_relu_grad(1.0f);
  for (float z : {-1e-38f, -1e-7f, -1.0f, -1e4f, -kInf}) {
    CHECK(activate(Activation::Relu, z, p) == 0.0f);
    CHECK(activate_derivative(Activation::Relu, z, p) == 0.0f);
  }
}

TEST_CASE("leaky relu and prelu derivatives at zero equal a for any a", "[activation]") {
  const float a = GENERATE(0.0f, 0.01f, 0.1f, 0.5f, 1.0f, -0.5f, -1.0f);
  for (Activation act : {Activation::LeakyRelu, Activation::Prelu}) {
    const ActivationParams p = with_a(act, a);
    CHECK(activate(act, 0.0f, p) == 0.0f);
    CHECK(activate_derivative(act, 0.0f, p) == a);
    CHECK(activate_derivative(act, -0.0f, p) == a);
    CHECK(activate(act, -2.0f, p) == -2.0f * a);
  }
  CHECK(prelu_grad_a(0.0f) == 0.0f);
}

TEST_CASE("elu and selu take the negative branch at zero", "[activation]") {
  const float alpha = GENERATE(0.01f, 0.5f, 1.0f, 2.0f, 10.0f);
  CHECK(activate_derivative(Activation::Elu, 0.0f, with_alpha(alpha)) == alpha);
  CHECK(activate(Activation::Elu, 0.0f, with_alpha(alpha)) == 0.0f);
  // SELU'(0) = lambda * alpha = 1.7580993408473766 (Klambauer et al.), rounded to float.
  const ActivationParams p;
  CHECK(activate_derivative(Activation::Selu, 0.0f, p) == static_cast<float>(kSeluLambdaRef * kSeluAlphaRef));
  CHECK_THAT(activate_derivative(Activation::Selu, 0.0f, p), WithinULP(1.7580993408473766f, 0));
  CHECK(activate(Activation::Selu, 0.0f, p) == 0.0f);
  CHECK(activate_derivative(Activation::Selu, 1.0f, p) == kSeluLambda);
}

TEST_CASE("abs is zero with zero gradient at zero, also for negative zero", "[activation]") {
  const ActivationParams p;
  CHECK(bits(activate(Activation::Abs, 0.0f, p)) == bits(0.0f));
  CHECK(bits(activate(Activation::Abs, -0.0f, p)) == bits(0.0f));
  CHECK(activate_derivative(Activation::Abs, 0.0f, p) == 0.0f);
  CHECK(activate_derivative(Activation::Abs, -0.0f, p) == 0.0f);
  CHECK(activate_derivative(Activation::Abs, -1e-30f, p) == -1.0f);
  CHECK(activate_derivative(Activation::Abs, 1e-30f, p) == 1.0f);
}

TEST_CASE("no activation produces NaN or infinity for finite inputs up to 1e4", "[activation]") {
  std::vector<float> inputs = {0.0f, -0.0f, FLT_MIN, -FLT_MIN, FLT_TRUE_MIN, -FLT_TRUE_MIN};
  for (float magnitude = 1e-38f; magnitude < 1e4f; magnitude *= 1.07f) {
    inputs.push_back(magnitude);
    inputs.push_back(-magnitude);
  }
  inputs.push_back(1e4f);
  inputs.push_back(-1e4f);
  std::vector<float> out(inputs.size());
  for (const Case& c : all_cases()) {
    INFO(describe(c));
    activate(c.act, inputs, out, c.p);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (!std::isfinite(out[i])) FAIL_CHECK("value at " << inputs[i] << " is " << out[i]);
    }
    activate_derivative(c.act, inputs, out, c.p);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (!std::isfinite(out[i])) FAIL_CHECK("derivative at " << inputs[i] << " is " << out[i]);
    }
  }
}

TEST_CASE("infinite inputs give the limits of value and derivative", "[activation]") {
  const float lambda_alpha = static_cast<float>(kSeluLambdaRef * kSeluAlphaRef);
  // key, g(+inf), g'(+inf), g(-inf), g'(-inf) with default parameters (a = 0.01 / 0.25, alpha = 1).
  const auto [key, value_up, derivative_up, value_down, derivative_down] =
      GENERATE_COPY(table<const char*, float, float, float, float>({
          {"linear", kInf, 1.0f, -kInf, 1.0f},
          {"sigmoid", 1.0f, 0.0f, 0.0f, 0.0f},
          {"tanh", 1.0f, 0.0f, -1.0f, 0.0f},
          {"relu", kInf, 1.0f, 0.0f, 0.0f},
          {"leaky_relu", kInf, 1.0f, -kInf, 0.01f},
          {"prelu", kInf, 1.0f, -kInf, 0.25f},
          {"abs", kInf, 1.0f, kInf, -1.0f},
          {"elu", kInf, 1.0f, -1.0f, 0.0f},
          {"selu", kInf, kSeluLambda, -lambda_alpha, 0.0f},
          {"softplus", kInf, 1.0f, 0.0f, 0.0f},
          {"gelu", kInf, 1.0f, 0.0f, 0.0f},
          {"silu", kInf, 1.0f, 0.0f, 0.0f},
          {"maxout", kInf, 1.0f, -kInf, 1.0f},
      }));
  INFO(key);
  const Activation act = *activation_from_key(key);
  const ActivationParams p = default_params(act);
  CHECK(activate(act, kInf, p) == value_up);
  CHECK(activate_derivative(act, kInf, p) == derivative_up);
  CHECK(activate(act, -kInf, p) == value_down);
  CHECK(activate_derivative(act, -kInf, p) == derivative_down);
}

TEST_CASE("NaN inputs give NaN values and derivatives", "[activation]") {
  // A NaN pre-activation must stay visible: a ReLU that mapped NaN to 0 would make a diverged
  // unit look dead. Linear's derivative is the constant 1.
  for (const Case& c : all_cases()) {
    INFO(describe(c));
    CHECK(std::isnan(activate(c.act, kNaN, c.p)));
    const bool constant_derivative = c.act == Activation::Linear || c.act == Activation::Maxout;
    if (!constant_derivative) CHECK(std::isnan(activate_derivative(c.act, kNaN, c.p)));
  }
}

// ---------------------------------------------------------------------------------------------
// Array forms

TEST_CASE("array forms agree bit for bit with the scalar forms", "[activation]") {
  // Bit for bit including the sign of zero; NaNs only need to be NaN (see canonical_bits).
  Rng rng(11);
  std::vector<float> z = {0.0f,  -0.0f,  kInf,    -kInf,   kNaN,   FLT_MIN, -FLT_TRUE_MIN, FLT_MAX,
                          -FLT_MAX, 20.0f, std::nextafter(20.0f, 21.0f), -64.5f, 64.5f, -128.5f, 128.5f};
  for (int i = 0; i < 4000; ++i) {
    z.push_back(rng.uniform(-8.0f, 8.0f));
    z.push_back(rng.uniform(-40.0f, 40.0f));
    z.push_back(rng.uniform(-1e4f, 1e4f));
    z.push_back(from_bits(rng.next_u32()));  // any bit pattern, NaNs included
  }
  std::vector<float> out(z.size()), in_place(z.size());
  for (const Case& c : all_cases()) {
    INFO(describe(c));
    activate(c.act, z, out, c.p);
    in_place = z;
    activate(c.act, in_place, in_place, c.p);  // out may alias z
    int mismatches = 0;
    for (std::size_t i = 0; i < z.size(); ++i) {
      const std::uint32_t scalar = canonical_bits(activate(c.act, z[i], c.p));
      if (canonical_bits(out[i]) != scalar || canonical_bits(in_place[i]) != scalar) ++mismatches;
    }
    CHECK(mismatches == 0);
    activate_derivative(c.act, z, out, c.p);
    in_place = z;
    activate_derivative(c.act, in_place, in_place, c.p);
    mismatches = 0;
    for (std::size_t i = 0; i < z.size(); ++i) {
      const std::uint32_t scalar = canonical_bits(activate_derivative(c.act, z[i], c.p));
      if (canonical_bits(out[i]) != scalar || canonical_bits(in_place[i]) != scalar) ++mismatches;
    }
    CHECK(mismatches == 0);
  }
}

TEST_CASE("the fused derivative times upstream equals the derivative then the product, bit for bit", "[activation]") {
  // activate_derivative_times is the backward pass's dL/dz = g'(z) * dL/dh in one pass; it must be
  // exactly activate_derivative followed by the elementwise product (NaNs only need to be NaN).
  Rng rng(12);
  std::vector<float> z = {0.0f, -0.0f, kInf, -kInf, kNaN, FLT_MIN, -FLT_TRUE_MIN, 20.0f, -64.5f, 1e-3f, -1e-3f};
  std::vector<float> up = {1.0f, -1.0f, 0.5f, -0.0f, 2.0f, kInf, kNaN, -3.0f, 0.0f, 1e30f, -1e-30f};
  for (int i = 0; i < 3001; ++i) {  // odd length: the lanes' tail path is exercised
    z.push_back(i % 3 == 0 ? rng.uniform(-40.0f, 40.0f) : rng.uniform(-3.0f, 3.0f));
    up.push_back(i % 5 == 0 ? from_bits(rng.next_u32()) : rng.uniform(-2.0f, 2.0f));
  }
  std::vector<float> fused(z.size()), deriv(z.size()), in_place(z.size());
  for (const Case& c : all_cases()) {
    INFO(describe(c));
    activate_derivative_times(c.act, z, up, fused, c.p);
    activate_derivative(c.act, z, deriv, c.p);
    in_place = up;
    activate_derivative_times(c.act, z, in_place, in_place, c.p);  // out may alias upstream
    int mismatches = 0;
    for (std::size_t i = 0; i < z.size(); ++i) {
      const std::uint32_t want = canonical_bits(deriv[i] * up[i]);
      if (canonical_bits(fused[i]) != want || canonical_bits(in_place[i]) != want) ++mismatches;
    }
    CHECK(mismatches == 0);
  }
  std::vector<float> short_up(3, 1.0f), out(5, 0.0f);
  activate_derivative_times(Activation::Relu, std::vector<float>(5, 1.0f), short_up, out, default_params(Activation::Relu));
  for (float v : out) CHECK(std::isnan(v));  // a short upstream is refused visibly, not read past its end
}

TEST_CASE("array forms accept empty spans", "[activation]") {
  std::vector<float> none;
  for (const ActivationInfo& info : kActivations) {
    activate(info.id, none, none, default_params(info.id));
    activate_derivative(info.id, none, none, default_params(info.id));
  }
  SUCCEED();
}

// ---------------------------------------------------------------------------------------------
// Maxout

TEST_CASE("maxout forward picks each group's maximum and its index", "[activation][maxout]") {
  // units = 3, k = 3: unit u owns pieces 3u .. 3u+2.
  const std::vector<float> pieces = {1.0f, 3.0f, 2.0f, -1.0f, -5.0f, -2.0f, 0.1f, 0.2f, 7.0f};
  std::vector<float> out(3);
  std::vector<int> winner(3, -1);
  maxout_forward(pieces, 3, out, winner);
  CHECK(out == std::vector<float>{3.0f, -1.0f, 7.0f});
  CHECK(winner == std::vector<int>{1, 0, 2});
}

TEST_CASE("maxout ties go to the lowest index", "[activation][maxout]") {
  const auto [a, b, c, expected] = GENERATE(table<float, float, float, int>({
      {2.0f, 2.0f, 1.0f, 0},
      {1.0f, 4.0f, 4.0f, 1},
      {5.0f, 5.0f, 5.0f, 0},
      {-0.0f, 0.0f, -1.0f, 0},  // -0 == +0 is a tie
      {0.0f, -0.0f, 0.0f, 0},
      {-3.0f, -3.0f, -3.0f, 0},
  }));
  const std::vector<float> pieces = {a, b, c};
  std::vector<float> out(1);
  std::vector<int> winner(1);
  maxout_forward(pieces, 3, out, winner);
  CHECK(winner[0] == expected);
  CHECK(out[0] == pieces[std::size_t(expected)]);
}

TEST_CASE("maxout with k = 1 is the identity", "[activation][maxout]") {
  const std::vector<float> pieces = {1.5f, -2.0f, 0.0f};
  std::vector<float> out(3);
  std::vector<int> winner(3, -1);
  maxout_forward(pieces, 1, out, winner);
  CHECK(out == pieces);
  CHECK(winner == std::vector<int>{0, 0, 0});
}

TEST_CASE("maxout lets a NaN piece win so divergence stays visible", "[activation][maxout]") {
  const std::vector<float> pieces = {1.0f, kNaN, 3.0f, kNaN, 2.0f, 5.0f};
  std::vector<float> out(2);
  std::vector<int> winner(2);
  maxout_forward(pieces, 3, out, winner);
  CHECK(std::isnan(out[0]));
  CHECK(winner[0] == 1);
  CHECK(std::isnan(out[1]));
  CHECK(winner[1] == 0);
}

TEST_CASE("maxout backward routes the gradient to the winner only and accumulates", "[activation][maxout]") {
  const std::vector<float> grad_out = {0.5f, -2.0f};
  const std::vector<int> winner = {2, 0};
  std::vector<float> grad_pieces = {10.0f, 10.0f, 10.0f, 1.0f, 1.0f, 1.0f};
  maxout_backward(grad_out, 3, winner, grad_pieces);
  CHECK(grad_pieces == std::vector<float>{10.0f, 10.0f, 10.5f, -1.0f, 1.0f, 1.0f});
  maxout_backward(grad_out, 3, winner, grad_pieces);  // accumulates, does not clear
  CHECK(grad_pieces == std::vector<float>{10.0f, 10.0f, 11.0f, -3.0f, 1.0f, 1.0f});
}

TEST_CASE("maxout backward matches a central difference of maxout forward", "[activation][maxout]") {
  Rng rng(5);
  constexpr int kUnits = 16, kPieces = 4;
  std::vector<float> pieces(kUnits * kPieces), out(kUnits), weights(kUnits);
  std::vector<int> winner(kUnits);
  // Each group holds -1.5, -0.5, 0.5, 1.5 in a random order plus noise below 0.1, so the winner
  // cannot change inside the +-h stencil.
  for (int u = 0; u < kUnits; ++u) {
    float* group = pieces.data() + u * kPieces;
    for (int j = 0; j < kPieces; ++j) group[j] = float(j) - 1.5f + rng.uniform(-0.1f, 0.1f);
    for (int j = kPieces - 1; j > 0; --j) std::swap(group[j], group[rng.below(std::uint32_t(j + 1))]);
  }
  for (float& w : weights) w = rng.uniform(-1.0f, 1.0f);
  // L = sum_u weights[u] * out[u], so dL/dout = weights.
  auto loss = [&](const std::vector<float>& x) {
    std::vector<float> o(kUnits);
    std::vector<int> wi(kUnits);
    maxout_forward(x, kPieces, o, wi);
    double sum = 0;
    for (int u = 0; u < kUnits; ++u) sum += double(weights[std::size_t(u)]) * o[std::size_t(u)];
    return sum;
  };
  maxout_forward(pieces, kPieces, out, winner);
  std::vector<float> grad(pieces.size(), 0.0f);
  maxout_backward(weights, kPieces, winner, grad);
  int nonzero = 0;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    std::vector<float> up = pieces, down = pieces;
    up[i] += float(kStep);
    down[i] -= float(kStep);
    const double numeric = (loss(up) - loss(down)) / (double(up[i]) - double(down[i]));
    INFO("piece " << i);
    CHECK_THAT(numeric, WithinAbs(double(grad[i]), 1e-5));
    if (grad[i] != 0.0f) ++nonzero;
  }
  CHECK(nonzero == kUnits);
}

// ---------------------------------------------------------------------------------------------
// Metadata, defaults and parameter validation

TEST_CASE("activation table rows are in enum order with unique keys", "[activation]") {
  std::set<std::string> keys;
  for (std::size_t i = 0; i < kActivationCount; ++i) {
    const ActivationInfo& info = kActivations[i];
    INFO(info.key);
    CHECK(static_cast<std::size_t>(info.id) == i);
    CHECK(activation_info(info.id).id == info.id);
    CHECK(keys.insert(info.key).second);
    CHECK(std::string(info.name_en).size() > 0);
    CHECK(std::string(info.name_zh).size() > 0);
    CHECK(info.param_count >= 0);
    CHECK(info.param_count <= 1);
    CHECK(info.kink_count >= 0);
    CHECK(info.kink_count <= 1);
  }
  CHECK(kActivationCount == 13);
}

TEST_CASE("activation_from_key round-trips every key and refuses unknown ones", "[activation]") {
  for (const ActivationInfo& info : kActivations) {
    INFO(info.key);
    const auto found = activation_from_key(info.key);
    REQUIRE(found.has_value());
    CHECK(*found == info.id);
  }
  CHECK_FALSE(activation_from_key("").has_value());
  CHECK_FALSE(activation_from_key("ReLU").has_value());
  CHECK_FALSE(activation_from_key("leaky").has_value());
  CHECK_FALSE(activation_from_key("swish").has_value());
}

TEST_CASE("activation parameters name valid settings whose default lies in range", "[activation]") {
  for (const ActivationInfo& info : kActivations) {
    for (int i = 0; i < info.param_count; ++i) {
      INFO(info.key << " parameter " << i);
      const auto index = static_cast<std::size_t>(info.params[i]);
      REQUIRE(index < kSettingCount);
      const SettingInfo& setting = kSettings[index];
      CHECK(setting.default_value >= setting.min);
      CHECK(setting.default_value <= setting.max);
      CHECK(check_setting(setting.id, setting.default_value).ok);
    }
  }
  CHECK(activation_info(Activation::LeakyRelu).params[0] == Setting::LeakyA);
  CHECK(activation_info(Activation::Prelu).params[0] == Setting::PreluInit);
  CHECK(activation_info(Activation::Elu).params[0] == Setting::EluAlpha);
  CHECK(activation_info(Activation::Maxout).params[0] == Setting::MaxoutK);
  CHECK(activation_info(Activation::Maxout).grouped);
}

TEST_CASE("the failure kind of each activation follows docs/ACTIVATIONS.md", "[activation]") {
  CHECK(activation_info(Activation::Relu).failure == Failure::Dies);
  CHECK(activation_info(Activation::Sigmoid).failure == Failure::Saturates);
  CHECK(activation_info(Activation::Tanh).failure == Failure::Saturates);
  CHECK(activation_info(Activation::Maxout).failure == Failure::DeadPieces);
  for (const char* key : {"leaky_relu", "prelu", "elu", "selu", "softplus", "gelu", "silu"}) {
    INFO(key);
    CHECK(activation_info(*activation_from_key(key)).failure == Failure::Inactive);
  }
}

TEST_CASE("default parameters follow the settings table", "[activation]") {
  CHECK(default_params(Activation::LeakyRelu).a == 0.01f);
  CHECK(default_params(Activation::Prelu).a == 0.25f);
  CHECK(default_params(Activation::Elu).alpha == 1.0f);
  CHECK(default_params(Activation::Relu).relu_grad_at_zero == 0.0f);
  for (const ActivationInfo& info : kActivations) {
    INFO(info.key);
    const ActivationParams p = default_params(info.id);
    CHECK(validate_params(info.id, p).ok);
    if (info.param_count == 1 && info.params[0] != Setting::MaxoutK) {
      const float expected = static_cast<float>(default_of(info.params[0]));
      CHECK((info.id == Activation::Elu ? p.alpha : p.a) == expected);
    }
  }
}

TEST_CASE("validate_params refuses bad parameters with the setting's name and range", "[activation]") {
  const auto [key, a, alpha, grad, message] = GENERATE(table<const char*, float, float, float, const char*>({
      {"leaky_relu", -0.1f, 1.0f, 0.0f, "leakyA must be a number from 0 to 1 (got -0.1)"},
      {"leaky_relu", 1.5f, 1.0f, 0.0f, "leakyA must be a number from 0 to 1 (got 1.5)"},
      {"leaky_relu", kNaN, 1.0f, 0.0f, "leakyA must be a number from 0 to 1 (got nan)"},
      {"prelu", 2.0f, 1.0f, 0.0f, "preluInit must be a number from -1 to 1 (got 2)"},
      {"prelu", -kInf, 1.0f, 0.0f, "preluInit must be a number from -1 to 1 (got -inf)"},
      {"elu", 0.01f, 0.0f, 0.0f, "eluAlpha must be a number from 0.01 to 10 (got 0)"},
      {"elu", 0.01f, kNaN, 0.0f, "eluAlpha must be a number from 0.01 to 10 (got nan)"},
      {"elu", 0.01f, 11.0f, 0.0f, "eluAlpha must be a number from 0.01 to 10 (got 11)"},
      {"relu", 0.01f, 1.0f, 0.25f, "reluGradAtZero must be 0, 0.5 or 1 (got 0.25)"},
      {"relu", 0.01f, 1.0f, kNaN, "reluGradAtZero must be 0, 0.5 or 1 (got nan)"},
      {"relu", 0.01f, 1.0f, -1.0f, "reluGradAtZero must be 0, 0.5 or 1 (got -1)"},
  }));
  INFO(key);
  ActivationParams p;
  p.a = a;
  p.alpha = alpha;
  p.relu_grad_at_zero = grad;
  const Status status = validate_params(*activation_from_key(key), p);
  CHECK_FALSE(status.ok);
  CHECK_THAT(status.message, Equals(message));
}

TEST_CASE("validate_params accepts the ends of each range and ignores unused parameters", "[activation]") {
  ActivationParams p;
  for (float a : {0.0f, 1.0f}) {
    p.a = a;
    CHECK(validate_params(Activation::LeakyRelu, p).ok);
  }
  for (float a : {-1.0f, 1.0f}) {
    p.a = a;
    CHECK(validate_params(Activation::Prelu, p).ok);
  }
  p = ActivationParams{};
  for (float alpha : {0.01f, 10.0f}) {
    p.alpha = alpha;
    CHECK(validate_params(Activation::Elu, p).ok);
  }
  for (float g : kReluGradAtZeroChoices) {
    p.relu_grad_at_zero = g;
    CHECK(validate_params(Activation::Relu, p).ok);
  }
  // Parameters an activation does not use are not its business (the network checks its own).
  ActivationParams unused;
  unused.a = kNaN;
  unused.alpha = -5.0f;
  unused.relu_grad_at_zero = 0.3f;
  for (const char* key : {"linear", "sigmoid", "tanh", "abs", "selu", "softplus", "gelu", "silu", "maxout"}) {
    INFO(key);
    CHECK(validate_params(*activation_from_key(key), unused).ok);
  }
  CHECK_THAT(validate_params(Activation::LeakyRelu, unused).message, Contains("leakyA"));
  CHECK_THAT(validate_params(Activation::Elu, unused).message, Contains("eluAlpha"));
  CHECK_THAT(validate_params(Activation::Relu, unused).message, Contains("reluGradAtZero"));
}

// ---------------------------------------------------------------------------------------------
// Determinism

TEST_CASE("activation outputs match the golden hash measured natively and in wasm",
          "[activation][determinism]") {
  // FNV-1a-64 of the float bits of g(z) and g'(z) (default parameters) for z over every 40009th
  // bit pattern with |z| <= 30, plus the probe points. These hashes were produced by this test
  // natively (g++ -O2 -ffp-contract=off) and, compiled with em++ -O2 -msimd128 and run in Node,
  // by the wasm build: identical. A change means the arithmetic changed; if intended, re-measure
  // in BOTH builds before updating, since native/wasm identity is what this pins
  // (docs/DETERMINISM.md: e.g. tanhf or erff would differ between glibc and musl).
  std::vector<float> z;
  for (std::uint64_t b = 0; b <= 0xFFFFFFFFull; b += 40009) {
    const float x = from_bits(static_cast<std::uint32_t>(b));
    if (std::fabs(x) <= 30.0f) z.push_back(x);
  }
  z.insert(z.end(), std::begin(kProbePoints), std::end(kProbePoints));
  REQUIRE(z.size() == 55324);
  const auto [key, value_hash, derivative_hash] = GENERATE(table<const char*, std::uint64_t, std::uint64_t>({
      {"linear", 0xE39224CC0814BC6Aull, 0x68DB408DBD0CC285ull},
      {"sigmoid", 0x9516C9554E31D49Full, 0xAB10F56752A42E9Full},
      {"tanh", 0x32E6DB3603709CA0ull, 0x4D606A1DA0D76D46ull},
      {"relu", 0xFAA8217F0CB496F9ull, 0xAE843CC4234E6F88ull},
      {"leaky_relu", 0x5720B54DEE777E83ull, 0xC074752CA4FD9F74ull},
      {"prelu", 0xCC3C952FA76904C5ull, 0x47E64D0436A38032ull},
      {"abs", 0x5F2890C53F435FEAull, 0x406A186025274555ull},
      {"elu", 0xBDC5C30A48562FFBull, 0x067700275EAEB87Cull},
      {"selu", 0xF62CB0A90A2CF4F1ull, 0xFE11BDE1C9C740B7ull},
      {"softplus", 0xB982AFB47A508AC6ull, 0x9516C9554E31D49Full},
      {"gelu", 0x98C4681F91708D4Full, 0x49AA428B82840292ull},
      {"silu", 0x04C7BA0122893AE9ull, 0x80E9B02C689836ADull},
      {"maxout", 0xE39224CC0814BC6Aull, 0x68DB408DBD0CC285ull},
  }));
  const Activation act = *activation_from_key(key);
  const ActivationParams p = default_params(act);
  std::vector<float> out(z.size());
  std::uint64_t h_value = 0xCBF29CE484222325ull, h_derivative = 0xCBF29CE484222325ull;
  activate(act, z, out, p);
  for (float v : out) hash_float(h_value, v);
  activate_derivative(act, z, out, p);
  for (float v : out) hash_float(h_derivative, v);
  INFO(key << std::hex << " value 0x" << h_value << ", derivative 0x" << h_derivative);
  CHECK(h_value == value_hash);
  CHECK(h_derivative == derivative_hash);
}
