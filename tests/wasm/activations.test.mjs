// Activation values and derivatives from the wasm module against independent references computed
// here in JS double precision (within float32 tolerance), the documented convention at z = 0 for
// every activation, and agreement of the array form (curve) with the scalar forms bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab } from '../../build-wasm/relulab.mjs';

const lab = await loadReluLab();

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_LAMBDA = 1.0507009873554804934193349852946;
const sigmoid = (z) => 1 / (1 + Math.exp(-z));

/** erf by its Maclaurin series: ample accuracy (about 1e-14) for the |x| <= 3 used here. */
function erf(x) {
  let term = x;
  let sum = x;
  for (let n = 1; n < 80; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
const Phi = (z) => 0.5 * (1 + erf(z / Math.SQRT2));
const phi = (z) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/** [value, derivative] references in double; p = the activation's params. */
const REFERENCES = {
  linear: (z) => [z, 1],
  sigmoid: (z) => [sigmoid(z), sigmoid(z) * (1 - sigmoid(z))],
  tanh: (z) => [Math.tanh(z), 1 - Math.tanh(z) ** 2],
  relu: (z, p) => [Math.max(0, z), z > 0 ? 1 : z < 0 ? 0 : p.reluGradAtZero],
  leaky_relu: (z, p) => [z > 0 ? z : p.a * z, z > 0 ? 1 : p.a],
  prelu: (z, p) => [z > 0 ? z : p.a * z, z > 0 ? 1 : p.a],
  abs: (z) => [Math.abs(z), Math.sign(z)],
  elu: (z, p) => [z > 0 ? z : p.alpha * Math.expm1(z), z > 0 ? 1 : p.alpha * Math.exp(z)],
  selu: (z) => [SELU_LAMBDA * (z > 0 ? z : SELU_ALPHA * Math.expm1(z)), SELU_LAMBDA * (z > 0 ? 1 : SELU_ALPHA * Math.exp(z))],
  softplus: (z) => [Math.log1p(Math.exp(z)), sigmoid(z)],
  gelu: (z) => [z * Phi(z), Phi(z) + z * phi(z)],
  silu: (z) => [z * sigmoid(z), sigmoid(z) * (1 + z * (1 - sigmoid(z)))],
  maxout: (z) => [z, 1],   // element-wise part is the identity; the max is taken over groups
};

const POINTS = [-3, -1.5, -1, -0.25, 0.125, 0.5, 1, 2, 3];

/** Within about two float32 ulps of the double reference. */
function close(got, ref, what) {
  const tolerance = 2 ** -22 * Math.abs(ref) + 1e-30;
  assert.ok(Math.abs(got - ref) <= tolerance, `${what}: got ${got}, reference ${ref} (diff ${Math.abs(got - ref)})`);
}

test('every activation in the core table has a reference here', () => {
  assert.deepEqual(Object.keys(REFERENCES).sort(), lab.activations.map((a) => a.id).sort());
});

/** Parameter sets tried per activation (the core's defaults for absent ones). */
const PARAM_SETS = { relu: [{}, { reluGradAtZero: 1 }], leaky_relu: [{}, { a: 0.3 }], prelu: [{}, { a: -0.5 }],
  elu: [{}, { alpha: 0.5 }] };

test('values and derivatives match double-precision references within float tolerance', () => {
  for (const [id, ref] of Object.entries(REFERENCES)) {
    for (const params of PARAM_SETS[id] ?? [{}]) {
      const act = lab.activation(id, params);
      for (const z of POINTS) {
        const [value, derivative] = ref(z, act.params);
        close(act.value(z), value, `${id}(${z}) with ${JSON.stringify(params)}`);
        close(act.derivative(z), derivative, `${id}'(${z}) with ${JSON.stringify(params)}`);
      }
    }
  }
});

test('sigmoid(1) is 1/(1+e^-1) and tanh(0.5), gelu(1), softplus(-1) match to float precision', () => {
  close(lab.activation('sigmoid').value(1), 1 / (1 + Math.exp(-1)), 'sigmoid(1)');
  assert.equal(lab.activation('sigmoid').value(1), Math.fround(1 / (1 + Math.exp(-1))));
  close(lab.activation('tanh').value(0.5), Math.tanh(0.5), 'tanh(0.5)');
  close(lab.activation('gelu').value(1), 0.8413447460685429, 'gelu(1)');
  close(lab.activation('softplus').value(-1), Math.log1p(Math.exp(-1)), 'softplus(-1)');
});

test('the documented convention at z = 0 holds for every activation', () => {
  const AT_ZERO = {
    // id: [params, value(0), derivative(0)]
    linear: [{}, 0, 1],
    sigmoid: [{}, 0.5, 0.25],
    tanh: [{}, 0, 1],
    relu: [{}, 0, 0],
    leaky_relu: [{}, 0, Math.fround(0.01)],    // z > 0 ? 1 : a, so a at 0
    prelu: [{}, 0, 0.25],
    abs: [{}, 0, 0],
    elu: [{}, 0, 1],                           // negative branch: alpha * e^0
    selu: [{}, 0, Math.fround(SELU_LAMBDA * SELU_ALPHA)],
    softplus: [{}, Math.fround(Math.LN2), 0.5],
    gelu: [{}, 0, 0.5],
    silu: [{}, 0, 0.5],
    maxout: [{}, 0, 1],
  };
  assert.deepEqual(Object.keys(AT_ZERO).sort(), lab.activations.map((a) => a.id).sort());
  for (const [id, [params, value, derivative]] of Object.entries(AT_ZERO)) {
    const act = lab.activation(id, params);
    assert.equal(act.value(0), value, `${id}(0)`);
    close(act.derivative(0), derivative, `${id}'(0)`);
  }
  // relu'(0) follows reluGradAtZero; the others are unaffected by it.
  for (const g of lab.reluGradAtZeroChoices) {
    assert.equal(lab.activation('relu', { reluGradAtZero: g }).derivative(0), g);
    assert.equal(lab.activation('abs', { reluGradAtZero: g }).derivative(0), 0);
  }
  assert.equal(lab.activation('leaky_relu', { a: 0.2 }).derivative(0), Math.fround(0.2));
  assert.equal(lab.activation('elu', { alpha: 2.5 }).derivative(0), 2.5);
  // PReLU's dg/da: z for z <= 0 (so 0 at 0), 0 above.
  const prelu = lab.activation('prelu');
  assert.equal(prelu.gradA(0), 0);
  assert.equal(prelu.gradA(-1.5), -1.5);
  assert.equal(prelu.gradA(1.5), 0);
});

test('curve gives the scalar forms\' exact bits for every activation, including kinks and extremes', () => {
  const zs = new Float32Array([-100, -20, -3, -1, -1e-6, 0, 1e-6, 0.5, 1, 3, 20, 100]);
  for (const { id } of lab.activations) {
    const act = lab.activation(id);
    const c = act.curve(zs);
    for (let i = 0; i < zs.length; i++) {
      assert.ok(Object.is(c.value[i], Math.fround(act.value(zs[i]))), `${id} value at ${zs[i]}`);
      assert.ok(Object.is(c.derivative[i], Math.fround(act.derivative(zs[i]))), `${id} derivative at ${zs[i]}`);
      assert.ok(Number.isFinite(c.value[i]) && Number.isFinite(c.derivative[i]), `${id} finite at ${zs[i]}`);
    }
  }
});

test('saturating tails: sigmoid and tanh derivatives vanish, ReLU family does not on the right', () => {
  assert.ok(lab.activation('sigmoid').derivative(20) < 1e-8);
  assert.ok(lab.activation('tanh').derivative(-20) < 1e-8);
  assert.equal(lab.activation('relu').derivative(1e6), 1);
  assert.equal(lab.activation('relu').derivative(-1e6), 0);
  assert.equal(lab.activation('leaky_relu').derivative(-1e6), Math.fround(0.01));
});
