// The lessons' studies spread over a pool of study workers (web/lessons/studies.js): every
// lesson's study and its presets, split into 1, 2 and 3 parts, each part run on its own (its
// result through a structured-clone round trip, as between workers) and merged, equal the study
// run whole, bit for bit. Small copies of each lesson's spec (fewer seeds and epochs) keep the
// suite quick; the split does not depend on the sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadReluLab } from '../../build-wasm/relulab.mjs';
import { LESSONS } from '../../web/lessons/catalog.js';
import { KINDS, STUDIES, splitStudy, mergeStudy, runStudy } from '../../web/lessons/studies.js';

const lab = await loadReluLab();
const here = dirname(fileURLToPath(import.meta.url));
const viaWorker = (v) => structuredClone(v);

/** A smaller copy of a lesson's spec: at most 3 seeds (and 3 per case), fewer epochs where no checkpoint needs them. */
function small(spec) {
  const s = structuredClone(spec);
  if (Array.isArray(s.seeds)) s.seeds = s.seeds.slice(0, 3);
  if (s.trained?.seeds) s.trained.seeds = s.trained.seeds.slice(0, 2);
  if (Array.isArray(s.cases)) s.cases = s.cases.map((c) => (c.seeds ? { ...c, seeds: c.seeds.slice(0, 2) } : c));
  if (s.maxEpochs) s.maxEpochs = Math.min(s.maxEpochs, 40);
  if (s.epochs && !s.checkpoints) s.epochs = Math.min(s.epochs, s.every ? Math.max(s.every, 20) : 20);
  if (s.presets) s.presets = s.presets.map((p) => ({ ...p, epochs: Math.min(p.epochs, 10) }));
  return s;
}

const specs = LESSONS.flatMap((l) => [
  { id: l.id, which: 'study', name: `${l.id} study (${l.study.kind})`, spec: small(l.study) },
  l.presetClaims ? { id: l.id, which: 'presets', name: `${l.id} presets`, spec: small({ kind: 'presetRuns', presets: l.presets }) } : null,
]).filter(Boolean);

// What the studies gave before they were rewritten as runs and a finish (session 10): a hash of
// each small study's result made by the old generators (one loop per study, no split), so a wrong
// index in a finish cannot hide behind the whole and the split agreeing with each other.
const BEFORE = JSON.parse(readFileSync(join(here, 'fixtures', 'study-results.json'), 'utf8'));
/** JSON with every object's keys sorted (typed arrays as arrays), hashed. */
const canonical = (v) => JSON.stringify(v, (k, x) => (ArrayBuffer.isView(x) ? Array.from(x)
  : x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((key) => [key, x[key]])) : x));
const hash = (v) => createHash('sha256').update(canonical(v)).digest('hex').slice(0, 16);

test('every study kind is written as items, runs and a finish, so every one splits', () => {
  assert.deepEqual(Object.keys(STUDIES).sort(), Object.keys(KINDS).sort());
  for (const [kind, k] of Object.entries(KINDS)) {
    for (const f of ['items', 'run', 'finish']) assert.equal(typeof k[f], 'function', `${kind}.${f}`);
  }
  // Every lesson's study (all 15) and presets split into 3 parts when it has 3 runs or more.
  assert.equal(LESSONS.length, 15);
  for (const { name, spec } of specs) {
    const n = KINDS[spec.kind].items(spec).length;
    assert.equal(splitStudy(spec, 3).length, Math.min(3, n), name);
  }
});

test('a split gives each part a contiguous block of runs, every run once, none empty', () => {
  const spec = { kind: 'dying', config: {}, seeds: [1, 2, 3, 4, 5, 6, 7], epochs: 1 };
  for (const parts of [1, 2, 3, 7, 9]) {
    const pieces = splitStudy(spec, parts);
    assert.equal(pieces.length, Math.min(parts, 7));
    if (parts === 1) { assert.equal(pieces[0].part, undefined); continue; }
    const covered = pieces.flatMap((p) => { assert.ok(p.part[1] > p.part[0]); return Array.from({ length: p.part[1] - p.part[0] }, (_, i) => p.part[0] + i); });
    assert.deepEqual(covered, [0, 1, 2, 3, 4, 5, 6]);
  }
});

test('splitting refuses an unknown kind and a number of parts that is not a whole number from 1', () => {
  const spec = { kind: 'dying', config: {}, seeds: [1, 2, 3], epochs: 1 };
  for (const parts of [0, -1, 1.5, NaN, '2', null]) assert.throws(() => splitStudy(spec, parts), /splitStudy: parts must be a whole number from 1/);
  assert.throws(() => splitStudy({ ...spec, kind: 'nope' }, 2), /splitStudy: unknown study kind "nope"/);
  assert.throws(() => splitStudy({ ...spec, kind: '__proto__' }, 2), /unknown study kind/);
});

test('merging refuses parts that are not one split in order (missing, repeated, out of order, short)', () => {
  const spec = { kind: 'presetRuns', presets: [1, 2, 3].map((k) => ({ id: `p${k}`, epochs: 1, config: {} })) };
  const parts = splitStudy(spec, 3).map((p) => ({ part: p.part, records: [[p.presets[p.part[0]].id, []]] }));
  assert.deepEqual(mergeStudy(spec, parts), { p1: [], p2: [], p3: [] });
  for (const bad of [[parts[0], parts[2]], [parts[1], parts[0], parts[2]], [parts[0], parts[1]], [parts[0], parts[1], parts[2], parts[2]],
    [parts[0], { ...parts[1], records: [] }, parts[2]]]) {
    assert.throws(() => mergeStudy(spec, bad), /mergeStudy: (part|the parts end)/);
  }
  // A study with values apart from its runs: the last part must bring them.
  const exc = { kind: 'excitation', config: { activations: ['relu', 'tanh'] }, seeds: [1, 2] };
  const shares = splitStudy(exc, 2).map((p) => ({ part: p.part, records: Array.from({ length: p.part[1] - p.part[0] }, () => ({ run: {}, drawn: null })) }));
  assert.throws(() => mergeStudy(exc, shares), /mergeStudy: the last part did not bring/);
});

for (const { id, which, name, spec } of specs) {
  test(`split over 1, 2, 3 workers and merged = whole, = the old generators' result: ${name}`, () => {
    const whole = runStudy(lab, spec);
    assert.equal(hash(whole), BEFORE[id]?.[which], 'the result the study gave before the rewrite');
    for (const parts of [1, 2, 3]) {
      const pieces = splitStudy(spec, parts);
      assert.ok(pieces.length >= 1 && pieces.length <= parts);
      const merged = mergeStudy(spec, pieces.map((p) => viaWorker(runStudy(lab, p))));
      assert.deepEqual(merged, whole, `${parts} parts`);
    }
  });
}
