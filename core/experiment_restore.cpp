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

std::string num(double v) { return format_number(v); }

/// ok if lo <= v <= hi (and whole, for `whole`); else "<field> must be a [whole] number from lo to hi<why> (got v)".
Status in_range(const std::string& field, double v, double lo, double hi, bool whole = true, const char* why = "") {
  if (v >= lo && v <= hi && (!whole || v == std::floor(v))) return Status::success();
  return Status::error(field + (whole ? " must be a whole number from " : " must be a number from ") + num(lo) + " to " +
                       num(hi) + why + " (got " + num(v) + ")");
}

/// Reads one record's fields in its layout's order from packed doubles: whole-number fields must
/// be whole and fit an int, the others must be float32 values. Given only non-const records (the
/// visit_fields overloads take const references for the packer; the object itself is not const).
struct RecordReader {
  std::span<const double> in;
  std::size_t& at;
  std::string prefix;
  Status status;
  template <class T>
  void number(const char* key, const T& field) {
    const double v = in[at++];
    if (!status.ok) return;
    const bool whole = std::is_integral_v<T>;
    if ((whole && v == std::floor(v) && v >= -2147483648.0 && v <= 2147483647.0) ||
        (!whole && std::isfinite(v) && std::fabs(v) <= kFloatMax)) {
      const_cast<T&>(field) = T(v);
      return;
    }
    status = Status::error(prefix + key + (whole ? " must be a whole number" : " must be a finite number within float32 range") +
                           " (got " + num(v) + ")");
  }
};

/// Fields of the "record" layout.
struct FieldCounter {
  std::size_t n = 0;
  template <class T>
  void number(const char*, const T&) { ++n; }
};

}  // namespace

Status Experiment::unpack_runs(std::span<const double> packed, int networks, int& epoch, std::vector<RunHistory>& out) {
  FieldCounter count;
  EpochRecord probe;
  visit_fields(count, probe);
  std::size_t at = 0;
  const auto left = [&] { return packed.size() - at; };
  if (left() < 1) return Status::error("epoch must be given");
  const double saved_epoch = packed[at++];
  if (Status s = in_range("epoch", saved_epoch, 0, kMaxEpoch); !s) return s;
  std::vector<RunHistory> runs(std::size_t(networks > 0 ? networks : 0));
  for (int i = 0; i < networks; ++i) {
    const std::string run = "runs[" + num(i) + "]";
    if (left() < 2) return Status::error("runs must have " + num(networks) + " entries (got " + num(i) + ")");
    const double diverged = packed[at++], records = packed[at++];
    if (Status s = in_range(run + ".divergedEpoch", diverged, -1, kMaxEpoch); !s) return s;
    if (Status s = in_range(run + ".records.length", records, 1, double(kHistoryLimit)); !s) return s;
    if (left() < std::size_t(records) * count.n)
      return Status::error(run + ".records: " + num(records) + " records need " + num(records * double(count.n)) + " numbers");
    RunHistory& r = runs[std::size_t(i)];
    r.diverged_epoch = int(diverged);
    r.records.resize(std::size_t(records));
    for (std::size_t k = 0; k < r.records.size(); ++k) {
      RecordReader reader{packed, at, run + ".records[" + num(double(k)) + "].", Status::success()};
      visit_fields(reader, r.records[k]);
      if (!reader.status) return reader.status;
    }
  }
  if (left() != 0) return Status::error("runs must have " + num(networks) + " entries (got more numbers than they hold)");
  epoch = int(saved_epoch);
  out = std::move(runs);
  return Status::success();
}

Status Experiment::restore_history(int epoch, std::span<const RunHistory> runs) {
  if (epoch_ != 0 || position_ != 0 || measure_.active)
    return Status::error("restoreHistory needs an experiment that has not trained (it is at epoch " + num(epoch_) + ")");
  if (Status s = in_range("epoch", epoch, 0, kMaxEpoch); !s) return s;
  if (runs.size() != runs_.size())
    return Status::error("runs must have " + num(size()) + " entries, one per network (got " + num(double(runs.size())) + ")");
  const int n_train = data_.train_count();
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const std::string run = "runs[" + num(double(i)) + "]";
    const RunHistory& r = runs[i];
    const std::vector<EpochRecord>& h = r.records;
    if (h.empty() || h.size() > kHistoryLimit)
      return Status::error(run + ".records must have from 1 to " + num(kHistoryLimit) + " entries (got " + num(double(h.size())) + ")");
    const Network& net = runs_[i].net;
    int units = 0, rows = 0;
    for (std::size_t l = 0; l + 1 < net.layers().size(); ++l) {
      units += net.layers()[l].units;
      rows += net.layers()[l].rows();
    }
    for (std::size_t k = 0; k < h.size(); ++k) {
      const EpochRecord& e = h[k];
      const std::string at = run + ".records[" + num(double(k)) + "].";
      struct Check {
        const char* key;
        double value, lo, hi;
        bool whole;
        const char* why;
      };
      const Check checks[] = {
          {"epoch", double(e.epoch), k == 0 ? 0.0 : h[k - 1].epoch + 1.0, k == 0 ? 0.0 : double(epoch), true,
           k == 0 ? " (the first record is at initialisation)" : " (epochs increase)"},
          {"trainLoss", e.train_loss, 0, kFloatMax, false, ""},
          {"testLoss", e.test_loss, 0, kFloatMax, false, ""},
          {"trainAccuracy", e.train_accuracy, 0, 1, false, ""},
          {"testAccuracy", e.test_accuracy, 0, 1, false, ""},
          {"totalUnits", double(e.total_units), double(units), double(units), true, " (the network's hidden units)"},
          {"dead", double(e.dead), 0, double(units), true, ""},
          {"inactive", double(e.inactive), 0, double(units), true, ""},
          {"saturated", double(e.saturated), 0, double(units), true, ""},
          {"deadPieces", double(e.dead_pieces), 0, double(rows), true, ""},
          {"regions", double(e.regions), 0, double(n_train), true, " (the training points)"},
      };
      for (const Check& c : checks)
        if (Status s = in_range(at + c.key, c.value, c.lo, c.hi, c.whole, c.why); !s) return s;
    }
    const int last = h.back().epoch;
    const std::string diverged = run + ".divergedEpoch";
    if (r.diverged_epoch < 0) {
      if (Status s = in_range(diverged, r.diverged_epoch, -1, epoch); !s) return s;
      if (Status s = in_range(run + ".records[" + num(double(h.size() - 1)) + "].epoch", last, epoch, epoch,
                              true, " (the epochs completed: a network that did not diverge has a record of the last one)");
          !s)
        return s;
    } else if (last == epoch && last > 0) {
      return Status::error(diverged + " must be -1 (it has a record of the last epoch, " + num(epoch) + ") (got " +
                           num(r.diverged_epoch) + ")");
    } else if (Status s = in_range(diverged, r.diverged_epoch, last == 0 ? 0 : last + 1, epoch, true, " (after its last record)");
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
