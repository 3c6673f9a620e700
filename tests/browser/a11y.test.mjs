// Accessibility: axe-core (from npm, injected into the page) reports no critical or serious
// WCAG 2.2 A/AA violation on every page (the lab, the lab in embed mode, the gallery, the lessons
// index and each lesson) at 1024 and 360 px. Then the keyboard: each unit strip is one tab stop
// with the arrow keys inside, unit buttons are named from creation and are 24 px targets, the
// tab order follows the layout, and each chart has a text alternative with its latest values.
// The header (header.js) of every page: a skip link first, to the page's content, and the one
// language menu.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, open, waitLab } from './helpers.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const { LESSONS } = await import('../../web/lessons/catalog.js');
const { LANGS, LANG_NAMES } = await import('../../web/shared/language.js');

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const labReady = (page) => waitLab(page, () => ['running', 'paused'].includes(window.labState?.status) && window.labState.frames >= 1);
const lessonReady = (page) => page.waitForFunction(() => window.lessonState?.ready === true, null, { timeout: 30000 });

const PAGES = [
  ['index.html?lang=en&paused=1&epochs=3', labReady],
  ['index.html?lang=zh&embed=1&paused=1&epochs=3', labReady],
  ['gallery.html?lang=en', (page) => page.waitForFunction(() => document.querySelectorAll('.act-card canvas').length > 0, null, { timeout: 30000 })],
  ['lessons.html?lang=en', lessonReady],
  ...LESSONS.map((l) => [`lessons.html?lesson=${l.id}&lang=${l.id.length % 2 ? 'zh' : 'en'}`, lessonReady]),
];

/** Runs axe on the page; returns the critical and serious violations, one line each. */
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  return result.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const width of [1024, 360]) {
  test(`axe-core: no critical or serious WCAG 2.2 A/AA violation on any page at ${width} px`, async () => {
    // One page, reused: each page is loaded and ready before the next navigation.
    const { page, context, problems } = await open(env, PAGES[0][0],
      { viewport: { width, height: width > 500 ? 800 : 740 }, ...(width < 500 ? { isMobile: true, hasTouch: true } : {}) });
    const found = [];
    for (const [k, [path, ready]] of PAGES.entries()) {
      if (k > 0) await page.goto(`${env.url}/${path}`);
      await ready(page);
      for (const v of await axe(page)) found.push(`${path}: ${v}`);
    }
    assert.deepEqual(found, []);
    // Moving on to the next page cancels what a lesson's framed lab was still loading (aborted
    // requests); any other problem counts.
    assert.deepEqual(problems.filter((p) => !/net::ERR_ABORTED$/.test(p)), []);
    await context.close();
  });
}

test('unit strips: named from creation, one tab stop each with arrow keys inside, 24 px targets', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&paused=1&epochs=0&activations=relu,tanh', { viewport: { width: 1024, height: 800 } });
  // Names exist before any frame has marked the units.
  await page.waitForSelector('.card .unit');
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('.unit')].filter((b) => !b.getAttribute('aria-label')).length);
  assert.equal(unnamed, 0);
  await labReady(page);
  const strips = await page.evaluate(() => [...document.querySelectorAll('.strip')].map((s) =>
    [...s.querySelectorAll('.unit')].filter((b) => b.tabIndex === 0).length));
  assert.ok(strips.length >= 4);
  assert.ok(strips.every((n) => n === 1), `one tab stop per strip: ${strips}`);
  const sizes = await page.evaluate(() => [...document.querySelectorAll('.unit')].map((b) => b.getBoundingClientRect()).map((r) => Math.min(r.width, r.height)));
  assert.ok(Math.min(...sizes) >= 24, `24 px targets (smallest ${Math.min(...sizes)})`);

  // Tab reaches the first unit of the first strip; arrows move inside; Tab leaves the strip.
  const first = page.locator('.card[data-activation=relu] .strip').first();
  await first.locator('.unit').first().focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.unit), '3');
  await page.keyboard.press('End');
  const count = await first.locator('.unit').count();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.unit), String(count));
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.unit), '1');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  const after = await page.evaluate(() => ({ unit: document.activeElement.dataset.unit, layer: document.activeElement.dataset.layer,
    strip: document.activeElement.closest('.strip') === document.querySelector('.card[data-activation=relu] .strip') }));
  assert.equal(after.strip, false, 'Tab leaves the strip');
  assert.equal(after.layer, '2', 'to the next strip');
  assert.equal(after.unit, '1');
  // Back into the first strip: focus returns to the unit last visited.
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.unit), '2');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#unit-dialog[open] .unit-info h2');
  assert.match(await page.textContent('#unit-dialog .unit-info h2'), /layer 1, unit 2/);
  await page.keyboard.press('Escape');
  assert.deepEqual(problems, []);
  await context.close();
});

test('tab order follows the layout at 1024 and 360 px; the charts have text alternatives', async () => {
  for (const width of [1024, 360]) {
    const { page, context, problems } = await open(env, 'index.html?lang=en&epochs=4', { viewport: { width, height: 800 } });
    await labReady(page);
    await page.waitForFunction(() => window.labState.epoch >= 4);
    // Walk the tab order; record where each stop is on the page.
    const stops = [];
    await page.focus('#play');
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press('Tab');
      const s = await page.evaluate(() => {
        const a = document.activeElement;
        if (!a || a === document.body) return null;
        const r = a.getBoundingClientRect();
        return { id: a.id, cls: a.className, inCards: !!a.closest('#cards'), inControls: !!a.closest('.controls-panel'),
          inCharts: !!a.closest('.charts'), top: r.top + window.scrollY, left: r.left };
      });
      if (!s || stops.some((x) => x.id && x.id === s.id)) break;
      stops.push(s);
      if (s.id === 'lang-select' && stops.length > 5) break;
    }
    const kinds = stops.map((s) => (s.inCards ? 'cards' : s.inCharts ? 'charts' : s.inControls ? 'controls' : 'other'));
    const firstControls = kinds.indexOf('controls'), lastCards = kinds.lastIndexOf('cards');
    assert.ok(lastCards > 0 && firstControls > 0, `${width}: cards and controls reached by Tab`);
    const unitStops = stops.filter((s) => /\bunit\b/.test(s.cls)).length;
    assert.ok(unitStops <= 2 * 8 * 2, `${width}: one stop per strip (${unitStops})`);
    if (width < 900) {
      // One column: cards, then charts, then the settings, as seen from top to bottom.
      const tops = stops.filter((s, i) => kinds[i] !== 'other').map((s) => s.top);
      const bad = tops.findIndex((t, i) => i > 0 && t < tops[i - 1] - 300);
      assert.equal(bad, -1, `${width}: focus never jumps far back up the page (stop ${bad})`);
    }
    // Text alternatives of the charts: the latest values of every network.
    const desc = await page.evaluate(() => ['loss-chart', 'stuck-chart'].map((id) =>
      document.getElementById(document.getElementById(id).getAttribute('aria-describedby')).textContent));
    assert.match(desc[0], /epoch 4/);
    assert.match(desc[0], /ReLU: training \d/);
    assert.match(desc[1], /Sigmoid: \d+(\.\d)?%/);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('every page starts with a skip link to its content and has the one language menu (header.js)', async () => {
  const pages = [['index.html?lang=zh&paused=1&epochs=1', '#cards', labReady], ['gallery.html?lang=zh', '#gallery', PAGES[2][1]],
    ['lessons.html?lang=zh', '#main', lessonReady]];
  const { page, context, problems } = await open(env, pages[0][0], { viewport: { width: 1024, height: 800 } });
  for (const [k, [path, target, ready]] of pages.entries()) {
    if (k > 0) await page.goto(`${env.url}/${path}`);
    await ready(page);
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => ({ cls: document.activeElement.className, href: document.activeElement.getAttribute('href'),
      text: document.activeElement.textContent, next: document.activeElement.nextElementSibling?.tagName }));
    assert.deepEqual([skip.cls, skip.href, skip.next], ['skip', target, 'HEADER'], path);
    assert.match(skip.text, /[\u4e00-\u9fff]/, `${path}: the skip link speaks the page's language`);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => location.hash), target, path);
    assert.ok(await page.evaluate((t) => !!document.querySelector(t), target), `${path}: ${target} exists`);
    const menu = await page.$$eval('header.topbar #lang-select option', (os) => os.map((o) => [o.value, o.textContent]));
    assert.deepEqual(menu, LANGS.map((l) => [l, LANG_NAMES[l]]), path);
    assert.equal(await page.inputValue('#lang-select'), 'zh', path);
  }
  assert.deepEqual(problems.filter((p) => !/net::ERR_ABORTED$/.test(p)), []);
  await context.close();
});
