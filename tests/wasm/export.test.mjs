// Saving and loading an experiment on the real module (docs/API.md, "Saving and loading an
// experiment"; web/shared/experiment-file.js and experiment.restoreHistory): an export at epoch N
// loaded back gives the same parameters, records, summaries and boundaries bit for bit; every kind
// of hostile file is refused with a message naming the field, builds nothing that stays (the heap
// is back where it was) and leaves a running experiment exactly as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab } from '../../build-wasm/relulab.mjs';
import { FileError, MAX_PARAMETERS, experimentFileText, float32Text, loadExperimentFile, parseExperimentFile }
  from '../../web/shared/experiment-file.js';
import { bits, refuses } from './support.mjs';

const lab = await loadReluLab();
const config = { dataset: 'spiral', points: 160, hidden: [6, 5], activations: ['relu', 'maxout', 'tanh'], learningRate: 0.05 };
const EPOCHS = 6;

const saved = lab.experiment(config);
saved.train(EPOCHS);
saved.setTraining({ learningRate: 0.02 });   // a live change: the file holds the settings in force
const TEXT = experimentFileText(lab, saved, config, EPOCHS);

/** Everything the caller can read of an experiment's state, as bits and numbers. */
function snapshot(e) {
  return JSON.stringify({
    params: Array.from({ length: e.size }, (_, i) => bits(e.parameters(i))),
    summary: e.summary(),
    history: Array.from({ length: e.size }, (_, i) => e.history(i)),
    boundary: Array.from({ length: e.size }, (_, i) => bits(e.boundary(i, 40))),
    training: e.training(),
  });
}

test('float32Text writes the shortest decimal that reads back as the same float32', () => {
  const values = Float32Array.from([0.1, -1.5, 3e-39, 1e-45, 3.4028234663852886e38, 1 / 3, -0, 0, 123456789, 2 ** -20]);
  for (const v of values) {
    const back = Math.fround(JSON.parse(float32Text(v)));
    assert.ok(Object.is(back, v), `${v} -> ${float32Text(v)} -> ${back}`);
  }
  assert.equal(float32Text(Math.fround(0.1)), '0.1');
  assert.equal(float32Text(-0), '-0');
});

test('an export at epoch N loads back bit for bit: parameters, records, summaries, boundaries, regions', () => {
  const file = parseExperimentFile(TEXT, lab);
  assert.equal(file.epoch, EPOCHS);
  assert.equal(file.config.learningRate, saved.training().learningRate);
  const loaded = loadExperimentFile(lab, file);
  try {
    assert.equal(snapshot(loaded), snapshot(saved));
    for (let i = 0; i < 2; i++) {   // the piecewise-linear networks' regions, cell by cell
      const a = saved.gridJob(i, { resolution: 48, regions: true });
      const b = loaded.gridJob(i, { resolution: 48, regions: true });
      assert.deepEqual(Array.from(b.regions().cells), Array.from(a.regions().cells));
      a.dispose();
      b.dispose();
    }
    // Training goes on from epoch N + 1, with a record per epoch.
    loaded.train(2);
    assert.deepEqual(loaded.history(0).slice(-2).map((r) => r.epoch), [EPOCHS + 1, EPOCHS + 2]);
    assert.equal(loaded.summary()[0].epoch, EPOCHS + 2);
  } finally {
    loaded.dispose();
  }
});

test('a -0 parameter and a diverged network survive the round trip', () => {
  const e = lab.experiment(config);
  e.train(2);
  const p = e.parameters(1);
  p[3] = -0;
  e.setParameters(1, p);
  const file = parseExperimentFile(experimentFileText(lab, e, config, 2), lab);
  // As if network 2 had diverged during epoch 2: its last record dropped.
  file.networks[2].records.pop();
  file.networks[2].divergedEpoch = 2;
  const loaded = loadExperimentFile(lab, file);
  assert.ok(Object.is(loaded.parameters(1)[3], -0));
  assert.deepEqual(bits(loaded.parameters(1)), bits(e.parameters(1)));
  const s = loaded.summary()[2];
  assert.equal(s.diverged, true);
  assert.equal(s.divergedEpoch, 2);
  assert.equal(s.epoch, 1);
  loaded.dispose();
  e.dispose();
});

/** The saved file as an object, edited by `edit`, as text. */
const edited = (edit) => {
  const o = JSON.parse(TEXT);
  edit(o);
  return JSON.stringify(o);
};

const HOSTILE = [
  ['truncated JSON', TEXT.slice(0, Math.floor(TEXT.length / 2)), /^file is not valid JSON/, 'file'],
  ['not an object', '[1, 2]', /^file must hold a JSON object/, 'file'],
  ['NaN in the text', TEXT.replace('"parameters":[', '"parameters":[NaN,'), /^file is not valid JSON/, 'file'],
  ['wrong format', edited((o) => { o.format = 'playground'; }), /^format must be "relulab-experiment" \(got "playground"\)/, 'format'],
  ['wrong version', edited((o) => { o.version = 2; }), /^version must be 1 \(got 2\)/, 'version'],
  ['unknown top-level key', edited((o) => { o.extra = 1; }), /^file: unknown key "extra"/, 'extra'],
  ['unknown activation', edited((o) => { o.config.activations[1] = 'swish2'; }),
    /^config\.activations\[1\] must be an activation id, one of linear, .* \(got "swish2"\)/, 'config.activations[1]'],
  ['unknown config key', edited((o) => { o.config.colour = 'red'; }), /^config: unknown key "colour"/, 'config.colour'],
  ['config out of range', edited((o) => { o.config.learningRate = 20; }), /^config\.learningRate must be a number from \S+ to 10 \(got 20\)/,
    'config.learningRate'],
  ['config the core refuses', edited((o) => { o.config.batchSize = 200; }), /^config: batchSize must be a whole number from 1 to 80/, 'config.batchSize'],
  ['a network of another activation', edited((o) => { o.networks[2].activation = 'sigmoid'; }),
    /^networks\[2\]\.activation must be "tanh", config\.activations\[2\] \(got "sigmoid"\)/, 'networks[2].activation'],
  ['a network missing', edited((o) => { o.networks.pop(); }), /^networks must be an array of 3 networks/, 'networks'],
  ['a string parameter', edited((o) => { o.networks[0].parameters[4] = 'NaN'; }),
    /^networks\[0\]\.parameters\[4\] must be a finite number within float32 range/, 'networks[0].parameters[4]'],
  ['a parameter of 1e39', edited((o) => { o.networks[1].parameters[0] = 1e39; }),
    /^networks\[1\]\.parameters\[0\] must be a finite number within float32 range, from -3\.4028234663852886e\+38 to 3\.4028234663852886e\+38 \(got 1e\+39\)/,
    'networks[1].parameters[0]'],
  ['a parameter short', edited((o) => { o.networks[1].parameters.pop(); }),
    /^networks\[1\]\.parameters must have \d+ numbers for this config's network \(got \d+\)/, 'networks[1].parameters'],
  ['a parameter too many', edited((o) => { o.networks[0].parameters.push(0); }), /^networks\[0\]\.parameters must have/, 'networks[0].parameters'],
  ['huge parameter array', edited((o) => { o.networks[0].parameters = new Array(MAX_PARAMETERS + 1).fill(0); }),
    /^networks\[0\]\.parameters must be an array of at most 1048576 numbers/, 'networks[0].parameters'],
  ['huge history', edited((o) => { o.networks[0].history.epoch = Array.from({ length: 70000 }, (_, i) => i); }),
    /^networks\[0\]\.history\.epoch must be an array of 1 to 65536 numbers/, 'networks[0].history.epoch'],
  ['columns of different lengths', edited((o) => { o.networks[0].history.trainLoss.pop(); }),
    /^networks\[0\]\.history\.trainLoss must be an array of 1 to 65536 numbers, as many as history\.epoch \(7\)/, 'networks[0].history.trainLoss'],
  ['a missing column', edited((o) => { delete o.networks[1].history.regions; }), /^networks\[1\]\.history\.regions is missing/, 'networks[1].history.regions'],
  ['epochs out of order', edited((o) => { o.networks[0].history.epoch[3] = 1; }),
    /^networks\[0\]\.history\.epoch\[3\] must be a whole number from 3 to 6 \(epochs increase/, 'networks[0].history.epoch[3]'],
  ['a first epoch not 0', edited((o) => { o.networks[0].history.epoch[0] = 1; }), /^networks\[0\]\.history\.epoch\[0\] must be a whole number from 0 to 0/,
    'networks[0].history.epoch[0]'],
  ['a fractional epoch', edited((o) => { o.networks[1].history.epoch[2] = 2.5; }), /^networks\[1\]\.history\.epoch\[2\] must be a whole number/,
    'networks[1].history.epoch[2]'],
  ['a last record short of the epoch', edited((o) => { o.epoch = 9; }),
    /^networks\[0\]\.history\.epoch\[6\] must be a whole number from 9 to 9/, 'networks[0].history.epoch[6]'],
  ['a negative epoch', edited((o) => { o.epoch = -1; }), /^epoch must be a whole number from 0 to 2147483646 \(got -1\)/, 'epoch'],
  ['a record the core refuses: dead units', edited((o) => { o.networks[0].history.dead[2] = 99; }),
    /^networks\[0\]\.history\.dead\[2\] must be a whole number from 0 to 11 \(got 99\)/, 'networks[0].history.dead[2]'],
  ['a record the core refuses: accuracy', edited((o) => { o.networks[2].history.testAccuracy[1] = 1.5; }),
    /^networks\[2\]\.history\.testAccuracy\[1\] must be a number from 0 to 1 \(got 1\.5\)/, 'networks[2].history.testAccuracy[1]'],
  ['a record the core refuses: fractional count', edited((o) => { o.networks[1].history.regions[1] = 2.5; }),
    /^networks\[1\]\.history\.regions\[1\] must be a whole number/, 'networks[1].history.regions[1]'],
  ['a diverged epoch with a record of it', edited((o) => { o.networks[0].divergedEpoch = 3; }),
    /^networks\[0\]\.divergedEpoch must be -1 \(it has a record of the last epoch, 6\)/, 'networks[0].divergedEpoch'],
  ['a diverged epoch past the file', edited((o) => { o.networks[0].divergedEpoch = 7; }),
    /^networks\[0\]\.divergedEpoch must be a whole number from -1 to 6/, 'networks[0].divergedEpoch'],
];

test('hostile files are refused naming the field; nothing stays built and a running experiment is untouched', () => {
  const running = lab.experiment(config);
  running.train(2);
  const before = snapshot(running);
  const attempt = (text) => {
    try {
      loadExperimentFile(lab, parseExperimentFile(text, lab)).dispose();
    } catch (e) {
      return e;
    }
    return null;
  };
  for (const [what, text, message, field] of HOSTILE) {
    const error = attempt(text);
    assert.ok(error instanceof FileError, `${what}: refused with a FileError (got ${error})`);
    assert.match(error.message, message, what);
    assert.equal(error.field, field, what);
    // A second refusal of the same file allocates nothing more (the first may have grown the
    // staging buffers or the message's string): nothing it built stays.
    const heap = lab.heapUsedBytes();
    attempt(text);
    assert.equal(lab.heapUsedBytes(), heap, `${what}: nothing left allocated`);
  }
  assert.equal(snapshot(running), before);
  running.dispose();
});

test('restoreHistory refuses bad arguments with the field and changes nothing', () => {
  const e = lab.experiment(config);
  const runs = Array.from({ length: saved.size }, (_, i) => ({ records: saved.history(i), divergedEpoch: -1 }));
  const before = snapshot(e);
  refuses(() => e.restoreHistory('6', runs), /^epoch must be a number \(got string "6"\)/, 'epoch');
  refuses(() => e.restoreHistory(6.5, runs), /^epoch must be a whole number from 0 to 2147483646 \(got 6\.5\)/, 'epoch');
  refuses(() => e.restoreHistory(EPOCHS, runs.slice(1)), /^runs must be an array of 3 \{records, divergedEpoch\}/, 'runs');
  refuses(() => e.restoreHistory(EPOCHS, [...runs.slice(0, 2), { records: runs[2].records, extra: 1 }]), /^runs\[2\]: unknown key 'extra'/, 'runs');
  const bad = structuredClone(runs);
  delete bad[1].records[2].trainLoss;
  refuses(() => e.restoreHistory(EPOCHS, bad), /^runs\[1\]\.records\[2\]\.trainLoss must be a number \(got undefined\)/, 'runs');
  const core = structuredClone(runs);
  core[0].records[4].totalUnits = 3;
  refuses(() => e.restoreHistory(EPOCHS, core), /^runs\[0\]\.records\[4\]\.totalUnits must be a whole number from 11 to 11/, 'runs');
  const huge = structuredClone(runs);
  huge[0].records = { length: 70000 };
  refuses(() => e.restoreHistory(EPOCHS, huge), /^runs\[0\]\.records must be an array of at most 65536 records/, 'runs');
  assert.equal(snapshot(e), before);
  e.train(1);
  refuses(() => e.restoreHistory(EPOCHS, runs), /^restoreHistory needs an experiment that has not trained \(it is at epoch 1\)/, 'runs');
  e.dispose();
});
