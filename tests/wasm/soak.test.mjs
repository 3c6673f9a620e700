// Long runs of the wasm module in Node: memory stays flat and no value turns NaN unless the core
// reports a divergence.
//
// A "step" is one mini-batch optimiser update of one network (Network::train_batch). The default
// experiment has 250 training points and batch size 10: 25 steps per epoch for each of its eight
// networks. 10^6 steps of every network (40,000 lockstep epochs, 8 x 10^6 updates) took 124 s
// through network.trainEpochs and would take about 90 s more through Experiment.train (which also
// records diagnostics every epoch) on the 2-core machine — too slow for every test run. So:
// - 10^6 steps in total over the default experiment's eight networks (125,000 each, on its data,
//   whole epochs per network.trainEpochs call), and one ReLU network for 10^6 trainBatch calls
//   in a tight JS loop (every step crosses the JS/wasm boundary);
// - the experiment itself for 4,000 epochs (10^5 steps per network) with its records;
// - learning rate 10 on every activation for 2,000 epochs.
// About a minute in all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab } from '../../build-wasm/relulab.mjs';

const lab = await loadReluLab();
const heap = () => ({ memory: lab.heapBytes(), used: lab.heapUsedBytes() });
const allFinite = (a) => a.every(Number.isFinite);
const STEPS = 1_000_000;
const defaults = lab.defaults;
const data = (() => {
  const e = lab.experiment({});
  const d = e.data();
  e.dispose();
  return d;
})();
const netConfig = (activation) => ({ ...lab.networkDefaults, hidden: defaults.hidden, activations: [activation],
  maxoutK: defaults.maxoutK, init: defaults.init, weightSeed: defaults.weightSeed });
const trainOptions = { optimizer: defaults.optimizer, learningRate: defaults.learningRate, momentum: defaults.momentum,
  l2: defaults.l2 };

test('10^6 steps over the default experiment\'s eight networks: flat heap, finite values', () => {
  const { trainX, trainY } = data;
  const batchSize = defaults.batchSize;
  const stepsPerEpoch = Math.ceil(trainY.length / batchSize);
  assert.equal(stepsPerEpoch, 25, '250 training points in batches of 10');
  const perNetwork = STEPS / defaults.activations.length;
  const chunk = 1000;                                  // epochs per call: 25,000 steps
  const started = performance.now();
  for (const activation of defaults.activations) {
    const net = lab.network(netConfig(activation));
    let steps = 0, before = null, diverged = false;
    for (let call = 0; steps < perNetwork && !diverged; call++) {
      const losses = net.trainEpochs(trainX, trainY, { ...trainOptions, epochs: chunk, batchSize, shuffleSeed: call + 1 });
      steps += chunk * stepsPerEpoch;
      const params = net.parameters();
      if (!allFinite(losses)) {
        // The core stopped at the first step that would not be finite: a reported divergence,
        // and the parameters are those from before it.
        diverged = true;
        assert.ok(allFinite(params), `${activation}: parameters stay finite after a divergence`);
        continue;
      }
      assert.ok(allFinite(params), `${activation}: finite parameters after ${steps} steps`);
      assert.ok(allFinite(net.predict(trainX)), `${activation}: finite predictions after ${steps} steps`);
      if (call === 0) before = heap();                // after warm-up: workspaces at full size
      else assert.deepEqual(heap(), before, `${activation}: heap flat after ${steps} steps`);
    }
    assert.ok(diverged || steps >= perNetwork, `${activation}: ${steps} steps`);
    net.dispose();
  }
  console.log(`# ${defaults.activations.length} networks x ${perNetwork} steps in ${((performance.now() - started) / 1000).toFixed(1)} s`);
});

test('one ReLU network, 10^6 trainBatch calls in a JS loop: flat heap, finite values', () => {
  const { trainX, trainY } = data;
  const batchSize = defaults.batchSize;
  const n = trainY.length;
  // Batches in a fixed shuffled order (the same each pass), copied once: the loop only calls.
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1, s = 12345; i > 0; i--) { s = (s * 1103515245 + 12345) >>> 0; const j = s % (i + 1); [order[i], order[j]] = [order[j], order[i]]; }
  const batches = [];
  for (let start = 0; start < n; start += batchSize) {
    const rows = order.slice(start, start + batchSize);
    batches.push([Float32Array.from(rows.flatMap((r) => [trainX[2 * r], trainX[2 * r + 1]])), Float32Array.from(rows.map((r) => trainY[r]))]);
  }
  const net = lab.network(netConfig('relu'));
  const started = performance.now();
  let before = null, diverged = 0;
  for (let step = 0; step < STEPS; step++) {
    const [xs, ys] = batches[step % batches.length];
    const loss = net.trainBatch(xs, ys, trainOptions);
    if (!Number.isFinite(loss)) diverged += 1;       // refused step: nothing changed
    if ((step + 1) % 100_000 === 0) {
      assert.ok(allFinite(net.parameters()), `finite parameters after ${step + 1} steps`);
      if (step + 1 === 100_000) before = heap();
      else assert.deepEqual(heap(), before, `heap flat after ${step + 1} steps`);
    }
  }
  assert.equal(diverged, 0, 'no step refused at the default learning rate');
  assert.ok(allFinite(net.predict(trainX)));
  net.dispose();
  console.log(`# relu: ${STEPS} trainBatch calls in ${((performance.now() - started) / 1000).toFixed(1)} s`);
});

test('the default experiment for 4,000 epochs: memory grows only by its per-epoch records, freed on dispose', () => {
  const baseline = heap();
  const e = lab.experiment({});
  e.train(50);                                         // warm-up, workspaces included:
  for (let i = 0; i < e.size; i++) { e.boundary(i, 16); e.parameters(i); }
  e.summary();
  const warm = heap();
  const epochs = 4000;
  const started = performance.now();
  let records = 0;
  for (let done = 0; done < epochs; done += 250) {
    e.train(250);
    records += 250;
    const summary = e.summary();
    summary.forEach((s, i) => {
      if (s.diverged) return;
      assert.equal(s.epoch, 50 + done + 250);
      const l = s.latest;
      assert.ok([l.trainLoss, l.testLoss, l.trainAccuracy, l.testAccuracy].every(Number.isFinite), `${s.activation}: finite record`);
      assert.ok(allFinite(e.parameters(i)), `${s.activation}: finite parameters`);
      assert.ok(allFinite(e.boundary(i, 16)), `${s.activation}: finite boundary`);
    });
    // The history is the only thing that grows (40 bytes per record and network in the core's
    // vectors, whose capacity doubles): at most 2 x (all records) x networks x 64 bytes.
    const grown = heap().used - warm.used;
    assert.ok(grown <= 2 * (51 + records) * e.size * 64, `used heap grew ${grown} bytes for ${records} epochs`);
  }
  const ms = performance.now() - started;
  const history = e.history(0);
  assert.equal(history.length, 1 + 50 + epochs);
  e.dispose();
  // Freed on dispose, except the API's reusable output buffer, now sized for that history
  // (4,051 records of 10 numbers as float64, capacity rounded up): a second experiment leaves
  // nothing behind.
  const after = heap().used;
  assert.ok(after - baseline.used <= 2 * history.length * 10 * 8, `${after - baseline.used} bytes kept after dispose`);
  const again = lab.experiment({});
  again.train(10);
  again.history(0);
  again.dispose();
  assert.equal(heap().used, after, 'nothing kept per experiment');
  console.log(`# experiment: ${epochs} epochs x 8 networks in ${(ms / 1000).toFixed(1)} s`);
});

test('learning rate 10 for 2,000 epochs on every activation: diverged networks stop, the others stay finite', () => {
  const e = lab.experiment({ optimizer: 'sgd', learningRate: 10, activations: lab.activations.map((a) => a.id) });
  let first = null;
  for (let done = 0; done < 2000; done += 200) {
    e.train(200);
    const summary = e.summary();
    first ??= summary;
    summary.forEach((s, i) => {
      if (s.diverged) {
        assert.ok(s.divergedEpoch >= 1 && s.divergedEpoch <= done + 200, `${s.activation}: diverged at an epoch`);
        if (first[i].diverged) assert.equal(s.divergedEpoch, first[i].divergedEpoch, 'a diverged network stays stopped');
        return;
      }
      const l = s.latest;
      assert.ok([l.trainLoss, l.testLoss].every(Number.isFinite), `${s.activation}: finite losses`);
      assert.ok(allFinite(e.parameters(i)), `${s.activation}: finite parameters`);
    });
  }
  const summary = e.summary();
  assert.ok(summary.some((s) => s.diverged) && summary.some((s) => !s.diverged), 'some diverge, some survive');
  e.dispose();
});
