// The optimiser of the MLP: its settings (TrainConfig), its state, and one step with rollback
// over the flat parameter buffer: SGD, SGD with momentum, Adam, each with L2 and L1 on W.
// Not the gradients (network.cpp computes them) and not the schedule (callers choose batches).
//
// Conventions (tests/native/test_optimizer.cpp pins them):
// - L2 adds l2 * w to the gradient of W only (not b, not PReLU slopes): the step minimises
//   loss + l2/2 * ||W||^2.
// - L1 adds l1 * sign(w) to the same gradient, after the L2 term (g + l2*w + l1*sign(w)), on the
//   same W only: the step minimises loss + l1 * ||W||_1. sign(0) = 0, so a weight at exactly 0
//   stays there unless the data's gradient moves it. It is the plain subgradient: a weight that
//   crosses 0 is not clipped to 0 (TF Playground clips it under SGD; with momentum or Adam
//   "crossing" has no clear meaning), so small weights oscillate around 0 rather than settle on it.
//   l1 = 0 takes exactly the arithmetic of a step without L1 (same bits).
// - Momentum: v = mu*v - lr*g; p += v. Adam: beta1 = momentum, beta2 = 0.999, eps = 1e-8,
//   bias-corrected with the product of the beta1 actually used (momentum may change live).
// - Switching optimiser kind between steps clears the state; a refused step (a non-finite
//   gradient or result) changes nothing, state included.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "settings.hpp"

namespace relulab {

/// Optimiser settings; may change between steps without rebuilding the network.
/// Public names: optimizer, learningRate, batchSize, l2, l1, momentum.
struct TrainConfig {
  OptimizerKind optimizer = OptimizerKind::Adam;   // the default experiment: see kSettings
  float learning_rate = float(default_of(Setting::LearningRate));
  int batch_size = int(default_of(Setting::BatchSize));
  float l2 = float(default_of(Setting::L2));        // weight decay on W only (not b, not PReLU a)
  float momentum = float(default_of(Setting::Momentum));  // SGD momentum; Adam beta1
  float l1 = float(default_of(Setting::L1));        // l1 * sign(w) on W only, as l2 (last: brace
                                                    // initialisers of the fields above keep meaning)
};

/// Validates a training config (names: optimizer, learningRate, batchSize, l2, l1, momentum).
Status validate(const TrainConfig& config);

/// The optimiser's state, same layout as the parameters it steps.
struct OptimizerState {
  std::vector<float> m, v;             // momentum / Adam first moment; Adam second moment
  std::int64_t steps = 0;
  double beta1_power = 1.0;            // product of the beta1 used so far (Adam bias correction)
  double beta2_power = 1.0;            // beta2^t
  OptimizerKind kind = OptimizerKind::Sgd;  // the optimiser m and v belong to
  std::vector<float> backup;           // values before a step, restored if it is refused

  explicit OptimizerState(std::size_t count = 0) : m(count, 0.0f), v(count, 0.0f) {}
  /// Clears m, v, the step count and the bias corrections (the kind stays).
  void reset();
};

/// One step of `train` on params with gradient grads (same length). weight_ranges holds
/// [begin, end) pairs of the W ranges (they get L2 and L1); every other parameter gets neither.
/// Returns false, with params and state exactly as before, if a gradient or a result is not finite.
bool optimizer_step(OptimizerState& state, std::span<float> params, std::span<const float> grads,
                    std::span<const std::size_t> weight_ranges, const TrainConfig& train);

}  // namespace relulab
