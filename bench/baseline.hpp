// The straightforward per-sample MLP the benchmarks measure against (bench/README.md): TensorFlow Playground's
// algorithm (forward and backward one sample at a time, gradients accumulated, weights updated
// every batch) in plain loops, float32, compiled with exactly g++ -O2 (see CMakeLists.txt).
// Not the lab's engine and not optimised on purpose: it is the yardstick.
#pragma once
#include <vector>

#include "common.hpp"

namespace bench::baseline {

enum class Hidden { Relu, Tanh };

/// One fully connected layer: w is (outputs, inputs) row-major, b is (outputs).
struct LayerInit {
  int inputs = 0, outputs = 0;
  std::vector<float> w, b;
};

/// Hidden layers use `hidden`; the last layer is one logit with sigmoid + cross-entropy.
class Mlp {
 public:
  Mlp(const std::vector<LayerInit>& layers, Hidden hidden);
  /// `epochs` epochs of SGD over x (n, 2) / y (n); the batch order comes from `shuffler`.
  void train(const float* x, const float* y, int n, int epochs, float learning_rate, int batch_size,
             Shuffler& shuffler);
  /// Probability of class 1 for each of the n points of x (n, 2).
  void predict(const float* x, int n, float* out);
  /// All weights and biases, layer by layer (W then b), for hashing.
  std::vector<float> parameters() const;

 private:
  struct Layer {
    int inputs, outputs;
    std::vector<float> w, b, grad_w, grad_b, z, a, delta;
  };
  std::vector<Layer> layers_;
  Hidden hidden_;
  float forward(const float* x);
  void backward(const float* x, float y);
  void update(float learning_rate, int count);
};

}  // namespace bench::baseline
