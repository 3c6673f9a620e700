// expf without a libm call: the algorithm of musl's expf (Arm optimized-routines, EXP2F_TABLE_BITS
// = 5, polynomial order 3; the same code Emscripten links), step by step in double with + - * and
// bit operations only, so it returns exactly musl's bits on both targets. Native builds used
// glibc's expf before, which on FMA machines runs a fused variant of the same algorithm; the two
// agree on every input the determinism sweeps tried, and this copy removes the question (and the
// call). The vector form computes four lanes with the same operations, so lane k equals the scalar
// result for lane k. |x| >= 88, infinities and NaN take std::exp (musl's special cases: overflow
// to inf, underflow to 0, NaN). Error: 0.502 ulp (musl's figure); tests/native/test_activation.cpp
// checks it against long double exp and the vector form against the scalar one.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

#include "bit_cast.hpp"
#include "simd.hpp"

namespace relulab {
namespace expf_detail {

// 2^(i/32) as double bits minus (i << 47): musl's __exp2f_data.tab.
inline constexpr std::uint64_t kTable[32] = {
    0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f, 0x3fef9301d0125b51,
    0x3fef72b83c7d517b, 0x3fef54873168b9aa, 0x3fef387a6e756238, 0x3fef1e9df51fdee1,
    0x3fef06fe0a31b715, 0x3feef1a7373aa9cb, 0x3feedea64c123422, 0x3feece086061892d,
    0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429, 0x3feea47eb03a5585,
    0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74, 0x3feea11473eb0187, 0x3feea589994cce13,
    0x3feeace5422aa0db, 0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d,
    0x3feee89f995ad3ad, 0x3feeff76f2fb5e47, 0x3fef199bdd85529c, 0x3fef3720dcef9069,
    0x3fef5818dcfba487, 0x3fef7c97337b9b5f, 0x3fefa4afa2a490da, 0x3fefd0765b6e4540,
};
inline constexpr double kShift = 0x1.8p+52;
inline constexpr double kInvLn2N = 0x1.71547652b82fep+0 * 32;
inline constexpr double kC0 = 0x1.c6af84b912394p-5 / 32 / 32 / 32;
inline constexpr double kC1 = 0x1.ebfce50fac4f3p-3 / 32 / 32;
inline constexpr double kC2 = 0x1.62e42ff0c52d6p-1 / 32;
inline constexpr std::uint32_t kTop88 = 0x42b;  // top 12 bits of 88.0f


}  // namespace expf_detail

/// e^x as musl's expf computes it (see the file comment). Never inlined: one copy in the module
/// (each inlined copy costs ~200 bytes of wasm); the hot loops use the vector form.
[[gnu::noinline]] inline float portable_expf(float x) {
  using namespace expf_detail;
  const std::uint32_t xb = bit_cast<std::uint32_t>(x);
  if (((xb >> 20) & 0x7ff) >= kTop88) return std::exp(x);
  const double z = kInvLn2N * double(x);
  double kd = z + kShift;
  const std::uint64_t ki = bit_cast<std::uint64_t>(kd);
  kd -= kShift;
  const double r = z - kd;
  const double s = bit_cast<double>(kTable[ki % 32] + (ki << 47));
  const double p = kC0 * r + kC1;
  const double r2 = r * r;
  double y = kC2 * r + 1;
  y = p * r2 + y;
  return float(y * s);
}

/// portable_expf on four lanes: the same operations per lane, so the same bits. Not inlined either
/// (one copy; the call is small next to its ~60 instructions).
[[gnu::noinline]] inline simd::f32x4 portable_expf(simd::f32x4 x) {
  using namespace expf_detail;
  using namespace simd;
  const i32x4 top = (reinterpret_cast<i32x4>(x) >> 20) & 0x7ff;
  if (any(top >= i32x4{} + std::int32_t(kTop88)))
    return f32x4{portable_expf(x[0]), portable_expf(x[1]), portable_expf(x[2]), portable_expf(x[3])};
  auto half = [](f64x2 xd) {
    const f64x2 z = kInvLn2N * xd;
    f64x2 kd = z + kShift;
    const u64x2 ki = reinterpret_cast<u64x2>(kd);
    kd -= kShift;
    const f64x2 r = z - kd;
    const u64x2 t = u64x2{kTable[ki[0] % 32], kTable[ki[1] % 32]} + (ki << 47);
    const f64x2 s = reinterpret_cast<f64x2>(t);
    const f64x2 p = kC0 * r + kC1;
    const f64x2 r2 = r * r;
    f64x2 y = kC2 * r + 1;
    y = p * r2 + y;
    return y * s;
  };
  return to_float(half(low_to_double(x)), half(high_to_double(x)));
}

}  // namespace relulab
