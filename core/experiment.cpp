// The side-by-side runner: one network per compared activation on the same data, from the same
// initial weights, trained in lockstep on the same shuffled batch order, with a record per epoch
// and grid evaluation through GridJob. Not a scheduler: callers decide how many epochs or batches a
// call runs (train, train_steps).
// Speed/size: built -Oz in wasm like grid_job.cpp (CMakeLists.txt): it orchestrates; the arithmetic
// is in network.cpp and the kernels (-O3).
//
// Conventions:
// - Epoch e's batch order comes from Rng(derive_seed(base, e)), base derived once from the
//   weight seed, applied to the identity order: the order depends only on (seed, e), so train(20)
//   and twenty train(1) calls give the same bits, and every network sees the same batches.
// - A network diverges when train_batch returns a non-finite loss, or when its end-of-epoch
//   record or parameters are not finite. It then stops (parameters kept as they were), records
//   nothing more, and reports the epoch during which it happened. Others go on.
// - Networks read points through the features (features.hpp): the training and test sets are
//   mapped once, here at construction, by map_inputs; the grid job maps each block of grid points
//   by the same map_features. The default features (x1, x2) copy the raw point, bit for bit.
// - An epoch's records are measured after its last batch, network by network, in blocks of
//   kMeasureBlock samples (one train_steps step each), and published together when the last is
//   done; they do not depend on the blocks (DiagnosticsPass, network.hpp).
// - Training loss/accuracy and unit counts come from a DiagnosticsPass on the training set. Test
//   loss and accuracy come from predict on the test set through loss.hpp's probability_metrics
//   (the same accuracy rule; the loss is the probability cross-entropy, named and explained
//   there). An empty test set (possible only for custom data) gives test_loss = test_accuracy = 0:
//   the page checks data().test_count() before showing them.
#include "experiment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "batches.hpp"
#include "grid_job.hpp"
#include "loss.hpp"
#include "regions.hpp"
#include "rng.hpp"

namespace relulab {
namespace {

// Stream of derive_seed(weight seed, .) that seeds the per-epoch shuffles. Far from the small
// stream numbers the network uses for its layers.
constexpr std::uint32_t kShuffleStream = 0x5348u;  // "SH"

bool all_finite(std::span<const float> values) {
  for (float v : values) {
    if (!std::isfinite(v)) return false;
  }
  return true;
}

bool record_finite(const EpochRecord& r) {
  return std::isfinite(r.train_loss) && std::isfinite(r.test_loss) && std::isfinite(r.train_accuracy) &&
         std::isfinite(r.test_accuracy);
}

}  // namespace

Experiment::Experiment(const ExperimentConfig& config, bool in_steps) : config_(config) {
  (void)generate_dataset(config_.data, data_);
  inputs_ = feature_count(config_.features, data_.dims);
  train_inputs_.resize(std::size_t(data_.train_count()) * std::size_t(inputs_));
  test_inputs_.resize(std::size_t(data_.test_count()) * std::size_t(inputs_));
  map_inputs(data_.train_x, data_.train_count(), train_inputs_);
  map_inputs(data_.test_x, data_.test_count(), test_inputs_);
  shuffle_state_ = derive_seed(config_.network.seed, kShuffleStream);
  const int count = int(config_.activations.size());
  runs_.reserve(std::size_t(count));
  for (int i = 0; i < count; ++i) {
    runs_.push_back(
        Run{Network(detail::network_config_for(config_.network, data_, inputs_, config_.activations[std::size_t(i)])), {}, false, -1, UnitHistory{}, NetworkState{}, {}});
    Run& run = runs_.back();
    run.units = UnitHistory(run.net);
  }
  order_.resize(std::size_t(data_.train_count()));
  batch_x_.resize(std::size_t(data_.train_count()) * std::size_t(inputs_));
  batch_y_.resize(std::size_t(data_.train_count()));
  ids_.resize(std::size_t(data_.train_count()));
  scratch_.resize(std::size_t(data_.test_count()) * std::size_t(count > 0 ? runs_[0].net.outputs() : 1));
  if (!in_steps)
    while (!build_steps(std::numeric_limits<int>::max())) {
    }
}

// Each network's workspaces, then epoch 0's records, measured as every epoch's are.
bool Experiment::build_steps(int max_steps) {
  // Room for any batch size set_training may choose later (at most the training-set size) and
  // for a block of the records.
  const int samples = std::max(data_.train_count(), kMeasureBlock);
  int done = 0;
  for (; done < max_steps && reserved_ < size(); ++done) runs_[std::size_t(reserved_++)].net.reserve(samples);
  if (ready_ || reserved_ < size()) return ready_;
  if (!measure_.active) begin_records(0);
  for (; done < max_steps && measure_.active; ++done) measure_block();
  return ready_;
}

int Experiment::batches_per_epoch() const {
  const int n = data_.train_count();
  const int batch_size = std::clamp(config_.training.batch_size, 1, std::max(n, 1));
  return (n + batch_size - 1) / batch_size;
}

// Same order for every network: the identity order shuffled by the stream of epoch epoch_ + 1.
void Experiment::begin_epoch() {
  shuffled_order(order_, derive_seed(std::uint32_t(shuffle_state_), std::uint32_t(epoch_ + 1)));
  // Where a replay starts if a unit dies in this epoch: one copy of parameters and optimiser
  // state per network per epoch.
  for (Run& run : runs_)
    if (!run.diverged) run.net.save_state(run.start);
  replayable_ = true;
}

// The records of `epoch` (its batches done): network by network, in blocks (measure_block).
void Experiment::begin_records(int epoch) {
  measure_.active = true;
  measure_.epoch = epoch;
  measure_.records.assign(runs_.size(), EpochRecord{});
  measure_.measured.assign(runs_.size(), 0);
  measure_.diags.resize(runs_.size());
  next_record(0);
}

// To the first network from `from` on that is still training; with none left, the epoch ends.
void Experiment::next_record(int from) {
  measure_.run = from;
  measure_.next = 0;
  while (measure_.run < size() && runs_[std::size_t(measure_.run)].diverged) ++measure_.run;
  if (measure_.run >= size()) return end_records();
  const Network& net = runs_[std::size_t(measure_.run)].net;
  measure_.pass.begin(net);
  measure_.linear = std::all_of(net.layers().begin(), net.layers().end() - 1,
                                [](const LayerShape& l) { return activation_info(l.activation).piecewise_linear; });
}

// One block of the record in progress: kMeasureBlock training samples through a DiagnosticsPass
// (and their activation patterns, from the same forward pass), or test samples through predict.
// The record is complete after the last test block: diagnostics on the training set, predictions
// on the test set, both through the features.
void Experiment::measure_block() {
  const int index = measure_.run;
  Network& net = runs_[std::size_t(index)].net;
  const int n_train = data_.train_count(), n_test = data_.test_count(), outputs = net.outputs();
  const bool linear = measure_.linear;  // a curved network has no regions: 0
  const int at = measure_.next;
  if (at < n_train) {
    const int count = std::min(kMeasureBlock, n_train - at);
    measure_.pass.add(net, std::span<const float>(train_inputs_).subspan(std::size_t(at) * inputs_, std::size_t(count) * inputs_),
                       std::span<const float>(data_.train_y).subspan(std::size_t(at), std::size_t(count)), count);
    if (linear) (void)activation_patterns(net, std::span<std::uint64_t>(ids_).subspan(std::size_t(at), std::size_t(count)));
    measure_.next += count;
  } else if (at < n_train + n_test) {
    const int first = at - n_train, count = std::min(kMeasureBlock, n_test - first);
    net.predict(std::span<const float>(test_inputs_).subspan(std::size_t(first) * inputs_, std::size_t(count) * inputs_),
                count, std::span<float>(scratch_).subspan(std::size_t(first) * outputs, std::size_t(count) * outputs));
    measure_.next += count;
  }
  if (measure_.next < n_train + n_test) return;
  EpochRecord& r = measure_.records[std::size_t(index)];
  r.epoch = measure_.epoch;
  NetworkDiagnostics& diag = measure_.diags[std::size_t(index)];
  diag = measure_.pass.finish(net);
  r.train_loss = diag.loss;
  r.train_accuracy = diag.accuracy;
  r.dead = diag.dead_units;
  r.inactive = diag.inactive_units;
  r.saturated = diag.saturated_units;
  for (const LayerDiagnostics& layer : diag.layers) r.dead_pieces += layer.dead_pieces;
  r.total_units = diag.total_units;
  if (linear && n_train > 0) r.regions = count_distinct(ids_);
  if (n_test > 0) {
    const ProbabilityMetrics m = probability_metrics(data_.output, scratch_.data(), data_.test_y.data(),
                                                     std::size_t(n_test), std::size_t(outputs));
    r.test_loss = m.loss;
    r.test_accuracy = m.accuracy;
  }
  measure_.measured[std::size_t(index)] = 1;
  next_record(index + 1);
}

// Completes the epoch: every network's record (or its divergence) at once.
void Experiment::end_records() {
  measure_.active = false;
  epoch_ = measure_.epoch;
  position_ = 0;
  ready_ = true;
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    Run& run = runs_[i];
    if (!measure_.measured[i]) continue;
    const EpochRecord& record = measure_.records[i];
    // Epoch 0's record is kept even if not finite (cannot happen with validated settings).
    if (epoch_ == 0) {
      run.history.push_back(record);
      (void)run.units.add(0, run.net, measure_.diags[i], false);
    }
    if (!record_finite(record) || !all_finite(run.net.parameters())) {
      run.diverged = true;
      run.diverged_epoch = epoch_;
      continue;
    }
    if (epoch_ == 0) continue;
    run.history.push_back(record);
    if (run.history.size() > kHistoryLimit) thin_records(run.history);
    // gradients() still holds the epoch's last batch: the records' passes compute none, and a
    // replay step gives the network's gradients back as it found them.
    const std::vector<int>& died = run.units.add(epoch_, run.net, measure_.diags[i], true);
    if (!died.empty()) {
      for (const int k : died) run.units.set_push(k, UnitPush{});
      // Keep the epoch's start for a replay on demand; forget epochs no unit is off since (a unit
      // that came back) and, past the limit, the oldest.
      std::erase_if(run.pending, [&](const Run::Pending& p) {
        for (int k = 0; k < run.units.units(); ++k)
          if (run.units.death_epoch(k) == p.epoch) return false;
        return true;
      });
      if (replayable_) {
        if (run.pending.size() >= kMaxPendingReplays) run.pending.erase(run.pending.begin());
        run.pending.push_back(Run::Pending{epoch_, run.start, config_.training});
      }
    }
  }
}

UnitHistoryResult Experiment::unit_history(int index, int layer, int unit) {
  while (!unit_history_steps(index, layer, unit, std::numeric_limits<int>::max())) {
  }
  return runs_[std::size_t(index)].units.result(layer, unit);
}

bool Experiment::unit_history_steps(int index, int layer, int unit, int max_steps) {
  if (!replay_.active && !begin_replay(index, runs_[std::size_t(index)].units.flat(layer, unit))) return true;
  // The replayed state in, for the steps; the network's own state and gradients back after them.
  Network& net = runs_[std::size_t(replay_.run)].net;
  net.save_state(live_state_);
  net.save_gradients(live_grads_);
  net.load_state(replay_.state);
  net.load_gradients(replay_.grads);
  bool done = false;
  for (int step = 0; step < max_steps && !done; ++step) done = replay_step();
  net.save_state(replay_.state);
  net.save_gradients(replay_.grads);
  net.load_state(live_state_);
  net.load_gradients(live_grads_);
  replay_.active = !done;
  // That replay was another unit's (or this one's, now done): this unit's may be next.
  return done && !begin_replay(index, runs_[std::size_t(index)].units.flat(layer, unit));
}

// The push of flat unit k is found by replaying its death epoch, if it is off now, that epoch is
// still kept, and the unit's push is not known yet. The epoch's pending start is taken out.
bool Experiment::begin_replay(int index, int k) {
  Run& run = runs_[std::size_t(index)];
  if (k < 0 || run.units.death_epoch(k) <= 0) return false;
  const int epoch = run.units.death_epoch(k);
  const auto p = std::find_if(run.pending.begin(), run.pending.end(), [&](const Run::Pending& q) { return q.epoch == epoch; });
  if (p == run.pending.end()) return false;
  run.units.off_since(epoch, replay_.candidates);
  replay_.active = !replay_.candidates.empty();
  replay_.run = index;
  replay_.epoch = epoch;
  replay_.batch = 0;
  replay_.checked = -1;
  replay_.training = p->training;
  replay_.state = p->start;
  run.net.save_gradients(replay_.grads);
  replay_.off.assign(replay_.candidates.size(), 0);  // each was on at the record before its death epoch
  replay_.order.resize(std::size_t(data_.train_count()));
  shuffled_order(replay_.order, derive_seed(std::uint32_t(shuffle_state_), std::uint32_t(epoch)));
  run.pending.erase(p);
  return replay_.active;
}

bool Experiment::replay_step() {
  Run& run = runs_[std::size_t(replay_.run)];
  Network& net = run.net;
  const int n = data_.train_count();
  const int dims = inputs_;
  const int batch_size = std::clamp(replay_.training.batch_size, 1, std::max(n, 1));
  if (replay_.checked < 0) {  // the next batch of the epoch
    const int start = replay_.batch * batch_size, count = std::min(batch_size, n - start);
    gather_rows(train_inputs_, data_.train_y, std::size_t(dims),
                std::span<const int>(replay_.order).subspan(std::size_t(start), std::size_t(count)), batch_x_.data(),
                batch_y_.data());
    replay_.before.assign(net.parameters().begin(), net.parameters().end());
    (void)net.train_batch(std::span<const float>(batch_x_.data(), std::size_t(count) * dims),
                          std::span<const float>(batch_y_.data(), std::size_t(count)), count, replay_.training);
    replay_.checked = 0;
    replay_.on.assign(replay_.candidates.size(), 0);
    return false;
  }
  // A block of the check: which candidates have z > 0 on some training point.
  const int first = replay_.checked, count = std::min(kMeasureBlock, n - first);
  net.trace(std::span<const float>(train_inputs_).subspan(std::size_t(first) * dims, std::size_t(count) * dims), count);
  for (std::size_t i = 0; i < replay_.candidates.size(); ++i) {
    int layer = 0, unit = 0;
    run.units.locate(replay_.candidates[i], layer, unit);
    const std::size_t rows = std::size_t(net.layers()[std::size_t(layer)].rows());
    const std::span<const float> z = net.traced_pre(layer);
    for (std::size_t s = 0; s < std::size_t(count) && !replay_.on[i]; ++s) replay_.on[i] = z[s * rows + std::size_t(unit)] > 0.0f;
  }
  replay_.checked += count;
  if (replay_.checked < n) return false;
  for (std::size_t i = 0; i < replay_.candidates.size(); ++i) {
    const bool off = !replay_.on[i];
    if (off && !replay_.off[i]) set_push(run, replay_.candidates[i]);
    replay_.off[i] = off ? 1 : 0;
  }
  replay_.checked = -1;
  ++replay_.batch;
  return replay_.batch * batch_size >= n;
}

// Candidate k went off at the replay's last batch: its update, from the parameters before and after
// the batch and the batch's gradients (data loss).
void Experiment::set_push(Run& run, int k) {
  const Network& net = run.net;
  int layer = 0, unit = 0;
  run.units.locate(k, layer, unit);
  UnitPush p;
  p.known = true;
  p.epoch = replay_.epoch;
  p.step = replay_.batch;
  p.learning_rate = replay_.training.learning_rate;
  float bias_after = 0, norm_after = 0, grad_norm = 0;
  unit_parameters(net, layer, unit, replay_.before, p.bias_before, p.weight_norm_before);
  unit_parameters(net, layer, unit, net.parameters(), bias_after, norm_after);
  p.bias_change = bias_after - p.bias_before;
  // ||delta w||: the difference of the rows, not of the norms.
  const LayerShape& shape = net.layers()[std::size_t(layer)];
  double sq = 0.0;
  const std::size_t row = shape.weight_offset + std::size_t(unit) * std::size_t(shape.inputs);
  for (std::size_t j = row; j < row + std::size_t(shape.inputs); ++j) {
    const double d = double(net.parameters()[j]) - double(replay_.before[j]);
    sq += d * d;
  }
  p.weight_change = float(std::sqrt(sq));
  unit_parameters(net, layer, unit, net.gradients(), p.grad_bias, grad_norm);
  p.grad_norm = grad_norm;
  run.units.set_push(k, p);
}

int Experiment::train_steps(int max_steps) {
  if (max_steps <= 0) return 0;
  if (!ready_) return (void)build_steps(max_steps), 0;
  if (!measure_.active && std::all_of(runs_.begin(), runs_.end(), [](const Run& r) { return r.diverged; })) {
    ++epoch_;  // nothing trains: the epoch passes at once, with no record
    position_ = 0;
    return 0;
  }
  const int n = data_.train_count();
  const int dims = inputs_;
  const int batch_size = std::clamp(config_.training.batch_size, 1, std::max(n, 1));
  int done = 0;
  if (!measure_.active) {
    if (position_ == 0) begin_epoch();
    while (done < max_steps && position_ < n) {
      const int start = position_;
      const int count = std::min(batch_size, n - start);
      gather_rows(train_inputs_, data_.train_y, std::size_t(dims),
                  std::span<const int>(order_).subspan(std::size_t(start), std::size_t(count)), batch_x_.data(),
                  batch_y_.data());
      const std::span<const float> x(batch_x_.data(), std::size_t(count) * dims);
      const std::span<const float> y(batch_y_.data(), std::size_t(count));
      for (Run& run : runs_) {
        if (run.diverged) continue;
        const float loss = run.net.train_batch(x, y, count, config_.training);
        if (!std::isfinite(loss)) {
          run.diverged = true;
          run.diverged_epoch = epoch_ + 1;
        }
      }
      position_ += count;
      ++done;
    }
    if (position_ >= n) begin_records(epoch_ + 1);
  }
  const int batches = done;
  while (measure_.active && done < max_steps) {
    measure_block();
    ++done;
  }
  return batches;
}

void Experiment::train(int epochs) {
  for (int e = 0; e < epochs; ++e) {
    const int target = epoch_ + 1;
    while (epoch_ < target) train_steps(std::numeric_limits<int>::max());
  }
}

NetworkSummary Experiment::summary(int index) const {
  const Run& run = runs_[std::size_t(index)];
  NetworkSummary s;
  s.activation = config_.activations[std::size_t(index)];
  if (!run.history.empty()) s.latest = run.history.back();  // empty only while being built
  s.epoch = s.latest.epoch;
  s.diverged = run.diverged;
  s.diverged_epoch = run.diverged_epoch;
  return s;
}

NetworkDiagnostics Experiment::diagnostics(int index) {
  return network(index).diagnose(train_inputs_, data_.train_y, data_.train_count());
}

void Experiment::boundary(int index, int resolution, std::span<float> out) const {
  const GridRequest request{resolution, 0, false};
  if (!GridJob::validate(*this, index, request).ok) return;
  GridJob job(*this, index, request);
  if (out.size() < job.boundary().size()) return;
  while (!job.step(GridJob::kBlock)) {
  }
  std::copy(job.boundary().begin(), job.boundary().end(), out.begin());
}

void Experiment::pre_activations(int index, int layer, int unit, std::span<float> out) {
  if (index < 0 || index >= size()) return;
  Network& net = network(index);
  const int hidden = int(net.layers().size()) - 1;
  if (layer < 0 || layer >= hidden || unit < 0 || unit >= net.layers()[std::size_t(layer)].units) return;
  const int n = data_.train_count();
  if (n <= 0 || out.size() < std::size_t(n)) return;
  net.trace(train_inputs_, n);
  const LayerShape& shape = net.layers()[std::size_t(layer)];
  // Maxout: h is the winning piece's z; otherwise row `unit` of z.
  const bool maxout = shape.activation == Activation::Maxout;
  const std::span<const float> values = maxout ? net.traced_output(layer) : net.traced_pre(layer);
  const std::size_t stride = std::size_t(maxout ? shape.units : shape.rows());
  for (std::size_t s = 0; s < std::size_t(n); ++s) out[s] = values[s * stride + std::size_t(unit)];
}

void Experiment::unit_map(int index, int layer, int unit, int resolution, std::span<float> out) const {
  const GridRequest request{resolution, resolution, false};
  if (!GridJob::validate(*this, index, request).ok) return;
  const std::vector<LayerShape>& layers = network(index).layers();
  const int hidden = int(layers.size()) - 1;
  if (layer < 0 || layer >= hidden || unit < 0 || unit >= layers[std::size_t(layer)].units) return;
  int first = 0;  // the unit's place among all hidden units
  for (int l = 0; l < layer; ++l) first += layers[std::size_t(l)].units;
  first += unit;
  // The boundary part at the smallest resolution; only this unit's map.
  const GridRequest one{int(setting_info(Setting::GridResolution).min), resolution, false, false, first, 1};
  GridJob job(*this, index, one);
  while (!job.step(GridJob::kBlock)) {
  }
  const std::size_t points = data_.dims == 1 ? std::size_t(resolution) : std::size_t(resolution) * std::size_t(resolution);
  if (out.size() < points) return;
  const auto map = job.unit_maps().subspan(0, points);
  std::copy(map.begin(), map.end(), out.begin());
}

}  // namespace relulab
