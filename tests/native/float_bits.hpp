// Float bit patterns for the native tests, through the core's bit_cast (core/bit_cast.hpp).
#pragma once
#include <cstdint>

#include "bit_cast.hpp"

inline std::uint32_t bits(float x) { return relulab::bit_cast<std::uint32_t>(x); }
inline float from_bits(std::uint32_t b) { return relulab::bit_cast<float>(b); }
