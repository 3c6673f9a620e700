// Writes the seed inputs of the libFuzzer harnesses into tests/fuzz/seeds/<harness>/: accepted
// configs (every dataset, custom points, multi-class, regression, deep and wide networks, every
// optimiser, divergence at learning rate 10) encoded in the byte format of reader.hpp, field by
// field in the order the harness reads them. Random bytes rarely pass validation; these start the
// fuzzer inside the training code. Run: node tests/fuzz/make_seeds.mjs (output is committed).
// Not a fuzzer and not a test: the harnesses and scripts/test.mjs use the files.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Byte writer mirroring reader.hpp (little-endian, like the fuzz targets' memcpy). */
class Writer {
  constructor() { this.bytes = []; }
  u8(v) { this.bytes.push(v & 0xff); return this; }
  u16(v) { return this.u8(v).u8(v >> 8); }
  u32(v) { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); this.bytes.push(...b); return this; }
  f64(v) { const b = Buffer.alloc(8); b.writeDoubleLE(v); this.bytes.push(...b); return this; }
  /** small_int(lo, hi) == v (lo <= v <= hi). */
  int(lo, hi, v) {
    if (!(v >= lo && v <= hi)) throw new Error(`int ${v} outside ${lo}..${hi}`);
    return this.u8(0xff).u16(v - lo);
  }
  /** number(lo, hi) close to v. */
  num(lo, hi, v) {
    if (!(v >= lo && v <= hi)) throw new Error(`number ${v} outside ${lo}..${hi}`);
    return this.u8(0xff).u16(Math.round(((v - lo) / (hi - lo)) * 65535));
  }
  /** number(lo, hi) exactly v (a raw float bit pattern). */
  exact(v) { const b = Buffer.alloc(4); b.writeFloatLE(v); this.u8(0); this.bytes.push(...b); return this; }
  buffer() { return Buffer.from(this.bytes); }
}

const ACT = { linear: 0, sigmoid: 1, tanh: 2, relu: 3, leaky_relu: 4, prelu: 5, abs: 6, elu: 7, selu: 8,
  softplus: 9, gelu: 10, silu: 11, maxout: 12 };
const DATASETS = ['circle', 'xor', 'gaussians', 'spiral', 'moons', 'checkerboard', 'spiral3', 'abs1d', 'square1d',
  'kink1d', 'custom'];
const OPT = { sgd: 0, momentum: 1, adam: 2 };
const DEFAULT_ACTS = ['relu', 'leaky_relu', 'prelu', 'elu', 'abs', 'maxout', 'tanh', 'sigmoid'];

/** fuzz_experiment.cpp, in its reading order. */
function experiment(o = {}) {
  const c = { dataset: 'spiral', points: 500, noise: 0.1, trainFraction: 0.5, dataSeed: 1, classes: 0, userPoints: [],
    hidden: [8, 8], maxoutK: 2, init: 0, biasInit: 0, preluInit: 0.25, preluShared: 0, leakyA: 0.01, eluAlpha: 1,
    reluGradAtZero: 0, weightSeed: 1, optimizer: 'sgd', learningRate: 0.03, batchSize: 10, l2: 0, momentum: 0.9,
    activations: DEFAULT_ACTS, resolution: 8, next: { optimizer: 'sgd', learningRate: 0.1, batchSize: 5, momentum: 0.9 },
    target: 0, scale: 1, ...o };
  const w = new Writer();
  w.int(-1, 12, DATASETS.indexOf(c.dataset)).int(-5, 3000, c.points).num(-0.1, 0.6, c.noise).num(0, 1, c.trainFraction)
    .u32(c.dataSeed).int(-1, 10, c.classes).int(0, 40, c.userPoints.length);
  for (const [x, y, label] of c.userPoints) w.exact(x).exact(y).exact(label);
  w.int(-1, 9, c.hidden.length);
  for (const h of c.hidden) w.int(-1, 70, h);
  w.int(0, 9, c.maxoutK).int(-1, 6, c.init).exact(c.biasInit).exact(c.preluInit).u8(c.preluShared).exact(c.leakyA)
    .exact(c.eluAlpha).exact(c.reluGradAtZero).u32(c.weightSeed).int(-1, 4, OPT[c.optimizer]).exact(c.learningRate)
    .int(-1, 300, c.batchSize).exact(c.l2).exact(c.momentum).int(0, 17, c.activations.length);
  for (const a of c.activations) w.int(-1, 14, ACT[a]);
  w.int(2, 16, c.resolution);
  w.int(-1, 3, OPT[c.next.optimizer]).exact(c.next.learningRate).int(-1, 3000, c.next.batchSize).exact(c.next.momentum);
  w.int(0, Math.max(0, c.activations.length - 1), c.target).int(-2, 2, 1).num(0, 1e6, c.scale);
  for (let i = 0; i < 64; i++) w.num(-10, 10, Math.sin(i) * 3);
  return w.buffer();
}

/** Length of a network's parameter buffer (core/network.hpp LayerShape layout). */
function parameterCount(c) {
  let inputs = c.inputs, count = 0;
  c.hidden.forEach((units, l) => {
    const act = c.activations.length === 1 ? c.activations[0] : c.activations[l];
    const rows = units * (act === 'maxout' ? c.maxoutK : 1);
    count += rows * inputs + rows + (act === 'prelu' ? (c.preluShared ? 1 : units) : 0);
    inputs = units;
  });
  const outputs = c.output === 1 ? c.classes : 1;
  return count + outputs * inputs + outputs;
}

/** fuzz_network.cpp, in its reading order. */
function network(o = {}) {
  const c = { setting: 0, value: 500, inputs: 2, hidden: [8, 8], activations: ['relu'], maxoutK: 2, output: 0,
    classes: 2, init: 0, biasInit: 0, preluInit: 0.25, preluShared: 0, leakyA: 0.01, eluAlpha: 1, reluGradAtZero: 0,
    seed: 1, setParameters: null, steps: [], ...o };
  const w = new Writer();
  w.int(-1, 20, c.setting).f64(c.value);
  w.int(0, 3, c.inputs).int(-1, 9, c.hidden.length);
  for (const h of c.hidden) w.int(-1, 70, h);
  w.int(0, 10, c.activations.length);
  for (const a of c.activations) w.int(-1, 14, ACT[a]);
  w.int(0, 9, c.maxoutK).int(-1, 3, c.output).int(0, 10, c.classes).int(-1, 6, c.init).exact(c.biasInit)
    .exact(c.preluInit).u8(c.preluShared).exact(c.leakyA).exact(c.eluAlpha).int(0, 2, c.reluGradAtZero * 2).u32(c.seed);
  if (c.setParameters) {
    w.u8(1).int(-1, 1, c.setParameters.extra ? 0 : 1).num(0, 1e6, c.setParameters.scale);
    const count = parameterCount(c) + (c.setParameters.extra ? 1 : 0);
    for (let i = 0; i < count; i++) w.num(-4, 4, Math.cos(i) * 2);
  } else {
    w.u8(0);
  }
  const outputs = c.output === 1 ? c.classes : 1;
  w.int(0, 8, c.steps.length);
  c.steps.forEach((s, k) => {
    w.int(1, 40, s.batch);
    for (let i = 0; i < s.batch * c.inputs; i++) w.num(-6, 6, 5 * Math.sin(7 * i + k));
    for (let i = 0; i < s.batch; i++) w.num(-1, outputs + 1, i % outputs);
    w.int(0, 2, OPT[s.optimizer ?? 'sgd']).exact(s.learningRate ?? 0.1).exact(s.l2 ?? 0)
      .exact(s.momentum ?? 0.9).int(0, 4, s.kind ?? 0);
    if (s.kind === 3) w.int(0, c.hidden.length - 1, 0).int(0, c.hidden[0] - 1, 0);
    if (s.kind === 4) w.num(1e-6, 0.25, 0.01);
    w.u8(s.reset ? 0 : 1);
  });
  return w.buffer();
}

const seeds = { fuzz_experiment: {}, fuzz_network: {} };
const E = seeds.fuzz_experiment;
E.default = experiment();
for (const d of DATASETS.slice(0, 10)) {
  E[`dataset-${d}`] = experiment({ dataset: d, points: 120, activations: ['relu', 'maxout', 'prelu', 'gelu'], resolution: 6 });
}
E['custom-multiclass'] = experiment({ dataset: 'custom', points: 10, classes: 3, batchSize: 1,
  userPoints: [[-3, 3, 0], [-3, -3, 1], [3, 3, 2], [3, -3, 0], [0, 0, 1], [1, -2, 2]], activations: ['relu', 'tanh'],
  next: { optimizer: 'adam', learningRate: 0.01, batchSize: 2, momentum: 0.9 } });
E['custom-binary'] = experiment({ dataset: 'custom', points: 10, classes: 2, batchSize: 1,
  userPoints: [[-3, 3, 0], [-3, -3, 0], [3, 3, 1], [3, -3, 1]], activations: ['leaky_relu', 'selu'] });
E['spiral-extra-points'] = experiment({ points: 100, userPoints: [[5.9, -5.9, 1], [0, 0, 0], [-6, 6, 1]],
  activations: ['abs', 'elu'] });
E['diverge-lr10'] = experiment({ points: 100, learningRate: 10, activations: Object.keys(ACT), hidden: [4, 4],
  next: { optimizer: 'momentum', learningRate: 10, batchSize: 10, momentum: 0.99 } });
E['adam-deep'] = experiment({ points: 60, optimizer: 'adam', learningRate: 0.01, hidden: [4, 4, 4, 4, 4, 4, 4, 4],
  activations: ['relu', 'softplus', 'silu'], batchSize: 7, l2: 0.01 });
E['momentum-wide-maxout'] = experiment({ dataset: 'spiral3', points: 60, optimizer: 'momentum', hidden: [64],
  maxoutK: 8, activations: ['maxout', 'prelu'], preluShared: 1, init: 4 });
E['regression-square'] = experiment({ dataset: 'square1d', points: 80, activations: ['relu', 'linear'], hidden: [16],
  reluGradAtZero: 1, biasInit: -2 });
E['huge-parameters'] = experiment({ points: 60, activations: ['relu', 'tanh'], scale: 1e6 });

const N = seeds.fuzz_network;
const steps = (kinds, extra = {}) => kinds.map((kind, i) => ({ batch: 3 + i, kind, ...extra }));
N['binary-relu'] = network({ steps: steps([0, 0, 1, 2, 3, 4]) });
N['multiclass-maxout'] = network({ output: 1, classes: 4, activations: ['maxout'], maxoutK: 3,
  steps: steps([0, 0, 4, 2], { optimizer: 'adam', learningRate: 0.01 }) });
N['regression-prelu-shared'] = network({ inputs: 1, output: 2, activations: ['prelu'], preluShared: 1, hidden: [6],
  steps: steps([0, 0, 0, 3], { optimizer: 'momentum' }) });
N['per-layer-activations'] = network({ hidden: [5, 4, 3], activations: ['elu', 'gelu', 'abs'], setting: 14, value: 1e-5,
  steps: steps([0, 1, 2, 3, 4]) });
N['huge-parameters'] = network({ hidden: [4], setParameters: { scale: 1e6 }, setting: 19, value: 256.5,
  steps: steps([0, 0, 2], { learningRate: 10 }) });
N['wrong-length-parameters'] = network({ hidden: [3], setParameters: { scale: 1, extra: true },
  setting: 3, value: 4294967296, steps: steps([0]) });
N['no-hidden-layer'] = network({ hidden: [], activations: ['relu'], steps: steps([0, 2, 4]) });

for (const [harness, files] of Object.entries(seeds)) {
  const dir = join(here, 'seeds', harness);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  console.log(`${harness}: ${Object.keys(files).length} seeds in ${dir}`);
}
