// Per hidden unit, per recorded epoch: its bias, the norm of its incoming weights, its activity
// rate on the training set and the gradient norm it received; from them the epoch it died (from
// then on dead), its revivals, and for a unit that died during the run "the push": the update at
// the step that pushed it over. The Experiment keeps one UnitHistory per network (experiment.hpp)
// and thins it with the rule of its epoch records (thin_records below, the one thinning function).
// Definitions (docs/ACTIVATIONS.md, "Dead, inactive, saturated, sparse"): a unit is "off" when it
// is dead (ReLU family: z <= 0 on every training point) or inactive (leaky family: the same, with
// gradient still flowing); sigmoid, tanh, absolute value and maxout units are never off here.
// Not the diagnostics themselves (diagnostics.cpp computes the activity rates this reads).
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "network.hpp"

namespace relulab {

/// Thins records kept in groups of `group` (one group per epoch): keeps groups 0, 2, 4, ... of all
/// but the newest, and the newest, in order. The one thinning rule of the experiment's histories.
template <class T>
void thin_records(std::vector<T>& h, std::size_t group = 1) {
  const std::size_t groups = h.size() / group;
  if (groups == 0) return;
  const std::size_t last = groups - 1;
  std::size_t kept = 0;
  for (std::size_t k = 0; k < last; k += 2, ++kept)
    for (std::size_t i = 0; i < group; ++i) h[kept * group + i] = h[k * group + i];
  for (std::size_t i = 0; i < group; ++i) h[kept * group + i] = h[last * group + i];
  h.resize((kept + 1) * group);
}

/// One unit at the end of one epoch (epoch 0: at initialisation).
struct UnitRecord {
  int epoch = 0;
  float bias = 0;          // maxout: the first piece's bias
  float weight_norm = 0;   // ||w|| of its incoming weights (maxout: all its pieces' rows)
  float activity = 0;      // share of training points with z > 0 (as UnitDiagnostics::activity_rate)
  float grad_norm = 0;     // ||dL/dw|| of the epoch's last batch (data loss, before L1/L2); 0 at epoch 0
  bool off = false;        // dead or inactive on the training set
};

/// The update at the step after which the unit was off on the training set, in the epoch it died.
struct UnitPush {
  bool known = false;      // false: the unit did not die during the run, or that epoch could not be replayed
  int epoch = 0;           // the epoch of the step (1-based, as records)
  int step = 0;            // the batch within that epoch (0-based)
  float learning_rate = 0;
  float bias_before = 0, bias_change = 0;      // b and its change at that step
  float weight_norm_before = 0, weight_change = 0;  // ||w|| before, and ||delta w||
  float grad_bias = 0, grad_norm = 0;          // dL/db and ||dL/dw|| on that batch (data loss)
};

/// A unit's history as the API reports it.
struct UnitHistoryResult {
  std::vector<UnitRecord> records;  // in epoch order, thinned like the epoch records
  bool can_die = false;             // its activation can be dead or inactive
  int death_epoch = -1;             // first epoch of its current off run (-1: not off now)
  std::vector<int> revivals;        // epochs at which it was on again after being off (at most kMaxRevivals)
  int revival_count = 0;            // all revivals, also those past kMaxRevivals
  UnitPush push;                    // for a unit that is off now and was on at some earlier epoch
};

/// Per network: per-epoch records of every hidden unit and the death bookkeeping.
class UnitHistory {
 public:
  /// Records kept per unit (more epochs are thinned): 256 * 20 bytes per unit.
  static constexpr std::size_t kLimit = 256;
  static constexpr std::size_t kMaxRevivals = 32;
  /// Bytes a history of a network of these layers holds at most.
  static std::uint64_t memory_bytes(std::span<const LayerShape> layers);

  UnitHistory() = default;
  explicit UnitHistory(const Network& net);
  /// Appends the records of `epoch` from the network's parameters, its last batch's gradients
  /// (with_gradients) and diagnostics on the training set; returns the units (flat, layer order)
  /// that were on at the previous record and are off now.
  const std::vector<int>& add(int epoch, const Network& net, const NetworkDiagnostics& diag, bool with_gradients);
  /// Records the push of flat unit `unit`.
  void set_push(int unit, const UnitPush& push) { push_[std::size_t(unit)] = push; }
  /// Flat units whose current off run began at `epoch` (the candidates of that epoch's replay).
  void off_since(int epoch, std::vector<int>& out) const {
    out.clear();
    for (int k = 0; k < units_; ++k)
      if (death_epoch_[std::size_t(k)] == epoch) out.push_back(k);
  }
  /// Death epoch of flat unit k (-1: not off now).
  int death_epoch(int k) const { return death_epoch_[std::size_t(k)]; }
  /// Flat index of (layer, unit); -1 if out of range.
  int flat(int layer, int unit) const;
  /// The (layer, unit) of flat index k (precondition: 0 <= k < units()).
  void locate(int k, int& layer, int& unit) const;
  int units() const { return units_; }
  UnitHistoryResult result(int layer, int unit) const;

 private:
  int units_ = 0;
  std::vector<int> layer_first_;           // flat index of each hidden layer's unit 0
  std::vector<bool> can_die_;              // per flat unit
  std::vector<int> epochs_;                // per record
  std::vector<UnitRecord> records_;        // (record, unit)
  std::vector<int> death_epoch_, revival_count_;
  std::vector<std::vector<int>> revivals_;
  std::vector<UnitPush> push_;
  std::vector<int> newly_off_;
};

/// Bias, ||w|| of unit `unit` of hidden layer `layer` (maxout: first piece's bias, all rows' w).
void unit_parameters(const Network& net, int layer, int unit, std::span<const float> params, float& bias,
                     float& weight_norm);

}  // namespace relulab
