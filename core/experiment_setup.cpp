// The cold half of the side-by-side runner (core/experiment.hpp): validation of a config and of
// live training changes, the per-network config and the feature mapping of points. Separate from experiment.cpp so the wasm
// build compiles it for size (-Oz) while training and grid evaluation there are compiled for speed.
#include <algorithm>
#include <cstdint>
#include <string>

#include "experiment.hpp"
#include "settings.hpp"

namespace relulab {
namespace {

std::string activation_keys() {
  std::string keys;
  for (const ActivationInfo& info : kActivations) {
    if (!keys.empty()) keys += ", ";
    keys += info.key;
  }
  return keys;
}

}  // namespace

namespace detail {

NetworkConfig network_config_for(const NetworkConfig& base, const Dataset& data, int inputs, Activation activation) {
  NetworkConfig config = base;
  config.activations = {activation};
  config.inputs = inputs;
  config.output = data.output;
  config.classes = data.output == OutputKind::Multiclass ? data.classes : 2;
  return config;
}

}  // namespace detail

Status Experiment::validate(const ExperimentConfig& config) {
  if (Status s = relulab::validate(config.data); !s) return s;
  const int count = int(config.activations.size());
  if (count < 1 || count > kMaxNetworks) {
    return Status::error("activations must list 1 to " + std::to_string(kMaxNetworks) + " activations (got " +
                         std::to_string(count) + ")");
  }
  for (int i = 0; i < count; ++i) {
    const int a = int(config.activations[std::size_t(i)]);
    if (a < 0 || a >= int(kActivationCount)) {
      return Status::error("activations[" + std::to_string(i) + "] must be one of " + activation_keys() +
                           " (got " + std::to_string(a) + ")");
    }
  }
  if (Status s = relulab::validate(config.training); !s) return s;
  Dataset data;
  if (Status s = generate_dataset(config.data, data); !s) return s;
  if (Status s = validate_features(config.features, data.dims); !s) return s;
  const int inputs = feature_count(config.features, data.dims);
  for (const Activation activation : config.activations) {
    if (Status s = Network::validate(detail::network_config_for(config.network, data, inputs, activation)); !s) return s;
  }
  if (config.training.batch_size > data.train_count()) {
    return Status::error("batchSize must be a whole number from 1 to " + std::to_string(data.train_count()) +
                         " (the training-set size) (got " + std::to_string(config.training.batch_size) + ")");
  }
  return Status::success();
}

std::uint64_t Experiment::memory_bytes(const ExperimentConfig& config) {
  Dataset data;
  (void)generate_dataset(config.data, data);
  const std::uint64_t samples = std::uint64_t(std::max(data.train_count(), kMeasureBlock));
  const int inputs = feature_count(config.features, data.dims);
  std::uint64_t bytes = 4 * (data.train_x.size() + data.train_y.size() + data.test_x.size() + data.test_y.size());
  // Their features, and the batch gathered from them (up to the whole training set).
  bytes += 4 * std::uint64_t(2 * data.train_count() + data.test_count()) * std::uint64_t(inputs);
  bytes += 4 * std::uint64_t(data.test_count()) * 8;  // the test predictions (at most 8 outputs)
  bytes += 16 * std::uint64_t(data.train_count());    // the record's pattern ids and their sorted copy
  bytes += 4 * std::uint64_t(data.train_count());     // a replayed epoch's order (unit histories)
  for (const Activation activation : config.activations) {
    const NetworkConfig net = detail::network_config_for(config.network, data, inputs, activation);
    bytes += Network::memory_bytes(net, samples);
    bytes += (kHistoryLimit + 1) * sizeof(EpochRecord);
    // Unit histories; the epoch's start state (parameters, moments, step backup: 4 copies), the
    // saved starts of pending replays (4 copies each) and the replay's scratch (the end state and
    // the parameters before a step: 5 more, counted per network).
    const std::vector<LayerShape> layers = Network::shapes(net);
    const LayerShape& out = layers.back();
    const std::uint64_t parameters = std::uint64_t(out.bias_offset) + std::uint64_t(out.rows());
    bytes += UnitHistory::memory_bytes(layers) + 4 * (9 + 4 * kMaxPendingReplays) * parameters;
  }
  return bytes;
}

void Experiment::map_inputs(std::span<const float> raw, int n, std::span<float> out) const {
  map_features(config_.features, data_.dims, raw, n, out);
}

Status Experiment::set_training(const TrainConfig& training) {
  if (Status s = relulab::validate(training); !s) return s;
  if (training.batch_size > data_.train_count()) {
    return Status::error("batchSize must be a whole number from 1 to " + std::to_string(data_.train_count()) +
                         " (the training-set size) (got " + std::to_string(training.batch_size) + ")");
  }
  if (training.optimizer != config_.training.optimizer) {
    for (Run& run : runs_) run.net.reset_optimizer();
  }
  config_.training = training;
  if (position_ != 0) replayable_ = false;  // this epoch's steps no longer share one config
  return Status::success();
}

Status Experiment::set_parameters(int index, std::span<const double> values) {
  if (index < 0 || index >= size())
    return Status::error("index must be a whole number from 0 to " + std::to_string(size() - 1) + " (got " +
                         std::to_string(index) + ")");
  const std::span<float> params = network(index).parameters();
  if (values.size() != params.size())
    return Status::error("values must have " + std::to_string(params.size()) + " numbers (got " +
                         std::to_string(values.size()) + ")");
  if (Status s = check_float32_values(values, "values"); !s) return s;
  std::transform(values.begin(), values.end(), params.begin(), [](double v) { return float(v); });
  if (position_ != 0 || measure_.active) replayable_ = false;
  if (measure_.active) begin_records(measure_.epoch);
  return Status::success();
}

}  // namespace relulab
