// One optimiser step with rollback (optimizer.hpp). The new values go straight into place while
// the old ones are kept in state.backup (p, and m / v for momentum / Adam); the results'
// finiteness is or-ed along the way, and a non-finite result restores the backup, so a refused
// step changes nothing: the rare case pays the copy, not every step a dry run.
// Speed over size: built -O3 -msimd128 in wasm (CMakeLists.txt). Every pass is one branch-free
// loop over a range (the finiteness test is a bit test, not std::isfinite), so the compiler
// vectorises it; without -msimd128 W3 (2,200 parameters per step) trained at 0.81x.
#include "optimizer.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "bit_cast.hpp"

namespace relulab {
namespace {

constexpr float kAdamBeta2 = 0.999f;
constexpr float kAdamEpsilon = 1e-8f;

/// 1 if v is infinite or NaN (exponent all ones), else 0: branch-free, so a pass that or-s it
/// over a buffer vectorises.
inline std::uint32_t non_finite(float v) {
  return (bit_cast<std::uint32_t>(v) & 0x7f800000u) == 0x7f800000u ? 1u : 0u;
}

bool all_finite(std::span<const float> values) {
  std::uint32_t bad = 0;
  for (float v : values) bad |= non_finite(v);
  return bad == 0;
}

/// sign(w) for L1, branch-free: 1, -1, and -0 for w = +-0 (a zero step, since l1 >= 0; NaN's
/// step is refused anyway). Why -0 and not 0: x + -0 is x for every x, and for w > 0 the L2 sum
/// g + l2 * w is never -0, so with l1 = 0 the L1 term changes no bit of a step, one loop serves
/// both, and runs without L1 keep the results they had before it existed.
inline float sign_of(float w) { return w > 0.0f ? 1.0f : w < 0.0f ? -1.0f : -0.0f; }

/// The gradient W steps on: g + l2 * w + l1 * sign(w) (optimizer.hpp).
inline float penalised(float g, float w, float l2, float l1) { return g + l2 * w + l1 * sign_of(w); }

/// The SGD update, written once: p = p - lr * penalised(g, p) (Decay) or p - lr * g, over
/// [begin, end), old values into keep; returns 1 if a result is not finite.
template <bool Decay>
inline std::uint32_t sgd_range(float* p, float* keep, const float* g, std::size_t begin, std::size_t end, float lr,
                               float l2, float l1) {
  std::uint32_t bad = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const float old = p[i];
    keep[i] = old;
    const float next = Decay ? old - lr * penalised(g[i], old, l2, l1) : old - lr * g[i];
    p[i] = next;
    bad |= non_finite(next);
  }
  return bad;
}

}  // namespace

void OptimizerState::reset() {
  std::fill(m.begin(), m.end(), 0.0f);
  std::fill(v.begin(), v.end(), 0.0f);
  steps = 0;
  beta1_power = 1.0;
  beta2_power = 1.0;
}

bool optimizer_step(OptimizerState& state, std::span<float> params, std::span<const float> grads,
                    std::span<const std::size_t> weight_ranges, const TrainConfig& train) {
  const std::size_t count = params.size();
  float* p = params.data();
  const float* g = grads.data();
  const float lr = train.learning_rate;
  if (train.optimizer == OptimizerKind::Sgd && train.l2 == 0.0f && train.l1 == 0.0f) {
    // Plain SGD: one pass over all parameters, no separate finiteness pass over the gradients (a
    // non-finite gradient makes its result non-finite, old finite and lr > 0). A path of its own
    // because folding it into the general step below (a gradient pass, then one pass per range)
    // cost 4 % on W1 (bench/README.md); the update itself is sgd_range, shared with that step.
    state.backup.resize(std::max(state.backup.size(), count));
    if (sgd_range<false>(p, state.backup.data(), g, 0, count, lr, 0.0f, 0.0f) != 0) {
      std::copy_n(state.backup.data(), count, p);
      return false;
    }
    if (state.kind != OptimizerKind::Sgd) {
      state.reset();
      state.kind = OptimizerKind::Sgd;
    }
    ++state.steps;
    return true;
  }
  if (!all_finite(grads)) return false;
  // A change of optimiser starts from fresh state, but the old state and kind are kept until
  // the step is accepted.
  struct OldState {
    std::vector<float> m, v;
    std::int64_t steps;
    double beta1_power, beta2_power;
    OptimizerKind kind;
  };
  std::optional<OldState> switched;
  if (train.optimizer != state.kind) {
    switched = OldState{state.m, state.v, state.steps, state.beta1_power, state.beta2_power, state.kind};
    state.reset();
    state.kind = train.optimizer;
  }
  const float l2 = train.l2;
  const float l1 = train.l1;
  const float mu = train.momentum;
  const double beta1_power = state.beta1_power * double(mu);
  const double beta2_power = state.beta2_power * double(kAdamBeta2);
  const float correction1 = float(1.0 - beta1_power);
  const float correction2 = float(1.0 - beta2_power);

  const bool has_m = train.optimizer != OptimizerKind::Sgd;
  const bool has_v = train.optimizer == OptimizerKind::Adam;
  state.backup.resize(count * (1 + (has_m ? 1 : 0) + (has_v ? 1 : 0)));
  float* keep_p = state.backup.data();
  float* keep_m = keep_p + count;
  float* keep_v = keep_m + count;
  float* m = state.m.data();
  float* v = state.v.data();
  std::uint32_t bad = 0;
  // One pass per range, specialised per optimiser.
  auto step_range = [&](std::size_t begin, std::size_t end, bool decay) {
    switch (train.optimizer) {
      case OptimizerKind::Sgd:
        bad |= decay ? sgd_range<true>(p, keep_p, g, begin, end, lr, l2, l1)
                     : sgd_range<false>(p, keep_p, g, begin, end, lr, 0.0f, 0.0f);
        break;
      case OptimizerKind::Momentum:
        for (std::size_t i = begin; i < end; ++i) {
          const float old = p[i];
          const float gi = decay ? penalised(g[i], old, l2, l1) : g[i];
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
          const float gi = decay ? penalised(g[i], old, l2, l1) : g[i];
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
  // W ranges get L2 and L1; the parameters between them (biases, PReLU slopes) and after the last do not.
  std::size_t done = 0;
  for (std::size_t k = 0; k + 1 < weight_ranges.size(); k += 2) {
    step_range(done, weight_ranges[k], false);
    step_range(weight_ranges[k], weight_ranges[k + 1], true);
    done = weight_ranges[k + 1];
  }
  step_range(done, count, false);
  if (bad != 0) {
    std::copy_n(keep_p, count, p);
    if (has_m) std::copy_n(keep_m, count, m);
    if (has_v) std::copy_n(keep_v, count, v);
    if (switched) {
      state.m = std::move(switched->m);
      state.v = std::move(switched->v);
      state.steps = switched->steps;
      state.beta1_power = switched->beta1_power;
      state.beta2_power = switched->beta2_power;
      state.kind = switched->kind;
    }
    return false;
  }
  ++state.steps;
  if (train.optimizer == OptimizerKind::Adam) {
    state.beta1_power = beta1_power;
    state.beta2_power = beta2_power;
  }
  return true;
}

}  // namespace relulab
