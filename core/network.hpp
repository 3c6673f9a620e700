// The trainable MLP: a flat float32 parameter buffer with a public layout, batched forward and
// backward in (batch, features) layout, PReLU slopes and maxout groups, divergence detection, and
// per-unit diagnostics. Its parts live by concern: dense kernels (dense.hpp), losses (loss.hpp),
// the optimiser (optimizer.hpp), activations (activation.hpp), diagnostics (diagnostics.cpp),
// construction and limits (network_setup.cpp). Pure computation: no I/O, no globals.
// Not a framework: one network type, no layer classes.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "activation.hpp"
#include "features.hpp"
#include "optimizer.hpp"
#include "settings.hpp"
#include "status.hpp"

namespace relulab {

/// Per-call limits of the Network API, refused with a message naming the argument (docs/API.md):
/// samples in one call (predict, train_batch, diagnose, a train_epochs data set), the working
/// memory one call may grow a network by, and epochs in one train_epochs call.
inline constexpr int kMaxSamplesPerCall = 1 << 20;                          // 1,048,576
inline constexpr std::uint64_t kMaxWorkspaceBytes = std::uint64_t(256) << 20;  // 256 MiB
inline constexpr int kMaxEpochsPerCall = 1'000'000;

/// Architecture and initialisation. Public names in messages: inputs, hiddenLayers, width,
/// activations[i], maxoutK, output, classes, init, biasInit, preluInit, preluShared, leakyA,
/// eluAlpha, reluGradAtZero, weightSeed.
struct NetworkConfig {
  int inputs = 2;                                  // 1..kFeatureCount: a point's raw coordinates or features
  std::vector<int> hidden = {8, 8};                // width of each hidden layer (0..8 layers, 1..64)
  /// One per hidden layer, or a single entry used for every hidden layer.
  std::vector<Activation> activations = {Activation::Relu};
  int maxout_k = int(default_of(Setting::MaxoutK));
  OutputKind output = OutputKind::Binary;
  int classes = 2;                                 // multiclass only: 2..8 softmax outputs
  InitScheme init = InitScheme::HeNormal;
  float bias_init = float(default_of(Setting::BiasInit));
  float prelu_init = float(default_of(Setting::PreluInit));
  bool prelu_shared = false;                       // one slope per layer instead of per unit
  float leaky_a = float(default_of(Setting::LeakyA));
  float elu_alpha = float(default_of(Setting::EluAlpha));
  float relu_grad_at_zero = float(default_of(Setting::ReluGradAtZero));
  std::uint32_t seed = std::uint32_t(default_of(Setting::WeightSeed));
};

/// Where one layer lives in the flat parameter buffer. Layout, layer by layer:
/// W (rows x inputs, row-major), then b (rows), then PReLU slopes (slope_count) if any,
/// where rows = units * pieces. For maxout, unit i owns rows i*k .. i*k+k-1.
/// The last layer is the output layer (activation Linear; the loss applies sigmoid/softmax).
struct LayerShape {
  int inputs = 0;
  int units = 0;                 // outputs after the activation
  int pieces = 1;                // k for maxout, else 1
  Activation activation = Activation::Linear;
  std::size_t weight_offset = 0; // W: (units*pieces, inputs)
  std::size_t bias_offset = 0;   // b: (units*pieces)
  std::size_t slope_offset = 0;  // PReLU a: (slope_count)
  int slope_count = 0;           // units, 1 (shared) or 0
  int rows() const { return units * pieces; }
};

/// Per-unit diagnostics on a data set (definitions in docs/ACTIVATIONS.md).
struct UnitDiagnostics {
  float activity_rate = 0;       // fraction of samples with z > 0 (maxout: winning piece's z > 0)
  bool dead = false;             // ReLU: z <= 0 on every sample (zero gradient everywhere)
  bool inactive = false;         // leaky family: z <= 0 on every sample but gradient flows
  bool saturated = false;        // sigmoid/tanh: g'(z) < tau on every sample
  float slope = 0;               // PReLU: current a of this unit (shared: the layer's a)
  std::vector<int> piece_wins;   // maxout: samples won by each piece
  int dead_pieces = 0;           // maxout: pieces that won no sample
};

struct LayerDiagnostics {
  Activation activation = Activation::Linear;
  int dead = 0, inactive = 0, saturated = 0, dead_pieces = 0;
  float sparsity = 0;            // fraction of (unit, sample) pairs with h == 0
  float grad_norm = 0;           // L2 norm of dLoss/dW of this layer on the data (mean loss)
  int zero_pre_activations = 0;  // (row, sample) pairs with z exactly 0 (where g'(0)'s convention acts)
  std::vector<UnitDiagnostics> units;
};

struct NetworkDiagnostics {
  std::vector<LayerDiagnostics> layers;   // hidden layers only
  int dead_units = 0, inactive_units = 0, saturated_units = 0, total_units = 0;
  bool constant_output = false;  // "born dead": output identical on every sample
  float loss = 0, accuracy = 0;  // on the data given (accuracy 0 for regression)
};

class DiagnosticsPass;
/// A network's parameters and optimiser state: what a step changes (Network::save_state).
struct NetworkState {
  std::vector<float> parameters;
  OptimizerState optimizer{0};
};

class Network {
 public:
  /// Checks every field with its range (see NetworkConfig for names).
  static Status validate(const NetworkConfig& config);
  /// Builds and initialises from config. Precondition: validate(config).ok.
  /// Same seed => same weights; layer l's weights come from stream derive_seed(seed, l), so a
  /// layer of equal shape gets equal weights whatever the other layers' activations are.
  explicit Network(const NetworkConfig& config);

  const NetworkConfig& config() const { return config_; }
  const std::vector<LayerShape>& layers() const { return layers_; }  // hidden..., output
  int outputs() const;                       // 1 (binary, regression) or classes
  std::span<float> parameters() { return params_; }
  std::span<const float> parameters() const { return params_; }
  /// dLoss/dparams from the last loss_and_gradient / train_batch, same layout as parameters().
  std::span<const float> gradients() const { return grads_; }
  /// Replaces all parameters; refuses a wrong length or non-finite values.
  Status set_parameters(std::span<const float> values);

  /// Network output for a batch: x (batch, inputs) -> out (batch, outputs): probabilities for
  /// binary/multiclass, values for regression.
  void predict(std::span<const float> x, int batch, std::span<float> out);
  /// Hidden unit's activation h for a batch: x (batch, inputs) -> out (batch).
  void unit_output(std::span<const float> x, int batch, int layer, int unit, std::span<float> out);
  /// One forward pass over a batch that keeps every hidden layer's values for the accessors below
  /// (all hidden units at once: unit maps, pre-activation histograms, activation patterns). The
  /// spans stay valid until the next call that computes on this network.
  void trace(std::span<const float> x, int batch);
  /// After trace(): hidden layer `layer`'s pre-activations z (batch, rows), rows = units * pieces.
  std::span<const float> traced_pre(int layer) const;
  /// After trace(): hidden layer `layer`'s outputs h (batch, units).
  std::span<const float> traced_output(int layer) const;
  /// After trace(): for a maxout layer, the winning piece of each (sample, unit) (batch, units);
  /// empty for other activations.
  std::span<const int> traced_winners(int layer) const;
  int traced_batch() const { return traced_batch_; }
  /// Mean loss over the batch and its gradient into gradients() (no update). y: (batch) labels
  /// (class index as float) or targets.
  float loss_and_gradient(std::span<const float> x, std::span<const float> y, int batch);
  /// One optimiser step on exactly this batch; returns the mean loss before the step. If the
  /// loss or any gradient is not finite, nothing is updated and the result is not finite.
  float train_batch(std::span<const float> x, std::span<const float> y, int batch, const TrainConfig& train);
  /// Whole epochs of mini-batch training on a data set x (n, inputs), y (n), in one call: epoch e
  /// (0, 1, ... within this call) visits the samples in the order of a Fisher-Yates shuffle of the
  /// identity order driven by Rng(derive_seed(shuffle_seed, e)) (the Experiment's shuffle, with
  /// its seed given here), in batches of train.batch_size (the last one may be smaller), one
  /// train_batch each. epoch_losses (if not empty; at most `epochs` entries are written) receives
  /// each epoch's mean training loss before its steps (batch losses weighted by batch size).
  /// Stops at the first refused step (non-finite loss or step): that epoch's entry and the result
  /// are not finite, later entries are NaN, and the parameters are those before the refused step.
  /// Returns the last epoch's mean loss (0 if epochs <= 0 or n <= 0).
  float train_epochs(std::span<const float> x, std::span<const float> y, int n, int epochs,
                     std::uint32_t shuffle_seed, const TrainConfig& train, std::span<float> epoch_losses = {});
  /// Clears optimiser state (momentum, Adam moments and step count).
  void reset_optimizer();
  /// Copies the parameters and optimiser state out (into `state`'s buffers, reused) and back in:
  /// a rewind to exactly these bits (the experiment replays an epoch in which a unit died).
  void save_state(NetworkState& state) const {
    state.parameters.assign(params_.begin(), params_.end());
    state.optimizer = optimizer_;
  }
  void load_state(const NetworkState& state) {
    params_.assign(state.parameters.begin(), state.parameters.end());
    optimizer_ = state.optimizer;
  }
  /// gradients() out and back in: work done on the network in between (a replay's batches) leaves
  /// the last batch's gradients as they were. load_gradients takes a span of gradients()' size.
  void save_gradients(std::vector<float>& out) const { out.assign(grads_.begin(), grads_.end()); }
  void load_gradients(std::span<const float> g) { std::copy(g.begin(), g.end(), grads_.begin()); }

  /// Bytes of working memory (pre-activations, outputs, gradients, step backup, shuffle order)
  /// that calls on `samples` samples need in all, computed in 64 bits for any count; with
  /// backward = false, what predict() needs (the forward pass, or only the logits when it takes
  /// the blocked path).
  std::uint64_t workspace_bytes(std::uint64_t samples, bool backward = true) const;
  /// All the memory a network of this (valid) config holds after calls on up to `samples`
  /// samples: parameters, gradients, optimiser state and workspaces; without building it.
  static std::uint64_t memory_bytes(const NetworkConfig& config, std::uint64_t samples);
  /// The layers of a network of this (valid) config: the parameter layout.
  static std::vector<LayerShape> shapes(const NetworkConfig& config);
  /// Grows the workspaces to hold `samples` samples (backward: as workspace_bytes), so calls up to
  /// that size allocate nothing; returns the bytes it allocated (with dry_run, would allocate).
  std::uint64_t reserve(int samples, bool backward = true, bool dry_run = false);
  /// Checks a caller's sample count against kMaxSamplesPerCall and kMaxWorkspaceBytes; the
  /// message names `field` and, for the memory limit, the largest count this network takes.
  Status check_samples(std::uint64_t samples, std::string_view field, bool backward = true) const;
  /// Checks labels as the caller gave them, before any rounding to float: binary 0 or 1,
  /// multiclass a whole number from 0 to classes - 1, regression a finite float32 target.
  Status check_labels(std::span<const double> y, std::string_view field) const;

  /// Diagnostics on a data set: x (n, inputs), y (n). tau = saturation threshold.
  /// With gradient_norms = false, no backward pass: every grad_norm is 0 and gradients() is left
  /// as it was (everything else is identical; Experiment's per-epoch records use this).
  NetworkDiagnostics diagnose(std::span<const float> x, std::span<const float> y, int n,
                              float tau = float(default_of(Setting::SaturationThreshold)),
                              bool gradient_norms = true);

 private:
  friend class DiagnosticsPass;  // reads the forward pass's workspaces block by block
  NetworkConfig config_;
  std::vector<LayerShape> layers_;
  std::vector<float> params_, grads_;
  OptimizerState optimizer_;
  std::vector<std::size_t> weight_ranges_;  // [begin, end) of each layer's W (the L2 ranges)
  // Workspaces (resized on demand): per layer pre-activations (batch, rows), outputs
  // (batch, units), maxout winners (batch, units), and gradient scratch.
  std::vector<std::vector<float>> pre_, post_, grad_post_;
  std::vector<std::vector<int>> winners_;
  std::vector<float> grad_pre_;
  int traced_batch_ = 0;               // batch of the last forward pass (trace's accessors)
  std::vector<int> order_;             // train_epochs: the sample order
  std::vector<float> batch_x_, batch_y_;
  float output_loss(std::span<const float> y, int batch);  // loss + dL/dlogits into grad_pre_
  std::vector<float> logits_;          // predict: logits of the blocked pass
  void logits_blocked(std::span<const float> x, int batch, std::span<float> logits);
  /// Layer l's activation as activate_layer takes it (hidden layers only).
  LayerActivation layer_activation(std::size_t l);
  static std::uint64_t workspace_bytes(const NetworkConfig& config, std::span<const LayerShape> layers,
                                       std::uint64_t samples, bool backward);
  /// predict() takes the blocked path (logits only, no per-layer workspaces) for these layers.
  static bool predicts_blocked(std::span<const LayerShape> layers);

  void initialise();
  void forward(std::span<const float> x, int batch);
  void backward(std::span<const float> x, int batch);  // from dL/dlogits held in grad_pre_
  std::span<const float> layer_input(std::span<const float> x, int layer) const;
};

/// Diagnostics without gradient norms over a data set taken block after block: forward passes of
/// any sizes, each add() a bounded piece of work, with the same bits as diagnose(x, y, n, tau,
/// false) on the whole set whatever the blocks (every count is exact; the loss adds the same
/// per-sample losses in the same order, loss.hpp add_losses). The experiment's end-of-epoch records
/// and the grid job's diagnostics are computed this way so no piece of work grows with the set.
class DiagnosticsPass {
 public:
  DiagnosticsPass() = default;
  explicit DiagnosticsPass(const Network& net, float tau = float(default_of(Setting::SaturationThreshold))) {
    begin(net, tau);
  }
  /// Starts over on a set for `net` (keeps the memory of an earlier pass of the same shape).
  void begin(const Network& net, float tau = float(default_of(Setting::SaturationThreshold)));
  /// The next n samples of the set (x: (n, inputs), y: n): a forward pass, then their counts.
  /// Afterwards the network is traced on this block (traced_batch() == n), e.g. for
  /// activation_patterns.
  void add(Network& net, std::span<const float> x, std::span<const float> y, int n);
  /// Samples added so far.
  std::size_t samples() const { return count_; }
  /// The diagnostics of all samples added (the network's slopes are read now).
  NetworkDiagnostics finish(const Network& net) const;

 private:
  friend class Network;  // diagnose() tallies a whole-set forward pass it made itself
  struct Unit {
    std::size_t active = 0;
    bool all_saturated = true;
    std::vector<int> piece_wins;
  };
  struct Layer {
    std::vector<Unit> units;
    std::size_t zeros = 0, zero_pre = 0;
  };
  float tau_ = 0;
  std::vector<Layer> layers_;
  std::vector<float> first_logits_;  // the first sample's logits (constant output)
  bool constant_ = true;
  std::size_t count_ = 0, correct_ = 0;
  double loss_total_ = 0.0;
  /// Counts of the n samples of the network's last forward pass (its workspaces), y their labels.
  void tally(const Network& net, std::span<const float> y, std::size_t n);
};

/// Checks a caller's sample count against kMaxSamplesPerCall; the message names `field`.
Status check_sample_count(std::uint64_t samples, std::string_view field);

/// The parameters of the element-wise activation `act` in a network of this config: leakyA,
/// eluAlpha, reluGradAtZero, and for PReLU its initial slope preluInit (the network then passes
/// each unit's learned slope instead). The one place a config becomes ActivationParams.
/// Inline: the forward and backward passes call it once per layer per batch.
inline ActivationParams activation_params(const NetworkConfig& config, Activation act) {
  ActivationParams p;
  p.a = act == Activation::Prelu ? config.prelu_init : config.leaky_a;
  p.alpha = config.elu_alpha;
  p.relu_grad_at_zero = config.relu_grad_at_zero;
  return p;
}

}  // namespace relulab
