// experiment.setParameters on the real module (docs/API.md): an edit is the float32 rounding of the
// values given (Math.fround, computed here), only in the network addressed; setting the old values
// back restores the run bit for bit (a twin experiment trained alike gives the same bits); hostile
// arguments are refused with a LabError naming the argument and its range, and every network's
// parameters, the summary and the history stay exactly as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab, LabError } from '../../build-wasm/relulab.mjs';

const lab = await loadReluLab();
const bits = (a) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const config = { dataset: 'circle', points: 200, hidden: [6, 5], optimizer: 'adam',
  activations: ['relu', 'tanh', 'maxout'] };

function refuses(fn, message, field) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof LabError, `a LabError (got ${e})`);
    assert.match(e.message, message);
    assert.equal(e.field, field);
    return true;
  });
}

/** Everything the caller can read of an experiment's state, as bits and numbers. */
function snapshot(e) {
  return JSON.stringify({
    params: Array.from({ length: e.size }, (_, i) => bits(e.parameters(i))),
    summary: e.summary(),
    history: Array.from({ length: e.size }, (_, i) => e.history(i)),
  });
}

test('setParameters: float32 rounding of the values, in that network only; undo restores the run bit for bit', () => {
  const e = lab.experiment(config);
  const twin = lab.experiment(config);
  e.train(3), twin.train(3);
  const old = e.parameters(2);
  const other = bits(e.parameters(0));
  const boundary = bits(e.boundary(2, 16));
  const values = Array.from(old);
  const layout = e.layout(2);
  values[layout[0].weightOffset] = 0.1;                 // not a float32: rounded
  values[layout[1].biasOffset + 1] = -1.2345678901234;  // a hidden bias
  values[values.length - 1] = 3.4028234663852886e38;     // FLT_MAX: the edge of the range
  e.setParameters(2, values);
  assert.deepEqual(bits(e.parameters(2)), bits(new Float32Array(values.map(Math.fround))));
  assert.deepEqual(bits(e.parameters(0)), other);
  assert.notDeepEqual(bits(e.boundary(2, 16)), boundary);
  assert.deepEqual(e.history(2), twin.history(2));  // records are kept as recorded

  e.setParameters(2, old);  // a Float32Array: undo
  assert.deepEqual(bits(e.parameters(2)), bits(old));
  assert.deepEqual(bits(e.boundary(2, 16)), boundary);
  e.train(2), twin.train(2);  // the optimiser state was kept: the same run as the twin's
  for (let i = 0; i < e.size; i++) assert.deepEqual(bits(e.parameters(i)), bits(twin.parameters(i)));
  assert.deepEqual(e.history(2), twin.history(2));

  // An edit mid-epoch, then training: only the edited network departs from the twin.
  const w = Array.from(e.parameters(1));
  w[0] += 0.5;
  e.trainSteps(2), twin.trainSteps(2);
  e.setParameters(1, w);
  e.train(1), twin.train(1);
  assert.deepEqual(bits(e.parameters(0)), bits(twin.parameters(0)));
  assert.notDeepEqual(bits(e.parameters(1)), bits(twin.parameters(1)));
  e.dispose(), twin.dispose();
});

test('setParameters refuses hostile arguments, naming them, and changes nothing', () => {
  const e = lab.experiment(config);
  e.train(2);
  e.trainSteps(3);
  const before = snapshot(e);
  const good = Array.from(e.parameters(1));
  const n = good.length;
  const count = new RegExp(`^values must have ${n} numbers \\(got \\d+\\)$`);
  const range = /^values\[5\] must be a finite number within float32 range \(got .+\)$/;
  const withValue = (x) => { const v = good.slice(); v[2] = 0.5; v[5] = x; return v; };
  const cases = [
    [() => e.setParameters(1, good.slice(0, n - 1)), count, 'values'],
    [() => e.setParameters(1, [...good, 0]), count, 'values'],
    [() => e.setParameters(1, new Float32Array(n + 1)), count, 'values'],
    [() => e.setParameters(1, []), count, 'values'],
    [() => e.setParameters(1, withValue(NaN)), range, 'values'],
    [() => e.setParameters(1, withValue(Infinity)), range, 'values'],
    [() => e.setParameters(1, withValue(-Infinity)), range, 'values'],
    [() => e.setParameters(1, withValue(1e39)), range, 'values'],
    [() => e.setParameters(1, withValue(-3.5e38)), range, 'values'],
    [() => e.setParameters(1, Float64Array.from(withValue(1e39))), range, 'values'],
    [() => e.setParameters(1, withValue('0.5')), /^values\[5\] must be a number \(got string/, 'values'],
    [() => e.setParameters(1, withValue(undefined)), /^values\[5\] must be a number/, 'values'],
    [() => e.setParameters(1, 'abc'), /^values must be a Float32Array or an array of numbers/, 'values'],
    [() => e.setParameters(1, null), /^values must be a Float32Array or an array of numbers/, 'values'],
    [() => e.setParameters(1, { length: n }), /^values must be a Float32Array or an array of numbers/, 'values'],
    [() => e.setParameters(1), /^values must be a Float32Array or an array of numbers/, 'values'],
    [() => e.setParameters(3, good), /^index must be a whole number from 0 to 2 \(got number 3\)$/, 'index'],
    [() => e.setParameters(-1, good), /^index must be a whole number from 0 to 2 \(got number -1\)$/, 'index'],
    [() => e.setParameters(0.5, good), /^index must be a whole number from 0 to 2/, 'index'],
    [() => e.setParameters('1', good), /^index must be a whole number from 0 to 2 \(got string/, 'index'],
    [() => e.setParameters(NaN, good), /^index must be a whole number from 0 to 2/, 'index'],
    [() => e.setParameters(undefined, good), /^index must be a whole number from 0 to 2/, 'index'],
    // Network 2's parameters (maxout: more of them) are the wrong count for network 1 (tanh).
    [() => e.setParameters(1, e.parameters(2)), count, 'values'],
  ];
  for (const [call, message, field] of cases) {
    refuses(call, message, field);
    assert.equal(snapshot(e), before);
  }
  // Still usable after every refusal.
  e.setParameters(1, good);
  assert.equal(snapshot(e), before);
  e.dispose();
  refuses(() => e.setParameters(1, good), /^experiment has been disposed$/, null);
});
