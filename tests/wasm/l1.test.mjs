// L1 regularisation through the JS API (docs/API.md): the `l1` setting's table row, one trainBatch
// step against the formula p - lr (g + l1 sign(w)) on W with biases untouched, the experiment's
// config and live setTraining, and refusals that name `l1` and its range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab, LabError } from '../../build-wasm/relulab.mjs';

const lab = await loadReluLab();
const bits = (a) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
const config = { hidden: [5], activations: ['tanh'], weightSeed: 7, biasInit: 0.1 };
const xs = [0.5, -1, 1.5, 0.25, -0.75, 2, -1.25, -0.5];
const ys = [1, 0, 1, 0];

test('lab.settings has l1: 0 to 1, default 0, named in English and Chinese', () => {
  const row = lab.settings.l1;
  assert.deepEqual({ min: row.min, max: row.max, default: row.default, integer: row.integer }, { min: 0, max: 1, default: 0, integer: false });
  assert.equal(row.nameZh, 'L1 正则化');
  assert.match(row.nameEn, /L1/);
  assert.equal(lab.defaults.l1, 0);
});

test('one SGD step with l1 moves each weight by lr * l1 * sign(w) more than without, and no bias', () => {
  const a = lab.network(config), b = lab.network(config);
  const p0 = a.parameters();
  const lr = 0.25, l1 = 0.125;
  // The gradient g is the same for both (same parameters, same batch): without L1, p - lr g.
  const lossA = a.trainBatch(xs, ys, { optimizer: 'sgd', learningRate: lr, l1 });
  const lossB = b.trainBatch(xs, ys, { optimizer: 'sgd', learningRate: lr });
  assert.equal(lossA, lossB);   // the data loss: no penalty term
  const pa = a.parameters(), pb = b.parameters();
  let weights = 0;
  for (const layer of a.layout) {
    for (let i = layer.weightOffset; i < layer.biasOffset; i++) {
      const sign = Math.sign(p0[i]);
      assert.ok(Math.abs(pa[i] - (pb[i] - lr * l1 * sign)) < 1e-6, `W[${i}]: ${pa[i]} vs ${pb[i]} - ${lr * l1 * sign}`);
      weights++;
    }
    const end = layer.slopeOffset + layer.slopeCount;
    assert.deepEqual(bits(pa.slice(layer.biasOffset, end)), bits(pb.slice(layer.biasOffset, end)));
  }
  assert.equal(weights, 2 * 5 + 5);
  a.dispose();
  b.dispose();
});

test('an experiment takes l1 in its config and live through setTraining, and it shrinks W', () => {
  const base = { activations: ['relu'], points: 100, hidden: [6], optimizer: 'sgd', learningRate: 0.1, batchSize: 10 };
  const plain = lab.experiment(base), live = lab.experiment(base), configured = lab.experiment({ ...base, l1: 0.01 });
  assert.equal(configured.training().l1, 0.01);
  assert.equal(plain.training().l1, 0);
  const now = live.setTraining({ l1: 0.01 });
  assert.deepEqual(now, { ...plain.training(), l1: 0.01 });
  for (const e of [plain, live, configured]) e.train(20);
  // Set live before any epoch, the run is the configured one, bit for bit.
  assert.deepEqual(bits(live.parameters(0)), bits(configured.parameters(0)));
  const sumAbsW = (e) => e.layout(0).reduce((s, l) => {
    const p = e.parameters(0);
    for (let i = l.weightOffset; i < l.biasOffset; i++) s += Math.abs(p[i]);
    return s;
  }, 0);
  assert.ok(sumAbsW(live) < sumAbsW(plain), `sum |W| with l1 ${sumAbsW(live)}, without ${sumAbsW(plain)}`);
  assert.equal(live.setTraining({ l1: 0 }).l1, 0);   // and off again, live
  for (const e of [plain, live, configured]) e.dispose();
});

test('l1 outside 0..1, NaN or not a number is refused naming l1 and its range; nothing changes', () => {
  const refuses = (fn, pattern) => assert.throws(fn, (e) => e instanceof LabError && e.field === 'l1' && pattern.test(e.message));
  refuses(() => lab.experiment({ l1: NaN }), /^l1 must be a number from 0 to 1 \(got nan\)$/);
  refuses(() => lab.experiment({ l1: -0.001 }), /^l1 must be a number from 0 to 1 \(got -0\.001\)$/);
  refuses(() => lab.experiment({ l1: 1.5 }), /^l1 must be a number from 0 to 1 \(got 1\.5\)$/);
  refuses(() => lab.experiment({ l1: '0.1' }), /^l1 must be a number/);
  const e = lab.experiment({ activations: ['relu'], points: 40, l1: 0.001 });
  const before = e.training();
  refuses(() => e.setTraining({ l1: 2 }), /^l1 must be a number from 0 to 1 \(got 2\)$/);
  refuses(() => e.setTraining({ l1: -1, learningRate: 0.5 }), /^l1 must be a number from 0 to 1 \(got -1\)$/);
  assert.deepEqual(e.training(), before);
  e.dispose();
  const net = lab.network(config);
  const p = net.parameters();
  refuses(() => net.trainBatch(xs, ys, { l1: Infinity }), /^l1 must be a number from 0 to 1 \(got inf\)$/);
  assert.deepEqual(bits(net.parameters()), bits(p));
  net.dispose();
});
