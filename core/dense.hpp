// The dense-layer kernels of the MLP: z = in . W^T + b, its two gradients, and the predict path's
// layer step on blocks of kLanes samples, each with a plain loop reference beside it.
// The kernels interleave samples (or inputs, or rows) across SIMD lanes but never reorder a sum:
// every output element is accumulated in exactly the order of its reference loop, so kernel and
// reference give the same bits (tests/native/test_dense.cpp checks this over many shapes), and
// native and wasm agree. Not a layer: no activations beyond the predict step's fused
// piecewise-linear ones, no allocation, no knowledge of the parameter layout.
#pragma once
#include <cstddef>

#include "activation.hpp"

namespace relulab::dense {

/// Samples per block of the predict path (two f32x4).
inline constexpr std::size_t kLanes = 8;
/// The widest layer input the forward kernels take: Setting::Width's maximum (the 1 or 2 data
/// inputs are below it).
inline constexpr std::size_t kMaxInputs = 64;

/// z (n, rows) = in (n, in_dim) . W^T + b, W (rows, in_dim) row-major. in_dim <= kMaxInputs.
void affine(const float* in, std::size_t n, std::size_t in_dim, const float* w, const float* b, std::size_t rows,
            float* z);
/// grad_w (rows, in_dim) += delta^T . in and grad_b (rows) += column sums of delta (n samples).
void weight_gradient(const float* delta, const float* in, std::size_t n, std::size_t rows, std::size_t in_dim,
                     float* grad_w, float* grad_b);
/// grad_in (n, in_dim) = delta (n, rows) . W (rows, in_dim).
void input_gradient(const float* delta, const float* w, std::size_t n, std::size_t rows, std::size_t in_dim,
                    float* grad_in);
/// The predict path's layer step in the transposed layout: next (rows, kLanes) = W . cur + b with
/// cur (in_dim, kLanes), then `fused` applied per element: Linear, Relu, LeakyRelu (slope a) or
/// Abs (any other activation is left to the caller, next holds z). in_dim, rows <= kMaxInputs.
void affine_lanes(const float* cur, std::size_t in_dim, const float* w, const float* b, std::size_t rows,
                  float* next, Activation fused, float a);
/// Whether affine_lanes applies this activation itself.
constexpr bool fuses(Activation act) {
  return act == Activation::Linear || act == Activation::Relu || act == Activation::LeakyRelu ||
         act == Activation::Abs;
}

// Plain references: the obvious loops, in the summation order the kernels keep. Slow, kept as the
// definition of what the kernels compute (and as a fallback to read when a kernel is in doubt).

inline void affine_reference(const float* in, std::size_t n, std::size_t in_dim, const float* w, const float* b,
                             std::size_t rows, float* z) {
  for (std::size_t s = 0; s < n; ++s)        // in is (n, in_dim), w is (rows, in_dim), z is (n, rows)
    for (std::size_t r = 0; r < rows; ++r) {
      float acc = b[r];
      for (std::size_t i = 0; i < in_dim; ++i) acc += in[s * in_dim + i] * w[r * in_dim + i];
      z[s * rows + r] = acc;
    }
}

inline void weight_gradient_reference(const float* delta, const float* in, std::size_t n, std::size_t rows,
                                      std::size_t in_dim, float* grad_w, float* grad_b) {
  for (std::size_t r = 0; r < rows; ++r) {   // delta is (n, rows), in is (n, in_dim)
    for (std::size_t i = 0; i < in_dim; ++i) {
      float acc = grad_w[r * in_dim + i];
      for (std::size_t s = 0; s < n; ++s) acc += delta[s * rows + r] * in[s * in_dim + i];
      grad_w[r * in_dim + i] = acc;
    }
    float acc_b = grad_b[r];
    for (std::size_t s = 0; s < n; ++s) acc_b += delta[s * rows + r];
    grad_b[r] = acc_b;
  }
}

inline void input_gradient_reference(const float* delta, const float* w, std::size_t n, std::size_t rows,
                                     std::size_t in_dim, float* grad_in) {
  for (std::size_t s = 0; s < n; ++s)        // delta is (n, rows), w is (rows, in_dim)
    for (std::size_t i = 0; i < in_dim; ++i) {
      float acc = 0.0f;
      for (std::size_t r = 0; r < rows; ++r) acc += delta[s * rows + r] * w[r * in_dim + i];
      grad_in[s * in_dim + i] = acc;
    }
}

inline void affine_lanes_reference(const float* cur, std::size_t in_dim, const float* w, const float* b,
                                   std::size_t rows, float* next, Activation fused, float a) {
  ActivationParams p;
  p.a = a;
  for (std::size_t r = 0; r < rows; ++r)     // cur is (in_dim, kLanes), next is (rows, kLanes)
    for (std::size_t k = 0; k < kLanes; ++k) {
      float acc = b[r];
      for (std::size_t i = 0; i < in_dim; ++i) acc += cur[i * kLanes + k] * w[r * in_dim + i];
      next[r * kLanes + k] = fuses(fused) ? activate(fused, acc, p) : acc;
    }
}

}  // namespace relulab::dense
