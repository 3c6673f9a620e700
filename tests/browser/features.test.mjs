// Input features on the lab page in Chromium: a feature is toggled with the keyboard (Tab to its
// checkbox, Space), which starts a new run whose networks read one more input and writes the link;
// 1-D data switch off the features of x2 and say why, in English and Chinese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { labState, launch, open, waitLab } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('a feature toggled with the keyboard restarts the run with one more input and goes into the link', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&paused=1&activations=relu,tanh');
  await waitLab(page, () => window.labState?.status === 'paused' && window.labState.frames >= 1);
  assert.equal((await labState(page)).inputs, 2);
  assert.equal(new URL(page.url()).searchParams.get('features'), null, 'the default is not written');
  const field = page.locator('.field[data-key=features]');
  assert.equal(await field.locator('legend').textContent(), 'Input features');
  const product = page.getByRole('checkbox', { name: 'x₁x₂' });
  assert.equal(await product.isChecked(), false);
  assert.equal(await field.locator('label', { has: product }).getAttribute('title'), 'the product x₁ times x₂');
  // From the checkbox before it, Tab then Space: the keyboard alone.
  await page.getByRole('checkbox', { name: 'x₂²' }).focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.value), 'x1x2');
  const { runId } = await labState(page);
  await page.keyboard.press('Space');
  await waitLab(page, (r) => window.labState.runId > r && window.labState.frames >= 1, runId);
  assert.equal((await labState(page)).inputs, 3);
  assert.equal(new URL(page.url()).searchParams.get('features'), 'x1,x2,x1x2');
  assert.equal(await product.isChecked(), true);
  assert.equal(await page.evaluate(() => document.activeElement?.value), 'x1x2', 'the focus stays on the checkbox');
  // Space again: back to the default, and the key leaves the link.
  const again = (await labState(page)).runId;
  await page.keyboard.press('Space');
  await waitLab(page, (r) => window.labState.runId > r && window.labState.frames >= 1, again);
  assert.equal((await labState(page)).inputs, 2);
  assert.equal(new URL(page.url()).searchParams.get('features'), null);
  await page.selectOption('#lang-select', 'zh');
  assert.equal(await field.locator('legend').textContent(), '输入特征');
  assert.equal(await field.locator('label', { has: product }).getAttribute('title'), 'x₁ 与 x₂ 的乘积');
  assert.deepEqual(problems, []);
  await context.close();
});

test('on 1-D data the features of x2 are switched off with a reason, and the last usable one stays on', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&paused=1&activations=relu&dataset=abs1d&features=x1,x2,x1sq');
  await waitLab(page, () => window.labState?.status === 'paused' && window.labState.frames >= 1);
  assert.equal((await labState(page)).inputs, 2, 'x1 and x1²; x2 does not apply');
  const field = page.locator('.field[data-key=features]');
  for (const name of ['x₂', 'x₂²', 'x₁x₂', 'sin x₂']) assert.equal(await page.getByRole('checkbox', { name, exact: true }).isDisabled(), true, name);
  assert.equal(await page.getByRole('checkbox', { name: 'sin x₁', exact: true }).isDisabled(), false);
  assert.match(await field.locator('.field-reason').textContent(), /1-D data set has no x₂/);
  // Unticking x1², then x1: x1 is the last feature this data set has, so it stays on.
  const { runId } = await labState(page);
  await page.getByRole('checkbox', { name: 'x₁²', exact: true }).press('Space');
  await waitLab(page, (r) => window.labState.runId > r && window.labState.frames >= 1, runId);
  await page.getByRole('checkbox', { name: 'x₁', exact: true }).press('Space');
  assert.equal(await page.getByRole('checkbox', { name: 'x₁', exact: true }).isChecked(), true);
  assert.match(await field.locator('.field-msg').textContent(), /Keep at least one input feature/);
  assert.equal(new URL(page.url()).searchParams.get('features'), null, 'x1, x2 is the default again');
  assert.deepEqual(problems, []);
  await context.close();
});
