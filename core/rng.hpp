// The lab's own random numbers: xorshift-style PRNG (splitmix64 seeded xoshiro128**) and our own
// float/normal conversions. Not std::*_distribution: those differ between libstdc++ (native) and
// libc++ (Emscripten), and the lab promises same seed => same numbers everywhere.
#pragma once
#include <cmath>
#include <cstdint>

namespace relulab {

/// splitmix64 step: used to expand a 32-bit seed and to derive independent sub-streams.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// Seed for a named sub-stream (e.g. layer 3's weights) that does not depend on how many
/// numbers other streams drew: keeps layers of equal shape equal across activations.
constexpr std::uint32_t derive_seed(std::uint32_t seed, std::uint32_t stream) {
  std::uint64_t s = (std::uint64_t(seed) << 32) ^ (0xA5A5A5A5ull + stream);
  splitmix64(s);
  return std::uint32_t(splitmix64(s) >> 32);
}

/// xoshiro128** (Blackman & Vigna), 32-bit outputs; integer-only, so identical on every target.
class Rng {
 public:
  explicit constexpr Rng(std::uint32_t seed) {
    std::uint64_t s = seed;
    for (auto& word : state_) word = std::uint32_t(splitmix64(s) >> 32);
    if ((state_[0] | state_[1] | state_[2] | state_[3]) == 0) state_[0] = 1;
  }
  /// Next raw 32-bit value.
  constexpr std::uint32_t next_u32() {
    const std::uint32_t result = rotl(state_[1] * 5u, 7) * 9u;
    const std::uint32_t t = state_[1] << 9;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 11);
    return result;
  }
  /// Uniform float in [0, 1): the top 24 bits scaled exactly.
  constexpr float uniform() { return float(next_u32() >> 8) * (1.0f / 16777216.0f); }
  /// Uniform float in [lo, hi).
  constexpr float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
  /// Uniform integer in [0, n) (n > 0), Lemire's multiply-shift without rejection
  /// (bias < n / 2^32, irrelevant for shuffles of a few thousand points).
  constexpr std::uint32_t below(std::uint32_t n) {
    return std::uint32_t((std::uint64_t(next_u32()) * n) >> 32);
  }
  /// Standard normal by Marsaglia's polar method: only +, *, logf and sqrtf, which are
  /// bit-identical between glibc and Emscripten's musl (docs/DETERMINISM.md).
  float normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    float u, v, s;
    do {
      u = uniform() * 2.0f - 1.0f;
      v = uniform() * 2.0f - 1.0f;
      s = u * u + v * v;
    } while (s >= 1.0f || s == 0.0f);
    const float factor = std::sqrt(-2.0f * std::log(s) / s);
    spare_ = v * factor;
    has_spare_ = true;
    return u * factor;
  }

 private:
  static constexpr std::uint32_t rotl(std::uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
  std::uint32_t state_[4]{};
  float spare_ = 0.0f;
  bool has_spare_ = false;
};

}  // namespace relulab
