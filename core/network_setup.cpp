// The cold half of the MLP (core/network.hpp): validation, construction, initialisation and the
// parameter setters. Separate from network.cpp so the wasm build can compile it for size (-Oz)
// while the training and prediction kernels there are compiled for speed (CMakeLists.txt).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "network.hpp"
#include "rng.hpp"

namespace relulab {
namespace {

Activation hidden_activation(const NetworkConfig& config, std::size_t layer) {
  return config.activations.size() == 1 ? config.activations[0] : config.activations[layer];
}

bool known_activation(Activation a) {
  const int v = static_cast<int>(a);
  return v >= 0 && v < int(kActivationCount);
}

Status with_prefix(const std::string& prefix, Status status) {
  if (!status.ok) status.message = prefix + status.message;
  return status;
}

/// Draws one initial weight for a layer with the given fan-in / fan-out.
float draw_weight(InitScheme scheme, Rng& rng, int fan_in, int fan_out) {
  switch (scheme) {
    case InitScheme::HeNormal: return rng.normal() * std::sqrt(2.0f / float(fan_in));
    case InitScheme::HeUniform: {
      const float limit = std::sqrt(6.0f / float(fan_in));
      return rng.uniform(-limit, limit);
    }
    case InitScheme::Glorot: {
      const float limit = std::sqrt(6.0f / float(fan_in + fan_out));
      return rng.uniform(-limit, limit);
    }
    case InitScheme::LeCun: return rng.normal() * std::sqrt(1.0f / float(fan_in));
    case InitScheme::Playground: return rng.uniform(-0.5f, 0.5f);
  }
  return 0.0f;
}


}  // namespace

// ---------------------------------------------------------------------------------------------
// Validation

Status Network::validate(const NetworkConfig& config) {
  if (config.inputs < 1 || config.inputs > kFeatureCount)
    return Status::error("inputs must be a whole number from 1 to " + std::to_string(kFeatureCount) + " (got " +
                         std::to_string(config.inputs) + ")");
  // Named after the key a caller passes (hidden), with the range of the hiddenLayers setting.
  if (Status s = check_setting(Setting::HiddenLayers, double(config.hidden.size())); !s.ok)
    return Status::error("hidden must have from " + format_number(setting_info(Setting::HiddenLayers).min) +
                         " to " + format_number(setting_info(Setting::HiddenLayers).max) + " entries (got " +
                         std::to_string(config.hidden.size()) + ")");
  for (std::size_t i = 0; i < config.hidden.size(); ++i) {
    const std::string prefix = "hidden[" + std::to_string(i) + "]: ";
    if (Status s = check_setting(Setting::Width, double(config.hidden[i])); !s.ok)
      return with_prefix(prefix, s);
  }
  const std::size_t layer_count = config.hidden.size();
  if (config.activations.size() != 1 && config.activations.size() != layer_count)
    return Status::error("activations must have 1 entry or one per hidden layer (" +
                         std::to_string(layer_count) + "), got " +
                         std::to_string(config.activations.size()));
  for (std::size_t i = 0; i < config.activations.size(); ++i)
    if (!known_activation(config.activations[i]))
      return Status::error("activations[" + std::to_string(i) + "] is not a known activation (got " +
                           std::to_string(static_cast<int>(config.activations[i])) + ")");
  if (Status s = check_setting(Setting::MaxoutK, double(config.maxout_k)); !s.ok) return s;
  const int output = static_cast<int>(config.output);
  if (output < 0 || output >= int(std::size(kOutputKinds)))
    return Status::error("output is not a known output kind (" + option_keys(kOutputKinds) + "; got " +
                         std::to_string(output) + ")");
  // Checked whatever the output kind, so a value the network ignores is still a valid one.
  if (Status s = check_setting(Setting::Classes, double(config.classes)); !s.ok) return s;
  const int init = static_cast<int>(config.init);
  if (init < 0 || init >= int(std::size(kInitSchemes)))
    return Status::error("init is not a known initialiser (" + option_keys(kInitSchemes) + "; got " +
                         std::to_string(init) + ")");
  if (Status s = check_setting(Setting::BiasInit, double(config.bias_init)); !s.ok) return s;
  if (Status s = check_setting(Setting::PreluInit, double(config.prelu_init)); !s.ok) return s;
  if (Status s = check_setting(Setting::LeakyA, double(config.leaky_a)); !s.ok) return s;
  if (Status s = check_setting(Setting::EluAlpha, double(config.elu_alpha)); !s.ok) return s;
  if (Status s = check_setting(Setting::ReluGradAtZero, double(config.relu_grad_at_zero)); !s.ok) return s;
  if (Status s = check_setting(Setting::WeightSeed, double(config.seed)); !s.ok) return s;
  // The activation library's own checks of the parameters each used activation reads.
  for (Activation act : config.activations)
    if (Status s = validate_params(act, activation_params(config, act)); !s.ok) return s;
  return Status::success();
}

Status validate(const TrainConfig& config) {
  const int optimizer = static_cast<int>(config.optimizer);
  if (optimizer < 0 || optimizer >= int(std::size(kOptimizers)))
    return Status::error("optimizer is not a known optimiser (" + option_keys(kOptimizers) + "; got " +
                         std::to_string(optimizer) + ")");
  if (Status s = check_setting(Setting::LearningRate, double(config.learning_rate)); !s.ok) return s;
  if (Status s = check_setting(Setting::BatchSize, double(config.batch_size)); !s.ok) return s;
  if (Status s = check_setting(Setting::L2, double(config.l2)); !s.ok) return s;
  if (Status s = check_setting(Setting::L1, double(config.l1)); !s.ok) return s;
  if (Status s = check_setting(Setting::Momentum, double(config.momentum)); !s.ok) return s;
  return Status::success();
}

// ---------------------------------------------------------------------------------------------
// Construction and initialisation

std::vector<LayerShape> Network::shapes(const NetworkConfig& config) {
  std::vector<LayerShape> layers;
  std::size_t offset = 0;
  int inputs = config.inputs;
  const std::size_t hidden_count = config.hidden.size();
  for (std::size_t l = 0; l <= hidden_count; ++l) {
    LayerShape shape;
    shape.inputs = inputs;
    if (l < hidden_count) {
      shape.units = config.hidden[l];
      shape.activation = hidden_activation(config, l);
      shape.pieces = shape.activation == Activation::Maxout ? config.maxout_k : 1;
      if (shape.activation == Activation::Prelu) shape.slope_count = config.prelu_shared ? 1 : shape.units;
    } else {
      shape.units = config.output == OutputKind::Multiclass ? config.classes : 1;
      shape.activation = Activation::Linear;
    }
    shape.weight_offset = offset;
    offset += std::size_t(shape.rows()) * std::size_t(shape.inputs);
    shape.bias_offset = offset;
    offset += std::size_t(shape.rows());
    shape.slope_offset = offset;
    offset += std::size_t(shape.slope_count);
    layers.push_back(shape);
    inputs = shape.units;
  }
  return layers;
}

Network::Network(const NetworkConfig& config) : config_(config), layers_(shapes(config)) {
  const std::size_t offset = layers_.back().slope_offset + std::size_t(layers_.back().slope_count);
  params_.assign(offset, 0.0f);
  grads_.assign(offset, 0.0f);
  optimizer_ = OptimizerState(offset);
  for (const LayerShape& shape : layers_) {
    weight_ranges_.push_back(shape.weight_offset);
    weight_ranges_.push_back(shape.bias_offset);
  }
  pre_.resize(layers_.size());
  post_.resize(layers_.size());
  grad_post_.resize(layers_.size());
  winners_.resize(layers_.size());
  initialise();
}

int Network::outputs() const { return config_.output == OutputKind::Multiclass ? config_.classes : 1; }

// Layer l draws from its own stream derive_seed(seed, l) in a fixed order (W row-major); the
// draws do not depend on the activation, so equal-shape layers start equal across activations.
// Maxout uses fan_in = inputs, fan_out = units (not units*k).
void Network::initialise() {
  const std::size_t hidden_count = config_.hidden.size();
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const LayerShape& shape = layers_[l];
    Rng rng(derive_seed(config_.seed, std::uint32_t(l)));
    float* w = params_.data() + shape.weight_offset;
    const std::size_t weight_count = std::size_t(shape.rows()) * std::size_t(shape.inputs);
    for (std::size_t i = 0; i < weight_count; ++i) w[i] = draw_weight(config_.init, rng, shape.inputs, shape.units);
    const float bias = l < hidden_count ? config_.bias_init : 0.0f;
    std::fill_n(params_.data() + shape.bias_offset, shape.rows(), bias);
    std::fill_n(params_.data() + shape.slope_offset, shape.slope_count, config_.prelu_init);
  }
}

Status Network::set_parameters(std::span<const float> values) {
  if (values.size() != params_.size())
    return Status::error("values must have " + std::to_string(params_.size()) + " numbers (got " +
                         std::to_string(values.size()) + ")");
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      return Status::error("values[" + std::to_string(i) + "] must be a finite number (got " +
                           format_number(values[i]) + ")");
  std::copy(values.begin(), values.end(), params_.begin());
  return Status::success();
}

// ---------------------------------------------------------------------------------------------
// Limits of a call: working memory and labels

// The workspaces forward(), backward(), output_loss(), predict(), train_batch() and
// train_epochs() grow, per sample: pre-activations of every layer, outputs of every hidden layer
// and maxout winners (the forward pass); for training also the outputs' gradients, one
// gradient-of-z buffer as wide as the widest layer, the blocked pass's logits, the shuffle order
// and a gathered batch, plus the step backup. reserve() grows exactly these.
std::uint64_t Network::workspace_bytes(std::uint64_t samples, bool backward) const {
  return workspace_bytes(config_, layers_, samples, backward);
}

std::uint64_t Network::memory_bytes(const NetworkConfig& config, std::uint64_t samples) {
  const std::vector<LayerShape> layers = shapes(config);
  const std::uint64_t params = layers.back().slope_offset + std::uint64_t(layers.back().slope_count);
  return 4 * 4 * params + workspace_bytes(config, layers, samples, true);  // params, grads, m, v
}

std::uint64_t Network::workspace_bytes(const NetworkConfig& config, std::span<const LayerShape> layers,
                                       std::uint64_t samples, bool backward) {
  const std::uint64_t outputs = std::uint64_t(layers.back().units);
  if (!backward && predicts_blocked(layers)) return 4 * samples * outputs;  // logits_
  std::uint64_t per_sample = 0, widest = 0;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const LayerShape& shape = layers[l];
    per_sample += std::uint64_t(shape.rows());                                    // pre_
    if (l + 1 < layers.size()) {
      per_sample += std::uint64_t(shape.units) * (backward ? 2 : 1);             // post_, grad_post_
      if (shape.activation == Activation::Maxout) per_sample += std::uint64_t(shape.units);  // winners_
    }
    widest = std::max<std::uint64_t>(widest, std::uint64_t(shape.rows()));
  }
  if (!backward) return 4 * samples * per_sample;
  const std::uint64_t params = layers.back().slope_offset + std::uint64_t(layers.back().slope_count);
  per_sample += widest + outputs + 1 + std::uint64_t(config.inputs) + 1;  // grad_pre_, logits_, order_, batch
  return 4 * (samples * per_sample + 3 * params);                          // + the optimiser's backup
}

std::uint64_t Network::reserve(int samples, bool backward, bool dry_run) {
  const std::size_t n = std::size_t(std::max(samples, 0));
  std::uint64_t bytes = 0;
  const auto grow = [&](auto& v, std::size_t count) {
    if (v.size() >= count) return;
    bytes += 4 * std::uint64_t(count - v.size());
    if (!dry_run) v.resize(count);
  };
  const std::size_t outs = std::size_t(outputs());
  if (!backward && predicts_blocked(layers_)) {
    grow(logits_, n * outs);
    return bytes;
  }
  std::size_t widest = 0;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const LayerShape& shape = layers_[l];
    grow(pre_[l], n * std::size_t(shape.rows()));
    if (l + 1 < layers_.size()) {
      grow(post_[l], n * std::size_t(shape.units));
      if (backward) grow(grad_post_[l], n * std::size_t(shape.units));
      if (shape.activation == Activation::Maxout) grow(winners_[l], n * std::size_t(shape.units));
    }
    widest = std::max(widest, std::size_t(shape.rows()));
  }
  if (backward) {
    grow(grad_pre_, n * widest);
    grow(logits_, n * outs);
    grow(order_, n);
    grow(batch_x_, n * std::size_t(config_.inputs));
    grow(batch_y_, n);
    grow(optimizer_.backup, 3 * params_.size());
  }
  return bytes;
}

Status check_sample_count(std::uint64_t samples, std::string_view field) {
  return samples <= std::uint64_t(kMaxSamplesPerCall)
             ? Status::success()
             : Status::error(std::string(field) + " has " + std::to_string(samples) + " samples; at most " +
                             format_number(kMaxSamplesPerCall) + " are allowed in one call");
}

Status Network::check_samples(std::uint64_t samples, std::string_view field, bool backward) const {
  if (Status s = check_sample_count(samples, field); !s.ok) return s;
  if (workspace_bytes(samples, backward) <= kMaxWorkspaceBytes) return Status::success();
  const std::uint64_t fixed = workspace_bytes(0, backward);  // workspace_bytes is affine in the count
  const std::uint64_t fit =
      (kMaxWorkspaceBytes - std::min(fixed, kMaxWorkspaceBytes)) / (workspace_bytes(1, backward) - fixed);
  return Status::error(std::string(field) + " has " + std::to_string(samples) +
                       " samples; this network can take at most " + std::to_string(fit) +
                       " in one call (their working memory is limited to " +
                       format_number(double(kMaxWorkspaceBytes >> 20)) + " MiB)");
}

Status Network::check_labels(std::span<const double> y, std::string_view field) const {
  if (config_.output == OutputKind::Regression) return check_float32_values(y, field);
  const double last = config_.output == OutputKind::Binary ? 1.0 : double(config_.classes - 1);
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double v = y[i];
    if (!(v >= 0.0 && v <= last && v == std::floor(v)))
      return Status::error(std::string(field) + "[" + std::to_string(i) + "] must be a class index, a whole number from 0 to " +
                           format_number(last) + " (got " + format_number(v) + ")");
  }
  return Status::success();
}

void Network::reset_optimizer() { optimizer_.reset(); }

}  // namespace relulab
