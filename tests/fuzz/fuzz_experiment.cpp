// libFuzzer harness for every input parser and validator in core: dataset, network, training and
// experiment configs (including raw enum values outside their range, NaN/inf, huge and negative
// sizes, user points), then — for accepted configs small enough to run fast — construction, a
// training epoch, grid evaluation, live training changes and set_parameters. Crashes, sanitizer
// reports, or a NaN shown for a network not reported as diverged are findings.
// Not a unit test: regression inputs found by fuzzing become Catch2 tests in tests/native/.
// Byte format: reader.hpp (configs in the key order of core/schema.hpp); tests/fuzz/make_seeds.mjs
// writes seeds in the same order.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "experiment.hpp"
#include "grid_job.hpp"
#include "reader.hpp"
#include "schema.hpp"

namespace {

using namespace relulab;
using fuzz::Reader;

void require_finite(float v) {
  if (!std::isfinite(v)) std::abort();
}

/// A network not reported as diverged has finite losses and parameters.
void require_no_silent_nan(const Experiment& exp) {
  for (int i = 0; i < exp.size(); ++i) {
    const NetworkSummary s = exp.summary(i);
    if (s.diverged) continue;
    require_finite(s.latest.train_loss);
    require_finite(s.latest.test_loss);
    for (float p : exp.network(i).parameters()) require_finite(p);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Reader in(data, size);
  // The config as the wasm API receives it: packed by the schema, read with its narrowing checks.
  ExperimentConfig cfg;
  fuzz::ConfigBytes packed(in);
  visit_experiment(packed, cfg);
  const Status read = read_packed(packed.values, cfg);

  // Validators must refuse or accept without crashing, whatever the values.
  (void)validate(cfg.data);
  (void)validate(cfg.training);
  (void)Network::validate(cfg.network);
  if (!Experiment::validate(cfg).ok || !read.ok) return 0;

  // Keep accepted runs fast: the fuzzer's job is the input surface, not long training. Work of
  // one epoch ~ samples x networks x multiply-adds per sample (inputs x rows, summed over layers,
  // maxout counted for every network).
  std::size_t macs = 0;
  int fan_in = 2;
  for (int w : cfg.network.hidden) {
    macs += std::size_t(fan_in) * std::size_t(w) * std::size_t(std::max(1, cfg.network.maxout_k));
    fan_in = w;
  }
  macs += std::size_t(fan_in) * 8;
  const std::size_t samples = std::size_t(cfg.data.points) + cfg.data.user_points.size();
  if (samples * cfg.activations.size() * macs > 3000000) return 0;

  Experiment exp(cfg);
  exp.train(1);
  // Grid resolution as the API checks it (2..256), kept small here for speed.
  int resolution = in.small_int(2, 16);
  if (!check_setting(Setting::GridResolution, resolution).ok || resolution > 16) resolution = 2;
  const int outputs = exp.network(0).outputs();
  std::vector<float> grid(std::size_t(resolution) * resolution * outputs);
  exp.boundary(0, resolution, grid);
  if (!cfg.network.hidden.empty()) {
    std::vector<float> map(std::size_t(resolution) * resolution);
    exp.unit_map(0, 0, 0, resolution, map);
  }
  require_no_silent_nan(exp);
  // Linear regions (piecewise-linear networks; others are refused): a dense index per cell below
  // the count, at most as many regions as cells, and the record's count at most the training set.
  const GridRequest regions{resolution, 0, false, true};
  if (GridJob::validate(exp, 0, regions).ok) {
    GridJob job(exp, 0, regions);
    while (!job.step(GridJob::kBlock)) {
    }
    const std::size_t cells = std::size_t(resolution) * std::size_t(exp.data().dims == 1 ? 1 : resolution);
    if (job.regions().size() != cells || job.region_count() < 1) std::abort();
    for (int r : job.regions())
      if (r < 0 || r >= job.region_count()) std::abort();
    if (exp.history(0).back().regions > exp.data().train_count()) std::abort();
  }
  // A network that has not diverged shows a boundary without NaN (the page shades NaN only for
  // diverged networks).
  if (!exp.summary(0).diverged) {
    for (float v : grid) require_finite(v);
  }

  // A live training change: refused ones must leave the experiment as it was.
  TrainConfig next = cfg.training;
  fuzz::ConfigBytes next_packed(in);
  visit_training(next_packed, next, true);
  (void)read_packed(next_packed.values, next, true);  // a refused read leaves the rest as it was
  const TrainConfig before = exp.config().training;
  if (!exp.set_training(next).ok) {
    const TrainConfig& after = exp.config().training;
    if (after.optimizer != before.optimizer || after.learning_rate != before.learning_rate ||
        after.batch_size != before.batch_size || after.l2 != before.l2 || after.l1 != before.l1 ||
        after.momentum != before.momentum)
      std::abort();
  }
  exp.train(1);
  require_no_silent_nan(exp);

  // set_parameters with arbitrary values (huge, non-finite) and lengths: a refusal changes
  // nothing; accepted extreme weights must end in a reported divergence, never a silent NaN.
  const int target = in.small_int(0, exp.size() - 1);
  Network& net = exp.network(target >= 0 && target < exp.size() ? target : 0);
  std::vector<float> params(net.parameters().size() + std::size_t(in.small_int(-2, 2) == 0));
  const float scale = in.number(0, 1e6f);
  for (float& p : params) p = scale * in.number(-10, 10);
  const std::vector<float> kept(net.parameters().begin(), net.parameters().end());
  if (!net.set_parameters(params).ok) {
    if (!std::equal(kept.begin(), kept.end(), net.parameters().begin(), net.parameters().end(),
                    [](float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }))
      std::abort();
  }
  exp.train(1);
  require_no_silent_nan(exp);

  // Experiment::set_parameters (the page's weight editor) with any index, length and doubles
  // (beyond float32 range, non-finite): a refusal changes no network, bit for bit.
  const int edit = in.small_int(-1, exp.size());
  const std::size_t count = edit >= 0 && edit < exp.size() ? exp.network(edit).parameters().size() : 3;
  std::vector<double> values(count + std::size_t(in.small_int(-2, 2) == 0));
  const double magnitude = in.small_int(0, 3) == 0 ? 1e39 : double(in.number(0, 1e6f));
  for (double& v : values) v = magnitude * double(in.number(-10, 10));
  if (!values.empty() && in.small_int(0, 7) == 0) values[values.size() / 2] = std::nan("");
  std::vector<std::uint32_t> all_before;
  for (int i = 0; i < exp.size(); ++i)
    for (float p : exp.network(i).parameters()) all_before.push_back(std::bit_cast<std::uint32_t>(p));
  if (!exp.set_parameters(edit, values).ok) {
    std::size_t at = 0;
    for (int i = 0; i < exp.size(); ++i)
      for (float p : exp.network(i).parameters())
        if (std::bit_cast<std::uint32_t>(p) != all_before[at++]) std::abort();
  }
  exp.train(1);
  require_no_silent_nan(exp);
  return 0;
}
