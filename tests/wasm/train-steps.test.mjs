// experiment.trainSteps (docs/API.md): any split of the batches and the records' blocks into
// calls gives the bits of train() (a seeded split and a fast-check property); the counts it
// returns follow from the training-set and test-set sizes and the batch size worked out here; a
// bad maxSteps is refused with its name and range and changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
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

/** Steps of an epoch's records: per network, blocks of 256 training samples, then of test samples. */
const recordSteps = (e) => {
  const d = e.data();
  return e.size * (Math.ceil(d.trainY.length / 256) + Math.ceil(d.testY.length / 256));
};

test('trainSteps in any split gives train() bit for bit, and counts batches, record blocks and epochs as worked out here', () => {
  const cases = [
    { activations: ['relu', 'prelu', 'maxout'], points: 120, batchSize: 7 },
    { dataset: 'spiral3', activations: ['elu', 'tanh'], points: 90, batchSize: 45, optimizer: 'momentum' },
    { dataset: 'abs1d', activations: ['relu'], points: 40, batchSize: 1, hidden: [4] },
    { points: 60, batchSize: 30, trainFraction: 0.5 },   // one batch of all 30 training points
    { points: 1100, batchSize: 50, trainFraction: 0.6, activations: ['relu', 'sigmoid'] },  // 3 + 2 record blocks each
  ];
  for (const config of cases) {
    const whole = lab.experiment(config);
    whole.train(4);
    const trainCount = whole.data().trainY.length;
    const perEpoch = Math.ceil(trainCount / config.batchSize);
    const pieces = recordSteps(whole);
    for (const seed of [1, 2, 3]) {
      const split = lab.experiment(config);
      const sizes = splits(seed, perEpoch);
      let batchesDone = 0, piecesDone = 0, epoch = 0, calls = 0;
      while (epoch < 4) {
        const max = sizes.next().value;
        const r = split.trainSteps(max);
        calls++;
        // Batches first, then the records' blocks; never past the end of the epoch in progress.
        const expected = Math.min(max, perEpoch - batchesDone);
        assert.equal(r.batches, expected, `${JSON.stringify(config)}: call ${calls} trains ${expected} batches`);
        batchesDone += r.batches;
        if (batchesDone === perEpoch) piecesDone += Math.min(max - r.batches, pieces - piecesDone);
        assert.equal(r.epochEnded, piecesDone === pieces);
        if (r.epochEnded) { epoch++; batchesDone = 0; piecesDone = 0; }
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

test('property: any sequence of trainSteps budgets gives the records and parameters of whole epochs', () => {
  const config = { dataset: 'spiral3', points: 700, trainFraction: 0.5, batchSize: 40, hidden: [6, 5], maxoutK: 3,
    activations: ['relu', 'maxout', 'tanh', 'prelu'] };
  const reference = lab.experiment(config);
  reference.train(3);
  const expected = state(reference);
  reference.dispose();
  fc.assert(fc.property(fc.array(fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 60 })),
    { minLength: 1, maxLength: 40 }), (budgets) => {
    const e = lab.experiment(config);
    try {
      let k = 0;
      while (e.summary()[0].epoch < 3) {
        const before = e.summary();
        const r = e.trainSteps(budgets[k++ % budgets.length]);
        if (!r.epochEnded) assert.deepEqual(e.summary(), before, 'the summaries move only when an epoch ends');
      }
      assert.deepEqual(state(e), expected);
    } finally {
      e.dispose();
    }
  }), { seed: 20261205, numRuns: 25 });
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

test('trainSteps refuses a maxSteps that is not a whole number from 1 to 2147483647, and changes nothing', () => {
  const e = lab.experiment({ activations: ['relu', 'tanh'], points: 80, batchSize: 4 });
  const twin = lab.experiment({ activations: ['relu', 'tanh'], points: 80, batchSize: 4 });
  e.trainSteps(3);
  twin.trainSteps(3);
  for (const bad of [0, -1, NaN, 1.5, 1e12, Infinity, '3', null, undefined, 2 ** 31]) {
    assert.throws(() => e.trainSteps(bad), (err) => err instanceof LabError && err.field === 'maxSteps'
      && /^maxSteps must be a whole number from 1 to 2147483647 \(got /.test(err.message));
  }
  assert.deepEqual(e.trainSteps(MAX_INT), twin.trainSteps(MAX_INT));
  assert.deepEqual(state(e), state(twin));
  e.dispose();
  twin.dispose();
});
