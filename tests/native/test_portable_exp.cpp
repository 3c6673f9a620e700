// Tests of core/portable_exp.hpp (musl's expf algorithm, inline and on four lanes) and of the
// log-sum pieces the loss builds from it. Bit-identity with musl itself is checked in wasm, where
// musl is the libm: tests/wasm/activations.test.mjs and determinism.test.mjs compare the module's
// outputs with the golden hashes pinned in the native tests.
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "float_bits.hpp"
#include "portable_exp.hpp"
#include "rng.hpp"

namespace {

using namespace relulab;

/// Distance in ulps between two finite floats of the same sign region (ordered bit patterns).
long long ulps_between(float a, float b) {
  auto ordered = [](float v) {
    const std::int64_t b = std::int64_t(bits(v));
    return b & 0x80000000 ? -(b & 0x7fffffff) : b;
  };
  const long long d = ordered(a) - ordered(b);
  return d < 0 ? -d : d;
}

}  // namespace

TEST_CASE("portable expf is within 1 ulp of long double exp on a sweep of every 61st float", "[exp]") {
  // All floats from -103.9 to 88.7 (normal results and the subnormal tail), stride 61 over the
  // bit patterns: about 35 M inputs. musl documents 0.502 ulp for this algorithm.
  long long worst = 0, checked = 0;
  float worst_x = 0.0f;
  for (std::uint64_t b = 0; b < 0x100000000ull; b += 61) {
    const float x = from_bits(std::uint32_t(b));
    if (!(x > -103.9f && x < 88.7f)) continue;
    const float got = portable_expf(x);
    const float want = static_cast<float>(std::exp(static_cast<long double>(x)));
    const long long d = ulps_between(got, want);
    if (d > worst) {
      worst = d;
      worst_x = x;
    }
    ++checked;
  }
  INFO("worst at x = " << worst_x << " over " << checked << " inputs");
  CHECK(checked > 30000000);
  CHECK(worst <= 1);
}

TEST_CASE("portable expf handles the special inputs as libm does", "[exp]") {
  CHECK(portable_expf(0.0f) == 1.0f);
  CHECK(portable_expf(-0.0f) == 1.0f);
  CHECK(portable_expf(1.0f) == 2.71828182845904523536f);
  CHECK(std::isinf(portable_expf(std::numeric_limits<float>::infinity())));
  CHECK(portable_expf(-std::numeric_limits<float>::infinity()) == 0.0f);
  CHECK(std::isnan(portable_expf(std::numeric_limits<float>::quiet_NaN())));
  CHECK(std::isinf(portable_expf(89.0f)));                    // overflow: above log(FLT_MAX) = 88.72
  CHECK(portable_expf(88.0f) == std::exp(88.0f));             // the first input of the slow path
  CHECK(portable_expf(87.99f) == static_cast<float>(std::exp(static_cast<long double>(87.99f))));
  CHECK(portable_expf(-110.0f) == 0.0f);                      // underflow
  CHECK(portable_expf(-100.0f) > 0.0f);                        // subnormal result, still positive
  CHECK(portable_expf(-100.0f) < FLT_MIN);
}

TEST_CASE("the four-lane expf equals the scalar one lane by lane, special lanes included", "[exp]") {
  Rng rng(5);
  const float specials[] = {0.0f,   -0.0f, std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                            std::numeric_limits<float>::quiet_NaN(), 88.0f, 89.0f, -104.0f, -87.9f, 1e-30f, -1e-30f};
  int mismatches = 0, vectors = 0;
  auto check = [&](simd::f32x4 v) {
    const simd::f32x4 got = portable_expf(v);
    for (int k = 0; k < 4; ++k) {
      const float want = portable_expf(v[k]);
      const bool same = std::isnan(want) ? std::isnan(got[k]) : bits(got[k]) == bits(want);
      if (!same) ++mismatches;
    }
    ++vectors;
  };
  for (int i = 0; i < 200000; ++i)
    check(simd::f32x4{rng.uniform(-30.0f, 30.0f), rng.uniform(-105.0f, 90.0f), rng.uniform(-1.0f, 1.0f),
                      from_bits(rng.next_u32())});
  for (float s : specials)  // one special lane among ordinary ones: the whole vector takes the slow path
    for (int lane = 0; lane < 4; ++lane) {
      simd::f32x4 v = {0.5f, -2.0f, 3.0f, -7.5f};
      v[lane] = s;
      check(v);
    }
  CHECK(vectors > 200000);
  CHECK(mismatches == 0);
}
