// Size budget of the wasm API: relulab_core.wasm + its glue relulab_core.mjs + the wrapper
// relulab.mjs (WASM_FILES of scripts/build.mjs) within SIZE_BUDGET, raw and gzip -9 — the same
// numbers `node scripts/build.mjs` prints. Also the CSP guard: no `new Function` in the glue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { SIZE_BUDGET, WASM_FILES, wasmSizes } from '../../scripts/build.mjs';

const dir = fileURLToPath(new URL('../../build-wasm/', import.meta.url));

function breakdown() {
  return WASM_FILES.map((f) => {
    const bytes = readFileSync(dir + f);
    return `${f} ${bytes.length} (gzip ${gzipSync(bytes, { level: 9 }).length})`;
  }).join(', ');
}

test('wasm + glue + wrapper fit the size budget (raw and gzip -9)', () => {
  const sizes = wasmSizes(dir);
  assert.ok(sizes.raw <= SIZE_BUDGET.raw,
    `raw ${sizes.raw} bytes > budget ${SIZE_BUDGET.raw}: ${breakdown()}`);
  assert.ok(sizes.gzip <= SIZE_BUDGET.gzip,
    `gzip ${sizes.gzip} bytes > budget ${SIZE_BUDGET.gzip}: ${breakdown()}`);
});

test('the glue never evaluates strings as code (CSP without unsafe-eval)', () => {
  const glue = readFileSync(dir + 'relulab_core.mjs', 'utf8');
  assert.ok(!glue.includes('new Function'));
  assert.ok(!/\beval\(/.test(glue));
});
