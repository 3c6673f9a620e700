// Resource limits on the page: the largest experiment the core accepts (2,000 points, 90 % for
// training, 8 hidden layers x 64 units, maxout k = 8, every activation of the core, grid
// resolution 256 — each the maximum of core/settings.hpp kSettings, and 13 networks within
// experiment.hpp kMaxNetworks = 16) keeps the page responsive: the main thread's timers never
// stall for more than 500 ms, and Pause takes effect at once on the page and in the worker
// (which reads its messages between frame slices and training slices of a few steps: batches
// and blocks of an epoch's records), however long a frame of 13 big 256 x 256 grids takes. Start-up and each card's first drawing are
// one-off costs: logged, not part of the check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { labState, launch, open, shot, waitLab } from './helpers.mjs';

const dist = process.env.RELULAB_DIST ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const { loadReluLab } = await import(pathToFileURL(join(dist, 'wasm', 'relulab.mjs')).href);
const lab = await loadReluLab();
const max = (key) => lab.settings[key].max;

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

/** Main-thread stall monitor, installed before the page's own scripts: the longest gaps between
 *  25 ms timer ticks and between animation frames, and the long tasks (> 200 ms) seen. */
function monitor() {
  const g = { timerMax: 0, rafMax: 0, ticks: 0, frames: 0, long: [], lastTimer: performance.now(), lastFrame: performance.now() };
  window.__stalls = g;
  window.__resetStalls = () => Object.assign(g, { timerMax: 0, rafMax: 0, ticks: 0, frames: 0, long: [],
    lastTimer: performance.now(), lastFrame: performance.now() });
  setInterval(() => {
    const t = performance.now();
    g.timerMax = Math.max(g.timerMax, t - g.lastTimer);
    g.lastTimer = t;
    g.ticks += 1;
  }, 25);
  const frame = (t) => {
    g.rafMax = Math.max(g.rafMax, t - g.lastFrame);
    g.lastFrame = t;
    g.frames += 1;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.duration > 200) g.long.push(`${Math.round(e.startTime)}+${Math.round(e.duration)}`);
  }).observe({ type: 'longtask' });
}

test('the largest experiment and grid keep the page responsive; Pause takes effect within one epoch', async () => {
  const activations = lab.activations.map((a) => a.id);
  assert.ok(activations.length >= 8 && activations.length <= 16, 'every activation fits within kMaxNetworks');
  const query = new URLSearchParams({ lang: 'en', points: max('points'), trainFraction: max('trainFraction'),
    hiddenLayers: max('hiddenLayers'), width: max('width'), maxoutK: max('maxoutK'), resolution: max('resolution'),
    activations: activations.join(',') });
  assert.deepEqual([max('points'), max('hiddenLayers'), max('width'), max('maxoutK'), max('resolution')], [2000, 8, 64, 8, 256]);

  // A light first document, so that the monitor is in place before the lab's scripts run.
  const { page, context: ctx, problems } = await open(env, 'gallery.html');
  await page.waitForLoadState('networkidle');
  await page.addInitScript(monitor);
  await page.goto(`${env.url}/index.html?${query}`);
  problems.length = 0;
  await waitLab(page, () => window.labState?.summaries?.length > 0, null, 60000);
  const started = await labState(page);
  assert.deepEqual(started.ignoredParams, [], 'every maximum is accepted');
  assert.equal(started.summaries.length, activations.length);
  // Start-up (13 cards, 6,656 unit buttons) and the first drawing of each card (canvases made,
  // every unit marked) are one-off costs, reported here; the steady state is what is checked.
  await waitLab(page, () => window.labState.frames >= 1 && window.labState.drawPending === false, null, 180000);
  const startup = await page.evaluate(() => window.__stalls.long.join(' ') || 'none');
  await page.evaluate(() => window.__resetStalls());

  // Train and draw for a while: two more epochs and two more frames of the big grids.
  const mark = await labState(page);
  await waitLab(page, (m) => window.labState.epoch >= m.epoch + 2 && window.labState.frames >= m.frames + 2,
    { epoch: mark.epoch, frames: mark.frames }, 240000);
  const busy = await page.evaluate(() => ({ ...window.__stalls }));
  const s = await labState(page);
  const epochMs = s.workerMsPerEpoch;
  console.log(`# largest config: ${epochMs.toFixed(0)} ms per epoch in the worker, frame ${s.frameWorkerMs?.toFixed(0)} ms of work; ` +
    `main thread: longest timer gap ${busy.timerMax.toFixed(0)} ms, longest frame gap ${busy.rafMax.toFixed(0)} ms, ` +
    `long tasks ${busy.long.join(' ') || 'none'}; at start-up and first drawing: ${startup}`);
  assert.ok(busy.ticks > 20, 'the timer ran');
  assert.ok(busy.timerMax < 500, `main-thread timers never stall 500 ms (longest gap ${busy.timerMax.toFixed(0)} ms)`);
  if (busy.frames > 20) assert.ok(busy.rafMax < 500, `animation frames never stall 500 ms (longest ${busy.rafMax.toFixed(0)} ms)`);
  await shot(page, 'limits-largest.png');

  // The worker never works long without reading its messages: a frame slice (one network's
  // diagnostics at most) is far shorter than an epoch, the smallest unit of training.
  console.log(`# worker: longest epoch ${s.longestEpochMs.toFixed(0)} ms, longest frame slice ${s.longestSliceMs.toFixed(0)} ms`);
  assert.ok(s.longestSliceMs < s.longestEpochMs / 2, 'frame slices are short next to an epoch');

  // Pause, three times at different moments (during an epoch or a frame): the page shows it at
  // once and never flips back; the worker confirms after at most the epoch or slice in progress
  // (plus slack for a loaded CI machine).
  for (let round = 0; round < 3; round++) {
    await page.waitForTimeout(400 + 700 * round);
    const before = await page.evaluate(() => window.labState.epoch);
    const clicked = await page.evaluate(() => {
      const t0 = performance.now();
      document.getElementById('play').click();
      return { t0, status: window.labState.status, label: document.getElementById('play').textContent };
    });
    assert.equal(clicked.status, 'paused', 'the page pauses at once');
    assert.match(clicked.label, /Play/);
    const ack = await page.waitForFunction((t0) => (window.labState.playAcked && window.labState.workerPlaying === false
      ? performance.now() - t0 : null), clicked.t0, { timeout: 120000, polling: 20 });
    const ackMs = await ack.jsonValue();
    const after = await labState(page);
    const bound = Math.max(after.longestEpochMs, after.longestSliceMs) + 1500;
    console.log(`# pause ${round + 1}: acknowledged by the worker after ${ackMs.toFixed(0)} ms (bound ${bound.toFixed(0)} ms)`);
    assert.ok(ackMs < bound, `worker paused within one epoch (${ackMs.toFixed(0)} ms)`);
    assert.equal(after.status, 'paused');
    // The epoch in progress finishes (in slices, after the acknowledgement), then nothing more.
    await page.waitForTimeout(bound);
    const rested = (await labState(page)).epoch;
    assert.ok(rested <= before + 1, 'at most the epoch in progress finishes');
    await page.waitForTimeout(300);
    assert.equal((await labState(page)).epoch, rested, 'no training after the pause');
    // Play again for the next round.
    await page.click('#play');
    await waitLab(page, () => window.labState.status === 'running' && window.labState.playAcked && window.labState.workerPlaying);
  }
  const total = await page.evaluate(() => ({ ...window.__stalls }));
  assert.ok(total.timerMax < 500, `main-thread timers never stall 500 ms (longest gap ${total.timerMax.toFixed(0)} ms)`);

  // Reset while a frame of the big grids is being computed: the worker answers the dropped frame
  // (stale), so the page's one frame slot frees and the new run gets its frames.
  await waitLab(page, () => window.labState.frameWorkerMs !== undefined);
  await page.waitForTimeout(1500);
  const { runId } = await labState(page);
  await page.click('#reset');
  await waitLab(page, (id) => window.labState.runId !== id && window.labState.frames >= 1, runId, 180000);
  assert.deepEqual(problems, []);
  await ctx.close();
});
