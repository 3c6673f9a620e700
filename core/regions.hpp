// Linear regions of a piecewise-linear network (docs/ACTIVATIONS.md, "Linear regions"): after
// Network::trace on some inputs, each sample's activation pattern — which side of its kink every
// hidden unit is on, and for maxout which piece wins — reduced to a 64-bit id, so that counting
// distinct ids counts the regions the inputs fall in. Pure functions over a traced network.
// Not a region enumerator: it counts only the regions that the given points reach (on a grid, a
// lower bound at that resolution), and it says nothing about networks with curved activations.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "activation.hpp"
#include "network.hpp"
#include "status.hpp"

namespace relulab {

/// True if g is piecewise linear in z (the `piecewise_linear` column of kActivations): linear,
/// ReLU, Leaky ReLU, PReLU, absolute value and maxout.
constexpr bool piecewise_linear(Activation act) { return activation_info(act).piecewise_linear; }

/// Ok if every hidden layer of `net` is piecewise linear; otherwise refused with a message naming
/// the first curved layer as activations[i] and listing the piecewise-linear keys.
Status check_piecewise_linear(const Network& net);

/// Each traced sample's activation-pattern id into out (length net.traced_batch()), from the last
/// forward pass (Network::trace). The pattern holds, layer by layer and unit by unit:
/// - ReLU, Leaky ReLU, PReLU, absolute value: one bit, z > 0. z = 0 counts as off, as in the
///   activity rate (g takes its off-side value there), so a point on a kink joins the region on
///   the off side, if there is one: where kinks with opposite off sides meet (relu(x) and relu(-x)
///   on x = 0; every first-layer line through the origin when the biases are 0) the point gets a
///   pattern no open region has (docs/ACTIVATIONS.md, "Linear regions").
/// - maxout: the winning piece (ties to the lowest index, as the forward pass).
/// - linear: nothing (no kink).
/// The bits are packed into 64-bit words and each word is folded in with a bijective mixer, so a
/// network with at most 64 bits of pattern (for example 64 ReLU units, or 21 maxout units with
/// k <= 8) gets a different id for every different pattern; beyond that two patterns share an id
/// with probability about 2^-64 per pair. Equal patterns always give equal ids.
/// Refused (out untouched) if a hidden layer is not piecewise linear (see check_piecewise_linear)
/// or out's length differs from traced_batch.
Status activation_patterns(const Network& net, std::span<std::uint64_t> out);

/// Number of distinct ids (0 for none).
int count_distinct(std::span<const std::uint64_t> ids);

/// A small index per id, numbered 0, 1, 2 ... in order of first appearance (for colouring grid
/// cells): equal ids get equal indices, and the largest index + 1 is count_distinct(ids).
std::vector<int> region_indices(std::span<const std::uint64_t> ids);

/// Which hidden units change side over the samples of one or more traces of a network (z > 0 or
/// not, as in the patterns; maxout: the winning piece). A unit that never does splits none of the
/// regions those samples fall in: it is dead on all of them, on for all, or has no kink (linear).
class UnitSides {
 public:
  /// Folds in the last trace of `net` (the same network, or one of the same shape, every time).
  void add(const Network& net);
  /// Hidden units that kept one side on every sample added (0 before the first add).
  int idle() const;

 private:
  static constexpr int kUnseen = -1, kCuts = -2;
  std::vector<int> side_;  // per hidden unit: kUnseen, its side on every sample so far, or kCuts
};

}  // namespace relulab
