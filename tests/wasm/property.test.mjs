// Property-based test of the JS API (fast-check): random call sequences over every method, with
// valid, boundary and wrong values, holes, non-plain objects and getters that call the API back.
// Invariants after every call:
//   - a failure is a LabError whose field is one the caller passed (null only for re-entrant
//     calls and disposed handles), never another error and never an abort;
//   - a refused call changes no handle: parameters bit-identical, and (checked through a twin)
//     optimiser state too;
//   - a successful call is replayed on a twin handle in a second module and gives the same bits.
// After each sequence: every twin pair agrees after one more momentum and Adam step (so their
// optimiser states are equal), a fresh handle trains to the same bits as on an untouched module,
// and with every handle disposed the heap is back at its baseline.
// Bounded in `npm test`: PROPERTY_SECONDS (default 25) and PROPERTY_SEED (default 20261204) make
// it longer or different: PROPERTY_SECONDS=3600 node --test tests/wasm/property.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadReluLab, LabError } from '../../build-wasm/relulab.mjs';

const SECONDS = Number(process.env.PROPERTY_SECONDS ?? 25);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261204);

const lab = await loadReluLab();        // the module under test
const twinLab = await loadReluLab();    // replays the successful calls
const refLab = await loadReluLab();     // never touched by the sequences
const baseline = lab.heapUsedBytes();

let replaying = false;   // getters call the API back only on the first run of a call

// ---- values

const wrong = fc.constantFrom(NaN, Infinity, -Infinity, -1, 1e39, -1e39, 2 ** 32, 2 ** 53, 5e-324, -0, 0.5,
  10.0000001, 0.9999999999, null, '1', true, [], {});
const objects = fc.constantFrom(() => new Map(), () => new Date(0), () => new Number(1),   // eslint-disable-line no-new-wrappers
  () => Object.create({ epochs: 2 }), () => new Float32Array(2)).map((make) => make());
const small = (min, max) => fc.oneof({ weight: 6, arbitrary: fc.integer({ min, max }) }, { weight: 1, arbitrary: wrong });
const real = (min, max) => fc.oneof({ weight: 6, arbitrary: fc.double({ min, max, noNaN: true }) }, { weight: 1, arbitrary: wrong });
const activationId = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...lab.activations.map((a) => a.id)) },
  { weight: 1, arbitrary: fc.constantFrom('foo', '', 'RELU', 3, null) });

/** A config object: some keys of `shape`, now and then an unknown key, now and then not an object at all. */
const config = (shape) => fc.oneof(
  { weight: 12, arbitrary: fc.record(shape, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.record({ ...shape, bogus: fc.constant(1) }, { requiredKeys: ['bogus'] }) },
  { weight: 1, arbitrary: objects },
  { weight: 1, arbitrary: fc.constantFrom(null, 5, 'x', undefined, []) },
);
const widths = fc.oneof({ weight: 8, arbitrary: fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom([0], [65], Array(9).fill(2), [2.5], [8, , 8], 8) });   // eslint-disable-line no-sparse-arrays
const architecture = {
  hidden: widths, maxoutK: small(2, 4), init: fc.constantFrom('he_normal', 'glorot', 'playground', 'zeros'),
  biasInit: real(-2, 2), preluInit: real(-1, 1), preluShared: fc.oneof(fc.boolean(), fc.constant(1)),
  leakyA: real(0, 1), eluAlpha: real(0.01, 10), reluGradAtZero: fc.constantFrom(0, 0.5, 1, 0.3, NaN),
  weightSeed: small(0, 2 ** 32 - 1),
};
const networkConfig = config({ ...architecture, activations: fc.oneof(activationId, fc.array(activationId, { maxLength: 3 })),
  inputs: fc.constantFrom(0, 1, 2, 3, 7, 8), output: fc.constantFrom('binary', 'multiclass', 'regression', 'softmax'),
  classes: small(2, 5) });
const point = fc.oneof({ weight: 8, arbitrary: fc.record({ x: real(-6, 6), y: real(-6, 6), label: small(0, 2) }) },
  { weight: 1, arbitrary: objects });
const experimentConfig = config({ ...architecture,
  activations: fc.oneof(activationId, fc.array(activationId, { minLength: 1, maxLength: 3 })),
  dataset: fc.constantFrom('xor', 'circle', 'moons', 'spiral3', 'abs1d', 'custom', 'mnist'),
  points: small(10, 80), noise: real(0, 0.5), trainFraction: real(0.1, 0.9), dataSeed: small(0, 99),
  classes: small(0, 3), userPoints: fc.oneof(fc.array(point, { maxLength: 12 }), fc.constant([, { x: 1, y: 1, label: 1 }])),  // eslint-disable-line no-sparse-arrays
  optimizer: fc.constantFrom('sgd', 'momentum', 'adam', 'rmsprop'), learningRate: real(1e-5, 1), batchSize: small(1, 12),
  l2: real(0, 0.1), l1: real(0, 0.1), momentum: real(0, 0.999),
  features: fc.oneof(fc.constantFrom('x1x2', 'x2'), fc.array(fc.constantFrom('x1', 'x2', 'x1sq', 'x1x2', 'sinx2', 'x3'), { maxLength: 3 })) });
const stepOptions = config({ optimizer: fc.constantFrom('sgd', 'momentum', 'adam', 'rmsprop'),
  learningRate: real(1e-5, 2), l2: real(0, 0.1), l1: real(0, 0.1), momentum: real(0, 0.999) });
const epochOptions = config({ optimizer: fc.constantFrom('sgd', 'momentum', 'adam'), learningRate: real(1e-5, 1),
  epochs: small(1, 3), batchSize: small(1, 8), shuffleSeed: small(0, 9) });
/** Numbers for xs/ys/values: plain arrays, typed arrays, holes, wrong entries, and now and then huge. */
const numbersOf = (n) => fc.oneof(
  { weight: 10, arbitrary: fc.array(fc.double({ min: -6, max: 6, noNaN: true }), { minLength: n, maxLength: n }).map((a) => Float32Array.from(a)) },
  { weight: 4, arbitrary: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.integer({ min: -2, max: 2 }), wrong), { maxLength: n + 1 }) },
  { weight: 1, arbitrary: fc.sparseArray(fc.integer({ min: 0, max: 1 }), { maxLength: n + 1 }) },
  { weight: 1, arbitrary: fc.constantFrom(() => new Array(3e8), () => new Float32Array(2 ** 22 + 2), () => 'xs',
    () => ({ length: 2 }), () => new BigInt64Array(2)).map((make) => make()) },
);

/** Options whose getter calls the API back (re-entrantly) on the first run. */
const reentrant = fc.constantFrom('dispose-self', 'create', 'train-other').map((how) => ({ how }));

// ---- calls: [kind, method, args...]; targets are picked by index among the live handles

const call = fc.oneof(
  fc.tuple(fc.constant('lab'), fc.constant('network'), networkConfig),
  fc.tuple(fc.constant('lab'), fc.constant('experiment'), experimentConfig),
  fc.tuple(fc.constant('lab'), fc.constant('activation'), activationId, config({ a: real(-1, 1), alpha: real(0.01, 10), reluGradAtZero: fc.constantFrom(0, 1, 0.3) }), numbersOf(4)),
  fc.tuple(fc.constant('network'), fc.constant('trainBatch'), fc.nat(), fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(numbersOf(2 * n), numbersOf(n))), stepOptions),
  fc.tuple(fc.constant('network'), fc.constant('trainEpochs'), fc.nat(), fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(numbersOf(2 * n), numbersOf(n))), epochOptions),
  fc.tuple(fc.constant('network'), fc.constant('predict'), fc.nat(), numbersOf(6)),
  fc.tuple(fc.constant('network'), fc.constant('diagnostics'), fc.nat(), fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(numbersOf(2 * n), numbersOf(n)))),
  fc.tuple(fc.constant('network'), fc.constant('setParameters'), fc.nat(), fc.oneof(fc.constant('own'), numbersOf(9))),
  fc.tuple(fc.constant('network'), fc.constant('reentrant'), fc.nat(), reentrant),
  fc.tuple(fc.constant('network'), fc.constant('dispose'), fc.nat()),
  fc.tuple(fc.constant('experiment'), fc.constant('train'), fc.nat(), small(0, 3)),
  fc.tuple(fc.constant('experiment'), fc.constant('setTraining'), fc.nat(), config({ optimizer: fc.constantFrom('sgd', 'adam', 'rmsprop'), learningRate: real(1e-5, 1), batchSize: small(1, 20), momentum: real(0, 0.999) })),
  fc.tuple(fc.constant('experiment'), fc.constant('grid'), fc.nat(), small(-1, 3), small(0, 2), small(0, 8), small(2, 12)),
  fc.tuple(fc.constant('experiment'), fc.constant('setParameters'), fc.nat(), small(-1, 3), fc.oneof(fc.constant('own'), numbersOf(9))),
  fc.tuple(fc.constant('experiment'), fc.constant('reentrant'), fc.nat(), reentrant),
  fc.tuple(fc.constant('experiment'), fc.constant('dispose'), fc.nat()),
);

// ---- running a call on the module under test and on the twin

/** Every name a failure of this call may give as its field: its arguments, the keys it passed,
 *  and for a config the keys of that config (a required key may be missing, e.g. userPoints). */
function fieldsOf(args, what) {
  const names = new Set(['config', 'options', 'params', 'training', 'xs', 'ys', 'zs', 'values', 'index', 'layer',
    'unit', 'resolution', 'epochs', 'fromEpoch', 'activation', 'batchSize', 'shuffleSeed']);
  for (const a of args) if (a && typeof a === 'object' && !ArrayBuffer.isView(a) && !Array.isArray(a)) Object.keys(a).forEach((k) => names.add(k));
  if (what === 'lab.experiment') Object.keys(lab.defaults).forEach((k) => names.add(k));
  if (what === 'lab.network') Object.keys(lab.networkDefaults).forEach((k) => names.add(k));
  return names;
}

function attempt(fn) {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

function checkFailure(error, args, what) {
  if (!(error instanceof LabError)) throw new Error(`${what}: not a LabError: ${error?.stack ?? error}`);
  if (error.field === null) {
    if (!/re-entrant call|has been disposed/.test(error.message)) throw new Error(`${what}: no field in "${error.message}"`);
  } else if (!fieldsOf(args, what).has(error.field)) {
    throw new Error(`${what}: field ${error.field} was not passed ("${error.message}")`);
  }
}

const bits = (a) => Array.from(new Uint32Array(Float32Array.from(a).buffer)).join(',');
const snapshot = (handles) => handles.map((h) => (h.kind === 'network' ? bits(h.main.parameters())
  : Array.from({ length: h.main.size }, (_, i) => bits(h.main.parameters(i))).join('|') + `@${h.main.summary()[0].epoch}`));

function reentrantOptions(h, handles, how, base) {
  return Object.defineProperty({ ...base }, 'learningRate', { enumerable: true, get() {
    if (replaying) return 0.01;
    const other = handles.find((x) => x !== h && x.kind === 'network');
    const inner = attempt(() => {
      if (how === 'dispose-self') h.main.dispose();
      else if (how === 'create') lab.network({});
      else if (other) other.main.trainBatch([0, 0], [1]);
      else h.main.dispose();
    });
    if (inner.ok || !/re-entrant call/.test(inner.error.message)) throw new Error(`re-entrant ${how} was not refused`);
    return 0.01;
  } });
}

/** Runs one generated call on `handles` (mutated: created and disposed handles). */
function run(step, handles) {
  const [kind, method, ...rest] = step;
  const live = handles.filter((h) => h.kind === kind);
  if (kind !== 'lab' && live.length === 0) return;
  const h = kind === 'lab' ? null : live[rest[0] % live.length];
  const what = `${kind}.${method}`;
  let mainCall, twinCall, args;
  const on = (side) => (side === 'main' ? h.main : h.twin);
  switch (`${kind}.${method}`) {
    case 'lab.network':
    case 'lab.experiment': {
      args = [rest[0]];
      const made = attempt(() => lab[method](rest[0]));
      if (!made.ok) return failed(made.error);
      const twin = twinLab[method](rest[0]);
      handles.push({ kind: method, main: made.value, twin });
      return;
    }
    case 'lab.activation': {
      args = [rest[0], rest[1], rest[2]];
      mainCall = () => { const a = lab.activation(rest[0], rest[1]); return [a.value(0.5), ...a.curve(rest[2]).value]; };
      twinCall = () => { const a = twinLab.activation(rest[0], rest[1]); return [a.value(0.5), ...a.curve(rest[2]).value]; };
      break;
    }
    case 'network.trainBatch':
    case 'network.trainEpochs': {
      const [xs, ys] = rest[1];
      args = [xs, ys, rest[2]];
      mainCall = () => [h.main[method](xs, ys, rest[2])].flat();
      twinCall = () => [h.twin[method](xs, ys, rest[2])].flat();
      break;
    }
    case 'network.predict':
      args = [rest[1]];
      mainCall = () => h.main.predict(rest[1]);
      twinCall = () => h.twin.predict(rest[1]);
      break;
    case 'network.diagnostics': {
      const [xs, ys] = rest[1];
      args = [xs, ys];
      mainCall = () => JSON.stringify(h.main.diagnostics(xs, ys));
      twinCall = () => JSON.stringify(h.twin.diagnostics(xs, ys));
      break;
    }
    case 'network.setParameters': {
      const values = rest[1] === 'own' ? h.main.parameters().map((v, i) => v + (i % 3) * 0.25) : rest[1];
      args = [values];
      mainCall = () => h.main.setParameters(values);
      twinCall = () => h.twin.setParameters(values);
      break;
    }
    case 'network.reentrant':
    case 'experiment.reentrant': {
      const options = reentrantOptions(h, handles, rest[1].how, { optimizer: 'momentum' });
      args = [options];
      if (kind === 'network') {
        mainCall = () => h.main.trainBatch([1, -1, 0.5, 2], [1, 0], options);
        twinCall = () => h.twin.trainBatch([1, -1, 0.5, 2], [1, 0], options);
      } else {
        mainCall = () => h.main.setTraining(options);
        twinCall = () => h.twin.setTraining(options);
      }
      break;
    }
    case 'network.dispose':
    case 'experiment.dispose':
      h.main.dispose();
      h.twin.dispose();
      handles.splice(handles.indexOf(h), 1);
      return;
    case 'experiment.train':
      args = [rest[1]];
      mainCall = () => { h.main.train(rest[1]); return JSON.stringify(h.main.summary()); };
      twinCall = () => { h.twin.train(rest[1]); return JSON.stringify(h.twin.summary()); };
      break;
    case 'experiment.setTraining':
      args = [rest[1]];
      mainCall = () => JSON.stringify(h.main.setTraining(rest[1]));
      twinCall = () => JSON.stringify(h.twin.setTraining(rest[1]));
      break;
    case 'experiment.setParameters': {
      const index = rest[1];
      const own = rest[2] === 'own' && Number.isInteger(index) && index >= 0 && index < h.main.size;
      const values = own ? h.main.parameters(index).map((v, i) => v + (i % 3) * 0.25) : rest[2];
      args = [index, values];
      mainCall = () => h.main.setParameters(index, values);
      twinCall = () => h.twin.setParameters(index, values);
      break;
    }
    case 'experiment.grid': {
      const [, index, layer, unit, resolution] = rest;
      args = [index, layer, unit, resolution];
      const grid = (side) => [...on(side).boundary(index, resolution), ...on(side).unitMap(index, layer, unit, resolution),
        ...on(side).history(index, 0).map((r) => r.trainLoss)];
      mainCall = () => grid('main');
      twinCall = () => grid('twin');
      break;
    }
    default: throw new Error(`unknown call ${what}`);
  }
  const before = snapshot(handles);
  const result = attempt(mainCall);
  if (!result.ok) {
    checkFailure(result.error, args, what);
    assert.deepEqual(snapshot(handles), before, `${what}: a refused call changed a handle`);
    return;
  }
  replaying = true;
  try {
    const twin = attempt(twinCall);
    if (!twin.ok) throw new Error(`${what}: the twin refused what the module accepted: ${twin.error.message}`);
    if (result.value !== undefined) assert.equal(bits(Array.isArray(result.value) || ArrayBuffer.isView(result.value) ? result.value : [0]),
      bits(Array.isArray(twin.value) || ArrayBuffer.isView(twin.value) ? twin.value : [0]), `${what}: the twin's result differs`);
    if (typeof result.value === 'string') assert.equal(result.value, twin.value, `${what}: the twin's result differs`);
  } finally {
    replaying = false;
  }
  const after = snapshot(handles);
  handles.forEach((x, i) => { if (x !== h) assert.equal(after[i], before[i], `${what}: another handle changed`); });

  function failed(error) { checkFailure(error, args, what); }
}

/** Twins agree, including optimiser state (one more momentum and Adam step on both). */
function checkTwins(handles) {
  const xs = [0.5, -1, 2, 0.25], ys = [1, 0];
  for (const h of handles) {
    if (h.kind === 'network') {
      assert.equal(bits(h.main.parameters()), bits(h.twin.parameters()), 'twin networks agree');
      const y = h.main.outputs > 1 ? [1, 0] : ys;
      const x = Array.from({ length: 2 * h.main.inputs }, (_, i) => xs[i % xs.length]);  // two samples
      for (const optimizer of ['momentum', 'adam']) {
        const a = h.main.trainBatch(x, y, { optimizer, learningRate: 0.01 });
        const b = h.twin.trainBatch(x, y, { optimizer, learningRate: 0.01 });
        assert.equal(bits([a]), bits([b]));
        assert.equal(bits(h.main.parameters()), bits(h.twin.parameters()), `twins agree after a ${optimizer} step`);
      }
    } else {
      h.main.train(1);
      h.twin.train(1);
      for (let i = 0; i < h.main.size; i++) assert.equal(bits(h.main.parameters(i)), bits(h.twin.parameters(i)), 'twin experiments agree');
    }
  }
}

/** A fresh handle trains to the same bits as on a module no sequence has touched. */
function checkFresh() {
  const train = (l) => {
    const net = l.network({ hidden: [5, 3], activations: ['prelu', 'maxout'], weightSeed: 7 });
    for (let i = 0; i < 3; i++) net.trainBatch([0.5, -1, 2, 0.25, -3, 1], [1, 0, 1], { optimizer: 'adam', learningRate: 0.05 });
    const p = bits(net.parameters());
    net.dispose();
    const e = l.experiment({ dataset: 'xor', points: 40, activations: ['relu', 'elu'], batchSize: 4 });
    e.train(2);
    const q = bits(e.parameters(1));
    e.dispose();
    return p + q;
  };
  assert.equal(train(lab), train(refLab), 'a fresh handle trains to the bits of an untouched module');
}

test(`random call sequences keep every invariant (${SECONDS} s, seed ${SEED})`, () => {
  let runs = 0;
  fc.assert(fc.property(fc.array(call, { minLength: 1, maxLength: 25 }), (steps) => {
    runs++;
    const handles = [];
    try {
      for (const step of steps) run(step, handles);
      checkTwins(handles);
    } finally {
      for (const h of handles) {
        h.main.dispose();
        h.twin.dispose();
      }
    }
    checkFresh();
    assert.equal(lab.heapUsedBytes(), baseline, 'with every handle disposed the heap is back at its baseline');
  }), { seed: SEED, numRuns: 1e9, interruptAfterTimeLimit: SECONDS * 1000, markInterruptAsFailure: false,
    endOnFailure: true });
  assert.ok(runs >= 20, `ran ${runs} sequences`);
  console.log(`# property: ${runs} sequences in ${SECONDS} s`);
});
