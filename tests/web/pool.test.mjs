// web/shared/pool.js in Node: the pure parts (partition, frame narrowing and assembly, the
// `workers` setting in a link, in the host API and its count) and the pool itself driving stand-in
// workers that hold real experiments of the built module (a subset of the activations each), so
// the lockstep rounds, Play/Pause/Step, stopAt, frames of one epoch and the routing of per-network
// requests are checked against the full experiment's own numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.RELULAB_DIST ?? join(root, 'dist');
const imp = (p) => import(pathToFileURL(join(dist, p)).href);
const { loadReluLab } = await imp('wasm/relulab.mjs');
const { WorkerPool, partition, networkCost, assembleFrame, narrowFrame, parseWorkers, workerCount, globalField, MAX_WORKERS } = await imp('shared/pool.js');
const { TO_WORKER, TO_PAGE, tablesOf } = await imp('shared/protocol.js');
const { parseUrl, serialize, defaultState } = await imp('shared/urlstate.js');
const { validate } = await imp('lab/host-api.js').catch(() => ({}));

const lab = await loadReluLab();
const tables = tablesOf(lab);

test('partition: every network once, no empty group, the slowest worker near the best split in both epoch and frame', () => {
  const acts = ['relu', 'leaky_relu', 'prelu', 'elu', 'abs', 'maxout', 'tanh', 'sigmoid'];
  for (const parts of [1, 2, 3, 4, 8, 12]) {
    const g = partition(acts, parts, 2);
    assert.equal(g.length, Math.min(parts, acts.length));
    assert.deepEqual(g.flat().sort((a, b) => a - b), acts.map((_, i) => i));
    for (const x of g) assert.ok(x.length > 0 && x.every((v, i) => i === 0 || v > x[i - 1]), 'ascending, not empty');
  }
  assert.deepEqual(partition(['relu'], 4), [[0]]);
  // Against the best two-way split found by trying all 2^n of them (the worst of the two workers'
  // shares of epoch and of frame work): the same worst share, on the full list and on pseudo-random lists.
  const ids = lab.activations.map((a) => a.id);
  const worst = (groups, list, k) => Math.max(...[0, 1].map((d) => {
    const total = list.reduce((s, a) => s + networkCost(a, k)[d], 0);
    return Math.max(...groups.map((x) => x.reduce((s, i) => s + networkCost(list[i], k)[d], 0))) / total;
  }));
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lists = [ids, ...Array.from({ length: 12 }, () => Array.from({ length: 3 + Math.floor(rand() * 10) }, () => ids[Math.floor(rand() * ids.length)]))];
  for (const list of lists) {
    for (const k of [2, 8]) {
      let best = Infinity;
      for (let m = 1; m < (1 << list.length) - 1; m++) {
        const a = [], b = [];
        list.forEach((_, i) => ((m >> i) & 1 ? a : b).push(i));
        best = Math.min(best, worst([a, b], list, k));
      }
      const got = worst(partition(list, 2, k), list, k);
      assert.ok(got <= best + 1e-12, `${list} k=${k}: ${got} vs best ${best}`);
    }
  }
  // The largest experiment (13 activations, maxout k = 8) on two workers: each does at most 52 %
  // of an epoch's and of a frame's work (a speed-up of at least 1.92 if the costs hold).
  assert.ok(worst(partition(ids, 2, 8), ids, 8) <= 0.52);
});

test('frames: a request narrowed to each part, the parts assembled in global order', () => {
  const req = { type: TO_WORKER.FRAME, runId: 3, resolution: 10, thumbResolution: 0, indices: [0, 3, 4], regions: [4] };
  assert.deepEqual(narrowFrame(req, [1, 4]), { ...req, indices: [1], regions: [1] });
  assert.deepEqual(narrowFrame({ ...req, indices: null }, [1, 4]).indices, null);
  const f = (tag, n) => ({ boundaries: Array.from({ length: n }, (_, i) => `${tag}b${i}`), diagnostics: Array.from({ length: n }, (_, i) => `${tag}d${i}`),
    regions: Array(n).fill(null), summaries: Array.from({ length: n }, (_, i) => `${tag}s${i}`), thumbs: null, workerMs: n });
  const out = assembleFrame([{ indices: [0, 2], msg: f('A', 2) }, { indices: [1, 3, 4], msg: f('B', 3) }], 5, { runId: 3, epoch: 7, resolution: 10 });
  assert.deepEqual(out.boundaries, ['Ab0', 'Bb0', 'Ab1', 'Bb1', 'Bb2']);
  assert.deepEqual(out.summaries, ['As0', 'Bs0', 'As1', 'Bs1', 'Bs2']);
  assert.equal(out.epoch, 7);
  assert.equal(out.workerMs, 3);
  assert.equal(out.thumbs, null);
  assert.equal(globalField('activations[1] is bad', [2, 5]), 'activations[5] is bad');
});

test('the workers setting: auto or 1..8; in a link it is listed with its range when bad', () => {
  for (const v of ['auto', '1', '8', 3]) assert.equal(parseWorkers(v).error, undefined, String(v));
  for (const v of ['0', '9', '2.5', '-1', '', 'AUTO', '1e0', ' 2', 2.5, null]) assert.match(parseWorkers(v).error, /workers must be "auto" or a whole number from 1 to 8/, String(v));
  assert.equal(MAX_WORKERS, 8);
  assert.equal(workerCount('auto', 8), 7);
  assert.equal(workerCount('auto', 2), 1);
  assert.equal(workerCount('auto', 1), 1);
  assert.equal(workerCount('auto', undefined), 1);
  assert.equal(workerCount(3, 1), 3);
  assert.equal(parseUrl('workers=2', tables).page.workers, 2);
  assert.equal(parseUrl('', tables).page.workers, 'auto');
  const bad = parseUrl('workers=12', tables);
  assert.equal(bad.page.workers, 'auto');
  assert.deepEqual(bad.ignored.map((i) => [i.param, i.reason, i.vars.max]), [['workers', 'reasonWorkers', 8]]);
  const page = parseUrl('workers=3', tables).page;
  assert.match(serialize(defaultState(tables), page, tables), /(^|&)workers=3(&|$)/);
  assert.doesNotMatch(serialize(defaultState(tables), parseUrl('', tables).page, tables), /workers/);
});

test('the host API validates the workers command', { skip: !validate && 'host-api.js needs a window' }, () => {
  const m = (x) => validate({ protocol: 'relulab', version: 1, command: 'workers', ...x }, () => ({}));
  assert.equal(m({ workers: 2 }).workers, 2);
  assert.equal(m({ workers: 'auto' }).workers, 'auto');
  assert.match(m({ workers: 0 }).error, /1 to 8/);
  assert.match(m({}).error, /workers/);
});

// ---- the pool driving stand-in workers: each holds a real experiment of its share

/** A worker stand-in: answers START, STEP, FRAME, SET_TRAINING and UNIT_MAP like worker.js, from a
 *  real experiment, asynchronously. */
class FakeWorker {
  constructor() {
    this.onmessage = null;
    this.run = null;
    setImmediate(() => this.post({ type: TO_PAGE.READY, tables }));
  }
  post(msg) { setImmediate(() => this.onmessage?.({ data: msg })); }
  terminate() { this.run?.e.dispose(); this.run = null; this.onmessage = null; }
  body() {
    const { e, runId } = this.run;
    const histories = Array.from({ length: e.size }, (_, i) => e.history(i, this.run.sent + 1));
    this.run.sent = this.run.epoch;
    return { runId, epoch: this.run.epoch, playing: false, playSeq: 0, summaries: e.summary(), histories, msPerEpoch: 1 };
  }
  postMessage(msg) {
    switch (msg.type) {
      case TO_WORKER.START: {
        this.run?.e.dispose();
        const e = lab.experiment(msg.config);
        this.run = { e, runId: msg.runId, epoch: 0, sent: -1 };
        const d = e.data();
        return this.post({ type: TO_PAGE.STARTED, ...this.body(), data: { trainY: d.trainY, testY: d.testY, dims: d.dims },
          shape: Array.from({ length: e.size }, (_, i) => e.layout(i).slice(0, -1).map((l) => l.units)), inputs: 2 });
      }
      case TO_WORKER.STEP: {
        this.post({ type: TO_PAGE.PROGRESS, ...this.body() });   // the acknowledgement
        let left = msg.epochs;
        const one = () => {   // one epoch at a time, so rounds interleave between workers
          if (!this.run) return;
          if (this.run.e.summary().every((s) => s.diverged)) left = 0;
          if (left-- <= 0) return;
          this.run.e.train(1);
          this.run.epoch += 1;
          this.post({ type: TO_PAGE.PROGRESS, ...this.body() });
          setImmediate(one);
        };
        return setImmediate(one);
      }
      case TO_WORKER.FRAME: {
        const e = this.run.e;
        const want = new Set(msg.indices ?? Array.from({ length: e.size }, (_, i) => i));
        const boundaries = Array.from({ length: e.size }, (_, i) => (want.has(i) ? e.boundary(i, msg.resolution) : null));
        return this.post({ type: TO_PAGE.FRAME, runId: this.run.runId, epoch: this.run.epoch, resolution: msg.resolution, boundaries,
          diagnostics: boundaries.map(() => null), thumbs: null, regions: boundaries.map(() => null), summaries: e.summary(), workerMs: 1 });
      }
      case TO_WORKER.SET_TRAINING:
        this.run.e.setTraining(msg.training);
        return this.post({ type: TO_PAGE.PROGRESS, ...this.body(), training: this.run.e.training() });
      case TO_WORKER.UNIT_MAP:
        return this.post({ type: TO_PAGE.UNIT_MAP, runId: this.run.runId, requestId: msg.requestId, index: msg.index,
          values: this.run.e.unitMap(msg.index, msg.layer, msg.unit, msg.resolution) });
    }
  }
}

/** A client of the pool: collects what the page would hear. */
function client(size) {
  const pool = new WorkerPool(() => new FakeWorker(), size);
  const heard = [];
  const waiters = [];
  pool.onmessage = (e) => { heard.push(e.data); waiters.splice(0).forEach((w) => w()); };
  const until = async (pred) => { while (!pred()) await new Promise((r) => waiters.push(r)); };
  return { pool, heard, until, last: (type) => heard.filter((m) => m.type === type).at(-1) };
}

const bits = (a) => Array.from(new Uint32Array(Float32Array.from(a).buffer));

test('the pool (3 stand-in workers) plays to stopAt in lockstep; its frame equals the full experiment at that epoch', async () => {
  const config = { ...lab.defaults, activations: ['relu', 'prelu', 'maxout', 'tanh', 'elu'], dataset: 'xor', points: 200 };
  const c = client(3);
  await c.until(() => c.last(TO_PAGE.READY));
  c.pool.postMessage({ type: TO_WORKER.START, runId: 1, config, play: true, stopAt: 12, speed: 0, seq: 1 });
  await c.until(() => c.last(TO_PAGE.STARTED));
  assert.equal(c.last(TO_PAGE.STARTED).workers, 3);
  assert.equal(c.pool.inUse, 3);
  await c.until(() => c.last(TO_PAGE.PROGRESS)?.epoch === 12 && !c.last(TO_PAGE.PROGRESS).playing);
  // Every merged progress reports one epoch that every network has reached.
  const progress = c.heard.filter((m) => m.type === TO_PAGE.PROGRESS);
  for (const p of progress) for (const s of p.summaries) assert.ok(s.epoch >= p.epoch, `network at ${s.epoch}, progress at ${p.epoch}`);
  c.pool.postMessage({ type: TO_WORKER.FRAME, runId: 1, resolution: 16, thumbResolution: 0, indices: null, regions: [] });
  await c.until(() => c.last(TO_PAGE.FRAME));
  const frame = c.last(TO_PAGE.FRAME);
  const full = lab.experiment(config);
  full.train(12);
  assert.equal(frame.epoch, 12);
  frame.boundaries.forEach((b, i) => assert.deepEqual(bits(b), bits(full.boundary(i, 16)), `network ${i}`));
  assert.deepEqual(frame.summaries, full.summary());
  // Histories: every epoch of every network, once, in order, equal to the full experiment's.
  const hist = config.activations.map(() => []);
  for (const m of [c.last(TO_PAGE.STARTED), ...progress]) m.histories.forEach((h, i) => hist[i].push(...h));
  hist.forEach((h, i) => assert.deepEqual(h, full.history(i), `history ${i}`));
  // A per-network request goes to its owner with the index made local, and comes back global.
  c.pool.postMessage({ type: TO_WORKER.UNIT_MAP, runId: 1, requestId: 7, index: 3, layer: 0, unit: 2, resolution: 8 });
  await c.until(() => c.last(TO_PAGE.UNIT_MAP));
  assert.equal(c.last(TO_PAGE.UNIT_MAP).index, 3);
  assert.deepEqual(bits(c.last(TO_PAGE.UNIT_MAP).values), bits(full.unitMap(3, 0, 2, 8)));
  // Step 3 from rest: exactly three epochs; a live change at the epoch boundary reaches every worker.
  c.pool.postMessage({ type: TO_WORKER.SET_TRAINING, runId: 1, training: { learningRate: 0.01 } });
  c.pool.postMessage({ type: TO_WORKER.STEP, runId: 1, epochs: 3, seq: 2 });
  await c.until(() => c.last(TO_PAGE.PROGRESS)?.epoch === 15);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(c.last(TO_PAGE.PROGRESS).epoch, 15);
  assert.equal(c.last(TO_PAGE.PROGRESS).playSeq, 2);
  full.setTraining({ learningRate: 0.01 });
  full.train(3);
  c.pool.postMessage({ type: TO_WORKER.FRAME, runId: 1, resolution: 16, thumbResolution: 0, indices: [1, 4], regions: [] });
  await c.until(() => c.last(TO_PAGE.FRAME).epoch === 15);
  const f2 = c.last(TO_PAGE.FRAME);
  assert.deepEqual(f2.boundaries.map((b) => b !== null), [false, true, false, false, true]);
  for (const i of [1, 4]) assert.deepEqual(bits(f2.boundaries[i]), bits(full.boundary(i, 16)), `network ${i} after the live change`);
  // A new run: the open frame request is answered stale, the old run's replies are dropped.
  c.pool.postMessage({ type: TO_WORKER.FRAME, runId: 1, resolution: 16, thumbResolution: 0, indices: null, regions: [] });
  c.pool.postMessage({ type: TO_WORKER.START, runId: 2, config: { ...config, activations: ['relu'] }, play: false, seq: 3 });
  await c.until(() => c.last(TO_PAGE.STARTED).runId === 2);
  assert.ok(c.heard.some((m) => m.type === TO_PAGE.FRAME && m.runId === 1 && m.stale));
  assert.equal(c.last(TO_PAGE.STARTED).workers, 1, 'one network: one worker');
  full.dispose();
  c.pool.terminate();
});

test('the pool: Pause is acknowledged at once (not inside the call), the round ends, every worker rests at one epoch', async () => {
  const config = { ...lab.defaults, activations: ['relu', 'tanh', 'maxout'], dataset: 'xor', points: 100 };
  const c = client(2);
  await c.until(() => c.last(TO_PAGE.READY));
  c.pool.postMessage({ type: TO_WORKER.START, runId: 1, config, play: true, stopAt: null, speed: 0, seq: 1 });
  await c.until(() => (c.last(TO_PAGE.PROGRESS)?.epoch ?? 0) >= 5);
  const before = c.heard.length;
  c.pool.postMessage({ type: TO_WORKER.PLAY, runId: 1, play: false, seq: 2 });
  assert.equal(c.heard.length, before, 'no reply from inside the call');
  await c.until(() => c.heard.slice(before).some((m) => m.type === TO_PAGE.PROGRESS && m.playSeq === 2 && !m.playing));
  await new Promise((r) => setTimeout(r, 100));
  const epoch = c.last(TO_PAGE.PROGRESS).epoch;
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(c.last(TO_PAGE.PROGRESS).epoch, epoch, 'nothing trains after the round');
  const parts = c.pool.run.parts;
  assert.deepEqual(parts.map((p) => p.epoch), parts.map(() => epoch), 'every worker at the run epoch');
  // Play again: the workers go on together from there.
  c.pool.postMessage({ type: TO_WORKER.PLAY, runId: 1, play: true, seq: 3 });
  await c.until(() => c.last(TO_PAGE.PROGRESS).epoch >= epoch + 3);
  c.pool.postMessage({ type: TO_WORKER.PLAY, runId: 1, play: false, seq: 4 });
  await c.until(() => c.last(TO_PAGE.PROGRESS).playSeq === 4);
  await new Promise((r) => setTimeout(r, 100));
  const end = c.last(TO_PAGE.PROGRESS);
  const full = lab.experiment(config);
  full.train(end.epoch);
  assert.deepEqual(end.summaries, full.summary());
  full.dispose();
  c.pool.terminate();
});
