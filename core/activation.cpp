// The activation library: value and dg/dz of every activation (scalar and array forms), the
// parameter checks and defaults, the maxout group op and the key lookup. Float32 in and out; transcendental
// parts go only through libm calls measured bit-identical between glibc and Emscripten's musl.
// Not a layer: no state, no allocation, no knowledge of the network.
#include "activation.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "activation_lanes.hpp"
#include "portable_exp.hpp"
#include "simd.hpp"

namespace relulab {
namespace {

// Numerics and determinism (docs/DETERMINISM.md). Native (glibc) and wasm (musl) libm must give
// the same bits, so this file never calls tanhf, expm1f, erff, log1pf or sinf. It uses expf (its
// own copy of musl's, portable_exp.hpp; tanh is built from it and + - * /, see tanh_value) and
// double-precision expm1 / log1p / erfc / exp, each result rounded once to float (erfc and
// the double exp inside GELU' were not in the first sweep's list: a sweep of 170 M float inputs with
// |z| <= 30 and 26 M with |z| <= 1e4, g++ -O2 / -O3 -march=native vs em++ -O2 -msimd128, gave
// identical bits for every value and derivative here). The "[determinism]" test pins a hash.
// Derivatives are computed from z, never from the rounded output: s(1 - s) and 1 - tanh^2 would
// round to 0 near |z| = 20 although the true derivative is still ~1e-9.

// expf as musl computes it (portable_exp.hpp): the same bits as the libm expf this file used
// before, on both targets, and a four-lane form for the array kernels (activation_lanes.hpp).
inline float exp_f(float x) { return portable_expf(x); }
inline float to_float(double x) { return static_cast<float>(x); }

constexpr double kInvSqrt2 = 0.70710678118654752440;     // 1/sqrt(2)
constexpr double kInvSqrt2Pi = 0.39894228040143267794;   // 1/sqrt(2 pi)
// lambda * alpha of SELU (Klambauer et al. 2017), the slope of SELU's negative branch at 0.
constexpr double kSeluLambdaAlpha = 1.7580993408473768599402175208123;

// Logistic pieces without overflow or cancellation: e = exp(-|z|) <= 1 from expf (exact argument,
// bit-identical libm), then s = sigmoid(z) and q = sigmoid(-z) = 1 - s each computed directly from
// e in double (q is not 1 - s, which cancels for z >> 0). Double + - * / are exact IEEE operations
// on both targets, so this costs no determinism and leaves one final rounding to float.
struct Logistic {
  double s;
  double q;
  double e;
};
inline Logistic logistic(float z) {
  const double e = exp_f(-std::fabs(z));
  const double d = 1.0 + e;
  const double big = 1.0 / d;
  const double small = e / d;
  return z >= 0.0f ? Logistic{big, small, e} : Logistic{small, big, e};
}

// NaN convention: every value function returns NaN for a NaN input (a NaN weight must not hide
// behind a ReLU as a "dead unit"), and so does every derivative except Linear's constant 1.

inline float linear_value(float z) { return z; }
inline float linear_derivative(float) { return 1.0f; }

inline float sigmoid_value(float z) { return to_float(logistic(z).s); }
// s(1 - s) = e / (1 + e)^2 with e = exp(-|z|): exact form, keeps ~1e-9 at |z| = 20.
inline float sigmoid_derivative(float z) {
  const double e = exp_f(-std::fabs(z));
  const double d = 1.0 + e;
  return to_float(e / (d * d));
}

// tanh without libm's tanh (musl's double tanh in wasm costs ~3x expf): for |z| < 0.55 the odd
// Taylor series to z^17 in double (truncation < 3e-8 of the value: the terms shrink by about
// (2z/pi)^2 <= 0.123), else 1 - 2/(e + 1) with e = expf(2|z|) in double (expf is bit-identical on
// both targets, docs/DETERMINISM.md; its error reaches the result scaled by 2e/(e+1)^2 <= 0.5).
// Only + - * / beyond expf: the same bits native and wasm; within 1 ulp of the exact tanh over
// the test sweep (tests/native/test_activation.cpp allows 2). NaN stays NaN (expf(NaN)); +-inf
// give +-1 (expf overflows to inf, 2/(inf+1) = 0).
inline float tanh_value(float z) {
  const double x = z;
  const double a = std::fabs(x);
  if (a < 0.55) return to_float(lanes::tanh_series(x));
  const double e = exp_f(2.0f * static_cast<float>(a));
  const double t = 1.0 - 2.0 / (e + 1.0);
  return to_float(x < 0 ? -t : t);
}
// 1 - tanh^2 z = 4e / (1 + e)^2 with e = exp(-2|z|) (2|z| is exact in float).
inline float tanh_derivative(float z) {
  const double e = exp_f(-2.0f * std::fabs(z));
  const double d = 1.0 + e;
  return to_float(4.0 * e / (d * d));
}

// ReLU: relu(0) = 0 (+0 also for z = -0); relu'(0) is the user's choice (0, 0.5 or 1).
inline float relu_value(float z) { return z <= 0.0f ? 0.0f : z; }
inline float relu_derivative(float z, float grad_at_zero) {
  if (z > 0.0f) return 1.0f;
  if (z < 0.0f) return 0.0f;
  return z == 0.0f ? grad_at_zero : z;
}

// Leaky ReLU and PReLU share one rule, `z > 0 ? 1 : a`, so g'(0) = a (docs/ACTIVATIONS.md).
inline float leaky_value(float z, float a) { return z > 0.0f ? z : a * z; }
inline float leaky_derivative(float z, float a) { return z > 0.0f ? 1.0f : (z <= 0.0f ? a : z); }

// Absolute value rectification: abs'(0) = 0 (PyTorch/TF; TF.js says -1).
inline float abs_value(float z) { return std::fabs(z); }
inline float abs_derivative(float z) {
  if (z > 0.0f) return 1.0f;
  if (z < 0.0f) return -1.0f;
  return z == 0.0f ? 0.0f : z;
}

// ELU: alpha (e^z - 1) for z <= 0, with e^z - 1 from double expm1 (no cancellation near 0) and
// one rounding to float. ELU'(0) takes the negative branch: alpha (PyTorch).
inline float elu_value(float z, float alpha) {
  return z > 0.0f ? z : to_float(static_cast<double>(alpha) * std::expm1(static_cast<double>(z)));
}
inline float elu_derivative(float z, float alpha) { return z > 0.0f ? 1.0f : alpha * exp_f(z); }

// SELU = lambda * ELU with alpha = kSeluAlpha; SELU'(0) = lambda * alpha (negative branch).
inline float selu_value(float z) {
  return z > 0.0f ? kSeluLambda * z
                  : to_float(kSeluLambdaAlpha * std::expm1(static_cast<double>(z)));
}
inline float selu_derivative(float z) {
  return z > 0.0f ? kSeluLambda : to_float(kSeluLambdaAlpha * static_cast<double>(exp_f(z)));
}

// Softplus = max(z, 0) + log1p(e^-|z|), summed in double and rounded once. Like PyTorch
// (threshold 20) it returns z itself for z > 20: in float that is the same number, since
// log1p(e^-20) ~ 2e-9 is below half an ulp of 20, so the shortcut changes no value.
inline float softplus_value(float z) {
  if (z > 20.0f) return z;
  const double positive_part = z > 0.0f ? static_cast<double>(z) : 0.0;
  return to_float(positive_part + std::log1p(static_cast<double>(exp_f(-std::fabs(z)))));
}
// softplus' = sigmoid; for z > 20 that is exactly 1.0f, matching PyTorch's backward.
inline float softplus_derivative(float z) { return sigmoid_value(z); }

// GELU (exact erf form) = z Phi(z) with Phi(z) = erfc(-z / sqrt 2) / 2: erfc keeps the left tail
// accurate where 1 + erf(z / sqrt 2) would cancel. All in double, rounded once. Beyond |z| = 64,
// erfc is exactly 0 or 2 and exp(-z^2 / 2) is 0 in double, so clamping there changes no finite
// result and only keeps z = +-inf from computing inf * 0.
inline float gelu_value(float z) {
  const double zc = z < -64.0f ? -64.0 : static_cast<double>(z);  // NaN stays NaN
  return to_float(0.5 * zc * std::erfc(-zc * kInvSqrt2));
}
// GELU' = Phi(z) + z phi(z), phi the standard normal density.
inline float gelu_derivative(float z) {
  const double zc = z < -64.0f ? -64.0 : (z > 64.0f ? 64.0 : static_cast<double>(z));
  return to_float(0.5 * std::erfc(-zc * kInvSqrt2) + zc * std::exp(-0.5 * zc * zc) * kInvSqrt2Pi);
}

// SiLU = z sigmoid(z); SiLU' = s (1 + z (1 - s)) with 1 - s taken as q (no cancellation), in
// double. Beyond |z| = 128 the factors are exactly 0 or 1 (e underflows), so clamping there only
// avoids inf * 0 at z = +-inf.
inline float silu_value(float z) {
  const float zc = z < -128.0f ? -128.0f : z;  // NaN stays NaN
  return to_float(static_cast<double>(zc) * logistic(zc).s);
}
inline float silu_derivative(float z) {
  const float zc = z < -128.0f ? -128.0f : (z > 128.0f ? 128.0f : z);
  const Logistic l = logistic(zc);
  return to_float(l.s * (1.0 + static_cast<double>(zc) * l.q));
}

// Array forms: one switch per call. Each case passes its own element function, so the loop is
// instantiated once per activation with it inlined (no call through a pointer per element).
// out[i] = f(z[i]), or f(z[i]) * up[i] when `up` is not empty (the backward pass's product with
// dL/dh, fused: the same bits as a second pass). In-place calls (out the same as z or up) are fine.
template <class F>
void map_into(std::span<const float> z, std::span<const float> up, std::span<float> out, F f) {
  assert(z.size() == out.size());
  const std::size_t n = std::min(z.size(), out.size());
  for (std::size_t i = 0; i < n; ++i) out[i] = up.empty() ? f(z[i]) : f(z[i]) * up[i];
}
// The same with a four-lane form of the element function (activation_lanes.hpp: each lane computes
// exactly what the scalar function computes; tests/native/test_activation.cpp checks the array
// forms against the scalar ones bit for bit). The last 1-3 elements go as lanes of a zero-padded
// vector (lanes are independent).
template <class V>
void map_into4(std::span<const float> z, std::span<const float> up, std::span<float> out, V vec) {
  assert(z.size() == out.size());
  const std::size_t n = std::min(z.size(), out.size());
  const bool times = !up.empty();
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    simd::f32x4 v = vec(simd::load(z.data() + i));
    if (times) v *= simd::load(up.data() + i);
    simd::store(out.data() + i, v);
  }
  if (i < n) {
    float tail[4] = {}, tail_up[4] = {};
    std::copy(z.data() + i, z.data() + n, tail);
    simd::f32x4 v = vec(simd::load(tail));
    if (times) {
      std::copy(up.data() + i, up.data() + n, tail_up);
      v *= simd::load(tail_up);
    }
    simd::store(tail, v);
    std::copy(tail, tail + (n - i), out.data() + i);
  }
}

void fill_nan(std::span<float> out) {
  std::fill(out.begin(), out.end(), std::numeric_limits<float>::quiet_NaN());
}

/// Maxout's rule, the one place it is written: strictly greater wins, so ties keep the lowest
/// piece (ConvNetJS); a NaN piece wins over numbers (the first NaN), so a diverged piece shows up
/// in the output instead of being ignored. Unit by unit, all samples of a unit before the next
/// (activate_layer's in-place condition).
void maxout_strided(const LayerActivation& layer, std::size_t samples, const float* z, Strides z_at, float* h,
                    Strides h_at, int* winners) {
  const std::size_t k = std::size_t(layer.pieces);
  for (std::size_t u = 0; u < layer.units; ++u)
    for (std::size_t s = 0; s < samples; ++s) {
      const float* piece = z + s * z_at.sample + u * k * z_at.unit;
      std::size_t best = 0;
      float best_value = piece[0];
      for (std::size_t j = 1; j < k; ++j) {
        const float v = piece[j * z_at.unit];
        if (v > best_value || (std::isnan(v) && !std::isnan(best_value))) {
          best = j;
          best_value = v;
        }
      }
      h[s * h_at.sample + u * h_at.unit] = best_value;
      if (winners) winners[s * layer.units + u] = int(best);
    }
}

}  // namespace

std::optional<Activation> activation_from_key(std::string_view key) {
  for (const ActivationInfo& info : kActivations) {
    if (key == info.key) return info.id;
  }
  return std::nullopt;
}

ActivationParams default_params(Activation act) {
  ActivationParams p;
  switch (act) {
    case Activation::LeakyRelu:
      p.a = float(default_of(Setting::LeakyA));
      return p;
    case Activation::Prelu:
      p.a = float(default_of(Setting::PreluInit));
      return p;
    case Activation::Linear:
    case Activation::Sigmoid:
    case Activation::Tanh:
    case Activation::Relu:
    case Activation::Abs:
    case Activation::Elu:
    case Activation::Selu:
    case Activation::Softplus:
    case Activation::Gelu:
    case Activation::Silu:
    case Activation::Maxout:
      return p;
  }
  return p;
}

Status validate_params(Activation act, const ActivationParams& params) {
  switch (act) {
    case Activation::Relu:
      return check_setting(Setting::ReluGradAtZero, params.relu_grad_at_zero);
    case Activation::LeakyRelu:
      return check_setting(Setting::LeakyA, params.a);
    case Activation::Prelu:
      return check_setting(Setting::PreluInit, params.a);
    case Activation::Elu:
      return check_setting(Setting::EluAlpha, params.alpha);
    case Activation::Linear:
    case Activation::Sigmoid:
    case Activation::Tanh:
    case Activation::Abs:
    case Activation::Selu:
    case Activation::Softplus:
    case Activation::Gelu:
    case Activation::Silu:
    case Activation::Maxout:
      return Status::success();
  }
  return Status::error("activation must be one of the known activations");
}

float activate(Activation act, float z, const ActivationParams& p) {
  switch (act) {
    case Activation::Linear: return linear_value(z);
    case Activation::Sigmoid: return sigmoid_value(z);
    case Activation::Tanh: return tanh_value(z);
    case Activation::Relu: return relu_value(z);
    case Activation::LeakyRelu: return leaky_value(z, p.a);
    case Activation::Prelu: return leaky_value(z, p.a);
    case Activation::Abs: return abs_value(z);
    case Activation::Elu: return elu_value(z, p.alpha);
    case Activation::Selu: return selu_value(z);
    case Activation::Softplus: return softplus_value(z);
    case Activation::Gelu: return gelu_value(z);
    case Activation::Silu: return silu_value(z);
    case Activation::Maxout: return linear_value(z);  // each piece is affine; max in maxout_forward
  }
  return std::numeric_limits<float>::quiet_NaN();  // not a valid Activation
}

float activate_derivative(Activation act, float z, const ActivationParams& p) {
  switch (act) {
    case Activation::Linear: return linear_derivative(z);
    case Activation::Sigmoid: return sigmoid_derivative(z);
    case Activation::Tanh: return tanh_derivative(z);
    case Activation::Relu: return relu_derivative(z, p.relu_grad_at_zero);
    case Activation::LeakyRelu: return leaky_derivative(z, p.a);
    case Activation::Prelu: return leaky_derivative(z, p.a);
    case Activation::Abs: return abs_derivative(z);
    case Activation::Elu: return elu_derivative(z, p.alpha);
    case Activation::Selu: return selu_derivative(z);
    case Activation::Softplus: return softplus_derivative(z);
    case Activation::Gelu: return gelu_derivative(z);
    case Activation::Silu: return silu_derivative(z);
    case Activation::Maxout: return linear_derivative(z);
  }
  return std::numeric_limits<float>::quiet_NaN();
}

void activate(Activation act, std::span<const float> z, std::span<float> out, const ActivationParams& p) {
  switch (act) {
    case Activation::Linear: return map_into(z, {}, out, [](float x) { return linear_value(x); });
    case Activation::Sigmoid: return map_into4(z, {}, out, lanes::sigmoid);
    case Activation::Tanh: return map_into4(z, {}, out, lanes::tanh);
    case Activation::Relu: return map_into4(z, {}, out, lanes::relu);
    case Activation::LeakyRelu:
    case Activation::Prelu: {
      const float a = p.a;
      return map_into4(z, {}, out, [a](lanes::f32x4 v) { return lanes::leaky(v, a); });
    }
    case Activation::Abs: return map_into4(z, {}, out, lanes::abs);
    case Activation::Elu: {
      const float alpha = p.alpha;
      return map_into(z, {}, out, [alpha](float x) { return elu_value(x, alpha); });
    }
    case Activation::Selu: return map_into(z, {}, out, [](float x) { return selu_value(x); });
    case Activation::Softplus: return map_into(z, {}, out, [](float x) { return softplus_value(x); });
    case Activation::Gelu: return map_into(z, {}, out, [](float x) { return gelu_value(x); });
    case Activation::Silu: return map_into(z, {}, out, [](float x) { return silu_value(x); });
    case Activation::Maxout: return map_into(z, {}, out, [](float x) { return linear_value(x); });
  }
  fill_nan(out);
}

namespace {

void derivative_into(Activation act, std::span<const float> z, std::span<const float> up, std::span<float> out,
                     const ActivationParams& p) {
  switch (act) {
    case Activation::Linear:
    case Activation::Maxout: return map_into(z, up, out, [](float x) { return linear_derivative(x); });
    case Activation::Sigmoid: return map_into4(z, up, out, lanes::sigmoid_d);
    case Activation::Tanh: return map_into4(z, up, out, lanes::tanh_d);
    case Activation::Relu: {
      const float g0 = p.relu_grad_at_zero;
      return map_into4(z, up, out, [g0](lanes::f32x4 v) { return lanes::relu_d(v, g0); });
    }
    case Activation::LeakyRelu:
    case Activation::Prelu: {
      const float a = p.a;
      return map_into4(z, up, out, [a](lanes::f32x4 v) { return lanes::leaky_d(v, a); });
    }
    case Activation::Abs: return map_into4(z, up, out, lanes::abs_d);
    case Activation::Elu: {
      const float alpha = p.alpha;
      return map_into4(z, up, out, [alpha](lanes::f32x4 v) { return lanes::elu_d(v, alpha); });
    }
    case Activation::Selu: return map_into(z, up, out, [](float x) { return selu_derivative(x); });
    case Activation::Softplus: return map_into(z, up, out, [](float x) { return softplus_derivative(x); });
    case Activation::Gelu: return map_into(z, up, out, [](float x) { return gelu_derivative(x); });
    case Activation::Silu: return map_into(z, up, out, [](float x) { return silu_derivative(x); });
  }
  fill_nan(out);
}

}  // namespace

void activate_derivative(Activation act, std::span<const float> z, std::span<float> out,
                         const ActivationParams& p) {
  assert(z.size() == out.size());
  derivative_into(act, z, {}, out, p);
}

void activate_derivative_times(Activation act, std::span<const float> z, std::span<const float> upstream,
                               std::span<float> out, const ActivationParams& p) {
  assert(z.size() == out.size());
  if (upstream.size() < std::min(z.size(), out.size())) return fill_nan(out);  // refused visibly
  derivative_into(act, z, upstream, out, p);
}

void maxout_forward(std::span<const float> pieces, int k, std::span<float> out, std::span<int> winner) {
  assert(k > 0 && pieces.size() == out.size() * std::size_t(k) && winner.size() == out.size());
  if (k <= 0) return;
  const std::size_t group = std::size_t(k);
  const std::size_t units = std::min({out.size(), winner.size(), pieces.size() / group});
  // Contiguous groups are the layer form's sample-major layout with one sample per group.
  LayerActivation layer;
  layer.act = Activation::Maxout;
  layer.units = units;
  layer.pieces = k;
  maxout_strided(layer, 1, pieces.data(), Strides{0, 1}, out.data(), Strides{0, 1}, winner.data());
}

void maxout_backward(std::span<const float> grad_out, int k, std::span<const int> winner,
                     std::span<float> grad_pieces) {
  assert(k > 0 && grad_pieces.size() == grad_out.size() * std::size_t(k) &&
         winner.size() == grad_out.size());
  if (k <= 0) return;
  const std::size_t group = std::size_t(k);
  const std::size_t units = std::min({grad_out.size(), winner.size(), grad_pieces.size() / group});
  for (std::size_t u = 0; u < units; ++u) {
    const int w = winner[u];
    assert(w >= 0 && w < k);
    if (w < 0 || w >= k) continue;
    grad_pieces[u * group + std::size_t(w)] += grad_out[u];
  }
}

void activate_layer(const LayerActivation& layer, std::size_t samples, const float* z, Strides z_at, float* h,
                    Strides h_at, int* winners) {
  if (layer.act == Activation::Maxout) return maxout_strided(layer, samples, z, z_at, h, h_at, winners);
  if (layer.act == Activation::Prelu) {
    const bool shared = layer.slope_count == 1;
    for (std::size_t u = 0; u < layer.units; ++u) {
      const float a = layer.slopes[shared ? 0 : u];
      for (std::size_t s = 0; s < samples; ++s)
        h[s * h_at.sample + u * h_at.unit] = leaky_value(z[s * z_at.sample + u * z_at.unit], a);
    }
    return;
  }
  // Every other activation is element-wise: its array form over the dense block.
  const std::size_t count = samples * layer.units;
  activate(layer.act, std::span<const float>(z, count), std::span<float>(h, count), layer.params);
}

void activate_layer_backward(const LayerActivation& layer, std::size_t samples, const float* z, const float* dh,
                             const int* winners, float* dz, float* grad_slopes) {
  const std::size_t units = layer.units;
  if (layer.act == Activation::Maxout) {
    const std::size_t rows = units * std::size_t(layer.pieces);
    std::fill_n(dz, samples * rows, 0.0f);
    return maxout_backward(std::span<const float>(dh, samples * units), layer.pieces,
                           std::span<const int>(winners, samples * units), std::span<float>(dz, samples * rows));
  }
  if (layer.act == Activation::Prelu) {
    // dh/dz = z > 0 ? 1 : a (a NaN z takes a); dh/da = prelu_grad_a(z).
    const bool shared = layer.slope_count == 1;
    for (std::size_t s = 0; s < samples; ++s)
      for (std::size_t u = 0; u < units; ++u) {
        const std::size_t i = s * units + u, slope = shared ? 0 : u;
        dz[i] = dh[i] * (z[i] > 0.0f ? 1.0f : layer.slopes[slope]);
        grad_slopes[slope] += dh[i] * prelu_grad_a(z[i]);
      }
    return;
  }
  const std::size_t count = samples * units;
  activate_derivative_times(layer.act, std::span<const float>(z, count), std::span<const float>(dh, count),
                            std::span<float>(dz, count), layer.params);
}

}  // namespace relulab
