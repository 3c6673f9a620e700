// web/shared/urlstate.js in Node against the real tables of the built module (dist/wasm/relulab.mjs):
// defaults parse to the core's default experiment, serialize/parse is a round trip, and every
// kind of bad parameter is dropped with its reason. No browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.RELULAB_DIST ?? join(root, 'dist');
const { loadReluLab } = await import(pathToFileURL(join(dist, 'wasm', 'relulab.mjs')).href);
const { parseUrl, serialize, toExperimentConfig, defaultState } = await import(pathToFileURL(join(dist, 'shared', 'urlstate.js')).href);
const { tablesOf } = await import(pathToFileURL(join(dist, 'shared', 'protocol.js')).href);

const lab = await loadReluLab();
const tables = tablesOf(lab);   // what the worker sends the page

test('an empty query gives the core default experiment', () => {
  const { state, ignored } = parseUrl('', tables);
  assert.deepEqual(ignored, []);
  const { classes, ...rest } = lab.defaults;   // classes 0 = the data set's own count: left out
  assert.equal(classes, 0);
  assert.deepEqual(toExperimentConfig(state, tables), rest);
  const e = lab.experiment(toExperimentConfig(state, tables));
  assert.equal(e.size, lab.defaults.activations.length);
  e.dispose();
});

test('serialize then parse gives back the same state', () => {
  const s = defaultState(tables);
  Object.assign(s, { dataset: 'moons', noise: 0.25, learningRate: 0.3, hiddenLayers: 3, width: 5, activations: ['relu', 'selu'],
    optimizer: 'adam', preluShared: true, reluGradAtZero: 0.5, weightSeed: 4294967295,
    userPoints: [{ x: 1.25, y: -3.5, label: 1 }, { x: 0, y: 0, label: 0 }] });
  const q = serialize(s, { lang: 'zh', embed: true, speed: 30, epochs: 40, paused: false }, tables);
  const { state, page, ignored } = parseUrl(q, tables);
  assert.deepEqual(ignored, []);
  assert.deepEqual(state, s);
  assert.equal(page.lang, 'zh');
  assert.equal(page.embed, true);
  assert.equal(page.epochs, 40);
});

test('bad parameters are dropped with a reason and the rest is kept', () => {
  const q = 'learningRate=fast&points=5&width=2.5&dataset=nope&activations=relu,nope&pts=1,2&preluShared=yes&zzz=1&noise=0.3&noise=0.4&lang=fr&speed=7';
  const { state, ignored } = parseUrl(q, tables);
  const why = Object.fromEntries(ignored.map((i) => [i.param, i.reason]));
  assert.deepEqual(why, { learningRate: 'reasonNotNumber', points: 'reasonRange', width: 'reasonNotInteger',
    dataset: 'reasonChoice', activations: 'reasonActivations', pts: 'reasonPoints', preluShared: 'reasonFlag',
    zzz: 'reasonUnknown', noise: 'reasonRepeated', lang: 'reasonChoice', speed: 'reasonChoice' });
  assert.equal(state.noise, 0.3);
  assert.equal(state.learningRate, lab.settings.learningRate.default);
  assert.equal(state.points, lab.settings.points.default);
});

test('relu\'(0) accepts only the core\'s choices', () => {
  assert.equal(parseUrl('reluGradAtZero=0.5', tables).state.reluGradAtZero, 0.5);
  assert.equal(parseUrl('reluGradAtZero=0.25', tables).ignored[0].reason, 'reasonChoice');
});

test('keys of Object.prototype are unknown parameters, not settings; speed only as the list writes it', () => {
  const { state, page, ignored } = parseUrl('toString=5&__proto__=1&constructor=2&hasOwnProperty=3&speed=0x1e', tables);
  assert.deepEqual(ignored.map((i) => [i.param, i.reason]), [['toString', 'reasonUnknown'], ['__proto__', 'reasonUnknown'],
    ['constructor', 'reasonUnknown'], ['hasOwnProperty', 'reasonUnknown'], ['speed', 'reasonChoice']]);
  assert.equal(Object.hasOwn(state, 'toString'), false);
  assert.equal(Object.getPrototypeOf(state), Object.prototype);
  assert.equal(page.speed, 30);
  assert.equal(parseUrl('speed=300', tables).page.speed, 300);
});

test('view flags: defaults are not written (older links unchanged), changes round-trip, bad values are dropped', async () => {
  const { VIEW_FLAGS } = await import(pathToFileURL(join(dist, 'shared', 'urlstate.js')).href);
  const s = defaultState(tables);
  for (const [k, v] of Object.entries(VIEW_FLAGS)) assert.equal(s[k], v, k);
  const q = serialize(s, { speed: 30, epochs: null }, tables);
  assert.ok(!/testPoints|discretize/.test(q), q);
  const flipped = { ...s, testPoints: false, discretize: true };
  const back = parseUrl(serialize(flipped, { speed: 30, epochs: null }, tables), tables);
  assert.deepEqual(back.ignored, []);
  assert.deepEqual(back.state, flipped);
  assert.ok(!('testPoints' in toExperimentConfig(flipped, tables)) && !('discretize' in toExperimentConfig(flipped, tables)),
    'not part of the experiment');
  const bad = parseUrl('discretize=yes&testPoints=2', tables);
  assert.deepEqual(bad.ignored.map((i) => [i.param, i.reason]), [['discretize', 'reasonFlag'], ['testPoints', 'reasonFlag']]);
  assert.deepEqual([bad.state.discretize, bad.state.testPoints], [false, true]);
});

test('l1: absent is 0, l1=0.001 round-trips, bad values are dropped naming the range', () => {
  assert.equal(parseUrl('', tables).state.l1, 0);
  const s = { ...defaultState(tables), l1: 0.001 };
  const q = serialize(s, { speed: 30, epochs: null }, tables);
  assert.match(q, /(^|&)l1=0\.001(&|$)/);
  const back = parseUrl(q, tables);
  assert.deepEqual(back.ignored, []);
  assert.equal(back.state.l1, 0.001);
  assert.equal(toExperimentConfig(back.state, tables).l1, 0.001);
  for (const [value, reason] of [['NaN', 'reasonNotNumber'], ['-0.1', 'reasonRange'], ['1.5', 'reasonRange'], ['', 'reasonNotNumber']]) {
    const r = parseUrl(`l1=${value}`, tables);
    assert.deepEqual(r.ignored.map((i) => [i.param, i.reason]), [['l1', reason]], value);
    if (reason === 'reasonRange') assert.deepEqual(r.ignored[0].vars, { min: 0, max: 1 });
    assert.equal(r.state.l1, 0);
  }
});

test('a link without l1 (as every link before it) opens the same experiment as before', () => {
  const old = 'dataset=moons&hiddenLayers=3&width=5&learningRate=0.1&l2=0.001&optimizer=sgd';
  const { state, ignored } = parseUrl(old, tables);
  assert.deepEqual(ignored, []);
  const c = toExperimentConfig(state, tables);
  assert.deepEqual(c.hidden, [5, 5, 5]);
  assert.equal(c.l1, 0);
  assert.equal(state.width, 5);   // one number, as the link wrote it
});

test('per-layer widths: a list round-trips, a uniform network keeps width=N, and the core builds it', async () => {
  const { layerWidths } = await import(pathToFileURL(join(dist, 'shared', 'urlstate.js')).href);
  const s = { ...defaultState(tables), hiddenLayers: 3, width: [8, 4, 2] };
  const q = serialize(s, { speed: 30, epochs: null }, tables);
  assert.equal(new URLSearchParams(q).get('width'), '8,4,2');
  const back = parseUrl(q, tables);
  assert.deepEqual(back.ignored, []);
  assert.deepEqual(back.state, s);
  assert.deepEqual(toExperimentConfig(back.state, tables).hidden, [8, 4, 2]);
  const e = lab.experiment(toExperimentConfig(back.state, tables));
  assert.deepEqual(e.layout(0).slice(0, -1).map((l) => l.units), [8, 4, 2]);
  e.dispose();
  // Equal widths are the uniform network: width=8,8 reads as width=8, and writes back as it.
  const equal = parseUrl('hiddenLayers=2&width=8,8', tables);
  assert.deepEqual(equal.ignored, []);
  assert.equal(equal.state.width, 8);
  assert.equal(new URLSearchParams(serialize(defaultState(tables), { speed: 30, epochs: null }, tables)).get('width'), '8');
  // The order of the parameters does not matter.
  assert.deepEqual(parseUrl('width=3,64&hiddenLayers=2', tables).state.width, [3, 64]);
  assert.deepEqual(layerWidths({ hiddenLayers: 4, width: [3, 5] }), [3, 5, 5, 5]);
  assert.deepEqual(layerWidths({ hiddenLayers: 1, width: [3, 5] }), [3]);
  assert.deepEqual(layerWidths({ hiddenLayers: 2, width: 6 }), [6, 6]);
});

test('malformed width lists are dropped naming width and its range; the width stays the default', () => {
  const info = lab.settings.width;
  const cases = [
    ['hiddenLayers=3&width=8,,x', 'reasonWidths'], ['width=8,x', 'reasonWidths'], ['width=8,', 'reasonWidths'],
    ['width=8,2.5', 'reasonWidths'], ['width=8,65', 'reasonWidths'], ['width=0,8', 'reasonWidths'],
    ['width=0', 'reasonRange'], ['width=65', 'reasonRange'], ['width=', 'reasonNotNumber'],
    ['width=8,4,2', 'reasonWidthCount'], ['hiddenLayers=1&width=8,4', 'reasonWidthCount'],
    ['hiddenLayers=3&width=8,4', 'reasonWidthCount'], ['hiddenLayers=0&width=4,4', 'reasonWidthCount'],
  ];
  for (const [q, reason] of cases) {
    const { state, ignored } = parseUrl(q, tables);
    assert.deepEqual(ignored.map((i) => [i.param, i.reason]), [['width', reason]], q);
    assert.equal(ignored[0].vars.min, reason === 'reasonNotNumber' ? undefined : info.min, q);
    assert.equal(ignored[0].vars.max, reason === 'reasonNotNumber' ? undefined : info.max, q);
    assert.equal(state.width, info.default, q);
  }
  const count = parseUrl('width=8,4,2', tables).ignored[0];
  assert.deepEqual([count.vars.n, count.vars.layers], [3, 2]);
});
