// The packed reader's narrowing checks, the JSON writers' array fields and the check of
// lab.activation's parameters (schema.hpp).
#include "schema.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

namespace relulab {
namespace {

/// The refusal of a value an integer field cannot hold: the setting's own range message when
/// the value is outside it, else "<key> must be a whole number (got <value>)".
Status not_whole(const char* key, std::optional<Setting> setting, double d) {
  if (setting)
    if (Status s = check_setting(*setting, d); !s.ok) return s;
  return Status::error(std::string(key) + " must be a whole number (got " + format_number(d) + ")");
}

template <class T>
bool holds(double d) {
  return d >= double(std::numeric_limits<T>::lowest()) && d <= double(std::numeric_limits<T>::max()) &&
         d == std::trunc(d);
}

template <class T>
Status narrow_integer(const char* key, std::optional<Setting> setting, double d, T& field) {
  if (!holds<T>(d)) return not_whole(key, setting, d);
  field = T(d);
  return Status::success();
}

}  // namespace

Status PackedReader::narrow(const char* key, std::optional<Setting> setting, double d, int& field) {
  return narrow_integer(key, setting, d, field);
}
Status PackedReader::narrow(const char* key, std::optional<Setting> setting, double d, std::uint32_t& field) {
  return narrow_integer(key, setting, d, field);
}
Status PackedReader::narrow(const char*, std::optional<Setting> setting, double d, float& field) {
  // The value as given is checked, then rounded: 10.0000001 is refused for learningRate
  // although it rounds to 10.0f.
  if (setting)
    if (Status s = check_setting(*setting, d); !s.ok) return s;
  field = float(d);
  return Status::success();
}

/// An enum value: a whole number in int's range (which one is validate()'s to check).
int PackedReader::whole(const char* key, double d) {
  if (holds<int>(d)) return int(d);
  if (status.ok) status = not_whole(key, std::nullopt, d);
  return 0;
}

/// An array's entry count, bounded by what is left (the wrapper packs correctly; this only
/// keeps a malformed call from allocating wildly).
std::size_t PackedReader::count(std::size_t per_entry) {
  const double n = next();
  const std::size_t left = (values_.size() - pos_) / per_entry;
  return n >= 0 && n <= double(left) ? std::size_t(n) : left;
}

void PackedReader::widths(const char* key, std::vector<int>& field) {
  field.assign(count(1), 0);
  for (std::size_t i = 0; i < field.size() && status.ok; ++i) {
    status = narrow(key, Setting::Width, next(), field[i]);
    if (!status.ok) status.message = std::string(key) + "[" + std::to_string(i) + "]: " + status.message;
  }
}

void PackedReader::activations(const char* key, std::vector<Activation>& field) {
  field.assign(count(1), Activation::Linear);
  for (Activation& a : field) a = static_cast<Activation>(whole(key, next()));
}

void PackedReader::features(const char* key, FeatureSet& field) {
  field.bits = 0;
  const std::size_t n = count(1);
  for (std::size_t i = 0; i < n; ++i) {
    const double d = next();
    if (!status.ok) continue;
    const std::string at = std::string(key) + "[" + std::to_string(i) + "]";
    if (!holds<int>(d) || d < 0 || d >= kFeatureCount) {
      status = Status::error(at + " must be one of " + feature_keys(applicable_features(2)) + " (got " + format_number(d) + ")");
    } else if (field.has(Feature(int(d)))) {
      status = Status::error(at + " repeats " + kFeatures[int(d)].key + " (each feature at most once)");
    } else {
      field.bits |= 1u << int(d);
    }
  }
}

void PackedReader::points(const char*, std::vector<UserPoint>& field) {
  field.assign(count(3), UserPoint{});
  for (UserPoint& p : field) {
    p.x = next();
    p.y = next();
    p.label = next();
  }
}

Status read_packed(std::span<const double> values, ExperimentConfig& config) {
  PackedReader reader(values);
  visit_experiment(reader, config);
  return reader.status;
}
Status read_packed(std::span<const double> values, NetworkConfig& config) {
  PackedReader reader(values);
  visit_network(reader, config);
  return reader.status;
}
Status read_packed(std::span<const double> values, TrainConfig& config, bool with_batch) {
  PackedReader reader(values);
  visit_training(reader, config, with_batch);
  return reader.status;
}

const char* ConfigWriter::option_key(std::span<const OptionInfo> table, int value) {
  for (const OptionInfo& o : table)
    if (o.value == value) return o.key;
  return "";
}

void ConfigWriter::widths(const char* key, const std::vector<int>& field) {
  json.key(key).open('[');
  for (int w : field) json.num(w);
  json.close(']');
}

void ConfigWriter::activations(const char* key, const std::vector<Activation>& field) {
  json.key(key).open('[');
  for (Activation a : field) json.str(activation_info(a).key);
  json.close(']');
}

void ConfigWriter::features(const char* key, const FeatureSet& field) {
  json.key(key).open('[');
  for (const FeatureInfo& f : kFeatures)
    if (field.has(f.id)) json.str(f.key);
  json.close(']');
}

void ConfigWriter::points(const char* key, const std::vector<UserPoint>& field) {
  json.key(key).open('[');
  for (const UserPoint& p : field)
    json.open('{').key("x").num(p.x).key("y").num(p.y).key("label").num(p.label).close('}');
  json.close(']');
}

std::string training_json(const TrainConfig& training) {
  ConfigWriter w;
  w.json.open('{');
  visit_training(w, training, true);
  w.json.close('}');
  return w.json.text;
}

Status check_activation_params(Activation activation, double a, double alpha, double relu_grad_at_zero) {
  Status s = Status::success();
  if (activation == Activation::LeakyRelu) s = check_setting(Setting::LeakyA, a);
  if (activation == Activation::Prelu) s = check_setting(Setting::PreluInit, a);
  if (activation == Activation::Elu) s = check_setting(Setting::EluAlpha, alpha);
  if (activation == Activation::Relu) s = check_setting(Setting::ReluGradAtZero, relu_grad_at_zero);
  if (!s.ok) return s;
  return validate_params(activation, ActivationParams{float(a), float(alpha), float(relu_grad_at_zero)});
}

}  // namespace relulab
