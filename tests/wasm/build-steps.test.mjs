// lab.experiment(config, { inSteps: true }) with buildSteps, and experiment.unitHistorySteps
// (docs/API.md): the steps counted here from the network count and the data set's sizes; an
// experiment built in steps gives the bits of one built at once; methods that need the build
// refuse until it is done; a replay in steps between trainSteps calls finds the pushes of a replay
// at once and leaves the run's bits as a run that never replayed; bad arguments refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab, LabError } from '../../build-wasm/relulab.mjs';

const lab = await loadReluLab();
const bits = (a) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const config = { dataset: 'spiral', points: 700, hidden: [8, 8], learningRate: 0.1,
  activations: ['relu', 'leaky_relu', 'tanh'] };

test('buildSteps: one step per network, then per network a step per 256 training and per 256 test samples', () => {
  const whole = lab.experiment(config);
  const e = lab.experiment(config, { inSteps: true });
  assert.equal(whole.ready, true);
  assert.equal(e.ready, false);
  assert.deepEqual(e.layout(0), whole.layout(0));
  assert.deepEqual(bits(e.parameters(2)), bits(whole.parameters(2)));
  assert.equal(e.data().trainX.length, whole.data().trainX.length);
  for (const call of [() => e.summary(), () => e.history(0), () => e.trainSteps(1), () => e.train(1),
    () => e.gridJob(0), () => e.boundary(0), () => e.unitHistory(0, 0, 0), () => e.diagnostics(0)]) {
    assert.throws(call, (err) => err instanceof LabError && /still being built: call buildSteps/.test(err.message));
  }
  assert.throws(() => e.buildSteps(0), (err) => err instanceof LabError && err.field === 'maxSteps');
  assert.throws(() => lab.experiment(config, { inSteps: 1 }), (err) => err instanceof LabError && err.field === 'inSteps');
  const d = whole.data();
  const train = d.trainY.length, testN = d.testY.length;
  const expected = e.size + e.size * (Math.ceil(train / 256) + Math.ceil(testN / 256));
  let steps = 1;
  while (!e.buildSteps(1)) steps++;
  assert.equal(steps, expected);
  assert.equal(e.ready, true);
  assert.equal(e.buildSteps(5), true);   // built: nothing more, nothing trained
  assert.deepEqual(e.summary(), whole.summary());
  whole.train(3);
  e.train(3);
  for (let i = 0; i < e.size; i++) {
    assert.deepEqual(bits(e.parameters(i)), bits(whole.parameters(i)));
    assert.deepEqual(e.history(i), whole.history(i));
  }
  e.dispose();
  whole.dispose();
});

test('unitHistorySteps: a replay in steps between trainSteps calls, as the worker does', () => {
  const sliced = lab.experiment(config), lazy = lab.experiment(config), asked = lab.experiment(config);
  let layer = 0, unit = 0, finished = 0, pending = 0;
  while (sliced.summary()[0].epoch < 12) {
    sliced.trainSteps(2);
    lazy.trainSteps(2);
    if (sliced.unitHistorySteps(0, layer, unit, 3)) {
      finished++;
      unit = (unit + 1) % 8;
      if (unit === 0) layer = 1 - layer;
    } else pending++;
  }
  for (let k = 0; k < 12; k++) {
    asked.train(1);
    for (let l = 0; l < 2; l++) for (let u = 0; u < 8; u++) asked.unitHistory(0, l, u);
  }
  assert.ok(pending > 0 && finished > 0, `replays took several calls (${pending} unfinished, ${finished} finished)`);
  assert.deepEqual(bits(sliced.parameters(0)), bits(lazy.parameters(0)));
  assert.deepEqual(sliced.history(0), lazy.history(0));
  let pushes = 0;
  for (let l = 0; l < 2; l++) {
    for (let u = 0; u < 8; u++) {
      const s = sliced.unitHistory(0, l, u), a = asked.unitHistory(0, l, u), z = lazy.unitHistory(0, l, u);
      assert.deepEqual(s.records, z.records);   // gradient norms included: a replay gives them back
      assert.equal(s.deathEpoch, a.deathEpoch);
      if (s.deathEpoch <= 0 || !a.push.known) continue;
      assert.deepEqual(s.push, a.push);
      pushes++;
    }
  }
  assert.ok(pushes > 0, 'the config kills units during the run');
  assert.throws(() => sliced.unitHistorySteps(0, 0, 0, 0), (err) => err instanceof LabError && err.field === 'maxSteps');
  assert.throws(() => sliced.unitHistorySteps(0, 2, 0, 1), (err) => err instanceof LabError && err.field === 'layer');
  for (const e of [sliced, lazy, asked]) e.dispose();
});
