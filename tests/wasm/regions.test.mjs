// Linear regions through the JS API (docs/API.md: gridJob's `regions`, the record's `regions`;
// docs/ACTIVATIONS.md, "Linear regions") on the real module, against activation patterns worked out
// here by a forward pass in double from the network's parameters and layout: the job's cells are
// the patterns of the grid numbered by first appearance, its count their number, its idle units
// the units that keep one side over the grid, and each epoch record's count the patterns of the
// training points. Points within 1e-4 of a kink (where float and double may disagree) are left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab } from '../../build-wasm/relulab.mjs';

const lab = await loadReluLab();
const NEAR = 1e-4;

/** Grid point `cell` (image order, rows from the top) as documented, in float32. */
function gridPoint(dims, R, cell) {
  const f = Math.fround;
  const step = f(12 / R);
  const at = (i) => f(-6 + f((i + 0.5) * step));
  return dims === 1 ? [at(cell)] : [at(cell % R), -at(Math.floor(cell / R))];
}

/** Each point's activation pattern (z > 0 per unit; maxout: the winning piece) in double, or null
 *  when some unit is within NEAR of its kink (or two maxout pieces within NEAR of each other). */
function patterns(params, layout, points, leakyA) {
  return points.map((x) => {
    let input = x;
    const pattern = [];
    for (const L of layout.slice(0, -1)) {
      const z = [];
      for (let r = 0; r < L.units * L.pieces; r++) {
        let s = params[L.biasOffset + r];
        for (let k = 0; k < L.inputs; k++) s += params[L.weightOffset + r * L.inputs + k] * input[k];
        z.push(s);
      }
      const h = [];
      for (let u = 0; u < L.units; u++) {
        if (L.activation === 'maxout') {
          const piece = z.slice(u * L.pieces, (u + 1) * L.pieces);
          const best = piece.indexOf(Math.max(...piece));
          if (piece.some((v, k) => k !== best && Math.abs(v - piece[best]) < NEAR)) return null;
          pattern.push(best);
          h.push(piece[best]);
          continue;
        }
        const v = z[u];
        if (L.activation === 'linear') { h.push(v); continue; }
        if (Math.abs(v) < NEAR) return null;
        pattern.push(v > 0 ? 1 : 0);
        const slope = L.activation === 'prelu' ? params[L.slopeOffset + (L.slopeCount === 1 ? 0 : u)]
          : L.activation === 'leaky_relu' ? leakyA : 0;
        h.push(L.activation === 'abs' ? Math.abs(v) : v > 0 ? v : slope * v);
      }
      input = h;
    }
    return pattern.join(',');
  });
}

const CONFIG = { dataset: 'spiral', points: 200, hidden: [6, 5], biasInit: 0.1,
  activations: ['relu', 'leaky_relu', 'prelu', 'abs', 'maxout', 'linear', 'tanh'] };

test('a job\'s regions are the grid\'s activation patterns numbered by first appearance', () => {
  const e = lab.experiment(CONFIG);
  try {
    e.train(4);
    const R = 40;
    const points = Array.from({ length: R * R }, (_, c) => gridPoint(2, R, c));
    for (let i = 0; i < e.size - 1; i++) {
      const act = CONFIG.activations[i];
      const job = e.gridJob(i, { resolution: R, regions: true });
      const { cells, count, idleUnits } = job.regions();
      assert.ok(cells instanceof Int32Array && cells.length === R * R, act);
      const expected = patterns(e.parameters(i), e.layout(i), points, lab.defaults.leakyA ?? 0.01);
      // The same partition of the cells that are clear of every kink: a bijection between numbers.
      const toCore = new Map(), toRef = new Map();
      let clear = 0;
      expected.forEach((p, c) => {
        if (p === null) return;
        clear++;
        assert.equal(toCore.get(p) ?? cells[c], cells[c], `${act}: cell ${c}`);
        assert.equal(toRef.get(cells[c]) ?? p, p, `${act}: cell ${c}`);
        toCore.set(p, cells[c]);
        toRef.set(cells[c], p);
      });
      assert.ok(clear > R * R * 0.95, `${act}: most cells are clear of kinks (${clear})`);
      // Numbered 0, 1, ... by first appearance, count = the largest + 1.
      let next = 0;
      for (const v of cells) { assert.ok(v <= next, `${act}: first appearance`); if (v === next) next++; }
      assert.equal(count, next, act);
      if (clear === R * R) assert.equal(count, new Set(expected).size, act);
      // Units that keep one side over every cell: a bit (or winning piece) that never changes.
      const split = expected.filter((p) => p !== null).map((p) => (p === '' ? [] : p.split(',')));
      const units = split[0].length;
      const idle = Array.from({ length: units }, (_, u) => split.every((p) => p[u] === split[0][u])).filter(Boolean).length
        + (act === 'linear' ? 11 : 0);   // linear units have no kink: every one is idle
      assert.equal(idleUnits, idle, act);
      if (act === 'linear') assert.equal(count, 1);
      else assert.ok(count >= 4, `${act}: a trained network has several regions (${count})`);
      const plain = e.gridJob(i, { resolution: R });
      assert.equal(plain.regions(), null, 'null unless asked for');
      plain.dispose();
      job.dispose();
    }
  } finally {
    e.dispose();
  }
});

test('each epoch record counts the regions of the training points; curved networks record 0', () => {
  const e = lab.experiment(CONFIG);
  try {
    const d = e.data();
    const xs = Array.from({ length: d.trainY.length }, (_, s) => [d.trainX[2 * s], d.trainX[2 * s + 1]]);
    for (let epoch = 0; epoch <= 3; epoch++) {
      if (epoch) e.train(1);
      e.summary().forEach((s, i) => {
        const recorded = e.history(i, epoch)[0].regions;
        assert.equal(s.latest.regions, recorded);
        if (s.activation === 'tanh') { assert.equal(recorded, 0); return; }
        const p = patterns(e.parameters(i), e.layout(i), xs, 0.01);
        if (p.includes(null)) return;   // a training point on a kink: float and double may differ
        assert.equal(recorded, new Set(p).size, `${s.activation} at epoch ${epoch}`);
      });
    }
  } finally {
    e.dispose();
  }
});

test('regions are refused for a curved network and for a non-boolean option, naming regions', () => {
  const e = lab.experiment({ activations: ['relu', 'tanh'], points: 60, hidden: [3] });
  try {
    assert.throws(() => e.gridJob(1, { regions: true }), (err) => err.field === 'regions'
      && /^regions: activations\[1\]: linear regions need piecewise-linear hidden layers \(linear, relu, leaky_relu, prelu, abs, maxout\); tanh is not$/.test(err.message));
    assert.throws(() => e.gridJob(0, { regions: 1 }), (err) => err.field === 'regions' && /true or false/.test(err.message));
    const plain = e.gridJob(1, { regions: false });
    assert.equal(plain.regions(), null);
    plain.dispose();
    assert.deepEqual(lab.activations.filter((a) => a.piecewiseLinear).map((a) => a.id),
      ['linear', 'relu', 'leaky_relu', 'prelu', 'abs', 'maxout']);
  } finally {
    e.dispose();
  }
});
