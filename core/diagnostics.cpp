// Network::diagnose: per-unit and per-layer diagnostics on a data set (definitions in
// docs/ACTIVATIONS.md, "Dead, inactive, saturated, sparse"): activity rates, dead / inactive /
// saturated units, maxout piece wins, sparsity, gradient norms, zero pre-activations, a constant
// output, and the loss and accuracy of loss.hpp. Reads the network's forward-pass workspaces;
// changes no parameter and no optimiser state.
// Speed: -O3 in wasm without -msimd128 (CMakeLists.txt): the experiment runs diagnose on the
// training set after every epoch (X-relu-experiment in bench/README.md).
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "bit_cast.hpp"
#include "loss.hpp"
#include "network.hpp"

namespace relulab {

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
  const std::size_t count = n > 0 ? std::size_t(n) : 0;
  const std::size_t hidden_count = layers_.size() - 1;

  for (std::size_t l = 0; l < hidden_count; ++l) {
    const LayerShape& shape = layers_[l];
    const ActivationParams act_params = activation_params(config_, shape.activation);
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
        if (bit_cast<std::uint32_t>(logits[s * classes + c]) != bit_cast<std::uint32_t>(logits[c])) {
          constant = false;
          break;
        }
    result.constant_output = constant;
  }
  if (count > 0 && config_.output != OutputKind::Regression) {
    std::size_t correct = 0;
    for (std::size_t s = 0; s < count; ++s) {
      // Binary: the probability; multiclass: the logits (the same order as the probabilities).
      const float p = config_.output == OutputKind::Binary ? output_sigmoid(logits[s]) : 0.0f;
      const float* scores = config_.output == OutputKind::Binary ? &p : logits + s * classes;
      if (prediction_correct(config_.output, scores, classes, y[s])) ++correct;
    }
    result.accuracy = float(double(correct) / double(count));
  }
  return result;
}

}  // namespace relulab
