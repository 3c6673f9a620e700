// The JS API under hostile and careless callers: one regression test per fault found by a
// property-based fuzzer (memory safety, aborts, re-entrancy, state a refused call must not
// change, values the docs say are refused, loading, messages). Each test failed on the API as it
// was before these were fixed. The property-based guard itself is property.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { loadReluLab, LabError } from '../../build-wasm/relulab.mjs';

const lab = await loadReluLab();

/** Asserts fn throws a LabError naming `field` (and matching `pattern` if given). */
function refused(fn, field, pattern) {
  let error;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof LabError, `expected a LabError naming ${field}, got ${error}`);
  assert.equal(error.field, field, error.message);
  if (pattern) assert.match(error.message, pattern);
  return error;
}

const bits = (a) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
const sameBits = (a, b, what) => assert.deepEqual(bits(a), bits(b), what);
const data = (n, seed = 1) => {
  const xs = new Float32Array(2 * n).map((_, i) => Math.sin(i * 12.9898 + seed) * 4);
  const ys = new Float32Array(n).map((_, i) => (xs[2 * i] * xs[2 * i + 1] > 0 ? 1 : 0));
  return { xs, ys };
};

// ---- 1. Memory safety: sizes computed from caller input

test('1: a call whose size overflows 32 bits is refused and no other handle is touched', () => {
  const big = lab.network({ hidden: [64], activations: 'maxout', maxoutK: 8 });
  big.predict([0, 0]);
  const other = lab.network({ hidden: [8, 8] });
  const before = other.parameters();
  const n = 2 ** 23 + 1;                                  // n * 512 rows reaches 2^32
  refused(() => big.predict(new Float32Array(2 * n)), 'xs', /^xs has 16777218 values; at most 2097152 are allowed in one call$/);
  refused(() => big.trainBatch(new Float32Array(2 * n), new Float32Array(n)), 'ys');
  refused(() => big.diagnostics(new Float32Array(2 * n), new Float32Array(n)), 'ys');
  // A typed array whose `length` lies is sized by its real length.
  const liar = new Float32Array(2 * 1000);
  Object.defineProperty(liar, 'length', { value: 2 });
  assert.equal(big.predict(liar).length, 1000);
  class Short extends Float32Array { get length() { return 2; } }
  assert.equal(other.predict(new Short(2 * 500)).length, 500);
  refused(() => other.trainBatch(new Short(2 * 500), new Float32Array(1)), 'xs', /xs has 1000 values but ys has 1 labels/);
  sameBits(other.parameters(), before, 'the other handle keeps its parameters');
  assert.equal(other.parameters().length, 105);
  assert.equal(big.predict([0, 0]).length, 1, 'the refused handle still works');
  big.dispose();
  other.dispose();
});

// ---- 2. Inputs that aborted the module: per-call limits and memory refusals

test('2: epochs, samples, curve values and working memory per call have documented limits', () => {
  const net = lab.network({ hidden: [4] });
  refused(() => net.trainEpochs([0, 0], [1], { epochs: 2 ** 31 - 1 }), 'epochs', /from 1 to 1000000/);
  assert.equal(net.trainEpochs([0, 0], [1], { epochs: lab.constants.maxEpochsPerCall / 1000 }).length, 1000);
  net.dispose();

  const deep = lab.network({ hidden: Array(8).fill(64) });
  refused(() => deep.trainBatch(new Float32Array(2e7), new Float32Array(1e7)), 'ys', /at most 1048576/);
  // Within the sample limit but beyond the working memory one call may use on this network.
  const err = refused(() => deep.trainBatch(new Float32Array(2e6), new Float32Array(1e6)), 'ys', /at most \d+ in one call/);
  const fit = Number(/at most (\d+) in one call/.exec(err.message)[1]);
  assert.ok(fit > 1000 && fit < 1e6, `the message states how many fit (${fit})`);
  deep.dispose();

  const wide = lab.network({ hidden: Array(8).fill(64), activations: 'maxout', maxoutK: 8 });
  refused(() => wide.predict(new Float32Array(4e5)), 'xs', /in one call/);
  refused(() => wide.diagnostics(new Float32Array(4e5), new Float32Array(2e5)), 'ys', /in one call/);
  assert.equal(wide.predict(new Float32Array(2000)).length, 1000, 'a call within the limits still works');
  wide.dispose();

  const relu = lab.activation('relu');
  refused(() => relu.curve(new Array(3e8)), 'zs', /at most 4194304/);   // refused before reading
  refused(() => relu.curve(new Float32Array(lab.constants.maxCurveValues + 1)), 'zs');
  assert.equal(relu.curve(new Float32Array(1000)).value.length, 1000);
});

test('2: experiments beyond the module\'s memory are refused, nothing leaks, and the module goes on', async () => {
  const own = await loadReluLab();          // its memory grows to 2 GiB: not shared with the other tests
  const used = own.heapUsedBytes();
  const largest = { points: 2000, trainFraction: 0.9, hidden: Array(8).fill(64), maxoutK: 8, batchSize: 10,
    activations: own.activations.map((a) => a.id) };
  const live = [];
  let error;
  for (let i = 0; i < 16 && !error; i++) {   // about 230 MiB each (workspaces for the training set)
    try {
      live.push(own.experiment(largest));
    } catch (e) {
      error = e;
    }
  }
  assert.ok(error instanceof LabError, `the experiment that does not fit is refused (after ${live.length})`);
  assert.equal(error.field, 'config');
  assert.match(error.message, /MiB more memory than the module has free/);
  assert.ok(live.length >= 2, 'at least two of the largest experiments fit');
  // Those created work at their largest: training, grids, diagnostics allocate nothing new.
  const last = live[live.length - 1];
  last.train(1);
  assert.equal(last.boundary(12, 256).length, 256 * 256);
  assert.equal(last.diagnostics(12).layers.length, 8);
  const small = own.experiment({ activations: ['relu'] });
  small.train(2);
  assert.equal(small.summary()[0].epoch, 2, 'a small experiment still fits and trains');
  small.dispose();
  live.forEach((e) => e.dispose());
  assert.equal(own.heapUsedBytes(), used, 'every byte comes back once every handle is disposed');
});

test('2: the staging buffers give a huge call\'s memory back', () => {
  const keep = lab.network({ hidden: [2] });   // a live handle: staging is trimmed, not freed
  const used = lab.heapUsedBytes();
  const net = lab.network({ hidden: [2] });
  net.predict(new Float32Array(2 * lab.constants.maxSamplesPerCall));
  net.trainEpochs(new Float32Array(2e5), new Float32Array(1e5), { epochs: 1, batchSize: 100 });
  lab.activation('tanh').curve(new Float32Array(lab.constants.maxCurveValues));
  net.dispose();
  const kept = lab.heapUsedBytes() - used;
  assert.ok(kept <= 5 * 2 ** 18, `at most 256 KiB kept per staging buffer (${kept} bytes)`);
  keep.dispose();
});

// ---- 3. Re-entrancy: caller code that runs while a call reads its arguments

test('3: a getter that disposes the handle cannot abort the module', () => {
  const net = lab.network({ hidden: [4] });
  const xs = [0, 0];
  Object.defineProperty(xs, 1, { get() { net.dispose(); return 0; }, enumerable: true });
  refused(() => net.predict(xs), null, /re-entrant call/);
  assert.equal(net.predict([0, 0]).length, 1, 'the handle was not disposed');
  net.dispose();
  assert.equal(lab.network({}).predict([1, 1]).length, 1, 'the module works');
});

test('3: a getter that disposes and creates a handle cannot redirect the outer call', () => {
  const e = lab.experiment({ activations: ['relu'] });
  let made = null;
  const inner = [];
  e.setTraining({ get learningRate() {
    try { e.dispose(); } catch (error) { inner.push(error); }
    try { made = lab.experiment({ activations: ['tanh'] }); } catch (error) { inner.push(error); }
    return 0.5;
  } });
  assert.equal(inner.length, 2);
  inner.forEach((error) => assert.ok(error instanceof LabError && /re-entrant call/.test(error.message)));
  assert.equal(made, null, 'no experiment was created from inside the call');
  assert.equal(e.training().learningRate, 0.5, 'the outer call changed its own experiment, which is alive');
  e.dispose();
});

test('3: a re-entrant trainBatch cannot swap the outer call\'s options', () => {
  const { xs, ys } = data(10);
  const a = lab.network({ weightSeed: 5 });
  const b = lab.network({ weightSeed: 5 });
  const options = { optimizer: 'sgd', get learningRate() {
    try { a.trainBatch(xs, ys, { optimizer: 'adam', learningRate: 1 }); } catch { /* refused */ }
    return 0.1;
  } };
  a.trainBatch(xs, ys, options);     // the inner call is refused; the outer one takes its own step
  a.trainBatch(xs, ys, { optimizer: 'sgd', learningRate: 0.1 });
  b.trainBatch(xs, ys, { optimizer: 'sgd', learningRate: 0.1 });
  b.trainBatch(xs, ys, { optimizer: 'sgd', learningRate: 0.1 });
  sameBits(a.parameters(), b.parameters(), 'a took exactly the steps b took');
  a.dispose();
  b.dispose();
});

// ---- 4. A refused step changes nothing, optimiser state and kind included

test('4: a refused step that switches optimiser keeps the old optimiser state', () => {
  const { xs, ys } = data(10);
  // x = 1e30: the loss and gradient are finite, Adam's squared gradient is not (refused), while a
  // momentum step would be accepted.
  const huge = [1e30, 1e30];
  const momentum = { optimizer: 'momentum', learningRate: 0.01 };
  for (const via of ['trainBatch', 'trainEpochs']) {
    const a = lab.network({ weightSeed: 9 });
    const b = lab.network({ weightSeed: 9 });
    for (let i = 0; i < 5; i++) {
      a.trainBatch(xs, ys, momentum);
      b.trainBatch(xs, ys, momentum);
    }
    const before = a.parameters();
    const wrong = [a.predict(huge)[0] > 0.5 ? 0 : 1];   // dL/dz = ±1: the output layer's gradient is ~1e30
    const result = via === 'trainBatch' ? a.trainBatch(huge, wrong, { optimizer: 'adam' })
      : a.trainEpochs(huge, wrong, { optimizer: 'adam', epochs: 1 })[0];
    assert.ok(!Number.isFinite(result), `${via}: the Adam step is refused`);
    sameBits(a.parameters(), before, `${via}: the refused step changed no parameter`);
    a.trainBatch(xs, ys, momentum);
    b.trainBatch(xs, ys, momentum);
    sameBits(a.parameters(), b.parameters(), `${via}: the next momentum step uses the kept momentum`);
    a.dispose();
    b.dispose();
  }
});

// ---- 5. Options are read as given

test('5: a non-enumerable option is not read, and the cache compares what was read', () => {
  const { xs, ys } = data(10);
  const a = lab.network({ weightSeed: 2 });
  const b = lab.network({ weightSeed: 2 });
  a.trainBatch(xs, ys, { optimizer: 'adam', learningRate: 0.1 });
  b.trainBatch(xs, ys, { optimizer: 'adam', learningRate: 0.1 });
  const odd = { optimizer: 'sgd' };
  Object.defineProperty(odd, 'learningRate', { value: 0.1, enumerable: false });
  a.trainBatch(xs, ys, odd);
  b.trainBatch(xs, ys, { optimizer: 'sgd' });
  sameBits(a.parameters(), b.parameters(), 'the sgd step with the default rate was taken');
  a.dispose();
  b.dispose();
});

// ---- 6. Holes in arrays are refused like undefined

test('6: holes are refused in every array argument, naming it', () => {
  const net = lab.network({ hidden: [2] });
  refused(() => net.predict([0, , 1, 2]), 'xs', /xs\[1\] must be a number \(got a hole\)/);   // eslint-disable-line no-sparse-arrays
  refused(() => net.trainBatch([0, 0, 1, 1], [1, ,]), 'ys', /ys\[1\]/);                      // eslint-disable-line no-sparse-arrays
  const p = Array.from(net.parameters());
  delete p[3];
  refused(() => net.setParameters(p), 'values', /values\[3\]/);
  refused(() => lab.activation('relu').curve([1, , 2]), 'zs');                                 // eslint-disable-line no-sparse-arrays
  refused(() => lab.experiment({ dataset: 'custom', batchSize: 1, userPoints: [, { x: 1, y: 1, label: 1 }] }), 'userPoints'); // eslint-disable-line no-sparse-arrays
  const e = refused(() => lab.experiment({ activations: ['relu', , 'tanh'] }), 'activations');  // eslint-disable-line no-sparse-arrays
  assert.doesNotMatch(e.message, /-2147483648/);
  refused(() => lab.experiment({ hidden: [8, , 8] }), 'hidden');                              // eslint-disable-line no-sparse-arrays
  net.dispose();
});

// ---- 7. null is a value, and inherited properties are not options

test('7: null options are refused; inherited properties are never read', () => {
  const net = lab.network({ hidden: [2] });
  refused(() => net.trainEpochs([0, 0], [1], { epochs: null }), 'epochs');
  refused(() => net.trainEpochs([0, 0], [1], { batchSize: null }), 'batchSize');
  refused(() => net.trainEpochs([0, 0], [1], { shuffleSeed: null }), 'shuffleSeed');
  refused(() => net.trainEpochs([0, 0], [1], Object.create({ epochs: 3 })), 'options', /plain object/);
  try {
    Object.prototype.epochs = 3;   // eslint-disable-line no-extend-native
    Object.prototype.y = 5;        // eslint-disable-line no-extend-native
    assert.equal(net.trainEpochs([0, 0], [1], {}).length, 1, 'one epoch, the default');
    const e = lab.experiment({ dataset: 'custom', batchSize: 1, trainFraction: 0.9, userPoints: [{ x: 1, label: 1 }, { x: 2, label: 0 }] });
    const { trainX, testX } = e.data();
    assert.deepEqual([...trainX, ...testX].filter((_, i) => i % 2 === 1), [0, 0], 'y is 0, not inherited');
    e.dispose();
  } finally {
    delete Object.prototype.epochs;
    delete Object.prototype.y;
  }
  net.dispose();
});

// ---- 8. Labels and classes

test('8: labels are checked against the output kind; classes always within range', () => {
  const binary = lab.network({ hidden: [2] });
  for (const y of [7, -1, 0.5, NaN]) refused(() => binary.trainBatch([0, 0], [y]), 'ys', /class index/);
  refused(() => binary.diagnostics([0, 0], [2]), 'ys');
  refused(() => binary.trainEpochs([0, 0], [2]), 'ys');
  const multi = lab.network({ hidden: [2], output: 'multiclass', classes: 3 });
  refused(() => multi.trainBatch([0, 0], [99]), 'ys', /from 0 to 2 \(got 99\)/);
  refused(() => multi.trainBatch([0, 0], [NaN]), 'ys');
  assert.ok(Number.isFinite(multi.trainBatch([0, 0], [2])));
  const regression = lab.network({ inputs: 1, hidden: [2], output: 'regression' });
  assert.ok(Number.isFinite(regression.trainBatch([0], [-3.5])), 'any finite target');
  refused(() => regression.trainBatch([0], [Infinity]), 'ys');
  refused(() => lab.network({ classes: 1e9 }), 'classes');
  [binary, multi, regression].forEach((n) => n.dispose());
});

// ---- 9. The value the caller gave is checked, then rounded to float32

test('9: values are range-checked before they are rounded to float32', () => {
  const net = lab.network({ hidden: [2] });
  refused(() => net.trainBatch([0, 0], [0.9999999999]), 'ys', /got 0\.9999999999/);
  refused(() => lab.experiment({ dataset: 'custom', batchSize: 1, userPoints: [{ x: 6.0000001, y: 0, label: 1 }] }),
    'userPoints', /x must be a number from -6 to 6 \(got 6\.0000001\)/);
  refused(() => lab.experiment({ learningRate: 10.0000001 }), 'learningRate', /got 10\.0000001/);
  refused(() => lab.activation('leaky_relu', { a: -5e-324 }), 'a');
  refused(() => lab.network({ leakyA: -5e-324 }), 'leakyA');
  refused(() => lab.network({ reluGradAtZero: 0.5000000001 }), 'reluGradAtZero');
  net.dispose();
});

// ---- 10. Only plain objects are configs

test('10: a Map, Date, boxed number or class instance is not a config', () => {
  class Config { constructor() { this.points = 100; } }
  for (const bad of [new Map([['points', 100]]), new Date(), new Number(1), new Config(), Object.create({ points: 100 })]) {  // eslint-disable-line no-new-wrappers
    refused(() => lab.experiment(bad), 'config', /plain object/);
    refused(() => lab.network(bad), 'config', /plain object/);
  }
  refused(() => lab.activation('elu', new Map()), 'params', /plain object/);
  const net = lab.network({ hidden: [2] });
  refused(() => net.trainBatch([0, 0], [1], new Map()), 'options', /a Map/);
  net.dispose();
  const e = lab.experiment({ activations: ['relu'], ...Object.create(null) });
  refused(() => e.setTraining(new Date()), 'training', /a Date/);
  const nullProto = Object.assign(Object.create(null), { learningRate: 0.1 });
  assert.equal(e.setTraining(nullProto).learningRate, 0.1, 'a prototype-free object is a plain object');
  e.dispose();
});

// ---- 11. Loading fails promptly with a LabError

test('11: a failing instantiateWasm or a bad wasmBinary rejects with a LabError', async () => {
  const within = (p, ms) => Promise.race([p, new Promise((_, reject) => setTimeout(() => reject(new Error('never settled')), ms))]);
  const quiet = { printErr() {}, print() {} };
  await assert.rejects(within(loadReluLab({ ...quiet, instantiateWasm() { throw new Error('blocked'); } }), 5000),
    (e) => e instanceof LabError && /instantiateWasm failed: blocked/.test(e.message) && e.cause?.message === 'blocked');
  await assert.rejects(within(loadReluLab({ ...quiet, wasmBinary: new Uint8Array([0, 1, 2, 3]) }), 5000),
    (e) => e instanceof LabError && /could not start/.test(e.message));
  await assert.rejects(loadReluLab(new Map()), (e) => e instanceof LabError && e.field === 'options');
  const again = await loadReluLab();
  assert.equal(again.network({}).predict([0, 0]).length, 1, 'a later load works');
});

// ---- 12. Messages name what the caller passed

test('12: error.field is the key or argument the caller passed, and numbers print as given', () => {
  refused(() => lab.experiment({ hidden: Array(9).fill(2) }), 'hidden', /^hidden must have from 0 to 8 entries \(got 9\)$/);
  const net = lab.network({ hidden: [2] });
  refused(() => net.setParameters([1, 2]), 'values', /^values must have 9 numbers \(got 2\)$/);
  refused(() => net.setParameters(new Array(9).fill(NaN)), 'values', /^values\[0\]/);
  refused(() => net.setParameters(new Array(9).fill(1e39)), 'values', /got 1e\+39/);
  refused(() => lab.activation('leaky_relu', { a: 2 }), 'a', /^a must be a number from 0 to 1 \(got 2\)$/);
  refused(() => lab.activation('elu', { alpha: 1e39 }), 'alpha', /^alpha must be .*\(got 1e\+39\)$/);
  refused(() => net.trainBatch([], []), 'ys', /^ys must hold at least one label/);
  refused(() => lab.experiment({ learningRate: 1e39 }), 'learningRate', /got 1e\+39/);
  refused(() => net.trainBatch([0, 0], [1], new Float32Array(2)), 'options', /got a Float32Array/);
  net.dispose();
});

test('12: trainBatch without an optimiser uses the core default, and the docs say which', async () => {
  const { xs, ys } = data(10);
  const a = lab.network({ weightSeed: 4 });
  const b = lab.network({ weightSeed: 4 });
  a.trainBatch(xs, ys);
  const core = lab.optimizers.find((o) => o.id === 'adam');
  assert.ok(core);
  b.trainBatch(xs, ys, { optimizer: 'adam', learningRate: lab.settings.learningRate.default });
  sameBits(a.parameters(), b.parameters(), 'absent options are adam at the default rate');
  a.dispose();
  b.dispose();
  const api = await readFile(new URL('../../docs/API.md', import.meta.url), 'utf8');
  assert.match(api, /absent keys: core defaults — `adam`, 0\.03, 0, 0, 0\.9/);
});
