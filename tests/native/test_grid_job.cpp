// Tests of the grid job (core/grid_job.cpp) and of training in bounded steps
// (Experiment::train_steps): a job in slices of any size gives the bits of one predict per cell and
// of one unit_output pass per unit; its snapshot does not move when training goes on; any split
// of an epoch's batches into calls gives the bits of train().
#include <algorithm>
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "experiment.hpp"
#include "float_bits.hpp"
#include "grid_job.hpp"

using namespace relulab;
using Catch::Matchers::Contains;

namespace {

ExperimentConfig config_of(DatasetKind kind, std::vector<Activation> activations, std::vector<int> hidden = {5, 3}) {
  ExperimentConfig c;
  c.data.kind = kind;
  c.data.points = 120;
  c.network.hidden = std::move(hidden);
  c.activations = std::move(activations);
  return c;
}

bool same_bits(std::span<const float> a, std::span<const float> b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (bits(a[i]) != bits(b[i])) return false;
  return true;
}

/// The grid point of cell `cell` written out independently of the core's helper: 2-D cells in
/// row-major order from the top-left, x = -6 + (c + 0.5) * 12/R, y = 6 - (r + 0.5) * 12/R.
std::vector<float> reference_point(int dims, int resolution, int cell) {
  const float step = 12.0f / float(resolution);
  if (dims == 1) return {-6.0f + (float(cell) + 0.5f) * step};
  const int r = cell / resolution, c = cell % resolution;
  return {-6.0f + (float(c) + 0.5f) * step, -(-6.0f + (float(r) + 0.5f) * step)};
}

GridJob run_job(const Experiment& e, int index, GridRequest request, int points_per_step) {
  GridJob job(e, index, request);
  int steps = 0;
  while (!job.step(points_per_step)) ++steps;
  return job;
}

}  // namespace

TEST_CASE("a grid job in slices of any size gives one predict per cell, bit for bit", "[grid]") {
  for (DatasetKind kind : {DatasetKind::Circle, DatasetKind::Spiral3, DatasetKind::KinkX}) {
    Experiment e(config_of(kind, {Activation::Relu, Activation::Maxout, Activation::Prelu, Activation::Tanh}));
    e.train(2);
    const int R = 9;
    for (int i = 0; i < e.size(); ++i) {
      Network& net = e.network(i);
      const int dims = e.data().dims;
      const int cells = dims == 1 ? R : R * R;
      std::vector<float> expected(std::size_t(cells) * std::size_t(net.outputs()));
      for (int cell = 0; cell < cells; ++cell) {
        const std::vector<float> x = reference_point(dims, R, cell);
        net.predict(x, 1, std::span<float>(expected).subspan(std::size_t(cell) * net.outputs(), std::size_t(net.outputs())));
      }
      for (int slice : {1, 7, 64, 100000}) {
        const GridJob job = run_job(e, i, {R, 0, false}, slice);
        INFO("dataset " << int(kind) << " network " << i << " slice " << slice);
        CHECK(same_bits(job.boundary(), expected));
      }
    }
  }
}

TEST_CASE("a grid job computes every hidden unit's map in one pass: the bits of unit_output per unit", "[grid]") {
  Experiment e(config_of(DatasetKind::Xor, {Activation::Relu, Activation::Maxout, Activation::LeakyRelu}, {4, 6}));
  e.train(3);
  const int T = 6;
  for (int i = 0; i < e.size(); ++i) {
    const GridJob job = run_job(e, i, {4, T, false}, 5);
    Network& net = e.network(i);
    REQUIRE(job.unit_maps().size() == std::size_t(T * T * (4 + 6)));
    std::vector<float> xs;
    for (int cell = 0; cell < T * T; ++cell)
      for (float v : reference_point(2, T, cell)) xs.push_back(v);
    int first = 0;
    for (int layer = 0; layer < 2; ++layer) {
      for (int unit = 0; unit < net.layers()[std::size_t(layer)].units; ++unit) {
        std::vector<float> expected(std::size_t(T * T));
        net.unit_output(xs, T * T, layer, unit, expected);
        INFO("network " << i << " layer " << layer << " unit " << unit);
        CHECK(same_bits(job.unit_maps().subspan(std::size_t(first + unit) * T * T, std::size_t(T * T)), expected));
      }
      first += net.layers()[std::size_t(layer)].units;
    }
    // Experiment::unit_map is a loop over a job: the same map.
    std::vector<float> map(std::size_t(T * T));
    e.unit_map(i, 1, 2, T, map);
    CHECK(same_bits(map, job.unit_maps().subspan(std::size_t(4 + 2) * T * T, std::size_t(T * T))));
  }
}

TEST_CASE("a grid job is a snapshot: training between its slices changes nothing in it", "[grid]") {
  Experiment e(config_of(DatasetKind::Spiral, {Activation::Relu, Activation::Elu}));
  e.train(2);
  const GridRequest request{16, 5, true};
  const GridJob untouched = run_job(e, 1, request, 1 << 20);
  GridJob job(e, 1, request);
  REQUIRE(job.epoch() == 2);
  CHECK_FALSE(job.step(10));
  const NetworkDiagnostics at2 = e.network(1).diagnose(e.data().train_x, e.data().train_y, e.data().train_count(),
                                                       0.01f, false);
  e.train(3);  // the experiment moves on while the job is in progress
  while (!job.step(33)) e.train_steps(1);
  CHECK(job.epoch() == 2);
  CHECK(same_bits(job.boundary(), untouched.boundary()));
  CHECK(same_bits(job.unit_maps(), untouched.unit_maps()));
  // Diagnostics of the snapshot: the network's own at epoch 2 (forward pass only).
  const NetworkDiagnostics& d = job.diagnostics();
  CHECK(bits(d.loss) == bits(at2.loss));
  CHECK(d.dead_units == at2.dead_units);
  REQUIRE(d.layers.size() == at2.layers.size());
  for (std::size_t l = 0; l < d.layers.size(); ++l) {
    CHECK(bits(d.layers[l].sparsity) == bits(at2.layers[l].sparsity));
    for (std::size_t u = 0; u < d.layers[l].units.size(); ++u)
      CHECK(bits(d.layers[l].units[u].activity_rate) == bits(at2.layers[l].units[u].activity_rate));
  }
  // The network built for the slices is given back when the job is done.
  CHECK(job.step_bytes() == 0);
  CHECK(GridJob(e, 0, request).step_bytes() > 0);
}

TEST_CASE("a grid request is refused with the argument and its range", "[grid]") {
  Experiment e(config_of(DatasetKind::Circle, {Activation::Relu}));
  CHECK_THAT(GridJob::validate(e, 1, {10, 0, false}).message, Contains("index must be a whole number from 0 to 0"));
  CHECK_THAT(GridJob::validate(e, -1, {10, 0, false}).message, Contains("(got -1)"));
  CHECK_THAT(GridJob::validate(e, 0, {1, 0, false}).message, Contains("resolution must be a whole number from 2 to 256"));
  CHECK_THAT(GridJob::validate(e, 0, {10, 1, false}).message,
             Contains("thumbResolution must be 0 or a whole number from 2 to 256 (got 1)"));
  CHECK_THAT(GridJob::validate(e, 0, {10, 257, false}).message, Contains("thumbResolution"));
  CHECK(GridJob::validate(e, 0, {256, 256, true}).ok);
  // Values as a caller gave them: refused with their own value, never made into an int first.
  CHECK_THAT(GridJob::validate(e, 0, std::nan(""), 0).message, Contains("resolution must be a whole number from 2 to 256 (got nan)"));
  CHECK_THAT(GridJob::validate(e, 0, 1e12, 0).message, Contains("(got 1e+12)"));
  CHECK_THAT(GridJob::validate(e, 0, 10, 2.5).message,
             Contains("thumbResolution must be 0 or a whole number from 2 to 256 (got 2.5)"));
  CHECK_THAT(GridJob::validate(e, 0, 10, -4294967296.0).message, Contains("thumbResolution"));
  CHECK(GridJob::validate(e, 0, 256.0, 0.0).ok);
}

TEST_CASE("training in bounded steps gives the bits of whole epochs, however the batches are split", "[grid]") {
  ExperimentConfig c = config_of(DatasetKind::Spiral, {Activation::Relu, Activation::Prelu, Activation::Maxout});
  c.training.batch_size = 7;  // 60 training points: 9 batches, the last of 4
  Experiment whole(c);
  whole.train(4);
  Experiment pieces(c);
  REQUIRE(pieces.batches_per_epoch() == 9);
  int call = 0, trained = 0;
  while (pieces.epoch() < 4) {
    const int before = pieces.epoch();
    const int done = pieces.train_steps(1 + (call++ % 4));  // 1, 2, 3, 4, 1, ... batches
    trained += done;
    // A call never runs past the end of an epoch.
    CHECK(pieces.epoch() - before <= 1);
    // Part-way: the batches done so far; all 9 done (60 samples) while the records are measured.
    if (pieces.epoch() == before) CHECK(pieces.epoch_position() == std::min(60, (trained - 9 * before) * 7));
  }
  CHECK(trained == 4 * 9);
  CHECK(pieces.epoch_position() == 0);
  for (int i = 0; i < whole.size(); ++i) {
    CHECK(same_bits(whole.network(i).parameters(), pieces.network(i).parameters()));
    REQUIRE(whole.history(i).size() == pieces.history(i).size());
    for (std::size_t k = 0; k < whole.history(i).size(); ++k)
      CHECK(bits(whole.history(i)[k].train_loss) == bits(pieces.history(i)[k].train_loss));
  }
  // train() finishes an epoch left part-way first, and that counts as one of its epochs.
  Experiment part(c);
  part.train_steps(4);
  part.train(4);
  CHECK(part.epoch() == 4);
  for (int i = 0; i < part.size(); ++i) CHECK(same_bits(whole.network(i).parameters(), part.network(i).parameters()));
}

TEST_CASE("a batch size set part-way through an epoch applies from the next batch", "[grid]") {
  ExperimentConfig c = config_of(DatasetKind::Circle, {Activation::Relu});
  c.training.batch_size = 10;
  Experiment e(c);
  e.train_steps(2);
  REQUIRE(e.epoch_position() == 20);
  TrainConfig t = c.training;
  t.batch_size = 25;
  REQUIRE(e.set_training(t).ok);
  CHECK(e.train_steps(1) == 1);
  CHECK(e.epoch_position() == 45);
  CHECK(e.train_steps(5) == 1);  // 15 samples left: one short batch ends the epoch
  CHECK(e.epoch() == 1);
  CHECK(e.epoch_position() == 0);
  CHECK(e.history(0).back().epoch == 1);
}

TEST_CASE("a grid job's pre maps: each unit's z by hand (first layer on features, second layer), maxout's winning piece", "[grid]") {
  // Features x1, x2, x1^2: a first-layer unit's z = w1 x1 + w2 x2 + w3 x1^2 + b, a curve in the plane.
  ExperimentConfig c = config_of(DatasetKind::Circle, {Activation::Relu, Activation::Maxout}, {3, 2});
  c.features.bits = (1u << int(Feature::X1)) | (1u << int(Feature::X2)) | (1u << int(Feature::X1Squared));
  Experiment e(c);
  e.train(2);
  const int T = 9;
  for (int i = 0; i < e.size(); ++i) {
    GridRequest request{2, T, false};
    request.pre = true;
    const GridJob job = run_job(e, i, request, 7);
    const Network& net = e.network(i);
    const std::span<const float> p = net.parameters();
    const LayerShape& l0 = net.layers()[0];
    const LayerShape& l1 = net.layers()[1];
    REQUIRE(job.unit_pre().size() == std::size_t(T * T * (3 + 2)));
    const bool maxout = l0.pieces > 1;
    // z of row `row` of a layer from its inputs, in double.
    const auto z_of = [&](const LayerShape& l, int row, const std::vector<double>& in) {
      double z = p[l.bias_offset + std::size_t(row)];
      for (int j = 0; j < l.inputs; ++j) z += double(p[l.weight_offset + std::size_t(row * l.inputs + j)]) * in[std::size_t(j)];
      return z;
    };
    // The winning piece of unit u (its max z), or -1 when the top two are too close to call.
    const auto winner = [&](const LayerShape& l, int u, const std::vector<double>& in, double& best) {
      int k_best = 0;
      std::vector<double> zs;
      for (int k = 0; k < l.pieces; ++k) zs.push_back(z_of(l, u * l.pieces + k, in));
      for (int k = 1; k < l.pieces; ++k) if (zs[std::size_t(k)] > zs[std::size_t(k_best)]) k_best = k;
      best = zs[std::size_t(k_best)];
      for (int k = 0; k < l.pieces; ++k) if (k != k_best && best - zs[std::size_t(k)] < 1e-4) return -1;
      return k_best;
    };
    int checked = 0;
    for (int cell = 0; cell < T * T; ++cell) {
      const std::vector<float> pt = reference_point(2, T, cell);
      const std::vector<double> x{pt[0], pt[1], double(pt[0]) * double(pt[0])};
      std::vector<double> h1;
      for (int u = 0; u < 3; ++u) {
        const float got = job.unit_pre()[std::size_t(u * T * T + cell)];
        if (maxout) {
          double best = 0;
          const int w = winner(l0, u, x, best);
          h1.push_back(best);
          if (w >= 0) { CHECK(got == float(w)); ++checked; }
        } else {
          const double z = z_of(l0, u, x);
          h1.push_back(std::max(0.0, z));
          CHECK(std::abs(double(got) - z) <= 1e-5 * (1 + std::abs(z)));
          ++checked;
        }
      }
      for (int u = 0; u < 2; ++u) {
        const float got = job.unit_pre()[std::size_t((3 + u) * T * T + cell)];
        if (maxout) {
          double best = 0;
          const int w = winner(l1, u, h1, best);
          if (w >= 0) { CHECK(got == float(w)); ++checked; }
        } else {
          const double z = z_of(l1, u, h1);
          CHECK(std::abs(double(got) - z) <= 1e-4 * (1 + std::abs(z)));
          ++checked;
        }
      }
    }
    CHECK(checked > T * T * 4);
    // Without pre: no pre maps; the unit maps are the same bits either way.
    const GridJob plain = run_job(e, i, {2, T, false}, 7);
    CHECK(plain.unit_pre().empty());
    CHECK(same_bits(plain.unit_maps(), job.unit_maps()));
  }
}
