// The side-by-side runner: one network per compared activation on the same data, from the same
// initial weights, trained in lockstep on the same shuffled batch order, with a record per epoch
// and grid evaluation in blocks. Not a scheduler: callers decide how many epochs a call runs.
//
// Conventions:
// - Epoch e's batch order comes from Rng(derive_seed(base, e)), base derived once from the
//   weight seed, applied to the identity order: the order depends only on (seed, e), so train(20)
//   and twenty train(1) calls give the same bits, and every network sees the same batches.
// - A network diverges when train_batch returns a non-finite loss, or when its end-of-epoch
//   record or parameters are not finite. It then stops (parameters kept as they were), records
//   nothing more, and reports the epoch during which it happened. Others go on.
// - Training loss/accuracy and unit counts come from Network::diagnose on the training set. Test
//   loss and accuracy come from predict on the test set through loss.hpp's probability_metrics
//   (the same accuracy rule; the loss is the probability cross-entropy, named and explained
//   there). An empty test set (possible only for custom data) gives test_loss = test_accuracy = 0:
//   the page checks data().test_count() before showing them.
#include "experiment.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "batches.hpp"
#include "loss.hpp"
#include "rng.hpp"

namespace relulab {
namespace {

// Stream of derive_seed(weight seed, .) that seeds the per-epoch shuffles. Far from the small
// stream numbers the network uses for its layers.
constexpr std::uint32_t kShuffleStream = 0x5348u;  // "SH"

/// Halves a history: keeps records 0, 2, 4, ... of all but the newest, and the newest (which the
/// summary and the page's increments read), in order.
void thin_history(std::vector<EpochRecord>& h) {
  const std::size_t last = h.size() - 1;
  std::size_t kept = 0;
  for (std::size_t k = 0; k < last; k += 2) h[kept++] = h[k];
  h[kept++] = h[last];
  h.resize(kept);
}

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

// predict over n rows of x in blocks: out (n, outputs).
void predict_blocked(Network& net, std::span<const float> x, int n, int dims, std::span<float> out) {
  const int outputs = net.outputs();
  for (int start = 0; start < n; start += Experiment::kGridBlock) {
    const int count = std::min(Experiment::kGridBlock, n - start);
    net.predict(x.subspan(std::size_t(start) * dims, std::size_t(count) * dims), count,
                out.subspan(std::size_t(start) * outputs, std::size_t(count) * outputs));
  }
}

// The end-of-epoch record: diagnostics on the training set, predictions on the test set.
EpochRecord measure(Network& net, const Dataset& data, int epoch, std::vector<float>& scratch) {
  EpochRecord r;
  r.epoch = epoch;
  // No gradient norms (the record has none): forward pass and loss only, no backward pass.
  const NetworkDiagnostics diag = net.diagnose(data.train_x, data.train_y, data.train_count(),
                                               float(default_of(Setting::SaturationThreshold)), false);
  r.train_loss = diag.loss;
  r.train_accuracy = diag.accuracy;
  r.dead = diag.dead_units;
  r.inactive = diag.inactive_units;
  r.saturated = diag.saturated_units;
  for (const LayerDiagnostics& layer : diag.layers) r.dead_pieces += layer.dead_pieces;
  r.total_units = diag.total_units;
  const int n = data.test_count();
  if (n > 0) {
    const int outputs = net.outputs();
    scratch.resize(std::size_t(n) * outputs);
    predict_blocked(net, data.test_x, n, data.dims, scratch);
    const ProbabilityMetrics m = probability_metrics(data.output, scratch.data(), data.test_y.data(), std::size_t(n),
                                                     std::size_t(outputs));
    r.test_loss = m.loss;
    r.test_accuracy = m.accuracy;
  }
  return r;
}

// Grid coordinate of cell i along an axis with `resolution` cells over [-kBox, kBox].
float grid_coordinate(int i, int resolution) {
  const float step = 2.0f * kBox / float(resolution);
  return -kBox + (float(i) + 0.5f) * step;
}

// Fills xs with the grid points start .. start+count-1 in image order (see boundary()).
void grid_points(int dims, int resolution, int start, int count, std::vector<float>& xs) {
  xs.resize(std::size_t(count) * dims);
  for (int k = 0; k < count; ++k) {
    const int point = start + k;
    if (dims == 1) {
      xs[std::size_t(k)] = grid_coordinate(point, resolution);
    } else {
      const int row = point / resolution, column = point % resolution;
      xs[std::size_t(2 * k)] = grid_coordinate(column, resolution);
      xs[std::size_t(2 * k + 1)] = -grid_coordinate(row, resolution);  // y = kBox - (r + 0.5) step
    }
  }
}

}  // namespace

Experiment::Experiment(const ExperimentConfig& config) : config_(config) {
  (void)generate_dataset(config_.data, data_);
  shuffle_state_ = derive_seed(config_.network.seed, kShuffleStream);
  const int count = int(config_.activations.size());
  networks_.reserve(std::size_t(count));
  history_.resize(std::size_t(count));
  diverged_.assign(std::size_t(count), false);
  diverged_epoch_.assign(std::size_t(count), -1);
  std::vector<float> scratch;
  const int samples = std::max(data_.train_count(), kGridBlock);
  for (int i = 0; i < count; ++i) {
    networks_.emplace_back(detail::network_config_for(config_.network, data_, config_.activations[std::size_t(i)]));
    networks_.back().reserve(samples);
    const EpochRecord record = measure(networks_.back(), data_, 0, scratch);
    history_[std::size_t(i)].push_back(record);
    if (!record_finite(record)) {  // cannot happen with validated settings; kept honest anyway
      diverged_[std::size_t(i)] = true;
      diverged_epoch_[std::size_t(i)] = 0;
    }
  }
}

void Experiment::train(int epochs) {
  const int n = data_.train_count();
  const int dims = data_.dims;
  const int batch_size = std::clamp(config_.training.batch_size, 1, std::max(n, 1));
  std::vector<float> batch_x(static_cast<std::size_t>(batch_size * dims));
  std::vector<float> batch_y(static_cast<std::size_t>(batch_size));
  std::vector<float> scratch;
  order_.resize(std::size_t(n));
  for (int e = 0; e < epochs; ++e) {
    ++epoch_;
    if (std::find(diverged_.begin(), diverged_.end(), false) == diverged_.end()) continue;
    // Same order for every network: identity order shuffled by this epoch's stream.
    shuffled_order(order_, derive_seed(std::uint32_t(shuffle_state_), std::uint32_t(epoch_)));
    for (int start = 0; start < n; start += batch_size) {
      const int count = std::min(batch_size, n - start);
      gather_rows(data_.train_x, data_.train_y, std::size_t(dims),
                  std::span<const int>(order_).subspan(std::size_t(start), std::size_t(count)), batch_x.data(),
                  batch_y.data());
      const std::span<const float> x(batch_x.data(), std::size_t(count) * dims);
      const std::span<const float> y(batch_y.data(), std::size_t(count));
      for (int i = 0; i < size(); ++i) {
        if (diverged_[std::size_t(i)]) continue;
        const float loss = networks_[std::size_t(i)].train_batch(x, y, count, config_.training);
        if (!std::isfinite(loss)) {
          diverged_[std::size_t(i)] = true;
          diverged_epoch_[std::size_t(i)] = epoch_;
        }
      }
    }
    for (int i = 0; i < size(); ++i) {
      if (diverged_[std::size_t(i)]) continue;
      Network& net = networks_[std::size_t(i)];
      const EpochRecord record = measure(net, data_, epoch_, scratch);
      if (!record_finite(record) || !all_finite(net.parameters())) {
        diverged_[std::size_t(i)] = true;
        diverged_epoch_[std::size_t(i)] = epoch_;
        continue;
      }
      std::vector<EpochRecord>& h = history_[std::size_t(i)];
      h.push_back(record);
      if (h.size() > kHistoryLimit) thin_history(h);
    }
  }
}

NetworkSummary Experiment::summary(int index) const {
  NetworkSummary s;
  s.activation = config_.activations[std::size_t(index)];
  s.latest = history_[std::size_t(index)].back();
  s.epoch = s.latest.epoch;
  s.diverged = diverged_[std::size_t(index)];
  s.diverged_epoch = diverged_epoch_[std::size_t(index)];
  return s;
}

NetworkDiagnostics Experiment::diagnostics(int index) {
  return networks_[std::size_t(index)].diagnose(data_.train_x, data_.train_y, data_.train_count());
}

void Experiment::boundary(int index, int resolution, std::span<float> out) {
  if (index < 0 || index >= size() || resolution < 1) return;
  Network& net = networks_[std::size_t(index)];
  const int outputs = net.outputs();
  const int points = data_.dims == 1 ? resolution : resolution * resolution;
  if (out.size() < std::size_t(points) * outputs) return;
  std::vector<float> xs;
  for (int start = 0; start < points; start += kGridBlock) {
    const int count = std::min(kGridBlock, points - start);
    grid_points(data_.dims, resolution, start, count, xs);
    net.predict(xs, count, out.subspan(std::size_t(start) * outputs, std::size_t(count) * outputs));
  }
}

void Experiment::unit_map(int index, int layer, int unit, int resolution, std::span<float> out) {
  if (index < 0 || index >= size() || resolution < 1) return;
  Network& net = networks_[std::size_t(index)];
  const int hidden = int(net.layers().size()) - 1;
  if (layer < 0 || layer >= hidden || unit < 0 || unit >= net.layers()[std::size_t(layer)].units) return;
  const int points = data_.dims == 1 ? resolution : resolution * resolution;
  if (out.size() < std::size_t(points)) return;
  std::vector<float> xs;
  for (int start = 0; start < points; start += kGridBlock) {
    const int count = std::min(kGridBlock, points - start);
    grid_points(data_.dims, resolution, start, count, xs);
    net.unit_output(xs, count, layer, unit, out.subspan(std::size_t(start), std::size_t(count)));
  }
}

}  // namespace relulab
