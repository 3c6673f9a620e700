// The tables JSON (tables.hpp): each table written from the core's own lists.
#include "tables.hpp"

#include <span>

#include "layouts.hpp"
#include "schema.hpp"

namespace relulab {
namespace {

const char* failure_key(Failure f) {
  switch (f) {
    case Failure::None: return "none";
    case Failure::Dies: return "dies";
    case Failure::Inactive: return "inactive";
    case Failure::Saturates: return "saturates";
    case Failure::DeadPieces: return "deadPieces";
  }
  return "";
}

void setting_json(Json& j, const SettingInfo& s) {
  j.open('{').key("key").str(s.key).key("min").num(s.min).key("max").num(s.max);
  j.key("default").num(s.default_value).key("integer").boolean(s.integer);
  j.key("nameEn").str(s.name_en).key("nameZh").str(s.name_zh).close('}');
}

void options_json(Json& j, const char* key, std::span<const OptionInfo> table) {
  j.key(key).open('[');
  for (const OptionInfo& o : table)
    j.open('{').key("id").str(o.key).key("value").num(o.value).key("nameEn").str(o.name_en).key("nameZh").str(o.name_zh).close('}');
  j.close(']');
}

/// `key`: an object of the members a visitor writes.
template <class Visitor, class Walk>
void visitor_json(Json& j, const char* key, Walk&& walk) {
  Visitor v;
  walk(v);
  j.key(key).open('{');
  j.text += v.json.text;
  j.close('}');
}

template <class T>
void layout_json(Json& j, const T& sample) {
  visitor_json<LayoutWriter>(j, layout_name(sample), [&](LayoutWriter& w) { visit_fields(w, sample); });
}

}  // namespace

std::string tables_json() {
  Json j;
  j.open('{').key("settings").open('[');
  for (const SettingInfo& s : kSettings) setting_json(j, s);
  j.close(']').key("activations").open('[');
  for (const ActivationInfo& info : kActivations) {
    j.open('{').key("id").str(info.key).key("value").num(int(info.id));
    j.key("nameEn").str(info.name_en).key("nameZh").str(info.name_zh).key("params").open('[');
    for (int p = 0; p < info.param_count; ++p) setting_json(j, setting_info(info.params[p]));
    const ActivationParams d = default_params(info.id);
    j.close(']').key("defaultParams").open('{').key("a").num(d.a).key("alpha").num(d.alpha);
    j.key("reluGradAtZero").num(d.relu_grad_at_zero).close('}').key("kinks").open('[');
    for (int k = 0; k < info.kink_count; ++k) j.num(info.kinks[k]);
    j.close(']').key("failure").str(failure_key(info.failure)).key("grouped").boolean(info.grouped);
    j.key("piecewiseLinear").boolean(info.piecewise_linear).close('}');
  }
  j.close(']');
  j.key("features").open('[');
  for (const FeatureInfo& f : kFeatures) {
    j.open('{').key("id").str(f.key).key("value").num(int(f.id)).key("symbol").str(f.symbol);
    j.key("nameEn").str(f.name_en).key("nameZh").str(f.name_zh).key("usesX2").boolean(f.uses_x2).close('}');
  }
  j.close(']');
  options_json(j, "datasets", kDatasets);
  options_json(j, "initSchemes", kInitSchemes);
  options_json(j, "optimizers", kOptimizers);
  options_json(j, "outputKinds", kOutputKinds);
  j.key("reluGradAtZeroChoices").open('[');
  for (float c : kReluGradAtZeroChoices) j.num(c);
  j.close(']');

  ExperimentConfig experiment;
  NetworkConfig network;
  TrainConfig training;
  j.key("defaults").open('{');
  visitor_json<ConfigWriter>(j, "experiment", [&](ConfigWriter& w) { visit_experiment(w, experiment); });
  visitor_json<ConfigWriter>(j, "network", [&](ConfigWriter& w) { visit_network(w, network); });
  visitor_json<ConfigWriter>(j, "training", [&](ConfigWriter& w) { visit_training(w, training, true); });
  j.close('}').key("schemas").open('{');
  visitor_json<KindWriter>(j, "experiment", [&](KindWriter& s) { visit_experiment(s, experiment); });
  visitor_json<KindWriter>(j, "network", [&](KindWriter& s) { visit_network(s, network); });
  visitor_json<KindWriter>(j, "training", [&](KindWriter& s) { visit_training(s, training, true); });
  visitor_json<KindWriter>(j, "step", [&](KindWriter& s) { visit_training(s, training, false); });
  j.close('}').key("layouts").open('{');
  layout_json(j, EpochRecord{});
  layout_json(j, NetworkSummary{});
  layout_json(j, LayerShape{});
  layout_json(j, NetworkDiagnostics{});
  layout_json(j, LayerDiagnostics{});
  layout_json(j, UnitDiagnostics{});
  layout_json(j, UnitRecord{});
  layout_json(j, UnitPush{});
  layout_json(j, UnitHistoryResult{});
  j.close('}').key("constants").open('{').key("box").num(kBox).key("maxNetworks").num(kMaxNetworks);
  j.key("maxUserPoints").num(kMaxUserPoints).key("maxSamplesPerCall").num(kMaxSamplesPerCall);
  j.key("maxEpochsPerCall").num(kMaxEpochsPerCall).key("maxCurveValues").num(kMaxCurveValues);
  j.key("maxWorkspaceBytes").num(double(kMaxWorkspaceBytes)).key("maxHistoryRecords").num(double(Experiment::kHistoryLimit));
  j.close('}').close('}');
  return j.text;
}

}  // namespace relulab
