// relulab::bit_cast: the bits of a value as another type of the same size, like C++20's
// std::bit_cast, which Emscripten 3.1.6's libc++ lacks (docs/CONTRIBUTING.md, "Toolchain").
// memcpy of a local compiles to a register move on both targets. The one substitute in the repo.
#pragma once
#include <cstring>
#include <type_traits>

namespace relulab {

template <class To, class From>
inline To bit_cast(const From& from) {
  static_assert(sizeof(To) == sizeof(From) && std::is_trivially_copyable_v<To> && std::is_trivially_copyable_v<From>);
  To to;
  std::memcpy(&to, &from, sizeof to);
  return to;
}

}  // namespace relulab
