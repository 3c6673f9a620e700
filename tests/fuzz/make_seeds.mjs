// Writes the seed inputs of the libFuzzer harnesses into tests/fuzz/seeds/<harness>/: accepted
// configs (every dataset, custom points, multi-class, regression, deep and wide networks, every
// optimiser, divergence at learning rate 10) encoded in the byte format of reader.hpp, in the
// order the harness reads them: configs key by key in the order of the core's schema
// (core/schema.hpp), which this script reads from the built module's tables (build-wasm/, so
// build first). Random bytes rarely pass validation; these start the fuzzer inside the training
// code. Run: node tests/fuzz/make_seeds.mjs (output is committed).
// Not a fuzzer and not a test: the harnesses and scripts/test.mjs use the files.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import createReluLabCore from '../../build-wasm/relulab_core.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const core = await createReluLabCore({ wasmBinary: readFileSync(join(here, '../../build-wasm/relulab_core.wasm')) });
const tables = JSON.parse(core.tables());

/** Byte writer mirroring reader.hpp (little-endian, like the fuzz targets' memcpy). */
class Writer {
  constructor() { this.bytes = []; }
  u8(v) { this.bytes.push(v & 0xff); return this; }
  u16(v) { return this.u8(v).u8(v >> 8); }
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
  /** value(lo, hi, whole) exactly v (a raw double bit pattern). */
  value(v) { return this.u8(0).f64(v); }
  /** A public config (ids as strings) packed in the schema's key order, as relulab.mjs packs it. */
  config(schema, c) {
    const id = (table, v) => tables[table].find((r) => r.id === v).value;
    for (const [key, kind] of Object.entries(tables.schemas[schema])) {
      const v = c[key];
      if (v === undefined) throw new Error(`${schema} seed: no ${key}`);
      if (kind === 'number') this.value(v);
      else if (kind === 'boolean') this.value(v ? 1 : 0);
      else if (kind === 'widths') [v.length, ...v].forEach((x) => this.value(x));
      else if (kind === 'activations' || kind === 'features') [v.length, ...v.map((a) => id(kind, a))].forEach((x) => this.value(x));
      else if (kind === 'points') [v.length, ...v.flatMap((p) => [p.x, p.y, p.label])].forEach((x) => this.value(x));
      else this.value(id(kind, v));
    }
    return this;
  }
  buffer() { return Buffer.from(this.bytes); }
}

const ACTS = tables.activations.map((a) => a.id);
const DATASETS = tables.datasets.map((d) => d.id);

/** fuzz_experiment.cpp, in its reading order: the config, then what the harness reads itself. */
function experiment(o = {}) {
  const c = { ...tables.defaults.experiment, optimizer: 'sgd', resolution: 8, target: 0, scale: 1, ...o,
    next: { optimizer: 'sgd', learningRate: 0.1, batchSize: 5, l2: 0, l1: 0, momentum: 0.9, ...o.next } };
  c.userPoints = c.userPoints.map(([x, y, label]) => ({ x, y, label }));
  const w = new Writer().config('experiment', c);
  w.int(2, 16, c.resolution).config('training', c.next);
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
  const outputs = c.output === 'multiclass' ? c.classes : 1;
  return count + outputs * inputs + outputs;
}

/** fuzz_network.cpp, in its reading order. */
function network(o = {}) {
  const c = { setting: 'points', value: 500, ...tables.defaults.network, activations: ['relu'], steps: [], setParameters: null,
    ...o };
  const w = new Writer();
  // The setting probed by index (kSettings order, which the tables keep), named here by its key.
  const keys = tables.settings.map((s) => s.key);
  w.int(-1, keys.length, keys.indexOf(c.setting)).f64(c.value).config('network', c);
  if (c.setParameters) {
    w.u8(1).int(-1, 1, c.setParameters.extra ? 0 : 1).num(0, 1e6, c.setParameters.scale);
    const count = parameterCount(c) + (c.setParameters.extra ? 1 : 0);
    for (let i = 0; i < count; i++) w.num(-4, 4, Math.cos(i) * 2);
  } else {
    w.u8(0);
  }
  const outputs = c.output === 'multiclass' ? c.classes : 1;
  w.int(0, 8, c.steps.length);
  c.steps.forEach((s, k) => {
    w.int(1, 40, s.batch);
    for (let i = 0; i < s.batch * c.inputs; i++) w.num(-6, 6, 5 * Math.sin(7 * i + k));
    for (let i = 0; i < s.batch; i++) w.num(-1, outputs + 1, i % outputs);
    w.config('step', { optimizer: 'sgd', learningRate: 0.1, l2: 0, l1: 0, momentum: 0.9, ...s }).int(0, 4, s.kind ?? 0);
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
E['diverge-lr10'] = experiment({ points: 100, learningRate: 10, activations: ACTS, hidden: [4, 4],
  next: { optimizer: 'momentum', learningRate: 10, batchSize: 10, momentum: 0.99 } });
E['adam-deep'] = experiment({ points: 60, optimizer: 'adam', learningRate: 0.01, hidden: [4, 4, 4, 4, 4, 4, 4, 4],
  activations: ['relu', 'softplus', 'silu'], batchSize: 7, l2: 0.01, l1: 0.001 });
E['momentum-wide-maxout'] = experiment({ dataset: 'spiral3', points: 60, optimizer: 'momentum', hidden: [64],
  maxoutK: 8, activations: ['maxout', 'prelu'], preluShared: true, init: 'playground' });
E['regression-square'] = experiment({ dataset: 'square1d', points: 80, activations: ['relu', 'linear'], hidden: [16],
  reluGradAtZero: 1, biasInit: -2 });
E['features-all'] = experiment({ dataset: 'xor', points: 80, features: tables.features.map((f) => f.id),
  activations: ['relu', 'maxout'], hidden: [5] });
E['features-1d'] = experiment({ dataset: 'abs1d', points: 60, features: ['x2', 'x1sq', 'sinx1'], activations: ['prelu'] });
E['huge-parameters'] = experiment({ points: 60, activations: ['relu', 'tanh'], scale: 1e6 });

const N = seeds.fuzz_network;
const steps = (kinds, extra = {}) => kinds.map((kind, i) => ({ batch: 3 + i, kind, ...extra }));
N['binary-relu'] = network({ steps: steps([0, 0, 1, 2, 3, 4]) });
N['multiclass-maxout'] = network({ output: 'multiclass', classes: 4, activations: ['maxout'], maxoutK: 3,
  steps: steps([0, 0, 4, 2], { optimizer: 'adam', learningRate: 0.01 }) });
N['regression-prelu-shared'] = network({ inputs: 1, output: 'regression', activations: ['prelu'], preluShared: true,
  hidden: [6],
  steps: steps([0, 0, 0, 3], { optimizer: 'momentum' }) });
N['per-layer-activations'] = network({ hidden: [5, 4, 3], activations: ['elu', 'gelu', 'abs'], setting: 'learningRate', value: 1e-5,
  steps: steps([0, 1, 2, 3, 4]) });
N['huge-parameters'] = network({ hidden: [4], setParameters: { scale: 1e6 }, setting: 'resolution', value: 256.5,
  steps: steps([0, 0, 2], { learningRate: 10 }) });
N['wrong-length-parameters'] = network({ hidden: [3], setParameters: { scale: 1, extra: true },
  setting: 'dataSeed', value: 4294967296, steps: steps([0]) });
N['no-hidden-layer'] = network({ hidden: [], activations: ['relu'], steps: steps([0, 2, 4]) });

for (const [harness, files] of Object.entries(seeds)) {
  const dir = join(here, 'seeds', harness);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  console.log(`${harness}: ${Object.keys(files).length} seeds in ${dir}`);
}
