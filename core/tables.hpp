// Every table the core publishes, as one JSON text that the wasm module exports once at load
// time (wasm/relulab.mjs reads it): settings, activations, input features, the option tables, the defaults and
// key kinds of every config (schema.hpp), the result layouts (layouts.hpp) and the API's limits.
// Not a parser, and not read by the core itself.
#pragma once
#include <string>

namespace relulab {

/// The tables as JSON: {settings, activations, features, datasets, initSchemes, optimizers, outputKinds,
/// reluGradAtZeroChoices, defaults, schemas, layouts, constants}.
std::string tables_json();

}  // namespace relulab
