// Helpers shared by the network's native test files (test_network, test_optimizer,
// test_diagnostics, test_loss): small data sets, parameter copies, configs, and an independent
// double-precision pass that finds which side of each kink a unit is on.
#pragma once
#include <cstring>
#include <span>
#include <vector>

#include "network.hpp"
#include "rng.hpp"

namespace relulab::test_support {

struct Data {
  std::vector<float> x, y;
  int n = 0;
};

/// n points uniform in [-range, range]^inputs with labels fitting the output kind.
inline Data make_data(std::uint32_t seed, int n, int inputs, OutputKind output, int classes, float range = 1.5f) {
  Rng rng(seed);
  Data d;
  d.n = n;
  for (int s = 0; s < n; ++s) {
    for (int i = 0; i < inputs; ++i) d.x.push_back(rng.uniform(-range, range));
    switch (output) {
      case OutputKind::Binary: d.y.push_back(float(rng.below(2))); break;
      case OutputKind::Multiclass: d.y.push_back(float(rng.below(std::uint32_t(classes)))); break;
      case OutputKind::Regression: d.y.push_back(rng.uniform(-1.0f, 1.0f)); break;
    }
  }
  return d;
}

inline std::vector<float> copy_params(const Network& net) {
  return {net.parameters().begin(), net.parameters().end()};
}
inline std::vector<float> copy_grads(const Network& net) {
  return {net.gradients().begin(), net.gradients().end()};
}

/// W then b of layer l as one vector (slopes excluded).
inline std::vector<float> weights_and_biases(const Network& net, int l) {
  const LayerShape& shape = net.layers()[std::size_t(l)];
  auto p = net.parameters();
  return {p.begin() + std::ptrdiff_t(shape.weight_offset),
          p.begin() + std::ptrdiff_t(shape.bias_offset) + shape.rows()};
}

inline bool bit_identical(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}


/// Which side of every kink each hidden unit is on, for every sample, from an independent
/// double-precision forward pass: z > 0 for activations with a kink at 0, the winning piece for
/// maxout. A finite difference whose +h or -h run changes this pattern straddles a kink.
inline std::vector<int> kink_pattern(const Network& net, const Data& d) {
  std::vector<int> pattern;
  const NetworkConfig& c = net.config();
  auto p = net.parameters();
  const auto& layers = net.layers();
  for (int s = 0; s < d.n; ++s) {
    std::vector<double> in(d.x.begin() + s * c.inputs, d.x.begin() + (s + 1) * c.inputs);
    for (std::size_t l = 0; l + 1 < layers.size(); ++l) {
      const LayerShape& shape = layers[l];
      std::vector<double> z(std::size_t(shape.rows()));
      for (int r = 0; r < shape.rows(); ++r) {
        double acc = p[shape.bias_offset + std::size_t(r)];
        for (int i = 0; i < shape.inputs; ++i)
          acc += double(p[shape.weight_offset + std::size_t(r * shape.inputs + i)]) * in[std::size_t(i)];
        z[std::size_t(r)] = acc;
      }
      std::vector<double> h(std::size_t(shape.units));
      for (int u = 0; u < shape.units; ++u) {
        if (shape.activation == Activation::Maxout) {
          int best = 0;
          for (int j = 1; j < shape.pieces; ++j)
            if (z[std::size_t(u * shape.pieces + j)] > z[std::size_t(u * shape.pieces + best)]) best = j;
          pattern.push_back(best);
          h[std::size_t(u)] = z[std::size_t(u * shape.pieces + best)];
          continue;
        }
        const double zu = z[std::size_t(u)];
        if (activation_info(shape.activation).kink_count > 0) pattern.push_back(zu > 0 ? 1 : 0);
        if (shape.activation == Activation::Prelu) {
          const double a = p[shape.slope_offset + std::size_t(shape.slope_count == 1 ? 0 : u)];
          h[std::size_t(u)] = zu > 0 ? zu : a * zu;
        } else {
          h[std::size_t(u)] = activate(shape.activation, float(zu), activation_params(c, shape.activation));
        }
      }
      in = h;
    }
  }
  return pattern;
}

inline const char* output_name(OutputKind o) { return kOutputKinds[int(o)].key; }

/// The 2-3-1 network of the hand-worked SGD step (see that test).
inline NetworkConfig hand_config(float relu_grad_at_zero) {
  NetworkConfig c;
  c.inputs = 2;
  c.hidden = {3};
  c.activations = {Activation::Relu};
  c.output = OutputKind::Binary;
  c.relu_grad_at_zero = relu_grad_at_zero;
  return c;
}

inline NetworkConfig small_config(std::vector<int> hidden, Activation act, OutputKind output = OutputKind::Binary) {
  NetworkConfig c;
  c.inputs = 2;
  c.hidden = std::move(hidden);
  c.activations = {act};
  c.output = output;
  c.classes = 3;
  return c;
}

}  // namespace relulab::test_support
