// Four-lane forms of the activation element functions of core/activation.cpp: the same
// comparisons and operations per lane, NaN and -0 included, so lane k equals the scalar function
// of lane k (tests/native/test_activation.cpp compares the array forms, built on these, with the
// scalar forms bit for bit). Used by activation.cpp's array forms and by network.cpp's predict
// kernel, which applies the piecewise-linear ones as it stores. Compiled with -msimd128 in wasm.
#pragma once
#include "portable_exp.hpp"
#include "simd.hpp"

namespace relulab::lanes {
using simd::f32x4;
using simd::f64x2;
using simd::i32x4;
using simd::select;
using simd::splat;

inline f32x4 abs(f32x4 z) { return reinterpret_cast<f32x4>(reinterpret_cast<i32x4>(z) & 0x7fffffff); }
inline f32x4 relu(f32x4 z) { return select(z <= 0.0f, f32x4{}, z); }
inline f32x4 relu_d(f32x4 z, float g0) {
  return select(z > 0.0f, splat(1.0f), select(z < 0.0f, f32x4{}, select(z == 0.0f, splat(g0), z)));
}
inline f32x4 leaky(f32x4 z, float a) { return select(z > 0.0f, z, a * z); }
inline f32x4 leaky_d(f32x4 z, float a) { return select(z > 0.0f, splat(1.0f), select(z <= 0.0f, splat(a), z)); }
inline f32x4 abs_d(f32x4 z) {
  return select(z > 0.0f, splat(1.0f), select(z < 0.0f, splat(-1.0f), select(z == 0.0f, f32x4{}, z)));
}
// sigmoid_value: s from e = exp(-|z|) in double, big = 1/(1+e) for z >= 0, small = e/(1+e) else.
inline f32x4 sigmoid(f32x4 z) {
  const f32x4 e = portable_expf(-abs(z));
  const f64x2 e_lo = simd::low_to_double(e), e_hi = simd::high_to_double(e);
  const f64x2 d_lo = 1.0 + e_lo, d_hi = 1.0 + e_hi;
  const f32x4 num = select(z >= 0.0f, splat(1.0f), e);  // 1 or e over 1 + e: one division per lane
  return simd::to_float(simd::low_to_double(num) / d_lo, simd::high_to_double(num) / d_hi);
}
// e / (1 + e)^2 with e = exp(-|z|) (sigmoid_derivative); with e = exp(-2|z|) and 4e on top it is
// tanh_derivative.
inline f32x4 logistic_slope(f32x4 e, double scale) {
  const f64x2 e_lo = simd::low_to_double(e), e_hi = simd::high_to_double(e);
  const f64x2 d_lo = 1.0 + e_lo, d_hi = 1.0 + e_hi;
  return simd::to_float(scale * e_lo / (d_lo * d_lo), scale * e_hi / (d_hi * d_hi));
}
// elu_derivative: z > 0 ? 1 : alpha * exp(z); the exp of the z > 0 lanes is not used, so it is
// taken of 0 there (keeps large z off expf's slow path).
inline f32x4 elu_d(f32x4 z, float alpha) {
  const i32x4 positive = z > 0.0f;
  return select(positive, splat(1.0f), alpha * portable_expf(select(positive, f32x4{}, z)));
}
inline f32x4 sigmoid_d(f32x4 z) { return logistic_slope(portable_expf(-abs(z)), 1.0); }
inline f32x4 tanh_d(f32x4 z) { return logistic_slope(portable_expf(-2.0f * abs(z)), 4.0); }
// tanh's odd Taylor series to z^17 for |z| < 0.55 (tanh_value in activation.cpp uses it as is, on
// a double): T is double or f64x2, the same operations per lane.
template <class T>
inline T tanh_series(T x) {
  const T x2 = x * x;
  T p = T{} + 6404582.0 / 10854718875.0;
  p = p * x2 - 929569.0 / 638512875.0;
  p = p * x2 + 21844.0 / 6081075.0;
  p = p * x2 - 1382.0 / 155925.0;
  p = p * x2 + 62.0 / 2835.0;
  p = p * x2 - 17.0 / 315.0;
  p = p * x2 + 2.0 / 15.0;
  p = p * x2 - 1.0 / 3.0;
  return x + x * (x2 * p);
}
inline f64x2 tanh_tail(f64x2 e) { return 1.0 - 2.0 / (e + 1.0); }
// tanh_value: both branches on every lane, then the one the scalar code takes.
inline f32x4 tanh(f32x4 z) {
  const f32x4 a = abs(z);
  const f32x4 e = portable_expf(2.0f * a);  // first: fewer values live across the call
  const f32x4 near = simd::to_float(tanh_series(simd::low_to_double(z)), tanh_series(simd::high_to_double(z)));
  const f32x4 t = simd::to_float(tanh_tail(simd::low_to_double(e)), tanh_tail(simd::high_to_double(e)));
  // The scalar test is (double)|z| < 0.55; 0.55f is the float just above 0.55, so for a float |z|
  // it is the same test as |z| < 0.55f.
  return select(a < 0.55f, near, select(z < 0.0f, -t, t));
}
}  // namespace relulab::lanes
