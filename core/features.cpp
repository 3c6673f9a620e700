// Input features (features.hpp): each formula, the set's validation and the raw-point mapping.
// Speed/size: built -Oz in wasm (the default for core files): the mapping runs once per data set
// and once per grid block of 256 points, next to a forward pass that costs far more.
#include "features.hpp"

#include <bit>

#include "portable_trig.hpp"

namespace relulab {

float feature_value(Feature f, float x1, float x2) {
  switch (f) {
    case Feature::X1: return x1;
    case Feature::X2: return x2;
    case Feature::X1Squared: return x1 * x1;
    case Feature::X2Squared: return x2 * x2;
    case Feature::X1X2: return x1 * x2;
    case Feature::SinX1: return portable_sin(double(x1));
    case Feature::SinX2: return portable_sin(double(x2));
  }
  return 0.0f;
}

std::uint32_t applicable_features(int dims) {
  std::uint32_t bits = 0;
  for (const FeatureInfo& f : kFeatures) bits |= std::uint32_t(dims >= 2 || !f.uses_x2) << int(f.id);
  return bits;
}

int feature_count(FeatureSet set, int dims) { return std::popcount(set.bits & applicable_features(dims)); }

std::string feature_keys(std::uint32_t bits) {
  std::string keys;
  for (const FeatureInfo& f : kFeatures) {
    if (!((bits >> int(f.id)) & 1u)) continue;
    if (!keys.empty()) keys += ", ";
    keys += f.key;
  }
  return keys;
}

Status validate_features(FeatureSet set, int dims) {
  const std::uint32_t all = applicable_features(2);
  if (set.bits & ~all) return Status::error("features must be a set of " + feature_keys(all) + " (got unknown bits)");
  if (feature_count(set, dims) > 0) return Status::success();
  return Status::error("features must include at least one of " + feature_keys(applicable_features(dims)) +
                       (dims == 1 ? " for a 1-D data set" : "") + " (got " +
                       (set.bits ? feature_keys(set.bits) : std::string("none")) + ")");
}

void map_features(FeatureSet set, int dims, std::span<const float> raw, int n, std::span<float> out) {
  const std::uint32_t used = set.bits & applicable_features(dims);
  std::size_t k = 0;
  for (std::size_t i = 0; i < std::size_t(n); ++i) {
    const float x1 = raw[i * std::size_t(dims)];
    const float x2 = dims >= 2 ? raw[i * std::size_t(dims) + 1] : 0.0f;
    for (int f = 0; f < kFeatureCount; ++f)
      if ((used >> f) & 1u) out[k++] = feature_value(Feature(f), x1, x2);
  }
}

}  // namespace relulab
