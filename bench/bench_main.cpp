// relulab_bench: runs W1-W3 for one engine and prints one JSON line per workload.
//   relulab_bench baseline|native [W1-relu W1-tanh W2 W3]
// bench/run.mjs calls it once per engine and repetition, interleaved with the wasm engine.
// Also holds the shared setup (data, initial weights, scoring) and the baseline's driver.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "baseline.hpp"
#include "workloads.hpp"

namespace bench {
static_assert(kBox == relulab::kBox, "bench grid must match the core's data box");

const std::vector<Workload>& workloads() {
  using relulab::Activation;
  static const std::vector<Workload> all = {
      {"W1-relu", {8, 8}, Activation::Relu, kW1Epochs, Metric::SamplesPerSecond},
      {"W1-tanh", {8, 8}, Activation::Tanh, kW1Epochs, Metric::SamplesPerSecond},
      {"W2", {8, 8}, Activation::Relu, kW2TrainEpochs, Metric::GridsPerSecond},
      {"W3", {32, 32, 32}, Activation::Relu, kW3Epochs, Metric::SamplesPerSecond},
      {"X-relu-experiment", {8, 8}, Activation::Relu, kW1Epochs, Metric::SamplesPerSecond, Mode::ExperimentTrain},
      {"X-relu-fullbatch", {8, 8}, Activation::Relu, kW1Epochs, Metric::SamplesPerSecond, Mode::FullBatch},
  };
  return all;
}

const TrainingSet& training_set() {
  static const TrainingSet set = [] {
    relulab::DatasetConfig config;
    config.kind = relulab::DatasetKind::Spiral;
    config.points = kPoints;
    config.noise = kNoise;
    config.seed = kDataSeed;
    relulab::Dataset data;
    const relulab::Status status = relulab::generate_dataset(config, data);
    if (!status.ok) {
      std::fprintf(stderr, "relulab_bench: dataset refused: %s\n", status.message.c_str());
      std::exit(1);
    }
    TrainingSet s;
    s.x = data.train_x;
    s.y = data.train_y;
    s.n = data.train_count();
    return s;
  }();
  return set;
}

relulab::NetworkConfig network_config(const Workload& w) {
  relulab::NetworkConfig config;
  config.inputs = 2;
  config.hidden = w.hidden;
  config.activations = {w.activation};
  config.output = relulab::OutputKind::Binary;
  config.init = relulab::InitScheme::HeNormal;
  config.seed = kWeightSeed;
  return config;
}

relulab::TrainConfig train_config() {
  relulab::TrainConfig config;
  config.optimizer = relulab::OptimizerKind::Sgd;
  config.learning_rate = kLearningRate;
  config.batch_size = kBatchSize;
  config.l2 = 0.0f;
  return config;
}

void score(const std::vector<float>& p, double& loss, double& accuracy) {
  const TrainingSet& data = training_set();
  double sum = 0;
  int correct = 0;
  for (int i = 0; i < data.n; ++i) {
    const double q = std::fmin(std::fmax(double(p[i]), 1e-7), 1.0 - 1e-7);
    sum -= data.y[i] > 0.5f ? std::log(q) : std::log(1.0 - q);
    correct += (p[i] >= 0.5f) == (data.y[i] > 0.5f);
  }
  loss = sum / data.n;
  accuracy = double(correct) / data.n;
}

void print_result(const Result& r) {
  const char* metric = r.metric == Metric::GridsPerSecond ? "grids_per_second" : "samples_per_second";
  std::printf("{\"workload\":\"%s\",\"engine\":\"%s\",\"%s\":%.0f,\"%s_cpu\":%.0f,\"seconds\":%.6f,"
              "\"cpu_seconds\":%.6f,\"work\":%lld,"
              "\"loss\":%.6f,\"accuracy\":%.4f,\"params_hash\":\"%s\",\"output_hash\":\"%s\","
              "\"data_hash\":\"%s\",\"trials\":%d}\n",
              r.workload.c_str(), r.engine.c_str(), metric, r.value, metric, r.value_cpu, r.timing.wall,
              r.timing.cpu, r.work, r.loss,
              r.accuracy, r.params_hash.c_str(), r.output_hash.c_str(), r.data_hash.c_str(), kTrials);
  std::fflush(stdout);
}

namespace {

/// The core's initial weights, copied into the baseline's per-layer form.
std::vector<baseline::LayerInit> initial_layers(const Workload& w) {
  relulab::Network net(network_config(w));
  std::vector<baseline::LayerInit> layers;
  for (const relulab::LayerShape& shape : net.layers()) {
    baseline::LayerInit l;
    l.inputs = shape.inputs;
    l.outputs = shape.rows();
    const auto p = net.parameters();
    l.w.assign(p.begin() + shape.weight_offset, p.begin() + shape.weight_offset + std::size_t(l.outputs) * l.inputs);
    l.b.assign(p.begin() + shape.bias_offset, p.begin() + shape.bias_offset + l.outputs);
    layers.push_back(l);
  }
  return layers;
}

baseline::Hidden hidden_of(const Workload& w) {
  return w.activation == relulab::Activation::Tanh ? baseline::Hidden::Tanh : baseline::Hidden::Relu;
}

}  // namespace

Result run_baseline(const Workload& w) {
  const TrainingSet& data = training_set();
  const auto init = initial_layers(w);
  Result r;
  r.workload = w.name;
  r.engine = "baseline";
  r.metric = w.metric;
  std::vector<float> p(data.n);
  if (w.metric == Metric::SamplesPerSecond) {
    {  // warm-up: a short run on a throwaway copy
      baseline::Mlp warm(init, hidden_of(w));
      Shuffler s;
      warm.train(data.x.data(), data.y.data(), data.n, w.epochs / 10 + 1, kLearningRate, kBatchSize, s);
    }
    std::vector<float> params;
    r.timing = fastest_of_trials([&] {
      baseline::Mlp net(init, hidden_of(w));
      Shuffler shuffler;
      const Stopwatch t0;
      net.train(data.x.data(), data.y.data(), data.n, w.epochs, kLearningRate, kBatchSize, shuffler);
      const Timing seconds = t0.elapsed();
      net.predict(data.x.data(), data.n, p.data());
      params = net.parameters();
      return seconds;
    });
    r.work = (long long)w.epochs * data.n;
    r.value = r.work / r.timing.wall;
    r.value_cpu = r.work / r.timing.cpu;
    r.params_hash = hash_floats(params);
  } else {
    baseline::Mlp net(init, hidden_of(w));
    Shuffler shuffler;
    net.train(data.x.data(), data.y.data(), data.n, w.epochs, kLearningRate, kBatchSize, shuffler);
    const std::vector<float> grid = make_grid();
    const int points = kGridResolution * kGridResolution;
    std::vector<float> out(points);
    for (int g = 0; g < kW2Grids / 10; ++g) net.predict(grid.data(), points, out.data());  // warm-up
    r.timing = fastest_of_trials([&] {
      const Stopwatch t0;
      for (int g = 0; g < kW2Grids; ++g) net.predict(grid.data(), points, out.data());
      return t0.elapsed();
    });
    r.work = kW2Grids;
    r.value = r.work / r.timing.wall;
    r.value_cpu = r.work / r.timing.cpu;
    r.output_hash = hash_floats(out);
    net.predict(data.x.data(), data.n, p.data());
    r.params_hash = hash_floats(net.parameters());
  }
  score(p, r.loss, r.accuracy);
  r.data_hash = hash_floats(data.x);
  return r;
}

}  // namespace bench

int main(int argc, char** argv) {
  using namespace bench;
  if (argc < 2 || (std::strcmp(argv[1], "baseline") != 0 && std::strcmp(argv[1], "native") != 0)) {
    std::fprintf(stderr, "usage: relulab_bench baseline|native [W1-relu W1-tanh W2 W3 X-relu-experiment X-relu-fullbatch X-w4-parts]\n");
    return 2;
  }
  const bool native = std::strcmp(argv[1], "native") == 0;
  for (const Workload& w : workloads()) {
    if (!native && w.mode != Mode::Batches) continue;
    bool wanted = argc == 2;
    for (int i = 2; i < argc; ++i) wanted = wanted || std::strcmp(argv[i], w.name) == 0;
    if (!wanted) continue;
    print_result(native ? run_native(w) : run_baseline(w));
  }
  bool parts = native && argc == 2;
  for (int i = 2; i < argc; ++i) parts = parts || (native && std::strcmp(argv[i], "X-w4-parts") == 0);
  if (parts) run_native_w4_parts();
  return 0;
}
