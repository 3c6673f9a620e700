// Keeps the README true: its settings table must list exactly the core's settings with the
// core's ranges and defaults, and its choices must be the core's ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { loadReluLab } from '../../build-wasm/relulab.mjs';

const lab = await loadReluLab();
const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');

test('the README settings table matches the core table', () => {
  const rows = [...readme.matchAll(/^\| (\w+) \| (\S+) … (\S+)(?: \([^)]*\))? \| (\S+) \| (yes|no) \|$/gm)];
  const documented = Object.fromEntries(rows.map((m) => [m[1], m.slice(2)]));
  assert.deepEqual(Object.keys(documented).sort(), Object.keys(lab.settings).sort());
  for (const [key, info] of Object.entries(lab.settings)) {
    const [min, max, def, integer] = documented[key];
    assert.ok(Math.abs(Number(min) - info.min) <= 1e-9 * Math.abs(info.min) + 1e-12, `${key} min`);
    assert.ok(Math.abs(Number(max) - info.max) <= 1e-9 * Math.abs(info.max) + 1e-12, `${key} max`);
    assert.ok(Math.abs(Number(def) - info.default) <= 1e-6 * Math.abs(info.default) + 1e-12, `${key} default`);
    assert.equal(integer === 'yes', info.integer, `${key} integer`);
  }
});

test('the README lists every dataset, activation, initialiser and optimiser id', () => {
  for (const table of [lab.datasets, lab.activations, lab.initSchemes, lab.optimizers, lab.outputKinds]) {
    for (const { id } of table) assert.match(readme, new RegExp(`\\b${id}\\b`), id);
  }
});
