// Tests of the dense-layer kernels (core/dense.cpp): each kernel against its plain triple-loop
// reference in core/dense.hpp, bit for bit, over in-dims, rows and batch sizes 1 to 70 (each size
// swept through 1..70 while the other two take widths around the kernels' lane and block edges).
// Equal bits, not closeness: the kernels promise the reference's summation order.
#include <cstdint>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "dense.hpp"
#include "float_bits.hpp"
#include "rng.hpp"

using namespace relulab;

namespace {

constexpr std::size_t kMaxSize = 70;
// Around the kernels' edges: one lane, a four-lane vector (and one past it), an eight-sample block,
// a 16-input chunk (and one past it), and the largest width.
constexpr std::size_t kEdges[] = {1, 3, 4, 5, 8, 9, 17, 64, 70};

/// n floats of mixed signs and magnitudes (sums of them round differently in another order), with
/// a few exact zeros.
std::vector<float> random_floats(Rng& rng, std::size_t n) {
  std::vector<float> v(n);
  for (float& x : v) {
    const float scale = rng.below(4) == 0 ? 1000.0f : 1.0f;
    x = rng.below(16) == 0 ? 0.0f : rng.uniform(-1.0f, 1.0f) * scale;
  }
  return v;
}

/// Index of the first element whose bits differ, or -1.
long first_difference(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (bits(a[i]) != bits(b[i])) return long(i);
  return -1;
}

/// Calls f(in_dim, rows, n) for every size 1..max_dim of one dimension with the other two from
/// kEdges (those within their limits).
template <class F>
void sweep(std::size_t max_dim, std::size_t max_rows, F f) {
  for (std::size_t a = 1; a <= kMaxSize; ++a)
    for (std::size_t b : kEdges)
      for (std::size_t c : kEdges) {
        if (a <= max_dim && b <= max_rows) f(a, b, c);   // in_dim swept
        if (b <= max_dim && a <= max_rows) f(b, a, c);   // rows swept
        if (b <= max_dim && c <= max_rows) f(b, c, a);   // batch swept
      }
}

}  // namespace

TEST_CASE("affine gives the bits of its triple-loop reference for in-dims 1 to 64 and rows and batches 1 to 70",
          "[dense]") {
  Rng rng(11);
  std::size_t cases = 0;
  sweep(dense::kMaxInputs, kMaxSize, [&](std::size_t in_dim, std::size_t rows, std::size_t n) {
    const std::vector<float> in = random_floats(rng, n * in_dim), w = random_floats(rng, rows * in_dim),
                             b = random_floats(rng, rows);
    // One element past the end must stay untouched.
    std::vector<float> fast(n * rows + 1, -7.0f), slow(n * rows + 1, -7.0f);
    dense::affine(in.data(), n, in_dim, w.data(), b.data(), rows, fast.data());
    dense::affine_reference(in.data(), n, in_dim, w.data(), b.data(), rows, slow.data());
    INFO("in_dim " << in_dim << ", rows " << rows << ", batch " << n);
    REQUIRE(first_difference(fast, slow) == -1);
    ++cases;
  });
  CHECK(cases > 3000);
}

TEST_CASE("weight_gradient gives the bits of its triple-loop reference for in-dims rows and batches 1 to 70",
          "[dense]") {
  Rng rng(12);
  sweep(kMaxSize, kMaxSize, [&](std::size_t in_dim, std::size_t rows, std::size_t n) {
    const std::vector<float> delta = random_floats(rng, n * rows), in = random_floats(rng, n * in_dim);
    // It accumulates: both start from the same non-zero gradients.
    std::vector<float> gw_fast = random_floats(rng, rows * in_dim), gb_fast = random_floats(rng, rows);
    gw_fast.push_back(-7.0f);
    gb_fast.push_back(-7.0f);
    std::vector<float> gw_slow = gw_fast, gb_slow = gb_fast;
    dense::weight_gradient(delta.data(), in.data(), n, rows, in_dim, gw_fast.data(), gb_fast.data());
    dense::weight_gradient_reference(delta.data(), in.data(), n, rows, in_dim, gw_slow.data(), gb_slow.data());
    INFO("in_dim " << in_dim << ", rows " << rows << ", batch " << n);
    REQUIRE(first_difference(gw_fast, gw_slow) == -1);
    REQUIRE(first_difference(gb_fast, gb_slow) == -1);
  });
}

TEST_CASE("input_gradient gives the bits of its triple-loop reference for in-dims rows and batches 1 to 70",
          "[dense]") {
  Rng rng(13);
  sweep(kMaxSize, kMaxSize, [&](std::size_t in_dim, std::size_t rows, std::size_t n) {
    const std::vector<float> delta = random_floats(rng, n * rows), w = random_floats(rng, rows * in_dim);
    std::vector<float> fast(n * in_dim + 1, -7.0f), slow(n * in_dim + 1, -7.0f);
    dense::input_gradient(delta.data(), w.data(), n, rows, in_dim, fast.data());
    dense::input_gradient_reference(delta.data(), w.data(), n, rows, in_dim, slow.data());
    INFO("in_dim " << in_dim << ", rows " << rows << ", batch " << n);
    REQUIRE(first_difference(fast, slow) == -1);
  });
}

TEST_CASE("the predict path's layer step gives the bits of its reference for in-dims and rows 1 to 64",
          "[dense]") {
  Rng rng(14);
  // Tanh is not fused: the step must leave z as it is.
  const Activation fused = GENERATE(Activation::Linear, Activation::Relu, Activation::LeakyRelu, Activation::Abs,
                                    Activation::Tanh);
  for (std::size_t in_dim = 1; in_dim <= dense::kMaxInputs; ++in_dim)
    for (std::size_t rows = 1; rows <= dense::kMaxInputs; ++rows) {
      const std::vector<float> cur = random_floats(rng, in_dim * dense::kLanes), w = random_floats(rng, rows * in_dim),
                               b = random_floats(rng, rows);
      std::vector<float> fast(rows * dense::kLanes + 1, -7.0f), slow(rows * dense::kLanes + 1, -7.0f);
      dense::affine_lanes(cur.data(), in_dim, w.data(), b.data(), rows, fast.data(), fused, 0.05f);
      dense::affine_lanes_reference(cur.data(), in_dim, w.data(), b.data(), rows, slow.data(), fused, 0.05f);
      INFO("activation " << activation_info(fused).key << ", in_dim " << in_dim << ", rows " << rows);
      REQUIRE(first_difference(fast, slow) == -1);
    }
}

TEST_CASE("the references differ from another summation order on these inputs", "[dense]") {
  // The bit-for-bit checks above mean something only if order matters on such data: summing an
  // affine row backwards must change some results.
  Rng rng(15);
  const std::size_t n = 16, in_dim = 64, rows = 16;
  const std::vector<float> in = random_floats(rng, n * in_dim), w = random_floats(rng, rows * in_dim),
                           b = random_floats(rng, rows);
  std::vector<float> forward(n * rows), backward(n * rows);
  dense::affine_reference(in.data(), n, in_dim, w.data(), b.data(), rows, forward.data());
  for (std::size_t s = 0; s < n; ++s)
    for (std::size_t r = 0; r < rows; ++r) {
      float acc = b[r];
      for (std::size_t i = in_dim; i-- > 0;) acc += in[s * in_dim + i] * w[r * in_dim + i];
      backward[s * rows + r] = acc;
    }
  CHECK(first_difference(forward, backward) != -1);
}
