// The native core engine on W1-W3: pure training through relulab::Network::train_epochs (whole
// epochs per call, mini-batches of 10 in the core's shuffled order: what Experiment::train does,
// minus its per-epoch history and diagnostics), and Network::predict on the whole 100 x 100 grid
// per call.
// Not Experiment for the workloads: its per-epoch bookkeeping would be measured too (it is timed
// separately as the diagnostic X-relu-experiment).
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "experiment.hpp"
#include "workloads.hpp"

namespace bench {
namespace {

/// `epochs` epochs of mini-batch SGD in one Network::train_epochs call: each epoch reshuffled
/// with the core's shuffle (seed kShuffleSeed, bench::Shuffler's order), one train_batch per batch
/// of batch_size (the last batch may be smaller).
void train(relulab::Network& net, int epochs, int batch_size = kBatchSize) {
  const TrainingSet& data = training_set();
  relulab::TrainConfig config = train_config();
  config.batch_size = batch_size;
  net.train_epochs(data.x, data.y, data.n, epochs, kShuffleSeed, config);
}

/// X-relu-experiment: Experiment with one network trained by Experiment::train(epochs), one call.
Result run_experiment(const Workload& w, Result r) {
  const TrainingSet& data = training_set();
  relulab::ExperimentConfig config;
  config.data.kind = relulab::DatasetKind::Spiral;
  config.data.points = kPoints;
  config.data.noise = kNoise;
  config.data.seed = kDataSeed;
  config.network = network_config(w);
  config.training = train_config();
  config.activations = {w.activation};
  {
    relulab::Experiment warm(config);
    warm.train(w.epochs / 10 + 1);
  }
  std::vector<float> p(data.n);
  r.timing = fastest_of_trials([&] {
    relulab::Experiment exp(config);
    const Stopwatch t0;
    exp.train(w.epochs);
    const Timing seconds = t0.elapsed();
    exp.network(0).predict(data.x, data.n, p);
    r.params_hash = hash_floats(exp.network(0).parameters());
    r.data_hash = hash_floats(exp.data().train_x);
    return seconds;
  });
  r.work = (long long)w.epochs * data.n;
  r.value = r.work / r.timing.wall;
    r.value_cpu = r.work / r.timing.cpu;
  score(p, r.loss, r.accuracy);
  return r;
}

}  // namespace

Result run_native(const Workload& w) {
  const TrainingSet& data = training_set();
  Result r;
  r.workload = w.name;
  r.engine = "native";
  r.metric = w.metric;
  if (w.mode == Mode::ExperimentTrain) return run_experiment(w, r);
  const int batch_size = w.mode == Mode::FullBatch ? data.n : kBatchSize;
  std::vector<float> p(data.n);
  if (w.metric == Metric::SamplesPerSecond) {
    {  // warm-up: a short run on a throwaway network
      relulab::Network warm(network_config(w));
      train(warm, w.epochs / 10 + 1, batch_size);
    }
    r.timing = fastest_of_trials([&] {
      relulab::Network net(network_config(w));
      const Stopwatch t0;
      train(net, w.epochs, batch_size);
      const Timing seconds = t0.elapsed();
      net.predict(data.x, data.n, p);
      r.params_hash = hash_floats(net.parameters());
      return seconds;
    });
    r.work = (long long)w.epochs * data.n;
    r.value = r.work / r.timing.wall;
    r.value_cpu = r.work / r.timing.cpu;
  } else {
    relulab::Network net(network_config(w));
    train(net, w.epochs);
    const std::vector<float> grid = make_grid();
    const int points = kGridResolution * kGridResolution;
    std::vector<float> out(points);
    for (int g = 0; g < kW2Grids / 10; ++g) net.predict(grid, points, out);  // warm-up
    r.timing = fastest_of_trials([&] {
      const Stopwatch t0;
      for (int g = 0; g < kW2Grids; ++g) net.predict(grid, points, out);
      return t0.elapsed();
    });
    r.work = kW2Grids;
    r.value = r.work / r.timing.wall;
    r.value_cpu = r.work / r.timing.cpu;
    r.output_hash = hash_floats(out);
    net.predict(data.x, data.n, p);
    r.params_hash = hash_floats(net.parameters());
  }
  score(p, r.loss, r.accuracy);
  r.data_hash = hash_floats(data.x);
  return r;
}

/// X-w4-parts: W4's two halves on the native core, for comparison with the browser's worker: the
/// default experiment's eight activations on the workloads' data and optimiser;
/// Experiment::train(1) in CPU ms per epoch (all eight networks, with per-epoch diagnostics), and
/// Experiment::boundary(i, 100) in CPU ms per network.
void run_native_w4_parts() {
  relulab::ExperimentConfig config;   // default activations
  config.data.kind = relulab::DatasetKind::Spiral;
  config.data.points = kPoints;
  config.data.noise = kNoise;
  config.data.seed = kDataSeed;
  config.network.seed = kWeightSeed;
  config.training = train_config();
  relulab::Experiment exp(config);
  exp.train(20);   // warm-up, and away from the initial weights
  constexpr int kEpochs = 100, kGrids = 20;
  const double train_seconds = fastest_of_trials([&] {
    const Stopwatch t0;
    exp.train(kEpochs);
    return t0.elapsed();
  }).cpu;
  std::vector<float> out(std::size_t(kGridResolution) * kGridResolution * 8);
  std::string boundary_ms;
  double total_ms = 0;
  for (int r = 0; r < 3; ++r)
    for (int i = 0; i < exp.size(); ++i) exp.boundary(i, kGridResolution, out);   // warm-up
  for (int i = 0; i < exp.size(); ++i) {
    const double seconds = fastest_of_trials([&] {
      const Stopwatch t0;
      for (int g = 0; g < kGrids; ++g) exp.boundary(i, kGridResolution, out);
      return t0.elapsed();
    }).cpu;
    const double ms = 1000.0 * seconds / kGrids;
    total_ms += ms;
    char item[96];
    std::snprintf(item, sizeof item, "%s\"%s\":%.4f", i ? "," : "",
                  relulab::activation_info(config.activations[std::size_t(i)]).key, ms);
    boundary_ms += item;
  }
  std::printf("{\"workload\":\"X-w4-parts\",\"engine\":\"native\",\"train_ms_per_epoch\":%.4f,"
              "\"boundary_ms_total\":%.4f,\"boundary_ms\":{%s},\"trials\":%d}\n",
              1000.0 * train_seconds / kEpochs, total_ms, boundary_ms.c_str(), kTrials);
  std::fflush(stdout);
}

}  // namespace bench
