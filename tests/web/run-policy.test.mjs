// web/lab/run-policy.js in Node against the real tables and the real module (dist/): which changes
// apply live and which restart, the custom data set's rules, the retry ladder after a refused
// start — and every state the policy starts a run from is one the core accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.RELULAB_DIST ?? join(root, 'dist');
const load = (f) => import(pathToFileURL(join(dist, f)).href);
const { loadReluLab } = await load('wasm/relulab.mjs');
const { decide, recover, RECOVERY, thumbPolicy, THUMBS } = await load('lab/run-policy.js');
const { defaultState, toExperimentConfig } = await load('shared/urlstate.js');
const { tablesOf } = await load('shared/protocol.js');

const lab = await loadReluLab();
const tables = tablesOf(lab);
const ctx = { tables };
const fresh = () => defaultState(tables);

/** The core builds an experiment from the state (or throws its LabError). */
function accepted(state) {
  const e = lab.experiment(toExperimentConfig(state, tables));
  e.dispose();
  return true;
}

/** decide() never modifies the state it is given. */
function decideFrozen(state, change) {
  const copy = structuredClone(state);
  const out = decide(state, change, ctx);
  assert.deepEqual(state, copy, 'the given state is unchanged');
  return out;
}

test('optimiser settings apply live; display settings redraw; an unchanged value does nothing', () => {
  const s = fresh();
  for (const [key, value] of [['learningRate', 0.1], ['optimizer', 'sgd'], ['momentum', 0.5], ['l2', 0.001], ['l1', 0.001],
    ['batchSize', 25]]) {
    const { state, effect } = decideFrozen(s, { set: { [key]: value } });
    assert.equal(effect.kind, 'live', key);
    assert.deepEqual(effect.keys, [key]);
    // Hand-written: the optimiser's settings, every one sent on a live change.
    assert.deepEqual(Object.keys(effect.training).sort(), ['batchSize', 'l1', 'l2', 'learningRate', 'momentum', 'optimizer']);
    assert.equal(effect.training[key], value);
    assert.equal(state[key], value);
  }
  assert.deepEqual(decideFrozen(s, { set: { resolution: 50 } }).effect, { kind: 'redraw' });
  assert.deepEqual(decideFrozen(s, { set: { discretize: true } }).effect, { kind: 'redraw' });
  assert.deepEqual(decideFrozen(s, { set: { testPoints: false, resolution: 20 } }).effect, { kind: 'redraw' });
  const both = decideFrozen(s, { set: { resolution: 50, learningRate: 0.1 } }).effect;
  assert.equal(both.kind, 'live');
  assert.equal(both.redraw, true);
  assert.deepEqual(decideFrozen(s, { set: { learningRate: s.learningRate } }), { state: s, effect: { kind: 'none' } });
});

test('anything that changes the networks or the data restarts, naming what changed', () => {
  const s = fresh();
  for (const [key, value] of [['hiddenLayers', 3], ['width', 5], ['noise', 0.3], ['dataset', 'moons'], ['weightSeed', 9],
    ['activations', ['relu', 'tanh']], ['biasInit', 0.1], ['features', ['x1', 'x2', 'x1x2']]]) {
    const { state, effect } = decideFrozen(s, { set: { [key]: value } });
    assert.equal(effect.kind, 'restart', key);
    assert.equal(effect.reason, 'restarted');
    assert.deepEqual(effect.vars.keys, [key]);
    assert.ok(accepted(state), key);
  }
  // A structural change with a training one is one restart (not a live change first).
  const mixed = decideFrozen(s, { set: { learningRate: 0.1, width: 4 } });
  assert.equal(mixed.effect.kind, 'restart');
  assert.deepEqual(mixed.effect.vars.keys, ['learningRate', 'width']);
});

test('one layer\'s width restarts; per-layer widths follow a new layer count; equal widths are one number', () => {
  const s = fresh();   // 2 layers of 8
  const one = decideFrozen(s, { set: { width: [8, 9] } });
  assert.equal(one.effect.kind, 'restart');
  assert.deepEqual(one.effect.vars.keys, ['width']);
  assert.deepEqual(toExperimentConfig(one.state, tables).hidden, [8, 9]);
  assert.ok(accepted(one.state));
  const deeper = decideFrozen(one.state, { set: { hiddenLayers: 4 } });
  assert.deepEqual(deeper.state.width, [8, 9, 9, 9]);
  assert.deepEqual(deeper.effect.vars.keys, ['hiddenLayers']);
  const shallower = decideFrozen(deeper.state, { set: { hiddenLayers: 1 } });
  assert.equal(shallower.state.width, 8);
  assert.equal(decideFrozen(one.state, { set: { hiddenLayers: 0 } }).state.width, 8);
  const back = decideFrozen(one.state, { set: { width: [8, 8] } });
  assert.equal(back.state.width, 8);
  assert.deepEqual(decideFrozen(s, { set: { width: [8, 8] } }).effect, { kind: 'none' });
});

test('the custom data set: chosen, it starts from four points in the box with the smallest batch', () => {
  const box = tables.constants.box;
  const { state, effect } = decideFrozen(fresh(), { set: { dataset: 'custom' } });
  assert.deepEqual(effect, { kind: 'restart', reason: 'customStarted', vars: {} });
  assert.equal(state.userPoints.length, 4);
  assert.deepEqual(state.userPoints.map((p) => p.label).sort(), [0, 0, 1, 1]);
  for (const p of state.userPoints) assert.ok(Math.abs(p.x) <= box && Math.abs(p.y) <= box);
  assert.equal(state.batchSize, tables.settings.batchSize.min);
  assert.ok(accepted(state), 'the core trains on the four points');
  // Without the policy's batch rule the core would refuse it: the rule is needed.
  assert.throws(() => accepted({ ...state, batchSize: fresh().batchSize }), (e) => e.field === 'batchSize');

  // Points added by clicks; leaving the custom set drops them, other changes keep them.
  const added = decideFrozen(state, { addPoint: { x: 1, y: 2, label: 1 } });
  assert.deepEqual(added.effect, { kind: 'restart', reason: 'pointAdded', vars: { n: 5 } });
  assert.deepEqual(added.state.userPoints.at(-1), { x: 1, y: 2, label: 1 });
  assert.equal(decideFrozen(added.state, { set: { width: 4 } }).state.userPoints.length, 5);
  const left = decideFrozen(added.state, { set: { dataset: 'circle' } });
  assert.deepEqual(left.state.userPoints, []);
  assert.ok(accepted(left.state));
  // A host page that sends the custom set with its own points keeps them (and its batch size).
  const pts = [{ x: 0, y: 0, label: 0 }, { x: 1, y: 1, label: 1 }, { x: 2, y: 2, label: 1 }];
  const hosted = decideFrozen(fresh(), { set: { dataset: 'custom', userPoints: pts, batchSize: 1 } });
  assert.equal(hosted.effect.reason, 'restarted');
  assert.deepEqual(hosted.state.userPoints, pts);
  // Clearing: on the custom set it starts again from four points; elsewhere the points just go.
  const cleared = decideFrozen(added.state, { action: 'clearPoints' });
  assert.equal(cleared.effect.reason, 'customStarted');
  assert.equal(cleared.state.userPoints.length, 4);
  const onSpiral = { ...fresh(), userPoints: [{ x: 0, y: 0, label: 1 }] };
  const cleared2 = decideFrozen(onSpiral, { action: 'clearPoints' });
  assert.deepEqual([cleared2.effect.reason, cleared2.state.userPoints], ['pointsCleared', []]);
  assert.deepEqual(decideFrozen(fresh(), { action: 'clearPoints' }).effect, { kind: 'none' });
  // The first run of a link to the custom set without points.
  assert.equal(decideFrozen({ ...fresh(), dataset: 'custom' }, { action: 'start' }).effect.reason, 'customStarted');
  assert.deepEqual(decideFrozen(fresh(), { action: 'start' }).effect, { kind: 'restart', reason: null, vars: {} });
});

test('new data and new weights step their seed and wrap at its maximum; reset keeps the state', () => {
  const s = fresh();
  for (const [action, key, reason] of [['regenerate', 'dataSeed', 'regenerated'], ['newWeights', 'weightSeed', 'newWeightsDone']]) {
    const { state, effect } = decideFrozen(s, { action });
    assert.equal(state[key], s[key] + 1);
    assert.deepEqual(effect, { kind: 'restart', reason, vars: { seed: s[key] + 1 } });
    const info = tables.settings[key];
    assert.equal(decideFrozen({ ...s, [key]: info.max }, { action }).state[key], info.min);
  }
  const reset = decideFrozen(s, { action: 'reset' });
  assert.deepEqual(reset, { state: s, effect: { kind: 'restart', reason: 'resetDone', vars: {} } });
  assert.throws(() => decide(s, { action: 'explode' }, ctx), /unknown change/);
});

test('a refused start: back to the last good state, then the field at fault, then the defaults, then stop', () => {
  const good = fresh();
  const bad = { ...fresh(), width: 7, batchSize: 400 };   // the spiral's training set has 250 points
  let refusal;
  try { accepted(bad); } catch (e) { refusal = { message: e.message, field: e.field }; }
  assert.equal(refusal?.field, 'batchSize', 'the core refuses it, naming the field');
  const defaults = defaultState(tables);
  const steps = [];
  for (let attempts = 1; attempts <= RECOVERY.defaults; attempts++) steps.push(recover({ state: bad, lastGood: good, attempts, refusal, defaults }));
  assert.deepEqual(steps.map((s) => s.kind), ['lastGood', 'lastGood', 'dropField', 'dropField', 'defaults', 'giveUp']);
  assert.deepEqual(steps[0].state, good);
  assert.notEqual(steps[0].state, good, 'a copy');
  assert.equal(steps[2].field, 'batchSize');
  assert.deepEqual(steps[2].state, { ...bad, batchSize: defaults.batchSize }, 'only the field at fault goes back to its default');
  assert.ok(accepted(steps[2].state));
  assert.deepEqual(steps[4].state, defaults);
  // First load (no last good state): the field straight away; found from the message if not given.
  assert.equal(recover({ state: bad, lastGood: null, attempts: 1, refusal: { message: refusal.message }, defaults }).field, 'batchSize');
  assert.equal(recover({ state: bad, lastGood: null, attempts: 1, refusal: { message: 'something else' }, defaults }).kind, 'defaults');
});

test('thumbnails ride in every frame while the page keeps up, every 400 ms below 45 frames/s, back at 55', () => {
  const at = (o) => thumbPolicy({ mode: 'every', playing: true, fps: 58, sinceStartMs: 5000, sinceThumbsMs: 16, ...o });
  assert.deepEqual(at({}), { thumbs: true, mode: 'every' });
  // A slow page: to the interval; thumbnails only once the interval has passed.
  assert.deepEqual(at({ fps: 40 }), { thumbs: false, mode: 'interval' });
  assert.deepEqual(at({ fps: 40, sinceThumbsMs: THUMBS.intervalMs + 1 }), { thumbs: true, mode: 'interval' });
  // Between the two thresholds the mode stays as it is (no flapping).
  assert.deepEqual(at({ mode: 'interval', fps: 50 }), { thumbs: false, mode: 'interval' });
  assert.deepEqual(at({ mode: 'every', fps: 50 }), { thumbs: true, mode: 'every' });
  assert.deepEqual(at({ mode: 'interval', fps: THUMBS.fast }), { thumbs: true, mode: 'every' });
  // Not judged in a run's first seconds (the count of the last second is still filling).
  assert.deepEqual(at({ fps: 3, sinceStartMs: 500 }), { thumbs: true, mode: 'every' });
  // Paused: always thumbnails, the mode kept.
  assert.deepEqual(at({ playing: false, mode: 'interval', fps: 1 }), { thumbs: true, mode: 'interval' });
});
