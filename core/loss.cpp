// The output side of the MLP (loss.hpp): losses with dL/dlogits, probabilities, test metrics.
// Speed: -O3 in wasm without -msimd128 (CMakeLists.txt); output_sigmoid's four-lane form is
// lowered to scalar operations there (same results), which measured no slower on W2.
// Determinism: expf is portable_expf (musl's bits on both targets), log1p is log1p_unit below;
// std::log (float and double) is among the libm results that match between glibc and musl
// (docs/DETERMINISM.md).
#include "loss.hpp"

#include <algorithm>

namespace relulab {
namespace {

/// out[c] = exp(z[c] - max z) for one row; returns the sum of out (in class order) and the max.
/// The softmax numerators of both the loss and the probabilities.
float shifted_exps(const float* z, std::size_t classes, float* out, float& top) {
  top = *std::max_element(z, z + classes);
  float sum = 0.0f;
  for (std::size_t c = 0; c < classes; ++c) {
    out[c] = portable_expf(z[c] - top);
    sum += out[c];
  }
  return sum;
}

}  // namespace

/// 2 atanh(s) with s = e / (2 + e) <= 1/3, the odd series to s^19 (truncation below 3e-10 of the
/// value, far under half a float ulp after the caller's rounding to float). The loss can differ
/// from libm's double log1p in the last float bit on rare inputs; gradients do not use it.
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

float loss_and_dlogits(OutputKind kind, const float* logits, const float* y, std::size_t n, std::size_t classes,
                       float* dlogits) {
  return float(add_losses(kind, logits, y, n, classes, 0.0, float(n), dlogits) / double(n));
}

double add_losses(OutputKind kind, const float* logits, const float* y, std::size_t n, std::size_t classes,
                  double total, float batch_f, float* dlogits) {
  // total: the sum of per-sample float losses, in double, in sample order (blocks of a set added
  // one after another give the same sum as the whole set).
  switch (kind) {
    case OutputKind::Binary:
      for (std::size_t s = 0; s < n; ++s) {
        // max(z, 0) - y*z + log1p(exp(-|z|)) and sigmoid(z) - y from one e = exp(-|z|), the same
        // expressions as output_sigmoid.
        const float z = logits[s];
        const float e = portable_expf(-std::fabs(z));
        const float loss = std::max(z, 0.0f) - z * y[s] + float(log1p_unit(double(e)));
        const float p = (z >= 0.0f ? 1.0f : e) / (1.0f + e);
        total += double(loss);
        dlogits[s] = (p - y[s]) / batch_f;
      }
      break;
    case OutputKind::Multiclass:
      for (std::size_t s = 0; s < n; ++s) {
        const float* z = logits + s * classes;
        float* g = dlogits + s * classes;
        float top = 0.0f;
        const float sum = shifted_exps(z, classes, g, top);
        const std::size_t label = std::size_t(label_index(y[s], int(classes)));
        total += double(top + std::log(sum) - z[label]);
        for (std::size_t c = 0; c < classes; ++c) g[c] = (g[c] / sum - (c == label ? 1.0f : 0.0f)) / batch_f;
      }
      break;
    case OutputKind::Regression:
      for (std::size_t s = 0; s < n; ++s) {
        const float diff = logits[s] - y[s];
        total += double(0.5f * diff * diff);
        dlogits[s] = diff / batch_f;
      }
      break;
  }
  return total;
}

void output_from_logits(OutputKind kind, const float* logits, std::size_t n, std::size_t classes, float* out) {
  switch (kind) {
    case OutputKind::Binary: {
      std::size_t s = 0;
      for (; s + 4 <= n; s += 4) simd::store(out + s, output_sigmoid(simd::load(logits + s)));
      for (; s < n; ++s) out[s] = output_sigmoid(logits[s]);
      break;
    }
    case OutputKind::Multiclass:
      for (std::size_t s = 0; s < n; ++s) {
        float* p = out + s * classes;
        float top = 0.0f;
        const float sum = shifted_exps(logits + s * classes, classes, p, top);
        for (std::size_t c = 0; c < classes; ++c) p[c] /= sum;
      }
      break;
    case OutputKind::Regression:
      std::copy(logits, logits + n, out);
      break;
  }
}

ProbabilityMetrics probability_metrics(OutputKind kind, const float* p, const float* y, std::size_t n,
                                       std::size_t classes) {
  ProbabilityMetrics m;
  if (n == 0) return m;
  constexpr float kLow = 1e-7f, kHigh = 1.0f - 1e-7f;
  double loss_sum = 0.0;
  int correct = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const float target = y[i];
    const float* row = p + i * classes;
    switch (kind) {
      case OutputKind::Binary: {
        const float prob = std::clamp(row[0], kLow, kHigh);
        loss_sum -= target >= 0.5f ? std::log(prob) : std::log(1.0f - prob);
        break;
      }
      case OutputKind::Multiclass:
        loss_sum -= std::log(std::clamp(row[label_index(target, int(classes))], kLow, kHigh));
        break;
      case OutputKind::Regression: {
        const float diff = row[0] - target;
        loss_sum += 0.5f * diff * diff;
        break;
      }
    }
    if (prediction_correct(kind, row, classes, target)) ++correct;
  }
  m.loss = float(loss_sum / double(n));
  m.accuracy = kind == OutputKind::Regression ? 0.0f : float(correct) / float(n);
  return m;
}

}  // namespace relulab
