// The activation gallery in Chromium under the lab's CSP: one plot per activation of the core's
// table, curves drawn, no console errors, no failed or off-origin requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('the gallery shows a plot for every activation in the table, without console errors', async () => {
  const { page, context, problems } = await open(env, 'gallery.html?lang=en');
  await page.waitForFunction(() => ['ready', 'error'].includes(window.galleryState?.status), null, { timeout: 60000 });
  const g = await page.evaluate(() => window.galleryState);
  assert.equal(g.status, 'ready', `gallery errors: ${g.errors.join('; ')}`);
  assert.ok(g.activations.length >= 8, 'the table lists the activations');
  const cards = await page.$$eval('.act-card', (els) => els.map((e) => ({
    id: e.dataset.activation, canvas: !!e.querySelector('canvas'), w: e.querySelector('canvas')?.width ?? 0 })));
  assert.deepEqual(cards.map((c) => c.id), g.activations);
  assert.ok(cards.every((c) => c.canvas && c.w > 0), 'every card has a drawn canvas');
  assert.equal(g.plotted, g.activations.length);
  const kink = await page.textContent('.act-card[data-activation=relu] .kink');
  assert.match(kink, /z = 0/);
  await shot(page, 'gallery.png', true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a parameter slider redraws its curve (leaky ReLU slope)', async () => {
  const { page, context, problems } = await open(env, 'gallery.html?lang=en');
  await page.waitForFunction(() => window.galleryState?.status === 'ready', null, { timeout: 60000 });
  const card = page.locator('.act-card[data-activation=leaky_relu]');
  const before = await card.locator('.kink').textContent();
  const slider = card.locator('input[type=range]');
  await slider.focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  await slider.dispatchEvent('change');
  await page.waitForFunction((b) => document.querySelector('.act-card[data-activation=leaky_relu] .kink').textContent !== b, before, { timeout: 20000 });
  const after = await card.locator('.kink').textContent();
  assert.notEqual(after, before);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the gallery renders in Chinese', async () => {
  const { page, context, problems } = await open(env, 'gallery.html?lang=zh');
  await page.waitForFunction(() => window.galleryState?.status === 'ready', null, { timeout: 60000 });
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.textContent('h1'), /激活函数/);
  assert.match(await page.textContent('.act-card[data-activation=relu] h2'), /整流线性单元/);
  await shot(page, 'gallery-zh.png');
  assert.deepEqual(problems, []);
  await context.close();
});
