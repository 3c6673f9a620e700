// The mini-batch order both training loops use (Network::train_epochs, Experiment::train): an
// epoch's sample order as a Fisher-Yates shuffle of the identity order, and the gather of one
// batch's rows in that order. Header-only: each loop inlines it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

#include "rng.hpp"

namespace relulab {

/// order = 0, 1, ..., n-1 shuffled by Fisher-Yates driven by Rng(seed) (from the last position down).
inline void shuffled_order(std::span<int> order, std::uint32_t seed) {
  const std::size_t n = order.size();
  for (std::size_t i = 0; i < n; ++i) order[i] = int(i);
  Rng rng(seed);
  for (std::size_t i = n; i-- > 1;) std::swap(order[i], order[std::size_t(rng.below(std::uint32_t(i + 1)))]);
}

/// Copies the rows rows[0..] of x (n, dims) and y (n) into batch_x (rows.size(), dims) and batch_y.
inline void gather_rows(std::span<const float> x, std::span<const float> y, std::size_t dims, std::span<const int> rows,
                        float* batch_x, float* batch_y) {
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const std::size_t row = std::size_t(rows[k]);
    for (std::size_t d = 0; d < dims; ++d) batch_x[k * dims + d] = x[row * dims + d];
    batch_y[k] = y[row];
  }
}

}  // namespace relulab
