// Honest controls: a setting that has no effect in the current state is disabled with a one-line
// reason (momentum under plain SGD; points and noise on your own points), in both languages, and
// comes back when it matters again; relu'(0) says when it matters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, waitLab } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const ready = (page) => waitLab(page, () => ['running', 'paused'].includes(window.labState?.status) && window.labState.frames >= 1);
const fieldState = (page, key) => page.evaluate((k) => {
  const w = document.querySelector(`.field[data-key=${k}]`);
  const input = w.querySelector('input, select');
  return { disabled: input.disabled, reason: w.querySelector('.field-reason')?.textContent ?? '',
    described: input.getAttribute('aria-describedby') === w.querySelector('.field-reason')?.id };
}, key);

test('controls without effect are disabled with a reason, and enabled again when they matter', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&paused=1&optimizer=sgd');
  await ready(page);
  let m = await fieldState(page, 'momentum');
  assert.equal(m.disabled, true);
  assert.match(m.reason, /plain SGD/);
  assert.ok(m.described);
  await page.selectOption('.field[data-key=optimizer] select', 'adam');
  m = await fieldState(page, 'momentum');
  assert.equal(m.disabled, false);
  assert.equal(m.reason, '');

  assert.match((await fieldState(page, 'reluGradAtZero')).reason, /exactly 0/);
  assert.equal((await fieldState(page, 'points')).disabled, false);
  const run = await page.evaluate(() => window.labState.runId);
  await page.selectOption('.field[data-key=dataset] select', 'custom');
  await waitLab(page, (r) => window.labState.runId > r, run);
  for (const key of ['points', 'noise']) {
    const f = await fieldState(page, key);
    assert.equal(f.disabled, true, key);
    assert.match(f.reason, /your own points/);
  }
  await page.selectOption('#lang-select', 'zh');
  assert.match((await fieldState(page, 'noise')).reason, /自己添加的点/);
  assert.deepEqual(problems, []);
  await context.close();
});
