// What the benchmark workloads are (bench/README.md): the data, the shapes, the epoch counts,
// the bench's own batch-order shuffle and the 100 x 100 grid, shared by the per-sample baseline
// and the core bench so both see the same points in the same order. Not part of the core, and
// not a timing framework: a steady clock and a JSON line printer, nothing more.
#pragma once
#include <chrono>
#include <cstdint>
#include <ctime>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "bit_cast.hpp"
#include "rng.hpp"

namespace bench {

// The benchmark workloads (bench/README.md): two-arm spiral, 500 points, noise 0, fixed seed (train fraction is
// the lab default 0.5, so 250 training points); SGD, learning rate 0.03, batch size 10; binary.
inline constexpr int kPoints = 500;
inline constexpr float kNoise = 0.0f;
inline constexpr std::uint32_t kDataSeed = 1;
inline constexpr std::uint32_t kWeightSeed = 1;
inline constexpr float kLearningRate = 0.03f;
inline constexpr int kBatchSize = 10;
inline constexpr int kGridResolution = 100;
inline constexpr float kBox = 6.0f;   // same as relulab::kBox (checked in bench_main.cpp)
inline constexpr std::uint32_t kShuffleSeed = 12345;

/// Epochs per timed W1 / W3 trial (each trial starts from the same fresh network), epochs of
/// W1-ReLU training before W2's grid timing, and grids per W2 trial.
inline constexpr int kW1Epochs = 1000;
inline constexpr int kW3Epochs = 200;
inline constexpr int kW2TrainEpochs = 200;
inline constexpr int kW2Grids = 300;
/// Timed trials per workload in one process; the fastest is reported (the machine is shared, and
/// a preempted trial only ever gets slower). bench/run.mjs then takes the median over processes.
inline constexpr int kTrials = 3;

/// The bench's batch order, the core's own (relulab::Network::train_epochs, docs/API.md
/// trainEpochs): epoch e (0, 1, ... from a fresh Shuffler) is a Fisher-Yates shuffle of the
/// identity order driven by relulab::Rng(derive_seed(kShuffleSeed, e)). The core engines train
/// whole epochs in one call with that shuffle in C++ (native and wasm alike); the per-sample
/// baseline gets the same order from this struct, so every engine sees the same batches.
struct Shuffler {
  std::uint32_t epoch = 0;
  void shuffle(std::vector<int>& order) {
    for (int i = 0; i < int(order.size()); ++i) order[i] = i;
    relulab::Rng rng(relulab::derive_seed(kShuffleSeed, epoch++));
    for (int i = int(order.size()) - 1; i > 0; --i) {
      const int j = int(rng.below(std::uint32_t(i + 1)));
      const int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
};

/// The 100 x 100 grid in Experiment::boundary's image order: (batch, 2) row-major.
inline std::vector<float> make_grid(int resolution = kGridResolution) {
  std::vector<float> grid(std::size_t(resolution) * resolution * 2);
  const float step = 2.0f * kBox / float(resolution);
  for (int r = 0; r < resolution; ++r)
    for (int c = 0; c < resolution; ++c) {
      grid[(std::size_t(r) * resolution + c) * 2 + 0] = -kBox + (float(c) + 0.5f) * step;
      grid[(std::size_t(r) * resolution + c) * 2 + 1] = kBox - (float(r) + 0.5f) * step;
    }
  return grid;
}

/// FNV-1a over the bits of a float buffer: compares engines' results without printing them.
inline std::string hash_floats(std::span<const float> values) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (float v : values) {
    const std::uint32_t bits = relulab::bit_cast<std::uint32_t>(v);
    for (int k = 0; k < 4; ++k) {
      h ^= (bits >> (8 * k)) & 0xffu;
      h *= 0x100000001b3ull;
    }
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return text;
}

inline double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// CPU time of this process (all threads), in seconds.
inline double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

/// Wall-clock and CPU seconds of a timed section. On an idle machine they agree; when other
/// processes compete for the cores, wall time includes the time this process waited.
struct Timing {
  double wall = 0, cpu = 0;
};

/// Started on construction; elapsed() is the time since.
class Stopwatch {
 public:
  Stopwatch() : wall_(now_seconds()), cpu_(cpu_seconds()) {}
  Timing elapsed() const { return {now_seconds() - wall_, cpu_seconds() - cpu_}; }

 private:
  double wall_, cpu_;
};

/// Runs `trial` (which returns the Timing of its timed part) kTrials times; the fastest wall
/// time and the fastest CPU time.
template <class Trial>
Timing fastest_of_trials(Trial&& trial) {
  Timing best{1e300, 1e300};
  for (int t = 0; t < kTrials; ++t) {
    const Timing timing = trial();
    if (timing.wall < best.wall) best.wall = timing.wall;
    if (timing.cpu < best.cpu) best.cpu = timing.cpu;
  }
  return best;
}

}  // namespace bench
