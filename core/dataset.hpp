// Seeded toy datasets generated in core: 2-D classification sets, 1-D regression targets and
// user-supplied points, split into training and test sets. Every point lies in the box
// [-kBox, kBox]^dims (generators scale into it; user points outside it are refused).
// Not a data loader: nothing here reads files.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "settings.hpp"
#include "status.hpp"

namespace relulab {

/// Most points a caller may add by hand (userPoints).
inline constexpr int kMaxUserPoints = 2000;

/// Half-width of the data box: every input coordinate is in [-kBox, kBox].
inline constexpr float kBox = 6.0f;

/// One user point: (x, y) and its label (class index, or target value for regression).
/// For 1-D datasets y is ignored as an input. Doubles, as a caller gives them: validation checks
/// the given value (6.0000001 is outside the box even though it rounds to 6.0f); the data set
/// stores float32.
struct UserPoint {
  double x = 0.0;
  double y = 0.0;
  double label = 0.0;
};

struct DatasetConfig {
  DatasetKind kind = DatasetKind::Spiral;
  int points = int(default_of(Setting::Points));
  float noise = float(default_of(Setting::Noise));
  float train_fraction = float(default_of(Setting::TrainFraction));
  std::uint32_t seed = std::uint32_t(default_of(Setting::DataSeed));
  int classes = 0;               // 0 = the dataset's natural class count; only Custom may set it (2..8)
  /// Extra points added to the training set (clicked on the page). For Custom they are the
  /// whole dataset: split by train_fraction like generated points (at least one in training).
  std::vector<UserPoint> user_points;
};

/// A generated dataset. x is (n, dims) row-major; y holds a class index (as float) or a target.
struct Dataset {
  int dims = 2;                  // 2, or 1 for the regression targets
  int classes = 2;               // 2..8 for classification, 0 for regression
  OutputKind output = OutputKind::Binary;   // the output kind the data calls for
  std::vector<float> train_x, train_y;
  std::vector<float> test_x, test_y;
  int train_count() const { return int(train_y.size()); }
  int test_count() const { return int(test_y.size()); }
};

/// Validates every field (names: dataset, points, noise, trainFraction, dataSeed, classes,
/// userPoints[i].x/.y/.label) with its allowed range.
Status validate(const DatasetConfig& config);
/// Generates the dataset; on a refused config returns the error and leaves `out` untouched.
Status generate_dataset(const DatasetConfig& config, Dataset& out);

}  // namespace relulab
