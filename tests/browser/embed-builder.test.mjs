// The embed builder: a teacher picks which controls, charts and text an embedded lab shows, the
// snippet follows the choices, the preview is exactly that embed (running, with those parts shown),
// and the snippet can be copied. In English and Chinese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot, waitLab } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('the embed builder makes the snippet and a live preview of the chosen embed', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&paused=1&learningRate=0.1');
  await waitLab(page, () => window.labState?.frames >= 1);
  await page.click('#embed-builder summary');
  const code = page.locator('#builder-code');
  let snippet = await code.inputValue();
  assert.match(snippet, /^<iframe src="[^"]*embed=1[^"]*"/);
  assert.match(snippet, /learningRate=0\.1/, 'the current experiment');
  assert.doesNotMatch(snippet, /controls=|charts=|text=/, 'the embed defaults');
  await page.selectOption('#builder-controls', 'none');
  await page.check('#builder-charts');
  snippet = await code.inputValue();
  assert.match(snippet, /controls=none/);
  assert.match(snippet, /charts=1/);
  assert.doesNotMatch(snippet, /text=/);

  await page.click('#builder-preview');
  const frameEl = page.locator('#builder-frame iframe');
  await frameEl.waitFor();
  assert.match(await frameEl.getAttribute('src'), /controls=none/);
  const frame = page.frames().find((f) => f !== page.mainFrame() && f.url().includes('controls=none'))
    ?? await (async () => { await page.waitForTimeout(500); return page.frames().find((f) => f.url().includes('controls=none')); })();
  await frame.waitForFunction(() => window.labState?.frames > 0, null, { timeout: 60000 });
  const shown = await frame.evaluate(() => ({ embed: window.labState.embed, controls: window.labState.controlsShown,
    charts: window.labState.chartsShown, text: window.labState.textShown }));
  assert.deepEqual(shown, { embed: true, controls: 0, charts: true, text: false }, 'the preview shows what was chosen');
  // Changing an option reloads the shown preview with it.
  await page.uncheck('#builder-charts');
  await page.waitForFunction(() => !document.querySelector('#builder-frame iframe').src.includes('charts=1'));

  await page.click('#builder-copy');
  await page.waitForFunction(() => document.getElementById('builder-status').textContent.length > 0);
  assert.match(await page.locator('#builder-status').innerText(), /Copied|copy/i);
  await shot(page, 'embed-builder.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the embed builder speaks Chinese', async () => {
  const { page, context } = await open(env, 'index.html?lang=zh&paused=1');
  await waitLab(page, () => window.labState?.frames >= 1);
  assert.match(await page.locator('#embed-builder summary').innerText(), /嵌入生成器/);
  await page.click('#embed-builder summary');
  assert.match(await page.locator('label[for=builder-controls]').innerText(), /控件/);
  await context.close();
});
