// Tests of the seeded datasets (core/dataset.cpp) and the portable sin/cos they use
// (core/portable_trig.hpp): counts, split, box, labels, balance, determinism, formulas, validation.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "dataset.hpp"
#include "portable_trig.hpp"

using namespace relulab;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

constexpr DatasetKind kGenerated[] = {
    DatasetKind::Circle, DatasetKind::Xor,     DatasetKind::Gaussians, DatasetKind::Spiral, DatasetKind::Moons,
    DatasetKind::Checkerboard, DatasetKind::Spiral3, DatasetKind::AbsX, DatasetKind::SquareX, DatasetKind::KinkX,
    DatasetKind::Plane, DatasetKind::SixGaussians};

bool is_1d(DatasetKind k) { return k == DatasetKind::AbsX || k == DatasetKind::SquareX || k == DatasetKind::KinkX; }
bool is_2d_regression(DatasetKind k) { return k == DatasetKind::Plane || k == DatasetKind::SixGaussians; }

Dataset make(const DatasetConfig& config) {
  Dataset data;
  const Status s = generate_dataset(config, data);
  INFO(s.message);
  REQUIRE(s.ok);
  return data;
}

DatasetConfig config_of(DatasetKind kind, std::uint32_t seed = 7, float noise = 0.1f) {
  DatasetConfig c;
  c.kind = kind;
  c.seed = seed;
  c.noise = noise;
  return c;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

bool same_data(const Dataset& a, const Dataset& b) {
  return same_bits(a.train_x, b.train_x) && same_bits(a.train_y, b.train_y) && same_bits(a.test_x, b.test_x) &&
         same_bits(a.test_y, b.test_y);
}

std::string refusal(const DatasetConfig& config) {
  const Status s = validate(config);
  CHECK_FALSE(s.ok);
  return s.message;
}

}  // namespace

TEST_CASE("every generated dataset has the requested size, split, box and valid labels", "[dataset]") {
  const DatasetKind kind = GENERATE(from_range(std::begin(kGenerated), std::end(kGenerated)));
  const int points = GENERATE(500, 137, 10);
  const float fraction = GENERATE(0.5f, 0.1f, 0.9f, 0.33f);
  DatasetConfig c = config_of(kind, 3, 0.5f);  // the most noise, so clamping is exercised
  c.points = points;
  c.train_fraction = fraction;
  const Dataset d = make(c);
  CAPTURE(int(kind), points, fraction);

  const int expected_train = int(std::floor(points * double(fraction) + 0.5));
  CHECK(d.train_count() == std::clamp(expected_train, 1, points - 1));
  CHECK(d.train_count() + d.test_count() == points);
  CHECK(d.train_count() >= 1);
  CHECK(d.test_count() >= 1);
  CHECK(d.train_x.size() == std::size_t(d.train_count() * d.dims));
  CHECK(d.test_x.size() == std::size_t(d.test_count() * d.dims));

  if (is_1d(kind)) {
    CHECK(d.dims == 1);
    CHECK(d.classes == 0);
    CHECK(d.output == OutputKind::Regression);
  } else if (is_2d_regression(kind)) {
    CHECK(d.dims == 2);
    CHECK(d.classes == 0);
    CHECK(d.output == OutputKind::Regression);
  } else {
    CHECK(d.dims == 2);
    CHECK(d.classes == (kind == DatasetKind::Spiral3 ? 3 : 2));
    CHECK(d.output == (kind == DatasetKind::Spiral3 ? OutputKind::Multiclass : OutputKind::Binary));
  }
  for (const auto* xs : {&d.train_x, &d.test_x}) {
    for (float v : *xs) {
      REQUIRE(std::isfinite(v));
      REQUIRE(v >= -kBox);
      REQUIRE(v <= kBox);
    }
  }
  if (d.classes > 0) {
    std::vector<int> counts(std::size_t(d.classes), 0);
    for (const auto* ys : {&d.train_y, &d.test_y}) {
      for (float label : *ys) {
        REQUIRE(label == std::floor(label));
        REQUIRE(label >= 0.0f);
        REQUIRE(label < float(d.classes));
        ++counts[std::size_t(label)];
      }
    }
    const auto [lo, hi] = std::minmax_element(counts.begin(), counts.end());
    CHECK(*hi - *lo <= 1);  // balanced
  } else {
    for (const auto* ys : {&d.train_y, &d.test_y}) {
      for (float target : *ys) REQUIRE(std::isfinite(target));
    }
  }
}

TEST_CASE("the same seed gives bit-identical data and another seed different data", "[dataset]") {
  const DatasetKind kind = GENERATE(from_range(std::begin(kGenerated), std::end(kGenerated)));
  CAPTURE(int(kind));
  const Dataset a = make(config_of(kind, 11));
  const Dataset b = make(config_of(kind, 11));
  const Dataset other = make(config_of(kind, 12));
  CHECK(same_data(a, b));
  CHECK_FALSE(same_bits(a.train_x, other.train_x));
  // Also at noise 0: the shapes themselves are drawn from the seed, not laid on a fixed lattice.
  CHECK_FALSE(same_bits(make(config_of(kind, 11, 0.0f)).train_x, make(config_of(kind, 12, 0.0f)).train_x));
}

TEST_CASE("noise moves the points but keeps the split and the labels", "[dataset]") {
  const DatasetKind kind = GENERATE(from_range(std::begin(kGenerated), std::end(kGenerated)));
  CAPTURE(int(kind));
  const Dataset clean = make(config_of(kind, 5, 0.0f));
  const Dataset noisy = make(config_of(kind, 5, 0.5f));
  if (is_1d(kind) || is_2d_regression(kind)) {
    CHECK(same_bits(clean.train_x, noisy.train_x));  // regression sets jitter the target, not x
    CHECK_FALSE(same_bits(clean.train_y, noisy.train_y));
  } else {
    CHECK_FALSE(same_bits(clean.train_x, noisy.train_x));
    CHECK(same_bits(clean.train_y, noisy.train_y));
  }
}

TEST_CASE("1-D regression targets follow their formulas at noise 0", "[dataset]") {
  for (DatasetKind kind : {DatasetKind::AbsX, DatasetKind::SquareX, DatasetKind::KinkX}) {
    const Dataset d = make(config_of(kind, 9, 0.0f));
    REQUIRE(d.dims == 1);
    for (int i = 0; i < d.train_count(); ++i) {
      const float x = d.train_x[std::size_t(i)], y = d.train_y[std::size_t(i)];
      REQUIRE(x >= -5.0f);
      REQUIRE(x <= 5.0f);
      switch (kind) {
        case DatasetKind::AbsX: REQUIRE(y == std::fabs(x)); break;
        case DatasetKind::SquareX: REQUIRE(y == x * x / 5.0f); break;  // x^2 / 5: spans [0, 5] like |x|
        case DatasetKind::KinkX: REQUIRE(y == std::max(0.0f, x - 1.0f)); break;  // kink at x = 1
        default: FAIL("not a 1-D dataset");
      }
    }
  }
}

// Playground's "multi-Gaussian" written out independently, in doubles: six signed cones of
// radius 2; the one of largest magnitude wins.
double six_bumps_reference(double x, double y) {
  const double c[6][3] = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
  double best = 0.0;
  for (const auto& b : c) {
    const double v = b[2] * std::clamp(1.0 - std::hypot(x - b[0], y - b[1]) / 2.0, 0.0, 1.0);
    if (std::fabs(v) > std::fabs(best)) best = v;
  }
  return best;
}

TEST_CASE("2-D regression targets follow their formulas at noise 0 over the whole box", "[dataset]") {
  SECTION("hand values") {
    // Peaks: +1 at (4, 2.5), -1 at (0, 2.5); halfway out (distance 1) half height; 0 between bumps.
    const struct { float x, y; double want; } cases[] = {{4.0f, 2.5f, 1.0}, {0.0f, 2.5f, -1.0}, {0.0f, 1.5f, -0.5},
                                                          {-4.0f, -1.5f, -0.5}, {2.0f, 0.0f, 0.0}};
    for (const auto& c : cases) CHECK_THAT(six_bumps_reference(c.x, c.y), WithinAbs(c.want, 1e-12));
  }
  for (DatasetKind kind : {DatasetKind::Plane, DatasetKind::SixGaussians}) {
    CAPTURE(int(kind));
    const Dataset d = make(config_of(kind, 9, 0.0f));
    REQUIRE(d.dims == 2);
    float lo_x = kBox, hi_x = -kBox;
    int positive = 0, negative = 0;
    for (int i = 0; i < d.train_count(); ++i) {
      const double x = d.train_x[std::size_t(2 * i)], y = d.train_x[std::size_t(2 * i + 1)];
      const double t = d.train_y[std::size_t(i)];
      lo_x = std::min(lo_x, float(x));
      hi_x = std::max(hi_x, float(x));
      positive += t > 0.0;
      negative += t < 0.0;
      if (kind == DatasetKind::Plane) REQUIRE_THAT(t, WithinAbs((x + y) / 10.0, 1e-6));
      else REQUIRE_THAT(t, WithinAbs(six_bumps_reference(x, y), 1e-6));
    }
    CHECK(lo_x < -5.5f);  // the points cover the box, not the classification sets' radius 5
    CHECK(hi_x > 5.5f);
    CHECK(positive > 20);
    CHECK(negative > 20);
  }
}

TEST_CASE("noise-free shapes put every point where its label says", "[dataset]") {
  SECTION("circle: label 1 inside radius 2.5, label 0 on the ring 3.5 to 5") {
    const Dataset d = make(config_of(DatasetKind::Circle, 4, 0.0f));
    for (int i = 0; i < d.train_count(); ++i) {
      const float x = d.train_x[std::size_t(2 * i)], y = d.train_x[std::size_t(2 * i + 1)];
      const float r = std::sqrt(x * x + y * y);
      if (d.train_y[std::size_t(i)] == 1.0f) {
        REQUIRE(r <= 2.5f + 1e-5f);
      } else {
        REQUIRE(r >= 3.5f - 1e-5f);
        REQUIRE(r <= 5.0f + 1e-5f);
      }
    }
  }
  SECTION("xor: label 1 where x and y have the same sign") {
    const Dataset d = make(config_of(DatasetKind::Xor, 4, 0.0f));
    for (int i = 0; i < d.train_count(); ++i) {
      const float x = d.train_x[std::size_t(2 * i)], y = d.train_x[std::size_t(2 * i + 1)];
      REQUIRE(std::fabs(x) >= 0.3f);
      REQUIRE(std::fabs(y) >= 0.3f);
      REQUIRE((x * y > 0.0f) == (d.train_y[std::size_t(i)] == 1.0f));
    }
  }
  SECTION("checkerboard: label is the parity of the 2.5-wide cell") {
    const Dataset d = make(config_of(DatasetKind::Checkerboard, 4, 0.0f));
    for (int i = 0; i < d.train_count(); ++i) {
      const int column = int(std::floor((d.train_x[std::size_t(2 * i)] + 5.0f) / 2.5f));
      const int row = int(std::floor((d.train_x[std::size_t(2 * i + 1)] + 5.0f) / 2.5f));
      REQUIRE(float((column + row) % 2) == d.train_y[std::size_t(i)]);
    }
  }
  SECTION("spirals stay within radius 5") {
    for (DatasetKind kind : {DatasetKind::Spiral, DatasetKind::Spiral3}) {
      const Dataset d = make(config_of(kind, 4, 0.0f));
      for (int i = 0; i < d.train_count(); ++i) {
        const float x = d.train_x[std::size_t(2 * i)], y = d.train_x[std::size_t(2 * i + 1)];
        REQUIRE(x * x + y * y <= 25.0f + 1e-3f);
      }
    }
  }
}

TEST_CASE("portable sin and cos agree with std::sin and std::cos", "[dataset]") {
  // Stated bounds: the double results are within 1e-15 of libm over |t| <= 50 (the generators use
  // |t| < 15); the float results are within 1e-7 (half a float ulp near 1 is 6e-8).
  double worst_double = 0.0;
  float worst_float = 0.0f;
  const int steps = 400000;
  for (int i = 0; i <= steps; ++i) {
    const double t = -50.0 + 100.0 * double(i) / steps;
    double s, c;
    portable_sin_cos(t, s, c);
    worst_double = std::max({worst_double, std::fabs(s - std::sin(t)), std::fabs(c - std::cos(t))});
    worst_float = std::max({worst_float, std::fabs(portable_sin(t) - float(std::sin(t))),
                            std::fabs(portable_cos(t) - float(std::cos(t)))});
  }
  CHECK(worst_double < 1e-15);
  CHECK(worst_float < 1e-7f);
  // Exact quadrant points and symmetry.
  CHECK(portable_sin(0.0) == 0.0f);
  CHECK(portable_cos(0.0) == 1.0f);
  CHECK_THAT(portable_sin(3.14159265358979323846 / 2), WithinAbs(1.0, 1e-7));
  CHECK_THAT(portable_cos(3.14159265358979323846), WithinAbs(-1.0, 1e-7));
  CHECK(portable_sin(-1.234) == -portable_sin(1.234));
}

TEST_CASE("invalid dataset settings are refused with the field and its range", "[dataset]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  SECTION("points") {
    for (int points : {0, -5, 100000}) {
      DatasetConfig c;
      c.points = points;
      const std::string m = refusal(c);
      CHECK_THAT(m, Contains("points") && Contains("10") && Contains("2000"));
    }
  }
  SECTION("noise") {
    DatasetConfig c;
    c.noise = nan;
    CHECK_THAT(refusal(c), Contains("noise") && Contains("0.5") && Contains("nan"));
  }
  SECTION("trainFraction") {
    DatasetConfig c;
    c.train_fraction = 0.95f;
    CHECK_THAT(refusal(c), Contains("trainFraction") && Contains("0.1") && Contains("0.9"));
  }
  SECTION("dataset") {
    DatasetConfig c;
    c.kind = static_cast<DatasetKind>(42);
    CHECK_THAT(refusal(c), Contains("dataset") && Contains("circle") && Contains("custom") && Contains("42"));
    c.kind = static_cast<DatasetKind>(-1);
    CHECK_THAT(refusal(c), Contains("dataset"));
  }
  SECTION("classes") {
    DatasetConfig c;
    c.kind = DatasetKind::Circle;
    c.classes = 3;
    CHECK_THAT(refusal(c), Contains("classes") && Contains("custom"));
    c.kind = DatasetKind::Custom;
    c.user_points = {{0, 0, 0}};
    c.classes = 9;
    CHECK_THAT(refusal(c), Contains("classes") && Contains("2") && Contains("8"));
  }
  SECTION("userPoints") {
    DatasetConfig c;
    c.kind = DatasetKind::Custom;
    CHECK(refusal(c) == "userPoints is empty: the custom dataset needs at least one point");
    c.user_points = {{0, 0, 0}, {1, 1, 1}, {2, 2, 0}, {1, 1, 2}};
    CHECK(refusal(c) == "userPoints[3].label must be a whole number from 0 to 1 (got 2)");
    c.user_points[3] = {1, 1, 0.5f};
    CHECK(refusal(c) == "userPoints[3].label must be a whole number from 0 to 1 (got 0.5)");
    c.user_points[3] = {nan, 1, 1};
    CHECK(refusal(c) == "userPoints[3].x must be a number from -6 to 6 (got nan)");
    c.user_points[3] = {1, 6.5f, 1};
    CHECK(refusal(c) == "userPoints[3].y must be a number from -6 to 6 (got 6.5)");
    c.user_points.assign(2001, UserPoint{});
    CHECK_THAT(refusal(c), Contains("userPoints") && Contains("2000"));
  }
  SECTION("user points on generated data are checked against that dataset") {
    DatasetConfig c;
    c.kind = DatasetKind::Spiral3;
    c.user_points = {{1, 1, 3}};
    CHECK(refusal(c) == "userPoints[0].label must be a whole number from 0 to 2 (got 3)");
    c.kind = DatasetKind::AbsX;
    c.user_points = {{1, 100, std::numeric_limits<float>::infinity()}};  // y is ignored in 1-D
    CHECK_THAT(refusal(c), Contains("userPoints[0].label") && Contains("inf"));
    c.user_points = {{-7, 0, 2.5f}};
    CHECK(refusal(c) == "userPoints[0].x must be a number from -6 to 6 (got -7)");
    c.kind = DatasetKind::Plane;  // 2-D regression: y is a coordinate, the label any finite target
    c.user_points = {{1, 6.5, 0.25}};
    CHECK(refusal(c) == "userPoints[0].y must be a number from -6 to 6 (got 6.5)");
    c.user_points = {{1, 2, std::numeric_limits<double>::quiet_NaN()}};
    CHECK_THAT(refusal(c), Contains("userPoints[0].label") && Contains("regression target"));
    c.user_points = {{1, 2, 0.25}};
    CHECK(validate(c).ok);
  }
}

TEST_CASE("a refused config leaves the output dataset untouched", "[dataset]") {
  Dataset d = make(config_of(DatasetKind::Moons));
  const Dataset before = d;
  DatasetConfig bad = config_of(DatasetKind::Spiral);
  bad.points = 0;
  CHECK_FALSE(generate_dataset(bad, d).ok);
  CHECK(same_data(d, before));
  CHECK(d.dims == before.dims);
  CHECK(d.classes == before.classes);
}

TEST_CASE("custom points are split by trainFraction with at least one training point", "[dataset]") {
  DatasetConfig c;
  c.kind = DatasetKind::Custom;
  c.train_fraction = 0.5f;
  SECTION("a single point goes to training and the test set is empty") {
    c.user_points = {{1.0f, -2.0f, 1.0f}};
    const Dataset d = make(c);
    CHECK(d.train_count() == 1);
    CHECK(d.test_count() == 0);
    CHECK(d.train_x == std::vector<float>{1.0f, -2.0f});
    CHECK(d.output == OutputKind::Binary);
  }
  SECTION("several points keep their labels and use the requested class count") {
    c.classes = 3;
    for (int i = 0; i < 9; ++i) c.user_points.push_back({float(i) * 0.5f, -float(i) * 0.5f, float(i % 3)});
    const Dataset d = make(c);
    CHECK(d.classes == 3);
    CHECK(d.output == OutputKind::Multiclass);
    CHECK(d.train_count() == 5);  // round(4.5) = 5
    CHECK(d.test_count() == 4);
    std::vector<float> xs = d.train_x, labels = d.train_y;
    xs.insert(xs.end(), d.test_x.begin(), d.test_x.end());
    labels.insert(labels.end(), d.test_y.begin(), d.test_y.end());
    for (std::size_t k = 0; k < labels.size(); ++k) {
      const int i = int(std::lround(xs[2 * k] / 0.5f));  // each point knows its index by its x
      CHECK(xs[2 * k + 1] == -float(i) * 0.5f);
      CHECK(labels[k] == float(i % 3));
    }
  }
}

TEST_CASE("adding a custom point keeps the existing split: at most one earlier point changes sets", "[dataset]") {
  DatasetConfig c;
  c.kind = DatasetKind::Custom;
  c.train_fraction = 0.7f;
  c.seed = 11;
  // Points know their index by their x; the set each index is in, for n points.
  const auto sets = [&](int n) {
    c.user_points.clear();
    for (int i = 0; i < n; ++i) c.user_points.push_back({-5.0 + 0.01 * i, 0.0, double(i % 2)});
    const Dataset d = make(c);
    std::vector<int> in_train(std::size_t(n), -1);
    for (std::size_t k = 0; k < d.train_y.size(); ++k) in_train[std::size_t(std::lround((d.train_x[2 * k] + 5.0) / 0.01))] = 1;
    for (std::size_t k = 0; k < d.test_y.size(); ++k) in_train[std::size_t(std::lround((d.test_x[2 * k] + 5.0) / 0.01))] = 0;
    CHECK(d.train_count() == int(std::floor(n * double(0.7f) + 0.5)));  // rounded_train_count
    return in_train;
  };
  int moved_total = 0;
  std::vector<int> before = sets(2);
  for (int n = 3; n <= 60; ++n) {
    const std::vector<int> after = sets(n);
    int moved = 0;
    for (int i = 0; i < n - 1; ++i) moved += after[std::size_t(i)] != before[std::size_t(i)] ? 1 : 0;
    CHECK(moved <= 1);
    moved_total += moved;
    before = after;
  }
  CHECK(moved_total < 40);  // far from a reshuffle, which would move about half the points each time
}

TEST_CASE("user points on a generated dataset are appended to its training set", "[dataset]") {
  DatasetConfig c = config_of(DatasetKind::Circle);
  const Dataset plain = make(c);
  c.user_points = {{0.5f, 0.25f, 1.0f}, {-3.0f, 4.0f, 0.0f}};
  const Dataset d = make(c);
  CHECK(d.test_count() == plain.test_count());
  REQUIRE(d.train_count() == plain.train_count() + 2);
  CHECK(same_bits(d.test_x, plain.test_x));
  CHECK(std::vector<float>(d.train_x.end() - 4, d.train_x.end()) == std::vector<float>{0.5f, 0.25f, -3.0f, 4.0f});
  CHECK(std::vector<float>(d.train_y.end() - 2, d.train_y.end()) == std::vector<float>{1.0f, 0.0f});

  DatasetConfig one_d = config_of(DatasetKind::KinkX);
  one_d.user_points = {{2.0f, 0.0f, -1.5f}};
  const Dataset r = make(one_d);
  CHECK(r.train_x.back() == 2.0f);
  CHECK(r.train_y.back() == -1.5f);
}
