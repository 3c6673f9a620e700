// The result layouts the core publishes (core/layouts.hpp, in the tables JSON as "layouts") are
// what wasm/relulab.mjs unpacks: every result object has exactly the published fields, in the
// published order, with the published kinds. Adding a field to a result in the core shows here
// without a JS edit. Not a test of the values themselves (api.test.mjs, determinism.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import createReluLabCore from '../../build-wasm/relulab_core.mjs';
import { loadReluLab } from '../../build-wasm/relulab.mjs';

const wasmBinary = readFileSync(new URL('../../build-wasm/relulab_core.wasm', import.meta.url));
const { layouts } = JSON.parse((await createReluLabCore({ wasmBinary })).tables());
const lab = await loadReluLab();
const activationIds = new Set(lab.activations.map((a) => a.id));

/** Checks `value` against the published layout `name`, recursively; `at` names the place. */
function conforms(value, name, at) {
  const fields = layouts[name];
  assert.ok(fields, `${at}: layout ${name} is published`);
  assert.deepEqual(Object.keys(value), Object.keys(fields), `${at}: the fields of ${name}, in order`);
  for (const [key, kind] of Object.entries(fields)) {
    const v = value[key];
    const where = `${at}.${key}`;
    if (Array.isArray(kind)) {
      assert.ok(Array.isArray(v), `${where} is a list`);
      v.forEach((entry, i) => (kind[0] === 'number' ? assert.equal(typeof entry, 'number', `${where}[${i}]`)
        : conforms(entry, kind[0], `${where}[${i}]`)));
    } else if (kind === 'number') assert.equal(typeof v, 'number', where);
    else if (kind === 'boolean') assert.equal(typeof v, 'boolean', where);
    else if (kind === 'activation') assert.ok(activationIds.has(v), `${where}: an activation id (got ${v})`);
    else conforms(v, kind, where);
  }
}

test('the core publishes the layouts of every packed result, with the fields docs/API.md names', () => {
  assert.deepEqual(Object.keys(layouts).sort(),
    ['diagnostics', 'layer', 'layerDiagnostics', 'record', 'summary', 'unitDiagnostics', 'unitHistory', 'unitPush',
      'unitRecord']);
  assert.deepEqual(Object.keys(layouts.unitHistory), ['canDie', 'deathEpoch', 'revivals', 'revivalCount', 'push', 'records']);
  assert.deepEqual(layouts.unitHistory.records, ['unitRecord']);
  assert.equal(layouts.unitHistory.push, 'unitPush');
  assert.deepEqual(Object.keys(layouts.unitRecord), ['epoch', 'bias', 'weightNorm', 'activity', 'gradNorm', 'off']);
  assert.deepEqual(Object.keys(layouts.unitPush), ['known', 'epoch', 'step', 'learningRate', 'biasBefore', 'biasChange',
    'weightNormBefore', 'weightChange', 'gradBias', 'gradNorm']);
  assert.deepEqual(Object.keys(layouts.record), ['epoch', 'trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy',
    'dead', 'inactive', 'saturated', 'deadPieces', 'totalUnits', 'regions']);
  assert.equal(layouts.summary.latest, 'record');
  assert.deepEqual(layouts.diagnostics.layers, ['layerDiagnostics']);
  assert.deepEqual(layouts.layerDiagnostics.units, ['unitDiagnostics']);
  assert.deepEqual(layouts.unitDiagnostics.pieceWins, ['number']);
  assert.equal(lab.layouts, undefined, 'the layouts are the wrapper\'s, not public API');
});

test('lab.experiment results have exactly the published fields, nested ones included', () => {
  const e = lab.experiment({ activations: ['relu', 'maxout', 'prelu', 'tanh'], points: 60, hidden: [3, 2] });
  try {
    e.train(2);
    const history = e.history(1);
    assert.equal(history.length, 3);
    history.forEach((r, i) => conforms(r, 'record', `history[${i}]`));
    const summary = e.summary();
    assert.equal(summary.length, 4);
    summary.forEach((s, i) => conforms(s, 'summary', `summary[${i}]`));
    assert.deepEqual(summary[1].latest, history[2], 'the summary\'s latest record is the last of the history');
    for (let i = 0; i < e.size; i++) {
      e.layout(i).forEach((l, k) => conforms(l, 'layer', `layout(${i})[${k}]`));
      conforms(e.unitHistory(i, 0, 1), 'unitHistory', `unitHistory(${i}, 0, 1)`);
      const d = e.diagnostics(i);
      conforms(d, 'diagnostics', `diagnostics(${i})`);
      assert.equal(d.layers.length, 2);
      assert.equal(d.layers[0].units.length, 3);
    }
    const maxout = e.diagnostics(1).layers[0].units[0];
    assert.equal(maxout.pieceWins.length, 2, 'maxout: one win count per piece');
    assert.equal(maxout.pieceWins.reduce((a, b) => a + b, 0), e.data().trainY.length, 'every sample won by one piece');
  } finally {
    e.dispose();
  }
});

test('lab.network results have exactly the published fields', () => {
  const n = lab.network({ hidden: [4], activations: ['prelu'] });
  try {
    n.layout.forEach((l, k) => conforms(l, 'layer', `layout[${k}]`));
    conforms(n.diagnostics([0.5, -1, 2, 0.25], [1, 0]), 'diagnostics', 'diagnostics');
  } finally {
    n.dispose();
  }
});
