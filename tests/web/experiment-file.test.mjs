// web/shared/experiment-file.js (the saved-experiment format's validator and writer) and
// urlstate.js's fromExperimentConfig in Node, on the real module of dist/: a written file parses
// back to the same config, epoch and records; each kind of malformed file is refused by the
// validator alone with a FileError naming the field; a loaded file's config becomes a page state
// whose config is the file's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.RELULAB_DIST ?? join(root, 'dist');
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { loadReluLab } = await load('wasm/relulab.mjs');
const { FILE_FORMAT, FILE_VERSION, FileError, experimentFileText, fileMessage, parseExperimentFile, recordKeys } =
  await load('shared/experiment-file.js');
const { defaultState, fromExperimentConfig, toExperimentConfig } = await load('shared/urlstate.js');
const { tablesOf } = await load('shared/protocol.js');

const lab = await loadReluLab();
const tables = tablesOf(lab);
const config = { ...lab.defaults, points: 120, hidden: [5, 3], activations: ['relu', 'elu'], userPoints: [{ x: 1, y: -2, label: 1 }] };
const e = lab.experiment(config);
e.train(3);
const TEXT = experimentFileText(lab, e, config, 3);

test('a written file parses back to its config, epoch, parameters and records', () => {
  const top = JSON.parse(TEXT);
  assert.equal(top.format, FILE_FORMAT);
  assert.equal(top.version, FILE_VERSION);
  assert.deepEqual(Object.keys(top.networks[0].history), recordKeys(lab));
  const file = parseExperimentFile(TEXT, lab);
  assert.equal(file.epoch, 3);
  assert.deepEqual(file.config, { ...config, ...e.training() });
  for (let i = 0; i < e.size; i++) {
    // Shortest decimals of float32 values: the same float32s (the core reads them as float32).
    const f32 = (records) => records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.fround(v)])));
    assert.deepEqual(f32(file.networks[i].records), f32(e.history(i)));
    assert.deepEqual(Float32Array.from(file.networks[i].parameters), e.parameters(i));
    assert.equal(file.networks[i].divergedEpoch, -1);
  }
});

/** The file as an object, edited, as text. */
const edited = (edit) => {
  const o = JSON.parse(TEXT);
  edit(o);
  return JSON.stringify(o);
};

test('the validator refuses each malformed part naming the field', () => {
  const cases = [
    [undefined, 'file', /^file must be text/],
    ['{"format": "relulab-experiment", ', 'file', /^file is not valid JSON/],
    ['null', 'file', /^file must hold a JSON object/],
    [edited((o) => { delete o.format; }), 'format', /^format must be "relulab-experiment" \(got undefined\)/],
    [edited((o) => { o.version = '1'; }), 'version', /^version must be 1 \(got "1"\)/],
    [edited((o) => { o.config = [1]; }), 'config', /^config must be an object/],
    [edited((o) => { o.config.hidden = [5, 65]; }), 'config.hidden[1]', /^config\.hidden\[1\] must be a whole number from 1 to 64 \(got 65\)/],
    [edited((o) => { o.config.hidden = new Array(9).fill(2); }), 'config.hidden', /^config\.hidden must be an array of at most 8 layer widths/],
    [edited((o) => { o.config.dataset = 'moonz'; }), 'config.dataset', /^config\.dataset must be a dataset id, one of .*spiral/],
    [edited((o) => { o.config.preluShared = 1; }), 'config.preluShared', /^config\.preluShared must be true or false \(got 1\)/],
    [edited((o) => { o.config.points = 2.5; }), 'config.points', /^config\.points must be a whole number from 10 to 2000 \(got 2\.5\)/],
    [edited((o) => { o.config.userPoints[0].x = 7; }), 'config.userPoints[0].x', /^config\.userPoints\[0\]\.x must be a number from -6 to 6 \(got 7\)/],
    [edited((o) => { o.config.userPoints[0].z = 0; }), 'config.userPoints[0].z', /^config\.userPoints\[0\]: unknown key "z"/],
    [edited((o) => { o.config.activations = []; }), 'config.activations', /^config\.activations must list at least one activation/],
    [edited((o) => { o.epoch = 1e10; }), 'epoch', /^epoch must be a whole number from 0 to 2147483646 \(got 10000000000\)/],
    [edited((o) => { o.networks = {}; }), 'networks', /^networks must be an array of 2 networks/],
    [edited((o) => { o.networks[1].colour = 1; }), 'networks[1].colour', /^networks\[1\]: unknown key "colour"/],
    [edited((o) => { delete o.networks[1].history; }), 'networks[1].history', /^networks\[1\]\.history is missing/],
    [edited((o) => { o.networks[0].divergedEpoch = -2; }), 'networks[0].divergedEpoch', /^networks\[0\]\.divergedEpoch must be a whole number from -1 to 3/],
    [edited((o) => { o.networks[0].parameters = 'x'; }), 'networks[0].parameters', /^networks\[0\]\.parameters must be an array of at most/],
    [edited((o) => { o.networks[0].parameters[0] = null; }), 'networks[0].parameters[0]', /^networks\[0\]\.parameters\[0\] must be a finite number within float32 range.*\(got null\)/],
    [edited((o) => { o.networks[0].parameters[1] = -3.5e38; }), 'networks[0].parameters[1]', /got -3\.5e\+38/],
    [edited((o) => { o.networks[0].history.epoch = []; }), 'networks[0].history.epoch', /^networks\[0\]\.history\.epoch must be an array of 1 to 65536 numbers/],
    [edited((o) => { o.networks[0].history.trainLoss[1] = 'low'; }), 'networks[0].history.trainLoss[1]', /must be a finite number \(got "low"\)/],
    [edited((o) => { o.networks[1].history.epoch[3] = 2; }), 'networks[1].history.epoch[3]', /must be a whole number from 3 to 3/],
  ];
  for (const [text, field, message] of cases) {
    assert.throws(() => parseExperimentFile(text, lab), (err) => {
      assert.ok(err instanceof FileError, `${field}: ${err}`);
      assert.equal(err.field, field);
      assert.match(err.message, message);
      return true;
    }, field);
  }
});

test("core messages are put in the file's terms", () => {
  assert.deepEqual(fileMessage('runs[1].records[4].dead must be a whole number from 0 to 8 (got 9)'),
    { message: 'networks[1].history.dead[4] must be a whole number from 0 to 8 (got 9)', field: 'networks[1].history.dead[4]' });
  assert.deepEqual(fileMessage('runs[0].divergedEpoch must be -1'), { message: 'networks[0].divergedEpoch must be -1', field: 'networks[0].divergedEpoch' });
  assert.deepEqual(fileMessage('runs[2].records must have from 1 to 65536 entries (got 0)'),
    { message: 'networks[2].history must have from 1 to 65536 entries (got 0)', field: 'networks[2].history' });
  assert.equal(fileMessage('epoch must be a whole number from 0 to 2147483646 (got -1)').field, 'epoch');
});

test("a loaded file's config becomes a page state whose config is the file's", () => {
  const file = parseExperimentFile(TEXT, lab);
  const base = { ...defaultState(tables), testPoints: false, resolution: 64 };
  const state = fromExperimentConfig(file.config, tables, base);
  assert.equal(state.hiddenLayers, 2);
  assert.deepEqual(state.width, [5, 3]);
  assert.equal(state.testPoints, false);   // view settings stay the page's
  assert.equal(state.resolution, 64);
  const { classes, ...rest } = file.config;
  assert.equal(classes, 0);
  assert.deepEqual(toExperimentConfig(state, tables), rest);
  // Keys a file leaves out take their defaults.
  const partial = fromExperimentConfig({ activations: ['tanh'] }, tables, base);
  assert.deepEqual(toExperimentConfig(partial, tables), { ...toExperimentConfig(defaultState(tables), tables), activations: ['tanh'] });
});
