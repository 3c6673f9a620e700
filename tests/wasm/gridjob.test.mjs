// experiment.gridJob (docs/API.md) on the real module: in steps of any size its boundary is
// experiment.boundary bit for bit, and both are one predict per grid point of a copy of the network
// at grid coordinates written out here; its unit maps are unitMap per unit and a forward pass in
// double written out here; its snapshot stays at its epoch while the experiment trains between
// steps or is disposed. Refusals are in gridjob-hostile.test.mjs, trainSteps in train-steps.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab } from '../../build-wasm/relulab.mjs';

const lab = await loadReluLab();
const bits = (a) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const MAX_INT = 2147483647;

/** Grid point `cell` of an R x R grid (or R points in 1-D) over [-6, 6], in float32 as documented:
 *  x = -6 + (c + 0.5) * 12/R, y = 6 - (r + 0.5) * 12/R, rows from the top. */
function gridPoint(dims, R, cell) {
  const f = Math.fround;
  const step = f(12 / R);
  const at = (i) => f(-6 + f((i + 0.5) * step));
  return dims === 1 ? [at(cell)] : [at(cell % R), -at(Math.floor(cell / R))];
}
const cellsOf = (dims, R) => (dims === 1 ? R : R * R);

/** Steps a job to its end `points` at a time; the number of calls. */
function run(job, points) {
  let calls = 1;
  while (!job.step(points)) calls++;
  return calls;
}

/** A lab.network with network i's layout and parameters (as the worker's old GridWork built it). */
function copyOf(e, config, i) {
  const d = e.data();
  const full = { ...lab.defaults, ...config };
  const base = Object.fromEntries(Object.keys(lab.networkDefaults).filter((k) => k in full).map((k) => [k, full[k]]));
  const net = lab.network({ ...base, activations: [e.layout(i)[0].activation], inputs: d.dims, output: d.output,
    classes: d.output === 'multiclass' ? d.classes : 2 });
  assert.deepEqual(net.layout, e.layout(i));
  net.setParameters(e.parameters(i));
  return net;
}

const configs = [
  [{ points: 200 }, 23, 2],
  [{ dataset: 'spiral3', activations: ['maxout', 'prelu', 'elu'], maxoutK: 3, preluShared: true, hidden: [5, 7, 3],
    points: 150 }, 17, 2],
  [{ dataset: 'square1d', activations: ['relu', 'softplus'], hidden: [16, 16], points: 100 }, 300 % 257, 1],
  [{ hidden: [], activations: ['relu', 'abs'], points: 80 }, 9, 1],
];

test('a grid job in steps of any size gives experiment.boundary, and both a predict per grid point', () => {
  for (const [config, R, epochs] of configs) {
    const e = lab.experiment(config);
    e.train(epochs);
    const d = e.data();
    for (let i = 0; i < e.size; i++) {
      const expected = e.boundary(i, R);
      for (const points of [1, 7, 256, 1000, MAX_INT]) {
        const job = e.gridJob(i, { resolution: R });
        assert.equal(job.epoch, epochs);
        const calls = run(job, points);
        if (points === 1) assert.ok(calls >= Math.min(cellsOf(d.dims, R), 2), 'one point per call at points = 1');
        assert.deepEqual(bits(job.boundary()), bits(expected), `${JSON.stringify(config)} network ${i}, steps of ${points}`);
        job.dispose();
      }
      // The independent reference: a copy of the network predicting the documented grid points.
      const net = copyOf(e, config, i);
      const xs = new Float32Array(cellsOf(d.dims, R) * d.dims);
      for (let c = 0; c < cellsOf(d.dims, R); c++) xs.set(gridPoint(d.dims, R, c), c * d.dims);
      assert.deepEqual(bits(net.predict(xs)), bits(expected), `network ${i}: one predict per documented grid point`);
      net.dispose();
    }
    e.dispose();
  }
});

/** Hidden units' outputs at x, in double, from the parameter layout (relu, abs, tanh, leaky only). */
function hiddenOutputs(layout, params, x, leakyA) {
  const g = { relu: (z) => Math.max(0, z), abs: Math.abs, tanh: Math.tanh, leaky_relu: (z) => (z > 0 ? z : leakyA * z) };
  const out = [];
  let h = x;
  for (const l of layout.slice(0, -1)) {
    const next = [];
    for (let u = 0; u < l.units; u++) {
      let z = params[l.biasOffset + u];
      for (let k = 0; k < l.inputs; k++) z += params[l.weightOffset + u * l.inputs + k] * h[k];
      next.push(g[l.activation](z));
    }
    out.push(next);
    h = next;
  }
  return out;
}

test('unit maps: one array per hidden unit, layer by layer, equal to unitMap and to a forward pass in double', () => {
  for (const [config, T] of [[{ activations: ['relu', 'abs', 'tanh', 'leaky_relu'], hidden: [6, 4, 3], points: 120 }, 11],
    [{ dataset: 'abs1d', activations: ['relu', 'tanh'], hidden: [5, 2], points: 60 }, 40]]) {
    const e = lab.experiment(config);
    e.train(3);
    const d = e.data();
    for (let i = 0; i < e.size; i++) {
      const layout = e.layout(i);
      const job = e.gridJob(i, { resolution: 4, thumbResolution: T });
      run(job, 5);
      const maps = job.unitMaps();
      assert.deepEqual(maps.map((units) => units.length), layout.slice(0, -1).map((l) => l.units));
      const params = e.parameters(i);
      const refs = Array.from({ length: cellsOf(d.dims, T) }, (_, c) =>
        hiddenOutputs(layout, params, gridPoint(d.dims, T, c), lab.defaults.leakyA));
      maps.forEach((units, l) => units.forEach((map, u) => {
        assert.ok(map instanceof Float32Array);
        assert.equal(map.length, cellsOf(d.dims, T));
        assert.deepEqual(bits(map), bits(e.unitMap(i, l, u, T)), `network ${i} layer ${l} unit ${u}: unitMap`);
        map.forEach((v, c) => {
          const ref = refs[c][l][u];
          assert.ok(Math.abs(v - ref) <= 1e-5 * (1 + Math.abs(ref)), `network ${i} (${l}, ${u}) cell ${c}: ${v} vs ${ref}`);
        });
      }));
      job.dispose();
    }
    e.dispose();
  }
});

test('a job without hidden layers has no unit maps; unit maps and diagnostics only when asked for', () => {
  const e = lab.experiment({ hidden: [], activations: ['relu'], points: 50 });
  const job = e.gridJob(0, { resolution: 5, thumbResolution: 5, diagnostics: true });
  assert.equal(job.step(MAX_INT), true);
  assert.deepEqual(job.unitMaps(), []);
  assert.equal(job.diagnostics().totalUnits, 0);
  assert.deepEqual([job.index, job.resolution, job.thumbResolution, job.epoch], [0, 5, 5, 0]);
  const p = lab.experiment({ points: 50 });
  const plain = p.gridJob(1);   // defaults: resolution 100, nothing else
  assert.equal(plain.resolution, lab.settings.resolution.default);
  assert.equal(plain.step(MAX_INT), true);
  assert.equal(plain.boundary().length, lab.settings.resolution.default ** 2);
  assert.deepEqual(plain.unitMaps().map((units) => units.map((map) => map.length)), [Array(8).fill(0), Array(8).fill(0)]);
  assert.equal(plain.diagnostics(), null);
  // Reading a result before the job is done finishes it first.
  const d = lab.experiment({ points: 50 });
  const early = d.gridJob(1, { resolution: 40, thumbResolution: 3 });
  assert.equal(early.step(1), false);
  const maps = early.unitMaps();
  assert.equal(early.step(1), true);
  assert.deepEqual(bits(early.boundary()), bits(d.boundary(1, 40)));
  assert.deepEqual(maps.flat().map(bits), early.unitMaps().flat().map(bits));
  early.dispose();
  d.dispose();
  plain.dispose();
  p.dispose();
  job.dispose();
  e.dispose();
});

/** Everything a job gives, as bits (diagnostics without gradNorm: a job computes no gradients). */
function snapshot(job) {
  const { layers, ...totals } = job.diagnostics();
  return { epoch: job.epoch, boundary: bits(job.boundary()), maps: job.unitMaps().flat().map(bits), totals,
    layers: layers.map(({ gradNorm, ...rest }) => rest) };
}

test('the snapshot stays at its epoch while the experiment trains, or is disposed, between steps', () => {
  const config = { activations: ['relu', 'maxout', 'prelu'], points: 300, hidden: [8, 8] };
  const request = { resolution: 30, thumbResolution: 12, diagnostics: true };
  const reference = lab.experiment(config);
  reference.train(2);
  const e = lab.experiment(config);
  e.train(2);
  const moving = Array.from({ length: e.size }, (_, i) => e.gridJob(i, request));
  let steps = 0;
  for (let done = false; !done; steps++) {
    done = moving.map((job) => job.step(100)).every(Boolean);
    e.train(1);
    e.trainSteps(3);
  }
  assert.ok(steps > 5, 'training went on between many steps');
  for (let i = 0; i < e.size; i++) {
    const quiet = reference.gridJob(i, request);
    run(quiet, MAX_INT);
    assert.equal(moving[i].epoch, 2);
    assert.deepEqual(snapshot(moving[i]), snapshot(quiet), `network ${i}: the job's results belong to epoch 2`);
    // Its diagnostics are the experiment's at that epoch (apart from the gradient norms).
    const { layers, ...totals } = reference.diagnostics(i);
    assert.deepEqual(snapshot(quiet).totals, totals);
    assert.deepEqual(snapshot(quiet).layers, layers.map(({ gradNorm, ...rest }) => rest));
    quiet.dispose();
    moving[i].dispose();
  }
  assert.ok(e.summary()[0].epoch > 2);
  // Disposing the experiment first leaves a job working, with the same results.
  const early = reference.gridJob(2, request);
  const expected = reference.gridJob(2, request);
  run(expected, MAX_INT);
  early.step(10);
  reference.dispose();
  run(early, 37);
  assert.deepEqual(snapshot(early), snapshot(expected));
  early.dispose();
  expected.dispose();
  e.dispose();
});

test('many jobs at once are independent and cost nothing once disposed', () => {
  const e = lab.experiment({ activations: ['relu', 'tanh'], points: 100, hidden: [4] });
  const cycle = (n) => {
    const jobs = Array.from({ length: n }, (_, k) => e.gridJob(k % 2, { resolution: 8 + (k % 5), thumbResolution: 6, diagnostics: k % 3 === 0 }));
    jobs.forEach((job, k) => job.step(1 + k));
    jobs.forEach((job) => run(job, 50));
    jobs.forEach((job, k) => assert.deepEqual(bits(job.boundary()), bits(e.boundary(k % 2, 8 + (k % 5)))));
    jobs.forEach((job) => job.dispose());
  };
  cycle(200);   // the job table grows to its size once
  const used = lab.heapUsedBytes();
  for (let i = 0; i < 10; i++) cycle(200);
  assert.equal(lab.heapUsedBytes(), used);
  e.dispose();
});

test('pre maps: a first-layer unit\'s z is w.x + b at each grid point, a maxout unit\'s is the piece whose z is its map; refused when not a boolean', () => {
  const e = lab.experiment({ dataset: 'xor', points: 100, hidden: [3, 2], activations: ['relu', 'maxout'], maxoutK: 3 });
  e.train(2);
  const T = 7;
  for (let i = 0; i < 2; i++) {
    const job = e.gridJob(i, { resolution: 2, thumbResolution: T, pre: true });
    const pre = job.preMaps();
    const maps = job.unitMaps();
    const p = e.parameters(i);
    const l0 = e.layout(i)[0];
    assert.equal(pre.length, 2);
    assert.deepEqual(pre.map((layer) => layer.length), [3, 2]);
    let checked = 0;
    for (let u = 0; u < 3; u++) {
      for (let cell = 0; cell < T * T; cell++) {
        const [x1, x2] = gridPoint(2, T, cell);
        const z = (k) => { const row = u * l0.pieces + k; return p[l0.biasOffset + row] + p[l0.weightOffset + row * 2] * x1 + p[l0.weightOffset + row * 2 + 1] * x2; };
        const got = pre[0][u][cell];
        if (l0.pieces === 1) {
          assert.ok(Math.abs(got - z(0)) <= 1e-5 * (1 + Math.abs(z(0))), `unit ${u} cell ${cell}: ${got} vs ${z(0)}`);
        } else {
          assert.ok(Number.isInteger(got) && got >= 0 && got < l0.pieces, `a piece index (got ${got})`);
          // The winner's z is the unit's output, and no piece is larger.
          assert.ok(Math.abs(maps[0][u][cell] - z(got)) <= 1e-5 * (1 + Math.abs(z(got))));
          for (let k = 0; k < l0.pieces; k++) assert.ok(z(k) <= z(got) + 1e-5);
        }
        checked++;
      }
    }
    assert.equal(checked, 3 * T * T);
    job.dispose();
    const plain = e.gridJob(i, { resolution: 2, thumbResolution: T });
    assert.equal(plain.preMaps(), null);
    plain.dispose();
  }
  assert.throws(() => e.gridJob(0, { resolution: 2, thumbResolution: T, pre: 'yes' }), /pre/);
  e.dispose();
});
