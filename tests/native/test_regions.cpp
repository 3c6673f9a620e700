// Tests of the linear-region counts (core/regions.*) on hand-set networks whose regions are known
// exactly: line arrangements in the plane (1 + n + C(n, 2) for n lines in general position), dead
// units, folds made by a second layer, maxout pieces; grid counts against those exact counts; the
// ids against explicitly built patterns; and the table's piecewise_linear column against second
// differences of g.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "dataset.hpp"
#include "network.hpp"
#include "network_test_helpers.hpp"
#include "regions.hpp"
#include "rng.hpp"

using namespace relulab;
using namespace relulab::test_support;
using Catch::Matchers::Contains;

namespace {

/// A resolution x resolution grid of cell centres over [-kBox, kBox]^2, row-major from the top
/// left, as the experiment's boundary grid: x_i = -kBox + (i + 1/2) * 2 kBox / resolution.
std::vector<float> grid(int resolution) {
  const float step = 2.0f * kBox / float(resolution);
  std::vector<float> x;
  for (int row = 0; row < resolution; ++row)
    for (int column = 0; column < resolution; ++column) {
      x.push_back(-kBox + (float(column) + 0.5f) * step);
      x.push_back(kBox - (float(row) + 0.5f) * step);
    }
  return x;
}

std::vector<std::uint64_t> patterns(Network& net, const std::vector<float>& x) {
  const int n = int(x.size()) / net.config().inputs;
  net.trace(x, n);
  std::vector<std::uint64_t> ids(static_cast<std::size_t>(n));
  const Status s = activation_patterns(net, ids);
  INFO(s.message);
  REQUIRE(s.ok);
  return ids;
}

int grid_regions(Network& net, int resolution) { return count_distinct(patterns(net, grid(resolution))); }

/// After a trace: does some sample have a non-maxout hidden z exactly 0 (sit on a kink)?
bool on_kink(const Network& net) {
  for (std::size_t l = 0; l + 1 < net.layers().size(); ++l) {
    if (net.layers()[l].activation == Activation::Maxout) continue;
    const std::span<const float> z = net.traced_pre(int(l));
    if (std::any_of(z.begin(), z.end(), [](float v) { return v == 0.0f; })) return true;
  }
  return false;
}

/// A network on the plane with one output; hidden layers' W (rows x inputs, row-major) and b are
/// given, the output layer keeps its initial weights (they do not move any kink).
Network hand_network(std::vector<int> hidden, std::vector<Activation> acts,
                     const std::vector<std::vector<float>>& weights, const std::vector<std::vector<float>>& biases,
                     int maxout_k = 2) {
  NetworkConfig c = small_config(std::move(hidden), acts[0]);
  c.activations = std::move(acts);
  c.maxout_k = maxout_k;
  REQUIRE(Network::validate(c).ok);
  Network net(c);
  std::vector<float> p = copy_params(net);
  for (std::size_t l = 0; l < weights.size(); ++l) {
    const LayerShape& shape = net.layers()[l];
    REQUIRE(weights[l].size() == std::size_t(shape.rows() * shape.inputs));
    REQUIRE(biases[l].size() == std::size_t(shape.rows()));
    std::copy(weights[l].begin(), weights[l].end(), p.begin() + std::ptrdiff_t(shape.weight_offset));
    std::copy(biases[l].begin(), biases[l].end(), p.begin() + std::ptrdiff_t(shape.bias_offset));
  }
  REQUIRE(net.set_parameters(p).ok);
  return net;
}

/// First-layer units with lines w.x + b = 0.
Network lines_network(Activation act, const std::vector<float>& w, const std::vector<float>& b) {
  return hand_network({int(b.size())}, {act}, {w}, {b});
}

// Three lines in general position: x = -1, y = -1, x + y = 2. They meet pairwise at (-1, -1),
// (-1, 3) and (3, -1), all inside the box, so the plane and the box both hold 1 + 3 + 3 = 7 regions.
const std::vector<float> kThreeW = {1, 0, 0, 1, 1, 1};
const std::vector<float> kThreeB = {1, 1, -2};
constexpr int kThreeRegions = 1 + 3 + 3 * 2 / 2;

/// Regions that lines w.x + b = 0 cut the open box into, in double: adding the lines one by one,
/// a line that crosses the box is cut by the earlier lines' k crossings inside the box into k + 1
/// pieces, each splitting one region in two, so regions = 1 + (lines crossing) + (crossings
/// inside). Needs general position (no three lines through one point, no two equal lines).
int arrangement_regions(const std::vector<float>& w, const std::vector<float>& b) {
  const double box = kBox;
  const std::size_t n = b.size();
  auto crosses = [&](std::size_t i) {
    double lo = 1e300, hi = -1e300;
    for (double sx : {-box, box})
      for (double sy : {-box, box}) {
        const double z = double(w[2 * i]) * sx + double(w[2 * i + 1]) * sy + double(b[i]);
        lo = std::min(lo, z);
        hi = std::max(hi, z);
      }
    return lo < 0 && hi > 0;
  };
  int regions = 1;
  for (std::size_t i = 0; i < n; ++i) regions += crosses(i) ? 1 : 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      const double a1 = w[2 * i], b1 = w[2 * i + 1], c1 = -double(b[i]);
      const double a2 = w[2 * j], b2 = w[2 * j + 1], c2 = -double(b[j]);
      const double det = a1 * b2 - a2 * b1;
      if (det == 0) continue;  // parallel: no crossing
      const double x = (c1 * b2 - c2 * b1) / det, y = (a1 * c2 - a2 * c1) / det;
      if (std::abs(x) < box && std::abs(y) < box) ++regions;
    }
  return regions;
}

}  // namespace

TEST_CASE("three first-layer lines in general position cut the box into 7 regions", "[regions]") {
  Network net = lines_network(Activation::Relu, kThreeW, kThreeB);
  CHECK(arrangement_regions(kThreeW, kThreeB) == kThreeRegions);
  CHECK(grid_regions(net, 256) == kThreeRegions);
}

TEST_CASE("three parallel lines cut the box into 4 strips", "[regions]") {
  // x = -2, x = 0, x = 2: n parallel lines give n + 1 regions, whatever the normals' signs.
  Network net = lines_network(Activation::Relu, {1, 0, -1, 0, 1, 0}, {2, 0, -2});
  CHECK(grid_regions(net, 256) == 4);
}

TEST_CASE("a unit dead on the whole box and one always active add no region", "[regions]") {
  // 0.25x + 0.25y - 4 <= 0.25 * 12 - 4 = -1 on the box: never on. 0.25x - 0.25y + 4 >= 1: always
  // on. Their bits are constant, so they split nothing.
  std::vector<float> w = kThreeW, b = kThreeB;
  w.insert(w.end(), {0.25f, 0.25f, 0.25f, -0.25f});
  b.insert(b.end(), {-4, 4});
  Network net = lines_network(Activation::Relu, w, b);
  CHECK(arrangement_regions(w, b) == kThreeRegions);
  CHECK(grid_regions(net, 256) == kThreeRegions);
  Network alone = lines_network(Activation::Relu, {0.25f, 0.25f}, {-4});
  CHECK(grid_regions(alone, 64) == 1);
}

TEST_CASE("absolute value and the leaky family cut the same regions as ReLU for the same lines", "[regions]") {
  // Their kink is the same line z = 0, so the same grid cells share a region (same colouring),
  // whatever each side's slope.
  Network relu = lines_network(Activation::Relu, kThreeW, kThreeB);
  const std::vector<int> expected = region_indices(patterns(relu, grid(128)));
  const Activation act = GENERATE(Activation::LeakyRelu, Activation::Prelu, Activation::Abs);
  INFO(activation_info(act).key);
  Network net = lines_network(act, kThreeW, kThreeB);
  const std::vector<int> indices = region_indices(patterns(net, grid(128)));
  CHECK(*std::max_element(indices.begin(), indices.end()) + 1 == kThreeRegions);
  CHECK(indices == expected);
}

TEST_CASE("a second layer folds its cuts along the first layer's kinks", "[regions]") {
  // Layer 1: relu(x), relu(-x), relu(y), relu(-y); together they cut along x = 0 and y = 0 (4
  // quadrants), and relu(x) + relu(-x) = |x|. Layer 2 sees |x| and |y|: its unit relu(|x| - 2)
  // is cut where |x| = 2, the two lines x = -2 and x = 2 (its one line folded at x = 0), and
  // relu(|y| - 2) likewise at y = +-2. The cuts x in {-2, 0, 2} and y in {-2, 0, 2} make a 4 x 4
  // checkerboard; each cell has its own pattern (x's interval fixes the bits of relu(x),
  // relu(-x), relu(|x| - 2), y's the others): 16 regions.
  const std::vector<float> w1 = {1, 0, -1, 0, 0, 1, 0, -1}, b1 = {0, 0, 0, 0};
  Network fold = hand_network({4, 2}, {Activation::Relu}, {w1, {1, 1, 0, 0, 0, 0, 1, 1}}, {b1, {-2, -2}});
  CHECK(grid_regions(fold, 256) == 16);
  // One unit relu(|x| + |y| - 3) cuts the diamond |x| + |y| = 3, one segment per quadrant: each
  // quadrant splits into inside and outside, 8 regions. A first-layer unit cuts only one line.
  Network diamond = hand_network({4, 1}, {Activation::Relu}, {w1, {1, 1, 1, 1}}, {b1, {-3}});
  CHECK(grid_regions(diamond, 256) == 8);
  // A second-layer unit that is dead on the box (z = -(|x| + |y|) - 1 < 0) adds none.
  Network dead = hand_network({4, 2}, {Activation::Relu}, {w1, {1, 1, 1, 1, -1, -1, -1, -1}}, {b1, {-3, -1}});
  CHECK(grid_regions(dead, 256) == 8);
}

TEST_CASE("maxout regions are where each piece wins", "[regions]") {
  // Pieces x, y, -x - y meet at the origin, each largest in a 135 or 90 degree sector: 3 regions.
  Network three = hand_network({1}, {Activation::Maxout}, {{1, 0, 0, 1, -1, -1}}, {{0, 0, 0}}, 3);
  CHECK(grid_regions(three, 256) == 3);
  // A fourth piece that never wins (-100 everywhere) adds none, like a dead unit.
  Network dominated = hand_network({1}, {Activation::Maxout}, {{1, 0, 0, 1, -1, -1, 0, 0}}, {{0, 0, 0, -100}}, 4);
  CHECK(grid_regions(dominated, 256) == 3);
  // max(x, -x, y, -y) = max(|x|, |y|): each piece wins in a quarter cut by the diagonals, 4 regions.
  Network square = hand_network({1}, {Activation::Maxout}, {{1, 0, -1, 0, 0, 1, 0, -1}}, {{0, 0, 0, 0}}, 4);
  CHECK(grid_regions(square, 256) == 4);
  // Two units of two pieces: max(x, -x) changes piece at x = 0, max(y, -y) at y = 0: 4 quadrants.
  Network two = hand_network({2}, {Activation::Maxout}, {{1, 0, -1, 0, 0, 1, 0, -1}}, {{0, 0, 0, 0}}, 2);
  CHECK(grid_regions(two, 256) == 4);
}

TEST_CASE("a grid count never exceeds the exact count and reaches it at fine resolution", "[regions]") {
  // Claimed for grids with no cell centre exactly on a kink (see the next test): odd resolutions
  // put a column of centres on x = 0 and a row on y = 0, which some of these networks cut.
  struct Case {
    const char* name;
    Network net;
    int exact;
  };
  const std::vector<float> w1 = {1, 0, -1, 0, 0, 1, 0, -1}, b1 = {0, 0, 0, 0};
  std::vector<Case> cases;
  cases.push_back({"three lines", lines_network(Activation::Relu, kThreeW, kThreeB), kThreeRegions});
  cases.push_back({"parallel lines", lines_network(Activation::Abs, {1, 0, -1, 0, 1, 0}, {2, 0, -2}), 4});
  cases.push_back({"fold", hand_network({4, 2}, {Activation::Relu}, {w1, {1, 1, 0, 0, 0, 0, 1, 1}}, {b1, {-2, -2}}), 16});
  cases.push_back({"diamond", hand_network({4, 1}, {Activation::Relu}, {w1, {1, 1, 1, 1}}, {b1, {-3}}), 8});
  cases.push_back({"maxout", hand_network({1}, {Activation::Maxout}, {{1, 0, 0, 1, -1, -1}}, {{0, 0, 0}}, 3), 3});
  for (Case& c : cases) {
    INFO(c.name);
    int checked = 0;
    for (int resolution = 1; resolution <= 64; ++resolution) {
      INFO("resolution " << resolution);
      const int count = grid_regions(c.net, resolution);
      if (on_kink(c.net)) continue;
      CHECK(count <= c.exact);
      ++checked;
    }
    CHECK(checked >= 16);
    for (int resolution : {128, 256}) CHECK(grid_regions(c.net, resolution) == c.exact);
  }
  CHECK(grid_regions(cases[0].net, 1) == 1);  // one point, one region
}

TEST_CASE("a point on two opposite kinks gets a pattern of its own", "[regions]") {
  // relu(x) and relu(-x) share the line x = 0 with opposite active sides: on it both are off,
  // a pattern no open region has (there one of them is on). At resolution 7 the middle column
  // lies on x = 0 and the middle row on y = 0, so the fold network shows more than its 16 regions,
  // and only through those centres.
  const std::vector<float> w1 = {1, 0, -1, 0, 0, 1, 0, -1}, b1 = {0, 0, 0, 0};
  Network fold = hand_network({4, 2}, {Activation::Relu}, {w1, {1, 1, 0, 0, 0, 0, 1, 1}}, {b1, {-2, -2}});
  const std::vector<float> x = grid(7);
  const std::vector<std::uint64_t> ids = patterns(fold, x);
  std::vector<std::uint64_t> off_axes;
  for (std::size_t s = 0; s < ids.size(); ++s)
    if (x[2 * s] != 0.0f && x[2 * s + 1] != 0.0f) off_axes.push_back(ids[s]);
  CHECK(count_distinct(off_axes) <= 16);
  CHECK(count_distinct(ids) > 16);
  // Three lines through the origin whose normals point 120 degrees apart cut 6 sectors, each with
  // one unit off or two; all three off happens only at the origin, a centre at odd resolutions.
  const float c = 0.8660254f;  // sqrt(3) / 2
  Network star = lines_network(Activation::Relu, {1, 0, -0.5f, c, -0.5f, -c}, {0, 0, 0});
  CHECK(grid_regions(star, 256) == 6);
  CHECK(grid_regions(star, 33) == 7);
}

TEST_CASE("random line arrangements: the grid count stays at or below the exact count", "[regions]") {
  // Random lines, some missing the box (dead or always-on units); small regions may fall between
  // grid points, but no grid can see more regions than the box holds.
  for (std::uint32_t seed = 1; seed <= 6; ++seed) {
    INFO("seed " << seed);
    Rng rng(seed);
    const int n = 6;
    std::vector<float> w, b;
    for (int i = 0; i < n; ++i) {
      const float angle = rng.uniform(0.0f, 6.2831853f);
      w.insert(w.end(), {std::cos(angle), std::sin(angle)});
      b.push_back(rng.uniform(-9.0f, 9.0f));
    }
    const int exact = arrangement_regions(w, b);
    Network net = lines_network(Activation::Relu, w, b);
    for (int resolution : {8, 32, 128, 512}) CHECK(grid_regions(net, resolution) <= exact);
  }
}

TEST_CASE("ids are equal exactly when the explicit activation patterns are equal", "[regions]") {
  // Patterns built here from the traced z (z > 0) and winners, compared as vectors, against the
  // ids: narrow networks (16 and 64 bits, one word: the id is a bijection), one bit past a word,
  // and wide ones (many words).
  struct Arch {
    std::vector<int> hidden;
    Activation act;
  };
  const Arch arch = GENERATE(Arch{{8, 8}, Activation::Relu}, Arch{{64}, Activation::Relu},
                             Arch{{64, 1}, Activation::Prelu}, Arch{{40, 40}, Activation::LeakyRelu},
                             Arch{{64, 64}, Activation::Maxout}, Arch{{24, 24, 24}, Activation::Abs});
  INFO(activation_info(arch.act).key << " " << arch.hidden.size() << " layers");
  NetworkConfig c = small_config(arch.hidden, arch.act);
  c.maxout_k = 5;
  c.bias_init = 0.1f;
  Network net(c);
  const std::vector<float> x = grid(64);
  const std::vector<std::uint64_t> ids = patterns(net, x);
  const std::size_t n = ids.size();
  std::vector<std::vector<int>> explicit_patterns(n);
  for (std::size_t l = 0; l + 1 < net.layers().size(); ++l) {
    const std::size_t units = std::size_t(net.layers()[l].units);
    for (std::size_t s = 0; s < n; ++s)
      for (std::size_t u = 0; u < units; ++u)
        explicit_patterns[s].push_back(arch.act == Activation::Maxout ? net.traced_winners(int(l))[s * units + u]
                                                                     : int(net.traced_pre(int(l))[s * units + u] > 0));
  }
  std::map<std::vector<int>, std::uint64_t> id_of;
  std::set<std::uint64_t> seen;
  for (std::size_t s = 0; s < n; ++s) {
    const auto [it, inserted] = id_of.emplace(explicit_patterns[s], ids[s]);
    if (inserted) {
      CHECK(seen.insert(ids[s]).second);  // a new pattern gets a new id
    } else {
      CHECK(it->second == ids[s]);        // a known pattern gets its id again
    }
  }
  CHECK(count_distinct(ids) == int(id_of.size()));
  CHECK(id_of.size() > 10);  // the grid does see many regions: the check above is not vacuous
}

TEST_CASE("z = 0 counts as off and maxout ties go to the lowest piece", "[regions]") {
  Network relu = lines_network(Activation::Relu, {1, 0}, {0});  // z = x
  const std::vector<std::uint64_t> ids = patterns(relu, {-1, 0, 0, 0, -0.0f, 0, 1, 0});
  CHECK(ids[1] == ids[0]);
  CHECK(ids[2] == ids[0]);
  CHECK(ids[3] != ids[0]);
  // Pieces x and -x tie at x = 0: piece 0 wins there, as it does for x > 0.
  Network maxout = hand_network({1}, {Activation::Maxout}, {{1, 0, -1, 0}}, {{0, 0}}, 2);
  const std::vector<std::uint64_t> won = patterns(maxout, {-1, 0, 0, 0, 1, 0});
  CHECK(won[1] == won[2]);
  CHECK(won[1] != won[0]);
}

TEST_CASE("networks without kinks have a single region", "[regions]") {
  Network linear = lines_network(Activation::Linear, kThreeW, kThreeB);
  CHECK(grid_regions(linear, 32) == 1);
  NetworkConfig c = small_config({}, Activation::Relu);
  Network affine(c);
  CHECK(grid_regions(affine, 32) == 1);
}

TEST_CASE("networks with a curved hidden activation are refused with the layer named", "[regions]") {
  Network tanh_net = lines_network(Activation::Tanh, kThreeW, kThreeB);
  const std::vector<float> x = grid(4);
  tanh_net.trace(x, 16);
  std::vector<std::uint64_t> out(16, 7);
  const Status s = activation_patterns(tanh_net, out);
  CHECK_FALSE(s.ok);
  CHECK_THAT(s.message, Contains("activations[0]") && Contains("tanh is not") && Contains("maxout"));
  CHECK(std::all_of(out.begin(), out.end(), [](std::uint64_t v) { return v == 7; }));  // untouched

  NetworkConfig mixed = small_config({3, 3}, Activation::Relu);
  mixed.activations = {Activation::Relu, Activation::Gelu};
  Network mixed_net(mixed);
  mixed_net.trace(x, 16);
  const Status m = activation_patterns(mixed_net, out);
  CHECK_FALSE(m.ok);
  CHECK_THAT(m.message, Contains("activations[1]") && Contains("gelu"));
  CHECK_FALSE(check_piecewise_linear(mixed_net).ok);

  Network relu = lines_network(Activation::Relu, kThreeW, kThreeB);
  relu.trace(x, 16);
  std::vector<std::uint64_t> short_out(15);
  const Status wrong = activation_patterns(relu, short_out);
  CHECK_FALSE(wrong.ok);
  CHECK_THAT(wrong.message, Contains("out") && Contains("16"));
}

TEST_CASE("the piecewise_linear column matches g's second differences away from kinks", "[regions]") {
  // g(z + h) - 2 g(z) + g(z - h) is 0 (up to rounding) wherever [z - h, z + h] holds no kink if and
  // only if g is piecewise linear; the curved activations bend by more than 1e-3 somewhere in [-4, 4].
  for (const ActivationInfo& info : kActivations) {
    INFO(info.key);
    const ActivationParams p = default_params(info.id);
    const float h = 0.5f;
    double largest = 0;
    for (float z = -4.0f; z <= 4.0f; z += 0.125f) {
      bool near_kink = false;
      for (int k = 0; k < info.kink_count; ++k) near_kink = near_kink || std::abs(z - info.kinks[k]) <= h;
      if (near_kink) continue;
      const double d2 = double(activate(info.id, z + h, p)) - 2.0 * double(activate(info.id, z, p)) +
                        double(activate(info.id, z - h, p));
      largest = std::max(largest, std::abs(d2));
    }
    CHECK(piecewise_linear(info.id) == (largest < 1e-5));
    CHECK(piecewise_linear(info.id) == info.piecewise_linear);
  }
}

TEST_CASE("count_distinct and region_indices on hand lists", "[regions]") {
  CHECK(count_distinct({}) == 0);
  CHECK(region_indices({}).empty());
  const std::vector<std::uint64_t> ids = {9, 4, 9, 7, 4, 9, ~std::uint64_t(0), 0};
  CHECK(count_distinct(ids) == 5);
  CHECK(region_indices(ids) == std::vector<int>{0, 1, 0, 2, 1, 0, 3, 4});
  const std::vector<std::uint64_t> same(5, 3);
  CHECK(count_distinct(same) == 1);
  CHECK(region_indices(same) == std::vector<int>(5, 0));
}
