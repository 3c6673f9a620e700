// Activation patterns and their counts (regions.hpp). Built -Oz in wasm like the other files
// without their own line in CMakeLists.txt: one pass over a traced grid costs a few operations
// per unit and sample, small beside the forward pass that traced it.
#include "regions.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "rng.hpp"

namespace relulab {
namespace {

/// Bits one unit adds to the pattern: 0 for linear, 1 for a kink at 0, ceil(log2 k) for maxout.
int pattern_bits(const LayerShape& shape) {
  if (shape.activation == Activation::Maxout) {
    int bits = 0;
    while ((1 << bits) < shape.pieces) ++bits;
    return bits;
  }
  return shape.activation == Activation::Linear ? 0 : 1;
}

/// Packs fields into 64-bit words and folds each full word into the id. splitmix64's step is a
/// bijection of its state, so a pattern that fits one word maps to a distinct id.
struct PatternHash {
  std::uint64_t id = 0, word = 0;
  int filled = 0;
  void add(std::uint64_t value, int bits) {
    if (filled + bits > 64) flush();
    word |= value << filled;
    filled += bits;
  }
  void flush() {
    std::uint64_t state = id ^ word;
    id = splitmix64(state);
    word = 0;
    filled = 0;
  }
  std::uint64_t finish() {
    flush();
    return id;
  }
};

}  // namespace

Status check_piecewise_linear(const Network& net) {
  const std::vector<LayerShape>& layers = net.layers();
  for (std::size_t l = 0; l + 1 < layers.size(); ++l) {
    const Activation act = layers[l].activation;
    if (piecewise_linear(act)) continue;
    // A single configured activation applies to every layer: name the entry the user wrote.
    const std::size_t entry = net.config().activations.size() == 1 ? 0 : l;
    std::string allowed;
    for (const ActivationInfo& info : kActivations) {
      if (!info.piecewise_linear) continue;
      if (!allowed.empty()) allowed += ", ";
      allowed += info.key;
    }
    return Status::error("activations[" + std::to_string(entry) + "]: linear regions need piecewise-linear " +
                         "hidden layers (" + allowed + "); " + activation_info(act).key + " is not");
  }
  return Status::success();
}

Status activation_patterns(const Network& net, std::span<std::uint64_t> out) {
  if (Status s = check_piecewise_linear(net); !s) return s;
  const std::size_t batch = std::size_t(net.traced_batch());
  if (out.size() != batch)
    return Status::error("out: must hold one id per traced sample (" + std::to_string(batch) + "), got " +
                         std::to_string(out.size()));
  const std::vector<LayerShape>& layers = net.layers();
  const std::size_t hidden = layers.size() - 1;
  for (std::size_t s = 0; s < batch; ++s) {
    PatternHash hash;
    for (std::size_t l = 0; l < hidden; ++l) {
      const LayerShape& shape = layers[l];
      const int bits = pattern_bits(shape);
      if (bits == 0) continue;
      const std::size_t units = std::size_t(shape.units);
      if (shape.activation == Activation::Maxout) {
        const int* winners = net.traced_winners(int(l)).data() + s * units;  // (batch, units)
        for (std::size_t u = 0; u < units; ++u) hash.add(std::uint64_t(winners[u]), bits);
      } else {
        const float* z = net.traced_pre(int(l)).data() + s * units;  // (batch, rows), rows = units
        for (std::size_t u = 0; u < units; ++u) hash.add(z[u] > 0.0f ? 1 : 0, 1);
      }
    }
    out[s] = hash.finish();
  }
  return Status::success();
}

int count_distinct(std::span<const std::uint64_t> ids) {
  std::vector<std::uint64_t> sorted(ids.begin(), ids.end());
  std::sort(sorted.begin(), sorted.end());
  return int(std::unique(sorted.begin(), sorted.end()) - sorted.begin());
}

std::vector<int> region_indices(std::span<const std::uint64_t> ids) {
  // Sort (id, position) pairs: each run of equal ids starts at its first appearance. Number the
  // runs by that position, then hand each sample its run's number. No hash table: the same
  // numbering on every target, and no per-node allocation.
  const std::size_t n = ids.size();
  std::vector<std::pair<std::uint64_t, int>> by_id(n);
  for (std::size_t i = 0; i < n; ++i) by_id[i] = {ids[i], int(i)};
  std::sort(by_id.begin(), by_id.end());
  std::vector<int> first(n);  // per sample: the position where its id first appears
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && by_id[j].first == by_id[i].first) ++j;
    for (std::size_t k = i; k < j; ++k) first[std::size_t(by_id[k].second)] = by_id[i].second;
    i = j;
  }
  std::vector<int> indices(n), number(n, -1);  // number[p]: index of the region first seen at p
  int next = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t f = std::size_t(first[i]);
    if (number[f] < 0) number[f] = next++;
    indices[i] = number[f];
  }
  return indices;
}

}  // namespace relulab
