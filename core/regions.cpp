// Activation patterns and their counts (regions.hpp). Built -Oz in wasm like the other files
// without their own line in CMakeLists.txt: one pass over a traced grid costs a few operations
// per unit and sample, small beside the forward pass that traced it.
#include "regions.hpp"

#include <algorithm>
#include <string>

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

namespace {

/// Numbers ids 0, 1, 2 ... by first appearance into out (ids.size() entries); returns how many.
/// An open-addressing table of the distinct ids (at most half full, linear probing): no sort and
/// no per-node allocation, and the numbering depends only on the order of the ids, so it is the
/// same on every target. (A sort-based version cost the wasm module about 2 KB gzip more.)
int number_ids(std::span<const std::uint64_t> ids, std::span<int> out) {
  int bits = 1;
  while ((std::size_t(1) << bits) < 2 * ids.size()) ++bits;
  const std::size_t mask = (std::size_t(1) << bits) - 1;
  std::vector<std::uint64_t> keys(mask + 1);
  std::vector<int> numbers(mask + 1, -1);
  int next = 0;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    // Fibonacci hashing: the top bits of id * 2^64/phi spread any ids, mixed or small.
    std::size_t slot = std::size_t((ids[i] * 0x9E3779B97F4A7C15ull) >> (64 - bits));
    while (numbers[slot] >= 0 && keys[slot] != ids[i]) slot = (slot + 1) & mask;
    if (numbers[slot] < 0) {
      keys[slot] = ids[i];
      numbers[slot] = next++;
    }
    out[i] = numbers[slot];
  }
  return next;
}

}  // namespace

int count_distinct(std::span<const std::uint64_t> ids) {
  std::vector<int> scratch(ids.size());
  return number_ids(ids, scratch);
}

std::vector<int> region_indices(std::span<const std::uint64_t> ids) {
  std::vector<int> indices(ids.size());
  number_ids(ids, indices);
  return indices;
}

void UnitSides::add(const Network& net) {
  const std::vector<LayerShape>& layers = net.layers();
  const std::size_t batch = std::size_t(net.traced_batch());
  std::size_t base = 0;  // the layer's first unit among all hidden units
  for (std::size_t l = 0; l + 1 < layers.size(); ++l) {
    const LayerShape& shape = layers[l];
    const std::size_t units = std::size_t(shape.units);
    if (side_.size() < base + units) side_.resize(base + units, kUnseen);
    const bool maxout = shape.activation == Activation::Maxout;
    const int* winners = maxout ? net.traced_winners(int(l)).data() : nullptr;
    const float* z = net.traced_pre(int(l)).data();  // (batch, rows), rows = units when not maxout
    for (std::size_t s = 0; pattern_bits(shape) > 0 && s < batch; ++s)
      for (std::size_t u = 0; u < units; ++u) {
        const int side = maxout ? winners[s * units + u] : int(z[s * units + u] > 0.0f);
        int& seen = side_[base + u];
        if (seen == kUnseen) seen = side;
        else if (seen != side) seen = kCuts;
      }
    base += units;
  }
}

int UnitSides::idle() const { return int(side_.size()) - int(std::count(side_.begin(), side_.end(), kCuts)); }

}  // namespace relulab
