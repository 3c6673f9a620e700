// Links: the same URL reproduces the same numbers after N epochs, the copied link carries every
// setting, and malformed / out-of-range / unknown parameters load defaults with a message that
// shows the parameter as text (never as HTML).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { labState, launch, open, shot, waitLab } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const N = 12;

async function runToEpochs(path) {
  const { page, context, problems } = await open(env, path);
  await page.waitForFunction((n) => window.labState?.status === 'paused' && window.labState.epoch === n,
    N, { timeout: 90000, polling: 100 });
  const s = await labState(page);
  return { page, context, problems, s };
}

test('the same URL gives the same losses after N epochs; the copied link carries every setting', async () => {
  const path = `index.html?lang=en&dataset=moons&noise=0.2&learningRate=0.1&optimizer=momentum&leakyA=0.1&weightSeed=7&activations=relu,leaky_relu,tanh&epochs=${N}`;
  const a = await runToEpochs(path);
  assert.deepEqual(a.s.summaries.map((x) => x.activation), ['relu', 'leaky_relu', 'tanh']);
  // The link the page writes (and "copy link" copies) reproduces the run on its own.
  await a.page.click('#copy-link');
  const link = await a.page.inputValue('#share-text');
  const q = new URL(link).searchParams;
  for (const [k, v] of Object.entries({ dataset: 'moons', noise: '0.2', learningRate: '0.1', optimizer: 'momentum',
    leakyA: '0.1', weightSeed: '7', points: '500', batchSize: '10', hiddenLayers: '2', width: '8' })) {
    assert.equal(q.get(k), v, `link keeps ${k}`);
  }
  const b = await runToEpochs(`index.html?${q.toString()}&epochs=${N}`);
  assert.deepEqual(b.s.summaries.map((x) => x.latest), a.s.summaries.map((x) => x.latest), 'identical records');
  assert.ok(a.s.summaries.every((x) => x.epoch === N));
  assert.deepEqual([...a.problems, ...b.problems], []);
  await a.context.close();
  await b.context.close();
});

test('bad URL parameters load defaults and say which were ignored and why, as text', async () => {
  const bad = 'index.html?lang=en&learningRate=abc&points=99999&width=2.5&dataset=nope&foo=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&activations=relu,bogus&paused=1';
  const { page, context, problems } = await open(env, bad);
  await waitLab(page, () => window.labState?.status === 'paused' && window.labState.summaries.length > 0);
  const s = await labState(page);
  const ignored = Object.fromEntries(s.ignoredParams.map((p) => [p.param, p.reason]));
  assert.deepEqual(Object.keys(ignored).sort(), ['activations', 'dataset', 'foo', 'learningRate', 'points', 'width']);
  assert.match(ignored.learningRate, /not a number/);
  assert.match(ignored.points, /from 10 to 2000/);
  assert.match(ignored.width, /whole number/);
  assert.match(ignored.foo, /unknown parameter/);
  const notice = await page.textContent('.notice.warn');
  assert.match(notice, /ignored/);
  assert.ok(notice.includes('foo=<img src=x onerror=alert(1)>'), 'the parameter is shown literally');
  assert.equal(await page.locator('#notices img').count(), 0, 'no HTML from the URL');
  // The defaults are used: eight networks, spiral, learning rate from the table.
  assert.equal(s.summaries.length, 8);
  assert.equal(new URL(page.url()).searchParams.get('dataset'), 'spiral');
  await shot(page, 'bad-params.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a value the core refuses (batch larger than the training set) falls back with a message', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&points=40&batchSize=500&paused=1');
  await waitLab(page, () => window.labState?.status === 'paused' && window.labState.summaries.length > 0);
  const s = await labState(page);
  const entry = s.ignoredParams.find((p) => p.param === 'batchSize');
  assert.ok(entry, 'batchSize listed as ignored');
  assert.match(entry.reason, /batchSize/);
  assert.equal(s.trainCount + s.testCount, 40, 'the valid points setting is kept');
  assert.deepEqual(problems, []);
  await context.close();
});
