// Embedding from another origin: a host page served by a second local server (another port =
// another origin) frames the lab with embed=1. The lab runs inside the frame; the host cannot
// reach into it; arbitrary postMessages from the host (none of them a valid command of the
// host-page API, docs/EMBED.md) are each answered with an error event and change nothing: no
// restart, no notice, no setting; every lab response carries the CSP, CORP and COEP headers; and
// no request leaves the lab's origin (the host's own page aside).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { launch, shot } from './helpers.mjs';
import { CSP, CORP, COEP } from '../../scripts/serve.mjs';

let env, host;

before(async () => {
  env = await launch();
  // The host page: no script of its own (the test drives it), one iframe to the lab.
  host = createServer((req, res) => {
    if (req.url !== '/') { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Host</title><link rel="icon" href="data:,"></head>
<body><h1>A course page</h1><iframe id="lab" src="${env.url}/index.html?embed=1&amp;lang=en" width="800" height="600"
title="ReLU Lab"></iframe></body></html>`);
  });
  await new Promise((r) => host.listen(0, '127.0.0.1', r));
});
after(async () => {
  await new Promise((r) => host?.close(r));
  await env?.close();
});

test('the lab runs inside a cross-origin iframe, answers junk postMessages with errors and ignores them, and stays on its origin', async () => {
  const hostUrl = `http://127.0.0.1:${host.address().port}/`;
  const labOrigin = new URL(env.url).origin;
  assert.notEqual(new URL(hostUrl).origin, labOrigin, 'two origins');
  const context = await env.browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  const requests = [], responses = [], problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('response', (r) => responses.push({ url: r.url(), status: r.status(), headers: r.headers() }));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  await page.goto(hostUrl);

  const frame = page.frames().find((f) => f.url().startsWith(`${labOrigin}/index.html`))
    ?? await new Promise((resolve) => page.on('frameattached', resolve));
  await frame.waitForFunction(() => window.labState?.status === 'running' && window.labState.epoch > 0 && window.labState.frames > 0,
    null, { timeout: 60000, polling: 100 });
  const before = await frame.evaluate(() => ({ ...window.labState, embed: document.body.classList.contains('embed'),
    search: location.search }));
  assert.equal(before.embed, true, 'embed mode');
  assert.equal(before.summaries.length, 8);
  // Cross-origin for real: the host cannot read the lab's globals.
  const reach = await page.evaluate(() => {
    try { return String(document.getElementById('lab').contentWindow.labState); } catch (e) { return e.name; }
  });
  assert.equal(reach, 'SecurityError');

  // The host posts all sorts of messages, including look-alikes of the worker protocol.
  await frame.evaluate(() => {
    window.__messages = 0;
    window.addEventListener('message', () => { window.__messages += 1; });
  });
  await page.evaluate((origin) => {
    window.__events = [];
    window.addEventListener('message', (e) => { if (e.origin === origin) window.__events.push(e.data); });
  }, labOrigin);
  await page.evaluate((origin) => {
    const w = document.getElementById('lab').contentWindow;
    const big = 'x'.repeat(1 << 20);
    const messages = [
      'hello', 42, null, undefined, [1, 2, 3], { type: 'start', runId: 99, config: { learningRate: 10 }, play: true },
      { type: 'play', runId: 1, play: false }, { type: 'setTraining', training: { learningRate: 10 } },
      { type: 'frame', resolution: 256 }, { type: 'ready', tables: {} }, { type: 'error', message: '<img src=x onerror=alert(1)>', fatal: true },
      { __proto__: { type: 'start' } }, { type: big }, new Float32Array(1024), new Map([[1, 2]]), new Error('boom'),
      { type: 'progress', runId: 1, epoch: 1e9, summaries: [] }, { toString: 'x', valueOf: 'y' },
    ];
    for (const m of messages) w.postMessage(m, '*');
    for (const m of messages.slice(0, 6)) w.postMessage(m, origin);
    const { port1 } = new MessageChannel();
    w.postMessage({ type: 'start' }, '*', [port1]);
  }, labOrigin);
  await frame.waitForFunction(() => window.__messages >= 25, null, { timeout: 10000 });
  // Each of the 25 messages is answered with an error event.
  await page.waitForFunction(() => window.__events.filter((m) => m?.event === 'error').length >= 25, null, { timeout: 10000 });
  const errors = await page.evaluate(() => window.__events.filter((m) => m.event === 'error'));
  assert.ok(errors.every((m) => m.protocol === 'relulab' && typeof m.message === 'string' && typeof m.code === 'string'));
  assert.equal(await page.evaluate(() => window.__events.filter((m) => m.event === 'ack').length), 0, 'nothing accepted');
  await frame.waitForFunction((e) => window.labState.epoch >= e + 5, before.epoch, { timeout: 30000, polling: 100 });
  const after = await frame.evaluate(() => ({ ...window.labState }));
  assert.equal(after.runId, before.runId, 'no restart');
  assert.equal(after.restarts, before.restarts);
  assert.equal(after.status, 'running');
  assert.equal(after.error, null);
  assert.equal(await frame.locator('#notices .notice').count(), 0, 'no notice');
  assert.equal(await frame.evaluate(() => location.search), before.search, 'settings unchanged');
  await shot(page, 'embed-cross-origin.png');

  // Every request stays on the lab's origin (the host page itself aside); every lab response has the CSP.
  const off = requests.filter((u) => u !== hostUrl && !u.startsWith('data:') && !u.startsWith('blob:') && !u.startsWith(`${labOrigin}/`));
  assert.deepEqual(off, [], 'no request leaves the origin');
  const labResponses = responses.filter((r) => r.url.startsWith(`${labOrigin}/`));
  for (const kind of ['/index.html', '/lab/main.js', '/worker/worker.js', '/wasm/relulab_core.wasm']) {
    assert.ok(labResponses.some((r) => new URL(r.url).pathname === kind), `${kind} was requested (seen by the test)`);
  }
  for (const r of labResponses) {
    assert.equal(r.headers['content-security-policy'], CSP, `CSP on ${r.url}`);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['cross-origin-resource-policy'], CORP);
    assert.equal(r.headers['cross-origin-embedder-policy'], COEP);
    assert.ok(r.status < 400, `${r.url} ${r.status}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
