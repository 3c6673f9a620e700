// Tests of the config schema (schema.hpp): the public key lists, the packed round trip of every
// key (write a config, read it back, equal field by field), the refusal of values a field cannot
// hold naming the key, and the JSON writers. Not tests of the configs' validate().
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "schema.hpp"

namespace {

using namespace relulab;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

// ---- field-by-field equality, written out here independently of the visitors

bool same(const UserPoint& a, const UserPoint& b) { return a.x == b.x && a.y == b.y && a.label == b.label; }
bool same(const std::vector<UserPoint>& a, const std::vector<UserPoint>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same(a[i], b[i])) return false;
  return true;
}
bool same(const DatasetConfig& a, const DatasetConfig& b) {
  return a.kind == b.kind && a.points == b.points && a.noise == b.noise && a.train_fraction == b.train_fraction &&
         a.seed == b.seed && a.classes == b.classes && same(a.user_points, b.user_points);
}
bool same(const NetworkConfig& a, const NetworkConfig& b) {
  return a.inputs == b.inputs && a.hidden == b.hidden && a.activations == b.activations && a.maxout_k == b.maxout_k &&
         a.output == b.output && a.classes == b.classes && a.init == b.init && a.bias_init == b.bias_init &&
         a.prelu_init == b.prelu_init && a.prelu_shared == b.prelu_shared && a.leaky_a == b.leaky_a &&
         a.elu_alpha == b.elu_alpha && a.relu_grad_at_zero == b.relu_grad_at_zero && a.seed == b.seed;
}
bool same(const TrainConfig& a, const TrainConfig& b) {
  return a.optimizer == b.optimizer && a.learning_rate == b.learning_rate && a.batch_size == b.batch_size &&
         a.l2 == b.l2 && a.l1 == b.l1 && a.momentum == b.momentum;
}
bool same(const ExperimentConfig& a, const ExperimentConfig& b) {
  return same(a.data, b.data) && a.features.bits == b.features.bits && same(a.network, b.network) &&
         same(a.training, b.training) && a.activations == b.activations;
}

/// Changes the field of one key (by position in the visit order) to another value its type and
/// range allow; leaves every other field as it is.
class ChangeOne {
 public:
  explicit ChangeOne(int target) : target_(target) {}
  const char* key = nullptr;  // the key changed

  template <class T>
  void number(const char* k, std::optional<Setting> setting, T& field) {
    if (!hit(k)) return;
    if (!setting) {
      field = T(field == T(1) ? 2 : 1);
    } else if (*setting == Setting::ReluGradAtZero) {
      field = T(0.5);
    } else {
      const SettingInfo& info = setting_info(*setting);
      const double other = double(field) == info.max ? info.min : info.max;
      field = T(other);
    }
  }
  void flag(const char* k, bool& field) {
    if (hit(k)) field = !field;
  }
  template <class E>
  void choice(const char* k, std::span<const OptionInfo> table, const char*, E& field) {
    if (hit(k)) field = static_cast<E>((static_cast<int>(field) + 1) % int(table.size()));
  }
  void widths(const char* k, std::vector<int>& field) {
    if (hit(k)) field = {3, 64, 1};
  }
  void activations(const char* k, std::vector<Activation>& field) {
    if (hit(k)) field = {Activation::Tanh, Activation::Maxout};
  }
  void features(const char* k, FeatureSet& field) {
    if (hit(k)) field.bits = (1u << int(Feature::X1X2)) | (1u << int(Feature::SinX2));
  }
  void points(const char* k, std::vector<UserPoint>& field) {
    if (hit(k)) field = {{1.5, -2.25, 1}, {0.1, 6, 0}};
  }

 private:
  bool hit(const char* k) {
    if (position_++ != target_) return false;
    key = k;
    return true;
  }
  int target_;
  int position_ = 0;
};

/// The keys of a visit, in order.
class Keys {
 public:
  std::vector<std::string> keys;
  template <class T>
  void number(const char* k, std::optional<Setting>, const T&) { keys.emplace_back(k); }
  void flag(const char* k, const bool&) { keys.emplace_back(k); }
  template <class E>
  void choice(const char* k, std::span<const OptionInfo>, const char*, const E&) { keys.emplace_back(k); }
  template <class A>
  void widths(const char* k, const A&) { keys.emplace_back(k); }
  template <class A>
  void activations(const char* k, const A&) { keys.emplace_back(k); }
  void features(const char* k, const FeatureSet&) { keys.emplace_back(k); }
  template <class A>
  void points(const char* k, const A&) { keys.emplace_back(k); }
};

template <class C>
std::vector<double> packed(const C& config, std::vector<std::pair<const char*, std::size_t>>* offsets = nullptr) {
  Packer p;
  p.offsets = offsets;
  if constexpr (std::is_same_v<C, ExperimentConfig>) visit_experiment(p, config);
  else visit_network(p, config);
  return p.values;
}

}  // namespace

TEST_CASE("the schema's key lists are the public keys of docs/API.md in packing order", "[schema]") {
  Keys e, n, t, s;
  ExperimentConfig experiment;
  NetworkConfig network;
  TrainConfig training;
  visit_experiment(e, experiment);
  visit_network(n, network);
  visit_training(t, training, true);
  visit_training(s, training, false);
  using K = std::vector<std::string>;
  CHECK(e.keys == K{"dataset", "points", "noise", "trainFraction", "dataSeed", "classes", "userPoints", "features",
                    "hidden", "activations", "maxoutK", "init", "biasInit", "preluInit", "preluShared", "leakyA", "eluAlpha",
                    "reluGradAtZero", "weightSeed", "optimizer", "learningRate", "batchSize", "l2", "l1",
                    "momentum"});
  CHECK(n.keys == K{"inputs", "hidden", "activations", "maxoutK", "init", "biasInit", "preluInit", "preluShared",
                    "leakyA", "eluAlpha", "reluGradAtZero", "weightSeed", "output", "classes"});
  CHECK(t.keys == K{"optimizer", "learningRate", "batchSize", "l2", "l1", "momentum"});
  CHECK(s.keys == K{"optimizer", "learningRate", "l2", "l1", "momentum"});
}

TEST_CASE("every experiment key survives the packed round trip on its own", "[schema]") {
  Keys keys;
  ExperimentConfig defaults;
  visit_experiment(keys, defaults);
  for (int i = 0; i < int(keys.keys.size()); ++i) {
    ExperimentConfig written;
    ChangeOne change(i);
    visit_experiment(change, written);
    INFO("key " << change.key);
    REQUIRE(change.key == keys.keys[std::size_t(i)]);
    CHECK_FALSE(same(written, defaults));  // the change is visible...
    ExperimentConfig read;
    REQUIRE(read_packed(packed(written), read).ok);
    CHECK(same(read, written));  // ...and carried by its key alone
  }
}

TEST_CASE("every network key survives the packed round trip on its own", "[schema]") {
  Keys keys;
  NetworkConfig defaults;
  visit_network(keys, defaults);
  for (int i = 0; i < int(keys.keys.size()); ++i) {
    NetworkConfig written;
    ChangeOne change(i);
    visit_network(change, written);
    INFO("key " << change.key);
    CHECK_FALSE(same(written, defaults));
    NetworkConfig read;
    REQUIRE(read_packed(packed(written), read).ok);
    CHECK(same(read, written));
  }
}

TEST_CASE("training and step options round trip and the step leaves batchSize alone", "[schema]") {
  TrainConfig written;
  written.optimizer = OptimizerKind::Momentum;
  written.learning_rate = 0.125f;
  written.batch_size = 77;
  written.l2 = 0.5f;
  written.l1 = 0.0625f;
  written.momentum = 0.25f;
  for (const bool with_batch : {true, false}) {
    Packer p;
    visit_training(p, written, with_batch);
    CHECK(p.values.size() == (with_batch ? 6u : 5u));
    TrainConfig read;
    REQUIRE(read_packed(p.values, read, with_batch).ok);
    CHECK(read.optimizer == written.optimizer);
    CHECK(read.learning_rate == written.learning_rate);
    CHECK(read.l2 == written.l2);
    CHECK(read.l1 == written.l1);
    CHECK(read.momentum == written.momentum);
    CHECK(read.batch_size == (with_batch ? 77 : TrainConfig{}.batch_size));
  }
}

TEST_CASE("a value its field cannot hold is refused naming the key", "[schema]") {
  std::vector<std::pair<const char*, std::size_t>> offsets;
  const ExperimentConfig defaults;
  const std::vector<double> good = packed(defaults, &offsets);
  const auto offset = [&](std::string_view key) {
    for (const auto& [k, at] : offsets)
      if (key == k) return at;
    FAIL("no key " << key);
    return std::size_t(0);
  };
  const double kNaN = std::numeric_limits<double>::quiet_NaN();
  const auto [key, value, message] = GENERATE_COPY(table<const char*, double, const char*>({
      {"points", 2.5, "points must be a whole number from 10 to 2000 (got 2.5)"},
      {"points", 1e12, "points must be a whole number from 10 to 2000 (got 1e+12)"},
      {"dataSeed", -1, "dataSeed must be a whole number from 0 to 4294967295 (got -1)"},
      {"dataSeed", 4294967296.0, "dataSeed must be a whole number from 0 to 4294967295 (got 4294967296)"},
      {"weightSeed", 0.5, "weightSeed must be a whole number from 0 to 4294967295 (got 0.5)"},
      {"classes", kNaN, "classes must be a whole number from 2 to 8 (got nan)"},
      {"maxoutK", -1e300, "maxoutK must be a whole number from 2 to 8 (got -1e+300)"},
      {"batchSize", 10.5, "batchSize must be a whole number from 1 to 2000 (got 10.5)"},
      {"noise", 1e300, "noise must be a number from 0 to 0.5 (got 1e+300)"},
      {"learningRate", 10.0000001, "learningRate must be a number from 1e-05 to 10 (got 10.0000001)"},
      {"momentum", kNaN, "momentum must be a number from 0 to 0.999 (got nan)"},
      {"dataset", 1.5, "dataset must be a whole number (got 1.5)"},
      {"init", 1e10, "init must be a whole number (got 1e+10)"},
      {"optimizer", kNaN, "optimizer must be a whole number (got nan)"},
  }));
  std::vector<double> bad = good;
  bad[offset(key)] = value;
  ExperimentConfig read;
  const Status s = read_packed(bad, read);
  INFO(key);
  CHECK_FALSE(s.ok);
  CHECK(s.message == message);
}

TEST_CASE("array entries a field cannot hold are refused naming the key and the index", "[schema]") {
  std::vector<std::pair<const char*, std::size_t>> offsets;
  NetworkConfig config;
  config.hidden = {4, 5, 6};
  config.activations = {Activation::Relu, Activation::Tanh};
  std::vector<double> values = packed(config, &offsets);
  std::size_t hidden = 0, activations = 0;
  for (const auto& [k, at] : offsets) {
    if (std::string_view(k) == "hidden") hidden = at;
    if (std::string_view(k) == "activations") activations = at;
  }
  REQUIRE(values[hidden] == 3);
  std::vector<double> bad = values;
  bad[hidden + 2] = 5.5;
  NetworkConfig read;
  Status s = read_packed(bad, read);
  CHECK(s.message == "hidden[1]: width must be a whole number from 1 to 64 (got 5.5)");
  bad = values;
  bad[activations + 1] = std::numeric_limits<double>::infinity();
  s = read_packed(bad, read);
  CHECK(s.message == "activations must be a whole number (got inf)");
  // An entry count beyond the values left reads what is there (no wild allocation).
  bad = values;
  bad[hidden] = 1e9;
  NetworkConfig wild;
  CHECK_THAT(read_packed(bad, wild).message, StartsWith("hidden["));
  CHECK(wild.hidden.size() < bad.size());
}

TEST_CASE("feature ids a set cannot hold are refused naming features and the index", "[schema]") {
  std::vector<std::pair<const char*, std::size_t>> offsets;
  const std::vector<double> good = packed(ExperimentConfig{}, &offsets);
  std::size_t at = 0;
  for (const auto& [k, position] : offsets)
    if (std::string_view(k) == "features") at = position;
  REQUIRE(good[at] == 2);  // the default: x1, x2 as ids 0, 1
  REQUIRE(good[at + 1] == 0);
  REQUIRE(good[at + 2] == 1);
  const auto [index, value, message] = GENERATE(table<int, double, const char*>({
      {1, 7, "features[1] must be one of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2 (got 7)"},
      {0, -1, "features[0] must be one of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2 (got -1)"},
      {1, 2.5, "features[1] must be one of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2 (got 2.5)"},
      {1, 0, "features[1] repeats x1 (each feature at most once)"},
  }));
  std::vector<double> bad = good;
  bad[at + 1 + std::size_t(index)] = value;
  ExperimentConfig read;
  CHECK(read_packed(bad, read).message == message);
  // Listed in any order, a set reads the same.
  std::vector<double> swapped = good;
  std::swap(swapped[at + 1], swapped[at + 2]);
  REQUIRE(read_packed(swapped, read).ok);
  CHECK(read.features == FeatureSet{});
}

TEST_CASE("the JSON writers name every key once with its value and its kind", "[schema]") {
  ExperimentConfig experiment;
  experiment.data.user_points = {{1.5, -2, 1}};
  ConfigWriter values;
  KindWriter kinds;
  Keys keys;
  visit_experiment(values, experiment);
  visit_experiment(kinds, experiment);
  visit_experiment(keys, experiment);
  for (const std::string& k : keys.keys) {
    INFO(k);
    CHECK_THAT(values.json.text, Contains("\"" + k + "\":"));
    CHECK_THAT(kinds.json.text, Contains("\"" + k + "\":\""));
  }
  CHECK_THAT(values.json.text, StartsWith("\"dataset\":\"spiral\",\"points\":500,\"noise\":0.1,"));
  CHECK_THAT(values.json.text, Contains("\"userPoints\":[{\"x\":1.5,\"y\":-2,\"label\":1}]"));
  CHECK_THAT(values.json.text, Contains("\"features\":[\"x1\",\"x2\"],\"hidden\":[8,8],\"activations\":[\"relu\",\"leaky_relu\","));
  CHECK_THAT(kinds.json.text, Contains("\"features\":\"features\""));
  CHECK_THAT(kinds.json.text, StartsWith("\"dataset\":\"datasets\",\"points\":\"number\","));
  CHECK_THAT(kinds.json.text, Contains("\"preluShared\":\"boolean\""));
  CHECK(training_json(TrainConfig{}) ==
        R"({"optimizer":"adam","learningRate":0.03,"batchSize":10,"l2":0,"l1":0,"momentum":0.9})");
}

namespace {
/// Checks that each number key is its setting's public key and its field starts at the
/// setting's default (so a key bound to the wrong field shows).
class SettingKeys {
 public:
  template <class T>
  void number(const char* k, std::optional<Setting> setting, const T& field) {
    INFO(k);
    if (!setting) return;
    const SettingInfo& info = setting_info(*setting);
    CHECK(std::string(info.key) == k);
    // The experiment's data classes default to 0, the dataset's own count.
    if (std::string(k) != "classes" || field != T(0)) CHECK(double(field) == double(T(info.default_value)));
  }
  void flag(const char*, const bool&) {}
  template <class E>
  void choice(const char*, std::span<const OptionInfo>, const char*, const E&) {}
  template <class A>
  void widths(const char*, const A&) {}
  template <class A>
  void activations(const char*, const A&) {}
  void features(const char*, const FeatureSet&) {}
  template <class A>
  void points(const char*, const A&) {}
};
}  // namespace

TEST_CASE("number keys are their setting's key and start at its default", "[schema]") {
  SettingKeys check;
  ExperimentConfig experiment;
  NetworkConfig network;
  visit_experiment(check, experiment);
  visit_network(check, network);
}

TEST_CASE("lab.activation parameters are checked as given under their settings' names", "[schema]") {
  CHECK(check_activation_params(Activation::LeakyRelu, 0.5, 1, 0).ok);
  CHECK(check_activation_params(Activation::LeakyRelu, 1.0000001, 1, 0).message ==
        "leakyA must be a number from 0 to 1 (got 1.0000001)");
  CHECK(check_activation_params(Activation::Prelu, -1.5, 1, 0).message ==
        "preluInit must be a number from -1 to 1 (got -1.5)");
  CHECK(check_activation_params(Activation::Elu, 0, 0.001, 0).message ==
        "eluAlpha must be a number from 0.01 to 10 (got 0.001)");
  CHECK(check_activation_params(Activation::Relu, 0, 1, 0.25).message == "reluGradAtZero must be 0, 0.5 or 1 (got 0.25)");
  // Parameters an activation does not use are not checked.
  CHECK(check_activation_params(Activation::Tanh, 99, -5, 0.25).ok);
}
