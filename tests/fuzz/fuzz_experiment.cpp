// libFuzzer harness for every input parser and validator in core: dataset, network, training and
// experiment configs (including raw enum values outside their range, NaN/inf, huge and negative
// sizes, user points), then — for accepted configs small enough to run fast — construction, a
// training epoch, grid evaluation, live training changes and set_parameters. Crashes, sanitizer
// reports, or a NaN shown for a network not reported as diverged are findings.
// Not a unit test: regression inputs found by fuzzing become Catch2 tests in tests/native/.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "experiment.hpp"

namespace {

using namespace relulab;

/// Reads typed values from the fuzzer's bytes; zeros once exhausted.
class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  template <class T>
  T raw() {
    T value{};
    std::size_t n = sizeof(T) < size_ - pos_ ? sizeof(T) : size_ - pos_;
    std::memcpy(&value, data_ + pos_, n);
    pos_ += n;
    return value;
  }
  /// Mostly plausible floats, sometimes raw bit patterns (NaN, inf, denormals, huge).
  float number(float lo, float hi) {
    const std::uint8_t mode = raw<std::uint8_t>();
    if (mode < 32) return raw<float>();
    return lo + (hi - lo) * float(raw<std::uint16_t>()) / 65535.0f;
  }
  int small_int(int lo, int hi) {
    const std::uint8_t mode = raw<std::uint8_t>();
    if (mode < 16) return raw<int>();
    return lo + int(raw<std::uint16_t>() % std::uint16_t(hi - lo + 1));
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

void require_finite(float v) {
  if (!std::isfinite(v)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Reader in(data, size);
  ExperimentConfig cfg;
  cfg.data.kind = static_cast<DatasetKind>(in.small_int(-1, 12));
  cfg.data.points = in.small_int(-5, 3000);
  cfg.data.noise = in.number(-0.1f, 0.6f);
  cfg.data.train_fraction = in.number(0.0f, 1.0f);
  cfg.data.seed = in.raw<std::uint32_t>();
  cfg.data.classes = in.small_int(-1, 10);
  const int user_points = in.small_int(0, 40);
  for (int i = 0; i < user_points && i < 5000; ++i)
    cfg.data.user_points.push_back({in.number(-7, 7), in.number(-7, 7), in.number(-1, 9)});

  const int layers = in.small_int(-1, 9);
  cfg.network.hidden.clear();
  for (int i = 0; i < layers && i < 64; ++i) cfg.network.hidden.push_back(in.small_int(-1, 70));
  cfg.network.maxout_k = in.small_int(0, 9);
  cfg.network.init = static_cast<InitScheme>(in.small_int(-1, 6));
  cfg.network.bias_init = in.number(-3, 3);
  cfg.network.prelu_init = in.number(-2, 2);
  cfg.network.prelu_shared = in.raw<std::uint8_t>() & 1;
  cfg.network.leaky_a = in.number(-0.5f, 1.5f);
  cfg.network.elu_alpha = in.number(-1, 11);
  cfg.network.relu_grad_at_zero = in.number(0, 1);
  cfg.network.seed = in.raw<std::uint32_t>();
  cfg.training.optimizer = static_cast<OptimizerKind>(in.small_int(-1, 4));
  cfg.training.learning_rate = in.number(0, 12);
  cfg.training.batch_size = in.small_int(-1, 300);
  cfg.training.l2 = in.number(-0.1f, 1.1f);
  cfg.training.momentum = in.number(0, 1);
  const int nets = in.small_int(0, 17);
  cfg.activations.clear();
  for (int i = 0; i < nets && i < 64; ++i) cfg.activations.push_back(static_cast<Activation>(in.small_int(-1, 14)));

  // Validators must refuse or accept without crashing, whatever the values.
  (void)validate(cfg.data);
  (void)validate(cfg.training);
  (void)Network::validate(cfg.network);
  if (!Experiment::validate(cfg).ok) return 0;

  // Keep accepted runs fast: the fuzzer's job is the input surface, not long training.
  std::size_t work = std::size_t(cfg.data.points) * cfg.activations.size();
  for (int w : cfg.network.hidden) work *= std::size_t(w) * std::max(1, cfg.network.maxout_k) + 1;
  if (work > 400000) return 0;

  Experiment exp(cfg);
  exp.train(1);
  const int resolution = 2 + in.small_int(0, 14);
  const int outputs = exp.network(0).outputs();
  std::vector<float> grid(std::size_t(resolution) * resolution * outputs);
  exp.boundary(0, resolution, grid);
  if (!cfg.network.hidden.empty()) {
    std::vector<float> map(std::size_t(resolution) * resolution);
    exp.unit_map(0, 0, 0, resolution, map);
  }
  for (int i = 0; i < exp.size(); ++i) {
    const NetworkSummary s = exp.summary(i);
    if (!s.diverged) {
      require_finite(s.latest.train_loss);
      require_finite(s.latest.test_loss);
      for (float p : exp.network(i).parameters()) require_finite(p);
    }
  }

  // A live training change: refused ones must leave the experiment as it was.
  TrainConfig next = cfg.training;
  next.learning_rate = in.number(-1, 12);
  next.batch_size = in.small_int(-1, 3000);
  (void)exp.set_training(next);
  exp.train(1);

  // set_parameters with arbitrary values and lengths.
  std::vector<float> params(exp.network(0).parameters().size() + std::size_t(in.small_int(-2, 2) == 0));
  for (float& p : params) p = in.number(-10, 10);
  (void)exp.network(0).set_parameters(params);
  return 0;
}
