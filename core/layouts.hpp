// The result layouts: how each result the wasm API returns is packed as doubles (an epoch
// record, a network summary, a layer of the parameter layout, diagnostics), as one list of
// public field names per struct, the visit_fields overloads below. The packer writes by them;
// tables.cpp publishes them ("layouts") and wasm/relulab.mjs builds its unpackers from that, so
// adding a field to a result is one line here.
// Not the structs themselves (experiment.hpp, network.hpp) and not a serialiser of configs
// (schema.hpp).
#pragma once
#include <type_traits>
#include <vector>

#include "experiment.hpp"
#include "json.hpp"

namespace relulab {

// A visitor has number(key, value), flag(key, bool), activation(key, Activation), object(key,
// struct) for a nested result and list(key, vector) for a counted list (of structs or numbers).

template <class V>
void visit_fields(V& v, const EpochRecord& r) {
  v.number("epoch", r.epoch);
  v.number("trainLoss", r.train_loss);
  v.number("testLoss", r.test_loss);
  v.number("trainAccuracy", r.train_accuracy);
  v.number("testAccuracy", r.test_accuracy);
  v.number("dead", r.dead);
  v.number("inactive", r.inactive);
  v.number("saturated", r.saturated);
  v.number("deadPieces", r.dead_pieces);
  v.number("totalUnits", r.total_units);
  v.number("regions", r.regions);
}

template <class V>
void visit_fields(V& v, const NetworkSummary& s) {
  v.activation("activation", s.activation);
  v.number("epoch", s.epoch);
  v.flag("diverged", s.diverged);
  v.number("divergedEpoch", s.diverged_epoch);
  v.object("latest", s.latest);
}

/// A layer of the parameter layout (network.layout, experiment.layout(i)).
template <class V>
void visit_fields(V& v, const LayerShape& l) {
  v.number("inputs", l.inputs);
  v.number("units", l.units);
  v.number("pieces", l.pieces);
  v.activation("activation", l.activation);
  v.number("weightOffset", l.weight_offset);
  v.number("biasOffset", l.bias_offset);
  v.number("slopeOffset", l.slope_offset);
  v.number("slopeCount", l.slope_count);
}

template <class V>
void visit_fields(V& v, const UnitDiagnostics& u) {
  v.number("activityRate", u.activity_rate);
  v.flag("dead", u.dead);
  v.flag("inactive", u.inactive);
  v.flag("saturated", u.saturated);
  v.number("slope", u.slope);
  v.number("deadPieces", u.dead_pieces);
  v.list("pieceWins", u.piece_wins);
}

template <class V>
void visit_fields(V& v, const LayerDiagnostics& l) {
  v.activation("activation", l.activation);
  v.number("dead", l.dead);
  v.number("inactive", l.inactive);
  v.number("saturated", l.saturated);
  v.number("deadPieces", l.dead_pieces);
  v.number("sparsity", l.sparsity);
  v.number("gradNorm", l.grad_norm);
  v.number("zeroPreActivations", l.zero_pre_activations);
  v.list("units", l.units);
}

template <class V>
void visit_fields(V& v, const NetworkDiagnostics& d) {
  v.list("layers", d.layers);
  v.number("deadUnits", d.dead_units);
  v.number("inactiveUnits", d.inactive_units);
  v.number("saturatedUnits", d.saturated_units);
  v.number("totalUnits", d.total_units);
  v.flag("constantOutput", d.constant_output);
  v.number("loss", d.loss);
  v.number("accuracy", d.accuracy);
}

template <class V>
void visit_fields(V& v, const UnitRecord& r) {
  v.number("epoch", r.epoch);
  v.number("bias", r.bias);
  v.number("weightNorm", r.weight_norm);
  v.number("activity", r.activity);
  v.number("gradNorm", r.grad_norm);
  v.flag("off", r.off);
}

template <class V>
void visit_fields(V& v, const UnitPush& p) {
  v.flag("known", p.known);
  v.number("epoch", p.epoch);
  v.number("step", p.step);
  v.number("learningRate", p.learning_rate);
  v.number("biasBefore", p.bias_before);
  v.number("biasChange", p.bias_change);
  v.number("weightNormBefore", p.weight_norm_before);
  v.number("weightChange", p.weight_change);
  v.number("gradBias", p.grad_bias);
  v.number("gradNorm", p.grad_norm);
}

template <class V>
void visit_fields(V& v, const UnitHistoryResult& h) {
  v.flag("canDie", h.can_die);
  v.number("deathEpoch", h.death_epoch);
  v.list("revivals", h.revivals);
  v.number("revivalCount", h.revival_count);
  v.object("push", h.push);
  v.list("records", h.records);
}

/// The published name of each layout (the key in the tables' "layouts").
inline const char* layout_name(const EpochRecord&) { return "record"; }
inline const char* layout_name(const NetworkSummary&) { return "summary"; }
inline const char* layout_name(const LayerShape&) { return "layer"; }
inline const char* layout_name(const UnitDiagnostics&) { return "unitDiagnostics"; }
inline const char* layout_name(const LayerDiagnostics&) { return "layerDiagnostics"; }
inline const char* layout_name(const NetworkDiagnostics&) { return "diagnostics"; }
inline const char* layout_name(const UnitRecord&) { return "unitRecord"; }
inline const char* layout_name(const UnitPush&) { return "unitPush"; }
inline const char* layout_name(const UnitHistoryResult&) { return "unitHistory"; }

/// Appends a result to `out` in its layout: fields in order, flags as 0 / 1, activations as their
/// enum value, a list as its count then its entries.
class ResultPacker {
 public:
  explicit ResultPacker(std::vector<double>& out) : out_(out) {}
  template <class T>
  void number(const char*, T value) { out_.push_back(double(value)); }
  void flag(const char*, bool value) { out_.push_back(value ? 1.0 : 0.0); }
  void activation(const char*, Activation a) { out_.push_back(double(static_cast<int>(a))); }
  template <class T>
  void object(const char*, const T& value) { visit_fields(*this, value); }
  template <class T>
  void list(const char*, const std::vector<T>& items) {
    out_.push_back(double(items.size()));
    for (const T& item : items) {
      if constexpr (std::is_arithmetic_v<T>) out_.push_back(double(item));
      else visit_fields(*this, item);
    }
  }

 private:
  std::vector<double>& out_;
};

/// Appends a result to `out` (see ResultPacker).
template <class T>
void pack_result(const T& value, std::vector<double>& out) {
  ResultPacker p(out);
  visit_fields(p, value);
}

/// Writes a layout as JSON members, each field's kind: "number", "boolean", "activation" (an
/// enum value of the activations table), a layout name (one nested result), or [kind] (a count,
/// then that many entries of the kind).
class LayoutWriter {
 public:
  Json json;
  template <class T>
  void number(const char* key, T) { json.key(key).str("number"); }
  void flag(const char* key, bool) { json.key(key).str("boolean"); }
  void activation(const char* key, Activation) { json.key(key).str("activation"); }
  template <class T>
  void object(const char* key, const T& value) { json.key(key).str(layout_name(value)); }
  template <class T>
  void list(const char* key, const std::vector<T>&) {
    json.key(key).open('[');
    if constexpr (std::is_arithmetic_v<T>) json.str("number");
    else json.str(layout_name(T{}));
    json.close(']');
  }
};

}  // namespace relulab
