// Checks and lookups over the settings table and the option tables of settings.hpp, and the one
// number formatter used in their messages. Not a config parser: callers check each field they read.
#include "settings.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace relulab {
namespace {

// Shortest "%.<p>g" text (p = 1 .. max_digits) that reads back as `value` (after rounding to
// float when `as_float`); on equal length the form without an exponent wins, so 10 prints as "10"
// rather than "1e+01". glibc and musl both print exact decimals: the same text natively and in wasm.
std::string shortest_g(double value, int max_digits, bool as_float) {
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

}  // namespace

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";  // glibc would print "-nan" for some NaNs
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::string text = shortest_g(value, 17, false);
  // A float parameter (e.g. a = 1.1f) reads better as the float's shortest text "1.1" than as its
  // exact double "1.1000000238418579"; keep whichever is shorter.
  if (static_cast<double>(static_cast<float>(value)) == value) {
    std::string float_text = shortest_g(value, 9, true);
    if (float_text.size() < text.size()) text = std::move(float_text);
  }
  return text;
}

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
  if (in_range && (!info.integer || whole)) return Status::success();
  return Status::error(std::string(info.key) + (info.integer ? " must be a whole number from "
                                                             : " must be a number from ") +
                       format_number(info.min) + " to " + format_number(info.max) + " (got " +
                       format_number(value) + ")");
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
