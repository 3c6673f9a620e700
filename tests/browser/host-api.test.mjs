// The host-page API (docs/EMBED.md) from a second origin: the example course page in the
// repository (web/examples/course.html) frames the lab, waits for "ready", drives a run (play,
// pause, step, a live learning-rate change, reset) through its own buttons and receives progress
// events with epoch, losses, accuracy and dead counts per network. Malformed commands are
// answered with error events and change nothing; with parentOrigin set, a page of another origin
// that frames the lab is not heard at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { courseServer, frameOf, launch, shot } from './helpers.mjs';

const dist = process.env.RELULAB_DIST ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const file = (name) => readFileSync(join(dist, 'examples', name));
let env, course, other;

before(async () => {
  env = await launch();
  course = await courseServer({
    '/course.html': { body: file('course.html') },
    '/course.js': { body: file('course.js'), type: 'text/javascript; charset=utf-8' },
    '/course.css': { body: file('course.css'), type: 'text/css; charset=utf-8' },
  });
  // A third origin that frames the lab but names the course page as the lab's parent origin.
  other = await courseServer({ '/': { body: () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Other</title>
<link rel="icon" href="data:,"></head><body><iframe id="lab" title="ReLU Lab" width="800" height="600"
src="${env.url}/index.html?embed=1&amp;lang=en&amp;parentOrigin=${encodeURIComponent(course.url)}"></iframe></body></html>` } });
});
after(async () => { await other?.close(); await course?.close(); await env?.close(); });

test('the example course page drives a run from another origin and receives events', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${course.url}/course.html?lab=${encodeURIComponent(`${env.url}/index.html`)}`);
  assert.notEqual(new URL(course.url).origin, new URL(env.url).origin);
  await page.waitForFunction(() => window.courseState?.ready, null, { timeout: 60000 });
  const frame = await frameOf(page, `${env.url}/index.html`);
  assert.match(frame.url(), /parentOrigin=/);
  const cs = () => page.evaluate(() => JSON.parse(JSON.stringify(window.courseState)));

  // Play: progress events with epoch and, per network, losses, accuracy and dead counts.
  await page.click('#c-play');
  await page.waitForFunction(() => window.courseState.progress?.epoch >= 5 && window.courseState.progress.status === 'running', null, { timeout: 60000 });
  let p = (await cs()).progress;
  assert.equal(p.networks.length, 8);
  for (const n of p.networks) {
    assert.equal(typeof n.activation, 'string');
    for (const k of ['trainLoss', 'testLoss', 'testAccuracy']) assert.equal(typeof n[k], 'number', k);
    assert.ok(Number.isInteger(n.dead) && n.dead >= 0 && n.dead <= n.totalUnits);
  }
  assert.equal(await page.locator('#c-rows tr').count(), 8, 'the course page shows what it hears');

  // Pause: the lab stops; the last progress says paused.
  await page.click('#c-pause');
  await page.waitForFunction(() => window.courseState.progress?.status === 'paused', null, { timeout: 30000 });
  await frame.waitForFunction(() => window.labState.status === 'paused' && window.labState.workerPlaying === false, null, { timeout: 30000 });
  const pausedAt = await frame.evaluate(() => window.labState.epoch);

  // Step 10 epochs.
  await page.click('#c-step');
  await frame.waitForFunction((e) => window.labState.epoch === e + 10, pausedAt, { timeout: 60000 });
  await page.waitForFunction((e) => window.courseState.progress?.epoch === e + 10, pausedAt, { timeout: 30000 });

  // A live training setting: the same run goes on with the new learning rate.
  const runId = await frame.evaluate(() => window.labState.runId);
  await page.selectOption('#c-rate', '0.5');
  await page.waitForFunction(() => window.courseState.acks.some((a) => a.command === 'set'), null, { timeout: 30000 });
  await frame.waitForFunction(() => /learningRate=0\.5(&|$)/.test(location.search), null, { timeout: 30000 });
  assert.equal(await frame.evaluate(() => window.labState.runId), runId, 'applied live');

  // Reset: a new run from epoch 0.
  await page.click('#c-reset');
  await frame.waitForFunction((r) => window.labState.runId > r, runId, { timeout: 30000 });
  assert.ok((await frame.evaluate(() => window.labState.epoch)) < pausedAt + 10);

  // Malformed commands: each answered with an error event; nothing changes.
  const before = await frame.evaluate(() => ({ runId: window.labState.runId, search: location.search }));
  const labOrigin = new URL(env.url).origin;
  const bad = [
    { protocol: 'relulab', version: 1, command: 'explode' },
    { protocol: 'relulab', version: 2, command: 'play' },
    { protocol: 'relulab', version: 1, command: 'play', extra: 1 },
    { protocol: 'relulab', version: 1, command: 'step', epochs: 1e9 },
    { protocol: 'relulab', version: 1, command: 'step', epochs: 1.5 },
    { protocol: 'relulab', version: 1, command: 'set', settings: { learningRate: 1e308 } },
    { protocol: 'relulab', version: 1, command: 'set', settings: { dataset: '<img src=x onerror=alert(1)>' } },
    { protocol: 'relulab', version: 1, command: 'set', settings: { embed: 0 } },
    { protocol: 'relulab', version: 1, command: 'set', settings: { learningRate: 0.1, width: -3 } },
    { protocol: 'relulab', version: 1, command: 'set', settings: { activations: ['relu', 'nope'] } },
    { protocol: 'relulab', version: 1, command: 'set', settings: [] },
    { protocol: 'relulab', version: 1, command: 'get', id: 'x'.repeat(100) },
    { protocol: 'relulab', version: 1, command: 'set', settings: { learningRate: { valueOf: 1 } } },
    { protocol: 'relulab', version: 1, command: 'set', settings: { width: [8, 4, 2] } },   // 3 widths, 2 layers
    { protocol: 'relulab', version: 1, command: 'set', settings: { width: [8, 'x'] } },
  ];
  const errorsBefore = (await cs()).errors.length;
  await page.evaluate(({ bad, labOrigin }) => {
    const w = document.querySelector('iframe').contentWindow;
    bad.forEach((m, i) => w.postMessage(i === 1 ? m : { ...m, ...(m.id ? {} : { id: `bad-${i}` }) }, labOrigin));
  }, { bad, labOrigin });
  await page.waitForFunction((n) => window.courseState.errors.length >= n, errorsBefore + bad.length, { timeout: 30000 });
  const errors = (await cs()).errors.slice(errorsBefore);
  assert.ok(errors.every((e) => e.protocol === 'relulab' && e.event === 'error' && e.message.length > 0));
  const codes = errors.map((e) => e.code);
  assert.ok(codes.includes('bad-command') && codes.includes('bad-version') && codes.includes('bad-field') && codes.includes('bad-setting')
    && codes.includes('bad-value') && codes.includes('bad-id'), codes.join());
  assert.match(errors.find((e) => e.id === 'bad-5').message, /learningRate/);
  // The partly good settings message changed nothing either (a message is taken whole or not at all).
  const afterBad = await frame.evaluate(() => ({ runId: window.labState.runId, search: location.search }));
  assert.deepEqual(afterBad, before);
  assert.equal(await frame.locator('#startup-problem').isHidden(), true);

  // A good "get" is answered with the state.
  await page.evaluate((o) => document.querySelector('iframe').contentWindow.postMessage({ protocol: 'relulab', version: 1, command: 'get', id: 7 }, o), labOrigin);
  await page.waitForFunction(() => window.courseState.events.state >= 1, null, { timeout: 30000 });
  const st = (await cs()).progress;
  assert.equal(st.id, 7);
  assert.equal(st.settings.learningRate, 0.5);
  // A width per layer as a list of numbers: a new run with those layers.
  await page.evaluate((o) => document.querySelector('iframe').contentWindow.postMessage({ protocol: 'relulab', version: 1,
    command: 'set', settings: { width: [8, 4] } }, o), labOrigin);
  await frame.waitForFunction(() => window.labState.shape?.[0]?.join() === '8,4', null, { timeout: 30000 });
  await shot(page, 'course-example.png', true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('with parentOrigin set, a page of another origin that frames the lab is not heard', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${other.url}/`);
  const frame = await frameOf(page, `${env.url}/index.html`);
  await frame.waitForFunction(() => window.labState?.status === 'running' && window.labState.epoch > 2, null, { timeout: 60000 });
  await page.evaluate((origin) => {
    window.__events = [];
    window.addEventListener('message', (e) => { if (e.origin === origin) window.__events.push(e.data); });
  }, new URL(env.url).origin);
  const before = await frame.evaluate(() => ({ runId: window.labState.runId }));
  await page.evaluate(() => {
    const w = document.getElementById('lab').contentWindow;
    w.postMessage({ protocol: 'relulab', version: 1, command: 'pause' }, '*');
    w.postMessage({ protocol: 'relulab', version: 1, command: 'reset' }, '*');
    w.postMessage({ protocol: 'relulab', version: 1, command: 'explode' }, '*');
  });
  const e0 = await frame.evaluate(() => window.labState.epoch);
  await frame.waitForFunction((e) => window.labState.epoch >= e + 5, e0, { timeout: 30000 });
  assert.equal(await frame.evaluate(() => window.labState.status), 'running', 'not paused');
  assert.equal(await frame.evaluate(() => window.labState.runId), before.runId, 'not reset');
  // Events go to the named origin only: this page hears nothing, not even errors.
  assert.deepEqual(await page.evaluate(() => window.__events), []);
  await context.close();
});
