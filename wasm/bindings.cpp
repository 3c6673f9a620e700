// Embind bindings of the ReLU Lab core, marshalling only; wasm/relulab.mjs is the public face
// (docs/API.md). Configs arrive packed as doubles in core/schema.hpp's key order; results leave
// through a pointer into wasm memory that the wrapper copies out at once: emit(...) (an array) or
// emit_result(...) (a result in its core/layouts.hpp layout). Only `function` bindings with numbers
// and strings: Embind's class_ and val would add about 22 KB of JS glue, more than the budget leaves.
#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <malloc.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "experiment.hpp"
#include "grid_job.hpp"
#include "layouts.hpp"
#include "schema.hpp"
#include "tables.hpp"

namespace {

using namespace relulab;

// ---------------------------------------------------------------------------------------------
// Buffers shared with the wrapper: inputs are written by JS into the staging buffers (pointers
// from inputF32/inputF64); an output is a pointer (outputPointer) plus the length the call
// returned. Both are valid only until the next call into the module.
//
// Memory: wasm memory is bounded (at most 2 GiB) and, built without exceptions, a failed
// std::vector allocation aborts the module. So every allocation whose size a caller chooses is
// preceded by room_for(), which asks malloc for the bytes about to be allocated and refuses the
// call if they are not there.

std::vector<float> g_in_f32[2];
std::vector<double> g_in_f64;
std::vector<float> g_out_f32;
std::vector<double> g_out_f64;
std::uintptr_t g_out_pointer = 0;
std::string g_message;  // message of the last refused call

/// True if `bytes` more can be allocated now: asks malloc for them and gives them back (the
/// heap keeps the grown memory, so the allocations that follow find it).
bool room_for(std::uint64_t bytes) {
  if (bytes > (std::uint64_t(1) << 31)) return false;
  // Through a volatile: the compiler may otherwise drop a malloc whose block is only freed and
  // assume it succeeded.
  static void* volatile probe = nullptr;
  probe = std::malloc(std::size_t(bytes));
  void* const p = probe;
  std::free(p);
  probe = nullptr;
  return p != nullptr;
}

/// Room for n values in `buffer`; its address, or 0 if memory is short.
template <class T> unsigned stage(std::vector<T>& buffer, double n) {
  if (!(n >= 0 && n <= double(1 << 28)) || (n > buffer.capacity() && !room_for(std::uint64_t(n) * sizeof(T)))) return 0;
  buffer.resize(std::size_t(n));
  return unsigned(reinterpret_cast<std::uintptr_t>(buffer.data()));
}
/// Pointer to room for n inputs in slot 0 or 1, or in the f64 slot; 0 if memory is short.
unsigned input_f32(int slot, double n) { return stage(g_in_f32[slot & 1], n); }
unsigned input_f64(double n) { return stage(g_in_f64, n); }
/// An output (floats or doubles): its pointer for outputPointer(), its length the call's result.
template <class Values> int emit(const Values& values) {
  g_out_pointer = reinterpret_cast<std::uintptr_t>(std::data(values));
  return int(std::size(values));
}
/// true if ok; otherwise keeps the message for message().
bool report(const Status& s) {
  if (!s.ok) g_message = s.message;
  return s.ok;
}
/// The refusal when memory is short, naming the argument (`field`) and what was asked for.
bool no_room(const char* field, const char* what, std::uint64_t bytes) {
  return report(Status::error(std::string(field) + ": " + what + " needs " + format_number(double(bytes >> 20) + 1) +
                              " MiB more memory than the module has free (at most 2 GiB in all): dispose "
                              "experiments or networks that are no longer needed"));
}
/// Gets a network ready for a call on n samples: the core's per-call limits (named after
/// `field`), then room for the workspaces it lacks plus `extra_bytes` of outputs.
bool make_room(Network& net, std::uint64_t n, std::uint64_t extra_bytes, const char* field, bool backward = true) {
  if (!report(net.check_samples(n, field, backward))) return false;
  const std::uint64_t grow = net.reserve(int(n), backward, true) + extra_bytes;
  if (grow > 0 && !room_for(grow)) return no_room(field, "this call", grow);
  net.reserve(int(n), backward);
  return true;
}
/// Labels (as the caller gave them, in the f64 slot) checked by the network, then as float32
/// into input slot 1.
bool take_labels(const Network& net) {
  const std::span<const double> y = std::span<const double>(g_in_f64);
  if (!report(net.check_labels(y, "ys"))) return false;
  if (!stage(g_in_f32[1], double(y.size()))) return no_room("ys", "this call", y.size() * sizeof(float));
  std::copy(y.begin(), y.end(), g_in_f32[1].begin());
  return true;
}
/// lab.activation's curve: values then derivatives (2n floats) of the n inputs in input slot 0;
/// -1 if memory is short.
int activation_curve(int act, float a, float alpha, float relu_grad_at_zero) {
  const std::span<const float> z = std::span<const float>(g_in_f32[0]);
  const std::size_t n = z.size();
  const ActivationParams p{a, alpha, relu_grad_at_zero};
  if (!room_for(2 * n * sizeof(float))) return no_room("zs", "this call", 2 * n * sizeof(float)), -1;
  g_out_f32.resize(2 * n);
  activate(static_cast<Activation>(act), z, std::span<float>(g_out_f32).first(n), p);
  activate_derivative(static_cast<Activation>(act), z, std::span<float>(g_out_f32).last(n), p);
  return emit(g_out_f32);
}

// ---------------------------------------------------------------------------------------------
// Results packed in the core's layouts (core/layouts.hpp; the wrapper unpacks them by the same).

/// Results back to back in their layouts, or one result.
template <class It> int emit_results(It first, It last) {
  g_out_f64.clear();
  for (; first != last; ++first) pack_result(*first, g_out_f64);
  return emit(g_out_f64);
}
template <class T> int emit_result(const T& value) { return emit_results(&value, &value + 1); }
int emit_layout(const Network& n) { return emit_results(n.layers().begin(), n.layers().end()); }
// ---------------------------------------------------------------------------------------------
// Handles: lab.network, lab.experiment and grid job objects live in these tables until destroyed.
struct NetworkBox {  // an aggregate: a constructor that built `net` in place cost 700 bytes of wasm
  Network net;
  TrainConfig step;  // options of the following trainBatch calls
};
std::vector<std::unique_ptr<NetworkBox>> g_networks;
std::vector<std::unique_ptr<Experiment>> g_experiments;
std::vector<std::unique_ptr<GridJob>> g_jobs;  // each a value snapshot: independent of its experiment
template <class T> int add(std::vector<std::unique_ptr<T>>& table, std::unique_ptr<T> item) {
  const auto free = std::find(table.begin(), table.end(), nullptr);
  if (free != table.end()) return *free = std::move(item), int(free - table.begin());
  table.push_back(std::move(item));
  return int(table.size() - 1);
}

/// The live object behind a handle; the wrapper never passes a destroyed or foreign one.
template <class T> T& at(std::vector<std::unique_ptr<T>>& table, int id) {
  if (id < 0 || std::size_t(id) >= table.size() || !table[std::size_t(id)]) std::abort();
  return *table[std::size_t(id)];
}

/// With every handle gone, the tables give their capacity back too (the heap returns to what a
/// fresh module holds).
void release_handle_tables() {
  const auto empty = [](const auto& t) { return std::all_of(t.begin(), t.end(), [](const auto& p) { return !p; }); };
  if (empty(g_networks)) decltype(g_networks)().swap(g_networks);
  if (empty(g_experiments)) decltype(g_experiments)().swap(g_experiments);
  if (empty(g_jobs)) decltype(g_jobs)().swap(g_jobs);
}

/// Gives staging capacity back: buffers over 256 KiB (the wrapper calls this after a call that
/// moved many values), or all of them (`all`, when no handle is left).
template <class T> void trim(std::vector<T>& v, bool all) {
  if (all || v.capacity() * sizeof(T) > (std::size_t(1) << 18)) std::vector<T>().swap(v);
}
void trim_buffers(bool all) {
  trim(g_in_f32[0], all), trim(g_in_f32[1], all), trim(g_in_f64, all), trim(g_out_f32, all), trim(g_out_f64, all);
  if (all) {
    std::string().swap(g_message);
    release_handle_tables();
  }
}

Network& net(int id) { return at(g_networks, id).net; }
Experiment& experiment(int id) { return at(g_experiments, id); }

/// A new object built from the packed config in the f64 slot: read, validated, then made if the
/// memory it will hold (`bytes`) is free; its id, or -1 (see message()).
template <class Config, class T>
int create(std::vector<std::unique_ptr<T>>& table, const char* what, Status (*validate)(const Config&),
           std::uint64_t (*bytes)(const Config&), std::unique_ptr<T> (*make)(const Config&)) {
  Config config;
  Status s = read_packed(g_in_f64, config);
  if (s.ok) s = validate(config);
  if (!report(s)) return -1;
  const std::uint64_t need = bytes(config);
  if (!room_for(need)) return no_room("config", what, need), -1;
  return add(table, make(config));
}

// lab.network ---------------------------------------------------------------------------------

/// Replaces the parameters with the values in the f64 slot (checked as given, then rounded).
bool network_set_parameters(int id) {
  Network& n = net(id);
  const std::span<const double> values = std::span<const double>(g_in_f64);
  if (values.size() == n.parameters().size())
    if (!report(check_float32_values(values, "values"))) return false;
  if (!stage(g_in_f32[0], double(values.size()))) return no_room("values", "this call", values.size() * sizeof(float));
  std::copy(values.begin(), values.end(), g_in_f32[0].begin());
  return report(n.set_parameters(std::span<const float>(g_in_f32[0])));
}
/// Checks the refusals shared by trainBatch and diagnostics (sample limits, labels, memory) on xs
/// (slot 0, n*inputs values) and ys (the f64 slot, n labels as given).
bool take_batch(Network& n, std::uint64_t extra_bytes) {
  return make_room(n, std::span<const double>(g_in_f64).size(), extra_bytes, "ys") && take_labels(n);
}
/// One step on xs and ys; refused (message(), result 0 and ok false) by take_batch. The loss
/// before the step goes to the f64 output (1 number).
bool network_train_batch(int id) {
  NetworkBox& box = at(g_networks, id);
  if (!take_batch(box.net, 0)) return false;
  const std::span<const float> y = std::span<const float>(g_in_f32[1]);
  g_out_f64.assign(1, double(box.net.train_batch(std::span<const float>(g_in_f32[0]), y, int(y.size()), box.step)));
  emit(g_out_f64);
  return true;
}
/// Whole epochs on xs and ys with the step options of networkSetStep and this batch size and
/// shuffle seed; the per-epoch mean losses are the output (epochs floats), -1 if refused.
int network_train_epochs(int id, int epochs, int batch_size, double shuffle_seed) {
  NetworkBox& box = at(g_networks, id);
  const std::size_t n = std::span<const double>(g_in_f64).size();
  // Workspaces for one batch; the data set itself only needs its shuffle order.
  if (!report(check_sample_count(n, "ys"))) return -1;
  const std::uint64_t batch = std::min<std::uint64_t>(std::uint64_t(batch_size), n);
  if (!make_room(box.net, batch, 4 * std::uint64_t(n) + 4 * std::uint64_t(epochs), "ys")) return -1;
  if (!take_labels(box.net)) return -1;
  TrainConfig train = box.step;
  train.batch_size = batch_size;
  g_out_f32.assign(std::size_t(epochs), 0.0f);
  const std::span<const float> y = std::span<const float>(g_in_f32[1]);
  box.net.train_epochs(std::span<const float>(g_in_f32[0]), y, int(y.size()), epochs, std::uint32_t(shuffle_seed), train, g_out_f32);
  return emit(g_out_f32);
}
/// Outputs for the xs in slot 0; -1 if refused.
int network_predict(int id) {
  Network& n = net(id);
  const std::size_t batch = std::span<const float>(g_in_f32[0]).size() / std::size_t(n.config().inputs);
  const std::uint64_t out = std::uint64_t(batch) * std::uint64_t(n.outputs());
  if (!make_room(n, batch, 4 * (out > g_out_f32.capacity() ? out - g_out_f32.capacity() : 0), "xs", false)) return -1;
  g_out_f32.resize(std::size_t(batch) * std::size_t(n.outputs()));
  n.predict(std::span<const float>(g_in_f32[0]), int(batch), g_out_f32);
  return emit(g_out_f32);
}

// lab.experiment ------------------------------------------------------------------------------

/// Records with epoch >= from_epoch (layout "record"). Records are in epoch order: a binary search
/// finds the first, so a worker asking for its increment every frame does not rescan the run.
int experiment_history(int id, int index, int from_epoch) {
  const std::vector<EpochRecord>& h = experiment(id).history(index);
  auto first = std::lower_bound(h.begin(), h.end(), from_epoch,
                                [](const EpochRecord& r, int epoch) { return r.epoch < epoch; });
  return emit_results(first, h.end());
}

// Grid jobs (experiment.gridJob; boundary and unitMap run one to its end) ---------------------

/// A job on network `index` of experiment `id`, resolutions as given (checked before they become
/// ints), made if the memory it holds is free; its id, or -1 (see message()).
int job_create(int id, int index, double resolution, double thumbs, bool diagnostics, bool regions, double first_unit,
               double unit_count, bool pre) {
  const Experiment& e = experiment(id);
  if (!report(GridJob::validate(e, index, resolution, thumbs, regions, first_unit, unit_count))) return -1;
  const GridRequest request{int(resolution), int(thumbs), diagnostics, regions, int(first_unit), int(unit_count), pre};
  const std::uint64_t need = GridJob::memory_bytes(e, index, request);
  if (!room_for(need)) return no_room("resolution", "this grid job", need), -1;
  return add(g_jobs, std::make_unique<GridJob>(e, index, request));
}
/// Up to `points` more grid points: 1 once done, 0 before, -1 if the first step's network does not fit.
int job_step(int id, int points) {
  GridJob& job = at(g_jobs, id);
  const std::uint64_t need = job.step_bytes();
  if (need > 0 && !room_for(need)) return no_room("points", "this step", need), -1;
  return job.step(points) ? 1 : 0;
}

}  // namespace

EMSCRIPTEN_BINDINGS(relulab) {
  using emscripten::function;
  function("inputF32", &input_f32);
  function("inputF64", &input_f64);
  function("outputPointer", +[] { return unsigned(g_out_pointer); });
  function("message", +[] { return g_message; });
  function("tables", &tables_json);
  function("checkSetting", +[](std::string key, double value) { return report(check_setting(key, value)); });
  // Bytes of wasm memory (grows, never shrinks) and bytes currently allocated by malloc.
  function("heapBytes", +[] { return double(emscripten_get_heap_size()); });
  function("heapUsedBytes", +[] { return double(mallinfo().uordblks); });
  function("trim", &trim_buffers);

  // lab.activation: parameters as the caller gave them (checked before rounding), then values.
  function("activationCheck", +[](int act, double a, double alpha, double g0) {
    return report(check_activation_params(Activation(act), a, alpha, g0));
  });
  function("activationValue", +[](int act, float z, float a, float alpha, float g0) {
    return activate(Activation(act), z, ActivationParams{a, alpha, g0});
  });
  function("activationDerivative", +[](int act, float z, float a, float alpha, float g0) {
    return activate_derivative(Activation(act), z, ActivationParams{a, alpha, g0});
  });
  // dg/da: PReLU's learned slope only; 0 for activations without a learned parameter.
  function("activationGradA", +[](int act, float z) { return Activation(act) == Activation::Prelu ? prelu_grad_a(z) : 0.f; });
  function("activationCurve", &activation_curve);

  function("networkCreate", +[] {
    return create(g_networks, "the network", &Network::validate,
                  +[](const NetworkConfig& c) { return Network::memory_bytes(c, 0); },
                  +[](const NetworkConfig& c) { return std::make_unique<NetworkBox>(NetworkBox{Network(c), {}}); });
  });
  function("networkDestroy", +[](int id) { at(g_networks, id); g_networks[std::size_t(id)].reset(); });
  function("networkInputs", +[](int id) { return net(id).config().inputs; });
  function("networkOutputs", +[](int id) { return net(id).outputs(); });
  function("networkLayout", +[](int id) { return emit_layout(net(id)); });
  function("networkParameters", +[](int id) { return emit(net(id).parameters()); });
  function("networkSetParameters", &network_set_parameters);
  // Options of the following trainBatch calls, packed (optimizer, learningRate, l2, momentum).
  function("networkSetStep", +[](int id) {
    TrainConfig step;
    Status s = read_packed(g_in_f64, step, false);
    if (s.ok) s = validate(step);
    if (s.ok) at(g_networks, id).step = step;
    return report(s);
  });
  function("networkTrainBatch", &network_train_batch);
  function("networkTrainEpochs", &network_train_epochs);
  function("networkPredict", &network_predict);
  function("networkDiagnostics", +[](int id) {  // of xs and ys; -1 if refused
    if (!take_batch(net(id), 0)) return -1;
    return emit_result(net(id).diagnose(g_in_f32[0], g_in_f32[1], int(g_in_f32[1].size())));
  });

  function("experimentCreate", +[] {
    return create(g_experiments, "the experiment", &Experiment::validate, &Experiment::memory_bytes,
                  +[](const ExperimentConfig& c) { return std::make_unique<Experiment>(c, true); });  // built by trainSteps
  });
  function("experimentDestroy", +[](int id) { at(g_experiments, id); g_experiments[std::size_t(id)].reset(); });
  function("experimentSize", +[](int id) { return experiment(id).size(); });
  function("experimentTrain", +[](int id, int epochs) { experiment(id).train(epochs); });
  function("experimentSummary", +[](int id) {
    g_out_f64.clear();
    for (int i = 0; i < experiment(id).size(); ++i) pack_result(experiment(id).summary(i), g_out_f64);
    return emit(g_out_f64);
  });
  function("experimentHistory", &experiment_history);
  // At most maxSteps steps of the build, or of the epoch in progress; out: batches trained, epochs
  // completed, samples done in the epoch in progress (0: at an epoch boundary), built.
  function("experimentTrainSteps", +[](int id, int steps) {  // (the list's values are computed in order)
    Experiment& e = experiment(id);
    return g_out_f64.assign({double(e.train_steps(steps)), double(e.epoch()), double(e.epoch_position()), double(e.ready())}), emit(g_out_f64);
  });
  function("jobCreate", &job_create);
  function("jobStep", &job_step);
  // 0 boundary, 1 unit maps, 5 their z (maxout: winning piece) (floats), 2 diagnostics (its layout),
  // 3 region per cell (ints), 4 region count and idle units (doubles).
  function("jobResult", +[](int id, int which) {
    const GridJob& job = at(g_jobs, id);
    if (which == 3) return emit(job.regions());
    if (which == 4) return g_out_f64.assign({double(job.region_count()), double(job.idle_units())}), emit(g_out_f64);
    return which == 2 ? emit_result(job.diagnostics()) : emit(which == 1 ? job.unit_maps() : which == 5 ? job.unit_pre() : job.boundary());
  });
  function("jobDestroy", +[](int id) { at(g_jobs, id); g_jobs[std::size_t(id)].reset(); });
  // A hidden unit's history (layout "unitHistory") if its replay ends within `steps` steps (else -1), its z; indices checked.
  function("experimentUnitHistory", +[](int id, int i, int layer, int unit, int steps) {
    Experiment& e = experiment(id);
    return e.unit_history_steps(i, layer, unit, steps) ? emit_result(e.unit_history(i, layer, unit)) : -1;
  });
  function("experimentPreActivations", +[](int id, int i, int layer, int unit) {
    Experiment& e = experiment(id);
    g_out_f32.assign(std::size_t(e.data().train_count()), 0.0f);
    return e.pre_activations(i, layer, unit, g_out_f32), emit(g_out_f32);
  });
  function("experimentDiagnostics", +[](int id, int i) { return emit_result(experiment(id).diagnostics(i)); });
  function("experimentParameters", +[](int id, int i) { return emit(experiment(id).network(i).parameters()); });
  // Network i's parameters from the f64 slot, as the caller gave them (the core checks, then rounds).
  function("experimentSetParameters", +[](int id, int i) { return report(experiment(id).set_parameters(i, g_in_f64)); });
  function("experimentLayout", +[](int id, int i) { return emit_layout(experiment(id).network(i)); });
  function("experimentDataShape", +[](int id) {  // dims, classes, output kind
    const Dataset& d = experiment(id).data();
    g_out_f64.assign({double(d.dims), double(d.classes), double(static_cast<int>(d.output))});
    return emit(g_out_f64);
  });
  function("experimentData", +[](int id, int which) {  // 0 trainX, 1 trainY, 2 testX, 3 testY
    const Dataset& d = experiment(id).data();
    const std::vector<float>* arrays[] = {&d.train_x, &d.train_y, &d.test_x, &d.test_y};
    return emit(*arrays[which & 3]);
  });
  function("experimentTraining", +[](int id) { return training_json(experiment(id).config().training); });  // ids as keys
  function("experimentSetTraining", +[](int id) {  // the packed (complete) training config
    TrainConfig train;
    Status s = read_packed(g_in_f64, train, true);
    return report(s.ok ? experiment(id).set_training(train) : s);
  });
  // A saved past put back (Experiment::unpack_runs's packing in the f64 slot; its records take at most as many bytes).
  function("experimentRestore", +[](int id) {
    std::vector<RunHistory> runs;
    int epoch = 0;
    if (!room_for(8 * g_in_f64.size())) return no_room("runs", "this call", 8 * g_in_f64.size());
    return report(Experiment::unpack_runs(g_in_f64, experiment(id).size(), epoch, runs)) && report(experiment(id).restore_history(epoch, runs));
  });
}
