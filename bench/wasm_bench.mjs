// The wasm core in Node on W1-W3 through the public JS API (wasm/relulab.mjs): lab.network(...)
// .trainEpochs (whole epochs per call, mini-batches of 10 in the core's shuffled order, as the
// native engine), .predict on the whole grid.
// Prints the same JSON lines as relulab_bench (bench/bench_main.cpp), plus the JS API's per-call
// cost. Not a second engine: every number is computed by the wasm module.
//   node bench/wasm_bench.mjs [W1-relu W1-tanh W2 W3 X-relu-experiment X-relu-fullbatch X-call X-w4-parts]
// RELULAB_WASM_DIR picks the build (default build-wasm/).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wasmDir = resolve(root, process.env.RELULAB_WASM_DIR ?? 'build-wasm');
const { loadReluLab } = await import(pathToFileURL(join(wasmDir, 'relulab.mjs')).href);

// Same constants as bench/common.hpp.
const POINTS = 500, NOISE = 0, DATA_SEED = 1, WEIGHT_SEED = 1;
const LEARNING_RATE = 0.03, BATCH_SIZE = 10, GRID = 100, BOX = 6, SHUFFLE_SEED = 12345;
const W1_EPOCHS = 1000, W3_EPOCHS = 200, W2_TRAIN_EPOCHS = 200, W2_GRIDS = 300, TRIALS = 3;

/** bench::Stopwatch: wall-clock and process CPU seconds (all threads) since construction. */
class Stopwatch {
  constructor() { this.wall = performance.now(); this.cpu = process.cpuUsage(); }
  elapsed() {
    const c = process.cpuUsage(this.cpu);
    return { wall: (performance.now() - this.wall) / 1000, cpu: (c.user + c.system) / 1e6 };
  }
}

/** Runs `trial` (returning the {wall, cpu} of its timed part) TRIALS times; the fastest wall and
 *  the fastest CPU time (bench::fastest_of_trials). */
function fastestOfTrials(trial) {
  const best = { wall: Infinity, cpu: Infinity };
  for (let t = 0; t < TRIALS; t++) {
    const { wall, cpu } = trial();
    best.wall = Math.min(best.wall, wall);
    best.cpu = Math.min(best.cpu, cpu);
  }
  return best;
}

export const WORKLOADS = [
  { name: 'W1-relu', hidden: [8, 8], activation: 'relu', epochs: W1_EPOCHS, metric: 'samples_per_second' },
  { name: 'W1-tanh', hidden: [8, 8], activation: 'tanh', epochs: W1_EPOCHS, metric: 'samples_per_second' },
  { name: 'W2', hidden: [8, 8], activation: 'relu', epochs: W2_TRAIN_EPOCHS, metric: 'grids_per_second' },
  { name: 'W3', hidden: [32, 32, 32], activation: 'relu', epochs: W3_EPOCHS, metric: 'samples_per_second' },
  { name: 'X-relu-experiment', hidden: [8, 8], activation: 'relu', epochs: W1_EPOCHS, metric: 'samples_per_second', mode: 'experiment' },
  { name: 'X-relu-fullbatch', hidden: [8, 8], activation: 'relu', epochs: W1_EPOCHS, metric: 'samples_per_second', mode: 'fullbatch' },
];

/** bench::make_grid, with float32 rounding at every step as in C++. */
function makeGrid(resolution = GRID) {
  const f = Math.fround;
  const grid = new Float32Array(resolution * resolution * 2);
  const step = f(f(2 * BOX) / resolution);
  for (let r = 0; r < resolution; r++) {
    for (let c = 0; c < resolution; c++) {
      grid[(r * resolution + c) * 2] = f(-BOX + f(f(c + 0.5) * step));
      grid[(r * resolution + c) * 2 + 1] = f(BOX - f(f(r + 0.5) * step));
    }
  }
  return grid;
}

/** bench::hash_floats: FNV-1a 64 over the little-endian bytes of the float32 values. */
function hashFloats(values) {
  const f = values instanceof Float32Array ? values : Float32Array.from(values);
  const bytes = new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
  let lo = 0x84222325, hi = 0xcbf29ce4;   // 64-bit state as two 32-bit halves (no BigInt in the loop)
  for (let i = 0; i < bytes.length; i++) {
    lo = (lo ^ bytes[i]) >>> 0;
    // (hi:lo) * 0x100000001b3 = (hi:lo) * 0x1b3 + (lo << 40)
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 0x100000000);
    const newLo = loMul >>> 0;
    const newHi = (Math.imul(hi, 0x1b3) + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = newLo; hi = newHi;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

function score(p, y) {
  let sum = 0, correct = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i], 1e-7), 1 - 1e-7);
    sum -= y[i] > 0.5 ? Math.log(q) : Math.log(1 - q);
    correct += (p[i] >= 0.5) === (y[i] > 0.5) ? 1 : 0;
  }
  return { loss: sum / y.length, accuracy: correct / y.length };
}

const dataConfig = { dataset: 'spiral', points: POINTS, noise: NOISE, dataSeed: DATA_SEED };
const networkConfig = (w) => ({ inputs: 2, hidden: w.hidden, activations: [w.activation], output: 'binary',
  init: 'he_normal', weightSeed: WEIGHT_SEED });
const stepOptions = Object.freeze({ optimizer: 'sgd', learningRate: LEARNING_RATE, l2: 0 });

/** The training set, from the core's generator through lab.experiment(...).data(). */
function trainingSet(lab) {
  const e = lab.experiment({ ...dataConfig, hidden: [8, 8], activations: ['relu'] });
  const d = e.data();
  e.dispose();
  return { x: Float32Array.from(d.trainX), y: Float32Array.from(d.trainY), n: d.trainY.length };
}

/** Epochs of mini-batch SGD in one trainEpochs call: the core shuffles each epoch with its own
 *  PRNG from SHUFFLE_SEED (bench::Shuffler's order) and steps once per batch. */
function train(net, data, epochs, batchSize = BATCH_SIZE) {
  net.trainEpochs(data.x, data.y, { ...stepOptions, epochs, batchSize, shuffleSeed: SHUFFLE_SEED });
}

function runExperiment(lab, w, data, r) {
  const config = { ...dataConfig, hidden: w.hidden, activations: [w.activation], init: 'he_normal',
    weightSeed: WEIGHT_SEED, optimizer: 'sgd', learningRate: LEARNING_RATE, batchSize: BATCH_SIZE, l2: 0 };
  const warm = lab.experiment(config);
  warm.train(Math.floor(w.epochs / 10) + 1);
  warm.dispose();
  let params, trainX;
  const timing = fastestOfTrials(() => {
    const e = lab.experiment(config);
    const t0 = new Stopwatch();
    e.train(w.epochs);
    const seconds = t0.elapsed();
    params = e.parameters(0);
    trainX = Float32Array.from(e.data().trainX);
    e.dispose();
    return seconds;
  });
  r.work = w.epochs * data.n;
  setRates(r, w, timing);
  const net = lab.network(networkConfig(w));
  net.setParameters(params);
  Object.assign(r, score(net.predict(data.x), data.y));
  r.params_hash = hashFloats(params);
  r.data_hash = hashFloats(trainX);
  r.trials = TRIALS;
  net.dispose();
  return r;
}

/** The figures from the fastest timings: per wall-clock second and per CPU second. */
function setRates(r, w, timing) {
  r[w.metric] = Math.round(r.work / timing.wall);
  r[`${w.metric}_cpu`] = Math.round(r.work / timing.cpu);
  r.seconds = timing.wall;
  r.cpu_seconds = timing.cpu;
}

export function runWorkload(lab, w, data) {
  const r = { workload: w.name, engine: 'wasm' };
  if (w.mode === 'experiment') return runExperiment(lab, w, data, r);
  const batchSize = w.mode === 'fullbatch' ? data.n : BATCH_SIZE;
  let net, timing;
  if (w.metric === 'samples_per_second') {
    const warm = lab.network(networkConfig(w));
    train(warm, data, Math.floor(w.epochs / 10) + 1, batchSize);
    warm.dispose();
    timing = fastestOfTrials(() => {
      net?.dispose();
      net = lab.network(networkConfig(w));
      const t0 = new Stopwatch();
      train(net, data, w.epochs, batchSize);
      return t0.elapsed();
    });
    r.work = w.epochs * data.n;
    r.output_hash = '';
  } else {
    net = lab.network(networkConfig(w));
    train(net, data, w.epochs);
    const grid = makeGrid();
    let out;
    for (let g = 0; g < W2_GRIDS / 10; g++) out = net.predict(grid);   // warm-up
    timing = fastestOfTrials(() => {
      const t0 = new Stopwatch();
      for (let g = 0; g < W2_GRIDS; g++) out = net.predict(grid);
      return t0.elapsed();
    });
    r.work = W2_GRIDS;
    r.output_hash = hashFloats(out);
  }
  setRates(r, w, timing);
  Object.assign(r, score(net.predict(data.x), data.y));
  r.params_hash = hashFloats(net.parameters());
  r.data_hash = hashFloats(data.x);
  r.trials = TRIALS;
  net.dispose();
  return r;
}

/** The JS API's fixed cost per call: trainBatch / predict on one point of a 2-1 network
 *  (no hidden layer), so nearly all the time is marshalling and the wrapper's checks. */
export function callOverhead(lab) {
  const net = lab.network({ inputs: 2, hidden: [], activations: ['relu'], output: 'binary', weightSeed: 1 });
  const x = new Float32Array([0.5, -0.5]), y = new Float32Array([1]);
  const measure = (fn, calls) => {
    for (let i = 0; i < calls / 10; i++) fn();
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) fn();
    return ((performance.now() - t0) * 1000) / calls;
  };
  const train = measure(() => net.trainBatch(x, y, stepOptions), 20000);
  const predict = measure(() => net.predict(x), 20000);
  net.dispose();
  return { workload: 'X-call', engine: 'wasm', trainBatch_us_per_call: +train.toFixed(3),
    predict_us_per_call: +predict.toFixed(3) };
}

/** X-w4-parts: W4's halves in Node, CPU ms (bench/core_bench.cpp run_native_w4_parts). */
export function w4Parts(lab) {
  const config = { ...lab.defaults, dataset: 'spiral', points: POINTS, noise: NOISE, dataSeed: DATA_SEED,
    weightSeed: WEIGHT_SEED, optimizer: 'sgd', learningRate: LEARNING_RATE, batchSize: BATCH_SIZE, l2: 0 };
  const e = lab.experiment(config);
  e.train(20);
  const EPOCHS = 100, GRIDS = 20;
  const trainSeconds = fastestOfTrials(() => {
    const t0 = new Stopwatch();
    e.train(EPOCHS);
    return t0.elapsed();
  }).cpu;
  const boundaryMs = {};
  let total = 0;
  for (let r = 0; r < 3; r++) for (let i = 0; i < e.size; i++) e.boundary(i, GRID);   // warm-up
  e.summary().forEach((s, i) => {
    const seconds = fastestOfTrials(() => {
      const t0 = new Stopwatch();
      for (let g = 0; g < GRIDS; g++) e.boundary(i, GRID);
      return t0.elapsed();
    }).cpu;
    boundaryMs[s.activation] = +((1000 * seconds) / GRIDS).toFixed(4);
    total += (1000 * seconds) / GRIDS;
  });
  e.dispose();
  return { workload: 'X-w4-parts', engine: 'wasm', train_ms_per_epoch: +((1000 * trainSeconds) / EPOCHS).toFixed(4),
    boundary_ms_total: +total.toFixed(4), boundary_ms: boundaryMs, trials: TRIALS };
}

async function main() {
  const wanted = process.argv.slice(2);
  const lab = await loadReluLab();
  const data = trainingSet(lab);
  for (const w of WORKLOADS) {
    if (wanted.length && !wanted.includes(w.name)) continue;
    const r = runWorkload(lab, w, data);
    r.loss = +r.loss.toFixed(6);
    r.accuracy = +r.accuracy.toFixed(4);
    r.seconds = +r.seconds.toFixed(6);
    r.cpu_seconds = +r.cpu_seconds.toFixed(6);
    console.log(JSON.stringify(r));
  }
  if (!wanted.length || wanted.includes('X-call')) console.log(JSON.stringify(callOverhead(lab)));
  if (!wanted.length || wanted.includes('X-w4-parts')) console.log(JSON.stringify(w4Parts(lab)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await main();
