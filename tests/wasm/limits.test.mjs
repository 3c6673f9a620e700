// The lab's resource limits are the core's: each maximum is accepted, one step beyond is refused
// with a message naming the key (and nothing is created), and the README's "Limits" table states
// the same numbers as the core's tables (kSettings, kMaxNetworks, the user-point cap).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { loadReluLab, LabError } from '../../build-wasm/relulab.mjs';

const lab = await loadReluLab();
const max = (key) => lab.settings[key].max;
const MAX_USER_POINTS = lab.constants.maxUserPoints;   // core/dataset.hpp kMaxUserPoints

function refused(config, field) {
  const attempt = () => assert.throws(() => lab.experiment(config), (e) => e instanceof LabError && e.field === field,
    `${JSON.stringify(config).slice(0, 80)} refused, naming ${field}`);
  attempt();                                  // may size the API's shared input buffer
  const used = lab.heapUsedBytes();
  attempt();
  assert.equal(lab.heapUsedBytes(), used, 'a refusal keeps nothing');
}

test('every size limit is accepted at its maximum and refused one step beyond, naming the key', () => {
  const small = { points: 10, batchSize: 1, activations: ['relu'] };
  // Points and batch size.
  lab.experiment({ ...small, points: max('points') }).dispose();
  refused({ ...small, points: max('points') + 1 }, 'points');
  refused({ ...small, points: max('points'), batchSize: max('batchSize') + 1 }, 'batchSize');
  // Depth, width, maxout pieces.
  lab.experiment({ ...small, hidden: Array(max('hiddenLayers')).fill(max('width')), maxoutK: max('maxoutK'),
    activations: ['maxout'] }).dispose();
  refused({ ...small, hidden: Array(max('hiddenLayers') + 1).fill(2) }, 'hidden');
  refused({ ...small, hidden: [max('width') + 1] }, 'hidden');
  refused({ ...small, maxoutK: max('maxoutK') + 1, activations: ['maxout'] }, 'maxoutK');
  // Compared networks.
  const many = lab.experiment({ ...small, activations: Array(lab.constants.maxNetworks).fill('relu') });
  assert.equal(many.size, lab.constants.maxNetworks);
  // Grid resolution (checked by the core's settings table on every grid call).
  assert.equal(many.boundary(0, max('resolution')).length, max('resolution') ** 2);
  assert.throws(() => many.boundary(0, max('resolution') + 1), (e) => e.field === 'resolution');
  many.dispose();
  refused({ ...small, activations: Array(lab.constants.maxNetworks + 1).fill('relu') }, 'activations');
  // User points and classes of a custom data set.
  const pts = (n, label = 0) => Array.from({ length: n }, (_, i) => ({ x: (i % 40) / 10 - 2, y: Math.floor(i / 40) / 10 - 2, label: i % 2 ? label : 0 }));
  lab.experiment({ dataset: 'custom', classes: max('classes'), batchSize: 1, activations: ['relu'],
    userPoints: pts(MAX_USER_POINTS, max('classes') - 1) }).dispose();
  refused({ dataset: 'custom', batchSize: 1, activations: ['relu'], userPoints: pts(MAX_USER_POINTS + 1, 1) }, 'userPoints');
  refused({ dataset: 'custom', classes: max('classes') + 1, batchSize: 1, activations: ['relu'], userPoints: pts(4, 1) }, 'classes');
});

test('the README "Limits" table states the core\'s limits', async () => {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Limits'));
  assert.ok(section, 'README has a "Limits" section');
  const rows = Object.fromEntries([...section.matchAll(/^\| `?([\w ()/,.-]+?)`? \| ([\d,]+) \|/gm)]
    .map((m) => [m[1].trim(), Number(m[2].replaceAll(',', ''))]));
  const expected = {
    points: max('points'), userPoints: MAX_USER_POINTS, hiddenLayers: max('hiddenLayers'), width: max('width'),
    maxoutK: max('maxoutK'), classes: max('classes'), activations: lab.constants.maxNetworks,
    resolution: max('resolution'), batchSize: max('batchSize'),
    'samples per call': lab.constants.maxSamplesPerCall, 'epochs per call': lab.constants.maxEpochsPerCall,
    'curve values': lab.constants.maxCurveValues, 'working memory per call (MiB)': lab.constants.maxWorkspaceBytes / 2 ** 20,
    'module memory (MiB)': 2048,
  };
  for (const [key, value] of Object.entries(expected)) assert.equal(rows[key], value, `README limit of ${key}`);
});
