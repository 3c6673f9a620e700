// Status: the result of validating a setting or running an operation that can be refused.
// Not an exception: the wasm build has exceptions off, so every refusal travels as a Status
// whose message names the setting (by its public camelCase name) and its allowed range.
#pragma once
#include <string>
#include <utility>

namespace relulab {

struct Status {
  bool ok = true;
  std::string message;  // empty when ok

  static Status success() { return {}; }
  static Status error(std::string message) { return {false, std::move(message)}; }
  explicit operator bool() const { return ok; }
};

}  // namespace relulab
