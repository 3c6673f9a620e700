// The activation library: every activation's value g(z) and derivative dg/dz with respect to the
// pre-activation z, scalar and array forms, float32, plus PReLU's dg/da and the maxout group op.
// One metadata table (kActivations) drives the network, the wasm enum, the page and the tests.
// Not a layer abstraction: the network calls these per layer, switching once per array.
#pragma once
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "settings.hpp"

namespace relulab {

/// Every activation. `switch` over it without `default:` so -Wswitch flags a missing case.
enum class Activation : int {
  Linear, Sigmoid, Tanh, Relu, LeakyRelu, Prelu, Abs, Elu, Selu, Softplus, Gelu, Silu, Maxout
};

/// How a unit with this activation can stop learning (docs/ACTIVATIONS.md, "Dead, inactive, saturated, sparse").
enum class Failure : int {
  None,        // linear, abs: gradient never vanishes on a whole side
  Dies,        // ReLU: z <= 0 on all data => exactly zero gradient ("dead")
  Inactive,    // leaky/PReLU/ELU/SELU/softplus/GELU/SiLU: z <= 0 everywhere, gradient still flows
  Saturates,   // sigmoid/tanh: g'(z) < tau on all data
  DeadPieces,  // maxout: a piece that never wins gets zero gradient
};

/// Most values one call of the array forms may take from a caller (lab.activation's curve).
inline constexpr int kMaxCurveValues = 1 << 22;  // 4,194,304

struct ActivationInfo {
  Activation id;
  const char* key;              // URL/config key, e.g. "leaky_relu"
  const char* name_en;
  const char* name_zh;
  Setting params[1];            // its parameter settings (range/default in kSettings)
  int param_count;              // 0 or 1
  float kinks[1];               // points where g is not differentiable
  int kink_count;
  Failure failure;
  bool grouped;                 // maxout: the max is taken over groups of k pre-activations
  bool piecewise_linear;        // g is affine between its kinks (a network of these has linear regions)
};

inline constexpr ActivationInfo kActivations[] = {
    {Activation::Linear, "linear", "Linear", "线性", {}, 0, {}, 0, Failure::None, false, true},
    {Activation::Sigmoid, "sigmoid", "Sigmoid", "Sigmoid", {}, 0, {}, 0, Failure::Saturates, false, false},
    {Activation::Tanh, "tanh", "Tanh", "Tanh", {}, 0, {}, 0, Failure::Saturates, false, false},
    {Activation::Relu, "relu", "ReLU", "ReLU（整流线性单元）", {}, 0, {0.0f}, 1, Failure::Dies, false, true},
    {Activation::LeakyRelu, "leaky_relu", "Leaky ReLU", "Leaky ReLU（渗漏整流线性单元）", {Setting::LeakyA}, 1,
     {0.0f}, 1, Failure::Inactive, false, true},
    {Activation::Prelu, "prelu", "PReLU (learned slope)", "PReLU（参数化整流线性单元）", {Setting::PreluInit}, 1,
     {0.0f}, 1, Failure::Inactive, false, true},
    {Activation::Abs, "abs", "Absolute value", "绝对值整流", {}, 0, {0.0f}, 1, Failure::None, false, true},
    {Activation::Elu, "elu", "ELU", "ELU（指数线性单元）", {Setting::EluAlpha}, 1, {0.0f}, 1, Failure::Inactive, false, false},
    {Activation::Selu, "selu", "SELU", "SELU（自归一化指数线性单元）", {}, 0, {0.0f}, 1, Failure::Inactive, false, false},
    {Activation::Softplus, "softplus", "Softplus", "Softplus", {}, 0, {}, 0, Failure::Inactive, false, false},
    {Activation::Gelu, "gelu", "GELU", "GELU", {}, 0, {}, 0, Failure::Inactive, false, false},
    {Activation::Silu, "silu", "SiLU / Swish", "SiLU / Swish", {}, 0, {}, 0, Failure::Inactive, false, false},
    {Activation::Maxout, "maxout", "Maxout", "Maxout", {Setting::MaxoutK}, 1, {}, 0, Failure::DeadPieces, true, true},
};
inline constexpr std::size_t kActivationCount = sizeof(kActivations) / sizeof(kActivations[0]);

/// Table row of an activation.
constexpr const ActivationInfo& activation_info(Activation a) { return kActivations[static_cast<int>(a)]; }
/// Activation by key ("relu"); nullopt if unknown.
std::optional<Activation> activation_from_key(std::string_view key);

/// SELU constants (Klambauer et al. 2017), rounded to float.
inline constexpr float kSeluAlpha = 1.6732632423543772848170429916717f;
inline constexpr float kSeluLambda = 1.0507009873554804934193349852946f;

/// Parameters of the element-wise activations. `a` is the negative-side slope of Leaky ReLU
/// and PReLU (for PReLU the network stores one learned `a` per unit or per layer and passes it
/// here); `alpha` is ELU's alpha; relu_grad_at_zero is relu'(0) (0, 0.5 or 1).
struct ActivationParams {
  float a = float(default_of(Setting::LeakyA));
  float alpha = float(default_of(Setting::EluAlpha));
  float relu_grad_at_zero = float(default_of(Setting::ReluGradAtZero));
};
/// Defaults for this activation (a = 0.25 for PReLU, 0.01 for Leaky ReLU).
ActivationParams default_params(Activation act);
/// Validates params that this activation uses; messages name leakyA / preluInit / eluAlpha /
/// reluGradAtZero with their ranges. Maxout's k is checked by the network, not here.
Status validate_params(Activation act, const ActivationParams& params);

// Scalar forms. Conventions at z = 0 (docs/ACTIVATIONS.md): ReLU' = relu_grad_at_zero; Leaky/PReLU
// use the single rule `z > 0 ? 1 : a`; ELU' uses the negative branch (alpha); SELU' = lambda*alpha;
// abs' = 0. For Maxout the element-wise part is the identity (each piece is an affine map) and
// the max is applied by maxout_forward over groups.
/// g(z).
float activate(Activation act, float z, const ActivationParams& p);
/// dg/dz at z (never derived from the output g(z); see each case for precision notes).
float activate_derivative(Activation act, float z, const ActivationParams& p);
/// PReLU's dg/da at z: 0 if z > 0, else z.
inline float prelu_grad_a(float z) { return z > 0.0f ? 0.0f : z; }

// Array forms: one switch per call, tight loop inside. z and out have equal length; out may
// alias z.
/// out[i] = g(z[i]).
void activate(Activation act, std::span<const float> z, std::span<float> out, const ActivationParams& p);
/// out[i] = dg/dz (z[i]).
void activate_derivative(Activation act, std::span<const float> z, std::span<float> out,
                         const ActivationParams& p);
/// out[i] = g'(z[i]) * upstream[i] in one pass (the backward pass's dL/dz from dL/dh): the same
/// bits as activate_derivative followed by the product. out may alias z or upstream; upstream
/// shorter than z or out gives NaN.
void activate_derivative_times(Activation act, std::span<const float> z, std::span<const float> upstream,
                               std::span<float> out, const ActivationParams& p);

/// Maxout over contiguous groups: pieces has units*k values, unit u owns pieces u*k .. u*k+k-1.
/// out[u] = max over its pieces; winner[u] = index within the group (0..k-1) of the winning piece,
/// ties to the lowest index.
void maxout_forward(std::span<const float> pieces, int k, std::span<float> out, std::span<int> winner);
/// Routes dL/dh of each unit to its winning piece: grad_pieces[u*k + winner[u]] += grad_out[u];
/// the other pieces get nothing (accumulates, does not clear).
void maxout_backward(std::span<const float> grad_out, int k, std::span<const int> winner,
                     std::span<float> grad_pieces);


// Layer forms: what the network applies to one hidden layer, switching once per layer. They add
// the two activations with per-layer data to the array forms: PReLU's learned slopes and maxout's
// groups of k pre-activations.

/// One hidden layer's activation: which, its parameters, its width, and PReLU's learned slopes
/// (slope_count 1: one slope shared by the layer, else one per unit) or maxout's k (pieces).
struct LayerActivation {
  Activation act = Activation::Linear;
  ActivationParams params;
  std::size_t units = 0;
  int pieces = 1;
  const float* slopes = nullptr;
  int slope_count = 0;
};
/// Where element (sample s, unit or row u) of a block lives: s * sample + u * unit.
struct Strides {
  std::size_t sample, unit;
};
/// h = g(z) for `samples` samples of one layer. z has units * pieces rows per sample (maxout: unit
/// u's pieces are rows u*k .. u*k+k-1), h has units; both blocks are dense (samples times their
/// width values, any order), so the element-wise activations ignore the strides. Maxout: winners
/// (samples * units, sample-major; may be null) receives each winning piece; h may be z itself when
/// h's element (s, u) never comes after a piece of a later unit (the predict path's row-major
/// block: unit u goes to row u <= u*k, written after its pieces are read).
void activate_layer(const LayerActivation& layer, std::size_t samples, const float* z, Strides z_at, float* h,
                    Strides h_at, int* winners);
/// The backward pass through one layer, sample-major blocks: dz (samples, rows) = g'(z) * dh
/// (samples, units). PReLU also accumulates dL/da into grad_slopes (in sample, then unit order);
/// maxout routes each dh to its winning piece (the other pieces get 0).
void activate_layer_backward(const LayerActivation& layer, std::size_t samples, const float* z, const float* dh,
                             const int* winners, float* dz, float* grad_slopes);

}  // namespace relulab
