// The per-sample baseline (see baseline.hpp): the loops a first C++ port of Playground's nn.ts
// would have. Built with -O2 (not -O3, no -march): the "straightforward native build" bench/README.md measures against.
#include "baseline.hpp"

#include <cmath>

namespace bench::baseline {

Mlp::Mlp(const std::vector<LayerInit>& layers, Hidden hidden) : hidden_(hidden) {
  for (const LayerInit& init : layers) {
    Layer l;
    l.inputs = init.inputs;
    l.outputs = init.outputs;
    l.w = init.w;
    l.b = init.b;
    l.grad_w.assign(l.w.size(), 0.0f);
    l.grad_b.assign(l.b.size(), 0.0f);
    l.z.assign(l.outputs, 0.0f);
    l.a.assign(l.outputs, 0.0f);
    l.delta.assign(l.outputs, 0.0f);
    layers_.push_back(l);
  }
}

float Mlp::forward(const float* x) {
  const float* in = x;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    Layer& layer = layers_[l];
    const bool last = l + 1 == layers_.size();
    for (int j = 0; j < layer.outputs; ++j) {
      float z = layer.b[j];
      for (int i = 0; i < layer.inputs; ++i) z += layer.w[j * layer.inputs + i] * in[i];
      layer.z[j] = z;
      if (last)
        layer.a[j] = 1.0f / (1.0f + std::exp(-z));
      else if (hidden_ == Hidden::Relu)
        layer.a[j] = z > 0.0f ? z : 0.0f;
      else
        layer.a[j] = std::tanh(z);
    }
    in = layer.a.data();
  }
  return layers_.back().a[0];
}

void Mlp::backward(const float* x, float y) {
  Layer& out = layers_.back();
  out.delta[0] = out.a[0] - y;   // d(cross-entropy)/d(logit) for a sigmoid output
  for (int l = int(layers_.size()) - 1; l >= 0; --l) {
    Layer& layer = layers_[l];
    const float* in = l > 0 ? layers_[l - 1].a.data() : x;
    for (int j = 0; j < layer.outputs; ++j) {
      const float d = layer.delta[j];
      layer.grad_b[j] += d;
      for (int i = 0; i < layer.inputs; ++i) layer.grad_w[j * layer.inputs + i] += d * in[i];
    }
    if (l == 0) break;
    Layer& prev = layers_[l - 1];
    for (int i = 0; i < layer.inputs; ++i) {
      float s = 0.0f;
      for (int j = 0; j < layer.outputs; ++j) s += layer.w[j * layer.inputs + i] * layer.delta[j];
      const float derivative = hidden_ == Hidden::Relu ? (prev.z[i] > 0.0f ? 1.0f : 0.0f)
                                                       : 1.0f - prev.a[i] * prev.a[i];
      prev.delta[i] = s * derivative;
    }
  }
}

void Mlp::update(float learning_rate, int count) {
  const float scale = learning_rate / float(count);
  for (Layer& layer : layers_) {
    for (std::size_t k = 0; k < layer.w.size(); ++k) {
      layer.w[k] -= scale * layer.grad_w[k];
      layer.grad_w[k] = 0.0f;
    }
    for (std::size_t k = 0; k < layer.b.size(); ++k) {
      layer.b[k] -= scale * layer.grad_b[k];
      layer.grad_b[k] = 0.0f;
    }
  }
}

void Mlp::train(const float* x, const float* y, int n, int epochs, float learning_rate, int batch_size,
                Shuffler& shuffler) {
  std::vector<int> order(n);
  for (int i = 0; i < n; ++i) order[i] = i;
  for (int e = 0; e < epochs; ++e) {
    shuffler.shuffle(order);
    int count = 0;
    for (int i = 0; i < n; ++i) {
      const int s = order[i];
      forward(x + 2 * s);
      backward(x + 2 * s, y[s]);
      if (++count == batch_size || i == n - 1) {
        update(learning_rate, count);
        count = 0;
      }
    }
  }
}

void Mlp::predict(const float* x, int n, float* out) {
  for (int i = 0; i < n; ++i) out[i] = forward(x + 2 * i);
}

std::vector<float> Mlp::parameters() const {
  std::vector<float> all;
  for (const Layer& layer : layers_) {
    all.insert(all.end(), layer.w.begin(), layer.w.end());
    all.insert(all.end(), layer.b.begin(), layer.b.end());
  }
  return all;
}

}  // namespace bench::baseline
