// Layouts and languages: embed mode in an 800 x 600 frame and at phone width (360 px, touch),
// the full page at phone width, Simplified Chinese from the URL and from the browser language,
// and switching language on the page. No horizontal overflow anywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { labState, launch, open, shot, waitLab } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const ready = (page) => waitLab(page, () => ['running', 'paused'].includes(window.labState?.status) && window.labState.frames >= 1);

test('embed mode fits an 800 x 600 frame with a subset of controls', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&embed=1', { viewport: { width: 800, height: 600 } });
  await ready(page);
  assert.equal((await labState(page)).embed, true);
  assert.equal(await overflow(page), 0, 'no horizontal overflow');
  assert.ok(await page.isVisible('#play'));
  assert.ok(await page.isVisible('.field[data-key=dataset] select'));
  assert.ok(await page.isHidden('.field[data-key=momentum]'), 'only a subset of the controls');
  assert.ok(await page.isHidden('.charts'));
  assert.ok(await page.isVisible('#open-full'));
  await shot(page, 'embed-800x600.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('embed mode and the full page work at phone width with touch', async () => {
  for (const [path, name] of [['index.html?lang=en&embed=1&paused=1', 'embed-phone.png'], ['index.html?lang=en&paused=1', 'lab-phone.png']]) {
    const { page, context, problems } = await open(env, path, { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    await ready(page);
    assert.equal(await overflow(page), 0, `${name}: no horizontal overflow`);
    const before = await labState(page);
    const canvas = page.locator('.card[data-activation=relu] canvas.plane');
    await canvas.scrollIntoViewIfNeeded();
    await canvas.tap({ position: { x: 40, y: 40 } });
    await waitLab(page, (r) => window.labState.runId > r && window.labState.userPoints === 1, before.runId);
    await ready(page);
    assert.equal(await overflow(page), 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, name);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('Chinese from the URL: every visible string and the table names are Chinese', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=zh&paused=1');
  await ready(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.textContent('#play'), /继续/);
  assert.match(await page.textContent('.card[data-activation=relu] .card-title'), /整流线性单元/);
  assert.match(await page.textContent('.card[data-activation=relu] .health'), /死亡 \d+ \/ 16/);
  assert.match(await page.textContent('.field[data-key=dataset] select'), /双螺旋/);
  assert.match(await page.textContent('.explain'), /死亡 ReLU/);
  // No English sentence left in the visible text (names of activations such as "ReLU" aside).
  const text = await page.evaluate(() => document.body.innerText);
  for (const english of ['Training', 'Learning rate', 'Network', 'dead', 'Copy link', 'Epoch']) {
    assert.ok(!text.includes(english), `no "${english}" on the Chinese page`);
  }
  await shot(page, 'lab-zh.png', true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the browser language picks Chinese; the page switch changes language and URL', async () => {
  const { page, context, problems } = await open(env, 'index.html?paused=1', { locale: 'zh-CN' });
  await ready(page);
  assert.equal((await labState(page)).lang, 'zh');
  await page.selectOption('#lang-select', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('#play'), /Play/);
  assert.match(await page.textContent('.card[data-activation=relu] .health'), /dead \d+ \/ 16/);
  assert.equal(new URL(page.url()).searchParams.get('lang'), 'en');
  assert.deepEqual(problems, []);
  await context.close();
});
