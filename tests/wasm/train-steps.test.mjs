// experiment.trainSteps (docs/API.md): any split of the batches into calls gives the bits of
// train(); the counts it returns follow from the training-set size and batch size worked out
// here; a bad maxBatches is refused with its name and range and changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab, LabError } from '../../build-wasm/relulab.mjs';

const lab = await loadReluLab();
const bits = (a) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const MAX_INT = 2147483647;

/** Everything trained, as bits: parameters, histories (as numbers) and summaries. */
function state(e) {
  return { params: Array.from({ length: e.size }, (_, i) => bits(e.parameters(i))),
    history: Array.from({ length: e.size }, (_, i) => e.history(i)), summary: e.summary() };
}

/** A seeded split of batches: sizes from 1 to 2 * batchesPerEpoch, and MAX_INT now and then. */
function* splits(seed, perEpoch) {
  let s = seed;
  for (;;) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    yield s % 7 === 0 ? MAX_INT : 1 + (s % (2 * perEpoch));
  }
}

test('trainSteps in any split gives train() bit for bit, and counts batches and epochs as worked out here', () => {
  const cases = [
    { activations: ['relu', 'prelu', 'maxout'], points: 120, batchSize: 7 },
    { dataset: 'spiral3', activations: ['elu', 'tanh'], points: 90, batchSize: 45, optimizer: 'momentum' },
    { dataset: 'abs1d', activations: ['relu'], points: 40, batchSize: 1, hidden: [4] },
    { points: 60, batchSize: 30, trainFraction: 0.5 },   // one batch of all 30 training points
  ];
  for (const config of cases) {
    const whole = lab.experiment(config);
    whole.train(4);
    const trainCount = whole.data().trainY.length;
    const perEpoch = Math.ceil(trainCount / config.batchSize);
    for (const seed of [1, 2, 3]) {
      const split = lab.experiment(config);
      const sizes = splits(seed, perEpoch);
      let inEpoch = 0, epoch = 0, calls = 0;
      while (epoch < 4) {
        const max = sizes.next().value;
        const r = split.trainSteps(max);
        calls++;
        // Never past the end of the epoch in progress.
        const expected = Math.min(max, perEpoch - inEpoch);
        assert.equal(r.batches, expected, `${JSON.stringify(config)}: call ${calls} trains ${expected} batches`);
        inEpoch += r.batches;
        assert.equal(r.epochEnded, inEpoch === perEpoch);
        if (r.epochEnded) { epoch++; inEpoch = 0; }
        assert.equal(r.epoch, epoch);
        assert.equal(split.summary()[0].epoch, epoch, 'records appear when an epoch ends');
      }
      assert.deepEqual(state(split), state(whole), `${JSON.stringify(config)}, split ${seed}: the bits of train(4)`);
      split.dispose();
    }
    // An epoch left part-way is finished by train() and counts as one of its epochs.
    const mixed = lab.experiment(config);
    if (perEpoch > 1) assert.equal(mixed.trainSteps(1).epochEnded, false);
    mixed.train(3);
    mixed.trainSteps(MAX_INT);
    assert.deepEqual(state(mixed), state(whole));
    mixed.dispose();
    whole.dispose();
  }
});

test('trainSteps with a batch size changed part-way through an epoch applies it from the next batch', () => {
  const config = { points: 100, batchSize: 10, activations: ['relu'] };   // 50 training points
  const e = lab.experiment(config);
  assert.deepEqual(e.trainSteps(2), { batches: 2, epoch: 0, epochEnded: false });
  e.setTraining({ batchSize: 15 });
  // 30 points left in batches of 15.
  assert.deepEqual(e.trainSteps(MAX_INT), { batches: 2, epoch: 1, epochEnded: true });
  assert.deepEqual(e.trainSteps(MAX_INT), { batches: Math.ceil(50 / 15), epoch: 2, epochEnded: true });
  e.dispose();
});

test('trainSteps refuses a maxBatches that is not a whole number from 1 to 2147483647, and changes nothing', () => {
  const e = lab.experiment({ activations: ['relu', 'tanh'], points: 80, batchSize: 4 });
  const twin = lab.experiment({ activations: ['relu', 'tanh'], points: 80, batchSize: 4 });
  e.trainSteps(3);
  twin.trainSteps(3);
  for (const bad of [0, -1, NaN, 1.5, 1e12, Infinity, '3', null, undefined, 2 ** 31]) {
    assert.throws(() => e.trainSteps(bad), (err) => err instanceof LabError && err.field === 'maxBatches'
      && /^maxBatches must be a whole number from 1 to 2147483647 \(got /.test(err.message));
  }
  assert.deepEqual(e.trainSteps(MAX_INT), twin.trainSteps(MAX_INT));
  assert.deepEqual(state(e), state(twin));
  e.dispose();
  twin.dispose();
});
