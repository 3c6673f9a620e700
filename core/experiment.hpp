// The side-by-side runner: one network per chosen activation, all on the same data, from the
// same initial weights (equal-shape layers are equal), trained in lockstep on the same batch
// order, with per-epoch history, diagnostics and grid evaluation for boundaries and unit maps.
// Not a scheduler: the caller (worker, test, bench) decides how many epochs to run per call.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "dataset.hpp"
#include "features.hpp"
#include "network.hpp"
#include "unit_history.hpp"

namespace relulab {

/// Upper bound on networks compared side by side.
inline constexpr int kMaxNetworks = 16;

/// `network.activations` is ignored: each compared network uses one entry of `activations`
/// for all its hidden layers. `network.output` and `classes` are taken from the data,
/// `network.inputs` from the features in use on it (features.hpp).
struct ExperimentConfig {
  DatasetConfig data;
  FeatureSet features;  // what the networks read of each point (default x1, x2: the raw point)
  NetworkConfig network;
  TrainConfig training;
  std::vector<Activation> activations = {Activation::Relu, Activation::LeakyRelu, Activation::Prelu,
                                         Activation::Elu, Activation::Abs, Activation::Maxout,
                                         Activation::Tanh, Activation::Sigmoid};
};

/// One epoch's record in a network's history (after that epoch; epoch 0 = at initialisation).
struct EpochRecord {
  int epoch = 0;
  float train_loss = 0, test_loss = 0, train_accuracy = 0, test_accuracy = 0;
  int dead = 0, inactive = 0, saturated = 0, dead_pieces = 0, total_units = 0;
  /// Linear regions the training points fall in: distinct activation patterns (regions.hpp) in
  /// the same forward pass as the unit counts, so a chart of it does not depend on when frames
  /// are drawn. 0 when a hidden layer is not piecewise linear (such a network has no regions).
  int regions = 0;
};

/// A network's past as a saved experiment holds it (Experiment::restore_history): its epoch
/// records in epoch order and the epoch during which it diverged (-1: it did not).
struct RunHistory {
  std::vector<EpochRecord> records;
  int diverged_epoch = -1;
};

/// Current state of one network.
struct NetworkSummary {
  Activation activation = Activation::Relu;
  int epoch = 0;                 // epochs trained
  bool diverged = false;         // loss became NaN/inf: the network stopped, parameters kept
  int diverged_epoch = -1;       // epoch during which it diverged
  EpochRecord latest;            // same as history().back()
};

namespace detail {
/// The config of the network for one activation of an experiment on this data with `inputs`
/// features (experiment_setup.cpp).
NetworkConfig network_config_for(const NetworkConfig& base, const Dataset& data, int inputs, Activation activation);
}  // namespace detail

class Experiment {
 public:
  /// Checks data, features (for the data's dimension), network, training (batchSize must not
  /// exceed the training-set size) and activations (1..kMaxNetworks entries).
  static Status validate(const ExperimentConfig& config);
  /// Precondition: validate(config).ok. Takes all the working memory training and grid
  /// evaluation will use (memory_bytes), so later calls do not allocate beyond the history's
  /// records. With in_steps, only the data and the networks' parameters (about 15 ms at the
  /// largest settings): the networks' workspaces and epoch 0's records are left to build_steps.
  explicit Experiment(const ExperimentConfig& config, bool in_steps = false);
  /// Upper bound of the memory an experiment of this (valid) config holds: data, networks with
  /// their workspaces for the training set or a grid block, and a full history. Lets a caller
  /// with bounded memory (wasm) refuse an experiment before building it.
  static std::uint64_t memory_bytes(const ExperimentConfig& config);
  /// Samples of one network per piece of an end-of-epoch record (a block of the training set's
  /// diagnostics or of the test set's predictions): one step of train_steps' budget.
  static constexpr int kMeasureBlock = 256;

  /// Does at most `max_steps` steps of an in_steps build and returns ready(): a step is one
  /// network's workspaces (at most ~45 MiB) or a block of epoch 0's records (as train_steps'). Until
  /// ready, only config, data, inputs, size, network(i).layers() and the parameters may be read;
  /// train_steps continues the build (training 0 batches).
  bool build_steps(int max_steps);
  bool ready() const { return ready_; }

  const ExperimentConfig& config() const { return config_; }
  /// The raw points (what the page plots); the networks read train_inputs / test_inputs.
  const Dataset& data() const { return data_; }
  /// Features each network reads per point: feature_count(config().features, data().dims).
  int inputs() const { return inputs_; }
  /// The training and test points mapped through the features (map_inputs): (n, inputs()).
  const std::vector<float>& train_inputs() const { return train_inputs_; }
  const std::vector<float>& test_inputs() const { return test_inputs_; }
  /// Maps n raw points (n, data().dims) to network inputs (n, inputs()): map_features with this
  /// experiment's features, the one mapping every network input of the experiment goes through.
  void map_inputs(std::span<const float> raw, int n, std::span<float> out) const;
  int size() const { return int(runs_.size()); }
  int epoch() const { return epoch_; }
  Network& network(int index) { return runs_[std::size_t(index)].net; }
  const Network& network(int index) const { return runs_[std::size_t(index)].net; }

  /// Trains every network that has not diverged for `epochs` epochs; each epoch reshuffles the
  /// training set with the seeded PRNG (the same order for all networks) and appends a record.
  /// An epoch left part-way by train_steps is finished first and counts as one of them.
  void train(int epochs);
  /// Does at most `max_steps` steps of work, never past the end of the epoch in progress, and
  /// returns the batches trained. A step is one batch (for every network that has not diverged)
  /// or, once the epoch's batches are done, one piece of its records (kMeasureBlock samples of one
  /// network), so no step grows with the data set or the number of networks. An epoch ends, and
  /// epoch() advances with every network's record at once, when its last piece is done (an epoch
  /// in which every network has diverged ends at once, with 0 batches); a call may train 0
  /// batches and not end the epoch. Any split into calls gives the same bits as train(): the batch
  /// order depends only on (seed, epoch), and the records do not depend on their pieces.
  int train_steps(int max_steps);
  /// Batches per epoch at the current batch size (the last may be smaller).
  int batches_per_epoch() const;
  /// Training samples done in the epoch in progress (0 at an epoch boundary; the training-set size
  /// while its records are measured). A batch size set part-way through an epoch applies from its
  /// next batch.
  int epoch_position() const { return position_; }
  /// Changes optimiser settings live (validated; rejected settings leave everything as it was).
  Status set_training(const TrainConfig& training);
  /// Replaces network `index`'s parameters (its layers()' layout, as network(index).parameters())
  /// with `values`, each rounded to the nearest float32: the lab's weight and bias editor.
  /// Refused, with nothing changed, for an index outside 0..size()-1 ("index"), a count other than
  /// the network's ("values") or a value that is not finite or beyond float32 range ("values[i]").
  /// What it keeps: the optimiser state (momentum, Adam's moments and step count), so the next step
  /// goes on from it and setting the old values back restores the network bit for bit; the history
  /// and the unit histories as recorded (the next epoch's record measures the edited network, and a
  /// unit the edit brings back shows as a revival then); the diverged flag and epoch (a diverged
  /// network stays stopped: the edit changes what its grids show, not whether it trains). Made while
  /// an epoch's records are being measured, it restarts them, so they all measure the edited
  /// network; made part-way through an epoch (or during its records), that epoch cannot be
  /// replayed for a unit's push (as after set_training).
  Status set_parameters(int index, std::span<const double> values);
  /// Puts a saved run's past back (experiment_restore.cpp): on an experiment not trained yet whose
  /// networks hold the saved parameters, makes `epoch` the epochs completed and `runs` (one per
  /// network) their histories and divergence, and clears the optimiser state (training goes on
  /// from epoch + 1 with fresh moments). Unit histories begin again at each network's last record.
  /// Everything is checked first (names as runs[i].records[k].trainLoss, with the range); a refused
  /// call changes nothing.
  Status restore_history(int epoch, std::span<const RunHistory> runs);
  /// Reads restore_history's arguments packed as doubles: the epoch, then per network its diverged
  /// epoch, its record count and its records in the "record" layout (layouts.hpp). Whole-number
  /// fields must be whole and within int range, the others float32 values (the ranges are
  /// restore_history's). A refusal writes nothing.
  static Status unpack_runs(std::span<const double> packed, int networks, int& epoch, std::vector<RunHistory>& out);

  NetworkSummary summary(int index) const;
  /// Records in epoch order: every epoch while a network has at most kHistoryLimit records; past
  /// that, the older records are thinned (every other one dropped, epoch 0 and the newest kept),
  /// so a run of any length holds at most kHistoryLimit records (44 bytes each) per network and
  /// its early epochs at a coarser spacing. Records are never reordered or changed.
  const std::vector<EpochRecord>& history(int index) const { return runs_[std::size_t(index)].history; }
  static constexpr std::size_t kHistoryLimit = 1 << 16;
  /// Full diagnostics of one network on the training set.
  NetworkDiagnostics diagnostics(int index);
  /// Network output on an R x R grid over the data box, image order: out[(r*R + c)*outputs + o]
  /// at x = -kBox + (c + 0.5) * 2kBox/R, y = kBox - (r + 0.5) * 2kBox/R (a raw point, mapped
  /// through the features like the data). For 1-D data: R points along x, out[c*outputs + o]. out must hold R*R*outputs (2-D) or R*outputs (1-D) floats.
  /// A GridJob run to the end (grid_job.hpp); a bad index or resolution writes nothing.
  void boundary(int index, int resolution, std::span<float> out) const;
  /// Hidden unit's activation h on the same grid (R*R values, or R for 1-D data), from a GridJob.
  void unit_map(int index, int layer, int unit, int resolution, std::span<float> out) const;
  /// Hidden unit's pre-activation z on every training point, in training-set order (maxout: the
  /// winning piece's z, which is h). out must hold data().train_count() floats; a bad index,
  /// layer or unit writes nothing. A forward pass of the network on the training set.
  void pre_activations(int index, int layer, int unit, std::span<float> out);
  /// Hidden unit's history (unit_history.hpp): records per epoch thinned like history(index)
  /// (at most UnitHistory::kLimit), its death epoch, revivals and push. Empty for a bad layer/unit.
  /// The push is found when first asked for: the death epoch is replayed then (see Run::pending),
  /// so training pays for a death only a copy of the network's state; the network's parameters,
  /// optimiser state and gradients end exactly as they were. unit_history_steps run to the end.
  UnitHistoryResult unit_history(int index, int layer, int unit);
  /// At most `max_steps` steps of the replay unit_history needs for this unit (a batch of the
  /// replayed epoch, or the check of kMeasureBlock training samples after it); true when the
  /// unit's history is complete (no replay needed, or done). One replay at a time: a call while
  /// another unit's replay is under way continues that one first. Between steps the network is as
  /// training left it (parameters, optimiser state, gradients), so training, records and grid jobs
  /// may go on between calls; the replay works on its own saved copy of the state.
  bool unit_history_steps(int index, int layer, int unit, int max_steps);
  /// Saved epoch starts per network kept for replays (the most recent deaths' epochs).
  static constexpr std::size_t kMaxPendingReplays = 8;

 private:
  /// One compared network and what the experiment knows about its run.
  struct Run {
    Network net;
    std::vector<EpochRecord> history;
    bool diverged = false;
    int diverged_epoch = -1;  // epoch during which it diverged
    UnitHistory units;        // per-unit records and deaths
    NetworkState start;       // parameters and optimiser state when the epoch in progress began
    /// An epoch in which units died, kept to replay when one of their histories is asked for.
    struct Pending {
      int epoch = 0;
      NetworkState start;
      TrainConfig training;
    };
    std::vector<Pending> pending;  // at most kMaxPendingReplays, oldest first
  };
  ExperimentConfig config_;
  Dataset data_;
  int inputs_ = 0;
  std::vector<float> train_inputs_, test_inputs_;  // data_'s points through the features
  std::vector<Run> runs_;
  std::vector<int> order_;   // the epoch in progress's sample order
  std::vector<float> batch_x_, batch_y_, scratch_;
  std::vector<std::uint64_t> ids_;  // the training points' activation patterns (EpochRecord::regions)
  std::uint64_t shuffle_state_ = 0;
  int epoch_ = 0;      // epochs completed
  int position_ = 0;   // samples done in the epoch in progress (0: at an epoch boundary)
  /// The records of epoch `epoch` in progress: network `run`'s diagnostics pass over the training
  /// set, then its test predictions, `next` samples done of both; records kept until all are done.
  struct Measure {
    bool active = false, linear = false;  // linear: the network has linear regions (EpochRecord::regions)
    int epoch = 0, run = 0, next = 0;
    DiagnosticsPass pass;
    std::vector<EpochRecord> records;  // one per network (those measured)
    std::vector<char> measured;
    std::vector<NetworkDiagnostics> diags;  // each measured network's diagnostics (its unit history)
  };
  Measure measure_;
  bool replayable_ = true;  // the epoch in progress ran with one training config from its start
  bool ready_ = false;      // built (build_steps): every workspace taken, epoch 0's records made
  int reserved_ = 0;        // networks whose workspaces are taken
  /// The replay in progress (unit_history_steps): pending epoch `epoch` of network `run` from its
  /// start, on the same batches and training config, so the same bits. After each batch every
  /// candidate's z on the whole training set is checked in blocks; the last batch after which a
  /// candidate was off (z <= 0 everywhere) while it was on before is its push.
  struct Replay {
    bool active = false;
    int run = 0, epoch = 0, batch = 0;  // the next batch to replay
    int checked = -1;                  // training samples checked after the last batch; -1: a batch is next
    TrainConfig training;
    NetworkState state;                // the replayed network's state between steps
    std::vector<float> grads, before;  // its gradients; its parameters before the last batch
    std::vector<char> off, on;         // per candidate: off after the previous batch; z > 0 seen yet
    std::vector<int> order, candidates;
  };
  Replay replay_;
  NetworkState live_state_;          // the network's own state while a replay step runs on it
  std::vector<float> live_grads_;
  /// Begins the replay unit k of `run` needs; false if none is (or can be) done.
  bool begin_replay(int run, int k);
  /// One step of the replay (the network holds the replayed state); true when it is done.
  bool replay_step();
  void set_push(Run& run, int k);
  void begin_epoch();
  void begin_records(int epoch);
  void measure_block();
  void next_record(int from);
  void end_records();
};

}  // namespace relulab
