// Turns a libFuzzer input into typed values for the harnesses in this folder, in a byte format
// that tests/fuzz/make_seeds.mjs writes on purpose (seed inputs that reach deep code).
// Not a harness: no LLVMFuzzerTestOneInput here.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

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
  bool exhausted() const { return pos_ >= size_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

}  // namespace relulab::fuzz
