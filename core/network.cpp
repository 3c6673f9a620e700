// The trainable MLP: initialisation, batched forward/backward over the flat parameter buffer,
// the three losses, SGD / momentum / Adam with L2 on W, and per-unit diagnostics.
// Not a framework: no layer objects, no per-element dispatch (one activation switch per layer
// per batch through the array forms of activation.hpp), no exceptions, no allocation in the hot
// path once the workspaces have grown to the largest batch seen.
//
// Conventions fixed here (tests in tests/native/test_network.cpp pin them):
// - Losses are means over the batch. Binary: BCE from the logit z, softplus(z) - y*z written as
//   max(z,0) - y*z + log1p(exp(-|z|)). Multiclass: log-sum-exp(z) - z_y with the max subtracted.
//   Regression: mean of (pred - y)^2 / 2, so dL/dpred = (pred - y) / batch.
// - loss_and_gradient() is the data loss only; L2 is not part of it. train_batch() adds l2 * w to
//   the gradient of W (not b, not PReLU slopes) when it steps: the step minimises
//   loss + l2/2 * ||W||^2. gradients() always holds the data-loss gradient.
// - Momentum: v = mu*v - lr*g; p += v. Adam: beta1 = momentum, beta2 = 0.999, eps = 1e-8,
//   bias-corrected with the product of the beta1 actually used (momentum may change live).
//   Switching optimiser kind between steps clears the optimiser state.
// - Initial biases: every hidden bias = bias_init; the output bias starts at 0, so the first
//   prediction is neutral (p = 0.5 / uniform softmax / 0 before the hidden layers' effect),
//   whatever bias the user picked to keep ReLU units alive or kill them.
#include "network.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>

#include "activation_lanes.hpp"
#include "portable_exp.hpp"
#include "rng.hpp"
#include "simd.hpp"

namespace relulab {
namespace {

constexpr float kAdamBeta2 = 0.999f;
constexpr float kAdamEpsilon = 1e-8f;

/// Numerically safe logistic function (expf only, portable_exp.hpp: bit-identical native and wasm).
/// e = exp(-|z|) is exp(-z) for z >= 0 and exp(z) below.
float sigmoid(float z) {
  const float e = portable_expf(-std::fabs(z));
  return (z >= 0.0f ? 1.0f : e) / (1.0f + e);  // 1/(1+e) or e/(1+e): one division
}
/// The same on four lanes.
simd::f32x4 sigmoid(simd::f32x4 z) {
  const simd::f32x4 e = portable_expf(-reinterpret_cast<simd::f32x4>(reinterpret_cast<simd::i32x4>(z) & 0x7fffffff));
  return simd::select(z >= 0.0f, simd::splat(1.0f), e) / (1.0f + e);
}

/// log1p(e) for e in [0, 1] in double without libm: 2 atanh(s) with s = e / (2 + e) <= 1/3, the
/// odd series to s^19 (truncation below 3e-10 of the value, far under half a float ulp after the
/// caller's rounding to float; + - * / only, so the same bits native and wasm). The binary loss
/// used musl's / glibc's double log1p before: the loss can differ from that in the last float bit
/// on rare inputs; training (gradients, parameters) does not use this value.
double log1p_unit(double e) {
  const double s = e / (2.0 + e);
  const double s2 = s * s;
  double p = 1.0 / 19.0;
  p = p * s2 + 1.0 / 17.0;
  p = p * s2 + 1.0 / 15.0;
  p = p * s2 + 1.0 / 13.0;
  p = p * s2 + 1.0 / 11.0;
  p = p * s2 + 1.0 / 9.0;
  p = p * s2 + 1.0 / 7.0;
  p = p * s2 + 1.0 / 5.0;
  p = p * s2 + 1.0 / 3.0;
  p = p * s2 + 1.0;
  return 2.0 * s * p;
}

/// Class index of a label stored as float, clamped into 0..classes-1 (NaN -> 0).
int label_index(float y, int classes) {
  if (!(y >= 0.0f)) return 0;
  if (y >= float(classes - 1)) return classes - 1;
  return int(y);
}

/// The bits of a float (std::bit_cast is missing from Emscripten 3.1.6's libc++).
std::uint32_t float_bits(float v) {
  std::uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return bits;
}

/// 1 if v is infinite or NaN (exponent all ones), else 0: branch-free, so a pass that or-s it
/// over a buffer vectorises.
inline std::uint32_t non_finite(float v) {
  std::uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return (bits & 0x7f800000u) == 0x7f800000u ? 1u : 0u;
}

/// Whether every value is finite: branch-free (an or over the whole buffer), so it vectorises.
bool all_finite(std::span<const float> values) {
  std::uint32_t bad = 0;
  for (float v : values) bad |= non_finite(v);
  return bad == 0;
}

// Four floats as one value (GCC/Clang vector extension: f32x4 in wasm with -msimd128, SSE on
// x86-64). Its + and * are the element-wise IEEE operations, so a lane computes exactly what the
// scalar code computes (no contraction: -ffp-contract=off).
using simd::f32x4;
constexpr std::size_t kLanes = 8;       // samples per block of the forward kernel: two f32x4
constexpr std::size_t kMaxInputs = 64;  // the widest layer (Setting::Width max) or the 2 data inputs

/// The first `count` floats of a workspace vector, grown (never shrunk) to hold them: batches of
/// different sizes (a training batch, then a whole data set) do not reallocate or refill.
std::span<float> workspace(std::vector<float>& v, std::size_t count) {
  if (v.size() < count) v.resize(count);
  return {v.data(), count};
}

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

}  // namespace

ActivationParams Network::activation_params() const {
  ActivationParams p;
  p.a = config_.leaky_a;
  p.alpha = config_.elu_alpha;
  p.relu_grad_at_zero = config_.relu_grad_at_zero;
  return p;
}

std::span<const float> Network::layer_input(std::span<const float> x, int layer) const {
  if (layer == 0) return x;
  return post_[std::size_t(layer - 1)];
}

// ---------------------------------------------------------------------------------------------
// Forward and backward

// Per layer: z (batch, rows) = in (batch, inputs) . W^T (inputs, rows) + b, then h (batch, units)
// = g(z). The output layer's z are the logits (post_ unused for it).
void Network::forward(std::span<const float> x, int batch) {
  const ActivationParams act_params = activation_params();
  const std::size_t n = std::size_t(batch);
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const LayerShape& shape = layers_[l];
    const std::size_t in_dim = std::size_t(shape.inputs);
    const std::size_t rows = std::size_t(shape.rows());
    const std::size_t units = std::size_t(shape.units);
    const float* in = layer_input(x, int(l)).data();
    const float* w = params_.data() + shape.weight_offset;
    const float* b = params_.data() + shape.bias_offset;
    const std::span<float> z = workspace(pre_[l], n * rows);
    affine(in, n, in_dim, w, b, rows, z.data());
    if (l + 1 == layers_.size()) break;  // output layer: logits only

    const std::span<float> h = workspace(post_[l], n * units);
    if (shape.activation == Activation::Maxout) {
      // Groups are contiguous across samples too: sample s, unit u owns z[(s*units + u)*k ...].
      if (winners_[l].size() < n * units) winners_[l].resize(n * units);
      maxout_forward(z, shape.pieces, h, std::span<int>(winners_[l].data(), n * units));
    } else if (shape.activation == Activation::Prelu) {
      // Per-unit learned slope: h = z > 0 ? z : a*z.
      const float* slopes = params_.data() + shape.slope_offset;
      const bool shared = shape.slope_count == 1;
      for (std::size_t s = 0; s < n; ++s) {
        const float* z_row = z.data() + s * units;
        float* h_row = h.data() + s * units;
        for (std::size_t u = 0; u < units; ++u) {
          const float a = slopes[shared ? 0 : u];
          h_row[u] = z_row[u] > 0.0f ? z_row[u] : a * z_row[u];
        }
      }
    } else {
      activate(shape.activation, z, h, act_params);
    }
  }
}

// Expects dL/dz of the output layer in grad_pre_ (batch, outputs); accumulates every layer's
// dL/dW, dL/db, dL/da into grads_.
void Network::backward(std::span<const float> x, int batch) {
  const ActivationParams act_params = activation_params();
  const std::size_t n = std::size_t(batch);
  for (std::size_t l = layers_.size(); l-- > 0;) {
    const LayerShape& shape = layers_[l];
    const std::size_t in_dim = std::size_t(shape.inputs);
    const std::size_t rows = std::size_t(shape.rows());
    const float* in = layer_input(x, int(l)).data();
    const float* w = params_.data() + shape.weight_offset;
    float* grad_w = grads_.data() + shape.weight_offset;
    float* grad_b = grads_.data() + shape.bias_offset;
    const float* delta = grad_pre_.data();  // dL/dz: (batch, rows)

    // dL/dW (rows, inputs) += delta^T . in ; dL/db += column sums of delta.
    weight_gradient(delta, in, n, rows, in_dim, grad_w, grad_b);
    if (l == 0) break;  // no gradient wanted for the data

    // dL/dh of the layer below (batch, inputs) = delta . W.
    const std::span<float> grad_in = workspace(grad_post_[l - 1], n * in_dim);
    input_gradient(delta, w, n, rows, in_dim, grad_in.data());

    // dL/dz of the layer below into grad_pre_ (its previous content, delta, is no longer needed).
    const LayerShape& below = layers_[l - 1];
    const std::size_t below_units = std::size_t(below.units);
    const std::span<const float> z(pre_[l - 1].data(), n * std::size_t(below.rows()));
    const std::span<float> d_span = workspace(grad_pre_, n * std::size_t(below.rows()));
    float* d_below = d_span.data();
    if (below.activation == Activation::Maxout) {
      std::fill(d_span.begin(), d_span.end(), 0.0f);
      maxout_backward(grad_in, below.pieces, std::span<const int>(winners_[l - 1].data(), n * below_units), d_span);
    } else if (below.activation == Activation::Prelu) {
      // dh/dz = z > 0 ? 1 : a ; dh/da = z > 0 ? 0 : z (accumulated into the slope gradient).
      const float* slopes = params_.data() + below.slope_offset;
      float* grad_slopes = grads_.data() + below.slope_offset;
      const bool shared = below.slope_count == 1;
      for (std::size_t s = 0; s < n; ++s) {
        const float* z_row = z.data() + s * below_units;
        const float* gh_row = grad_in.data() + s * below_units;
        float* d_row = d_below + s * below_units;
        for (std::size_t u = 0; u < below_units; ++u) {
          const std::size_t slope = shared ? 0 : u;
          const bool positive = z_row[u] > 0.0f;
          d_row[u] = gh_row[u] * (positive ? 1.0f : slopes[slope]);
          grad_slopes[slope] += gh_row[u] * (positive ? 0.0f : z_row[u]);
        }
      }
    } else {
      activate_derivative_times(below.activation, z, grad_in, d_span, act_params);
    }
  }
}

float Network::loss_and_gradient(std::span<const float> x, std::span<const float> y, int batch) {
  std::fill(grads_.begin(), grads_.end(), 0.0f);
  if (batch <= 0) return 0.0f;
  forward(x, batch);
  const float loss = output_loss(y, batch);
  backward(x, batch);
  return loss;
}

// After forward(): the mean loss over the batch, and dL/dlogits (already divided by the batch)
// into grad_pre_.
float Network::output_loss(std::span<const float> y, int batch) {
  const std::size_t n = std::size_t(batch);
  const std::size_t classes = std::size_t(outputs());
  const float* logits = pre_.back().data();
  float* grad_logits = workspace(grad_pre_, n * classes).data();  // dL/dz of the output layer, already divided by batch
  const float batch_f = float(batch);
  double total = 0.0;  // sum of per-sample float losses, in double: order-independent enough
  switch (config_.output) {
    case OutputKind::Binary:
      for (std::size_t s = 0; s < n; ++s) {
        // Binary cross-entropy softplus(z) - y*z, stable: max(z, 0) - y*z + log1p(exp(-|z|)), log1p
        // in double (log1p_unit; log1pf differs between glibc and musl, docs/DETERMINISM.md); and
        // sigmoid(z) - y. One expf for both: e = exp(-|z|), the same expressions as sigmoid().
        const float z = logits[s];
        const float e = portable_expf(-std::fabs(z));
        const float loss = std::max(z, 0.0f) - z * y[s] + float(log1p_unit(double(e)));
        const float p = (z >= 0.0f ? 1.0f : e) / (1.0f + e);
        total += double(loss);
        grad_logits[s] = (p - y[s]) / batch_f;
      }
      break;
    case OutputKind::Multiclass:
      for (std::size_t s = 0; s < n; ++s) {
        const float* z = logits + s * classes;
        float* g = grad_logits + s * classes;
        const float top = *std::max_element(z, z + classes);
        float sum = 0.0f;
        for (std::size_t c = 0; c < classes; ++c) {
          g[c] = portable_expf(z[c] - top);
          sum += g[c];
        }
        const std::size_t label = std::size_t(label_index(y[s], int(classes)));
        total += double(top + std::log(sum) - z[label]);
        for (std::size_t c = 0; c < classes; ++c)
          g[c] = (g[c] / sum - (c == label ? 1.0f : 0.0f)) / batch_f;
      }
      break;
    case OutputKind::Regression:
      for (std::size_t s = 0; s < n; ++s) {
        const float diff = logits[s] - y[s];
        total += double(0.5f * diff * diff);
        grad_logits[s] = diff / batch_f;
      }
      break;
  }
  return float(total / double(batch));
}

// ---------------------------------------------------------------------------------------------
// Optimiser step

float Network::train_batch(std::span<const float> x, std::span<const float> y, int batch,
                           const TrainConfig& train) {
  const float loss = loss_and_gradient(x, y, batch);
  if (batch <= 0) return loss;  // an empty batch is no step (momentum would still move)
  if (!std::isfinite(loss)) return loss;
  if (train.optimizer == OptimizerKind::Sgd && train.l2 == 0.0f) {
    // Plain SGD, one vectorisable pass over all parameters: with l2 = 0 the weights' rule
    // old - lr * (g + 0 * old) gives the same bits as the biases' old - lr * g for every finite old
    // (the signs of zero included), and a non-finite gradient makes its new value non-finite
    // (old finite, lr > 0), so checking the results covers the gradients too.
    const std::size_t count = params_.size();
    backup_.resize(std::max(backup_.size(), count));
    float* keep = backup_.data();
    float* p = params_.data();
    const float* g = grads_.data();
    const float lr = train.learning_rate;
    std::uint32_t bad = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const float old = p[i];
      keep[i] = old;
      const float next = old - lr * g[i];
      p[i] = next;
      bad |= non_finite(next);
    }
    if (bad != 0) {
      std::copy_n(keep, count, p);
      return std::numeric_limits<float>::infinity();
    }
    if (opt_kind_ != OptimizerKind::Sgd) {
      reset_optimizer();
      opt_kind_ = OptimizerKind::Sgd;
    }
    ++opt_steps_;
    return loss;
  }
  if (!all_finite(grads_)) return std::numeric_limits<float>::infinity();
  // A change of optimiser starts from fresh state, but the old state and kind are kept until
  // the step is accepted: a refused step changes nothing, optimiser state included.
  struct OldState {
    std::vector<float> m, v;
    std::int64_t steps;
    double beta1_power, beta2_power;
    OptimizerKind kind;
  };
  std::optional<OldState> switched;
  if (train.optimizer != opt_kind_) {
    switched = OldState{opt_m_, opt_v_, opt_steps_, adam_beta1_power_, adam_beta2_power_, opt_kind_};
    reset_optimizer();
    opt_kind_ = train.optimizer;
  }
  const float lr = train.learning_rate;
  const float l2 = train.l2;
  const float mu = train.momentum;
  const double beta1_power = adam_beta1_power_ * double(mu);
  const double beta2_power = adam_beta2_power_ * double(kAdamBeta2);
  const float correction1 = float(1.0 - beta1_power);
  const float correction2 = float(1.0 - beta2_power);

  // One pass per range, specialised per optimiser: the new values go straight into place while
  // the old ones are kept in backup_ (p, and m/v for momentum/Adam); the results' finiteness is
  // or-ed along the way. A non-finite result restores the backup, so a refused step changes
  // nothing (the rare case pays the copy, not every step a dry run).
  const std::size_t count = params_.size();
  const bool has_m = train.optimizer != OptimizerKind::Sgd;
  const bool has_v = train.optimizer == OptimizerKind::Adam;
  backup_.resize(count * (1 + (has_m ? 1 : 0) + (has_v ? 1 : 0)));
  float* keep_p = backup_.data();
  float* keep_m = keep_p + count;
  float* keep_v = keep_m + count;
  float* p = params_.data();
  float* m = opt_m_.data();
  float* v = opt_v_.data();
  const float* g = grads_.data();
  std::uint32_t bad = 0;
  auto step_range = [&](std::size_t begin, std::size_t end, bool decay) {
    const float l2d = decay ? l2 : 0.0f;
    switch (train.optimizer) {
      case OptimizerKind::Sgd:
        if (decay) {
          for (std::size_t i = begin; i < end; ++i) {
            const float old = p[i];
            keep_p[i] = old;
            const float next = old - lr * (g[i] + l2d * old);
            p[i] = next;
            bad |= non_finite(next);
          }
        } else {
          for (std::size_t i = begin; i < end; ++i) {
            const float old = p[i];
            keep_p[i] = old;
            const float next = old - lr * g[i];
            p[i] = next;
            bad |= non_finite(next);
          }
        }
        break;
      case OptimizerKind::Momentum:
        for (std::size_t i = begin; i < end; ++i) {
          const float old = p[i];
          const float gi = decay ? g[i] + l2d * old : g[i];
          keep_p[i] = old;
          keep_m[i] = m[i];
          const float mi = mu * m[i] - lr * gi;
          const float next = old + mi;
          m[i] = mi;
          p[i] = next;
          bad |= non_finite(next) | non_finite(mi);
        }
        break;
      case OptimizerKind::Adam:
        for (std::size_t i = begin; i < end; ++i) {
          const float old = p[i];
          const float gi = decay ? g[i] + l2d * old : g[i];
          keep_p[i] = old;
          keep_m[i] = m[i];
          keep_v[i] = v[i];
          const float mi = mu * m[i] + (1.0f - mu) * gi;
          const float vi = kAdamBeta2 * v[i] + (1.0f - kAdamBeta2) * (gi * gi);
          const float m_hat = mi / correction1;
          const float v_hat = vi / correction2;
          const float next = old - lr * m_hat / (std::sqrt(v_hat) + kAdamEpsilon);
          m[i] = mi;
          v[i] = vi;
          p[i] = next;
          bad |= non_finite(next) | non_finite(mi) | non_finite(vi);
        }
        break;
    }
  };
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const std::size_t end = l + 1 < layers_.size() ? layers_[l + 1].weight_offset : count;
    step_range(layers_[l].weight_offset, layers_[l].bias_offset, true);
    step_range(layers_[l].bias_offset, end, false);
  }
  if (bad != 0) {
    std::copy_n(keep_p, count, p);
    if (has_m) std::copy_n(keep_m, count, m);
    if (has_v) std::copy_n(keep_v, count, v);
    if (switched) {
      opt_m_ = std::move(switched->m);
      opt_v_ = std::move(switched->v);
      opt_steps_ = switched->steps;
      adam_beta1_power_ = switched->beta1_power;
      adam_beta2_power_ = switched->beta2_power;
      opt_kind_ = switched->kind;
    }
    return std::numeric_limits<float>::infinity();
  }
  ++opt_steps_;
  if (train.optimizer == OptimizerKind::Adam) {
    adam_beta1_power_ = beta1_power;
    adam_beta2_power_ = beta2_power;
  }
  return loss;
}

float Network::train_epochs(std::span<const float> x, std::span<const float> y, int n, int epochs,
                             std::uint32_t shuffle_seed, const TrainConfig& train, std::span<float> epoch_losses) {
  if (epochs <= 0 || n <= 0) return 0.0f;
  const std::size_t dims = std::size_t(config_.inputs);
  const int batch_size = std::clamp(train.batch_size, 1, n);
  order_.resize(std::size_t(n));
  batch_x_.resize(std::size_t(batch_size) * dims);
  batch_y_.resize(std::size_t(batch_size));
  const std::size_t recorded = std::min(epoch_losses.size(), std::size_t(epochs));
  float result = 0.0f;
  for (int e = 0; e < epochs; ++e) {
    for (int i = 0; i < n; ++i) order_[std::size_t(i)] = i;
    Rng rng(derive_seed(shuffle_seed, std::uint32_t(e)));
    for (int i = n - 1; i > 0; --i)
      std::swap(order_[std::size_t(i)], order_[std::size_t(rng.below(std::uint32_t(i + 1)))]);
    double total = 0.0;
    bool refused = false;
    for (int start = 0; start < n; start += batch_size) {
      const int count = std::min(batch_size, n - start);
      for (int k = 0; k < count; ++k) {
        const std::size_t row = std::size_t(order_[std::size_t(start + k)]);
        for (std::size_t d = 0; d < dims; ++d) batch_x_[std::size_t(k) * dims + d] = x[row * dims + d];
        batch_y_[std::size_t(k)] = y[row];
      }
      const float loss = train_batch(std::span<const float>(batch_x_.data(), std::size_t(count) * dims),
                                     std::span<const float>(batch_y_.data(), std::size_t(count)), count, train);
      if (!std::isfinite(loss)) {
        result = loss;
        refused = true;
        break;
      }
      total += double(loss) * double(count);
    }
    if (refused) {
      for (std::size_t k = std::size_t(e); k < recorded; ++k)
        epoch_losses[k] = k == std::size_t(e) ? result : std::numeric_limits<float>::quiet_NaN();
      return result;
    }
    result = float(total / double(n));
    if (std::size_t(e) < recorded) epoch_losses[std::size_t(e)] = result;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Outputs

// The logits only, for predict: kLanes samples at a time through every layer in the transposed
// (features, kLanes) layout, so no layer transposes its input or scatters its output. The same
// sums in the same order and the same elementwise activations as forward(): the same bits.
// Layers wider than kMaxInputs rows (maxout with many pieces) are not handled here (predict uses
// forward() for them).
void Network::logits_blocked(std::span<const float> x, int batch, std::span<float> logits) {
  const ActivationParams act_params = activation_params();
  const std::size_t n = std::size_t(batch);
  const std::size_t outs = std::size_t(outputs());
  const std::size_t dims = std::size_t(config_.inputs);
  alignas(16) float buffer_a[kMaxInputs * kLanes];
  alignas(16) float buffer_b[kMaxInputs * kLanes];
  for (std::size_t s = 0; s < n; s += kLanes) {
    const std::size_t valid = std::min(kLanes, n - s);
    float* cur = buffer_a;
    float* next = buffer_b;
    for (std::size_t i = 0; i < dims; ++i)  // missing samples of the last block: zeros, never stored
      for (std::size_t k = 0; k < kLanes; ++k) cur[i * kLanes + k] = k < valid ? x[(s + k) * dims + i] : 0.0f;
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      const LayerShape& shape = layers_[l];
      const std::size_t in_dim = std::size_t(shape.inputs);
      const std::size_t rows = std::size_t(shape.rows());
      const float* w = params_.data() + shape.weight_offset;
      const float* b = params_.data() + shape.bias_offset;
      // Piecewise-linear activations are applied as the rows are stored (no second pass).
      const bool last = l + 1 == layers_.size();
      const Activation fused = last ? Activation::Linear : shape.activation;
      const bool fusable = fused == Activation::Linear || fused == Activation::Relu ||
                           fused == Activation::LeakyRelu || fused == Activation::Abs;
      auto finish = [fused, a = act_params.a](f32x4 v) {
        switch (fused) {
          case Activation::Relu: return lanes::relu(v);
          case Activation::LeakyRelu: return lanes::leaky(v, a);
          case Activation::Abs: return lanes::abs(v);
          default: return v;
        }
      };
      std::size_t r = 0;
      for (; r + 4 <= rows; r += 4) {  // four rows at a time: eight independent sums in flight
        const float* w_row[4];
        f32x4 lo[4], hi[4];
#pragma GCC unroll 4
        for (std::size_t j = 0; j < 4; ++j) {
          w_row[j] = w + (r + j) * in_dim;
          lo[j] = hi[j] = simd::splat(b[r + j]);
        }
        const float* x = cur;
        for (std::size_t i = 0; i < in_dim; ++i, x += kLanes) {
          const f32x4 a = simd::load(x), c = simd::load(x + 4);
#pragma GCC unroll 4
          for (std::size_t j = 0; j < 4; ++j) {
            const float wv = w_row[j][i];
            lo[j] += a * wv;
            hi[j] += c * wv;
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
      if (l + 1 == layers_.size()) {
        for (std::size_t k = 0; k < valid; ++k)
          for (std::size_t o = 0; o < outs; ++o) logits[(s + k) * outs + o] = next[o * kLanes + k];
        break;
      }
      const std::span<float> z(next, rows * kLanes);
      if (fusable) {
        // already applied
      } else if (shape.activation == Activation::Maxout) {
        // maxout_forward's rule per lane: strictly greater wins, ties keep the lowest piece, the
        // first NaN wins over numbers. Unit u's output goes to row u, in place: every row it
        // overwrites belongs to a unit already done (u <= u*k), and lane k of row u is written
        // only after lane k of all of unit u's pieces was read.
        const std::size_t k_pieces = std::size_t(shape.pieces);
        for (std::size_t u = 0; u < std::size_t(shape.units); ++u)
          for (std::size_t k = 0; k < kLanes; ++k) {
            float best = next[(u * k_pieces) * kLanes + k];
            for (std::size_t j = 1; j < k_pieces; ++j) {
              const float v = next[(u * k_pieces + j) * kLanes + k];
              if (v > best || (std::isnan(v) && !std::isnan(best))) best = v;
            }
            next[u * kLanes + k] = best;
          }
      } else if (shape.activation == Activation::Prelu) {
        const float* slopes = params_.data() + shape.slope_offset;
        const bool shared = shape.slope_count == 1;
        for (std::size_t u = 0; u < rows; ++u) {
          const float a = slopes[shared ? 0 : u];
          for (std::size_t k = 0; k < kLanes; ++k) {
            const float v = next[u * kLanes + k];
            next[u * kLanes + k] = v > 0.0f ? v : a * v;
          }
        }
      } else {
        activate(shape.activation, z, z, act_params);  // elementwise: the layout does not matter
      }
      std::swap(cur, next);
    }
  }
}

bool Network::predicts_blocked(std::span<const LayerShape> layers) {
  bool blocked = true;
  for (const LayerShape& shape : layers)
    blocked = blocked && std::size_t(shape.inputs) <= kMaxInputs && std::size_t(shape.rows()) <= kMaxInputs;
  return blocked;
}

void Network::predict(std::span<const float> x, int batch, std::span<float> out) {
  if (batch <= 0) return;
  const std::size_t n = std::size_t(batch);
  const std::size_t classes = std::size_t(outputs());
  const float* logits = nullptr;
  if (predicts_blocked(layers_)) {
    logits_.resize(n * classes);
    logits_blocked(x, batch, logits_);
    logits = logits_.data();
  } else {
    forward(x, batch);
    logits = pre_.back().data();
  }
  switch (config_.output) {
    case OutputKind::Binary: {
      std::size_t s = 0;
      for (; s + 4 <= n; s += 4) simd::store(out.data() + s, sigmoid(simd::load(logits + s)));
      for (; s < n; ++s) out[s] = sigmoid(logits[s]);
      break;
    }
    case OutputKind::Multiclass:
      for (std::size_t s = 0; s < n; ++s) {
        const float* z = logits + s * classes;
        float* p = out.data() + s * classes;
        const float top = *std::max_element(z, z + classes);
        float sum = 0.0f;
        for (std::size_t c = 0; c < classes; ++c) {
          p[c] = portable_expf(z[c] - top);
          sum += p[c];
        }
        for (std::size_t c = 0; c < classes; ++c) p[c] /= sum;
      }
      break;
    case OutputKind::Regression:
      std::copy(logits, logits + n, out.begin());
      break;
  }
}

void Network::unit_output(std::span<const float> x, int batch, int layer, int unit, std::span<float> out) {
  if (batch <= 0) return;
  const std::size_t n = std::size_t(batch);
  if (layer < 0 || layer + 1 >= int(layers_.size()) || unit < 0 || unit >= layers_[std::size_t(layer)].units) {
    // Not a hidden unit: a visible refusal rather than a silent zero map.
    std::fill_n(out.begin(), n, std::numeric_limits<float>::quiet_NaN());
    return;
  }
  forward(x, batch);
  const std::size_t units = std::size_t(layers_[std::size_t(layer)].units);
  const std::vector<float>& h = post_[std::size_t(layer)];
  for (std::size_t s = 0; s < n; ++s) out[s] = h[s * units + std::size_t(unit)];
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

// Runs loss_and_gradient on the whole set, so gradients() afterwards holds the full-set gradient
// (the previous content is overwritten); optimiser state is untouched. An empty set (n <= 0)
// reports no dead/inactive/saturated units and zero rates.
NetworkDiagnostics Network::diagnose(std::span<const float> x, std::span<const float> y, int n, float tau,
                                     bool gradient_norms) {
  NetworkDiagnostics result;
  if (gradient_norms) {
    result.loss = loss_and_gradient(x, y, n);  // also leaves the forward pass of all n samples
  } else if (n > 0) {
    forward(x, n);
    result.loss = output_loss(y, n);
  }
  const ActivationParams act_params = activation_params();
  const std::size_t count = n > 0 ? std::size_t(n) : 0;
  const std::size_t hidden_count = layers_.size() - 1;

  for (std::size_t l = 0; l < hidden_count; ++l) {
    const LayerShape& shape = layers_[l];
    const Failure failure = activation_info(shape.activation).failure;
    const std::size_t units = std::size_t(shape.units);
    const std::size_t rows = std::size_t(shape.rows());
    LayerDiagnostics layer;
    layer.activation = shape.activation;
    layer.units.resize(units);

    if (gradient_norms) {
      double grad_sq = 0.0;
      const std::size_t weight_count = rows * std::size_t(shape.inputs);
      for (std::size_t i = 0; i < weight_count; ++i) {
        const double g = grads_[shape.weight_offset + i];
        grad_sq += g * g;
      }
      layer.grad_norm = float(std::sqrt(grad_sq));
    }

    // Pre-activations exactly 0: only there does the convention for g'(0) enter the gradient.
    const std::vector<float>& pre = pre_[l];
    layer.zero_pre_activations = int(std::count(pre.begin(), pre.begin() + std::ptrdiff_t(count * rows), 0.0f));

    std::size_t zeros = 0;
    for (std::size_t u = 0; u < units; ++u) {
      UnitDiagnostics& unit = layer.units[u];
      std::size_t active = 0;
      bool all_saturated = true;
      for (std::size_t s = 0; s < count; ++s) {
        const float h = post_[l][s * units + u];
        if (h == 0.0f) ++zeros;
        if (shape.activation == Activation::Maxout) {
          if (h > 0.0f) ++active;
        } else {
          const float z = pre_[l][s * rows + u];
          if (z > 0.0f) ++active;
          if (failure == Failure::Saturates && !(activate_derivative(shape.activation, z, act_params) < tau))
            all_saturated = false;
        }
      }
      const bool has_data = count > 0;
      unit.activity_rate = has_data ? float(double(active) / double(count)) : 0.0f;
      unit.dead = has_data && failure == Failure::Dies && active == 0;
      unit.inactive = has_data && failure == Failure::Inactive && active == 0;
      unit.saturated = has_data && failure == Failure::Saturates && all_saturated;
      if (shape.slope_count > 0)
        unit.slope = params_[shape.slope_offset + (shape.slope_count == 1 ? 0 : u)];
      if (shape.activation == Activation::Maxout) {
        unit.piece_wins.assign(std::size_t(shape.pieces), 0);
        for (std::size_t s = 0; s < count; ++s) ++unit.piece_wins[std::size_t(winners_[l][s * units + u])];
        if (has_data)
          unit.dead_pieces = int(std::count(unit.piece_wins.begin(), unit.piece_wins.end(), 0));
      }
      layer.dead += unit.dead ? 1 : 0;
      layer.inactive += unit.inactive ? 1 : 0;
      layer.saturated += unit.saturated ? 1 : 0;
      layer.dead_pieces += unit.dead_pieces;
    }
    layer.sparsity = count > 0 ? float(double(zeros) / double(count * units)) : 0.0f;
    result.dead_units += layer.dead;
    result.inactive_units += layer.inactive;
    result.saturated_units += layer.saturated;
    result.total_units += shape.units;
    result.layers.push_back(std::move(layer));
  }

  // Output: constancy (bitwise, on the logits) and accuracy.
  const std::size_t classes = std::size_t(outputs());
  const float* logits = pre_.back().data();
  if (count >= 2) {
    bool constant = true;
    for (std::size_t s = 1; s < count && constant; ++s)
      for (std::size_t c = 0; c < classes; ++c)
        if (float_bits(logits[s * classes + c]) != float_bits(logits[c])) {
          constant = false;
          break;
        }
    result.constant_output = constant;
  }
  if (count > 0 && config_.output != OutputKind::Regression) {
    std::size_t correct = 0;
    for (std::size_t s = 0; s < count; ++s) {
      int predicted = 0;
      int label = 0;
      if (config_.output == OutputKind::Binary) {
        predicted = sigmoid(logits[s]) >= 0.5f ? 1 : 0;
        label = y[s] >= 0.5f ? 1 : 0;
      } else {
        const float* z = logits + s * classes;
        predicted = int(std::max_element(z, z + classes) - z);  // first maximum on ties
        label = label_index(y[s], int(classes));
      }
      if (predicted == label) ++correct;
    }
    result.accuracy = float(double(correct) / double(count));
  }
  return result;
}

}  // namespace relulab
