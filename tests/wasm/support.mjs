// Helpers shared by the Node tests of the real module.
import assert from 'node:assert/strict';
import { LabError } from '../../build-wasm/relulab.mjs';

/** A float array's bit patterns (typed array or plain numbers, read as float32), for exact comparisons. */
export const bits = (a) => Array.from(new Uint32Array(Float32Array.from(a).buffer));

/** Asserts fn throws a LabError whose message matches `pattern` and, when given, whose field is `field`. */
export function refuses(fn, pattern, field) {
  let error;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected a LabError matching ${pattern}`);
  assert.ok(error instanceof LabError, `not a LabError: ${error}`);
  assert.equal(error.name, 'LabError');
  assert.match(error.message, pattern);
  if (field !== undefined) assert.equal(error.field, field);
  return error;
}
