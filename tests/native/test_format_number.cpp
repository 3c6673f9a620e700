// Tests of format_number (format_number.hpp): its text equals libc's snprintf("%.*g") + strtod
// shortest form over a large sweep, and the documented forms. Not tests of the settings checks.
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "format_number.hpp"
#include "settings.hpp"

namespace {

using namespace relulab;
using Catch::Matchers::Equals;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// The reference format_number: libc's snprintf("%.*g") and strtod (what the core used before it got
// its own exact formatter, which keeps libc's formatting code out of the wasm module). Lives only
// here, as the independent check of the core's arithmetic.
std::string reference_shortest_g(double value, int max_digits, bool as_float) {
  std::string best;
  char buffer[48];
  for (int digits = 1; digits <= max_digits; ++digits) {
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
    const double back = std::strtod(buffer, nullptr);
    const bool same = as_float ? static_cast<float>(back) == static_cast<float>(value) : back == value;
    if (!same) continue;
    const std::string text = buffer;
    const bool shorter = best.empty() || text.size() < best.size();
    const bool plainer = text.size() == best.size() && best.find('e') != std::string::npos &&
                         text.find('e') == std::string::npos;
    if (shorter || plainer) best = text;
  }
  return best;
}

std::string reference_format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::string text = reference_shortest_g(value, 17, false);
  if (static_cast<double>(static_cast<float>(value)) == value) {
    std::string float_text = reference_shortest_g(value, 9, true);
    if (float_text.size() < text.size()) text = std::move(float_text);
  }
  return text;
}

/// splitmix64: a fixed stream of test inputs.
struct TestBits {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
  }
};

/// Doubles and float-exact doubles of every kind format_number meets: random bit patterns over
/// the whole range (subnormals included), decimal-looking values a user types (k / 10^n as
/// double and as float), their neighbours, integers, powers of two and ten, exact rounding ties
/// and the extremes.
std::vector<double> format_sweep() {
  std::vector<double> v;
  TestBits bits{12345};
  for (int i = 0; i < 25000; ++i) v.push_back(std::bit_cast<double>(bits.next()));
  for (int i = 0; i < 25000; ++i) v.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(bits.next())));
  // Magnitudes near 1 with few significant bits or digits, where the texts are short.
  for (int i = 0; i < 10000; ++i) {
    const double x = std::ldexp(double(bits.next() >> 40), int(bits.next() % 80) - 60);
    v.push_back(x);
    v.push_back(static_cast<float>(x));
  }
  const double tens[] = {1e-12, 1e-7, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 1e3, 1e5, 1e6, 1e9, 1e16, 1e17, 1e22};
  for (double scale : tens) {
    for (int k = -400; k <= 400; ++k) {
      const double x = k * scale;
      v.push_back(x);
      v.push_back(static_cast<float>(x));
      v.push_back(std::nextafter(x, INFINITY));
      v.push_back(std::nextafter(static_cast<float>(x), INFINITY));
      v.push_back(std::nextafter(static_cast<float>(x), -INFINITY));
    }
  }
  for (int k = -1080; k <= 1030; ++k) {
    const double p2 = std::ldexp(1.0, k);
    for (double x : {p2, std::nextafter(p2, 0.0), std::nextafter(p2, INFINITY), 3 * p2, 5 * p2}) {
      v.push_back(x);
      v.push_back(static_cast<float>(x));
    }
  }
  for (int k = -330; k <= 310; ++k) {
    const double p10 = std::pow(10.0, k);
    v.push_back(p10);
    v.push_back(static_cast<float>(p10));
    v.push_back(std::nextafter(p10, 0.0));
    v.push_back(std::nextafter(p10, INFINITY));
    v.push_back(std::nextafter(static_cast<float>(p10), 0.0f));
    v.push_back(std::nextafter(static_cast<float>(p10), INFINITY));
  }
  // Ties in "%.*g" rounding (half to even on the exact value), digit carries, integers.
  for (double x : {0.125, 0.375, 2.5, 3.5, 0.5, 1.5, 9.5, 99.5, 999.5, 9.999999999999999e22, 0.95, 9.5e-5,
                   4294967295.0, 4294967296.0, 9007199254740993.0, 1e15 + 0.5, 123456789012345680.0})
    v.push_back(x);
  for (std::int64_t n = 0; n < 5000; ++n) v.push_back(double(n * n * n));
  for (double x : {std::numeric_limits<double>::max(), std::numeric_limits<double>::min(),
                   std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::epsilon(),
                   double(std::numeric_limits<float>::max()), double(std::numeric_limits<float>::min()),
                   double(std::numeric_limits<float>::denorm_min()),
                   std::nextafter(double(std::numeric_limits<float>::max()), INFINITY), -0.0, 0.0, kNaN, -kNaN,
                   kInf, -kInf})
    v.push_back(x);
  for (const SettingInfo& info : kSettings) {
    for (double x : {info.min, info.max, info.default_value}) {
      v.push_back(x);
      v.push_back(static_cast<float>(x));
    }
  }
  const std::size_t positive = v.size();
  for (std::size_t i = 0; i < positive; i += 3) v.push_back(-v[i]);
  return v;
}
}  // namespace

TEST_CASE("format_number matches the snprintf(%.*g) + strtod reference over a large sweep", "[format]") {
  const std::vector<double> values = format_sweep();
  std::size_t mismatches = 0;
  for (double value : values) {
    const std::string got = format_number(value), want = reference_format_number(value);
    if (got == want) continue;
    if (++mismatches <= 10) {
      INFO("value bits 0x" << std::hex << std::bit_cast<std::uint64_t>(value));
      CHECK(got == want);
    }
  }
  INFO(values.size() << " values");
  CHECK(mismatches == 0);
}

TEST_CASE("format_number writes the shortest text that reads back as the same number", "[format]") {
  const auto [value, text] = GENERATE(table<double, const char*>({
      {0.0, "0"},
      {1.0, "1"},
      {0.25, "0.25"},
      {1e-5, "1e-05"},
      {0.1, "0.1"},
      {0.999, "0.999"},
      {4294967295.0, "4294967295"},
      {-2.0, "-2"},
      {1.0 / 3.0, "0.3333333333333333"},
      {double(0.01f), "0.01"},  // a float parameter prints as the float's shortest text
      {double(1.1f), "1.1"},
      {kNaN, "nan"},
      {-kNaN, "nan"},
      {kInf, "inf"},
      {-kInf, "-inf"},
  }));
  CHECK_THAT(format_number(value), Equals(text));
}
