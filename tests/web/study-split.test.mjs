// The lessons' studies spread over a pool of study workers (web/lessons/studies.js SPLITS): for
// every lesson whose study (or presets) splits, the parts' results merged equal the study run
// whole, bit for bit (structured-clone round trip, as between workers), with 1, 2 and 3 parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab } from '../../build-wasm/relulab.mjs';
import { LESSONS } from '../../web/lessons/catalog.js';
import { SPLITS, splitStudy, mergeStudy, runStudy } from '../../web/lessons/studies.js';

const lab = await loadReluLab();
const viaWorker = (v) => structuredClone(v);

/** Smaller copies of a lesson's spec (fewer seeds / epochs) so the suite stays quick. */
function small(spec) {
  const s = { ...spec };
  if (s.seeds) s.seeds = s.seeds.slice(0, 5);
  if (s.maxEpochs) s.maxEpochs = Math.min(s.maxEpochs, 60);
  if (s.epochs) s.epochs = Math.min(s.epochs, 30);
  if (s.presets) s.presets = s.presets.map((p) => ({ ...p, epochs: Math.min(p.epochs, 20) }));
  return s;
}

const specs = LESSONS.flatMap((l) => [
  SPLITS[l.study.kind] ? { name: `${l.id} study (${l.study.kind})`, spec: small(l.study) } : null,
  l.presetClaims ? { name: `${l.id} presets`, spec: small({ kind: 'presetRuns', presets: l.presets }) } : null,
]).filter(Boolean);

test('the split studies include lesson 11 (fastest) and lesson 1 (dying)', () => {
  const kinds = new Set(specs.map((s) => s.spec.kind));
  for (const k of ['fastest', 'dying']) assert.ok(kinds.has(k), k);
});

for (const { name, spec } of specs) {
  test(`split over 1, 2, 3 workers and merged = whole: ${name}`, () => {
    const whole = runStudy(lab, spec);
    for (const parts of [1, 2, 3]) {
      const pieces = splitStudy(spec, parts);
      assert.ok(pieces.length >= 1 && pieces.length <= parts);
      const merged = mergeStudy(spec, pieces.map((p) => viaWorker(runStudy(lab, p))));
      assert.deepEqual(merged, whole, `${parts} parts`);
    }
  });
}
