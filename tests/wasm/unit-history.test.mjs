// experiment.unitHistory, experiment.preActivations and gridJob's firstUnit / unitCount on the
// real module (docs/API.md): the numbers against the parameters and data read through the API and
// computed here, the death epoch against the records, the single-unit map against the full job's,
// and hostile arguments refused with a LabError naming the argument and its range, state unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab, LabError } from '../../build-wasm/relulab.mjs';
import { bits, refuses } from './support.mjs';

const lab = await loadReluLab();
const config = { dataset: 'spiral', points: 200, hidden: [8, 8], learningRate: 0.1,
  activations: ['relu', 'leaky_relu', 'tanh'] };


test('unitHistory: records per epoch with the parameters, activity and deaths of the run', () => {
  const e = lab.experiment(config);
  // Asked after every epoch, as a page viewing units would: every death's push is found.
  for (let k = 0; k < 12; k++) {
    e.train(1);
    for (let l = 0; l < 2; l++) for (let u = 0; u < 8; u++) e.unitHistory(0, l, u);
  }
  const layout = e.layout(0);
  const p = e.parameters(0);
  const diag = e.diagnostics(0);
  let deaths = 0;
  for (let l = 0; l < 2; l++) {
    for (let u = 0; u < 8; u++) {
      const h = e.unitHistory(0, l, u);
      assert.equal(h.records.length, e.history(0).length);
      assert.deepEqual(h.records.map((r) => r.epoch), e.history(0).map((r) => r.epoch));
      assert.equal(h.canDie, true);
      const last = h.records.at(-1);
      const { inputs, weightOffset, biasOffset } = layout[l];
      let sq = 0;
      for (let i = 0; i < inputs; i++) sq += p[weightOffset + u * inputs + i] ** 2;
      assert.ok(Math.abs(last.weightNorm - Math.sqrt(sq)) <= 1e-5 * Math.sqrt(sq), 'weightNorm');
      assert.equal(last.bias, p[biasOffset + u]);
      const d = diag.layers[l].units[u];
      assert.equal(last.off, d.dead);
      assert.ok(Math.abs(last.activity - d.activityRate) < 1e-6);
      // The death epoch: the first of the trailing run of off records.
      let death = -1;
      for (const r of h.records) death = r.off ? (death < 0 ? r.epoch : death) : -1;
      assert.equal(h.deathEpoch, death);
      if (h.deathEpoch > 0) {
        deaths++;
        assert.equal(h.push.known, true);
        assert.equal(h.push.epoch, h.deathEpoch);
        assert.ok(Math.abs(h.push.learningRate - 0.1) < 1e-7);
      } else assert.equal(h.push.known, false);
      // A dead unit has no z > 0 on the training set; a live one has some.
      const z = e.preActivations(0, l, u);
      assert.equal(z.length, e.data().trainY.length);
      assert.equal(z.some((v) => v > 0), !d.dead);
    }
  }
  assert.ok(deaths > 0, 'this config kills a ReLU unit during the run');
  assert.equal(e.unitHistory(2, 0, 0).canDie, false);  // tanh
  e.dispose();
});

test('preActivations of a first-layer unit are w.x + b on the training points', () => {
  const e = lab.experiment(config);
  e.train(3);
  const { trainX } = e.data();
  const [first] = e.layout(1);
  const p = e.parameters(1);
  for (let u = 0; u < 8; u++) {
    const z = e.preActivations(1, 0, u);
    for (let s = 0; s < z.length; s++) {
      const ref = p[first.biasOffset + u] + p[first.weightOffset + 2 * u] * trainX[2 * s] +
        p[first.weightOffset + 2 * u + 1] * trainX[2 * s + 1];
      assert.ok(Math.abs(z[s] - ref) < 1e-5, `unit ${u} point ${s}`);
    }
  }
  e.dispose();
});

test('gridJob firstUnit/unitCount computes only those maps, with the bits of the full job', () => {
  const e = lab.experiment(config);
  e.train(2);
  const all = e.gridJob(0, { resolution: 8, thumbResolution: 10 });
  const one = e.gridJob(0, { resolution: 8, thumbResolution: 10, firstUnit: 9, unitCount: 2 });
  const a = all.unitMaps(), o = one.unitMaps();
  assert.equal(o.flat().filter((m) => m !== null).length, 2);
  assert.deepEqual(bits(o[1][1]), bits(a[1][1]));
  assert.deepEqual(bits(o[1][2]), bits(a[1][2]));
  assert.equal(o[0][0], null);
  assert.deepEqual(bits(e.unitMap(0, 1, 1, 10)), bits(a[1][1]));
  all.dispose();
  one.dispose();
  e.dispose();
});

test('hostile arguments are refused with the argument and its range; nothing changes', () => {
  const e = lab.experiment(config);
  e.train(4);
  const before = JSON.stringify(e.unitHistory(0, 1, 3));
  const params = bits(e.parameters(0));
  for (const method of ['unitHistory', 'preActivations']) {
    for (const index of [-1, 3, 1.5, NaN, '0', undefined, 1e12, Infinity]) {
      refuses(() => e[method](index, 0, 0), /^index must be a whole number from 0 to 2/, 'index');
    }
    for (const layer of [-1, 2, 0.5, NaN, null, '1', 2 ** 53]) {
      refuses(() => e[method](0, layer, 0), /^layer must be a whole number from 0 to 1/, 'layer');
    }
    for (const unit of [-1, 8, 7.5, NaN, {}, 1e300, -Infinity]) {
      refuses(() => e[method](0, 1, unit), /^unit must be a whole number from 0 to 7/, 'unit');
    }
  }
  const range = (name, hi) => new RegExp(`^${name} must be a whole number from 0 to ${hi} \\(got `);
  for (const v of [-1, 16, 2.5, NaN, 1e300, -Infinity]) {
    refuses(() => e.gridJob(0, { thumbResolution: 8, firstUnit: v, unitCount: 1 }), range('firstUnit', 15), 'firstUnit');
  }
  for (const v of [-1, 7, NaN, 0.5, Infinity]) {
    refuses(() => e.gridJob(0, { thumbResolution: 8, firstUnit: 10, unitCount: v }), range('unitCount', 6), 'unitCount');
  }
  refuses(() => e.gridJob(0, { firstUnit: '1' }), /^firstUnit must be a number/, 'firstUnit');
  assert.equal(JSON.stringify(e.unitHistory(0, 1, 3)), before);
  assert.deepEqual(bits(e.parameters(0)), params);
  e.dispose();
  assert.throws(() => e.unitHistory(0, 0, 0), LabError);
});
