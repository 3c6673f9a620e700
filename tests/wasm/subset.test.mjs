// The worker pool's premise (web/shared/pool.js): an experiment built with a subset of the
// activations gives each of its networks exactly the bits the full experiment gives that network
// (same data set, same starting weights, same batch order), so networks can be spread over
// workers. Full experiment vs one-network experiments (and a split in two halves): parameters,
// every epoch's record, summaries, a boundary and unit histories compared bit for bit after N
// epochs, over several configs (maxout, PReLU, Adam, momentum, SGD, custom widths, features,
// multi-class, regression, a live change of the training settings, a divergent learning rate).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab } from '../../build-wasm/relulab.mjs';

const lab = await loadReluLab();

const bits = (a) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
/** A record as its exact values (NaN-safe, -0-safe): float fields by their bits. */
const exact = (v) => JSON.stringify(v, (k, x) => (typeof x === 'number' ? (Object.is(x, -0) ? '-0' : Number.isNaN(x) ? 'NaN' : x) : x));

const CONFIGS = [
  { name: 'default (Adam, maxout k=2, PReLU)', config: {}, epochs: 20 },
  { name: 'maxout k=4, momentum, spiral3', config: { dataset: 'spiral3', maxoutK: 4, optimizer: 'momentum', learningRate: 0.05,
    activations: ['maxout', 'prelu', 'relu', 'selu', 'gelu'] }, epochs: 15 },
  { name: 'SGD, widths 6,3, features, bias 0.1', config: { dataset: 'xor', optimizer: 'sgd', learningRate: 0.1, hidden: [6, 3], biasInit: 0.1,
    features: ['x1', 'x2', 'x1x2'], activations: ['relu', 'leaky_relu', 'prelu', 'abs', 'softplus', 'silu', 'tanh'] }, epochs: 15 },
  { name: 'regression, batch 7, l1/l2', config: { dataset: 'abs1d', batchSize: 7, l1: 0.001, l2: 0.001,
    activations: ['linear', 'relu', 'elu', 'maxout', 'prelu'] }, epochs: 15 },
  { name: 'divergent learning rate', config: { learningRate: 10, optimizer: 'sgd', activations: ['relu', 'sigmoid', 'prelu', 'maxout', 'tanh', 'elu'] }, epochs: 8 },
];

/** Everything a page shows of network i, after training. */
function snapshot(e, i) {
  const layout = e.layout(i);
  const units = [];
  for (let l = 0; l < layout.length - 1; l++) for (let u = 0; u < Math.min(layout[l].units, 3); u++) units.push(e.unitHistory(i, l, u));
  return { params: bits(e.parameters(i)), history: exact(e.history(i)), summary: exact(e.summary()[i]),
    boundary: bits(e.boundary(i, 24)), units: exact(units) };
}

function trained(config, epochs, live) {
  const e = lab.experiment(config);
  e.train(Math.ceil(epochs / 2));
  if (live) e.setTraining(live);
  e.train(Math.floor(epochs / 2));
  return e;
}

for (const { name, config, epochs } of CONFIGS) {
  test(`subset experiments give each network the full experiment's bits: ${name}`, () => {
    const acts = config.activations ?? lab.defaults.activations;
    const live = { learningRate: (config.learningRate ?? 0.03) / 2 };
    const full = trained(config, epochs, live);
    const want = acts.map((_, i) => snapshot(full, i));
    full.dispose();
    // One network each.
    acts.forEach((a, i) => {
      const one = trained({ ...config, activations: [a] }, epochs, live);
      assert.deepEqual(snapshot(one, 0), want[i], `${a} (network ${i}) alone`);
      one.dispose();
    });
    // Two interleaved halves, as a pool of two workers might hold them.
    for (const half of [0, 1]) {
      const idx = acts.map((_, i) => i).filter((i) => i % 2 === half);
      const part = trained({ ...config, activations: idx.map((i) => acts[i]) }, epochs, live);
      idx.forEach((g, local) => assert.deepEqual(snapshot(part, local), want[g], `${acts[g]} (network ${g}) in half ${half}`));
      part.dispose();
    }
  });
}

test('the comparison can fail: another weight seed changes the bits', () => {
  const a = trained({ activations: ['relu'] }, 4, null);
  const b = trained({ activations: ['relu'], weightSeed: 2 }, 4, null);
  assert.notDeepEqual(snapshot(a, 0).params, snapshot(b, 0).params);
  a.dispose();
  b.dispose();
});
