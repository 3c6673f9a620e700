// A frame's grid work for one network of an experiment, done in slices. Built from an experiment
// and a network index, it snapshots that network (its config and a copy of its parameters, and the
// training data when diagnostics are wanted), so training may go on between slices without
// tearing the picture: every part of the result belongs to the epoch of the snapshot. Grid points
// are raw points of the plane; each goes through the experiment's features (map_features) before
// the network, so boundaries and unit maps are drawn over the raw plane. Then:
//   1. the network's output on the R x R boundary grid, a block of points at a time, and with
//      `regions` each cell's linear region (regions.hpp) from a trace of the same block;
//   2. every hidden unit's map on the T x T thumbnail grid, all units of a block in one forward
//      pass (Network::trace), not one pass per unit;
//   3. optionally, the diagnostics on the training set (forward pass only: no gradient norms), a
//      block of training samples at a time (DiagnosticsPass: the bits of one whole-set pass).
// Experiment::boundary and Experiment::unit_map are loops over a job. Not a scheduler: the caller
// decides how many points each step() computes (the worker sizes them to a time budget).
//
// Memory: the snapshot holds parameters, results and (with diagnostics) the training set; the
// network that computes is built on the first step and dropped when the job is done, so a frame of
// many jobs stepped one after another holds one network's workspaces at a time.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "features.hpp"
#include "network.hpp"
#include "regions.hpp"

namespace relulab {

class Experiment;

struct GridRequest {
  int resolution = 0;        // R: boundary grid cells per axis (1-D data: R points), >= 1
  int thumb_resolution = 0;  // T: unit-map grid per axis, 0 = no unit maps
  bool diagnostics = false;  // also the network's diagnostics on the training set
  bool regions = false;      // also each boundary cell's linear region (piecewise-linear networks only)
  /// The unit maps of hidden units first_unit .. first_unit + unit_count - 1 only (flat index in
  /// layer order), so a view of one unit does not cost every unit's map; unit_count 0 = all.
  int first_unit = 0;
  int unit_count = 0;
  /// With unit maps: also each mapped unit's pre-activation z on the thumbnail grid (for a maxout
  /// unit, which has k of them, the index 0 .. k-1 of the winning piece instead), so a view can draw
  /// where the unit bends: z = 0, or where the winner changes.
  bool pre = false;
};

/// Grid cell i's coordinate along an axis of `resolution` cells over [-kBox, kBox], in float:
/// -kBox + (i + 0.5) * (2 kBox / R). Rows run from y = +kBox down (image order).
float grid_coordinate(int i, int resolution);
/// Grid points start .. start+count-1 of an R x R grid (or R points for 1-D data) in image order,
/// into xs (count * dims floats).
void grid_points(int dims, int resolution, int start, int count, std::span<float> xs);

class GridJob {
 public:
  /// Points per forward pass: small, so a job's network needs little working memory.
  static constexpr int kBlock = 256;

  /// Checks the request against the experiment: index in range, resolution in the range of the
  /// setting `resolution` (2..256), thumb_resolution 0 or in that range, and `regions` only for a
  /// network whose hidden layers are piecewise linear (refused, naming regions and
  /// activations[index], otherwise).
  static Status validate(const Experiment& experiment, int index, const GridRequest& request);
  /// The same checks on resolutions as a caller gave them, before they become ints (so NaN, 2.5
  /// or 1e12 is refused with its own value, never wrapped or truncated on the way in).
  static Status validate(const Experiment& experiment, int index, double resolution, double thumb_resolution,
                         bool regions = false, double first_unit = 0, double unit_count = 0);
  /// Precondition: validate(...).ok. Copies what it needs: the experiment may change or go away.
  GridJob(const Experiment& experiment, int index, const GridRequest& request);

  /// Epochs the network had trained when the job was made.
  int epoch() const { return epoch_; }
  const GridRequest& request() const { return request_; }
  /// Computes up to `points` more grid points or diagnostics samples (at least one, at most
  /// kBlock per forward pass); returns true once everything is done.
  bool step(int points);
  bool done() const { return phase_ == Phase::Done; }
  /// Bytes the next step may allocate (the network and its workspaces), for callers with bounded
  /// memory; 0 once the network exists or the job is done.
  std::uint64_t step_bytes() const;
  /// Bytes the job itself holds (snapshot and results), without the network of step_bytes.
  static std::uint64_t memory_bytes(const Experiment& experiment, int index, const GridRequest& request);

  /// Output on the boundary grid: R*R*outputs floats (1-D: R*outputs), the layout of
  /// Experiment::boundary. Complete once done().
  std::span<const float> boundary() const { return boundary_; }
  /// Hidden units' maps on the thumbnail grid, unit after unit in layer order (layer 0's units,
  /// then layer 1's ...), T*T floats each (1-D: T); with unit_count, only units first_unit ..
  /// first_unit + unit_count - 1. Empty when thumb_resolution is 0.
  std::span<const float> unit_maps() const { return unit_maps_; }
  /// With request.pre: the same layout as unit_maps, each unit's z (maxout: its winning piece, as a
  /// float 0 .. k-1); else empty.
  std::span<const float> unit_pre() const { return unit_pre_; }
  /// The diagnostics (only with request.diagnostics, once done).
  const NetworkDiagnostics& diagnostics() const { return diagnostics_; }
  /// With request.regions, once done: each boundary cell's region as a dense index (region_indices:
  /// 0, 1, ... in order of first appearance in image order), R*R ints (1-D: R); else empty.
  std::span<const int> regions() const { return regions_; }
  /// Distinct regions among the boundary cells (a lower bound of the regions in the box); 0
  /// without request.regions.
  int region_count() const { return region_count_; }
  /// Hidden units that are on the same side of their kink (maxout: the same winning piece) at
  /// every boundary cell, so they cut no region there: dead on the whole box, on everywhere, or
  /// linear. 0 without request.regions.
  int idle_units() const { return idle_units_; }

 private:
  enum class Phase { Boundary, Units, Diagnostics, Done };
  NetworkConfig config_;
  std::vector<float> parameters_;
  FeatureSet features_;  // grid points go through them (map_features), as the data did
  int dims_ = 2, epoch_ = 0, hidden_units_ = 0;
  int first_unit_ = 0, map_units_ = 0;  // the units whose maps are computed
  GridRequest request_;
  std::vector<float> train_x_, train_y_;  // the training set's features (diagnostics only)
  std::vector<float> boundary_, unit_maps_, unit_pre_, points_, xs_;  // points_: a block's raw grid points
  void block_inputs(int resolution, int count);
  std::vector<std::uint64_t> ids_;  // with regions: each boundary cell's pattern id until the last block
  std::vector<int> regions_;
  UnitSides sides_;
  int region_count_ = 0, idle_units_ = 0;
  NetworkDiagnostics diagnostics_;
  std::optional<DiagnosticsPass> pass_;  // the diagnostics phase in progress
  std::optional<Network> net_;
  Phase phase_ = Phase::Boundary;
  int next_ = 0;  // next grid point of the current phase

  Network& network();
  int phase_points() const;
  void advance();
};

}  // namespace relulab
