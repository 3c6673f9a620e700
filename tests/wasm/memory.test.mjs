// The wasm heap does not grow with use: after a warm-up, 100,000 trainBatch calls and 1,000
// create/dispose cycles of experiments and networks leave both the wasm memory size
// (lab.heapBytes) and the bytes malloc has handed out (lab.heapUsedBytes) exactly unchanged.
// Also checks that arrays handed out stay valid when the heap grows (they are copies).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab } from '../../build-wasm/relulab.mjs';

const lab = await loadReluLab();

function heap() {
  return { memory: lab.heapBytes(), used: lab.heapUsedBytes() };
}

test('100,000 trainBatch calls leave the heap unchanged', () => {
  const net = lab.network({ hidden: [8, 8], activations: ['relu'] });
  const xs = new Float32Array(20).map((_, i) => Math.sin(i));
  const ys = new Float32Array(10).map((_, i) => i % 2);
  const step = (i) => net.trainBatch(xs, ys, i % 1000 === 0 ? { optimizer: 'adam', learningRate: 0.001 } : { learningRate: 0.01 });
  for (let i = 0; i < 2000; i++) step(i);          // warm-up: workspaces reach their size
  net.predict(xs);
  net.diagnostics(xs, ys);
  const before = heap();
  for (let i = 0; i < 100000; i++) step(i);
  net.predict(xs);
  net.diagnostics(xs, ys);
  assert.deepEqual(heap(), before);
  net.dispose();
});

test('1,000 experiment and network create/dispose cycles leave the heap unchanged', () => {
  const cycle = () => {
    const e = lab.experiment({ activations: ['relu', 'maxout', 'prelu'], points: 100 });
    e.train(1);
    e.boundary(0, 8);
    e.unitMap(1, 0, 0, 8);
    e.diagnostics(2);
    e.history(0);
    e.data();
    e.setTraining({ learningRate: 0.01 });
    e.dispose();
    const n = lab.network({ hidden: [4], output: 'multiclass', classes: 3 });
    n.trainBatch([0, 1], [2]);
    n.dispose();
    lab.activation('gelu').curve(new Float32Array(64));
    try { lab.experiment({ hidden: [0] }); } catch { /* refused configs must not leak either */ }
  };
  for (let i = 0; i < 20; i++) cycle();
  const before = heap();
  for (let i = 0; i < 1000; i++) cycle();
  assert.deepEqual(heap(), before);
});

test('arrays handed out are copies that survive heap growth', async () => {
  const own = await loadReluLab();                  // a fresh instance with a small heap
  const e = own.experiment({ activations: ['relu'], points: 100 });
  const params = e.parameters(0);
  const grid = e.boundary(0, 16);
  const copy = Float32Array.from(params);
  const memory = own.heapBytes();
  const big = [];
  while (own.heapBytes() === memory) big.push(own.experiment({ points: 2000, hidden: [64, 64, 64] }));
  assert.ok(own.heapBytes() > memory);
  assert.equal(params.length, copy.length);        // not detached
  assert.deepEqual(params, copy);
  assert.equal(grid.length, 256);
  assert.deepEqual(e.parameters(0), copy);
  big.forEach((x) => x.dispose());
  e.dispose();
});
