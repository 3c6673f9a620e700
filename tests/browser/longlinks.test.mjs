// Links that always open: a state too long for a query string (here the documented maximum of
// 2,000 hand-placed points, ~30 KB) lives in the URL fragment, which is never sent to a server;
// such a link opens with every point, "Copy link" writes one, and the lab's own server would
// have refused the same state as a query (HTTP 431). Short states and old ?query links are as
// they always were.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, waitLab } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const ready = (page) => waitLab(page, () => ['running', 'paused'].includes(window.labState?.status) && window.labState.frames >= 1, undefined, 120000);

// 2,000 points on two rings, rounded as the page stores them.
const pts = Array.from({ length: 2000 }, (_, i) => {
  const a = (i * 2.399963) % (2 * Math.PI), r = i % 2 ? 4 : 2;
  return `${(r * Math.cos(a)).toFixed(3)},${(r * Math.sin(a)).toFixed(3)},${i % 2}`;
}).join(';');
const state = `dataset=custom&classes=2&batchSize=10&pts=${encodeURIComponent(pts)}`;

test('a link with 2,000 points opens from the fragment, and Copy link writes such a link', async () => {
  assert.ok(state.length > 20000);
  // The same state as a query: the lab's server refuses the request line.
  const refused = await fetch(`${env.url}/index.html?${state}`).then((r) => r.status, () => 'refused');
  assert.ok(refused === 431 || refused === 'refused', `query form: ${refused}`);

  const { page, context, problems } = await open(env, `index.html#${state}&lang=en&paused=1`);
  await ready(page);
  const s = await page.evaluate(() => ({ user: window.labState.userPoints, n: window.labState.trainCount + window.labState.testCount,
    ignored: window.labState.ignoredParams, search: location.search, hash: location.hash.length }));
  assert.equal(s.user, 2000);
  assert.ok(s.n >= 2000);
  assert.deepEqual(s.ignored, []);
  assert.equal(s.search, '', 'the page keeps the state in the fragment');
  assert.ok(s.hash > 20000);

  await page.click('#copy-link');
  const link = await page.inputValue('#share-text');
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/index\.html#dataset=custom&/);
  const again = await context.newPage();
  await again.goto(link);
  await ready(again);
  assert.equal(await again.evaluate(() => window.labState.userPoints), 2000);
  assert.deepEqual(problems, []);
  await context.close();
});

test('short states and old ?query links stay query links', async () => {
  const { page, context, problems } = await open(env, 'index.html?dataset=xor&lang=en&paused=1&pts=1,1,0;2,2,1');
  await ready(page);
  const s = await page.evaluate(() => ({ dataset: new URLSearchParams(location.search).get('dataset'), hash: location.hash,
    user: window.labState.userPoints }));
  assert.deepEqual(s, { dataset: 'xor', hash: '', user: 2 });
  await page.click('#copy-link');
  assert.match(await page.inputValue('#share-text'), /\/index\.html\?dataset=xor&/);
  assert.deepEqual(problems, []);
  await context.close();
});
