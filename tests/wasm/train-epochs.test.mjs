// network.trainEpochs (docs/API.md): whole epochs in one call, shuffled in the core. Checked against
// trainBatch where the order cannot matter (one sample), for determinism, per-epoch losses,
// divergence and refusals; and trainBatch's cached step options follow a mutated options object.
// Native equality of train_epochs itself is tests/native/test_network.cpp's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab, LabError } from '../../build-wasm/relulab.mjs';

const lab = await loadReluLab();
const config = { hidden: [6, 5], activations: ['relu'], weightSeed: 4 };
const bits = (a) => Array.from(new Uint32Array(Float32Array.from(a).buffer));

function data(n) {
  const xs = new Float32Array(2 * n), ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / n * 6;
    xs[2 * i] = Math.cos(t) * (1 + i % 3);
    xs[2 * i + 1] = Math.sin(t) * (2 - i % 2);
    ys[i] = (i * 7) % 3 === 0 ? 1 : 0;
  }
  return { xs, ys };
}

test('trainEpochs on one sample equals that many trainBatch calls, with every step option', () => {
  for (const options of [{ optimizer: 'sgd', learningRate: 0.2, l2: 0.01 }, { optimizer: 'momentum', momentum: 0.5 },
    { optimizer: 'adam', learningRate: 0.01, momentum: 0.8, l2: 0.001 }]) {
    const a = lab.network(config), b = lab.network(config);
    const losses = a.trainEpochs([0.3, -0.7], [1], { ...options, epochs: 5, batchSize: 3, shuffleSeed: 9 });
    const expected = [];
    for (let e = 0; e < 5; e++) expected.push(b.trainBatch([0.3, -0.7], [1], options));
    assert.ok(losses instanceof Float32Array);
    assert.deepEqual(bits(losses), bits(expected));
    assert.deepEqual(bits(a.parameters()), bits(b.parameters()));
    a.dispose();
    b.dispose();
  }
});

test('trainEpochs is deterministic, depends on the shuffle seed and returns each epoch\'s mean loss', () => {
  const { xs, ys } = data(57);
  const options = { epochs: 30, batchSize: 10, shuffleSeed: 3, optimizer: 'sgd', learningRate: 0.1 };
  const a = lab.network(config), b = lab.network(config), c = lab.network(config);
  const la = a.trainEpochs(xs, ys, options);
  const lb = b.trainEpochs(xs, ys, options);
  c.trainEpochs(xs, ys, { ...options, shuffleSeed: 4 });
  assert.equal(la.length, 30);
  assert.ok(la.every(Number.isFinite));
  assert.ok(la[29] < la[0], `loss went from ${la[0]} to ${la[29]}`);
  assert.deepEqual(bits(la), bits(lb));
  assert.deepEqual(bits(a.parameters()), bits(b.parameters()));
  assert.notDeepEqual(bits(a.parameters()), bits(c.parameters()));
  // Defaults: one epoch, seed 0, the core's batch size; a batch larger than the data is the data.
  assert.equal(a.trainEpochs(xs, ys).length, 1);
  assert.equal(a.trainEpochs(xs, ys, { batchSize: 2000 }).length, 1);
  for (const n of [a, b, c]) n.dispose();
});

test('trainEpochs stops at divergence: a non-finite entry, NaN after it, parameters finite', () => {
  const net = lab.network({ ...config, inputs: 1, output: 'regression' });
  const xs = Float32Array.from({ length: 16 }, (_, i) => i / 4 - 2);
  const ys = xs.map((x) => 1000 * x);
  const losses = net.trainEpochs(xs, ys, { epochs: 40, batchSize: 4, optimizer: 'sgd', learningRate: 10 });
  const at = losses.findIndex((v) => !Number.isFinite(v));
  assert.ok(at >= 0);
  assert.ok(losses.slice(at + 1).every(Number.isNaN));
  assert.ok(net.parameters().every(Number.isFinite));
  net.dispose();
});

test('trainEpochs refuses bad options with a LabError naming the field', () => {
  const net = lab.network(config);
  const refuses = (options, field, xs = [0, 0], ys = [1]) => assert.throws(() => net.trainEpochs(xs, ys, options),
    (e) => e instanceof LabError && e.field === field);
  refuses({ epochs: 0 }, 'epochs');
  refuses({ epochs: 1.5 }, 'epochs');
  refuses({ shuffleSeed: -1 }, 'shuffleSeed');
  refuses({ shuffleSeed: 2 ** 32 }, 'shuffleSeed');
  refuses({ batchSize: 0 }, 'batchSize');
  refuses({ batchSize: '10' }, 'batchSize');
  refuses({ learningRate: NaN }, 'learningRate');
  refuses({ bogus: 1 }, 'bogus');
  refuses({}, 'ys', [], []);
  refuses({}, 'xs', [0, 0, 0], [1]);
  assert.throws(() => net.trainEpochs([0, 0], [1], 3), LabError);
  net.dispose();
  assert.throws(() => net.trainEpochs([0, 0], [1], {}), /disposed/);
});

test('trainBatch with one options object changed in place uses the new values', () => {
  const { xs, ys } = data(20);
  const options = { optimizer: 'sgd', learningRate: 0.1 };
  const a = lab.network(config), b = lab.network(config);
  a.trainBatch(xs, ys, options);
  b.trainBatch(xs, ys, { optimizer: 'sgd', learningRate: 0.1 });
  options.learningRate = 0.5;
  options.l2 = 0.1;
  a.trainBatch(xs, ys, options);
  b.trainBatch(xs, ys, { optimizer: 'sgd', learningRate: 0.5, l2: 0.1 });
  delete options.l2;
  a.trainBatch(xs, ys, options);
  b.trainBatch(xs, ys, { optimizer: 'sgd', learningRate: 0.5 });
  assert.deepEqual(bits(a.parameters()), bits(b.parameters()));
  a.dispose();
  b.dispose();
});
