// The output side of the MLP: logits to probabilities, the three training losses with their
// gradient dL/dlogits, the accuracy rule, and the test-set metrics from probabilities.
// One definition each, used by training (Network::loss_and_gradient), predictions
// (Network::predict), diagnostics (Network::diagnose) and the experiment's test metrics.
// Not the hidden activations (activation.hpp).
//
// Conventions (tests/native/test_loss.cpp and test_network.cpp pin them):
// - Losses are means over the batch. Binary: BCE from the logit z, softplus(z) - y*z written as
//   max(z,0) - y*z + log1p(exp(-|z|)). Multiclass: log-sum-exp(z) - z_y with the max subtracted.
//   Regression: (pred - y)^2 / 2, so dL/dpred = (pred - y) / batch.
// - Accuracy: binary p >= 0.5 against y >= 0.5; multiclass the first maximum against the label;
//   regression has none (0).
#pragma once
#include <cmath>
#include <cstddef>

#include "portable_exp.hpp"
#include "settings.hpp"
#include "simd.hpp"

namespace relulab {

/// The output layer's probability sigmoid(z), computed in float: (1 or e) / (1 + e) with
/// e = exp(-|z|), one float division. The hidden layers' sigmoid (activation.hpp) is the
/// definition of the function and rounds once from double; this one rounds twice (1 + e, then the
/// quotient) and can differ in the last bit. It is kept because training's dL/dz = p - y is
/// computed from it: the golden parameter hashes and every lesson's numbers depend on these bits.
inline float output_sigmoid(float z) {
  const float e = portable_expf(-std::fabs(z));
  return (z >= 0.0f ? 1.0f : e) / (1.0f + e);
}
/// The same on four lanes (lane k equals output_sigmoid of lane k).
inline simd::f32x4 output_sigmoid(simd::f32x4 z) {
  const simd::f32x4 e =
      portable_expf(-reinterpret_cast<simd::f32x4>(reinterpret_cast<simd::i32x4>(z) & 0x7fffffff));
  return simd::select(z >= 0.0f, simd::splat(1.0f), e) / (1.0f + e);
}

/// Class index of a label stored as float, clamped into 0..classes-1 (NaN -> 0).
inline int label_index(float y, int classes) {
  if (!(y >= 0.0f)) return 0;
  if (y >= float(classes - 1)) return classes - 1;
  return int(y);
}

/// Whether one sample's prediction is right. scores: binary, the probability (scores[0]);
/// multiclass, any scores increasing with the probabilities (logits or softmax), classes of them.
inline bool prediction_correct(OutputKind kind, const float* scores, std::size_t classes, float y) {
  switch (kind) {
    case OutputKind::Binary: return (scores[0] >= 0.5f) == (y >= 0.5f);
    case OutputKind::Multiclass: {
      std::size_t best = 0;  // the first maximum on ties
      for (std::size_t c = 1; c < classes; ++c)
        if (scores[c] > scores[best]) best = c;
      return int(best) == label_index(y, int(classes));
    }
    case OutputKind::Regression: return false;
  }
  return false;
}

/// log1p(e) for e in [0, 1] without libm (+ - * / only: the same bits native and wasm).
double log1p_unit(double e);

/// Mean loss over n samples of logits (n, classes) against y (n), and dL/dlogits (n, classes),
/// already divided by n, into dlogits. classes is 1 for binary and regression.
float loss_and_dlogits(OutputKind kind, const float* logits, const float* y, std::size_t n, std::size_t classes,
                       float* dlogits);

/// The same per-sample losses added to `total` in sample order, and dL/dlogits divided by
/// batch_f: loss_and_dlogits is add_losses(..., 0.0, float(n), dlogits) / n. A set's total comes
/// out the same whether it is added whole or block after block (DiagnosticsPass).
double add_losses(OutputKind kind, const float* logits, const float* y, std::size_t n, std::size_t classes,
                  double total, float batch_f, float* dlogits);

/// Probabilities (binary: sigmoid; multiclass: softmax over each row) or values (regression) from
/// logits (n, classes) into out (n, classes).
void output_from_logits(OutputKind kind, const float* logits, std::size_t n, std::size_t classes, float* out);

/// Test-set loss and accuracy from predicted probabilities or values p (n, classes).
struct ProbabilityMetrics {
  float loss = 0;      // probability_cross_entropy (binary, multiclass) or squared error / 2
  float accuracy = 0;  // prediction_correct's rule; 0 for regression
};
/// The test-set metrics the experiment records, from what predict() returns. The loss is the
/// cross-entropy of the probability clamped to [1e-7, 1 - 1e-7] ("probability cross-entropy"),
/// not loss_and_dlogits' logit form: it differs only for outputs more confident than 1 - 1e-7
/// (there the clamp caps a sample's loss at about 16.1), and it is kept because the test losses the
/// lessons report were measured with it. Empty set: both 0.
ProbabilityMetrics probability_metrics(OutputKind kind, const float* p, const float* y, std::size_t n,
                                       std::size_t classes);

}  // namespace relulab
