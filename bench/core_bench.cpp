// The native core engine on W1-W3: pure training through relulab::Network::train_batch on
// mini-batches of 10 in the bench's shuffled order (what Experiment::train does, minus its
// per-epoch history and diagnostics), and Network::predict on the whole 100 x 100 grid per call.
// Not Experiment for the workloads: its per-epoch bookkeeping would be measured too (it is timed
// separately as the diagnostic X-relu-experiment).
#include <span>
#include <vector>

#include "experiment.hpp"
#include "workloads.hpp"

namespace bench {
namespace {

/// `epochs` epochs of mini-batch SGD: each epoch reshuffles, gathers the points in that order
/// and calls train_batch once per batch of kBatchSize (the last batch may be smaller).
void train(relulab::Network& net, int epochs, Shuffler& shuffler, std::vector<int>& order,
           std::vector<float>& xs, std::vector<float>& ys, int batch_size = kBatchSize) {
  const TrainingSet& data = training_set();
  const relulab::TrainConfig config = train_config();
  for (int e = 0; e < epochs; ++e) {
    shuffler.shuffle(order);
    for (int i = 0; i < data.n; ++i) {
      xs[2 * i] = data.x[2 * order[i]];
      xs[2 * i + 1] = data.x[2 * order[i] + 1];
      ys[i] = data.y[order[i]];
    }
    for (int start = 0; start < data.n; start += batch_size) {
      const int batch = data.n - start < batch_size ? data.n - start : batch_size;
      net.train_batch(std::span<const float>(xs).subspan(2 * start, 2 * batch),
                      std::span<const float>(ys).subspan(start, batch), batch, config);
    }
  }
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
  relulab::Experiment exp(config);
  const double t0 = now_seconds();
  exp.train(w.epochs);
  r.seconds = now_seconds() - t0;
  r.work = (long long)w.epochs * data.n;
  r.value = r.work / r.seconds;
  std::vector<float> p(data.n);
  exp.network(0).predict(data.x, data.n, p);
  r.params_hash = hash_floats(exp.network(0).parameters());
  score(p, r.loss, r.accuracy);
  r.data_hash = hash_floats(exp.data().train_x);
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
  std::vector<int> order(data.n);
  std::vector<float> xs(2 * data.n), ys(data.n), p(data.n);
  const auto reset_order = [&] {
    for (int i = 0; i < data.n; ++i) order[i] = i;
  };
  if (w.metric == Metric::SamplesPerSecond) {
    {  // warm-up: a short run on a throwaway network
      relulab::Network warm(network_config(w));
      Shuffler s;
      reset_order();
      train(warm, w.epochs / 10 + 1, s, order, xs, ys, batch_size);
    }
    relulab::Network net(network_config(w));
    Shuffler shuffler;
    reset_order();
    const double t0 = now_seconds();
    train(net, w.epochs, shuffler, order, xs, ys, batch_size);
    r.seconds = now_seconds() - t0;
    r.work = (long long)w.epochs * data.n;
    r.value = r.work / r.seconds;
    net.predict(data.x, data.n, p);
    r.params_hash = hash_floats(net.parameters());
  } else {
    relulab::Network net(network_config(w));
    Shuffler shuffler;
    reset_order();
    train(net, w.epochs, shuffler, order, xs, ys);
    const std::vector<float> grid = make_grid();
    const int points = kGridResolution * kGridResolution;
    std::vector<float> out(points);
    for (int g = 0; g < kW2Grids / 10; ++g) net.predict(grid, points, out);  // warm-up
    const double t0 = now_seconds();
    for (int g = 0; g < kW2Grids; ++g) net.predict(grid, points, out);
    r.seconds = now_seconds() - t0;
    r.work = kW2Grids;
    r.value = r.work / r.seconds;
    r.output_hash = hash_floats(out);
    net.predict(data.x, data.n, p);
    r.params_hash = hash_floats(net.parameters());
  }
  score(p, r.loss, r.accuracy);
  r.data_hash = hash_floats(data.x);
  return r;
}

}  // namespace bench
