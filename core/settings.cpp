// Checks and lookups over the settings table and the option tables of settings.hpp (messages
// format their numbers with format_number.cpp). Not a config parser: callers check each field they read.
#include "settings.hpp"

#include <algorithm>
#include <cmath>

namespace relulab {

Status check_setting(Setting s, double value) {
  const auto index = static_cast<std::size_t>(static_cast<int>(s));
  if (index >= kSettingCount) return Status::error("unknown setting");
  const SettingInfo& info = kSettings[index];
  const bool finite = std::isfinite(value);
  // Real-valued settings usually arrive from float fields: a float set to a bound (0.01f is
  // 0.0099999998, 0.999f is 0.99900001) must pass, so each bound's float rounding counts as the
  // bound itself. Not for integer settings (float(4294967295) would let 2^32 through).
  const bool above_min =
      value >= info.min || (!info.integer && value == static_cast<double>(static_cast<float>(info.min)));
  const bool below_max =
      value <= info.max || (!info.integer && value == static_cast<double>(static_cast<float>(info.max)));
  const bool in_range = finite && above_min && below_max;
  const bool whole = finite && std::floor(value) == value;
  // The one setting with a set of values rather than a range.
  if (s == Setting::ReluGradAtZero &&
      std::find(std::begin(kReluGradAtZeroChoices), std::end(kReluGradAtZeroChoices), value) ==
          std::end(kReluGradAtZeroChoices))
    return Status::error("reluGradAtZero must be 0, 0.5 or 1 (got " + format_number(value) + ")");
  if (in_range && (!info.integer || whole)) return Status::success();
  return Status::error(std::string(info.key) + (info.integer ? " must be a whole number from "
                                                             : " must be a number from ") +
                       format_number(info.min) + " to " + format_number(info.max) + " (got " +
                       format_number(value) + ")");
}

Status check_float32_values(std::span<const double> values, std::string_view field) {
  constexpr double kFloatMax = 3.4028234663852886e38;  // FLT_MAX
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    if (std::isfinite(v) && std::fabs(v) <= kFloatMax) continue;
    std::string at(field);
    at += '[';
    at += std::to_string(i);
    at += ']';
    return Status::error(at + " must be a finite number within float32 range (got " + format_number(v) + ")");
  }
  return Status::success();
}

Status check_setting(std::string_view key, double value) {
  const std::optional<Setting> s = setting_from_key(key);
  return s ? check_setting(*s, value) : Status::error("unknown setting " + std::string(key));
}

std::optional<Setting> setting_from_key(std::string_view key) {
  for (const SettingInfo& info : kSettings) {
    if (key == info.key) return info.id;
  }
  return std::nullopt;
}

std::optional<int> option_from_key(std::span<const OptionInfo> table, std::string_view key) {
  for (const OptionInfo& option : table) {
    if (key == option.key) return option.value;
  }
  return std::nullopt;
}

std::string option_keys(std::span<const OptionInfo> table) {
  std::string keys;
  for (const OptionInfo& option : table) {
    if (!keys.empty()) keys += ", ";
    keys += option.key;
  }
  return keys;
}

}  // namespace relulab
