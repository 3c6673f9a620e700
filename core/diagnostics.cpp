// Network::diagnose: per-unit and per-layer diagnostics on a data set (definitions in
// docs/ACTIVATIONS.md, "Dead, inactive, saturated, sparse"): activity rates, dead / inactive /
// saturated units, maxout piece wins, sparsity, gradient norms, zero pre-activations, a constant
// output, and the loss and accuracy of loss.hpp. Reads the network's forward-pass workspaces;
// changes no parameter and no optimiser state.
// DiagnosticsPass takes the set in blocks (the experiment's records, the grid job); diagnose is a
// pass in one block, or a whole-set loss_and_gradient for the gradient norms.
// Speed: -O3 in wasm without -msimd128 (CMakeLists.txt): the experiment runs a pass on the
// training set after every epoch (X-relu-experiment in bench/README.md).
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "bit_cast.hpp"
#include "loss.hpp"
#include "network.hpp"

namespace relulab {

void DiagnosticsPass::begin(const Network& net, float tau) {
  tau_ = tau;
  first_logits_.clear();
  constant_ = true;
  count_ = correct_ = 0;
  loss_total_ = 0.0;
  const std::vector<LayerShape>& shapes = net.layers();
  layers_.resize(shapes.size() - 1);
  for (std::size_t l = 0; l + 1 < shapes.size(); ++l) {
    Layer& layer = layers_[l];
    layer.zeros = layer.zero_pre = 0;
    layer.units.resize(std::size_t(shapes[l].units));
    for (Unit& unit : layer.units) {
      unit.active = 0;
      unit.all_saturated = true;
      unit.piece_wins.assign(shapes[l].activation == Activation::Maxout ? std::size_t(shapes[l].pieces) : 0, 0);
    }
  }
}

void DiagnosticsPass::add(Network& net, std::span<const float> x, std::span<const float> y, int n) {
  if (n <= 0) return;
  net.forward(x, n);
  const std::size_t count = std::size_t(n), classes = std::size_t(net.outputs());
  if (net.grad_pre_.size() < count * classes) net.grad_pre_.resize(count * classes);
  loss_total_ = add_losses(net.config_.output, net.pre_.back().data(), y.data(), count, classes, loss_total_,
                           float(count), net.grad_pre_.data());
  tally(net, y, count);
}

// Not inlined: add() and diagnose() share one copy (0.x KB of wasm at -O3).
[[gnu::noinline]] void DiagnosticsPass::tally(const Network& net, std::span<const float> y, std::size_t count) {
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const LayerShape& shape = net.layers_[l];
    const ActivationParams act_params = activation_params(net.config_, shape.activation);
    const Failure failure = activation_info(shape.activation).failure;
    const std::size_t units = std::size_t(shape.units);
    const std::size_t rows = std::size_t(shape.rows());
    Layer& layer = layers_[l];
    // Pre-activations exactly 0: only there does the convention for g'(0) enter the gradient.
    const float* pre = net.pre_[l].data();
    const float* post = net.post_[l].data();
    layer.zero_pre += std::size_t(std::count(pre, pre + count * rows, 0.0f));
    std::size_t zeros = 0;  // counted in locals: the compiler keeps them in registers
    for (std::size_t u = 0; u < units; ++u) {
      Unit& unit = layer.units[u];
      std::size_t active = 0;
      bool all_saturated = unit.all_saturated;
      for (std::size_t s = 0; s < count; ++s) {
        const float h = post[s * units + u];
        if (h == 0.0f) ++zeros;
        if (shape.activation == Activation::Maxout) {
          if (h > 0.0f) ++active;
        } else {
          const float z = pre[s * rows + u];
          if (z > 0.0f) ++active;
          if (failure == Failure::Saturates && !(activate_derivative(shape.activation, z, act_params) < tau_))
            all_saturated = false;
        }
      }
      unit.active += active;
      unit.all_saturated = all_saturated;
      if (shape.activation == Activation::Maxout)
        for (std::size_t s = 0; s < count; ++s) ++unit.piece_wins[std::size_t(net.winners_[l][s * units + u])];
    }
    layer.zeros += zeros;
  }
  // Output: constancy (bitwise, on the logits, against the set's first sample) and accuracy.
  const std::size_t classes = std::size_t(net.outputs());
  const float* logits = net.pre_.back().data();
  if (count_ == 0 && count > 0) first_logits_.assign(logits, logits + classes);
  for (std::size_t s = 0; s < count && constant_; ++s)
    for (std::size_t c = 0; c < classes; ++c)
      if (bit_cast<std::uint32_t>(logits[s * classes + c]) != bit_cast<std::uint32_t>(first_logits_[c])) {
        constant_ = false;
        break;
      }
  if (net.config_.output != OutputKind::Regression) {
    for (std::size_t s = 0; s < count; ++s) {
      // Binary: the probability; multiclass: the logits (the same order as the probabilities).
      const float p = net.config_.output == OutputKind::Binary ? output_sigmoid(logits[s]) : 0.0f;
      const float* scores = net.config_.output == OutputKind::Binary ? &p : logits + s * classes;
      if (prediction_correct(net.config_.output, scores, classes, y[s])) ++correct_;
    }
  }
  count_ += count;
}

NetworkDiagnostics DiagnosticsPass::finish(const Network& net) const {
  NetworkDiagnostics result;
  const std::size_t count = count_;
  const bool has_data = count > 0;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const LayerShape& shape = net.layers()[l];
    const Failure failure = activation_info(shape.activation).failure;
    LayerDiagnostics layer;
    layer.activation = shape.activation;
    layer.units.resize(layers_[l].units.size());
    layer.zero_pre_activations = int(layers_[l].zero_pre);
    for (std::size_t u = 0; u < layer.units.size(); ++u) {
      const Unit& tally = layers_[l].units[u];
      UnitDiagnostics& unit = layer.units[u];
      unit.activity_rate = has_data ? float(double(tally.active) / double(count)) : 0.0f;
      unit.dead = has_data && failure == Failure::Dies && tally.active == 0;
      unit.inactive = has_data && failure == Failure::Inactive && tally.active == 0;
      unit.saturated = has_data && failure == Failure::Saturates && tally.all_saturated;
      if (shape.slope_count > 0)
        unit.slope = net.parameters()[shape.slope_offset + (shape.slope_count == 1 ? 0 : u)];
      if (shape.activation == Activation::Maxout) {
        unit.piece_wins = tally.piece_wins;
        if (has_data) unit.dead_pieces = int(std::count(unit.piece_wins.begin(), unit.piece_wins.end(), 0));
      }
      layer.dead += unit.dead ? 1 : 0;
      layer.inactive += unit.inactive ? 1 : 0;
      layer.saturated += unit.saturated ? 1 : 0;
      layer.dead_pieces += unit.dead_pieces;
    }
    layer.sparsity = has_data ? float(double(layers_[l].zeros) / double(count * layer.units.size())) : 0.0f;
    result.dead_units += layer.dead;
    result.inactive_units += layer.inactive;
    result.saturated_units += layer.saturated;
    result.total_units += shape.units;
    result.layers.push_back(std::move(layer));
  }
  result.constant_output = count >= 2 && constant_;
  if (has_data) result.loss = float(loss_total_ / double(count));
  if (has_data && net.config().output != OutputKind::Regression)
    result.accuracy = float(double(correct_) / double(count));
  return result;
}

// With gradient norms: loss_and_gradient on the whole set, so gradients() afterwards holds the
// full-set gradient (the previous content is overwritten); optimiser state is untouched. Without:
// a DiagnosticsPass in one block. An empty set (n <= 0) reports no dead/inactive/saturated units
// and zero rates.
NetworkDiagnostics Network::diagnose(std::span<const float> x, std::span<const float> y, int n, float tau,
                                     bool gradient_norms) {
  DiagnosticsPass pass(*this, tau);
  float loss = 0.0f;
  if (gradient_norms) {
    loss = loss_and_gradient(x, y, n);  // also leaves the forward pass of all n samples
    if (n > 0) pass.tally(*this, y, std::size_t(n));
  } else {
    pass.add(*this, x, y, n);
  }
  NetworkDiagnostics result = pass.finish(*this);
  if (gradient_norms) {
    result.loss = loss;
    for (std::size_t l = 0; l < result.layers.size(); ++l) {
      const LayerShape& shape = layers_[l];
      double grad_sq = 0.0;
      const std::size_t weight_count = std::size_t(shape.rows()) * std::size_t(shape.inputs);
      for (std::size_t i = 0; i < weight_count; ++i) {
        const double g = grads_[shape.weight_offset + i];
        grad_sq += g * g;
      }
      result.layers[l].grad_norm = float(std::sqrt(grad_sq));
    }
  }
  return result;
}

}  // namespace relulab
