// Turns a libFuzzer input into typed values for the harnesses in this folder, in a byte format
// that tests/fuzz/make_seeds.mjs writes on purpose (seed inputs that reach deep code). Configs
// are read through the core's schema (core/schema.hpp): ConfigBytes packs one value per key in
// the schema's order, and the harness reads them with read_packed, as the wasm API does.
// Not a harness: no LLVMFuzzerTestOneInput here.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <vector>

#include "schema.hpp"

namespace relulab::fuzz {

/// Reads typed values from the fuzzer's bytes; zeros once exhausted.
class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  template <class T>
  T raw() {
    T value{};
    std::size_t n = sizeof(T) < size_ - pos_ ? sizeof(T) : size_ - pos_;
    std::memcpy(&value, data_ + pos_, n);
    pos_ += n;
    return value;
  }
  /// Mode byte < 32: a raw float bit pattern (NaN, inf, denormals, huge); else a u16 spread
  /// evenly over [lo, hi].
  float number(float lo, float hi) {
    const std::uint8_t mode = raw<std::uint8_t>();
    if (mode < 32) return raw<float>();
    return lo + (hi - lo) * float(raw<std::uint16_t>()) / 65535.0f;
  }
  /// Mode byte < 16: a raw int (huge, negative); else lo + (u16 % (hi - lo + 1)).
  int small_int(int lo, int hi) {
    const std::uint8_t mode = raw<std::uint8_t>();
    if (mode < 16) return raw<int>();
    return lo + int(raw<std::uint16_t>() % std::uint16_t(hi - lo + 1));
  }
  /// A config value as JS would send it. Mode byte < 32: a raw double bit pattern (NaN, inf,
  /// fractions, huge, negative); else a u16 spread evenly over [lo, hi], rounded if `whole`.
  double value(double lo, double hi, bool whole) {
    const std::uint8_t mode = raw<std::uint8_t>();
    if (mode < 32) return raw<double>();
    const double v = lo + (hi - lo) * double(raw<std::uint16_t>()) / 65535.0;
    return whole ? std::round(v) : v;
  }
  bool exhausted() const { return pos_ >= size_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

/// A schema visitor that packs a config from the fuzzer's bytes, one Reader::value per key in
/// the schema's order, around each key's allowed range: a setting's range widened by a quarter
/// on each side, option values from -1 to one past the table, arrays of up to one entry more
/// than allowed (the count itself may be anything; at most that many entries follow).
class ConfigBytes {
 public:
  explicit ConfigBytes(Reader& in) : in_(in) {}
  std::vector<double> values;

  template <class T>
  void number(const char*, std::optional<Setting> setting, const T&) {
    if (!setting) return put(-1, 4, true);  // inputs
    if (*setting == Setting::ReluGradAtZero) return values.push_back(in_.value(0, 2, true) / 2);  // 0, 0.5, 1
    range(*setting);
  }
  void flag(const char*, const bool&) { put(0, 1, true); }
  template <class E>
  void choice(const char*, std::span<const OptionInfo> table, const char*, const E&) {
    put(-1, double(table.size()), true);
  }
  void widths(const char*, const std::vector<int>&) {
    array(setting_info(Setting::HiddenLayers).max + 1, [&] { range(Setting::Width); });
  }
  void activations(const char*, const std::vector<Activation>&) {
    array(kMaxNetworks + 1, [&] { put(-1, double(kActivationCount), true); });
  }
  void features(const char*, const FeatureSet&) {
    array(kFeatureCount + 1, [&] { put(-1, double(kFeatureCount), true); });
  }
  void points(const char*, const std::vector<UserPoint>&) {
    array(40, [&] {
      put(-7, 7, false);
      put(-7, 7, false);
      put(-1, 9, false);
    });
  }

 private:
  void put(double lo, double hi, bool whole) { values.push_back(in_.value(lo, hi, whole)); }
  void range(Setting s) {
    const SettingInfo& info = setting_info(s);
    const double pad = (info.max - info.min) / 4;
    put(info.min - pad, info.max + pad, info.integer);
  }
  template <class Entry>
  void array(double most, Entry entry) {
    const double n = in_.value(-1, most, true);
    values.push_back(n);
    for (int i = 0; i < most && i < n; ++i) entry();
  }
  Reader& in_;
};

}  // namespace relulab::fuzz
