// UnitHistory: per-unit records per epoch, thinned with thin_records, and the death bookkeeping
// (death epoch, revivals, the push). Runs once per epoch per network: a pass over each hidden
// unit's incoming weights and gradients, nothing per batch.
#include "unit_history.hpp"

#include <cmath>

namespace relulab {

void unit_parameters(const Network& net, int layer, int unit, std::span<const float> params, float& bias,
                     float& weight_norm) {
  const LayerShape& shape = net.layers()[std::size_t(layer)];
  const std::size_t inputs = std::size_t(shape.inputs);
  const std::size_t first_row = std::size_t(unit) * std::size_t(shape.pieces);
  double sq = 0.0;
  for (std::size_t r = first_row; r < first_row + std::size_t(shape.pieces); ++r)
    for (std::size_t i = 0; i < inputs; ++i) {
      const double w = params[shape.weight_offset + r * inputs + i];
      sq += w * w;
    }
  weight_norm = float(std::sqrt(sq));
  bias = params[shape.bias_offset + first_row];
}

std::uint64_t UnitHistory::memory_bytes(std::span<const LayerShape> layers) {
  std::uint64_t units = 0;
  for (std::size_t l = 0; l + 1 < layers.size(); ++l) units += std::uint64_t(layers[l].units);
  const std::uint64_t per_unit = (kLimit + 1) * sizeof(UnitRecord) + sizeof(UnitPush) + kMaxRevivals * sizeof(int) + 64;
  return units * per_unit + (kLimit + 1) * sizeof(int);
}

UnitHistory::UnitHistory(const Network& net) {
  const std::vector<LayerShape>& layers = net.layers();
  for (std::size_t l = 0; l + 1 < layers.size(); ++l) {
    layer_first_.push_back(units_);
    const Failure failure = activation_info(layers[l].activation).failure;
    const bool dies = layers[l].activation != Activation::Maxout &&
                      (failure == Failure::Dies || failure == Failure::Inactive);
    for (int u = 0; u < layers[l].units; ++u) can_die_.push_back(dies);
    units_ += layers[l].units;
  }
  const std::size_t n = std::size_t(units_);
  death_epoch_.assign(n, -1);
  revival_count_.assign(n, 0);
  revivals_.resize(n);
  push_.resize(n);
  newly_off_.reserve(n);
  // All the records a run can hold, taken now (thinning keeps at most kLimit + 1 while adding):
  // a long run's memory does not grow past its first epochs (memory_bytes counts this).
  epochs_.reserve(kLimit + 1);
  records_.reserve((kLimit + 1) * n);
}

int UnitHistory::flat(int layer, int unit) const {
  if (layer < 0 || layer >= int(layer_first_.size())) return -1;
  const int first = layer_first_[std::size_t(layer)];
  const int end = layer + 1 < int(layer_first_.size()) ? layer_first_[std::size_t(layer) + 1] : units_;
  return unit >= 0 && unit < end - first ? first + unit : -1;
}

void UnitHistory::locate(int k, int& layer, int& unit) const {
  layer = 0;
  while (layer + 1 < int(layer_first_.size()) && layer_first_[std::size_t(layer) + 1] <= k) ++layer;
  unit = k - layer_first_[std::size_t(layer)];
}

const std::vector<int>& UnitHistory::add(int epoch, const Network& net, const NetworkDiagnostics& diag,
                                         bool with_gradients) {
  newly_off_.clear();
  const bool first = epochs_.empty();
  const std::size_t previous = records_.size();  // the previous record's first unit (if any)
  epochs_.push_back(epoch);
  for (std::size_t l = 0; l < diag.layers.size(); ++l) {
    const LayerDiagnostics& layer = diag.layers[l];
    for (std::size_t u = 0; u < layer.units.size(); ++u) {
      const int k = layer_first_[l] + int(u);
      UnitRecord r;
      r.epoch = epoch;
      unit_parameters(net, int(l), int(u), net.parameters(), r.bias, r.weight_norm);
      if (with_gradients) {
        float grad_bias = 0;
        unit_parameters(net, int(l), int(u), net.gradients(), grad_bias, r.grad_norm);
      }
      r.activity = layer.units[u].activity_rate;
      r.off = can_die_[std::size_t(k)] && (layer.units[u].dead || layer.units[u].inactive);
      const std::size_t ku = std::size_t(k);
      if (!first) {
        const bool was_off = records_[previous - std::size_t(units_) + ku].off;
        if (r.off && !was_off) {
          death_epoch_[ku] = epoch;
          newly_off_.push_back(k);
        } else if (!r.off && was_off) {
          death_epoch_[ku] = -1;
          if (revivals_[ku].size() < kMaxRevivals) revivals_[ku].push_back(epoch);
          ++revival_count_[ku];
        }
      } else if (r.off) {
        death_epoch_[ku] = epoch;  // born dead: no push
      }
      records_.push_back(r);
    }
  }
  if (epochs_.size() > kLimit) {
    thin_records(epochs_);
    thin_records(records_, std::size_t(units_));
  }
  return newly_off_;
}

UnitHistoryResult UnitHistory::result(int layer, int unit) const {
  UnitHistoryResult out;
  const int k = flat(layer, unit);
  if (k < 0) return out;
  const std::size_t ku = std::size_t(k);
  out.records.reserve(epochs_.size());
  for (std::size_t r = 0; r < epochs_.size(); ++r) out.records.push_back(records_[r * std::size_t(units_) + ku]);
  out.can_die = can_die_[ku];
  out.death_epoch = death_epoch_[ku];
  out.revivals = revivals_[ku];
  out.revival_count = revival_count_[ku];
  // The push of the current off run only (an earlier death's push is not this one).
  if (death_epoch_[ku] > 0 && push_[ku].known && push_[ku].epoch == death_epoch_[ku]) out.push = push_[ku];
  return out;
}

}  // namespace relulab
