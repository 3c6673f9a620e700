// Tests of the settings table and its checks (settings.hpp): ranges, integrality, the exact
// wording of refusals, key lookups and the option tables. Not tests of any config struct.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "settings.hpp"

namespace {

using namespace relulab;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

struct OptionTable {
  const char* name;
  std::span<const OptionInfo> options;
};
const OptionTable kOptionTables[] = {
    {"datasets", kDatasets},
    {"init schemes", kInitSchemes},
    {"optimizers", kOptimizers},
    {"output kinds", kOutputKinds},
};

}  // namespace

TEST_CASE("settings table rows are in enum order", "[settings]") {
  for (std::size_t i = 0; i < kSettingCount; ++i) {
    INFO(kSettings[i].key);
    CHECK(static_cast<std::size_t>(kSettings[i].id) == i);
    CHECK(&setting_info(kSettings[i].id) == &kSettings[i]);
  }
}

TEST_CASE("every setting has a unique key, a sane range and its default inside it", "[settings]") {
  std::set<std::string> keys;
  for (const SettingInfo& info : kSettings) {
    INFO(info.key);
    CHECK(keys.insert(info.key).second);
    CHECK(info.min <= info.max);
    CHECK(info.default_value >= info.min);
    CHECK(info.default_value <= info.max);
    CHECK(default_of(info.id) == info.default_value);
    if (info.integer) {
      CHECK(std::floor(info.min) == info.min);
      CHECK(std::floor(info.max) == info.max);
      CHECK(std::floor(info.default_value) == info.default_value);
    }
    CHECK(std::string(info.name_en).size() > 0);
    CHECK(std::string(info.name_zh).size() > 0);
  }
}

TEST_CASE("check_setting accepts the minimum, the maximum and the default of every setting", "[settings]") {
  for (const SettingInfo& info : kSettings) {
    INFO(info.key);
    CHECK(check_setting(info.id, info.min).ok);
    CHECK(check_setting(info.id, info.max).ok);
    CHECK(check_setting(info.id, info.default_value).ok);
    CHECK(check_setting(info.id, info.default_value).message.empty());
  }
}

TEST_CASE("check_setting refuses NaN, infinities and values outside the range", "[settings]") {
  for (const SettingInfo& info : kSettings) {
    INFO(info.key);
    const double span = info.max - info.min;
    const double below = info.min - std::max(1.0, span);
    const double above = info.max + std::max(1.0, span);
    for (double bad : {kNaN, kInf, -kInf, below, above, std::nextafter(info.min, -kInf),
                       std::nextafter(info.max, kInf)}) {
      INFO("value " << bad);
      const Status status = check_setting(info.id, bad);
      CHECK_FALSE(status.ok);
      CHECK_FALSE(static_cast<bool>(status));
      // The message names the public key and the allowed range.
      CHECK_THAT(status.message, Contains(info.key));
      if (info.id == Setting::ReluGradAtZero)  // a set of values, not a range: the message lists them
        CHECK_THAT(status.message, Contains(" must be 0, 0.5 or 1 (got "));
      else
        CHECK_THAT(status.message, Contains(" from " + format_number(info.min) + " to " +
                                           format_number(info.max) + " (got "));
    }
  }
}

TEST_CASE("check_setting accepts a float field set exactly to a bound", "[settings]") {
  // Config structs hold floats: 0.01f is 0.0099999998 and 0.999f is 0.99900001 as doubles, yet
  // a user who typed the bound must not be refused. Only the bound's own float rounding passes.
  for (const SettingInfo& info : kSettings) {
    if (info.integer) continue;
    INFO(info.key);
    const float low = static_cast<float>(info.min), high = static_cast<float>(info.max);
    CHECK(check_setting(info.id, low).ok);
    CHECK(check_setting(info.id, high).ok);
    CHECK(check_setting(info.id, static_cast<float>(info.default_value)).ok);
    // The next float outward is outside the range whichever way the bound was rounded.
    CHECK_FALSE(check_setting(info.id, std::nextafter(low, -INFINITY)).ok);
    CHECK_FALSE(check_setting(info.id, std::nextafter(high, INFINITY)).ok);
  }
  // Integer settings get no such slack: float(4294967295) is 2^32.
  CHECK_FALSE(check_setting(Setting::DataSeed, static_cast<float>(4294967295.0)).ok);
}

TEST_CASE("integer settings refuse fractions with a whole-number message", "[settings]") {
  for (const SettingInfo& info : kSettings) {
    if (!info.integer) continue;
    INFO(info.key);
    const Status status = check_setting(info.id, info.min + 0.5);
    CHECK_FALSE(status.ok);
    CHECK_THAT(status.message, Contains(" must be a whole number from "));
  }
  // Fractions are fine for real-valued settings.
  CHECK(check_setting(Setting::Noise, 0.123).ok);
}

TEST_CASE("refusal messages have the documented wording", "[settings]") {
  const auto [setting, value, message] = GENERATE(table<Setting, double, const char*>({
      {Setting::LearningRate, kNaN, "learningRate must be a number from 1e-05 to 10 (got nan)"},
      {Setting::LearningRate, 0.0, "learningRate must be a number from 1e-05 to 10 (got 0)"},
      {Setting::LearningRate, kInf, "learningRate must be a number from 1e-05 to 10 (got inf)"},
      {Setting::Noise, -0.25, "noise must be a number from 0 to 0.5 (got -0.25)"},
      {Setting::Momentum, 1.0, "momentum must be a number from 0 to 0.999 (got 1)"},
      {Setting::DataSeed, -1.0, "dataSeed must be a whole number from 0 to 4294967295 (got -1)"},
      {Setting::DataSeed, 4294967296.0,
       "dataSeed must be a whole number from 0 to 4294967295 (got 4294967296)"},
      {Setting::Width, 2.5, "width must be a whole number from 1 to 64 (got 2.5)"},
      {Setting::Width, -kInf, "width must be a whole number from 1 to 64 (got -inf)"},
      {Setting::LeakyA, double(1.1f), "leakyA must be a number from 0 to 1 (got 1.1)"},
      {Setting::SaturationThreshold, 0.3,
       "saturationThreshold must be a number from 1e-06 to 0.25 (got 0.3)"},
      {Setting::GridResolution, 1.0, "resolution must be a whole number from 2 to 256 (got 1)"},
  }));
  CHECK_THAT(check_setting(setting, value).message, Equals(message));
}

TEST_CASE("setting_from_key finds every setting and nothing else", "[settings]") {
  for (const SettingInfo& info : kSettings) {
    INFO(info.key);
    const auto found = setting_from_key(info.key);
    REQUIRE(found.has_value());
    CHECK(*found == info.id);
  }
  CHECK_FALSE(setting_from_key("").has_value());
  CHECK_FALSE(setting_from_key("LearningRate").has_value());  // keys are case-sensitive
  CHECK_FALSE(setting_from_key("learning_rate").has_value());
  CHECK_FALSE(setting_from_key("learningRate ").has_value());
}

TEST_CASE("option tables have unique keys and values equal to their index", "[settings]") {
  for (const OptionTable& table : kOptionTables) {
    INFO(table.name);
    std::set<std::string> keys;
    for (std::size_t i = 0; i < table.options.size(); ++i) {
      const OptionInfo& option = table.options[i];
      INFO(option.key);
      CHECK(option.value == static_cast<int>(i));
      CHECK(keys.insert(option.key).second);
      CHECK(std::string(option.name_en).size() > 0);
      CHECK(std::string(option.name_zh).size() > 0);
    }
  }
}

TEST_CASE("option_from_key round-trips every option and refuses unknown keys", "[settings]") {
  for (const OptionTable& table : kOptionTables) {
    INFO(table.name);
    for (const OptionInfo& option : table.options) {
      const auto found = option_from_key(table.options, option.key);
      REQUIRE(found.has_value());
      CHECK(*found == option.value);
    }
    CHECK_FALSE(option_from_key(table.options, "nope").has_value());
    CHECK_FALSE(option_from_key(table.options, "").has_value());
  }
  CHECK(option_from_key(kDatasets, "spiral") == int(DatasetKind::Spiral));
  CHECK(option_from_key(kOptimizers, "adam") == int(OptimizerKind::Adam));
  CHECK_FALSE(option_from_key(kOptimizers, "spiral").has_value());  // keys are per table
}

TEST_CASE("option_keys lists the keys in table order for messages", "[settings]") {
  CHECK_THAT(option_keys(kOptimizers), Equals("sgd, momentum, adam"));
  CHECK_THAT(option_keys(kOutputKinds), Equals("binary, multiclass, regression"));
  CHECK_THAT(option_keys(kDatasets),
             Equals("circle, xor, gaussians, spiral, moons, checkerboard, spiral3, abs1d, square1d, "
                    "kink1d, plane2d, gauss2d, custom"));
  CHECK_THAT(option_keys(std::span<const OptionInfo>()), Equals(""));
}

TEST_CASE("relu gradient choices are exactly 0, 0.5 and 1 and inside their setting's range", "[settings]") {
  const SettingInfo& info = setting_info(Setting::ReluGradAtZero);
  CHECK(std::size(kReluGradAtZeroChoices) == 3);
  CHECK(kReluGradAtZeroChoices[0] == 0.0f);
  CHECK(kReluGradAtZeroChoices[1] == 0.5f);
  CHECK(kReluGradAtZeroChoices[2] == 1.0f);
  for (float choice : kReluGradAtZeroChoices) CHECK(check_setting(info.id, choice).ok);
  CHECK(static_cast<float>(info.default_value) == kReluGradAtZeroChoices[0]);
}
