// The workloads W1-W3 as data (name, hidden widths, activation, epochs), the training set from the
// core's generate_dataset, the initial weights from the core's Network (so the baseline starts
// where the core starts), and the result line every engine prints. Not an engine.
#pragma once
#include <string>
#include <vector>

#include "common.hpp"
#include "dataset.hpp"
#include "network.hpp"

namespace bench {

enum class Metric { SamplesPerSecond, GridsPerSecond };

/// How the core engines train: per mini-batch (the workloads), or the two diagnostic variants
/// that locate the cost: Experiment::train(epochs) in one call (adds per-epoch history and
/// diagnostics, removes per-call overhead in wasm), and one train_batch per epoch on all 250
/// points (one update per epoch instead of 25: a different algorithm, timed only to see the
/// per-call overhead of the JS API). The baseline runs only the workloads.
enum class Mode { Batches, ExperimentTrain, FullBatch };

struct Workload {
  const char* name;           // "W1-relu", "W1-tanh", "W2", "W3"; diagnostics start with "X"
  std::vector<int> hidden;
  relulab::Activation activation;
  int epochs;                 // timed epochs (W1, W3) or untimed training epochs before W2
  Metric metric;
  Mode mode = Mode::Batches;
};

/// W1-relu, W1-tanh, W2, W3, then the diagnostic variants X-relu-experiment, X-relu-fullbatch.
const std::vector<Workload>& workloads();

/// The training set of the spiral workload (x: (n, 2), y: (n) labels 0/1).
struct TrainingSet {
  std::vector<float> x, y;
  int n = 0;
};
const TrainingSet& training_set();

relulab::NetworkConfig network_config(const Workload& w);
relulab::TrainConfig train_config();

/// One measurement: `value` in `metric` units per wall-clock second (value_cpu: per CPU second
/// of this process, robust to other processes competing for the cores); loss/accuracy on the training set after training
/// (a check that the engine really trained); hashes of the final parameters / grid outputs.
struct Result {
  std::string workload, engine;
  Metric metric = Metric::SamplesPerSecond;
  double value = 0, value_cpu = 0;
  Timing timing;               // fastest of kTrials (wall and CPU separately)
  long long work = 0;          // samples trained or grids evaluated in the timed part
  double loss = 0, accuracy = 0;
  std::string params_hash, output_hash, data_hash;
};
void print_result(const Result& r);

/// Mean binary cross-entropy and accuracy of probabilities p against the training labels.
void score(const std::vector<float>& p, double& loss, double& accuracy);

/// Engines: "baseline" (bench/baseline.cpp, -O2, per sample) and "native" (relulab_core).
Result run_baseline(const Workload& w);
Result run_native(const Workload& w);
/// Prints the X-w4-parts line (native only): W4's training and boundary halves, timed apart.
void run_native_w4_parts();

}  // namespace bench
