// Loading a saved experiment's past (Experiment::restore_history, unpack_runs): the epoch counter,
// each network's epoch records and divergence, checked in full before anything changes. The
// parameters are set before, network by network (Network::set_parameters); the config built the
// experiment. Not a file parser: the file format is read in JS (web/shared/experiment-file.js,
// docs/API.md "Saving and loading an experiment"); this is the core's own check of what arrives.
// Built for size (-Oz) in wasm like experiment_setup.cpp: it runs once per load.
#include <cmath>
#include <string>
#include <type_traits>

#include "experiment.hpp"
#include "layouts.hpp"

namespace relulab {
namespace {

constexpr double kFloatMax = 3.4028234663852886e38;  // FLT_MAX
constexpr int kMaxEpoch = 2147483646;                // one more epoch still fits an int

std::string str(long long v) { return std::to_string(v); }

/// Reads one record's fields in its layout's order from packed doubles: whole-number fields must
/// be whole and fit an int, the others must be float32 values. Given only non-const records (the
/// visit_fields overloads take const references for the packer; the object itself is not const).
class RecordReader {
 public:
  RecordReader(std::span<const double> in, std::size_t& at, std::string prefix)
      : in_(in), at_(at), prefix_(std::move(prefix)) {}
  Status status;
  template <class T>
  void number(const char* key, const T& field) {
    const double v = in_[at_++];
    if (!status.ok) return;
    T& out = const_cast<T&>(field);
    if constexpr (std::is_integral_v<T>) {
      if (v == std::floor(v) && v >= -2147483648.0 && v <= 2147483647.0) out = T(v);
      else status = Status::error(prefix_ + key + " must be a whole number (got " + format_number(v) + ")");
    } else {
      if (std::isfinite(v) && std::fabs(v) <= kFloatMax) out = T(v);
      else status = Status::error(prefix_ + key + " must be a finite number within float32 range (got " + format_number(v) + ")");
    }
  }

 private:
  std::span<const double> in_;
  std::size_t& at_;
  std::string prefix_;
};

/// Fields of the "record" layout.
struct FieldCounter {
  std::size_t n = 0;
  template <class T>
  void number(const char*, const T&) { ++n; }
};

/// "whole number from lo to hi" unless v is in it.
Status whole_in(const std::string& field, long long v, long long lo, long long hi, const char* why = "") {
  if (v >= lo && v <= hi) return Status::success();
  return Status::error(field + " must be a whole number from " + str(lo) + " to " + str(hi) + why + " (got " + str(v) + ")");
}

}  // namespace

Status Experiment::unpack_runs(std::span<const double> packed, int networks, int& epoch, std::vector<RunHistory>& out) {
  FieldCounter count;
  EpochRecord probe;
  visit_fields(count, probe);
  std::size_t at = 0;
  const auto short_of = [&](std::size_t n) { return packed.size() - at < n; };
  const auto whole = [&](const std::string& field, double lo, double hi, double& v) {
    v = packed[at++];
    if (v == std::floor(v) && v >= lo && v <= hi) return Status::success();
    return Status::error(field + " must be a whole number from " + format_number(lo) + " to " + format_number(hi) +
                         " (got " + format_number(v) + ")");
  };
  double saved_epoch = 0;
  if (short_of(1)) return Status::error("epoch must be given");
  if (Status s = whole("epoch", 0, kMaxEpoch, saved_epoch); !s) return s;
  std::vector<RunHistory> runs(std::size_t(networks > 0 ? networks : 0));
  for (int i = 0; i < networks; ++i) {
    const std::string run = "runs[" + str(i) + "]";
    double diverged = 0, records = 0;
    if (short_of(2)) return Status::error("runs must have " + str(networks) + " entries (got " + str(i) + ")");
    if (Status s = whole(run + ".divergedEpoch", -1, kMaxEpoch, diverged); !s) return s;
    if (Status s = whole(run + ".records.length", 1, double(kHistoryLimit), records); !s) return s;
    if (short_of(std::size_t(records) * count.n))
      return Status::error(run + ".records: " + str((long long)records) + " records need " +
                           str((long long)(records * double(count.n))) + " numbers");
    RunHistory& r = runs[std::size_t(i)];
    r.diverged_epoch = int(diverged);
    r.records.resize(std::size_t(records));
    for (std::size_t k = 0; k < r.records.size(); ++k) {
      RecordReader reader(packed, at, run + ".records[" + str((long long)k) + "].");
      visit_fields(reader, r.records[k]);
      if (!reader.status) return reader.status;
    }
  }
  if (at != packed.size())
    return Status::error("runs must have " + str(networks) + " entries (got more numbers than they hold)");
  epoch = int(saved_epoch);
  out = std::move(runs);
  return Status::success();
}

Status Experiment::restore_history(int epoch, std::span<const RunHistory> runs) {
  if (epoch_ != 0 || position_ != 0 || measure_.active)
    return Status::error("restoreHistory needs an experiment that has not trained (it is at epoch " + str(epoch_) + ")");
  if (Status s = whole_in("epoch", epoch, 0, kMaxEpoch); !s) return s;
  if (runs.size() != runs_.size())
    return Status::error("runs must have " + str(size()) + " entries, one per network (got " + str((long long)runs.size()) + ")");
  const int n_train = data_.train_count();
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const std::string run = "runs[" + str((long long)i) + "]";
    const RunHistory& r = runs[i];
    const std::vector<EpochRecord>& h = r.records;
    if (h.empty() || h.size() > kHistoryLimit)
      return Status::error(run + ".records must have from 1 to " + str(kHistoryLimit) + " entries (got " +
                           str((long long)h.size()) + ")");
    const Network& net = runs_[i].net;
    int units = 0, rows = 0;
    for (std::size_t l = 0; l + 1 < net.layers().size(); ++l) {
      units += net.layers()[l].units;
      rows += net.layers()[l].rows();
    }
    for (std::size_t k = 0; k < h.size(); ++k) {
      const EpochRecord& e = h[k];
      const std::string at = run + ".records[" + str((long long)k) + "].";
      const int first = k == 0 ? 0 : h[k - 1].epoch + 1;
      if (Status s = whole_in(at + "epoch", e.epoch, first, k == 0 ? 0 : epoch, k == 0 ? " (the first record is at initialisation)" : " (epochs increase)"); !s)
        return s;
      for (const auto& [name, value] : {std::pair{"trainLoss", e.train_loss}, std::pair{"testLoss", e.test_loss}})
        if (!(value >= 0))
          return Status::error(at + name + " must be a number from 0 to " + format_number(kFloatMax) + " (got " +
                               format_number(value) + ")");
      for (const auto& [name, value] : {std::pair{"trainAccuracy", e.train_accuracy}, std::pair{"testAccuracy", e.test_accuracy}})
        if (!(value >= 0 && value <= 1))
          return Status::error(at + name + " must be a number from 0 to 1 (got " + format_number(value) + ")");
      if (Status s = whole_in(at + "totalUnits", e.total_units, units, units, " (the network's hidden units)"); !s) return s;
      for (const auto& [name, value] : {std::pair{"dead", e.dead}, std::pair{"inactive", e.inactive}, std::pair{"saturated", e.saturated}})
        if (Status s = whole_in(at + name, value, 0, units); !s) return s;
      if (Status s = whole_in(at + "deadPieces", e.dead_pieces, 0, rows); !s) return s;
      if (Status s = whole_in(at + "regions", e.regions, 0, n_train, " (the training points)"); !s) return s;
    }
    const int last = h.back().epoch;
    if (r.diverged_epoch < 0) {
      if (r.diverged_epoch != -1) return whole_in(run + ".divergedEpoch", r.diverged_epoch, -1, epoch);
      if (Status s = whole_in(run + ".records[" + str((long long)h.size() - 1) + "].epoch", last, epoch, epoch,
                              " (the epochs completed: a network that did not diverge has a record of the last one)");
          !s)
        return s;
    } else if (last == epoch && last > 0) {
      return Status::error(run + ".divergedEpoch must be -1 (it has a record of the last epoch, " + str(epoch) + ") (got " +
                           str(r.diverged_epoch) + ")");
    } else if (Status s = whole_in(run + ".divergedEpoch", r.diverged_epoch, last == 0 ? 0 : last + 1, epoch,
                                   " (after its last record)");
               !s) {
      return s;
    }
  }
  epoch_ = epoch;
  position_ = 0;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    Run& run = runs_[i];
    run.history = runs[i].records;
    run.diverged = runs[i].diverged_epoch >= 0;
    run.diverged_epoch = runs[i].diverged_epoch;
    run.pending.clear();
    run.net.reset_optimizer();
    // The unit histories begin again at the last record, from the parameters now held.
    run.units = UnitHistory(run.net);
    (void)run.units.add(run.history.back().epoch, run.net, diagnostics(int(i)), false);
  }
  return Status::success();
}

}  // namespace relulab
