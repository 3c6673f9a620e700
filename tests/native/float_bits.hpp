// Float bit patterns for the native tests. memcpy rather than std::bit_cast: Emscripten 3.1.6's
// libc++ has no <bit> bit_cast, and some of these tests are also built for wasm.
#pragma once
#include <cstdint>
#include <cstring>

inline std::uint32_t bits(float x) {
  std::uint32_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

inline float from_bits(std::uint32_t b) {
  float x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}
