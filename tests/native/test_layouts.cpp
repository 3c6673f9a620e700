// Tests of the result layouts (layouts.hpp): the packer writes each field where the published
// layout says, counts before lists, and the published JSON names every field with its kind.
// Not tests of how the results are computed.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "layouts.hpp"

namespace {

using namespace relulab;

template <class T>
std::string layout_of(const T& sample) {
  LayoutWriter w;
  visit_fields(w, sample);
  return w.json.text;
}

}  // namespace

TEST_CASE("an epoch record packs its fields in the published order", "[layouts]") {
  EpochRecord r;
  r.epoch = 7;
  r.train_loss = 0.5f;
  r.test_loss = 0.25f;
  r.train_accuracy = 0.75f;
  r.test_accuracy = 0.125f;
  r.dead = 3;
  r.inactive = 4;
  r.saturated = 5;
  r.dead_pieces = 6;
  r.total_units = 16;
  r.regions = 21;
  std::vector<double> out = {-1};  // appends after what is there
  pack_result(r, out);
  CHECK(out == std::vector<double>{-1, 7, 0.5, 0.25, 0.75, 0.125, 3, 4, 5, 6, 16, 21});
  CHECK(layout_of(r) ==
        R"("epoch":"number","trainLoss":"number","testLoss":"number","trainAccuracy":"number",)"
        R"("testAccuracy":"number","dead":"number","inactive":"number","saturated":"number",)"
        R"("deadPieces":"number","totalUnits":"number","regions":"number")");
}

TEST_CASE("a summary packs activation and flag as numbers and its record nested", "[layouts]") {
  NetworkSummary s;
  s.activation = Activation::Maxout;
  s.epoch = 9;
  s.diverged = true;
  s.diverged_epoch = 4;
  s.latest.epoch = 9;
  std::vector<double> out;
  pack_result(s, out);
  REQUIRE(out.size() == 4 + 11);
  CHECK(out[0] == double(static_cast<int>(Activation::Maxout)));
  CHECK(out[1] == 9);
  CHECK(out[2] == 1);
  CHECK(out[3] == 4);
  CHECK(out[4] == 9);
  CHECK(layout_of(s) ==
        R"("activation":"activation","epoch":"number","diverged":"boolean","divergedEpoch":"number","latest":"record")");
}

TEST_CASE("diagnostics pack each list as its count then its entries", "[layouts]") {
  NetworkDiagnostics d;
  d.dead_units = 1;
  d.total_units = 3;
  d.constant_output = true;
  d.loss = 0.5f;
  d.layers.resize(1);
  d.layers[0].activation = Activation::Relu;
  d.layers[0].dead = 1;
  d.layers[0].units.resize(2);
  d.layers[0].units[0].dead = true;
  d.layers[0].units[1].piece_wins = {5, 0, 2};
  std::vector<double> out;
  pack_result(d, out);
  const double relu = double(static_cast<int>(Activation::Relu));
  CHECK(out == std::vector<double>{
                   1,                                     // layers
                   relu, 1, 0, 0, 0, 0, 0, 0, 2,          // layer 0 ... its 2 units
                   0, 1, 0, 0, 0, 0, 0,                   // unit 0: dead, no piece wins
                   0, 0, 0, 0, 0, 0, 3, 5, 0, 2,          // unit 1: 3 piece wins
                   1, 0, 0, 3, 1, 0.5, 0});               // totals
  CHECK(layout_of(d) ==
        R"("layers":["layerDiagnostics"],"deadUnits":"number","inactiveUnits":"number","saturatedUnits":"number",)"
        R"("totalUnits":"number","constantOutput":"boolean","loss":"number","accuracy":"number")");
  CHECK(layout_of(UnitDiagnostics{}).find(R"("pieceWins":["number"])") != std::string::npos);
}

TEST_CASE("a layer of the parameter layout packs its offsets", "[layouts]") {
  LayerShape l;
  l.inputs = 2;
  l.units = 8;
  l.pieces = 2;
  l.activation = Activation::Prelu;
  l.weight_offset = 10;
  l.bias_offset = 42;
  l.slope_offset = 58;
  l.slope_count = 8;
  std::vector<double> out;
  pack_result(l, out);
  CHECK(out == std::vector<double>{2, 8, 2, double(static_cast<int>(Activation::Prelu)), 10, 42, 58, 8});
}
