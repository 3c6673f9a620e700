// Seeded toy datasets: seven 2-D classification sets, three 1-D and two 2-D regression targets and the
// user's own points, all inside [-kBox, kBox]^dims, split into training and test sets by a seeded
// shuffle. Only + - * /, sqrt, logf, floor and the lab's Rng touch the numbers (sin/cos come from
// portable_trig.hpp), so a seed gives the same bits natively and in wasm. Not a data loader.
//
// Conventions (the page and the tests rely on them):
// - Shapes are drawn inside radius ~5 and then jittered: each coordinate (2-D sets) or the target
//   (1-D sets) gets Gaussian noise with std = noise * scale, scale per dataset below. A jittered
//   coordinate that leaves the box is clamped to +-kBox (it then sits on the box edge).
// - Three independent Rng streams derived from the seed: shape, jitter, split. Changing only the
//   noise therefore moves the same points and keeps the same split.
// - Generated classes are balanced (class sizes differ by at most one); the label belongs to the
//   shape a point was drawn from, so noise makes classes overlap rather than relabelling points.
// - Split: indices shuffled (Fisher-Yates with Rng::below), the first round(n * trainFraction)
//   go to training, at least one in each set for generated data.
// - Custom: the user points are the whole data set, always classification (binary unless
//   `classes` is set), split like generated data but with at least one training point; the test
//   set may be empty. On other datasets user points are appended to the training set only.
//
// Per dataset (label: base shape; jitter std = noise * scale):
// - circle:       label 1 = disc of radius 2.5, label 0 = ring 3.5..5, both uniform in area; scale 2.5
// - xor:          |x|, |y| uniform in [0.3, 5]; label 1 in quadrants (+,+) and (-,-); scale 2.5
// - gaussians:    N((2.5, 2.5), 1) label 1, N((-2.5, -2.5), 1) label 0; scale 2.5 (added to the
//                 unit spread, so the std per coordinate is sqrt(1 + (2.5 noise)^2))
// - spiral:       two arms r = 5u, t = 3.5 pi u + label * pi, u uniform; scale 1
// - moons:        sklearn's make_moons (outer (cos t, sin t), inner (1 - cos t, 0.5 - sin t)),
//                 centred and scaled by 2.5; scale 2.5, so noise is sklearn's noise
// - checkerboard: 4 x 4 cells of side 2.5 over [-5, 5]^2, label = (column + row) mod 2; scale 1
// - spiral3:      three arms r = 5u, t = 2.5 pi u + label * 2 pi / 3; scale 1
// - abs1d:        x uniform in [-5, 5], target |x|
// - square1d:     target x^2 / 5 (scaled so that it spans [0, 5] like |x|)
// - kink1d:       target max(0, x - 1): a ReLU whose kink sits at x = 1, not 0, so a network
//                 has to move a kink there with a bias
// - plane2d:      (x, y) uniform in the whole box [-6, 6]^2, target (x + y) / 10 (Playground's
//                 "plane": a linear target, so one linear unit fits it)
// - gauss2d:      (x, y) uniform in the box, target: six bumps 1 - d/2 (0 beyond distance 2) at
//                 (-4, 2.5) +, (0, 2.5) -, (4, 2.5) +, (-4, -2.5) -, (0, -2.5) +, (4, -2.5) - (sign
//                 of each bump), the bump with the largest |value| wins (Playground's
//                 "multi-Gaussian"); the bumps reach the box edge, hence the whole box
//   (regression sets: x is never jittered; the target gets noise with std = noise * 1.)
#include "dataset.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "batches.hpp"
#include "portable_trig.hpp"
#include "rng.hpp"

namespace relulab {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kDatasetCount = int(sizeof(kDatasets) / sizeof(kDatasets[0]));

// Stream ids for derive_seed: shape, jitter and split draw independently.
constexpr std::uint32_t kShapeStream = 0;
constexpr std::uint32_t kJitterStream = 1;
constexpr std::uint32_t kSplitStream = 2;

float clamp_to_box(float v) { return v < -kBox ? -kBox : (v > kBox ? kBox : v); }

// Points in generation order: x (n, dims) row-major, y label or target.
struct Points {
  std::vector<float> x, y;
};

// Each 2-D set's base shape: one point of class `label`, before jitter.

void circle_point(int label, Rng& shape, float& px, float& py) {
  const float u = shape.uniform();
  // Uniform in area: r^2 uniform between the squared radii.
  const float r = label == 1 ? 2.5f * std::sqrt(u) : std::sqrt(3.5f * 3.5f + u * (5.0f * 5.0f - 3.5f * 3.5f));
  const double t = 2.0 * kPi * double(shape.uniform());
  px = r * portable_cos(t);
  py = r * portable_sin(t);
}

void xor_point(int label, Rng& shape, float& px, float& py) {
  const std::uint32_t quadrant = shape.below(2);
  const float ax = shape.uniform(0.3f, 5.0f);
  const float ay = shape.uniform(0.3f, 5.0f);
  // label 1: same signs ((+,+) or (-,-)); label 0: opposite signs.
  const float sx = quadrant == 0 ? 1.0f : -1.0f;
  const float sy = label == 1 ? sx : -sx;
  px = sx * ax;
  py = sy * ay;
}

void gaussians_point(int label, Rng& shape, float& px, float& py) {
  const float centre = label == 1 ? 2.5f : -2.5f;
  px = centre + shape.normal();
  py = centre + shape.normal();
}

void spiral_arm_point(bool two_arms, int label, Rng& shape, float& px, float& py) {
  const float u = shape.uniform();
  const float r = 5.0f * u;
  const double turns = two_arms ? 1.75 : 1.25;
  const double arm_offset = two_arms ? kPi : 2.0 * kPi / 3.0;
  const double t = 2.0 * kPi * turns * double(u) + double(label) * arm_offset;
  px = r * portable_sin(t);
  py = r * portable_cos(t);
}
void spiral_point(int label, Rng& shape, float& px, float& py) { spiral_arm_point(true, label, shape, px, py); }
void spiral3_point(int label, Rng& shape, float& px, float& py) { spiral_arm_point(false, label, shape, px, py); }

void moons_point(int label, Rng& shape, float& px, float& py) {
  const double t = kPi * double(shape.uniform());
  const float c = portable_cos(t), s = portable_sin(t);
  const float mx = label == 0 ? c : 1.0f - c;
  const float my = label == 0 ? s : 0.5f - s;
  // make_moons spans x in [-1, 2], y in [-0.5, 1]: centre at (0.5, 0.25), scale 2.5.
  px = (mx - 0.5f) * 2.5f;
  py = (my - 0.25f) * 2.5f;
}

void checkerboard_point(int label, Rng& shape, float& px, float& py) {
  // A cell (column, row) of this label's colour: (column + row) mod 2 == label.
  const int column = int(shape.below(4));
  const int row = 2 * int(shape.below(2)) + (column + label) % 2;
  px = -5.0f + 2.5f * (float(column) + shape.uniform());
  py = -5.0f + 2.5f * (float(row) + shape.uniform());
}

// Each 1-D set's target.
float abs_target(float x) { return std::fabs(x); }
float square_target(float x) { return x * x / 5.0f; }
float kink_target(float x) { return x > 1.0f ? x - 1.0f : 0.0f; }

// Each 2-D regression set's target at (x, y).
float plane_target(float x, float y) { return (x + y) / 10.0f; }

float six_bumps_target(float x, float y) {
  struct Bump { float cx, cy, sign; };
  constexpr Bump kBumps[] = {{-4.0f, 2.5f, 1.0f},  {0.0f, 2.5f, -1.0f}, {4.0f, 2.5f, 1.0f},
                             {-4.0f, -2.5f, -1.0f}, {0.0f, -2.5f, 1.0f}, {4.0f, -2.5f, -1.0f}};
  float best = 0.0f;
  for (const Bump& b : kBumps) {
    const float dx = x - b.cx, dy = y - b.cy;
    const float height = 1.0f - std::sqrt(dx * dx + dy * dy) / 2.0f;
    if (height > std::fabs(best)) best = b.sign * height;  // the bumps do not overlap: first wins a tie
  }
  return best;
}

/// What the generator knows about each dataset, one row per DatasetKind in enum order (the
/// public keys and names are kDatasets' in settings.hpp): like kActivations, the one place a
/// dataset's facts live.
struct DatasetInfo {
  DatasetKind id;
  int classes;            // generated classes; 0 for regression; custom: from the config (2 if 0)
  float jitter_scale;     // jitter std per unit of noise (see the table at the top of the file)
  void (*shape)(int label, Rng& shape, float& px, float& py);  // 2-D classification; null otherwise
  float (*target)(float x);                                     // 1-D regression; null otherwise
  float (*field)(float x, float y);                             // 2-D regression; null otherwise
};
constexpr DatasetInfo kDatasetInfo[] = {
    {DatasetKind::Circle, 2, 2.5f, circle_point, nullptr, nullptr},
    {DatasetKind::Xor, 2, 2.5f, xor_point, nullptr, nullptr},
    {DatasetKind::Gaussians, 2, 2.5f, gaussians_point, nullptr, nullptr},
    {DatasetKind::Spiral, 2, 1.0f, spiral_point, nullptr, nullptr},
    {DatasetKind::Moons, 2, 2.5f, moons_point, nullptr, nullptr},
    {DatasetKind::Checkerboard, 2, 1.0f, checkerboard_point, nullptr, nullptr},
    {DatasetKind::Spiral3, 3, 1.0f, spiral3_point, nullptr, nullptr},
    {DatasetKind::AbsX, 0, 1.0f, nullptr, abs_target, nullptr},
    {DatasetKind::SquareX, 0, 1.0f, nullptr, square_target, nullptr},
    {DatasetKind::KinkX, 0, 1.0f, nullptr, kink_target, nullptr},
    {DatasetKind::Plane, 0, 1.0f, nullptr, nullptr, plane_target},
    {DatasetKind::SixGaussians, 0, 1.0f, nullptr, nullptr, six_bumps_target},
    {DatasetKind::Custom, 2, 1.0f, nullptr, nullptr, nullptr},
};
static_assert(std::size(kDatasetInfo) == std::size(kDatasets), "one DatasetInfo row per dataset");
constexpr bool rows_in_enum_order() {
  for (std::size_t i = 0; i < std::size(kDatasetInfo); ++i)
    if (int(kDatasetInfo[i].id) != int(i) || kDatasets[i].value != int(i)) return false;
  return true;
}
static_assert(rows_in_enum_order(), "kDatasetInfo rows must follow DatasetKind's order");

/// Table row of a dataset. Precondition: a known kind.
const DatasetInfo& dataset_info(DatasetKind kind) { return kDatasetInfo[int(kind)]; }

bool is_regression(DatasetKind kind) { return dataset_info(kind).target != nullptr || dataset_info(kind).field != nullptr; }
int dims_of(DatasetKind kind) { return dataset_info(kind).target != nullptr ? 1 : 2; }

// Class count of the data (0 for regression). Precondition: config.kind is a known dataset.
int class_count(const DatasetConfig& config) {
  if (config.kind == DatasetKind::Custom) return config.classes == 0 ? 2 : config.classes;
  return dataset_info(config.kind).classes;
}

// Generated points in order: classes one after another (balanced), or regression samples.
Points generate_points(const DatasetConfig& config, int classes) {
  Rng shape(derive_seed(config.seed, kShapeStream));
  Rng jitter(derive_seed(config.seed, kJitterStream));
  const float noise_std = config.noise * dataset_info(config.kind).jitter_scale;
  const int n = config.points;
  Points points;
  if (classes == 0 && dataset_info(config.kind).field != nullptr) {
    points.x.reserve(std::size_t(2 * n));
    points.y.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i) {
      const float x = shape.uniform(-kBox, kBox);
      const float y = shape.uniform(-kBox, kBox);
      points.x.push_back(x);
      points.x.push_back(y);
      points.y.push_back(dataset_info(config.kind).field(x, y) + noise_std * jitter.normal());
    }
    return points;
  }
  if (classes == 0) {
    points.x.reserve(std::size_t(n));
    points.y.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i) {
      const float x = shape.uniform(-5.0f, 5.0f);
      points.x.push_back(x);
      points.y.push_back(dataset_info(config.kind).target(x) + noise_std * jitter.normal());
    }
    return points;
  }
  points.x.reserve(std::size_t(2 * n));
  points.y.reserve(std::size_t(n));
  for (int label = 0; label < classes; ++label) {
    const int count = n / classes + (label < n % classes ? 1 : 0);
    for (int i = 0; i < count; ++i) {
      float px = 0.0f, py = 0.0f;
      dataset_info(config.kind).shape(label, shape, px, py);
      points.x.push_back(clamp_to_box(px + noise_std * jitter.normal()));
      points.x.push_back(clamp_to_box(py + noise_std * jitter.normal()));
      points.y.push_back(float(label));
    }
  }
  return points;
}

// Shuffles the points with the split stream and deals the first `train` to training.
void split(const Points& points, int dims, int train, std::uint32_t seed, Dataset& data) {
  const int n = int(points.y.size());
  std::vector<int> order(static_cast<std::size_t>(n));
  shuffled_order(order, derive_seed(seed, kSplitStream));
  for (int k = 0; k < n; ++k) {
    const int i = order[std::size_t(k)];
    auto& xs = k < train ? data.train_x : data.test_x;
    auto& ys = k < train ? data.train_y : data.test_y;
    for (int d = 0; d < dims; ++d) xs.push_back(points.x[std::size_t(i * dims + d)]);
    ys.push_back(points.y[std::size_t(i)]);
  }
}

/// The split of hand-placed data (the custom dataset): each point gets its own random key from
/// (seed, its index), and the `train` points with the smallest keys (ties: lower index) are the
/// training set; both sets keep the points' order. A point's key does not depend on the other
/// points, so adding one (a click) keeps the existing split: at most one earlier point changes
/// sets. Ranks by counting (n is at most a few thousand), which keeps the wasm module small.
void split_by_key(const Points& points, int dims, int train, std::uint32_t seed, Dataset& data) {
  const int n = int(points.y.size());
  const std::uint32_t stream = derive_seed(seed, kSplitStream);
  std::vector<std::uint32_t> keys(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) keys[std::size_t(i)] = derive_seed(stream, std::uint32_t(i));
  for (int i = 0; i < n; ++i) {
    int rank = 0;
    for (int j = 0; j < n; ++j)
      rank += keys[std::size_t(j)] < keys[std::size_t(i)] || (keys[std::size_t(j)] == keys[std::size_t(i)] && j < i);
    auto& xs = rank < train ? data.train_x : data.test_x;
    auto& ys = rank < train ? data.train_y : data.test_y;
    for (int d = 0; d < dims; ++d) xs.push_back(points.x[std::size_t(i * dims + d)]);
    ys.push_back(points.y[std::size_t(i)]);
  }
}

int rounded_train_count(int n, float train_fraction, int min_train, int min_test) {
  int train = int(std::floor(double(n) * double(train_fraction) + 0.5));
  if (train > n - min_test) train = n - min_test;
  if (train < min_train) train = min_train;
  return train;
}

}  // namespace

Status validate(const DatasetConfig& config) {
  const int kind_index = int(config.kind);
  if (kind_index < 0 || kind_index >= kDatasetCount) {
    return Status::error("dataset must be one of " + option_keys(kDatasets) + " (got " +
                         std::to_string(kind_index) + ")");
  }
  if (Status s = check_setting(Setting::Points, double(config.points)); !s) return s;
  if (Status s = check_setting(Setting::Noise, double(config.noise)); !s) return s;
  if (Status s = check_setting(Setting::TrainFraction, double(config.train_fraction)); !s) return s;
  if (Status s = check_setting(Setting::DataSeed, double(config.seed)); !s) return s;

  const bool custom = config.kind == DatasetKind::Custom;
  const char* key = kDatasets[kind_index].key;
  if (custom) {
    if (config.classes != 0) {
      if (Status s = check_setting(Setting::Classes, double(config.classes)); !s) return s;
    }
  } else if (config.classes != 0) {
    const int natural = class_count(config);
    if (config.classes != natural || natural == 0) {
      return Status::error("classes must be 0 (the dataset's own count" +
                           (natural > 0 ? ", " + std::to_string(natural) : std::string()) + ") for the " + key +
                           " dataset; only the custom dataset takes 2 to 8 (got " +
                           std::to_string(config.classes) + ")");
    }
  }

  const int user_count = int(config.user_points.size());
  if (user_count > kMaxUserPoints) {
    return Status::error("userPoints has " + std::to_string(user_count) + " points; at most " +
                         std::to_string(kMaxUserPoints) + " are allowed");
  }
  if (custom && user_count == 0) {
    return Status::error("userPoints is empty: the custom dataset needs at least one point");
  }
  const bool regression = is_regression(config.kind);
  const bool one_d = dims_of(config.kind) == 1;
  const int classes = class_count(config);
  const std::string box = "a number from " + format_number(-kBox) + " to " + format_number(kBox);
  for (int i = 0; i < user_count; ++i) {
    const UserPoint& p = config.user_points[std::size_t(i)];
    const std::string field = "userPoints[" + std::to_string(i) + "]";
    if (!(p.x >= -kBox && p.x <= kBox)) {
      return Status::error(field + ".x must be " + box + " (got " + format_number(p.x) + ")");
    }
    if (!one_d && !(p.y >= -kBox && p.y <= kBox)) {
      return Status::error(field + ".y must be " + box + " (got " + format_number(p.y) + ")");
    }
    if (regression) {
      if (!(std::isfinite(p.label) && std::fabs(p.label) <= double(std::numeric_limits<float>::max()))) {
        return Status::error(field + ".label must be a finite number (the regression target) (got " +
                             format_number(p.label) + ")");
      }
    } else if (!(p.label >= 0.0f && p.label <= float(classes - 1) && p.label == std::floor(p.label))) {
      return Status::error(field + ".label must be a whole number from 0 to " + std::to_string(classes - 1) +
                           " (got " + format_number(p.label) + ")");
    }
  }
  return Status::success();
}

Status generate_dataset(const DatasetConfig& config, Dataset& out) {
  if (Status s = validate(config); !s) return s;
  const int classes = class_count(config);
  const bool custom = config.kind == DatasetKind::Custom;
  Dataset data;
  data.dims = dims_of(config.kind);
  data.classes = classes;
  data.output = classes == 0 ? OutputKind::Regression : (classes == 2 ? OutputKind::Binary : OutputKind::Multiclass);

  Points user;
  for (const UserPoint& p : config.user_points) {
    user.x.push_back(float(p.x));
    if (data.dims == 2) user.x.push_back(float(p.y));
    user.y.push_back(float(p.label));
  }
  if (custom) {
    const int n = int(user.y.size());
    split_by_key(user, data.dims, rounded_train_count(n, config.train_fraction, 1, 0), config.seed, data);
  } else {
    const Points points = generate_points(config, classes);
    split(points, data.dims, rounded_train_count(config.points, config.train_fraction, 1, 1), config.seed, data);
    data.train_x.insert(data.train_x.end(), user.x.begin(), user.x.end());
    data.train_y.insert(data.train_y.end(), user.y.begin(), user.y.end());
  }
  out = std::move(data);
  return Status::success();
}

}  // namespace relulab
