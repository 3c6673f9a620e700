// Four floats (or two doubles) as one value: the GCC/Clang vector extension, which is f32x4 /
// f64x2 in wasm with -msimd128 and SSE2 on x86-64. Lane-wise + - * / are the IEEE operations, so
// a lane computes exactly what scalar code computes (no contraction: -ffp-contract=off), and the
// same bits come out natively and in wasm. Without -msimd128 the compiler lowers them to scalar
// code with the same results. Comparisons give lane masks (-1 / 0) for select().
#pragma once
#include <cstdint>
#include <cstring>

namespace relulab::simd {

typedef float f32x4 __attribute__((vector_size(16)));
typedef float f32x2 __attribute__((vector_size(8)));
typedef std::int32_t i32x4 __attribute__((vector_size(16)));
typedef double f64x2 __attribute__((vector_size(16)));
typedef std::uint64_t u64x2 __attribute__((vector_size(16)));

inline f32x4 load(const float* p) {
  f32x4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(float* p, f32x4 v) { std::memcpy(p, &v, sizeof v); }
inline f32x4 splat(float x) { return f32x4{x, x, x, x}; }
/// mask ? a : b per lane (mask lanes all ones or all zeros, as comparisons give).
inline f32x4 select(i32x4 mask, f32x4 a, f32x4 b) {
  return reinterpret_cast<f32x4>((mask & reinterpret_cast<i32x4>(a)) | (~mask & reinterpret_cast<i32x4>(b)));
}
inline bool any(i32x4 mask) { return (mask[0] | mask[1] | mask[2] | mask[3]) != 0; }
inline f64x2 low_to_double(f32x4 v) { return __builtin_convertvector(__builtin_shufflevector(v, v, 0, 1), f64x2); }
inline f64x2 high_to_double(f32x4 v) { return __builtin_convertvector(__builtin_shufflevector(v, v, 2, 3), f64x2); }
/// Rounds two double pairs to floats (each lane rounded once, as static_cast<float>).
inline f32x4 to_float(f64x2 low, f64x2 high) {
  const f32x2 a = __builtin_convertvector(low, f32x2);
  const f32x2 b = __builtin_convertvector(high, f32x2);
  return __builtin_shufflevector(a, b, 0, 1, 2, 3);
}

}  // namespace relulab::simd
