// Input features through the JS API (docs/API.md): the `lab.features` table, the `features` key of
// the experiment config (default x1, x2: the same bits as a config without it; a set, so any order
// gives the same networks), the networks' inputs following the set and the 1-D rule, a boundary
// against the formula sigmoid(w x1x2 + b) worked out here, and refusals naming `features`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab, LabError } from '../../build-wasm/relulab.mjs';

const lab = await loadReluLab();
const bits = (a) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
const small = { points: 60, hidden: [4], activations: ['relu', 'tanh'] };

function refused(config, message) {
  assert.throws(() => lab.experiment(config), (e) => {
    assert.ok(e instanceof LabError);
    assert.match(e.message, message);
    assert.equal(e.field, 'features');
    return true;
  });
}

test('lab.features lists the seven features in input order, with symbols and names in both languages', () => {
  assert.deepEqual(lab.features.map((f) => f.id), ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2']);
  assert.deepEqual(lab.features.map((f) => f.symbol), ['x₁', 'x₂', 'x₁²', 'x₂²', 'x₁x₂', 'sin x₁', 'sin x₂']);
  assert.deepEqual(lab.features.filter((f) => !f.usesX2).map((f) => f.id), ['x1', 'x1sq', 'sinx1']);
  for (const f of lab.features) {
    assert.ok(f.nameEn.length > 0 && /[\u4e00-\u9fff]/.test(f.nameZh), f.id);
  }
  assert.deepEqual(lab.defaults.features, ['x1', 'x2']);
});

test('the default features give the bits of a config without the key; any order is the same set', () => {
  const runs = [small, { ...small, features: ['x1', 'x2'] }, { ...small, features: ['x2', 'x1'] }].map((config) => {
    const e = lab.experiment(config);
    e.train(3);
    const out = [bits(e.parameters(0)), bits(e.parameters(1)), bits(e.boundary(0, 9))];
    e.dispose();
    return out;
  });
  assert.deepEqual(runs[1], runs[0]);
  assert.deepEqual(runs[2], runs[0]);
});

test('the networks read as many inputs as features apply to the data', () => {
  const inputs = (config) => {
    const e = lab.experiment({ ...small, ...config });
    const n = e.layout(0)[0].inputs;
    e.dispose();
    return n;
  };
  assert.equal(inputs({}), 2);
  assert.equal(inputs({ features: 'x1x2' }), 1);
  assert.equal(inputs({ features: ['sinx2', 'x1sq', 'x1', 'x2', 'x2sq', 'x1x2', 'sinx1'] }), 7);
  // 1-D data: the features of x2 do not apply.
  assert.equal(inputs({ dataset: 'abs1d' }), 1);
  assert.equal(inputs({ dataset: 'abs1d', features: ['x1', 'x1sq', 'x2', 'x1x2'] }), 2);
});

test('a network on x1x2 alone draws sigmoid(w x1 x2 + b) over the raw plane', () => {
  const e = lab.experiment({ dataset: 'xor', noise: 0, points: 100, hidden: [], activations: ['relu'], features: ['x1x2'] });
  e.train(5);
  const [w, b] = e.parameters(0);
  const R = 6;
  const grid = e.boundary(0, R);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < R; c++) {
      const x1 = -6 + (c + 0.5) * 12 / R, x2 = 6 - (r + 0.5) * 12 / R;
      const p = 1 / (1 + Math.exp(-(w * x1 * x2 + b)));
      assert.ok(Math.abs(grid[r * R + c] - p) < 1e-5, `cell (${r}, ${c}): ${grid[r * R + c]} vs ${p}`);
    }
  }
  e.dispose();
});

test('bad feature lists are refused naming features and the allowed values', () => {
  refused({ ...small, features: [] }, /^features must include at least one of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2 \(got none\)$/);
  refused({ ...small, features: ['x3'] }, /^features\[0\]: unknown feature 'x3' \(allowed: x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2\)$/);
  refused({ ...small, features: ['x1', 'x1x2', 'x1'] }, /^features\[2\] repeats x1 \(each feature at most once\)$/);
  refused({ ...small, features: 3 }, /^features must be an array of feature ids \(got number 3\)$/);
  refused({ ...small, features: ['x1', 4] }, /^features\[1\] must be a feature id \(got number 4\)$/);
  refused({ ...small, dataset: 'kink1d', features: ['x2', 'sinx2'] },
    /^features must include at least one of x1, x1sq, sinx1 for a 1-D data set \(got x2, sinx2\)$/);
});
