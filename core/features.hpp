// Input features (TensorFlow Playground's x1, x2, x1², x2², x1x2, sin x1, sin x2): the one table
// of them (key, formula as shown, names, which coordinates each reads) and the one mapping from a
// data set's raw points to the network's inputs, used by training, test metrics, diagnostics and
// the grid job alike. The boundary and unit maps stay drawn over the raw plane: a grid point goes
// through these features, then through the network.
// Not a data transform of the data set itself: Dataset keeps the raw points (the page plots them).
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "status.hpp"

namespace relulab {

/// Every feature, in the order the network reads them. Order matches kFeatures.
enum class Feature : int { X1, X2, X1Squared, X2Squared, X1X2, SinX1, SinX2 };

struct FeatureInfo {
  Feature id;
  const char* key;      // public name in configs, URLs and error messages
  const char* symbol;   // the formula as the page shows it (the same in every language)
  const char* name_en;  // spoken name, for screen readers and tooltips
  const char* name_zh;
  bool uses_x2;         // reads the second coordinate, which 1-D data sets do not have
};

inline constexpr FeatureInfo kFeatures[] = {
    {Feature::X1, "x1", "x₁", "x₁, the first coordinate", "x₁，第一个坐标", false},
    {Feature::X2, "x2", "x₂", "x₂, the second coordinate", "x₂，第二个坐标", true},
    {Feature::X1Squared, "x1sq", "x₁²", "x₁ squared", "x₁ 的平方", false},
    {Feature::X2Squared, "x2sq", "x₂²", "x₂ squared", "x₂ 的平方", true},
    {Feature::X1X2, "x1x2", "x₁x₂", "the product x₁ times x₂", "x₁ 与 x₂ 的乘积", true},
    {Feature::SinX1, "sinx1", "sin x₁", "sine of x₁", "x₁ 的正弦", false},
    {Feature::SinX2, "sinx2", "sin x₂", "sine of x₂", "x₂ 的正弦", true},
};
inline constexpr int kFeatureCount = int(sizeof(kFeatures) / sizeof(kFeatures[0]));

/// A feature's value at the raw point (x1, x2); x2 is ignored by the features that do not read
/// it. sin in double through portable_trig.hpp, rounded once, so native and wasm agree bit for bit.
float feature_value(Feature f, float x1, float x2);

/// A set of features, one bit per Feature. The default, {x1, x2}, feeds the raw coordinates, so
/// the network sees exactly what it saw before features existed.
struct FeatureSet {
  std::uint32_t bits = (1u << int(Feature::X1)) | (1u << int(Feature::X2));
  bool has(Feature f) const { return (bits >> int(f)) & 1u; }
  bool operator==(const FeatureSet&) const = default;
};

/// The features that can be computed from data with `dims` coordinates: all of them on 2-D data,
/// on 1-D data those that read x1 alone.
std::uint32_t applicable_features(int dims);

/// The number of features the network reads on data with `dims` coordinates: those of the set
/// that apply (on 1-D data the ones reading x2 are left out, so the default set gives 1 input).
int feature_count(FeatureSet set, int dims);

/// Checks a set for data with `dims` coordinates: no unknown bits, and at least one feature that
/// applies. Messages name "features" and list the allowed keys, e.g. "features must include at
/// least one of x1, x1sq, sinx1 for a 1-D data set (got x2)".
Status validate_features(FeatureSet set, int dims);

/// "x1, x2, ..." : the keys of the features whose bits are set, in table order, for messages.
std::string feature_keys(std::uint32_t bits);

/// Maps n raw points (n, dims) to the network's inputs (n, feature_count(set, dims)), features in
/// table order. Precondition: validate_features(set, dims).ok and spans of those sizes.
void map_features(FeatureSet set, int dims, std::span<const float> raw, int n, std::span<float> out);

}  // namespace relulab
