// An embed that fits: the snippet the lab's own "Copy embed code" produces, pasted into a course
// page served from a second origin, at 1280 and 360 px (no sideways scroll, the plots drawn, no
// console errors); the compact layout at 800 x 600 with every compared boundary in view with the
// run bar; the URL options controls / charts / text; links inside an embed open in a new tab; the
// lessons' snippet is responsive too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { courseServer, coursePage, frameOf, frameRunning, launch, open, shot, waitLab } from './helpers.mjs';

let env, host, snippet = null;
before(async () => {
  env = await launch();
  host = await courseServer({ '/course': { body: () => coursePage(snippet) } });
});
after(async () => { await host?.close(); await env?.close(); });

const ready = (page) => waitLab(page, () => ['running', 'paused'].includes(window.labState?.status) && window.labState.frames >= 1);
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('the copied embed snippet fits a course page on another origin at 1280 and 360 px', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&activations=relu,tanh,leaky,elu,sigmoid,abs,prelu,maxout&paused=1');
  await ready(page);
  await page.click('#copy-embed');
  snippet = await page.inputValue('#share-text');
  assert.match(snippet, /^<iframe [^>]*src="http:\/\/127\.0\.0\.1:\d+\/index\.html\?[^"]*embed=1/);
  assert.match(snippet, /width="100%"/);
  assert.match(snippet, /aspect-ratio: 4 \/ 3/);
  assert.match(snippet, /allow="clipboard-write"/);
  assert.match(snippet, /title="ReLU Lab"/);
  assert.doesNotMatch(snippet, /width="800"/);
  assert.deepEqual(problems, []);
  await context.close();

  for (const [width, height] of [[1280, 900], [360, 740]]) {
    const ctx = await env.browser.newContext({ viewport: { width, height }, ...(width < 500 ? { isMobile: true, hasTouch: true } : {}) });
    const course = await ctx.newPage();
    const seen = [];
    course.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') seen.push(`${m.type()}: ${m.text()}`); });
    course.on('pageerror', (e) => seen.push(`page error: ${e.message}`));
    course.on('requestfailed', (r) => seen.push(`failed: ${r.url()}`));
    await course.goto(`${host.url}/course`);
    const frame = await frameOf(course, `${env.url}/index.html`);
    await frame.locator('.plane').first().scrollIntoViewIfNeeded().catch(() => {});
    await course.locator('iframe').scrollIntoViewIfNeeded();
    await frameRunning(frame);
    const box = await course.locator('iframe').boundingBox();
    assert.equal(await overflow(course), 0, `${width}: the course page does not scroll sideways`);
    const column = await course.evaluate(() => { const m = document.querySelector('main'); const cs = getComputedStyle(m);
      return m.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight); });
    assert.ok(Math.abs(box.width - column) <= 2, `${width}: the frame takes the column's width (${box.width} of ${column})`);
    assert.ok(box.height >= 470, `${width}: the frame is tall enough (${box.height})`);
    assert.equal(await overflow(frame), 0, `${width}: the lab inside does not scroll sideways`);
    const drawn = await frame.evaluate(() => window.labState.boundarySums.filter((s) => s > 0).length);
    assert.equal(drawn, 8, `${width}: every plot drawn`);
    await shot(course, `course-snippet-${width}.png`);
    assert.deepEqual(seen, [], `${width}: no console errors`);
    await ctx.close();
  }
});

test('compact embed at 800 x 600: every compared boundary and the run bar in view without scrolling', async () => {
  for (const lang of ['en', 'zh']) {
    const { page, context, problems } = await open(env, `index.html?lang=${lang}&embed=1`, { viewport: { width: 800, height: 600 } });
    await ready(page);
    const r = await page.evaluate(() => ({
      plots: [...document.querySelectorAll('.card .plot')].map((p) => p.getBoundingClientRect().toJSON()),
      runbar: document.querySelector('.runbar').getBoundingClientRect().toJSON(),
      scrollY: window.scrollY,
    }));
    assert.equal(r.plots.length, 8);
    assert.equal(r.scrollY, 0);
    for (const [i, p] of r.plots.entries()) {
      assert.ok(p.top >= 0 && p.bottom <= 600 && p.left >= 0 && p.right <= 800, `${lang}: boundary ${i} in view (${JSON.stringify(p)})`);
      assert.ok(p.width >= 100, `${lang}: boundary ${i} readable (${p.width} px)`);
    }
    assert.ok(r.runbar.top >= 0 && r.runbar.bottom <= 600);
    assert.ok(await page.isVisible('#play'));
    assert.ok(await page.isVisible('.class-chooser'), 'the class chooser shows: clicks can add either class');
    assert.equal(await overflow(page), 0);
    await shot(page, `embed-compact-800x600-${lang}.png`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('URL options choose the controls, charts and text an embed shows; links open in a new tab', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&embed=1&controls=none&paused=1', { viewport: { width: 800, height: 600 } });
  await ready(page);
  assert.ok(await page.isHidden('.controls-panel'), 'controls=none');
  assert.ok(await page.isHidden('.charts'));
  assert.ok(await page.isHidden('.intro'));

  await page.goto(`${env.url}/index.html?lang=en&embed=1&controls=momentum,optimizer&charts=1&text=1&paused=1`);
  await ready(page);
  assert.ok(await page.isVisible('.field[data-key=momentum]'));
  assert.ok(await page.isVisible('.field[data-key=optimizer]'));
  assert.ok(await page.isHidden('.field[data-key=dataset]'));
  assert.ok(await page.isHidden('.field[data-key=learningRate]'));
  assert.ok(await page.isVisible('#loss-chart'));
  assert.ok(await page.isVisible('.intro'));
  assert.equal((await page.evaluate(() => window.labState.ignoredParams)).length, 0);
  // The copied snippet keeps the teacher's choices.
  assert.match(new URL(page.url()).search, /controls=momentum%2Coptimizer/);

  await page.goto(`${env.url}/index.html?lang=en&embed=1&controls=all&paused=1`);
  await ready(page);
  assert.ok(await page.isVisible('.field[data-key=momentum]'));
  assert.ok(await page.isVisible('.field[data-key=dataset]'));

  // A bad value is ignored with a reason, like any other parameter.
  await page.goto(`${env.url}/index.html?lang=en&embed=1&controls=bogus&charts=2&paused=1`);
  await ready(page);
  const ignored = await page.evaluate(() => window.labState.ignoredParams.map((i) => i.param));
  assert.deepEqual(ignored.sort(), ['charts', 'controls']);
  assert.ok(await page.isVisible('.field[data-key=dataset]'), 'the default embed controls');

  // Links inside the embed open in a new tab, not inside the frame.
  const [popup] = await Promise.all([context.waitForEvent('page'), page.click('#lessons-link')]);
  await popup.waitForLoadState();
  assert.match(popup.url(), /lessons\.html/);
  assert.match(page.url(), /index\.html/, 'the embed stays on the lab');
  await popup.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the lessons page copies a responsive snippet with clipboard-write', async () => {
  const { page, context, problems } = await open(env, 'lessons.html?lesson=dying-relu&lang=en');
  await page.waitForSelector('#copy-embed', { timeout: 30000 });
  await page.click('#copy-embed');
  const text = await page.inputValue('#share-text');
  assert.match(text, /^<iframe [^>]*width="100%"/);
  assert.match(text, /allow="clipboard-write"/);
  assert.match(text, /aspect-ratio/);
  assert.doesNotMatch(text, /width="1100"/);
  await context.close();
  assert.deepEqual(problems.filter((p) => !/clipboard/i.test(p)), []);
});
