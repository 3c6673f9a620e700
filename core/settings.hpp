// The single table of every numeric setting the lab accepts (public camelCase key, allowed range,
// default, integer or not) and the name tables of the small enums (datasets, initialisers,
// optimisers, output kinds). Core validation, the wasm API, the page's controls and URL parsing all
// read these tables; no other list of settings or ranges may exist. Not the config structs
// themselves (those live next to the code that uses them).
#pragma once
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "format_number.hpp"
#include "status.hpp"

namespace relulab {

/// Every numeric setting. Order matches kSettings.
enum class Setting : int {
  // data
  Points, Noise, TrainFraction, DataSeed,
  // network
  HiddenLayers, Width, MaxoutK, Classes, BiasInit, PreluInit, LeakyA, EluAlpha, ReluGradAtZero,
  WeightSeed,
  // training
  LearningRate, BatchSize, L2, L1, Momentum,
  // diagnostics
  SaturationThreshold,
  // evaluation
  GridResolution,
};

struct SettingInfo {
  Setting id;
  const char* key;       // public name used in JS configs, URLs and error messages
  double min;            // inclusive
  double max;            // inclusive
  double default_value;
  bool integer;          // value must be a whole number
  const char* name_en;
  const char* name_zh;
};

// Defaults of the default experiment are chosen so the picture teaches: spiral,
// 2 x 8 hidden, He-normal weights, Adam (TrainConfig) at learning rate 0.03, batch 10. Measured
// over weight seeds 1-6 after 200 epochs: ReLU loses 2-7 of its 16 units and stalls at 70-93%
// test accuracy, while Leaky ReLU, PReLU and ELU keep every unit alive (a few inactive ones
// recover) and reach 91-100%. Lessons override these through presets.
inline constexpr SettingInfo kSettings[] = {
    {Setting::Points, "points", 10, 2000, 500, true, "Number of points", "样本点数"},
    {Setting::Noise, "noise", 0, 0.5, 0.1, false, "Noise", "噪声"},
    {Setting::TrainFraction, "trainFraction", 0.1, 0.9, 0.5, false, "Training fraction", "训练集比例"},
    {Setting::DataSeed, "dataSeed", 0, 4294967295.0, 1, true, "Data seed", "数据随机种子"},
    {Setting::HiddenLayers, "hiddenLayers", 0, 8, 2, true, "Hidden layers", "隐藏层数"},
    {Setting::Width, "width", 1, 64, 8, true, "Units per layer", "每层单元数"},
    {Setting::MaxoutK, "maxoutK", 2, 8, 2, true, "Maxout pieces k", "maxout 分段数 k"},
    {Setting::Classes, "classes", 2, 8, 2, true, "Classes", "类别数"},
    {Setting::BiasInit, "biasInit", -2, 2, 0, false, "Initial bias", "偏置初始值"},
    {Setting::PreluInit, "preluInit", -1, 1, 0.25, false, "PReLU initial slope a", "PReLU 初始斜率 a"},
    {Setting::LeakyA, "leakyA", 0, 1, 0.01, false, "Leaky ReLU slope a", "Leaky ReLU 斜率 a"},
    {Setting::EluAlpha, "eluAlpha", 0.01, 10, 1, false, "ELU alpha", "ELU α"},
    {Setting::ReluGradAtZero, "reluGradAtZero", 0, 1, 0, false, "relu'(0)", "relu′(0)"},
    {Setting::WeightSeed, "weightSeed", 0, 4294967295.0, 1, true, "Weight seed", "权重随机种子"},
    {Setting::LearningRate, "learningRate", 1e-5, 10, 0.03, false, "Learning rate", "学习率"},
    {Setting::BatchSize, "batchSize", 1, 2000, 10, true, "Batch size", "批大小"},
    {Setting::L2, "l2", 0, 1, 0, false, "L2 weight decay", "L2 权重衰减"},
    {Setting::L1, "l1", 0, 1, 0, false, "L1 regularisation", "L1 正则化"},
    {Setting::Momentum, "momentum", 0, 0.999, 0.9, false, "Momentum", "动量"},
    {Setting::SaturationThreshold, "saturationThreshold", 1e-6, 0.25, 1e-2, false,
     "Saturation threshold tau", "饱和阈值 τ"},
    {Setting::GridResolution, "resolution", 2, 256, 100, true, "Grid resolution", "网格分辨率"},
};
inline constexpr std::size_t kSettingCount = sizeof(kSettings) / sizeof(kSettings[0]);

/// Table row of a setting.
constexpr const SettingInfo& setting_info(Setting s) { return kSettings[static_cast<int>(s)]; }
/// Default value of a setting, for struct member initialisers.
constexpr double default_of(Setting s) { return setting_info(s).default_value; }

/// Checks value against the setting's range and integrality. The message names the key and
/// the range, e.g. "learningRate must be a number from 1e-05 to 10 (got nan)".
Status check_setting(Setting s, double value);
/// check_setting by public key (e.g. resolution); refuses an unknown key ("unknown setting k").
Status check_setting(std::string_view key, double value);
/// Setting by public key; nullopt if unknown.
std::optional<Setting> setting_from_key(std::string_view key);
/// Checks values a caller gave as doubles that the core stores as float32: each must be finite
/// and within float32's range (1e39 would become infinity). Message: "field[i] must be ...".
Status check_float32_values(std::span<const double> values, std::string_view field);

/// relu'(0) may only be one of these (a lesson shows that the choice hardly matters).
inline constexpr float kReluGradAtZeroChoices[] = {0.0f, 0.5f, 1.0f};

/// A named choice of a small enum: key used in configs/URLs, display names.
struct OptionInfo {
  int value;
  const char* key;
  const char* name_en;
  const char* name_zh;
};

enum class DatasetKind : int {
  Circle, Xor, Gaussians, Spiral, Moons, Checkerboard, Spiral3, AbsX, SquareX, KinkX, Plane, SixGaussians, Custom
};
inline constexpr OptionInfo kDatasets[] = {
    {int(DatasetKind::Circle), "circle", "Circle", "圆形"},
    {int(DatasetKind::Xor), "xor", "XOR", "异或"},
    {int(DatasetKind::Gaussians), "gaussians", "Two Gaussians", "两团高斯"},
    {int(DatasetKind::Spiral), "spiral", "Two-arm spiral", "双螺旋"},
    {int(DatasetKind::Moons), "moons", "Two moons", "双月牙"},
    {int(DatasetKind::Checkerboard), "checkerboard", "Checkerboard", "棋盘格"},
    {int(DatasetKind::Spiral3), "spiral3", "Three-class spiral", "三类螺旋"},
    {int(DatasetKind::AbsX), "abs1d", "1-D regression: |x|", "一维回归：|x|"},
    {int(DatasetKind::SquareX), "square1d", "1-D regression: x²", "一维回归：x²"},
    {int(DatasetKind::KinkX), "kink1d", "1-D regression: ReLU-like kink", "一维回归：ReLU 型折线"},
    {int(DatasetKind::Plane), "plane2d", "2-D regression: plane", "二维回归：平面"},
    {int(DatasetKind::SixGaussians), "gauss2d", "2-D regression: six Gaussian bumps", "二维回归：六个高斯峰"},
    {int(DatasetKind::Custom), "custom", "Your own points", "自定义样本点"},
};

enum class InitScheme : int { HeNormal, HeUniform, Glorot, LeCun, Playground };
inline constexpr OptionInfo kInitSchemes[] = {
    {int(InitScheme::HeNormal), "he_normal", "He (normal)", "He 初始化（正态）"},
    {int(InitScheme::HeUniform), "he_uniform", "He (uniform)", "He 初始化（均匀）"},
    {int(InitScheme::Glorot), "glorot", "Glorot / Xavier", "Glorot / Xavier 初始化"},
    {int(InitScheme::LeCun), "lecun", "LeCun (for SELU)", "LeCun 初始化（用于 SELU）"},
    {int(InitScheme::Playground), "playground", "Uniform [-0.5, 0.5] (Playground)", "均匀 [-0.5, 0.5]（Playground）"},
};

enum class OptimizerKind : int { Sgd, Momentum, Adam };
inline constexpr OptionInfo kOptimizers[] = {
    {int(OptimizerKind::Sgd), "sgd", "SGD", "随机梯度下降"},
    {int(OptimizerKind::Momentum), "momentum", "SGD with momentum", "带动量的 SGD"},
    {int(OptimizerKind::Adam), "adam", "Adam", "Adam"},
};

enum class OutputKind : int { Binary, Multiclass, Regression };
inline constexpr OptionInfo kOutputKinds[] = {
    {int(OutputKind::Binary), "binary", "Binary (sigmoid + cross-entropy)", "二分类（sigmoid + 交叉熵）"},
    {int(OutputKind::Multiclass), "multiclass", "Multi-class (softmax + cross-entropy)", "多分类（softmax + 交叉熵）"},
    {int(OutputKind::Regression), "regression", "Regression (linear + squared error)", "回归（线性 + 均方误差）"},
};

/// Looks a key up in an option table; nullopt if unknown.
std::optional<int> option_from_key(std::span<const OptionInfo> table, std::string_view key);
/// "circle, xor, ..." for error messages.
std::string option_keys(std::span<const OptionInfo> table);

}  // namespace relulab
