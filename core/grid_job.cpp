// GridJob: a network's boundary grid, all its unit maps and its diagnostics from one snapshot, in
// slices. Grid coordinates are computed in float exactly as documented in grid_job.hpp, so the
// page, the native tests and the wasm module agree on every cell's position.
// Speed/size: built -Oz in wasm (the default for core files): it only loops over blocks and copies;
// the arithmetic is in Network::predict / trace (network.cpp, dense.cpp, -O3).
#include "grid_job.hpp"

#include <algorithm>
#include <string>

#include "experiment.hpp"
#include "format_number.hpp"

namespace relulab {

float grid_coordinate(int i, int resolution) {
  const float step = 2.0f * kBox / float(resolution);
  return -kBox + (float(i) + 0.5f) * step;
}

void grid_points(int dims, int resolution, int start, int count, std::span<float> xs) {
  for (int k = 0; k < count; ++k) {
    const int point = start + k;
    if (dims == 1) {
      xs[std::size_t(k)] = grid_coordinate(point, resolution);
    } else {
      const int row = point / resolution, column = point % resolution;
      xs[std::size_t(2 * k)] = grid_coordinate(column, resolution);
      xs[std::size_t(2 * k + 1)] = -grid_coordinate(row, resolution);  // y = kBox - (r + 0.5) step
    }
  }
}

namespace {

std::size_t grid_size(int dims, int resolution) {
  return dims == 1 ? std::size_t(resolution) : std::size_t(resolution) * std::size_t(resolution);
}

int hidden_units(const Network& net) {
  int units = 0;
  for (std::size_t l = 0; l + 1 < net.layers().size(); ++l) units += net.layers()[l].units;
  return units;
}

}  // namespace

Status GridJob::validate(const Experiment& experiment, int index, const GridRequest& request) {
  return validate(experiment, index, double(request.resolution), double(request.thumb_resolution), request.regions,
                  double(request.first_unit), double(request.unit_count));
}

Status GridJob::validate(const Experiment& experiment, int index, double resolution, double thumb_resolution,
                         bool regions, double first_unit, double unit_count) {
  if (index < 0 || index >= experiment.size())
    return Status::error("index must be a whole number from 0 to " + std::to_string(experiment.size() - 1) + " (got " +
                         std::to_string(index) + ")");
  Status s = check_setting(Setting::GridResolution, resolution);
  if (s.ok && thumb_resolution != 0) {
    s = check_setting(Setting::GridResolution, thumb_resolution);
    // The same range under the argument's own name (the message starts with the setting's key).
    if (!s.ok) s.message = "thumbResolution must be 0 or" + s.message.substr(s.message.find(" must be") + 8);
  }
  if (s.ok && regions) {
    s = check_piecewise_linear(experiment.network(index));
    // Its message names the network's own activations[0]; the caller knows the experiment's list.
    if (!s.ok) s.message = "regions: activations[" + std::to_string(index) + "]" + s.message.substr(s.message.find(':'));
  }
  if (s.ok && (first_unit != 0 || unit_count != 0)) {
    const int units = hidden_units(experiment.network(index));
    const auto whole = [](double v, double lo, double hi) { return v >= lo && v <= hi && v == double(long(v)); };
    if (!whole(first_unit, 0, units - 1))
      return Status::error("firstUnit must be a whole number from 0 to " + std::to_string(units - 1) +
                           " (got " + format_number(first_unit) + ")");
    if (!whole(unit_count, 0, units - first_unit))
      return Status::error("unitCount must be a whole number from 0 to " + std::to_string(units - int(first_unit)) +
                           " (got " + format_number(unit_count) + ")");
  }
  return s;
}

std::uint64_t GridJob::memory_bytes(const Experiment& experiment, int index, const GridRequest& request) {
  const Network& net = experiment.network(index);
  const Dataset& data = experiment.data();
  std::uint64_t floats = net.parameters().size() + grid_size(data.dims, request.resolution) * std::size_t(net.outputs());
  if (request.thumb_resolution > 0)
    floats += grid_size(data.dims, request.thumb_resolution) *
              std::uint64_t(request.unit_count > 0 ? request.unit_count : hidden_units(net)) * (request.pre ? 2 : 1);
  if (request.diagnostics) floats += experiment.train_inputs().size() + data.train_y.size();
  std::uint64_t bytes = 4 * (floats + std::uint64_t(kBlock) * std::uint64_t(data.dims + experiment.inputs()));
  // Regions: ids (8 bytes a cell), the indices (4) and region_indices' temporaries (28), per unit 5.
  if (request.regions) bytes += 40 * grid_size(data.dims, request.resolution) + 5 * std::uint64_t(hidden_units(net));
  return bytes;
}

GridJob::GridJob(const Experiment& experiment, int index, const GridRequest& request)
    : request_(request) {
  const Network& net = experiment.network(index);
  const Dataset& data = experiment.data();
  config_ = net.config();
  parameters_.assign(net.parameters().begin(), net.parameters().end());
  features_ = experiment.config().features;
  dims_ = data.dims;
  epoch_ = experiment.summary(index).epoch;
  hidden_units_ = hidden_units(net);
  first_unit_ = request.unit_count > 0 ? request.first_unit : 0;
  map_units_ = request.unit_count > 0 ? request.unit_count : hidden_units_;
  boundary_.resize(grid_size(dims_, request.resolution) * std::size_t(net.outputs()));
  if (request.regions) ids_.resize(grid_size(dims_, request.resolution));
  if (request.thumb_resolution > 0) unit_maps_.resize(grid_size(dims_, request.thumb_resolution) * std::size_t(map_units_));
  if (request.thumb_resolution > 0 && request.pre) unit_pre_.resize(unit_maps_.size());
  if (request.diagnostics) {
    train_x_ = experiment.train_inputs();
    train_y_ = data.train_y;
  }
  points_.resize(std::size_t(kBlock) * std::size_t(dims_));
  xs_.resize(std::size_t(kBlock) * std::size_t(config_.inputs));
}

// Grid points next_ .. next_+count-1 into points_, and their features into xs_.
void GridJob::block_inputs(int resolution, int count) {
  const std::span<float> points(points_.data(), std::size_t(count) * std::size_t(dims_));
  grid_points(dims_, resolution, next_, count, points);
  map_features(features_, dims_, points, count, xs_);
}

Network& GridJob::network() {
  if (!net_) {
    net_.emplace(config_);
    // A copy, not set_parameters: a diverged network's parameters are shown as they are.
    std::copy(parameters_.begin(), parameters_.end(), net_->parameters().begin());
  }
  return *net_;
}

std::uint64_t GridJob::step_bytes() const {
  if (net_ || done()) return 0;
  // Every phase goes through blocks of at most kBlock points or samples.
  return Network::memory_bytes(config_, kBlock);  // with backward workspaces: an upper bound
}

int GridJob::phase_points() const {
  switch (phase_) {
    case Phase::Boundary: return int(grid_size(dims_, request_.resolution));
    case Phase::Units: return hidden_units_ > 0 ? int(grid_size(dims_, request_.thumb_resolution)) : 0;
    case Phase::Diagnostics: return int(train_y_.size());
    default: return 0;
  }
}

// To the next phase that has work.
void GridJob::advance() {
  next_ = 0;
  if (phase_ == Phase::Units) phase_ = Phase::Diagnostics;
  if (phase_ == Phase::Boundary) phase_ = Phase::Units;
  if (phase_ == Phase::Units && (request_.thumb_resolution == 0 || hidden_units_ == 0)) phase_ = Phase::Diagnostics;
  if (phase_ == Phase::Diagnostics && !request_.diagnostics) phase_ = Phase::Done;
  if (phase_ == Phase::Done) net_.reset();
}

bool GridJob::step(int points) {
  int budget = std::max(points, 1);
  while (!done() && budget > 0) {
    Network& net = network();
    const int total = phase_points();
    if (phase_ == Phase::Diagnostics) {
      // A block of the training set through the pass: the bits of one whole-set diagnose.
      if (!pass_) pass_.emplace(net);
      const int count = std::min({kBlock, budget, total - next_});
      const std::size_t inputs = std::size_t(config_.inputs);
      pass_->add(net, std::span<const float>(train_x_).subspan(std::size_t(next_) * inputs, std::size_t(count) * inputs),
                 std::span<const float>(train_y_).subspan(std::size_t(next_), std::size_t(count)), count);
      next_ += count;
      budget -= count;
      if (next_ >= total) {
        diagnostics_ = pass_->finish(net);
        pass_.reset();
        phase_ = Phase::Done;
        net_.reset();
      }
      continue;
    }
    const int count = std::min({kBlock, budget, total - next_});
    const std::span<float> xs(xs_.data(), std::size_t(count) * std::size_t(config_.inputs));
    if (phase_ == Phase::Boundary) {
      block_inputs(request_.resolution, count);
      const std::size_t outputs = std::size_t(net.outputs());
      net.predict(xs, count, std::span<float>(boundary_).subspan(std::size_t(next_) * outputs, std::size_t(count) * outputs));
      if (request_.regions) {
        // A second pass over the block that keeps the hidden layers (predict may not): the
        // patterns, and which units change side. Only when regions are asked for.
        net.trace(xs, count);
        (void)activation_patterns(net, std::span<std::uint64_t>(ids_).subspan(std::size_t(next_), std::size_t(count)));
        sides_.add(net);
        if (next_ + count >= total) {
          regions_ = region_indices(ids_);
          region_count_ = regions_.empty() ? 0 : *std::max_element(regions_.begin(), regions_.end()) + 1;
          idle_units_ = sides_.idle();
          ids_ = {};
        }
      }
    } else {
      block_inputs(request_.thumb_resolution, count);
      net.trace(xs, count);
      // Scatter each layer's (sample, unit) outputs of the wanted units into the unit-after-unit maps.
      const std::size_t cells = grid_size(dims_, request_.thumb_resolution);
      const std::size_t first = std::size_t(first_unit_), end = first + std::size_t(map_units_);
      std::size_t unit_base = 0;
      for (std::size_t l = 0; l + 1 < net.layers().size() && unit_base < end; ++l) {
        const std::size_t units = std::size_t(net.layers()[l].units);
        const std::span<const float> h = net.traced_output(int(l));
        const std::size_t lo = std::max(first, unit_base), hi = std::min(end, unit_base + units);
        for (std::size_t s = 0; s < std::size_t(count); ++s)
          for (std::size_t k = lo; k < hi; ++k)
            unit_maps_[(k - first) * cells + std::size_t(next_) + s] = h[s * units + (k - unit_base)];
        if (!unit_pre_.empty() && lo < hi) {
          // z of each unit (rows = units here), or for maxout the winning piece (rows = units * k).
          const std::span<const int> winners = net.traced_winners(int(l));
          const std::span<const float> z = net.traced_pre(int(l));
          for (std::size_t s = 0; s < std::size_t(count); ++s)
            for (std::size_t k = lo; k < hi; ++k)
              unit_pre_[(k - first) * cells + std::size_t(next_) + s] =
                  winners.empty() ? z[s * units + (k - unit_base)] : float(winners[s * units + (k - unit_base)]);
        }
        unit_base += units;
      }
    }
    next_ += count;
    budget -= count;
    if (next_ >= total) advance();
  }
  return done();
}

}  // namespace relulab
