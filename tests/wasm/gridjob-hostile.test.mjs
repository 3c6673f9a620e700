// experiment.gridJob refusals (docs/API.md): every bad argument, call before the job is done or
// after dispose, and a module out of memory gives a LabError naming the field, never an abort, and
// changes nothing: the job then finishes with the bits of a job that never saw the bad calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab, LabError } from '../../build-wasm/relulab.mjs';
import { bits, refuses } from './support.mjs';

const lab = await loadReluLab();
const MAX_INT = 2147483647;


const results = (job) => ({ epoch: job.epoch, boundary: bits(job.boundary()), maps: job.unitMaps().flat().map(bits),
  loss: job.diagnostics().loss });

test('gridJob refuses a bad index, resolution, thumbResolution or options with the field and its range', () => {
  const e = lab.experiment({ activations: ['relu', 'elu'], points: 60 });
  const range = '(from 2 to 256|0 or a whole number from 2 to 256)';
  refuses(() => e.gridJob(2), /^index must be a whole number from 0 to 1 \(got number 2\)$/, 'index');
  for (const index of [-1, 1.5, NaN, '0', undefined, 1e12]) refuses(() => e.gridJob(index), /^index must be a whole number from 0 to 1/, 'index');
  for (const r of [NaN, -1, 0, 1, 257, 2.5, 1e12, -1e12, Infinity]) {
    refuses(() => e.gridJob(0, { resolution: r }), new RegExp(`^resolution must be a whole number from 2 to 256 \\(got `), 'resolution');
    if (r !== 0) refuses(() => e.gridJob(0, { resolution: 8, thumbResolution: r }), new RegExp(`^thumbResolution must be ${range}`), 'thumbResolution');
  }
  refuses(() => e.gridJob(0, { resolution: 1e12 }), /\(got 1e\+12\)$/, 'resolution');
  refuses(() => e.gridJob(0, { resolution: NaN }), /\(got nan\)$/, 'resolution');
  refuses(() => e.gridJob(0, { resolution: '8' }), /^resolution must be a number \(got string "8"\)$/, 'resolution');
  refuses(() => e.gridJob(0, { thumbResolution: null }), /^thumbResolution must be a number \(got null\)$/, 'thumbResolution');
  refuses(() => e.gridJob(0, { diagnostics: 1 }), /^diagnostics must be true or false \(got number 1\)$/, 'diagnostics');
  refuses(() => e.gridJob(0, { resolutoin: 8 }), /^gridJob options: unknown key 'resolutoin' \(allowed: resolution, thumbResolution, diagnostics, regions, firstUnit, unitCount, pre\)$/, 'resolutoin');
  refuses(() => e.gridJob(0, [8]), /^gridJob options must be a plain object \(got an array\)$/, 'options');
  refuses(() => e.gridJob(0, new Map()), /^gridJob options must be a plain object/, 'options');
  // Nothing was made: the module holds what it held before.
  const used = lab.heapUsedBytes();
  try { e.gridJob(0, { resolution: 300 }); } catch { /* expected */ }
  assert.equal(lab.heapUsedBytes(), used);
  e.dispose();
});

test('step refuses points that are not a whole number from 1 to 2147483647, and changes nothing', () => {
  const e = lab.experiment({ activations: ['relu'], points: 100, hidden: [6, 5] });
  const request = { resolution: 20, thumbResolution: 7, diagnostics: true };
  const clean = e.gridJob(0, request);
  let cleanCalls = 1;
  while (!clean.step(64)) cleanCalls++;
  const job = e.gridJob(0, request);
  const bad = [NaN, -1, 0, 1e12, 2.5, Infinity, '5', null, undefined, 2 ** 31];
  let calls = 0;
  for (;;) {
    for (const p of bad) refuses(() => job.step(p), /^points must be a whole number from 1 to 2147483647 \(got /, 'points');
    calls++;
    if (job.step(64)) break;
  }
  assert.equal(calls, cleanCalls, 'the refused calls computed nothing: the same number of steps');
  assert.equal(calls, Math.ceil((20 * 20 + 7 * 7) / 64), 'the diagnostics come with the last grid points');
  assert.deepEqual(results(job), results(clean));
  assert.equal(job.step(1), true, 'a done job stays done');
  assert.equal(job.step(MAX_INT), true);
  for (const j of [job, clean]) j.dispose();
  e.dispose();
});

test('a disposed job refuses every call; dispose twice is a no-op; the experiment disposed first leaves it working', () => {
  const e = lab.experiment({ activations: ['relu', 'tanh'], points: 60 });
  const job = e.gridJob(1, { resolution: 6, thumbResolution: 4, diagnostics: true });
  const expected = e.gridJob(1, { resolution: 6, thumbResolution: 4, diagnostics: true });
  expected.step(MAX_INT);
  e.dispose();
  refuses(() => e.gridJob(0), /^experiment has been disposed$/, null);
  refuses(() => e.trainSteps(1), /^experiment has been disposed$/, null);
  assert.equal(job.step(MAX_INT), true);
  assert.deepEqual(results(job), results(expected));
  job.dispose();
  job.dispose();
  for (const call of [() => job.step(1), () => job.boundary(), () => job.unitMaps(), () => job.diagnostics()]) {
    refuses(call, /^grid job has been disposed$/, null);
  }
  assert.equal(job.epoch, 0, 'plain data stays readable');
  // The refusals left the other job and the module as they were.
  assert.deepEqual(results(expected), results(expected));
  expected.dispose();
  const other = lab.experiment({ activations: ['relu'], points: 60 });
  other.train(1);
  assert.equal(other.gridJob(0).epoch, 1);
  other.dispose();
});

test('a module out of memory refuses a job or its first step with a message, never an abort', async () => {
  const own = await loadReluLab();
  // 8 x 64 hidden units on a 256 x 256 thumbnail grid: 128 MiB of unit maps per job.
  const e = own.experiment({ activations: ['relu'], hidden: [64, 64, 64, 64, 64, 64, 64, 64], points: 100 });
  const jobs = [];
  let refusal = null;
  while (!refusal && jobs.length < 40) {
    try {
      jobs.push(e.gridJob(0, { resolution: 2, thumbResolution: 256 }));
    } catch (err) {
      refusal = err;
    }
  }
  assert.ok(refusal instanceof LabError, 'refused before 40 jobs (5 GiB) were made');
  assert.equal(refusal.field, 'resolution');
  assert.match(refusal.message, /^resolution: this grid job needs \d+ MiB more memory than the module has free \(at most 2 GiB in all\)/);
  assert.ok(jobs.length >= 8 && jobs.length <= 16, `${jobs.length} jobs of 128 MiB fit in 2 GiB`);
  // What is made still works once memory is given back.
  jobs.splice(1).forEach((job) => job.dispose());
  assert.equal(jobs[0].step(MAX_INT), true);
  assert.equal(jobs[0].unitMaps().flat().length, 512);
  jobs[0].dispose();
  e.train(1);
  assert.equal(e.summary()[0].epoch, 1);
  e.dispose();
});
