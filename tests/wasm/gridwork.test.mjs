// web/worker/gridwork.js against the core: the boundary grid computed in small slices through a copy of
// each network is bit-for-bit experiment.boundary, for 2-D and 1-D data, every output kind,
// maxout, PReLU (shared slopes), non-default activation parameters, no hidden layer, and after
// training. The worker relies on this to stay responsive on 256 x 256 grids of big networks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab } from '../../build-wasm/relulab.mjs';
import { GridWork, gridPoints } from '../../web/worker/gridwork.js';

const lab = await loadReluLab();
const bits = (a) => new Uint32Array(a.buffer, a.byteOffset, a.length);

function check(config, resolution, epochs = 0) {
  const e = lab.experiment(config);
  if (epochs) e.train(epochs);
  const d = e.data();
  const work = new GridWork(lab, e, config, { dims: d.dims, classes: d.classes, output: d.output });
  for (let i = 0; i < e.size; i++) {
    const job = work.boundary(i, resolution);
    let steps = 0;
    while (!job.step(0)) steps++;                     // budget 0: one chunk per call
    const expected = e.boundary(i, resolution);
    assert.equal(job.values.length, expected.length, `${config.activations?.[i] ?? i}: length`);
    assert.deepEqual(bits(job.values), bits(expected), `network ${i} (${e.layout(i)[0].activation}): same bits`);
    const points = expected.length / e.layout(i).at(-1).units;
    if (e.layout(i).length > 1 && points > 256) assert.ok(steps > 0, 'computed in more than one slice');
  }
  work.dispose();
  e.dispose();
}

test('grid points are the core\'s: the corners of a 4 x 4 grid over [-6, 6]', () => {
  const xs = gridPoints(2, 4, 6, 0, 16);
  assert.deepEqual([xs[0], xs[1]], [-4.5, 4.5]);
  assert.deepEqual([xs[30], xs[31]], [4.5, -4.5]);
  assert.deepEqual(Array.from(gridPoints(1, 3, 6, 0, 3)), [-4, 0, 4]);
});

test('sliced boundaries equal experiment.boundary: default experiment, untrained and trained', () => {
  check({}, 64);
  check({}, 37, 3);
});

test('sliced boundaries equal experiment.boundary: multi-class, maxout k=3, shared PReLU, odd settings', () => {
  check({ dataset: 'spiral3', activations: ['maxout', 'prelu', 'elu', 'leaky_relu', 'gelu'], maxoutK: 3, preluShared: true,
    leakyA: 0.3, eluAlpha: 2.5, hidden: [5, 7, 3], init: 'glorot', biasInit: 0.5 }, 50, 2);
});

test('sliced boundaries equal experiment.boundary: 1-D regression, custom points, no hidden layer', () => {
  check({ dataset: 'square1d', activations: ['relu', 'softplus', 'selu'], hidden: [16, 16] }, 256, 2);
  check({ dataset: 'custom', classes: 3, batchSize: 1, activations: ['tanh', 'silu'],
    userPoints: [{ x: -3, y: 3, label: 0 }, { x: 3, y: 3, label: 1 }, { x: 0, y: -3, label: 2 }, { x: 1, y: 1, label: 2 }] }, 64, 3);
  check({ hidden: [], activations: ['relu', 'abs'] }, 32, 1);
});

test('the grid copies cost no memory once disposed', () => {
  const e = lab.experiment({ activations: ['relu', 'maxout'], points: 100 });
  const d = e.data();
  const cycle = () => {
    const work = new GridWork(lab, e, {}, { dims: d.dims, classes: d.classes, output: d.output });
    for (let i = 0; i < e.size; i++) { const job = work.boundary(i, 64); while (!job.step(1)); }
    work.dispose();
  };
  for (let i = 0; i < 5; i++) cycle();
  const used = lab.heapUsedBytes();
  for (let i = 0; i < 50; i++) cycle();
  assert.equal(lab.heapUsedBytes(), used);
  e.dispose();
});
