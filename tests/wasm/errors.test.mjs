// Every documented error path of the wasm API: each throws a LabError whose message names the
// field and its allowed range, nothing is silently defaulted, and the module and every other
// handle keep working afterwards. Calls on disposed handles throw too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab, LabError } from '../../build-wasm/relulab.mjs';
import { refuses } from './support.mjs';

const lab = await loadReluLab();


const experimentCases = [
  // [config, message pattern, field]
  [{ activations: ['relu', 'tanh', 'foo'] },
    /^activations\[2\]: unknown activation 'foo' \(allowed: linear, sigmoid, tanh, relu, .*maxout\)$/, 'activations'],
  [{ learningRate: NaN }, /^learningRate must be a number from 1e-05 to 10 \(got nan\)$/, 'learningRate'],
  [{ learningRate: Infinity }, /^learningRate must be a number from 1e-05 to 10 \(got inf\)$/, 'learningRate'],
  [{ learningRate: 0 }, /^learningRate must be a number from 1e-05 to 10 \(got 0\)$/, 'learningRate'],
  [{ learningRate: '0.1' }, /^learningRate must be a number \(got string "0.1"\)$/, 'learningRate'],
  [{ points: '500' }, /^points must be a number \(got string "500"\)$/, 'points'],
  [{ points: null }, /^points must be a number \(got null\)$/, 'points'],
  [{ points: 10.5 }, /^points must be a whole number from 10 to 2000 \(got 10\.5\)$/, 'points'],
  [{ points: 5 }, /^points must be a whole number from 10 to 2000 \(got 5\)$/, 'points'],
  [{ dataSeed: -1 }, /^dataSeed must be a whole number from 0 to 4294967295 \(got -1\)$/, 'dataSeed'],
  [{ dataSeed: 2 ** 32 }, /^dataSeed must be a whole number from 0 to 4294967295 \(got 4294967296\)$/, 'dataSeed'],
  [{ weightSeed: 1e300 }, /^weightSeed must be a whole number from 0 to 4294967295/, 'weightSeed'],
  [{ biasInit: 1e300 }, /^biasInit must be a number from -2 to 2 \(got 1e\+300\)$/, 'biasInit'],
  [{ foo: 1 }, /^experiment config: unknown key 'foo' \(allowed: dataset, points, .*momentum\)$/, 'foo'],
  [{ inputs: 2 }, /^experiment config: unknown key 'inputs'/, 'inputs'],
  [{ hidden: [0] }, /^hidden\[0\]: width must be a whole number from 1 to 64 \(got 0\)$/, 'hidden'],
  [{ hidden: [8, 2.5] }, /^hidden\[1\]: width must be a whole number from 1 to 64 \(got 2\.5\)$/, 'hidden'],
  [{ hidden: [8, '8'] }, /^hidden\[1\] must be a number \(got string "8"\)$/, 'hidden'],
  [{ hidden: 8 }, /^hidden must be an array of layer widths \(got number 8\)$/, 'hidden'],
  [{ hidden: new Array(9).fill(4) }, /^hidden must have from 0 to 8 entries \(got 9\)$/, 'hidden'],
  [{ batchSize: 251 }, /^batchSize must be a whole number from 1 to 250 \(the training-set size\) \(got 251\)$/, 'batchSize'],
  [{ batchSize: 0 }, /^batchSize must be a whole number from 1 to/, 'batchSize'],
  [{ dataset: 'mnist' }, /^dataset: unknown dataset 'mnist' \(allowed: circle, xor, .*custom\)$/, 'dataset'],
  [{ dataset: 3 }, /^dataset must be a dataset id \(got number 3\)$/, 'dataset'],
  [{ init: 'zeros' }, /^init: unknown initialiser 'zeros' \(allowed: he_normal, he_uniform, glorot, lecun, playground\)$/, 'init'],
  [{ optimizer: 'rmsprop' }, /^optimizer: unknown optimizer 'rmsprop' \(allowed: sgd, momentum, adam\)$/, 'optimizer'],
  [{ preluShared: 1 }, /^preluShared must be true or false \(got number 1\)$/, 'preluShared'],
  [{ reluGradAtZero: 0.3 }, /^reluGradAtZero must be 0, 0\.5 or 1/, 'reluGradAtZero'],
  [{ leakyA: 2 }, /^leakyA must be a number from 0 to 1 \(got 2\)$/, 'leakyA'],
  [{ maxoutK: 9 }, /^maxoutK must be a whole number from 2 to 8 \(got 9\)$/, 'maxoutK'],
  [{ activations: [] }, /activations/, 'activations'],
  [{ activations: new Array(17).fill('relu') }, /activations/, 'activations'],
  [{ activations: [3] }, /^activations\[0\] must be an activation id \(got number 3\)$/, 'activations'],
  [{ dataset: 'custom', userPoints: [{ x: 0, y: 0, label: 5 }] },
    /^userPoints\[0\]\.label must be a whole number from 0 to 1 \(got 5\)$/, 'userPoints'],
  [{ userPoints: [{ x: 0, y: 0, label: 0, z: 1 }] }, /^userPoints\[0\]: unknown key 'z' \(allowed: x, y, label\)$/, 'userPoints'],
  [{ userPoints: [{ x: '0', y: 0, label: 0 }] }, /^userPoints\[0\]\.x must be a number \(got string "0"\)$/, 'userPoints'],
  [{ userPoints: [{ y: 0, label: 0 }] }, /^userPoints\[0\]\.x must be a number \(got undefined\)$/, 'userPoints'],
  [{ userPoints: [{ x: 9, y: 0, label: 0 }] }, /^userPoints\[0\]\.x/, 'userPoints'],
  [{ userPoints: {} }, /^userPoints must be an array of \{x, y, label\}/, 'userPoints'],
  [{ dataset: 'spiral', classes: 3 }, /^classes/, 'classes'],
];

test('bad experiment configs are refused with the field and its allowed range', () => {
  for (const [config, pattern, field] of experimentCases) {
    refuses(() => lab.experiment(config), pattern, field);
  }
});

test('a config must be a plain object', () => {
  refuses(() => lab.experiment(null), /^experiment config must be a plain object \(got null\)$/, 'config');
  refuses(() => lab.experiment([]), /^experiment config must be a plain object \(got an array\)$/);
  refuses(() => lab.experiment('relu'), /^experiment config must be a plain object/);
  refuses(() => lab.network(5), /^network config must be a plain object/);
});

test('bad network configs are refused', () => {
  refuses(() => lab.network({ inputs: 8 }), /^inputs must be a whole number from 1 to 7 \(got 8\)$/, 'inputs');
  refuses(() => lab.network({ inputs: 1.5 }), /^inputs must be a whole number \(got 1\.5\)$/, 'inputs');
  refuses(() => lab.network({ output: 'ranking' }),
    /^output: unknown output kind 'ranking' \(allowed: binary, multiclass, regression\)$/, 'output');
  refuses(() => lab.network({ output: 'multiclass', classes: 9 }), /^classes must be a whole number from 2 to 8 \(got 9\)$/, 'classes');
  refuses(() => lab.network({ hidden: [4, 4], activations: ['relu', 'tanh', 'elu'] }), /^activations must have 1 entry or one per hidden layer/, 'activations');
  refuses(() => lab.network({ activations: 'swish' }), /^activations: unknown activation 'swish'/, 'activations');
  refuses(() => lab.network({ dataset: 'xor' }), /^network config: unknown key 'dataset'/, 'dataset');
  refuses(() => lab.network({ eluAlpha: 0 }), /^eluAlpha must be a number from 0\.01 to 10 \(got 0\)$/, 'eluAlpha');
});

test('network calls refuse bad arguments: lengths, types, options', () => {
  const net = lab.network({ hidden: [4] });
  const n = net.parameters().length;
  refuses(() => net.setParameters(new Float32Array(n - 1)), new RegExp(`^values must have ${n} numbers \\(got ${n - 1}\\)$`), 'values');
  refuses(() => net.setParameters(new Float32Array(n + 1)), /^values must have/, 'values');
  refuses(() => net.setParameters(new Float32Array(n).fill(NaN)), /^values\[0\] must be a finite number within float32 range \(got nan\)$/, 'values');
  refuses(() => net.setParameters('abc'), /^values must be a Float32Array or an array of numbers \(got string "abc"\)$/, 'values');
  refuses(() => net.setParameters([1, 'x']), /^values\[1\] must be a number/, 'values');
  const xs = [0, 1, 1, 0];
  const ys = [1, 0];
  refuses(() => net.trainBatch(xs, ys, { learningRate: NaN }), /^learningRate must be a number from 1e-05 to 10 \(got nan\)$/, 'learningRate');
  refuses(() => net.trainBatch(xs, ys, { learningRate: '0.1' }), /^learningRate must be a number \(got string "0\.1"\)$/, 'learningRate');
  refuses(() => net.trainBatch(xs, ys, { batchSize: 2 }), /^trainBatch options: unknown key 'batchSize' \(allowed: optimizer, learningRate, l2, l1, momentum\)$/, 'batchSize');
  refuses(() => net.trainBatch(xs, ys, { optimizer: 'lbfgs' }), /^optimizer: unknown optimizer 'lbfgs'/, 'optimizer');
  refuses(() => net.trainBatch(xs, ys, { momentum: 1 }), /^momentum must be a number from 0 to 0\.999 \(got 1\)$/, 'momentum');
  refuses(() => net.trainBatch([0, 1, 1], ys), /^trainBatch: xs has 3 values but ys has 2 labels; expected ys\.length \* inputs = 4$/, 'xs');
  refuses(() => net.trainBatch([], []), /^ys must hold at least one label \(the batch is empty\)$/, 'ys');
  refuses(() => net.trainBatch(xs, 'ys'), /^ys must be a Float32Array or an array of numbers/, 'ys');
  refuses(() => net.predict([1, 2, 3]), /^predict: xs has 3 values, not a multiple of inputs \(2\)$/, 'xs');
  refuses(() => net.diagnostics([1], [1]), /^diagnostics: xs has 1 values but ys has 1 labels/, 'xs');
  // A refused options object does not replace the previous good one.
  assert.ok(Number.isFinite(net.trainBatch(xs, ys, { learningRate: 0.1 })));
  assert.ok(Number.isFinite(net.trainBatch(xs, ys, { learningRate: 0.1 })));
  net.dispose();
});

test('experiment calls refuse bad indices, layers, units, resolutions, epochs and training', () => {
  const e = lab.experiment({ activations: ['relu', 'tanh'], points: 60, hidden: [3] });
  refuses(() => e.boundary(2, 10), /^index must be a whole number from 0 to 1 \(got number 2\)$/, 'index');
  refuses(() => e.boundary(-1, 10), /^index must be a whole number from 0 to 1/, 'index');
  refuses(() => e.boundary('0', 10), /^index must be a whole number from 0 to 1 \(got string "0"\)$/, 'index');
  refuses(() => e.boundary(0, 1), /^resolution must be a whole number from 2 to 256 \(got 1\)$/, 'resolution');
  refuses(() => e.boundary(0, 300), /^resolution must be a whole number from 2 to 256 \(got 300\)$/, 'resolution');
  refuses(() => e.boundary(0, 10.5), /^resolution must be a whole number/, 'resolution');
  refuses(() => e.boundary(0, '10'), /^resolution must be a number \(got string "10"\)$/, 'resolution');
  refuses(() => e.unitMap(0, 1, 0, 10), /^layer must be a whole number from 0 to 0 \(got number 1\)$/, 'layer');
  refuses(() => e.unitMap(0, 0, 3, 10), /^unit must be a whole number from 0 to 2 \(got number 3\)$/, 'unit');
  refuses(() => e.diagnostics(5), /^index must be/, 'index');
  refuses(() => e.history(0, -1), /^fromEpoch must be a whole number from 0/, 'fromEpoch');
  refuses(() => e.history(7), /^index must be/, 'index');
  refuses(() => e.parameters(2), /^index must be/, 'index');
  refuses(() => e.layout(2), /^index must be/, 'index');
  refuses(() => e.train(-1), /^epochs must be a whole number from 0 to 1000000 \(got number -1\)$/, 'epochs');
  refuses(() => e.train(1.5), /^epochs must be a whole number/, 'epochs');
  refuses(() => e.train('3'), /^epochs must be a whole number/, 'epochs');
  refuses(() => e.setTraining({ learningRate: NaN }), /^learningRate must be a number from 1e-05 to 10 \(got nan\)$/, 'learningRate');
  refuses(() => e.setTraining({ batchSize: 31 }), /^batchSize must be a whole number from 1 to 30 \(the training-set size\) \(got 31\)$/, 'batchSize');
  refuses(() => e.setTraining({ momentum: 0.9, speed: 3 }), /^training: unknown key 'speed' \(allowed: optimizer, learningRate, batchSize, l2, l1, momentum\)$/, 'speed');
  refuses(() => e.setTraining({ hidden: [3] }), /^training: unknown key 'hidden'/, 'hidden');
  refuses(() => e.setTraining(3), /^training must be a plain object/);
  // A refused live change leaves the settings as they were.
  assert.deepEqual(e.training(), { optimizer: 'adam', learningRate: 0.03, batchSize: 10, l2: 0, l1: 0, momentum: 0.9 });
  const noHidden = lab.experiment({ activations: ['relu'], points: 20, hidden: [] });
  refuses(() => noHidden.unitMap(0, 0, 0, 10), /^network 0 has no hidden layers$/, 'layer');
  noHidden.dispose();
  e.dispose();
});

test('lab.activation refuses unknown ids, bad params and non-number inputs', () => {
  refuses(() => lab.activation('swish'), /^activation: unknown activation 'swish' \(allowed: linear, .*maxout\)$/, 'activation');
  refuses(() => lab.activation(3), /^activation must be an activation id \(got number 3\)$/, 'activation');
  refuses(() => lab.activation('relu', { reluGradAtZero: 0.25 }), /^reluGradAtZero must be 0, 0\.5 or 1 \(got 0\.25\)$/, 'reluGradAtZero');
  refuses(() => lab.activation('leaky_relu', { a: -1 }), /^a must be a number from 0 to 1 \(got -1\)$/, 'a');
  refuses(() => lab.activation('prelu', { a: 2 }), /^a must be a number from -1 to 1 \(got 2\)$/, 'a');
  refuses(() => lab.activation('elu', { alpha: NaN }), /^alpha must be a number from 0\.01 to 10 \(got nan\)$/, 'alpha');
  refuses(() => lab.activation('elu', { alpha: '1' }), /^alpha must be a number \(got string "1"\)$/, 'alpha');
  refuses(() => lab.activation('elu', { beta: 1 }), /^activation params: unknown key 'beta' \(allowed: a, alpha, reluGradAtZero\)$/, 'beta');
  const relu = lab.activation('relu');
  refuses(() => relu.value('1'), /^z must be a number \(got string "1"\)$/, 'z');
  refuses(() => relu.derivative(undefined), /^z must be a number/, 'z');
  refuses(() => relu.gradA(null), /^z must be a number/, 'z');
  refuses(() => relu.curve([1, 'a']), /^zs\[1\] must be a number/, 'zs');
  refuses(() => relu.curve(5), /^zs must be a Float32Array or an array of numbers/, 'zs');
});

test('after any error the module and existing handles keep working', () => {
  const e = lab.experiment({ activations: ['relu'], points: 50 });
  const net = lab.network({ hidden: [2] });
  const before = e.parameters(0);
  for (const [config] of experimentCases) {
    try { lab.experiment(config); } catch { /* expected */ }
  }
  try { net.setParameters([1]); } catch { /* expected */ }
  try { e.setTraining({ batchSize: 9999 }); } catch { /* expected */ }
  try { e.boundary(0, 0); } catch { /* expected */ }
  assert.deepEqual(e.parameters(0), before);
  e.train(2);
  assert.equal(e.summary()[0].epoch, 2);
  assert.ok(Number.isFinite(net.trainBatch([1, 1], [1])));
  const fresh = lab.experiment({ activations: ['tanh'], points: 50 });
  fresh.train(1);
  assert.equal(fresh.summary()[0].epoch, 1);
  assert.equal(lab.activation('sigmoid').value(0), 0.5);
  fresh.dispose();
  e.dispose();
  net.dispose();
});

test('every call on a disposed handle throws "... has been disposed"; others are unaffected', () => {
  const e = lab.experiment({ activations: ['relu'], points: 50 });
  const other = lab.experiment({ activations: ['relu'], points: 50 });
  e.dispose();
  const calls = [() => e.train(1), () => e.summary(), () => e.boundary(0, 4), () => e.unitMap(0, 0, 0, 4),
    () => e.diagnostics(0), () => e.history(0), () => e.parameters(0), () => e.layout(0), () => e.data(),
    () => e.setTraining({}), () => e.training(), () => e.setParameters(0, [])];
  for (const call of calls) refuses(call, /^experiment has been disposed$/, null);
  e.dispose();  // again: a no-op
  other.train(1);
  assert.equal(other.summary()[0].epoch, 1);
  other.dispose();

  const net = lab.network({});
  net.dispose();
  const netCalls = [() => net.parameters(), () => net.setParameters([]), () => net.trainBatch([0, 0], [1]),
    () => net.predict([0, 0]), () => net.diagnostics([0, 0], [1])];
  for (const call of netCalls) refuses(call, /^network has been disposed$/, null);
  assert.equal(net.layout.length, 3);  // the layout stays readable: it is plain data
});

test('LabError is exported and usable on its own', () => {
  const e = new LabError('x must be 1', 'x');
  assert.equal(e.message, 'x must be 1');
  assert.equal(e.field, 'x');
  assert.equal(e.name, 'LabError');
  assert.equal(new LabError('m').field, null);
  assert.equal(lab.LabError, LabError);
});
