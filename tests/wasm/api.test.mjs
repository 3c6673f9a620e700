// Every call of the public wasm API (wasm/relulab.mjs, docs/API.md) on its happy path: loading,
// the core's tables, lab.activation, lab.network and lab.experiment. Error paths are in
// errors.test.mjs, numerics in activations.test.mjs and determinism.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab, LabError } from '../../build-wasm/relulab.mjs';
import defaultLoad from '../../build-wasm/relulab.mjs';

const lab = await loadReluLab();
const ids = (rows) => rows.map((r) => r.id);

test('loadReluLab in Node reads the .wasm from disk and each call gives an independent instance', async () => {
  assert.equal(defaultLoad, loadReluLab);
  const other = await loadReluLab();
  assert.notEqual(other, lab);
  assert.equal(other.LabError, LabError);
  const a = other.experiment({ activations: ['relu'], points: 50 });
  a.train(1);
  assert.equal(lab.experiment({ activations: ['relu'], points: 50 }).summary()[0].epoch, 0);
  a.dispose();
});

test('tables come from core: activations with names, parameters, kinks', () => {
  assert.deepEqual(ids(lab.activations), ['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'prelu', 'abs', 'elu',
    'selu', 'softplus', 'gelu', 'silu', 'maxout']);
  const relu = lab.activations.find((a) => a.id === 'relu');
  assert.equal(relu.nameEn, 'ReLU');
  assert.equal(relu.nameZh, 'ReLU（整流线性单元）');
  assert.deepEqual(relu.kinks, [0]);
  assert.equal(relu.failure, 'dies');
  assert.equal(relu.grouped, false);
  const leaky = lab.activations.find((a) => a.id === 'leaky_relu');
  assert.equal(leaky.params.length, 1);
  assert.deepEqual({ ...leaky.params[0] }, { key: 'leakyA', min: 0, max: 1, default: 0.01, integer: false,
    nameEn: 'Leaky ReLU slope a', nameZh: 'Leaky ReLU 斜率 a' });
  assert.deepEqual({ ...leaky.defaultParams }, { a: 0.01, alpha: 1, reluGradAtZero: 0 });
  assert.equal(lab.activations.find((a) => a.id === 'prelu').defaultParams.a, 0.25);
  const maxout = lab.activations.find((a) => a.id === 'maxout');
  assert.equal(maxout.grouped, true);
  // Piecewise linear: g is affine between its kinks (docs/ACTIVATIONS.md, "Linear regions").
  assert.deepEqual(ids(lab.activations.filter((a) => a.piecewiseLinear)),
    ['linear', 'relu', 'leaky_relu', 'prelu', 'abs', 'maxout']);
  assert.equal(maxout.params[0].key, 'maxoutK');
  assert.ok(Object.isFrozen(lab.activations) && Object.isFrozen(relu) && Object.isFrozen(relu.kinks));
});

test('tables come from core: settings, datasets, initialisers, optimisers, output kinds, relu\'(0) choices', () => {
  assert.deepEqual({ ...lab.settings.learningRate }, { key: 'learningRate', min: 1e-5, max: 10, default: 0.03,
    integer: false, nameEn: 'Learning rate', nameZh: '学习率' });
  assert.equal(lab.settings.points.integer, true);
  assert.equal(lab.settings.dataSeed.max, 4294967295);
  assert.ok('resolution' in lab.settings && 'saturationThreshold' in lab.settings);
  assert.deepEqual(ids(lab.datasets), ['circle', 'xor', 'gaussians', 'spiral', 'moons', 'checkerboard', 'spiral3',
    'abs1d', 'square1d', 'kink1d', 'plane2d', 'gauss2d', 'custom']);
  assert.equal(lab.datasets[3].nameZh, '双螺旋');
  assert.deepEqual(ids(lab.initSchemes), ['he_normal', 'he_uniform', 'glorot', 'lecun', 'playground']);
  assert.deepEqual(ids(lab.optimizers), ['sgd', 'momentum', 'adam']);
  assert.deepEqual(ids(lab.outputKinds), ['binary', 'multiclass', 'regression']);
  assert.deepEqual([...lab.reluGradAtZeroChoices], [0, 0.5, 1]);
  assert.deepEqual({ ...lab.constants }, { box: 6, maxNetworks: 16, maxUserPoints: 2000, maxSamplesPerCall: 2 ** 20,
    maxEpochsPerCall: 1e6, maxCurveValues: 2 ** 22, maxWorkspaceBytes: 256 * 2 ** 20, maxHistoryRecords: 2 ** 16 });
  for (const row of lab.optimizers) assert.deepEqual(Object.keys(row), ['id', 'nameEn', 'nameZh']);
});

test('lab.defaults is core\'s ExperimentConfig{}, a fresh copy each time', () => {
  const d = lab.defaults;
  assert.deepEqual(d, {
    dataset: 'spiral', points: 500, noise: 0.1, trainFraction: 0.5, dataSeed: 1, classes: 0, userPoints: [],
    features: ['x1', 'x2'], hidden: [8, 8], activations: ['relu', 'leaky_relu', 'prelu', 'elu', 'abs', 'maxout', 'tanh', 'sigmoid'],
    maxoutK: 2, init: 'he_normal', biasInit: 0, preluInit: 0.25, preluShared: false, leakyA: 0.01, eluAlpha: 1,
    reluGradAtZero: 0, weightSeed: 1, optimizer: 'adam', learningRate: 0.03, batchSize: 10, l2: 0, l1: 0, momentum: 0.9,
  });
  d.hidden.push(3);
  assert.deepEqual(lab.defaults.hidden, [8, 8]);
  assert.equal(lab.networkDefaults.inputs, 2);
  assert.equal(lab.networkDefaults.output, 'binary');
  // The defaults are a valid config, and so is {} (same thing).
  const a = lab.experiment(lab.defaults);
  const b = lab.experiment({});
  assert.deepEqual(a.parameters(0), b.parameters(0));
  a.dispose();
  b.dispose();
});

test('lab.activation: value, derivative, gradA and curve with the core defaults and given params', () => {
  const relu = lab.activation('relu');
  assert.equal(relu.id, 'relu');
  assert.deepEqual({ ...relu.params }, { a: 0.01, alpha: 1, reluGradAtZero: 0 });
  assert.equal(relu.value(-2), 0);
  assert.equal(relu.value(3), 3);
  assert.equal(relu.derivative(0), 0);
  assert.equal(lab.activation('relu', { reluGradAtZero: 1 }).derivative(0), 1);
  const prelu = lab.activation('prelu');
  assert.equal(prelu.params.a, 0.25);
  assert.equal(prelu.value(-2), -0.5);
  assert.equal(prelu.gradA(-2), -2);
  assert.equal(prelu.gradA(3), 0);
  assert.equal(lab.activation('leaky_relu').gradA(-2), 0);  // no learned slope
  assert.equal(lab.activation('leaky_relu', { a: 0.5 }).value(-2), -1);
  const elu = lab.activation('elu', { alpha: 2 });
  assert.equal(elu.derivative(0), 2);
  const zs = new Float32Array([-2, -1, 0, 1, 2]);
  const c = lab.activation('tanh').curve(zs);
  assert.ok(c.value instanceof Float32Array && c.derivative instanceof Float32Array);
  assert.equal(c.value.length, 5);
  for (let i = 0; i < zs.length; i++) {
    assert.equal(c.value[i], lab.activation('tanh').value(zs[i]));
    assert.equal(c.derivative[i], lab.activation('tanh').derivative(zs[i]));
  }
  assert.deepEqual([...lab.activation('abs').curve([-1, 0, 2]).derivative], [-1, 0, 1]);
  assert.equal(lab.activation('sigmoid').curve(new Float32Array(0)).value.length, 0);
  relu.dispose();  // a no-op: activations hold nothing
});

test('lab.network: layout, parameters, setParameters, trainBatch, predict, diagnostics, dispose', () => {
  const net = lab.network({ hidden: [3], activations: ['prelu'], weightSeed: 7 });
  assert.equal(net.inputs, 2);
  assert.equal(net.outputs, 1);
  assert.deepEqual(net.layout.map((l) => ({ ...l })), [
    { inputs: 2, units: 3, pieces: 1, activation: 'prelu', weightOffset: 0, biasOffset: 6, slopeOffset: 9, slopeCount: 3 },
    { inputs: 3, units: 1, pieces: 1, activation: 'linear', weightOffset: 12, biasOffset: 15, slopeOffset: 16, slopeCount: 0 },
  ]);
  const p = net.parameters();
  assert.ok(p instanceof Float32Array);
  assert.equal(p.length, 16);
  assert.deepEqual([...p.subarray(9, 12)], [0.25, 0.25, 0.25]);   // PReLU slopes start at preluInit
  p[0] = 123;
  assert.notEqual(net.parameters()[0], 123);                       // a copy, not a view
  const xs = new Float32Array([1, 1, -1, -1, 1, -1, -1, 1]);
  const ys = new Float32Array([1, 1, 0, 0]);
  const first = net.trainBatch(xs, ys, { learningRate: 0.1 });
  assert.ok(Number.isFinite(first) && first > 0);
  let loss = first;
  for (let i = 0; i < 200; i++) loss = net.trainBatch(xs, ys, { optimizer: 'adam', learningRate: 0.05 });
  assert.ok(loss < first, `${loss} < ${first}`);
  const out = net.predict(xs);
  assert.equal(out.length, 4);
  assert.ok(out[0] > 0.5 && out[2] < 0.5);
  assert.equal(net.predict([]).length, 0);
  const d = net.diagnostics(xs, ys);
  assert.deepEqual(Object.keys(d), ['layers', 'deadUnits', 'inactiveUnits', 'saturatedUnits', 'totalUnits',
    'constantOutput', 'loss', 'accuracy']);
  assert.equal(d.totalUnits, 3);
  assert.equal(d.accuracy, 1);
  assert.equal(d.layers.length, 1);
  assert.equal(d.layers[0].activation, 'prelu');
  assert.deepEqual(Object.keys(d.layers[0]), ['activation', 'dead', 'inactive', 'saturated', 'deadPieces',
    'sparsity', 'gradNorm', 'zeroPreActivations', 'units']);
  assert.deepEqual(Object.keys(d.layers[0].units[0]), ['activityRate', 'dead', 'inactive', 'saturated', 'slope',
    'deadPieces', 'pieceWins']);
  assert.equal(d.layers[0].units[0].slope, net.parameters()[9]);
  // An input of exactly 0 with zero biases puts each unit's pre-activation exactly at 0.
  const origin = lab.network({ hidden: [4], activations: ['relu'], biasInit: 0 });
  assert.equal(origin.diagnostics([0, 0, 1, 2], [0, 1]).layers[0].zeroPreActivations, 4);
  origin.dispose();
  // setParameters round trip (plain arrays are accepted too).
  const zero = new Array(16).fill(0);
  net.setParameters(zero);
  assert.deepEqual([...net.parameters()], zero);
  assert.deepEqual([...net.predict([5, 5])], [0.5]);
  assert.equal(net.diagnostics(xs, ys).constantOutput, true);
  net.dispose();
  net.dispose();  // twice is fine
});

test('lab.network: multiclass, regression, maxout and per-layer activations', () => {
  const multi = lab.network({ output: 'multiclass', classes: 3, hidden: [4, 4], activations: ['relu', 'tanh'] });
  assert.equal(multi.outputs, 3);
  assert.deepEqual(multi.layout.map((l) => l.activation), ['relu', 'tanh', 'linear']);
  const probs = multi.predict([0.5, -0.5, 1, 2]);
  assert.equal(probs.length, 6);
  assert.ok(Math.abs(probs[0] + probs[1] + probs[2] - 1) < 1e-6);
  assert.ok(Number.isFinite(multi.trainBatch([0.5, -0.5], [2])));
  multi.dispose();
  const reg = lab.network({ inputs: 1, output: 'regression', hidden: [5], activations: 'maxout', maxoutK: 3 });
  assert.deepEqual({ ...reg.layout[0] }, { inputs: 1, units: 5, pieces: 3, activation: 'maxout', weightOffset: 0,
    biasOffset: 15, slopeOffset: 30, slopeCount: 0 });
  const xs = new Float32Array([-1, -0.5, 0, 0.5, 1]);
  const ys = xs.map(Math.abs);
  for (let i = 0; i < 300; i++) reg.trainBatch(xs, ys, { optimizer: 'adam', learningRate: 0.02 });
  const d = reg.diagnostics(xs, ys);
  assert.ok(d.loss < 0.01, `loss ${d.loss}`);
  assert.equal(d.accuracy, 0);
  assert.equal(d.layers[0].units[0].pieceWins.length, 3);
  assert.equal(d.layers[0].units[0].pieceWins.reduce((a, b) => a + b), 5);
  const shared = lab.network({ hidden: [4], activations: ['prelu'], preluShared: true, preluInit: -0.5 });
  assert.equal(shared.layout[0].slopeCount, 1);
  assert.equal(shared.parameters()[shared.layout[0].slopeOffset], -0.5);
  const none = lab.network({ hidden: [] });
  assert.equal(none.layout.length, 1);
  reg.dispose();
  shared.dispose();
  none.dispose();
});

test('lab.experiment: summary, train, history increments, layout, parameters', () => {
  const e = lab.experiment({ activations: ['relu', 'tanh', 'maxout'], points: 200, hidden: [6] });
  assert.equal(e.size, 3);
  let s = e.summary();
  assert.deepEqual(s.map((x) => x.activation), ['relu', 'tanh', 'maxout']);
  assert.deepEqual(Object.keys(s[0]), ['activation', 'epoch', 'diverged', 'divergedEpoch', 'latest']);
  assert.deepEqual(Object.keys(s[0].latest), ['epoch', 'trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy',
    'dead', 'inactive', 'saturated', 'deadPieces', 'totalUnits', 'regions']);
  assert.equal(s[0].epoch, 0);
  assert.equal(s[0].diverged, false);
  assert.equal(s[0].divergedEpoch, -1);
  assert.equal(s[0].latest.totalUnits, 6);
  e.train(3);
  e.train();  // one epoch by default
  s = e.summary();
  assert.deepEqual(s.map((x) => x.epoch), [4, 4, 4]);
  const h = e.history(1);
  assert.deepEqual(h.map((r) => r.epoch), [0, 1, 2, 3, 4]);
  assert.deepEqual(h[4], s[1].latest);
  assert.deepEqual(e.history(1, 3).map((r) => r.epoch), [3, 4]);
  assert.deepEqual(e.history(1, 99), []);
  const layout = e.layout(2);
  assert.equal(layout[0].pieces, 2);
  assert.equal(e.parameters(2).length, layout.at(-1).slopeOffset + layout.at(-1).slopeCount);
  assert.equal(e.parameters(0).length, 6 * 2 + 6 + 6 + 1);
  // Same initial weights for equal-shape layers across activations.
  const fresh = lab.experiment({ activations: ['relu', 'tanh'], points: 200, hidden: [6] });
  assert.deepEqual(fresh.parameters(0), fresh.parameters(1));
  fresh.dispose();
  e.dispose();
});

test('lab.experiment: boundary and unitMap grids, diagnostics, data', () => {
  const e = lab.experiment({ activations: ['relu', 'elu'], points: 100, hidden: [4, 3] });
  const g = e.boundary(0, 10);
  assert.ok(g instanceof Float32Array);
  assert.equal(g.length, 100);
  assert.ok(g.every((v) => v >= 0 && v <= 1));
  assert.equal(e.boundary(1).length, lab.settings.resolution.default ** 2);
  const m = e.unitMap(1, 1, 2, 8);
  assert.equal(m.length, 64);
  const d = e.diagnostics(0);
  assert.equal(d.layers.length, 2);
  assert.equal(d.layers[1].units.length, 3);
  assert.equal(d.totalUnits, 7);
  const data = e.data();
  assert.deepEqual(Object.keys(data), ['dims', 'classes', 'output', 'trainX', 'trainY', 'testX', 'testY']);
  assert.equal(data.dims, 2);
  assert.equal(data.classes, 2);
  assert.equal(data.output, 'binary');
  assert.equal(data.trainY.length + data.testY.length, 100);
  assert.equal(data.trainX.length, 2 * data.trainY.length);
  assert.ok(data.trainX.every((v) => Math.abs(v) <= lab.constants.box));
  e.dispose();
  // 1-D regression data: R points along x; multiclass: R*R*classes values.
  const r = lab.experiment({ dataset: 'abs1d', activations: ['relu'], points: 50 });
  assert.equal(r.data().dims, 1);
  assert.equal(r.data().output, 'regression');
  assert.equal(r.boundary(0, 16).length, 16);
  assert.equal(r.unitMap(0, 0, 0, 16).length, 16);
  r.dispose();
  const m3 = lab.experiment({ dataset: 'spiral3', activations: ['relu'], points: 90 });
  assert.equal(m3.data().classes, 3);
  assert.equal(m3.boundary(0, 5).length, 5 * 5 * 3);
  m3.dispose();
});

test('lab.experiment: custom user points and setTraining (partial, live)', () => {
  const pts = [{ x: -1, y: 0, label: 0 }, { x: 1, y: 0, label: 1 }, { x: -2, y: 1, label: 0 }, { x: 2, y: 1, label: 1 },
    { x: 0, label: 2 }];
  const e = lab.experiment({ dataset: 'custom', classes: 3, userPoints: pts, activations: ['relu'], batchSize: 1,
    trainFraction: 0.9 });
  const data = e.data();
  assert.equal(data.classes, 3);
  assert.equal(data.trainY.length + data.testY.length, 5);
  assert.deepEqual(e.training(), { optimizer: 'adam', learningRate: 0.03, batchSize: 1, l2: 0, l1: 0, momentum: 0.9 });
  const now = e.setTraining({ optimizer: 'adam', learningRate: 0.01 });
  assert.deepEqual(now, { optimizer: 'adam', learningRate: 0.01, batchSize: 1, l2: 0, l1: 0, momentum: 0.9 });
  assert.deepEqual(e.setTraining({ l2: 0.001 }), { ...now, l2: 0.001 });
  assert.deepEqual(e.setTraining({}), { ...now, l2: 0.001 });
  e.train(2);
  assert.equal(e.summary()[0].epoch, 2);
  e.dispose();
});

test('lab.heapBytes and heapUsedBytes report the wasm heap', () => {
  assert.ok(lab.heapBytes() >= 16 * 1024 * 1024);
  assert.equal(lab.heapBytes() % 65536, 0);
  lab.experiment({}).dispose();   // warm-up: the bindings' shared output buffers reach their size
  const before = lab.heapUsedBytes();
  const e = lab.experiment({});
  assert.ok(lab.heapUsedBytes() > before);
  e.dispose();
  assert.equal(lab.heapUsedBytes(), before);
});
