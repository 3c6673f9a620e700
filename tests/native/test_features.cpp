// Tests of the input features (core/features.cpp) and of the experiment reading its points through
// them: each formula against values worked out by hand, the mapping's order and its 1-D rule, the
// refusals, and training, test metrics, diagnostics and the grid job against a network fed points
// mapped here by hand. The default features leave every result as it was: the golden hashes of
// test_experiment.cpp, pinned before features existed, are unchanged.
#include <cmath>
#include <numbers>
#include <vector>

#include <catch2/catch.hpp>

#include "experiment.hpp"
#include "features.hpp"
#include "float_bits.hpp"
#include "grid_job.hpp"

using namespace relulab;
using Catch::Matchers::WithinAbs;

namespace {

FeatureSet set_of(std::initializer_list<Feature> features) {
  FeatureSet set;
  set.bits = 0;
  for (Feature f : features) set.bits |= 1u << int(f);
  return set;
}

/// The features of (x1, x2) in table order, written out here: the reference for map_features.
/// sin through std::sin in double, rounded once (the core's portable sin agrees to ~1e-16).
std::vector<float> by_hand(FeatureSet set, float x1, float x2) {
  const float all[] = {x1, x2, x1 * x1, x2 * x2, x1 * x2, float(std::sin(double(x1))), float(std::sin(double(x2)))};
  std::vector<float> out;
  for (int f = 0; f < 7; ++f)
    if (set.has(Feature(f))) out.push_back(all[f]);
  return out;
}

/// The rows of a 2-D data set (n, 2) mapped by hand.
std::vector<float> map_by_hand(FeatureSet set, std::span<const float> xy) {
  std::vector<float> out;
  for (std::size_t i = 0; i + 1 < xy.size(); i += 2) {
    const std::vector<float> row = by_hand(set, xy[i], xy[i + 1]);
    out.insert(out.end(), row.begin(), row.end());
  }
  return out;
}

ExperimentConfig experiment_on(DatasetKind kind, FeatureSet features, std::vector<int> hidden) {
  ExperimentConfig c;
  c.data.kind = kind;
  c.data.points = 120;
  c.features = features;
  c.network.hidden = std::move(hidden);
  c.activations = {Activation::Relu};
  return c;
}

/// The network an experiment builds for its first activation, set up here from the config.
Network reference_network(const ExperimentConfig& c, int inputs) {
  NetworkConfig n = c.network;
  n.activations = {c.activations[0]};
  n.inputs = inputs;
  n.output = OutputKind::Binary;
  n.classes = 2;
  return Network(n);
}

}  // namespace

TEST_CASE("each feature's value at hand-worked points", "[features]") {
  // (2, -3): x1 2, x2 -3, x1² 4, x2² 9, x1x2 -6, sin 2 = 0.909297426825682, sin(-3) = -0.141120008059867.
  CHECK(feature_value(Feature::X1, 2, -3) == 2.0f);
  CHECK(feature_value(Feature::X2, 2, -3) == -3.0f);
  CHECK(feature_value(Feature::X1Squared, 2, -3) == 4.0f);
  CHECK(feature_value(Feature::X2Squared, 2, -3) == 9.0f);
  CHECK(feature_value(Feature::X1X2, 2, -3) == -6.0f);
  CHECK_THAT(feature_value(Feature::SinX1, 2, -3), WithinAbs(0.909297426825682, 1e-7));
  CHECK_THAT(feature_value(Feature::SinX2, 2, -3), WithinAbs(-0.141120008059867, 1e-7));
  // sin at 0, at pi/6 (1/2), at -pi/2 (-1) and at 6 (the box's edge: -0.279415498198926).
  CHECK(feature_value(Feature::SinX1, 0, 0) == 0.0f);
  CHECK_THAT(feature_value(Feature::SinX1, float(std::numbers::pi / 6), 0), WithinAbs(0.5, 1e-7));
  CHECK_THAT(feature_value(Feature::SinX2, 0, float(-std::numbers::pi / 2)), WithinAbs(-1.0, 1e-7));
  CHECK_THAT(feature_value(Feature::SinX1, 6, 0), WithinAbs(-0.279415498198926, 1e-7));
  // (-1.5, 0.5): x1² 2.25, x2² 0.25, x1x2 -0.75.
  CHECK(feature_value(Feature::X1Squared, -1.5f, 0.5f) == 2.25f);
  CHECK(feature_value(Feature::X2Squared, -1.5f, 0.5f) == 0.25f);
  CHECK(feature_value(Feature::X1X2, -1.5f, 0.5f) == -0.75f);
}

TEST_CASE("map_features writes each point's features in table order", "[features]") {
  const float raw[] = {2, -3, -1.5f, 0.5f};
  // Given as {sin x1, x1x2, x1}, read in table order: x1, x1x2, sin x1.
  const FeatureSet set = set_of({Feature::SinX1, Feature::X1X2, Feature::X1});
  REQUIRE(feature_count(set, 2) == 3);
  std::vector<float> out(6);
  map_features(set, 2, raw, 2, out);
  CHECK(out[0] == 2.0f);
  CHECK(out[1] == -6.0f);
  CHECK_THAT(out[2], WithinAbs(0.909297426825682, 1e-7));
  CHECK(out[3] == -1.5f);
  CHECK(out[4] == -0.75f);
  CHECK_THAT(out[5], WithinAbs(-0.997494986604054, 1e-7));  // sin(-1.5)
  // Every feature at once, against the hand formulas.
  FeatureSet all;
  all.bits = 0x7f;
  std::vector<float> every(14);
  map_features(all, 2, raw, 2, every);
  const std::vector<float> expected = map_by_hand(all, raw);
  for (std::size_t i = 0; i < every.size(); ++i) CHECK_THAT(every[i], WithinAbs(expected[i], 1e-7));
}

TEST_CASE("on 1-D data only the features of x1 apply", "[features]") {
  const float raw[] = {3, -0.5f};
  CHECK(feature_count(FeatureSet{}, 1) == 1);  // the default x1, x2 reads x1 alone
  CHECK(applicable_features(1) == ((1u << int(Feature::X1)) | (1u << int(Feature::X1Squared)) | (1u << int(Feature::SinX1))));
  CHECK(applicable_features(2) == 0x7fu);
  const FeatureSet set = set_of({Feature::X2, Feature::X1Squared, Feature::X1X2, Feature::SinX1});
  REQUIRE(feature_count(set, 1) == 2);
  std::vector<float> out(4);
  map_features(set, 1, raw, 2, out);
  CHECK(out[0] == 9.0f);
  CHECK_THAT(out[1], WithinAbs(0.141120008059867, 1e-7));  // sin 3
  CHECK(out[2] == 0.25f);
  CHECK_THAT(out[3], WithinAbs(-0.479425538604203, 1e-7));  // sin(-0.5)
  CHECK(validate_features(set, 1).ok);
}

TEST_CASE("a feature set with nothing to read is refused naming features and the allowed keys", "[features]") {
  FeatureSet none;
  none.bits = 0;
  CHECK(validate_features(none, 2).message == "features must include at least one of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2 (got none)");
  CHECK(validate_features(set_of({Feature::X2, Feature::X1X2}), 1).message ==
        "features must include at least one of x1, x1sq, sinx1 for a 1-D data set (got x2, x1x2)");
  FeatureSet unknown;
  unknown.bits = 0x81;
  CHECK(validate_features(unknown, 2).message ==
        "features must be a set of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2 (got unknown bits)");
  // Through the experiment, before anything is built.
  ExperimentConfig c = experiment_on(DatasetKind::AbsX, set_of({Feature::SinX2}), {4});
  CHECK(Experiment::validate(c).message ==
        "features must include at least one of x1, x1sq, sinx1 for a 1-D data set (got sinx2)");
  c.features = set_of({Feature::SinX2, Feature::SinX1});
  CHECK(Experiment::validate(c).ok);
}

TEST_CASE("the default features feed the raw points unchanged", "[features]") {
  for (DatasetKind kind : {DatasetKind::Spiral, DatasetKind::KinkX}) {
    Experiment e(experiment_on(kind, FeatureSet{}, {4}));
    INFO("dataset " << int(kind));
    CHECK(e.inputs() == e.data().dims);
    CHECK(e.network(0).config().inputs == e.data().dims);
    REQUIRE(e.train_inputs().size() == e.data().train_x.size());
    for (std::size_t i = 0; i < e.train_inputs().size(); ++i) CHECK(bits(e.train_inputs()[i]) == bits(e.data().train_x[i]));
    for (std::size_t i = 0; i < e.test_inputs().size(); ++i) CHECK(bits(e.test_inputs()[i]) == bits(e.data().test_x[i]));
  }
}

TEST_CASE("training, test metrics and diagnostics read the features of each point", "[features]") {
  // Full-batch SGD: one epoch is one step on the whole training set, whose result does not
  // depend on the shuffle (only on the order of the gradient's sum, hence the tolerance).
  ExperimentConfig c = experiment_on(DatasetKind::Circle, set_of({Feature::X2, Feature::X1Squared, Feature::X1X2}), {5});
  c.training.optimizer = OptimizerKind::Sgd;
  c.training.learning_rate = 0.05f;
  Dataset data;
  REQUIRE(generate_dataset(c.data, data).ok);
  c.training.batch_size = data.train_count();
  REQUIRE(Experiment::validate(c).ok);
  Experiment e(c);
  Network ref = reference_network(c, 3);
  REQUIRE(e.network(0).parameters().size() == ref.parameters().size());
  for (std::size_t i = 0; i < ref.parameters().size(); ++i) REQUIRE(bits(e.network(0).parameters()[i]) == bits(ref.parameters()[i]));

  const std::vector<float> train_x = map_by_hand(c.features, data.train_x);
  const std::vector<float> test_x = map_by_hand(c.features, data.test_x);
  e.train(1);
  ref.train_batch(train_x, data.train_y, data.train_count(), c.training);
  for (std::size_t i = 0; i < ref.parameters().size(); ++i)
    CHECK_THAT(e.network(0).parameters()[i], WithinAbs(ref.parameters()[i], 1e-5));

  // Set the reference to the experiment's parameters: metrics must then agree exactly.
  std::copy(e.network(0).parameters().begin(), e.network(0).parameters().end(), ref.parameters().begin());
  std::vector<float> p(std::size_t(data.test_count()));
  ref.predict(test_x, data.test_count(), p);
  int correct = 0;
  for (int i = 0; i < data.test_count(); ++i) correct += (p[std::size_t(i)] >= 0.5f) == (data.test_y[std::size_t(i)] >= 0.5f);
  const EpochRecord& record = e.history(0).back();
  CHECK(record.test_accuracy == float(correct) / float(data.test_count()));
  const NetworkDiagnostics by_experiment = e.diagnostics(0);
  const NetworkDiagnostics by_hand_points = ref.diagnose(train_x, data.train_y, data.train_count());
  CHECK_THAT(by_experiment.loss, WithinAbs(by_hand_points.loss, 1e-6));
  CHECK(by_experiment.accuracy == by_hand_points.accuracy);
  CHECK(record.train_loss == by_experiment.loss);
}

TEST_CASE("the grid job maps each raw grid point through the features before the network", "[features][grid]") {
  const FeatureSet set = set_of({Feature::X1Squared, Feature::X1X2, Feature::SinX2});
  ExperimentConfig c = experiment_on(DatasetKind::Xor, set, {4, 3});
  Experiment e(c);
  e.train(2);
  const int R = 7;
  GridJob job(e, 0, {R, R, true});
  while (!job.step(10)) {
  }
  Network& net = e.network(0);
  const float step = 12.0f / float(R);
  for (int cell = 0; cell < R * R; ++cell) {
    const int r = cell / R, col = cell % R;
    const float x1 = -6.0f + (float(col) + 0.5f) * step, x2 = -(-6.0f + (float(r) + 0.5f) * step);
    const std::vector<float> x = by_hand(set, x1, x2);
    float p = 0;
    net.predict(x, 1, std::span<float>(&p, 1));
    INFO("cell " << cell);
    CHECK_THAT(job.boundary()[std::size_t(cell)], WithinAbs(p, 1e-6));
    for (int unit = 0; unit < 4; ++unit) {
      float h = 0;
      net.unit_output(x, 1, 0, unit, std::span<float>(&h, 1));
      CHECK_THAT(job.unit_maps()[std::size_t(unit * R * R + cell)], WithinAbs(h, 1e-5));
    }
  }
  CHECK(job.diagnostics().loss == e.diagnostics(0).loss);
}

TEST_CASE("one feature x1x2 solves XOR where its formula predicts", "[features]") {
  // With no hidden layer the network is p = sigmoid(w x1x2 + b): XOR's label is 1 exactly where
  // x1x2 > 0 (points have |x1|, |x2| >= 0.3, so |x1x2| >= 0.09 without noise), so a w > 0 with
  // |b| small separates every point, while a linear map of (x1, x2) cannot (at best 3 of 4 quadrants).
  ExperimentConfig c = experiment_on(DatasetKind::Xor, set_of({Feature::X1X2}), {});
  c.data.noise = 0;
  c.data.points = 200;
  Experiment product(c);
  product.train(30);
  const EpochRecord& solved = product.history(0).back();
  CHECK(solved.test_accuracy == 1.0f);
  CHECK(solved.train_accuracy == 1.0f);
  const std::span<const float> wb = product.network(0).parameters();
  REQUIRE(wb.size() == 2);
  const double w = wb[0], b = wb[1];
  CHECK(w > 0);
  CHECK(std::abs(b / w) < 0.09);  // the boundary x1x2 = -b/w lies between the classes
  // The drawn boundary is the formula over the raw plane.
  const int R = 8;
  std::vector<float> grid(std::size_t(R * R));
  product.boundary(0, R, grid);
  const double step = 12.0 / R;
  for (int cell = 0; cell < R * R; ++cell) {
    const double x1 = -6 + (cell % R + 0.5) * step, x2 = 6 - (cell / R + 0.5) * step;
    CHECK_THAT(grid[std::size_t(cell)], WithinAbs(1 / (1 + std::exp(-(w * x1 * x2 + b))), 1e-5));
  }
  c.features = FeatureSet{};
  Experiment raw(c);
  raw.train(30);
  CHECK(raw.history(0).back().test_accuracy < 0.8f);
}
