// libFuzzer harness for the Network API used directly (as lab.network does in wasm): any config,
// set_parameters with any values and lengths, then train_batch / loss_and_gradient / predict /
// unit_output / diagnose on arbitrary batches (non-finite inputs, labels outside the classes,
// every optimiser, live changes between steps), plus the settings checks and number formatting
// every message relies on. Findings: crashes, sanitizer reports, and broken contracts (a refused
// set_parameters or a non-finite train_batch must leave the parameters as they were; a finite
// number's text must read back as the same number).
// Not a unit test: regression inputs found here become Catch2 tests in tests/native/.
// Byte format: reader.hpp (configs in the key order of core/schema.hpp); tests/fuzz/make_seeds.mjs
// writes seeds in the same order.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "network.hpp"
#include "reader.hpp"
#include "schema.hpp"

namespace {

using namespace relulab;
using fuzz::Reader;

bool same_bits(std::span<const float> a, std::span<const float> b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

/// check_setting on any index and value refuses unknown settings and non-finite values;
/// format_number's text reads back as the value.
void probe_settings(Reader& in) {
  const int index = in.small_int(-1, int(kSettingCount));
  const double value = in.raw<double>();
  const Status s = check_setting(static_cast<Setting>(index), value);
  if (index < 0 || index >= int(kSettingCount)) {
    if (s.ok) std::abort();
  } else if (!std::isfinite(value) && s.ok) {
    std::abort();
  }
  // The text reads back as the same double, or (for a value that is exactly a float, whose
  // shorter float text is preferred) as the same float.
  const double back = std::strtod(format_number(value).c_str(), nullptr);
  const bool float_exact = static_cast<double>(static_cast<float>(value)) == value;
  if (std::isfinite(value) && back != value && !(float_exact && static_cast<float>(back) == static_cast<float>(value)))
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Reader in(data, size);
  probe_settings(in);

  // The config as lab.network receives it: packed by the schema, read with its narrowing checks.
  NetworkConfig cfg;
  fuzz::ConfigBytes packed(in);
  visit_network(packed, cfg);
  const Status read = read_packed(packed.values, cfg);
  if (!Network::validate(cfg).ok || !read.ok) return 0;

  Network net(cfg);
  // Keep runs fast: bound the multiply-adds per sample.
  std::size_t macs = 0;
  for (const LayerShape& l : net.layers()) macs += std::size_t(l.inputs) * std::size_t(l.rows());
  if (macs > 60000) return 0;

  // set_parameters: sometimes a wrong length, sometimes non-finite or huge values.
  if (in.raw<std::uint8_t>() & 1) {
    std::vector<float> params(net.parameters().size() + std::size_t(in.small_int(-1, 1) == 0));
    const float scale = in.number(0, 1e6f);
    for (float& p : params) p = scale * in.number(-4, 4);
    const std::vector<float> kept(net.parameters().begin(), net.parameters().end());
    if (!net.set_parameters(params).ok && !same_bits(kept, net.parameters())) std::abort();
  }

  const int outputs = net.outputs();
  const int steps = in.small_int(0, 8);
  for (int step = 0; step < steps && !in.exhausted(); ++step) {
    const int batch = in.small_int(1, 40);
    if (batch < 1 || batch > 4096) break;
    std::vector<float> x(static_cast<std::size_t>(batch) * cfg.inputs), y(static_cast<std::size_t>(batch));
    for (float& v : x) v = in.number(-6, 6);
    for (float& v : y) v = in.number(-1, float(outputs) + 1);
    // Step options as lab.network's trainBatch sends them (no batchSize: the batch is the data).
    TrainConfig train;
    fuzz::ConfigBytes step_packed(in);
    visit_training(step_packed, train, false);
    const bool step_read = read_packed(step_packed.values, train, false).ok;
    train.batch_size = batch;
    switch (in.small_int(0, 4)) {
      case 0: {
        if (!step_read || !validate(train).ok) break;
        const std::vector<float> kept(net.parameters().begin(), net.parameters().end());
        const float loss = net.train_batch(x, y, batch, train);
        // A refused step (non-finite loss or gradient) changes nothing.
        if (!std::isfinite(loss) && !same_bits(kept, net.parameters())) std::abort();
        break;
      }
      case 1: (void)net.loss_and_gradient(x, y, batch); break;
      case 2: {
        std::vector<float> out(std::size_t(batch) * outputs);
        net.predict(x, batch, out);
        break;
      }
      case 3: {
        if (cfg.hidden.empty()) break;
        const int layer = in.small_int(0, int(cfg.hidden.size()) - 1);
        if (layer < 0 || layer >= int(cfg.hidden.size())) break;
        const int unit = in.small_int(0, cfg.hidden[std::size_t(layer)] - 1);
        if (unit < 0 || unit >= cfg.hidden[std::size_t(layer)]) break;
        std::vector<float> out(static_cast<std::size_t>(batch));
        net.unit_output(x, batch, layer, unit, out);
        break;
      }
      default: {
        const NetworkDiagnostics d = net.diagnose(x, y, batch, in.number(1e-6f, 0.25f));
        if (d.total_units < 0 || int(d.layers.size()) != int(cfg.hidden.size())) std::abort();
        break;
      }
    }
    if (in.raw<std::uint8_t>() == 0) net.reset_optimizer();
  }
  return 0;
}
