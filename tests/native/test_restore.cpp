// Tests of loading a saved experiment's past (core/experiment_restore.cpp): a restored experiment
// has the saved epoch, records and divergence, the same boundary bit for bit as the one saved, and
// trains on from the next epoch; every malformed history is refused with its field and range and
// changes nothing; unpack_runs reads the packed form and refuses what cannot be a record.
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "experiment.hpp"
#include "layouts.hpp"

using namespace relulab;
using Catch::Matchers::Contains;

namespace {

ExperimentConfig restore_config() {
  ExperimentConfig c;
  c.data.kind = DatasetKind::Spiral;
  c.data.points = 120;
  c.network.hidden = {6, 5};
  c.activations = {Activation::Relu, Activation::Maxout, Activation::Tanh};
  return c;
}

std::vector<RunHistory> runs_of(const Experiment& e) {
  std::vector<RunHistory> runs;
  for (int i = 0; i < e.size(); ++i) runs.push_back({e.history(i), e.summary(i).diverged_epoch});
  return runs;
}

/// A copy of `saved`'s parameters and past on a fresh experiment of the same config.
Status load_into(Experiment& fresh, const Experiment& saved, const std::vector<RunHistory>& runs) {
  for (int i = 0; i < saved.size(); ++i) REQUIRE(fresh.network(i).set_parameters(saved.network(i).parameters()).ok);
  return fresh.restore_history(saved.epoch(), runs);
}

std::vector<std::uint32_t> boundary_bits(const Experiment& e, int index) {
  std::vector<float> out(std::size_t(64 * 64 * e.network(index).outputs()));
  e.boundary(index, 64, out);
  std::vector<std::uint32_t> bits;
  for (float v : out) bits.push_back(std::bit_cast<std::uint32_t>(v));
  return bits;
}

bool same_records(const std::vector<EpochRecord>& a, const std::vector<EpochRecord>& b) {
  std::vector<double> pa, pb;
  for (const EpochRecord& r : a) pack_result(r, pa);
  for (const EpochRecord& r : b) pack_result(r, pb);
  return pa == pb;
}

}  // namespace

TEST_CASE("a restored experiment has the saved epoch, records and boundaries, bit for bit", "[restore]") {
  Experiment saved(restore_config());
  saved.train(7);
  (void)saved.train_steps(3);  // part-way through epoch 8: the parameters of this moment are saved
  Experiment fresh(restore_config());
  REQUIRE(load_into(fresh, saved, runs_of(saved)).ok);
  CHECK(fresh.epoch() == 7);
  CHECK(fresh.epoch_position() == 0);
  for (int i = 0; i < saved.size(); ++i) {
    CHECK(same_records(fresh.history(i), saved.history(i)));
    CHECK(fresh.summary(i).epoch == 7);
    CHECK_FALSE(fresh.summary(i).diverged);
    CHECK(boundary_bits(fresh, i) == boundary_bits(saved, i));
    // Unit histories begin again at the last record, from the loaded parameters.
    const UnitHistoryResult u = fresh.unit_history(i, 0, 0);
    REQUIRE(u.records.size() == 1);
    CHECK(u.records[0].epoch == 7);
    CHECK_FALSE(u.push.known);
  }
  // Training goes on from epoch 8, recording it.
  fresh.train(2);
  CHECK(fresh.epoch() == 9);
  CHECK(fresh.history(0).back().epoch == 9);
  CHECK(fresh.history(0).size() == saved.history(0).size() + 2);
}

TEST_CASE("restored at an epoch boundary with fresh optimiser state, training matches SGD without momentum", "[restore]") {
  // Plain SGD (momentum 0) has no optimiser state, so the restored run continues bit for bit.
  ExperimentConfig c = restore_config();
  c.training.optimizer = OptimizerKind::Sgd;
  c.training.momentum = 0;
  Experiment saved(c);
  saved.train(4);
  Experiment fresh(c);
  REQUIRE(load_into(fresh, saved, runs_of(saved)).ok);
  saved.train(3);
  fresh.train(3);
  for (int i = 0; i < saved.size(); ++i) {
    CHECK(boundary_bits(fresh, i) == boundary_bits(saved, i));
    CHECK(same_records(fresh.history(i), saved.history(i)));
  }
}

TEST_CASE("a diverged network's record and divergence are restored", "[restore]") {
  Experiment saved(restore_config());
  saved.train(3);
  std::vector<RunHistory> runs = runs_of(saved);
  runs[1].records.pop_back();  // as if network 1 diverged during epoch 3
  runs[1].diverged_epoch = 3;
  Experiment fresh(restore_config());
  REQUIRE(load_into(fresh, saved, runs).ok);
  CHECK(fresh.summary(1).diverged);
  CHECK(fresh.summary(1).diverged_epoch == 3);
  CHECK(fresh.summary(1).epoch == 2);
  fresh.train(1);
  CHECK(fresh.history(1).back().epoch == 2);  // it trains no more
  CHECK(fresh.history(0).back().epoch == 4);
}

TEST_CASE("a malformed history is refused with its field and range, and changes nothing", "[restore]") {
  Experiment saved(restore_config());
  saved.train(3);
  using Edit = void (*)(std::vector<RunHistory>&, int&);
  const auto [edit, message] = GENERATE(table<Edit, const char*>({
      {[](auto& r, int&) { r[0].records[0].epoch = 1; }, "runs[0].records[0].epoch must be a whole number from 0 to 0"},
      {[](auto& r, int&) { r[1].records[2].epoch = 1; }, "runs[1].records[2].epoch must be a whole number from 2 to 3 (epochs increase) (got 1)"},
      {[](auto& r, int&) { r[0].records.back().epoch = 2; }, "runs[0].records[3].epoch must be a whole number from 3 to 3"},
      {[](auto&, int& e) { e = 5; }, "runs[0].records[3].epoch must be a whole number from 5 to 5"},
      {[](auto&, int& e) { e = -1; }, "epoch must be a whole number from 0 to 2147483646 (got -1)"},
      {[](auto& r, int&) { r[2].records[1].train_loss = -1; }, "runs[2].records[1].trainLoss must be a number from 0 to"},
      {[](auto& r, int&) { r[2].records[1].test_loss = std::numeric_limits<float>::quiet_NaN(); }, "runs[2].records[1].testLoss must be a number from 0"},
      {[](auto& r, int&) { r[0].records[1].test_accuracy = 1.5f; }, "runs[0].records[1].testAccuracy must be a number from 0 to 1 (got 1.5)"},
      {[](auto& r, int&) { r[0].records[1].total_units = 12; }, "runs[0].records[1].totalUnits must be a whole number from 11 to 11 (the network's hidden units) (got 12)"},
      {[](auto& r, int&) { r[0].records[1].dead = 12; }, "runs[0].records[1].dead must be a whole number from 0 to 11 (got 12)"},
      {[](auto& r, int&) { r[1].records[1].dead_pieces = 23; }, "runs[1].records[1].deadPieces must be a whole number from 0 to 22 (got 23)"},
      {[](auto& r, int&) { r[0].records[1].regions = 61; }, "runs[0].records[1].regions must be a whole number from 0 to 60 (the training points) (got 61)"},
      {[](auto& r, int&) { r[0].records.clear(); }, "runs[0].records must have from 1 to 65536 entries (got 0)"},
      {[](auto& r, int&) { r.pop_back(); }, "runs must have 3 entries, one per network (got 2)"},
      {[](auto& r, int&) { r[0].diverged_epoch = 2; }, "runs[0].divergedEpoch must be -1 (it has a record of the last epoch, 3) (got 2)"},
      {[](auto& r, int&) { r[0].diverged_epoch = -2; }, "runs[0].divergedEpoch must be a whole number from -1 to 3 (got -2)"},
  }));
  CAPTURE(message);
  std::vector<RunHistory> runs = runs_of(saved);
  int epoch = saved.epoch();
  edit(runs, epoch);
  Experiment fresh(restore_config());
  for (int i = 0; i < saved.size(); ++i) REQUIRE(fresh.network(i).set_parameters(saved.network(i).parameters()).ok);
  const std::vector<EpochRecord> before = fresh.history(0);
  const Status s = fresh.restore_history(epoch, runs);
  CHECK_FALSE(s.ok);
  CHECK_THAT(s.message, Contains(message));
  CHECK(fresh.epoch() == 0);
  CHECK(same_records(fresh.history(0), before));
  CHECK(fresh.history(2).size() == 1);
}

TEST_CASE("only an experiment that has not trained can be restored", "[restore]") {
  Experiment saved(restore_config());
  saved.train(2);
  Experiment trained(restore_config());
  trained.train(1);
  const Status s = trained.restore_history(2, runs_of(saved));
  CHECK_THAT(s.message, Contains("restoreHistory needs an experiment that has not trained (it is at epoch 1)"));
  CHECK(trained.epoch() == 1);
  Experiment part(restore_config());
  (void)part.train_steps(1);
  CHECK_FALSE(part.restore_history(2, runs_of(saved)).ok);
}

TEST_CASE("unpack_runs reads the packed records and refuses what cannot be one", "[restore]") {
  Experiment saved(restore_config());
  saved.train(2);
  std::vector<double> packed = {2};  // the epoch
  for (int i = 0; i < saved.size(); ++i) {
    packed.push_back(-1);
    packed.push_back(double(saved.history(i).size()));
    for (const EpochRecord& r : saved.history(i)) pack_result(r, packed);
  }
  std::vector<RunHistory> runs;
  int epoch = -1;
  REQUIRE(Experiment::unpack_runs(packed, 3, epoch, runs).ok);
  CHECK(epoch == 2);
  REQUIRE(runs.size() == 3);
  for (int i = 0; i < 3; ++i) CHECK(same_records(runs[std::size_t(i)].records, saved.history(i)));
  const std::size_t record_fields = ((packed.size() - 1) / 3 - 2) / 3;
  REQUIRE(record_fields == 11);
  using Edit = void (*)(std::vector<double>&);
  const auto [edit, message] = GENERATE(table<Edit, const char*>({
      {[](auto& p) { p[3] = 0.5; }, "runs[0].records[0].epoch must be a whole number (got 0.5)"},
      {[](auto& p) { p[4] = 1e39; }, "runs[0].records[0].trainLoss must be a finite number within float32 range (got 1e+39)"},
      {[](auto& p) { p[4] = std::numeric_limits<double>::infinity(); }, "runs[0].records[0].trainLoss must be a finite number within float32 range"},
      {[](auto& p) { p[8] = 3e9; }, "runs[0].records[0].dead must be a whole number (got 3e+09)"},
      {[](auto& p) { p[2] = 70000; }, "runs[0].records.length must be a whole number from 1 to 65536 (got 70000)"},
      {[](auto& p) { p[1] = -3; }, "runs[0].divergedEpoch must be a whole number from -1 to 2147483646 (got -3)"},
      {[](auto& p) { p.pop_back(); }, "runs[2].records: 3 records need 33 numbers"},
      {[](auto& p) { p.push_back(0); }, "got more numbers than they hold"},
      {[](auto& p) { p.resize(36); }, "runs must have 3 entries (got 1)"},
      {[](auto& p) { p[0] = 1.5; }, "epoch must be a whole number from 0 to 2147483646 (got 1.5)"},
      {[](auto& p) { p.clear(); }, "epoch must be given"},
  }));
  CAPTURE(message);
  std::vector<double> bad = packed;
  edit(bad);
  std::vector<RunHistory> out = {RunHistory{}};
  int at = 7;
  const Status s = Experiment::unpack_runs(bad, 3, at, out);
  CHECK_FALSE(s.ok);
  CHECK_THAT(s.message, Contains(message));
  CHECK(out.size() == 1);  // nothing written
  CHECK(at == 7);
}
