// The config schema: the public key of every field of the lab's configs (lab.experiment's flat
// config, lab.network's config, the training and step options) in one place, the visit_* lists
// below, walked by visitors: the packed reader (configs cross the wasm boundary as doubles in
// this key order), the JSON writers of defaults and of each key's kind (tables.cpp publishes
// both), a packer for native tests, and the fuzzers' byte reader (tests/fuzz/reader.hpp).
// Not a validator: reading refuses only a value its field's C++ type cannot hold; the ranges are
// checked by the validate() of each config.
#pragma once
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "experiment.hpp"
#include "json.hpp"

namespace relulab {

// ---------------------------------------------------------------------------------------------
// The keys. A visitor has number(key, setting, field) (the setting whose range the field takes,
// if any), flag(key, field), choice(key, option table, table name, field), widths, activations,
// features and points (arrays, packed as a count then their entries; features as their enum
// values, a set written in table order; points as x, y, label triples).

template <class V, class C>
void visit_data(V& v, C& d) {
  v.choice("dataset", kDatasets, "datasets", d.kind);
  v.number("points", Setting::Points, d.points);
  v.number("noise", Setting::Noise, d.noise);
  v.number("trainFraction", Setting::TrainFraction, d.train_fraction);
  v.number("dataSeed", Setting::DataSeed, d.seed);
  v.number("classes", Setting::Classes, d.classes);
  v.points("userPoints", d.user_points);
}

/// Hidden layers and initialisation; `activations` is the network's own list (lab.network) or
/// the list of compared activations (lab.experiment).
template <class V, class C, class A>
void visit_architecture(V& v, C& n, A& activations) {
  v.widths("hidden", n.hidden);
  v.activations("activations", activations);
  v.number("maxoutK", Setting::MaxoutK, n.maxout_k);
  v.choice("init", kInitSchemes, "initSchemes", n.init);
  v.number("biasInit", Setting::BiasInit, n.bias_init);
  v.number("preluInit", Setting::PreluInit, n.prelu_init);
  v.flag("preluShared", n.prelu_shared);
  v.number("leakyA", Setting::LeakyA, n.leaky_a);
  v.number("eluAlpha", Setting::EluAlpha, n.elu_alpha);
  v.number("reluGradAtZero", Setting::ReluGradAtZero, n.relu_grad_at_zero);
  v.number("weightSeed", Setting::WeightSeed, n.seed);
}

/// Optimiser settings; without batchSize for lab.network's step options (the batch is the data
/// passed in).
template <class V, class C>
void visit_training(V& v, C& t, bool with_batch) {
  v.choice("optimizer", kOptimizers, "optimizers", t.optimizer);
  v.number("learningRate", Setting::LearningRate, t.learning_rate);
  if (with_batch) v.number("batchSize", Setting::BatchSize, t.batch_size);
  v.number("l2", Setting::L2, t.l2);
  v.number("l1", Setting::L1, t.l1);
  v.number("momentum", Setting::Momentum, t.momentum);
}

/// lab.experiment's one flat config.
template <class V, class C>
void visit_experiment(V& v, C& e) {
  visit_data(v, e.data);
  v.features("features", e.features);
  visit_architecture(v, e.network, e.activations);
  visit_training(v, e.training, true);
}

/// lab.network's config.
template <class V, class C>
void visit_network(V& v, C& n) {
  v.number("inputs", std::nullopt, n.inputs);
  visit_architecture(v, n, n.activations);
  v.choice("output", kOutputKinds, "outputKinds", n.output);
  v.number("classes", Setting::Classes, n.classes);
}

// ---------------------------------------------------------------------------------------------
// Packed configs: doubles in key order, as JS numbers arrive.

/// Reads a packed config: every field in key order (values past the end read as 0). A value the
/// field's C++ type cannot hold exactly (2.5 for an integer or an enum, -1 for a seed, 1e300 for
/// a float) is refused with the core's own range message instead of being truncated; all else is
/// validate()'s to check. `status` holds the first refusal.
class PackedReader {
 public:
  explicit PackedReader(std::span<const double> values) : values_(values) {}
  Status status;

  template <class T>
  void number(const char* key, std::optional<Setting> setting, T& field) {
    const double d = next();
    if (status.ok) status = narrow(key, setting, d, field);
  }
  void flag(const char*, bool& field) { field = next() != 0.0; }
  template <class E>
  void choice(const char* key, std::span<const OptionInfo>, const char*, E& field) {
    field = static_cast<E>(whole(key, next()));
  }
  void widths(const char* key, std::vector<int>& field);
  void activations(const char* key, std::vector<Activation>& field);
  /// Refuses an id outside the table and a feature listed twice, naming features[i].
  void features(const char* key, FeatureSet& field);
  void points(const char* key, std::vector<UserPoint>& field);

 private:
  double next() { return pos_ < values_.size() ? values_[pos_++] : 0.0; }
  std::size_t count(std::size_t per_entry);
  int whole(const char* key, double d);
  static Status narrow(const char* key, std::optional<Setting> setting, double d, int& field);
  static Status narrow(const char* key, std::optional<Setting> setting, double d, std::uint32_t& field);
  static Status narrow(const char* key, std::optional<Setting> setting, double d, float& field);
  std::span<const double> values_;
  std::size_t pos_ = 0;
};

/// Reads a packed config into `config` (the defaults, or what the caller starts from); the
/// first value a field cannot hold is refused naming its key. Not validated.
Status read_packed(std::span<const double> values, ExperimentConfig& config);
Status read_packed(std::span<const double> values, NetworkConfig& config);
Status read_packed(std::span<const double> values, TrainConfig& config, bool with_batch);

/// Writes a config packed in key order (enums as their values): what wasm/relulab.mjs sends, for
/// native tests. `offsets` (if given) receives each key's position.
class Packer {
 public:
  std::vector<double> values;
  std::vector<std::pair<const char*, std::size_t>>* offsets = nullptr;

  template <class T>
  void number(const char* key, std::optional<Setting>, const T& field) { put(key, double(field)); }
  void flag(const char* key, const bool& field) { put(key, field ? 1.0 : 0.0); }
  template <class E>
  void choice(const char* key, std::span<const OptionInfo>, const char*, const E& field) {
    put(key, double(static_cast<int>(field)));
  }
  void widths(const char* key, const std::vector<int>& field) {
    put(key, double(field.size()));
    for (int w : field) values.push_back(double(w));
  }
  void activations(const char* key, const std::vector<Activation>& field) {
    put(key, double(field.size()));
    for (Activation a : field) values.push_back(double(static_cast<int>(a)));
  }
  void features(const char* key, const FeatureSet& field) {
    put(key, 0.0);
    const std::size_t count = values.size() - 1;
    for (const FeatureInfo& f : kFeatures)
      if (field.has(f.id)) values.push_back(double(static_cast<int>(f.id)));
    values[count] = double(values.size() - count - 1);
  }
  void points(const char* key, const std::vector<UserPoint>& field) {
    put(key, double(field.size()));
    for (const UserPoint& p : field) values.insert(values.end(), {p.x, p.y, p.label});
  }

 private:
  void put(const char* key, double v) {
    if (offsets) offsets->emplace_back(key, values.size());
    values.push_back(v);
  }
};

// ---------------------------------------------------------------------------------------------
// JSON: the defaults and each key's kind (tables.cpp), the training options of an experiment.

/// Writes a config's fields as JSON members (enums as their table ids).
class ConfigWriter {
 public:
  Json json;
  template <class T>
  void number(const char* key, std::optional<Setting>, const T& field) { json.key(key).num(double(field)); }
  void flag(const char* key, const bool& field) { json.key(key).boolean(field); }
  template <class E>
  void choice(const char* key, std::span<const OptionInfo> table, const char*, const E& field) {
    json.key(key).str(option_key(table, static_cast<int>(field)));
  }
  void widths(const char* key, const std::vector<int>& field);
  void activations(const char* key, const std::vector<Activation>& field);
  void features(const char* key, const FeatureSet& field);
  void points(const char* key, const std::vector<UserPoint>& field);
  static const char* option_key(std::span<const OptionInfo> table, int value);
};

/// Writes each key's JS kind as JSON members: number, boolean, widths, activations, features, points, or
/// the name of the option table (datasets, initSchemes, optimizers, outputKinds) whose ids it takes.
class KindWriter {
 public:
  Json json;
  template <class T>
  void number(const char* key, std::optional<Setting>, const T&) { json.key(key).str("number"); }
  void flag(const char* key, const bool&) { json.key(key).str("boolean"); }
  template <class E>
  void choice(const char* key, std::span<const OptionInfo>, const char* table, const E&) { json.key(key).str(table); }
  void widths(const char* key, const std::vector<int>&) { json.key(key).str("widths"); }
  void activations(const char* key, const std::vector<Activation>&) { json.key(key).str("activations"); }
  void features(const char* key, const FeatureSet&) { json.key(key).str("features"); }
  void points(const char* key, const std::vector<UserPoint>&) { json.key(key).str("points"); }
};

/// Training options as a JSON object (ids as table keys): what lab.experiment's training() returns.
std::string training_json(const TrainConfig& training);

/// lab.activation's parameters as the caller gave them (doubles, checked before rounding under
/// the names of the settings they take their ranges from: leakyA or preluInit for a, eluAlpha
/// for alpha, reluGradAtZero), then validate_params on their float values.
Status check_activation_params(Activation activation, double a, double alpha, double relu_grad_at_zero);

}  // namespace relulab
