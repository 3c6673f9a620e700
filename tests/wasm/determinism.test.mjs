// Native and wasm agree bit for bit: the default experiment trained for 50 epochs gives, for every
// activation, parameters whose FNV-1a hash equals the golden value that the native Catch2 test
// (tests/native/test_experiment.cpp, "[determinism]") pins. Same hash definition: FNV-1a 32-bit
// over the little-endian bytes of the float32 parameters in layout order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadReluLab } from '../../build-wasm/relulab.mjs';

/** Copied from tests/native/test_experiment.cpp; the test below checks they still agree. */
const GOLDEN = {
  relu: 0x9b790c1e,
  leaky_relu: 0xff613dc6,
  prelu: 0x868fc880,
  elu: 0x838bac00,
  abs: 0xb706a414,
  maxout: 0x9554e5be,
  tanh: 0xead931e7,
  sigmoid: 0x6228372c,
};

/** FNV-1a 32-bit over the little-endian bytes of the float32 values. */
function fnv1aParameters(params) {
  const bytes = new Uint8Array(Float32Array.from(params).buffer);
  const view = new DataView(bytes.buffer);
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i += 4) {
    const bits = view.getUint32(i, true);    // little-endian, whatever the host
    for (let b = 0; b < 4; b++) {
      hash ^= (bits >>> (8 * b)) & 0xff;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return hash >>> 0;
}

const hex = (h) => `0x${h.toString(16).padStart(8, '0')}`;

test('the hash is FNV-1a 32-bit (known vectors)', () => {
  assert.equal(fnv1aParameters([]), 0x811c9dc5);
  // Bytes 00 00 80 3f (1.0f) and the standard FNV-1a of those four bytes.
  let h = 0x811c9dc5;
  for (const byte of [0x00, 0x00, 0x80, 0x3f]) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  assert.equal(fnv1aParameters([1]), h);
});

test('the golden hashes here are the ones the native test pins', () => {
  const source = readFileSync(new URL('../native/test_experiment.cpp', import.meta.url), 'utf8');
  const block = /golden\[\]\s*=\s*\{([^}]*)\}/.exec(source)?.[1];
  assert.ok(block, 'golden[] not found in tests/native/test_experiment.cpp');
  const native = Object.fromEntries([...block.matchAll(/0x([0-9a-fA-F]{8})u\s*,?\s*\/\/\s*(\w+)/g)]
    .map(([, h, id]) => [id, parseInt(h, 16)]));
  assert.deepEqual(Object.fromEntries(Object.entries(native).map(([k, v]) => [k, hex(v)])),
    Object.fromEntries(Object.entries(GOLDEN).map(([k, v]) => [k, hex(v)])));
});

test('the default experiment after 50 epochs has the native golden parameters, bit for bit', async () => {
  const lab = await loadReluLab();
  const e = lab.experiment(lab.defaults);
  e.train(50);
  const got = {};
  e.summary().forEach((s, i) => {
    assert.equal(s.epoch, 50);
    got[s.activation] = hex(fnv1aParameters(e.parameters(i)));
  });
  assert.deepEqual(got, Object.fromEntries(Object.entries(GOLDEN).map(([k, v]) => [k, hex(v)])));
  e.dispose();
});

test('same seed, same bits: two runs, and train(n) in pieces, agree', async () => {
  const lab = await loadReluLab();
  const config = { activations: ['relu', 'gelu', 'selu', 'softplus', 'silu'], points: 200, optimizer: 'adam',
    learningRate: 0.01 };
  const a = lab.experiment(config);
  const b = lab.experiment(config);
  a.train(6);
  for (let i = 0; i < 6; i++) b.train(1);
  for (let i = 0; i < a.size; i++) assert.equal(fnv1aParameters(a.parameters(i)), fnv1aParameters(b.parameters(i)));
  a.dispose();
  b.dispose();
});
