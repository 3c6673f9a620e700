// The dense-layer kernels (dense.hpp): f32x4 lanes over samples, inputs or rows, each sum in the
// order of its reference loop in dense.hpp (tests/native/test_dense.cpp: bit for bit).
// Speed over size: this is the one file of the network built -O3 -msimd128 in wasm
// (CMakeLists.txt); its fixed-size inner loops are unrolled by `#pragma GCC unroll`, which the
// wasm build honours under -fno-unroll-loops, so the accumulators stay in registers.
#include "dense.hpp"

#include <algorithm>
#include <cassert>

#include "activation_lanes.hpp"
#include "simd.hpp"

namespace relulab::dense {
namespace {

// Four floats as one value (GCC/Clang vector extension: f32x4 in wasm with -msimd128, SSE on
// x86-64). Its + and * are the element-wise IEEE operations, so a lane computes exactly what the
// scalar code computes (no contraction: -ffp-contract=off).
using simd::f32x4;

/// Transposes a 4 x 4 block: out[k] lane j = in[j] lane k.
inline void transpose4(const f32x4 (&in)[4], f32x4 (&out)[4]) {
  const f32x4 t0 = __builtin_shufflevector(in[0], in[1], 0, 4, 1, 5);
  const f32x4 t1 = __builtin_shufflevector(in[2], in[3], 0, 4, 1, 5);
  const f32x4 t2 = __builtin_shufflevector(in[0], in[1], 2, 6, 3, 7);
  const f32x4 t3 = __builtin_shufflevector(in[2], in[3], 2, 6, 3, 7);
  out[0] = __builtin_shufflevector(t0, t1, 0, 1, 4, 5);
  out[1] = __builtin_shufflevector(t0, t1, 2, 3, 6, 7);
  out[2] = __builtin_shufflevector(t2, t3, 0, 1, 4, 5);
  out[3] = __builtin_shufflevector(t2, t3, 2, 3, 6, 7);
}

/// One block of affine(): `valid` (1 .. 4H) samples starting at `block`, as H four-lane halves.
/// H = 2 for full blocks; H = 1 when at most four samples are left (a batch of 10 is 8 + 2 samples:
/// its second block costs half as much as an eight-lane one).
template <int H>
void affine_block(const float* block, std::size_t valid, std::size_t in_dim, const float* w, const float* b,
                  std::size_t rows, float* z_block) {
  f32x4 in_t[kMaxInputs * H];  // (in_dim, 4H samples): in_t[H * i + half]
  if (in_dim % 4 == 0) {  // 4 x 4 tiles of (samples, inputs) transposed in registers
    for (int half = 0; half < H; ++half)
      for (std::size_t j = 0; j < in_dim; j += 4) {
        f32x4 tile[4], cols[4];
#pragma GCC unroll 4
        for (std::size_t k = 0; k < 4; ++k)
          tile[k] = 4 * std::size_t(half) + k < valid ? simd::load(block + (4 * std::size_t(half) + k) * in_dim + j)
                                                      : f32x4{};
        transpose4(tile, cols);
#pragma GCC unroll 4
        for (std::size_t c = 0; c < 4; ++c) in_t[H * (j + c) + std::size_t(half)] = cols[c];
      }
  } else {
    for (std::size_t i = 0; i < in_dim; ++i) {
      float lane[4 * H] = {};
      for (std::size_t k = 0; k < valid; ++k) lane[k] = block[k * in_dim + i];
#pragma GCC unroll 2
      for (int half = 0; half < H; ++half) in_t[H * i + std::size_t(half)] = simd::load(lane + 4 * half);
    }
  }
  std::size_t r = 0;
  for (; r + 4 <= rows; r += 4) {
    const float* w_row[4];
    f32x4 acc[H][4];
#pragma GCC unroll 4
    for (std::size_t j = 0; j < 4; ++j) {
      w_row[j] = w + (r + j) * in_dim;
#pragma GCC unroll 2
      for (int half = 0; half < H; ++half) acc[half][j] = simd::splat(b[r + j]);
    }
    const f32x4* x = in_t;
    for (std::size_t i = 0; i < in_dim; ++i, x += H) {
#pragma GCC unroll 4
      for (std::size_t j = 0; j < 4; ++j) {
        const float wv = w_row[j][i];
#pragma GCC unroll 2
        for (int half = 0; half < H; ++half) acc[half][j] += x[half] * wv;
      }
    }
#pragma GCC unroll 2
    for (int half = 0; half < H; ++half) {
      f32x4 out[4];
      transpose4(acc[half], out);  // out[k]: sample 4*half+k, rows r..r+3
#pragma GCC unroll 4
      for (std::size_t k = 0; k < 4; ++k)
        if (4 * std::size_t(half) + k < valid) simd::store(z_block + (4 * std::size_t(half) + k) * rows + r, out[k]);
    }
  }
  for (; r < rows; ++r) {
    const float* w_row = w + r * in_dim;
    f32x4 acc[H];
#pragma GCC unroll 2
    for (int half = 0; half < H; ++half) acc[half] = simd::splat(b[r]);
    for (std::size_t i = 0; i < in_dim; ++i)
#pragma GCC unroll 2
      for (int half = 0; half < H; ++half) acc[half] += in_t[H * i + std::size_t(half)] * w_row[i];
    float lanes_out[4 * H];
#pragma GCC unroll 2
    for (int half = 0; half < H; ++half) simd::store(lanes_out + 4 * half, acc[half]);
    for (std::size_t k = 0; k < valid; ++k) z_block[k * rows + r] = lanes_out[k];
  }
}

}  // namespace

/// z (n, rows) = in (n, in_dim) . W^T + b. Every z[s][r] is b[r] + in[s][0]*W[r][0] + in[s][1]*W[r][1]
/// + ... summed left to right, exactly as the plain loop; only the samples are interleaved: a block
/// of kLanes samples is transposed to (in_dim, kLanes) so that each step of the sum is one
/// multiply-add on kLanes independent samples (lanes), without reordering any sum
/// (bit-identical to the scalar order, native and wasm). Four rows go together (eight independent
/// sums in flight, so the adds' latency overlaps), and their 4 x 8 results are transposed back in
/// registers into contiguous stores. The last block is padded with zero samples, computed and not
/// stored.
void affine(const float* in, std::size_t n, std::size_t in_dim, const float* w, const float* b,
            std::size_t rows, float* z) {
  assert(in_dim <= kMaxInputs);  // widths are at most 64 (Setting::Width), data inputs 1 or 2
  for (std::size_t s = 0; s < n; s += kLanes) {
    const std::size_t valid = std::min(kLanes, n - s);
    if (valid > 4)
      affine_block<2>(in + s * in_dim, valid, in_dim, w, b, rows, z + s * rows);
    else
      affine_block<1>(in + s * in_dim, valid, in_dim, w, b, rows, z + s * rows);
  }
}

namespace {

/// weight_gradient's lanes-over-inputs part for rows r (and r + 1 if pair) and inputs i .. i + 4V - 1:
/// V vectors per row, two rows in flight. V is a template argument so the accumulators stay in
/// registers (the loops over v are unrolled; the build keeps -fno-unroll-loops otherwise).
template <int V>
void weight_gradient_chunk(const float* delta, const float* in, std::size_t n, std::size_t rows, std::size_t in_dim,
                           std::size_t r, bool pair, std::size_t i, float* grad_w) {
  float* g0 = grad_w + r * in_dim + i;
  float* g1 = pair ? g0 + in_dim : g0;
  f32x4 a0[V], a1[V];
#pragma GCC unroll 4
  for (int v = 0; v < V; ++v) {
    a0[v] = simd::load(g0 + 4 * v);
    a1[v] = simd::load(g1 + 4 * v);
  }
  // Pointers stepped per sample (not s * in_dim each time: V8 keeps the multiplications).
  const float* x = in + i;
  const float* d = delta + r;
  const std::size_t next_row = pair ? 1 : 0;
  for (std::size_t s = 0; s < n; ++s, x += in_dim, d += rows) {
    const float d0 = d[0];
    const float d1 = d[next_row];
#pragma GCC unroll 4
    for (int v = 0; v < V; ++v) {
      const f32x4 xv = simd::load(x + 4 * v);
      a0[v] += d0 * xv;
      a1[v] += d1 * xv;
    }
  }
#pragma GCC unroll 4
  for (int v = 0; v < V; ++v) {
    simd::store(g0 + 4 * v, a0[v]);
    if (pair) simd::store(g1 + 4 * v, a1[v]);
  }
}

/// weight_gradient for a layer with D (1..3) inputs: lanes are four rows (delta's rows are
/// contiguous per sample), D accumulators per group kept in registers; the last rows % 4 scalar.
template <int D>
void weight_gradient_rows(const float* delta, const float* in, std::size_t n, std::size_t rows, float* grad_w) {
  std::size_t r = 0;
  for (; r + 4 <= rows; r += 4) {
    f32x4 acc[D];
#pragma GCC unroll 4
    for (int i = 0; i < D; ++i)
      acc[i] = f32x4{grad_w[r * D + i], grad_w[(r + 1) * D + i], grad_w[(r + 2) * D + i], grad_w[(r + 3) * D + i]};
    const float* d_s = delta + r;
    const float* x = in;
    for (std::size_t s = 0; s < n; ++s, d_s += rows, x += D) {
      const f32x4 d = simd::load(d_s);
#pragma GCC unroll 4
      for (int i = 0; i < D; ++i) acc[i] += d * x[i];
    }
#pragma GCC unroll 4
    for (int i = 0; i < D; ++i)
#pragma GCC unroll 4
      for (int k = 0; k < 4; ++k) grad_w[(r + k) * D + i] = acc[i][k];
  }
  for (; r < rows; ++r)
    for (int i = 0; i < D; ++i) {
      float acc = grad_w[r * D + i];
      for (std::size_t s = 0; s < n; ++s) acc += delta[s * rows + r] * in[s * D + i];
      grad_w[r * D + i] = acc;
    }
}

}  // namespace

/// grad_w (rows, in_dim) += delta^T . in and grad_b (rows) += column sums of delta, over n samples.
/// Each element accumulates over the samples s = 0, 1, ... in order (as the plain per-sample loop
/// does), in a register instead of memory. Lanes: four inputs of a row (two rows x up to 16 inputs
/// in flight), the last in_dim % 4 inputs scalar; for the first layer's 1 or 2 inputs, four rows.
void weight_gradient(const float* delta, const float* in, std::size_t n, std::size_t rows, std::size_t in_dim,
                     float* grad_w, float* grad_b) {
  if (in_dim <= 3) {
    if (in_dim == 1) weight_gradient_rows<1>(delta, in, n, rows, grad_w);
    if (in_dim == 2) weight_gradient_rows<2>(delta, in, n, rows, grad_w);
    if (in_dim == 3) weight_gradient_rows<3>(delta, in, n, rows, grad_w);
  } else {
    const std::size_t vector_inputs = in_dim / 4 * 4;
    for (std::size_t r = 0; r < rows; r += 2) {
      const bool pair = r + 1 < rows;
      std::size_t i = 0;
      for (; i + 16 <= vector_inputs; i += 16) weight_gradient_chunk<4>(delta, in, n, rows, in_dim, r, pair, i, grad_w);
      if (i + 8 <= vector_inputs) {
        weight_gradient_chunk<2>(delta, in, n, rows, in_dim, r, pair, i, grad_w);
        i += 8;
      }
      if (i < vector_inputs) weight_gradient_chunk<1>(delta, in, n, rows, in_dim, r, pair, i, grad_w);
    }
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t i = vector_inputs; i < in_dim; ++i) {
        float acc = grad_w[r * in_dim + i];
        for (std::size_t s = 0; s < n; ++s) acc += delta[s * rows + r] * in[s * in_dim + i];
        grad_w[r * in_dim + i] = acc;
      }
  }
  std::size_t r = 0;
  for (; r + 4 <= rows; r += 4) {
    f32x4 acc_b = simd::load(grad_b + r);
    const float* d_s = delta + r;
    for (std::size_t s = 0; s < n; ++s, d_s += rows) acc_b += simd::load(d_s);
    simd::store(grad_b + r, acc_b);
  }
  for (; r < rows; ++r) {
    float acc_b = grad_b[r];
    for (std::size_t s = 0; s < n; ++s) acc_b += delta[s * rows + r];
    grad_b[r] = acc_b;
  }
}

namespace {

/// input_gradient for samples s .. s + S - 1 (those below n) and inputs i .. i + 4V - 1, all in
/// flight at once; template arguments keep the S x V accumulators in registers.
template <int S, int V>
void input_gradient_chunk(const float* delta, const float* w, std::size_t n, std::size_t rows, std::size_t in_dim,
                          std::size_t s, std::size_t i, float* grad_in) {
  f32x4 acc[S][V] = {};
  // Samples past n read the last sample's delta (never stored); pointers stepped per row.
  const float* d_k[S];
#pragma GCC unroll 4
  for (int k = 0; k < S; ++k) d_k[k] = delta + std::min(s + std::size_t(k), n - 1) * rows;
  const float* w_r = w + i;
  for (std::size_t r = 0; r < rows; ++r, w_r += in_dim) {
    f32x4 wv[V];
#pragma GCC unroll 4
    for (int v = 0; v < V; ++v) wv[v] = simd::load(w_r + 4 * v);
#pragma GCC unroll 4
    for (int k = 0; k < S; ++k) {
      const float d = d_k[k][r];
#pragma GCC unroll 4
      for (int v = 0; v < V; ++v) acc[k][v] += d * wv[v];
    }
  }
#pragma GCC unroll 4
  for (int k = 0; k < S; ++k)
    if (s + std::size_t(k) < n)
#pragma GCC unroll 4
      for (int v = 0; v < V; ++v) simd::store(grad_in + (s + std::size_t(k)) * in_dim + i + 4 * v, acc[k][v]);
}

}  // namespace

/// grad_in (n, in_dim) = delta (n, rows) . W (rows, in_dim): each element is 0 + d[s][0]*W[0][i]
/// + d[s][1]*W[1][i] + ... over the rows in order (as the plain loop). Lanes are 4 inputs; two
/// samples x 16 inputs are in flight at a time (four samples x 8 or x 4 for narrow layers); the
/// last in_dim % 4 inputs are summed one at a time.
void input_gradient(const float* delta, const float* w, std::size_t n, std::size_t rows, std::size_t in_dim,
                    float* grad_in) {
  const std::size_t vector_inputs = in_dim / 4 * 4;  // the last in_dim % 4 inputs: scalar, below
  if (vector_inputs >= 16) {
    for (std::size_t s = 0; s < n; s += 2) {
      std::size_t i = 0;
      for (; i + 16 <= vector_inputs; i += 16) input_gradient_chunk<2, 4>(delta, w, n, rows, in_dim, s, i, grad_in);
      for (; i < vector_inputs; i += 4) input_gradient_chunk<2, 1>(delta, w, n, rows, in_dim, s, i, grad_in);
    }
  } else if (vector_inputs > 0) {
    for (std::size_t s = 0; s < n; s += 4) {
      std::size_t i = 0;
      for (; i + 8 <= vector_inputs; i += 8) input_gradient_chunk<4, 2>(delta, w, n, rows, in_dim, s, i, grad_in);
      for (; i < vector_inputs; i += 4) input_gradient_chunk<4, 1>(delta, w, n, rows, in_dim, s, i, grad_in);
    }
  }
  for (std::size_t s = 0; s < n; ++s)
    for (std::size_t i = vector_inputs; i < in_dim; ++i) {
      float acc = 0.0f;
      for (std::size_t r = 0; r < rows; ++r) acc += delta[s * rows + r] * w[r * in_dim + i];
      grad_in[s * in_dim + i] = acc;
    }
}


/// Four rows at a time (eight independent sums in flight); the piecewise-linear activations are
/// applied as the rows are stored, so the predict path needs no second pass for them.
void affine_lanes(const float* cur, std::size_t in_dim, const float* w, const float* b, std::size_t rows,
                  float* next, Activation fused, float a) {
  auto finish = [fused, a](f32x4 v) {
    switch (fused) {
      case Activation::Relu: return lanes::relu(v);
      case Activation::LeakyRelu: return lanes::leaky(v, a);
      case Activation::Abs: return lanes::abs(v);
      default: return v;
    }
  };
  std::size_t r = 0;
  for (; r + 4 <= rows; r += 4) {
    const float* w_row[4];
    f32x4 lo[4], hi[4];
#pragma GCC unroll 4
    for (std::size_t j = 0; j < 4; ++j) {
      w_row[j] = w + (r + j) * in_dim;
      lo[j] = hi[j] = simd::splat(b[r + j]);
    }
    const float* x = cur;
    for (std::size_t i = 0; i < in_dim; ++i, x += kLanes) {
      const f32x4 xa = simd::load(x), xb = simd::load(x + 4);
#pragma GCC unroll 4
      for (std::size_t j = 0; j < 4; ++j) {
        const float wv = w_row[j][i];
        lo[j] += xa * wv;
        hi[j] += xb * wv;
      }
    }
#pragma GCC unroll 4
    for (std::size_t j = 0; j < 4; ++j) {
      simd::store(next + (r + j) * kLanes, finish(lo[j]));
      simd::store(next + (r + j) * kLanes + 4, finish(hi[j]));
    }
  }
  for (; r < rows; ++r) {
    const float* w_row = w + r * in_dim;
    f32x4 lo = simd::splat(b[r]), hi = lo;
    for (std::size_t i = 0; i < in_dim; ++i) {
      lo += simd::load(cur + i * kLanes) * w_row[i];
      hi += simd::load(cur + i * kLanes + 4) * w_row[i];
    }
    simd::store(next + r * kLanes, finish(lo));
    simd::store(next + r * kLanes + 4, finish(hi));
  }
}

}  // namespace relulab::dense
