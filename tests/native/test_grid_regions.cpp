// Tests of the linear regions the experiment reports (grid_job.cpp with GridRequest::regions, and
// EpochRecord::regions in experiment.cpp): the job's cell indices against patterns built here from
// a trace of the same grid, exact counts on hand-set networks (three lines: 7; a dead unit adds
// none; a second layer folds), and the record's count against counts made independently on the
// training points. The pattern functions themselves are tested in test_regions.cpp.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include <catch2/catch.hpp>

#include "experiment.hpp"
#include "float_bits.hpp"
#include "grid_job.hpp"

using namespace relulab;
using Catch::Matchers::Contains;

namespace {

ExperimentConfig config_of(DatasetKind kind, std::vector<Activation> activations, std::vector<int> hidden) {
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

GridJob run_job(const Experiment& e, int index, GridRequest request, int points_per_step) {
  GridJob job(e, index, request);
  while (!job.step(points_per_step)) {
  }
  return job;
}

/// The grid's cell centres written out here: 2-D row-major from the top left, x = -6 + (c + 0.5)
/// * 12/R, y = 6 - (r + 0.5) * 12/R; 1-D: R points along x.
std::vector<float> grid(int dims, int resolution) {
  const float step = 12.0f / float(resolution);
  std::vector<float> x;
  if (dims == 1) {
    for (int c = 0; c < resolution; ++c) x.push_back(-6.0f + (float(c) + 0.5f) * step);
    return x;
  }
  for (int r = 0; r < resolution; ++r)
    for (int c = 0; c < resolution; ++c) {
      x.push_back(-6.0f + (float(c) + 0.5f) * step);
      x.push_back(-(-6.0f + (float(r) + 0.5f) * step));
    }
  return x;
}

/// Each traced sample's pattern as an explicit list: z > 0 per unit, the winning piece for maxout.
std::vector<std::vector<int>> explicit_patterns(const Network& net) {
  const std::size_t n = std::size_t(net.traced_batch());
  std::vector<std::vector<int>> patterns(n);
  for (std::size_t l = 0; l + 1 < net.layers().size(); ++l) {
    const LayerShape& shape = net.layers()[l];
    const std::size_t units = std::size_t(shape.units);
    for (std::size_t s = 0; s < n; ++s)
      for (std::size_t u = 0; u < units; ++u) {
        if (shape.activation == Activation::Maxout) patterns[s].push_back(net.traced_winners(int(l))[s * units + u]);
        else if (shape.activation != Activation::Linear) patterns[s].push_back(int(net.traced_pre(int(l))[s * units + u] > 0));
      }
  }
  return patterns;
}

/// Region numbers 0, 1, ... by first appearance, from explicit patterns (a map, not the core's sort).
std::vector<int> numbered(const std::vector<std::vector<int>>& patterns) {
  std::map<std::vector<int>, int> number;
  std::vector<int> out;
  for (const std::vector<int>& p : patterns) out.push_back(number.emplace(p, int(number.size())).first->second);
  return out;
}

int distinct(const std::vector<std::vector<int>>& patterns) {
  return int(std::set<std::vector<int>>(patterns.begin(), patterns.end()).size());
}

/// Sets the hidden layers' W and b of network `index` (the output layer keeps its weights: it
/// moves no kink).
void set_hidden(Experiment& e, int index, const std::vector<std::vector<float>>& weights,
                const std::vector<std::vector<float>>& biases) {
  Network& net = e.network(index);
  std::vector<float> p(net.parameters().begin(), net.parameters().end());
  for (std::size_t l = 0; l < weights.size(); ++l) {
    const LayerShape& shape = net.layers()[l];
    REQUIRE(weights[l].size() == std::size_t(shape.rows() * shape.inputs));
    REQUIRE(biases[l].size() == std::size_t(shape.rows()));
    std::copy(weights[l].begin(), weights[l].end(), p.begin() + std::ptrdiff_t(shape.weight_offset));
    std::copy(biases[l].begin(), biases[l].end(), p.begin() + std::ptrdiff_t(shape.bias_offset));
  }
  REQUIRE(net.set_parameters(p).ok);
}

// Three lines in general position, x = -1, y = -1, x + y = 2, meeting at (-1, -1), (-1, 3) and
// (3, -1) inside the box: 1 + 3 + 3 = 7 regions.
const std::vector<float> kThreeW = {1, 0, 0, 1, 1, 1};
const std::vector<float> kThreeB = {1, 1, -2};

}  // namespace

TEST_CASE("a grid job's regions are the patterns of its grid, numbered by first appearance", "[grid][regions]") {
  for (DatasetKind kind : {DatasetKind::Spiral, DatasetKind::KinkX}) {
    Experiment e(config_of(kind, {Activation::Relu, Activation::Maxout, Activation::Abs, Activation::Prelu,
                                  Activation::LeakyRelu, Activation::Linear}, {6, 5}));
    e.train(3);
    const int dims = e.data().dims;
    const int R = 37;  // odd: a row and a column of centres on the axes
    for (int i = 0; i < e.size(); ++i) {
      INFO("dataset " << int(kind) << " network " << i);
      Network& net = e.network(i);
      const std::vector<float> x = grid(dims, R);
      net.trace(x, int(x.size()) / dims);
      const std::vector<std::vector<int>> patterns = explicit_patterns(net);
      const GridJob plain = run_job(e, i, {R, 0, false}, 1 << 20);
      CHECK(plain.regions().empty());
      CHECK(plain.region_count() == 0);
      for (int slice : {1, 100, 1 << 20}) {
        INFO("slice " << slice);
        const GridJob job = run_job(e, i, {R, 4, true, true}, slice);
        const std::span<const int> regions = job.regions();
        CHECK(std::vector<int>(regions.begin(), regions.end()) == numbered(patterns));
        CHECK(job.region_count() == distinct(patterns));
        // Asking for regions changes nothing else.
        CHECK(same_bits(job.boundary(), plain.boundary()));
      }
    }
  }
}

TEST_CASE("a grid job counts hand-set networks' regions exactly, dead units cutting nothing", "[grid][regions]") {
  // Network 0: the three lines, a unit dead on the whole box (z <= 0.25 * 12 - 4 = -1) and one on
  // everywhere (z >= 1): 7 regions, 2 idle units. Network 1: relu(x), relu(-x), relu(y), relu(-y)
  // then relu(|x| - 2), relu(|y| - 2): the second layer folds its cuts into x, y in {-2, 0, 2}, a
  // 4 x 4 checkerboard of 16. Network 2: maxout with pieces x, y, -x - y: 3 sectors.
  ExperimentConfig c = config_of(DatasetKind::Circle, {Activation::Relu}, {5});
  Experiment lines(c);
  std::vector<float> w = kThreeW, b = kThreeB;
  w.insert(w.end(), {0.25f, 0.25f, 0.25f, -0.25f});
  b.insert(b.end(), {-4, 4});
  set_hidden(lines, 0, {w}, {b});
  const GridJob job = run_job(lines, 0, {256, 0, false, true}, 1000);
  CHECK(job.region_count() == 7);
  CHECK(job.idle_units() == 2);
  // A coarse grid finds no more than the box holds (R = 4 puts no centre on a line).
  CHECK(run_job(lines, 0, {4, 0, false, true}, 1000).region_count() <= 7);

  Experiment fold(config_of(DatasetKind::Circle, {Activation::Relu}, {4, 2}));
  const std::vector<float> w1 = {1, 0, -1, 0, 0, 1, 0, -1}, b1 = {0, 0, 0, 0};
  set_hidden(fold, 0, {w1, {1, 1, 0, 0, 0, 0, 1, 1}}, {b1, {-2, -2}});
  const GridJob folded = run_job(fold, 0, {256, 0, false, true}, 1000);
  CHECK(folded.region_count() == 16);
  CHECK(folded.idle_units() == 0);

  ExperimentConfig mc = config_of(DatasetKind::Circle, {Activation::Maxout}, {1});
  mc.network.maxout_k = 3;
  Experiment maxout(mc);
  set_hidden(maxout, 0, {{1, 0, 0, 1, -1, -1}}, {{0, 0, 0}});
  CHECK(run_job(maxout, 0, {256, 0, false, true}, 1000).region_count() == 3);
}

TEST_CASE("regions are refused for a curved network, naming regions and the activation", "[grid][regions]") {
  Experiment e(config_of(DatasetKind::Circle, {Activation::Relu, Activation::Tanh}, {4}));
  CHECK(GridJob::validate(e, 0, {10, 0, false, true}).ok);
  CHECK(GridJob::validate(e, 1, {10, 0, false, false}).ok);
  const Status s = GridJob::validate(e, 1, {10, 0, false, true});
  CHECK_FALSE(s.ok);
  CHECK_THAT(s.message, Contains("regions: activations[1]") && Contains("tanh is not") && Contains("maxout"));
  // The job's memory bound grows by the regions' arrays.
  CHECK(GridJob::memory_bytes(e, 0, {64, 0, false, true}) >= GridJob::memory_bytes(e, 0, {64, 0, false}) + 12 * 64 * 64);
}

TEST_CASE("the record counts the regions of the training points in each epoch's network", "[experiment][regions]") {
  ExperimentConfig c = config_of(DatasetKind::Spiral, {Activation::Relu, Activation::Maxout, Activation::Prelu,
                                                       Activation::Tanh, Activation::Elu}, {6, 4});
  Experiment e(c);
  for (int epoch = 0; epoch <= 4; ++epoch) {
    if (epoch > 0) e.train(1);
    for (int i = 0; i < e.size(); ++i) {
      INFO("epoch " << epoch << " network " << i);
      const int recorded = e.history(i).back().regions;
      CHECK(e.summary(i).latest.regions == recorded);
      Network& net = e.network(i);
      if (!activation_info(c.activations[std::size_t(i)]).piecewise_linear) {
        CHECK(recorded == 0);  // no regions for a curved network
        continue;
      }
      net.trace(e.data().train_x, e.data().train_count());
      const int direct = distinct(explicit_patterns(net));
      CHECK(recorded == direct);
      CHECK(direct >= 2);
    }
  }
}

TEST_CASE("the first record's count matches the sides of first-layer lines worked out in double", "[experiment][regions]") {
  // One hidden ReLU layer: a training point's pattern is which side of each line w.x + b = 0 it
  // is on, computed here in double from the initial parameters (bias 0.3 so no line passes
  // through the origin).
  ExperimentConfig c = config_of(DatasetKind::Moons, {Activation::Relu}, {7});
  c.network.bias_init = 0.3f;
  const Experiment e(c);
  const Network& net = e.network(0);
  const LayerShape& shape = net.layers()[0];
  const std::span<const float> p = net.parameters();
  std::set<std::vector<int>> patterns;
  for (int s = 0; s < e.data().train_count(); ++s) {
    std::vector<int> pattern;
    for (int u = 0; u < shape.units; ++u) {
      const double z = double(p[shape.weight_offset + std::size_t(2 * u)]) * e.data().train_x[std::size_t(2 * s)] +
                       double(p[shape.weight_offset + std::size_t(2 * u + 1)]) * e.data().train_x[std::size_t(2 * s + 1)] +
                       double(p[shape.bias_offset + std::size_t(u)]);
      pattern.push_back(int(z > 0));
    }
    patterns.insert(pattern);
  }
  CHECK(e.history(0).front().regions == int(patterns.size()));
  CHECK(patterns.size() >= 3);
}
