// The trainable MLP's orchestration: batched forward and backward over the flat parameter buffer
// (the dense kernels of dense.hpp, one activate_layer call per hidden layer), the loss step
// (loss.hpp), the optimiser step (optimizer.hpp), whole epochs of mini-batches, and predictions.
// Not a framework: no layer objects, no per-element dispatch, no exceptions, no allocation in the
// hot path once the workspaces have grown to the largest batch seen.
// Speed: built -O3 in wasm without -msimd128 (CMakeLists.txt): the loops here only orchestrate
// (the arithmetic is in dense.cpp, activation.cpp and optimizer.cpp, which are SIMD).
//
// Conventions fixed here (tests in tests/native/test_network.cpp pin them):
// - loss_and_gradient() is the data loss only (loss.hpp); L2 is the optimiser's (optimizer.hpp).
//   gradients() always holds the data-loss gradient.
// - Initial biases: every hidden bias = bias_init; the output bias starts at 0, so the first
//   prediction is neutral (p = 0.5 / uniform softmax / 0 before the hidden layers' effect),
//   whatever bias the user picked to keep ReLU units alive or kill them.
#include "network.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "batches.hpp"
#include "dense.hpp"
#include "loss.hpp"
#include "rng.hpp"

namespace relulab {
namespace {

using dense::kLanes;
using dense::kMaxInputs;

/// The first `count` floats of a workspace vector, grown (never shrunk) to hold them: batches of
/// different sizes (a training batch, then a whole data set) do not reallocate or refill.
std::span<float> workspace(std::vector<float>& v, std::size_t count) {
  if (v.size() < count) v.resize(count);
  return {v.data(), count};
}

}  // namespace

LayerActivation Network::layer_activation(std::size_t l) {
  const LayerShape& shape = layers_[l];
  LayerActivation layer;
  layer.act = shape.activation;
  layer.params = activation_params(config_, shape.activation);
  layer.units = std::size_t(shape.units);
  layer.pieces = shape.pieces;
  layer.slopes = params_.data() + shape.slope_offset;
  layer.slope_count = shape.slope_count;
  return layer;
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
  const std::size_t n = std::size_t(batch);
  traced_batch_ = batch;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const LayerShape& shape = layers_[l];
    const std::size_t rows = std::size_t(shape.rows());
    const std::size_t units = std::size_t(shape.units);
    const std::span<float> z = workspace(pre_[l], n * rows);
    dense::affine(layer_input(x, int(l)).data(), n, std::size_t(shape.inputs), params_.data() + shape.weight_offset,
                  params_.data() + shape.bias_offset, rows, z.data());
    if (l + 1 == layers_.size()) break;  // output layer: logits only

    const std::span<float> h = workspace(post_[l], n * units);
    int* winners = nullptr;
    if (shape.activation == Activation::Maxout) {
      if (winners_[l].size() < n * units) winners_[l].resize(n * units);
      winners = winners_[l].data();
    }
    activate_layer(layer_activation(l), n, z.data(), Strides{rows, 1}, h.data(), Strides{units, 1}, winners);
  }
}

// Expects dL/dz of the output layer in grad_pre_ (batch, outputs); accumulates every layer's
// dL/dW, dL/db, dL/da into grads_.
void Network::backward(std::span<const float> x, int batch) {
  const std::size_t n = std::size_t(batch);
  for (std::size_t l = layers_.size(); l-- > 0;) {
    const LayerShape& shape = layers_[l];
    const std::size_t in_dim = std::size_t(shape.inputs);
    const std::size_t rows = std::size_t(shape.rows());
    const float* dz = grad_pre_.data();  // dL/dz: (batch, rows)

    // dL/dW (rows, inputs) += dz^T . in ; dL/db += column sums of dz.
    dense::weight_gradient(dz, layer_input(x, int(l)).data(), n, rows, in_dim, grads_.data() + shape.weight_offset,
                           grads_.data() + shape.bias_offset);
    if (l == 0) break;  // no gradient wanted for the data

    // dL/dh of the layer below (batch, inputs) = dz . W.
    const std::span<float> dh = workspace(grad_post_[l - 1], n * in_dim);
    dense::input_gradient(dz, params_.data() + shape.weight_offset, n, rows, in_dim, dh.data());

    // dL/dz of the layer below into grad_pre_ (its previous content is no longer needed).
    const LayerShape& below = layers_[l - 1];
    const std::size_t below_rows = std::size_t(below.rows());
    const std::span<float> dz_below = workspace(grad_pre_, n * below_rows);
    activate_layer_backward(layer_activation(l - 1), n, pre_[l - 1].data(), dh.data(),
                            below.activation == Activation::Maxout ? winners_[l - 1].data() : nullptr,
                            dz_below.data(), grads_.data() + below.slope_offset);
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
  return loss_and_dlogits(config_.output, pre_.back().data(), y.data(), n, classes,
                          workspace(grad_pre_, n * classes).data());
}

// ---------------------------------------------------------------------------------------------
// Training

float Network::train_batch(std::span<const float> x, std::span<const float> y, int batch,
                           const TrainConfig& train) {
  const float loss = loss_and_gradient(x, y, batch);
  if (batch <= 0) return loss;  // an empty batch is no step (momentum would still move)
  if (!std::isfinite(loss)) return loss;
  if (!optimizer_step(optimizer_, params_, grads_, weight_ranges_, train))
    return std::numeric_limits<float>::infinity();
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
    shuffled_order(order_, derive_seed(shuffle_seed, std::uint32_t(e)));
    double total = 0.0;
    bool refused = false;
    for (int start = 0; start < n; start += batch_size) {
      const int count = std::min(batch_size, n - start);
      gather_rows(x, y, dims, std::span<const int>(order_).subspan(std::size_t(start), std::size_t(count)),
                  batch_x_.data(), batch_y_.data());
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
// sums in the same order and the same activations as forward(): the same bits. Layers wider than
// kMaxInputs rows (maxout with many pieces) are not handled here (predict uses forward() for them).
void Network::logits_blocked(std::span<const float> x, int batch, std::span<float> logits) {
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
      const bool last = l + 1 == layers_.size();
      const Activation fused = last ? Activation::Linear : shape.activation;
      dense::affine_lanes(cur, std::size_t(shape.inputs), params_.data() + shape.weight_offset,
                          params_.data() + shape.bias_offset, std::size_t(shape.rows()), next, fused,
                          config_.leaky_a);
      if (last) {
        for (std::size_t k = 0; k < valid; ++k)
          for (std::size_t o = 0; o < outs; ++o) logits[(s + k) * outs + o] = next[o * kLanes + k];
        break;
      }
      // (row, lane) layout: element (sample k, row u) at k + u * kLanes; in place (see activate_layer).
      if (!dense::fuses(fused))
        activate_layer(layer_activation(l), kLanes, next, Strides{1, kLanes}, next, Strides{1, kLanes}, nullptr);
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
  output_from_logits(config_.output, logits, n, classes, out.data());
}

void Network::trace(std::span<const float> x, int batch) {
  if (batch <= 0) {
    traced_batch_ = 0;
    return;
  }
  forward(x, batch);
}

std::span<const float> Network::traced_pre(int layer) const {
  if (layer < 0 || layer + 1 >= int(layers_.size())) return {};
  return {pre_[std::size_t(layer)].data(), std::size_t(traced_batch_) * std::size_t(layers_[std::size_t(layer)].rows())};
}

std::span<const float> Network::traced_output(int layer) const {
  if (layer < 0 || layer + 1 >= int(layers_.size())) return {};
  return {post_[std::size_t(layer)].data(), std::size_t(traced_batch_) * std::size_t(layers_[std::size_t(layer)].units)};
}

std::span<const int> Network::traced_winners(int layer) const {
  if (layer < 0 || layer + 1 >= int(layers_.size()) || layers_[std::size_t(layer)].activation != Activation::Maxout)
    return {};
  return {winners_[std::size_t(layer)].data(),
          std::size_t(traced_batch_) * std::size_t(layers_[std::size_t(layer)].units)};
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

}  // namespace relulab
