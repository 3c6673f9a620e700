// The lessons page (lessons.html) in Chromium under the lab's CSP: the index lists the fifteen
// lessons in English and Chinese, a lesson opens with its text beside a running lab in an
// iframe configured by its preset, preset buttons (mouse and keyboard) switch the lab, links and
// embed code point at the lesson, the study runs in its worker and fills its table and claims,
// phones get one column without sideways scrolling, and nothing fails or leaves the origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, open, shot } from './helpers.mjs';
import { LESSONS, lessonById, presetQuery, ui } from '../../web/lessons/catalog.js';
import { fixed } from '../../web/shared/format.js';
import { runStudy } from '../../web/lessons/studies.js';

// The module the page's study worker loads, for reference runs here in Node.
const dist = process.env.RELULAB_DIST ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const { loadReluLab } = await import(pathToFileURL(join(dist, 'wasm', 'relulab.mjs')).href);

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const state = (page) => page.evaluate(() => JSON.parse(JSON.stringify(window.lessonState)));
const ready = (page) => page.waitForFunction(() => window.lessonState?.ready === true, null, { timeout: 20000 });
/** Waits until the lab in the lesson's iframe runs the preset the page shows (its src). */
async function labRuns(page) {
  const src = await page.getAttribute('#lab-frame', 'src');
  const frame = await (await page.$('#lab-frame')).contentFrame();
  // The lab rewrites its own URL, so the document is recognised by the URL it was loaded from.
  await frame.waitForFunction((q) => performance.getEntriesByType('navigation')[0]?.name.endsWith(`/${q}`)
    && window.labState?.epoch >= 1, src, { timeout: 60000, polling: 100 });
  return frame;
}
const studyDone = (page) => page.waitForFunction(() => ['done', 'error'].includes(window.lessonState?.study.status), null,
  { timeout: 120000, polling: 200 });

test('the index lists the fifteen lessons in English and in Chinese, and the language can be switched', async () => {
  const { page, context, problems } = await open(env, 'lessons.html?lang=en');
  await ready(page);
  assert.equal((await state(page)).view, 'index');
  const titles = await page.$$eval('.lesson-list li a', (as) => as.map((a) => a.lastChild.textContent));
  assert.deepEqual(titles, LESSONS.map((l) => l.title.en));
  const hrefs = await page.$$eval('.lesson-list li a', (as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, LESSONS.map((l) => `lessons.html?lesson=${l.id}&lang=en`));
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.selectOption('#lang-select', 'zh');
  await page.waitForFunction(() => window.lessonState.lang === 'zh');
  const zh = await page.$$eval('.lesson-list li a', (as) => as.map((a) => a.lastChild.textContent));
  assert.deepEqual(zh, LESSONS.map((l) => l.title.zh));
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(page.url(), /lang=zh/);
  assert.equal(await page.textContent('h1'), '课程');
  await shot(page, 'lessons-index-zh.png', true);
  assert.deepEqual(problems, [], 'no console errors, CSP violations, failed or off-origin requests');
  await context.close();

  const direct = await open(env, 'lessons.html?lang=zh');
  await ready(direct.page);
  assert.equal(await direct.page.locator('.lesson-list li').count(), LESSONS.length);
  assert.deepEqual(direct.problems, []);
  await direct.context.close();
});

test('a lesson opens with its text beside a running lab, and its study fills the table and the claims', async () => {
  const lesson = LESSONS[0];
  const preset = lesson.presets[0];
  const { page, context, problems } = await open(env, `lessons.html?lesson=${lesson.id}&lang=en`);
  await ready(page);
  assert.equal(await page.textContent('.lesson-head h1'), lesson.title.en);
  assert.equal(await page.locator('.lesson-text > p').count(), lesson.body.en.filter((b) => typeof b === 'string').length);
  assert.equal(await page.locator('.claim').count(), lesson.claims.length);
  // The lab in the iframe is the lab's own page in embed mode, configured by the preset, training.
  const src = await page.getAttribute('#lab-frame', 'src');
  assert.equal(src, `index.html?${presetQuery(preset, { lang: 'en', embed: true })}`);
  const frame = await labRuns(page);
  await frame.waitForFunction(() => window.labState.epoch >= 3, null, { timeout: 60000 });
  const lab = await frame.evaluate(() => ({ embed: window.labState.embed, acts: window.labState.summaries.map((s) => s.activation) }));
  assert.equal(lab.embed, true);
  assert.deepEqual(lab.acts, preset.config.activations);
  assert.equal(await page.getAttribute('#open-in-lab', 'href'), `index.html?${presetQuery(preset, { lang: 'en' })}`);
  // The study: progress, then the table, the chart and every claim checked.
  await studyDone(page);
  const s = await state(page);
  assert.equal(s.study.status, 'done', s.study.error ?? '');
  assert.ok(s.tables >= 1 && s.charts >= 1);
  assert.equal(await page.locator('#study-body table').first().locator('tbody tr').count(), preset.config.activations.length);
  assert.deepEqual(s.claims.map((c) => c.id), lesson.claims.map((c) => c.id));
  assert.ok(s.claims.every((c) => c.holds === true), JSON.stringify(s.claims));
  assert.equal(await page.locator('.claim.holds').count(), lesson.claims.length);
  assert.match(await page.textContent('.claim .measured'), /measured: \d/);
  // The chart of means also shows the spread across seeds at every epoch: one shaded band per
  // activation along the whole curve, drawn by real Chart.js from the study's per-seed curves,
  // and its caption and text alternative say what the band is.
  const spread = await page.evaluate(() => {
    const canvas = document.querySelector('#study-body canvas');
    const chart = window.Chart.getChart(canvas);
    return { drawn: chart.$spread, ranges: chart.data.datasets.map((d) => d.spread), means: chart.data.datasets.map((d) => d.data.map((p) => p.y)),
      label: canvas.getAttribute('aria-label') };
  });
  const epochs = lesson.study.epochs;
  const acts = preset.config.activations.length;
  assert.equal(spread.drawn.bands, acts, JSON.stringify(spread.drawn));
  assert.equal(spread.drawn.whiskers, 0);
  assert.equal(spread.drawn.values, 2 * (epochs + 1) * acts, 'a low and a high end at every epoch of every curve');
  // Each band holds its mean curve, and the ReLU band is not flat: the seeds really differ.
  spread.ranges.forEach((r, a) => r.forEach(([lo, hi], x) => assert.ok(lo <= spread.means[a][x] + 1e-12 && spread.means[a][x] <= hi + 1e-12, `${a} @ ${x}`)));
  assert.ok(spread.ranges[0].some(([lo, hi]) => hi - lo > 0.1), JSON.stringify(spread.ranges[0]));
  assert.match(spread.label, /range across seeds at every epoch/);
  assert.match(await page.textContent('#study-body figcaption'), /range across seeds at every epoch/);
  // Link and embed code of the lesson.
  await page.click('#copy-link');
  assert.equal(await page.inputValue('#share-text'), `${env.url}/lessons.html?lesson=${lesson.id}&lang=en`);
  // The shared copy helper (web/shared/share.js) reports in the lessons page's own words.
  await page.waitForFunction(() => document.querySelector('.share-status')?.textContent !== '');
  assert.ok([ui('copied', 'en'), ui('copyManually', 'en')].includes(await page.textContent('.share-status')));
  await page.click('#copy-embed');
  const embed = await page.inputValue('#share-text');
  assert.match(embed, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/lessons\.html\?lesson=dying-relu&amp;lang=en&amp;embed=1" /);
  await shot(page, 'lesson-1.png', true);
  assert.deepEqual(problems, [], 'no console errors, CSP violations, failed or off-origin requests');
  await context.close();
});

test('preset buttons switch the lab, by mouse and by keyboard; the study table is in Chinese', async () => {
  const lesson = LESSONS.find((l) => l.id === 'kink-at-zero');
  const { page, context, problems } = await open(env, `lessons.html?lesson=${lesson.id}&lang=zh`);
  await ready(page);
  assert.equal(await page.textContent('.lesson-head h1'), lesson.title.zh);
  assert.equal(await page.locator('.presets button').count(), lesson.presets.length);
  assert.equal(await page.getAttribute('.presets button[aria-pressed=true]', 'data-preset'), lesson.presets[0].id);
  await labRuns(page);
  await page.click(`.presets button[data-preset="${lesson.presets[4].id}"]`);
  await labRuns(page);
  let s = await state(page);
  assert.equal(s.presetId, lesson.presets[4].id);
  assert.equal(s.iframeSrc, `index.html?${presetQuery(lesson.presets[4], { lang: 'zh', embed: true })}`);
  assert.equal(await page.getAttribute('#lab-frame', 'src'), s.iframeSrc);
  assert.match(page.url(), new RegExp(`preset=${lesson.presets[4].id}`));
  // Keyboard: focus the next button and press Enter, then Space on the one after.
  await page.focus(`.presets button[data-preset="${lesson.presets[4].id}"]`);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await labRuns(page);
  s = await state(page);
  assert.equal(s.presetId, lesson.presets[5].id);
  assert.equal(await page.getAttribute(`.presets button[data-preset="${lesson.presets[5].id}"]`, 'aria-pressed'), 'true');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Space');
  const frame = await labRuns(page);
  assert.equal((await state(page)).presetId, lesson.presets[4].id);
  assert.deepEqual(await frame.evaluate(() => window.labState.summaries.map((s) => s.activation)), ['relu']);
  await studyDone(page);
  s = await state(page);
  assert.equal(s.study.status, 'done', s.study.error ?? '');
  assert.ok(s.claims.length === lesson.claims.length + lesson.presetClaims.length && s.claims.every((c) => c.holds));
  assert.match(await page.textContent('#study-body thead'), /恰好为 0/);
  assert.match(await page.textContent('.claim .measured'), /实测：/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a phone gets one column without sideways scrolling; an embedded lesson hides the page chrome', async () => {
  const { page, context, problems } = await open(env, 'lessons.html?lesson=maxout-convex&lang=zh',
    { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  await ready(page);
  await studyDone(page);
  const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, text: document.querySelector('.lesson-text').getBoundingClientRect().width,
    lab: document.querySelector('.lesson-lab').getBoundingClientRect().width, frame: document.querySelector('#lab-frame').getBoundingClientRect().width }));
  assert.ok(widths.doc <= 360, `no sideways scroll (${widths.doc})`);
  assert.ok(widths.text > 300 && widths.lab > 300 && widths.frame > 300, JSON.stringify(widths));
  // The k picker redraws the pieces chart and the groups figure.
  await page.selectOption('#pick-k', '4');
  assert.equal(await page.locator('.groups .group').first().locator('.piece').count(), 4);
  await shot(page, 'lesson-8-phone.png', true);
  assert.deepEqual(problems, []);
  await context.close();

  const embedded = await open(env, 'lessons.html?lesson=born-dead&lang=en&embed=1');
  await ready(embedded.page);
  assert.equal(await embedded.page.isVisible('.topbar'), false);
  assert.equal(await embedded.page.isVisible('#lab-frame'), true);
  assert.deepEqual(embedded.problems, []);
  await embedded.context.close();
});

for (const id of ['excitation-boundary', 'gradient-direction', 'elu-mean', 'maxout-practice']) test(`lesson ${id}: the study fills its table and chart, and every claim holds`, async () => {
  const lesson = LESSONS.find((l) => l.id === id);
  const { page, context, problems } = await open(env, `lessons.html?lesson=${lesson.id}&lang=zh`);
  await ready(page);
  await studyDone(page);
  const s = await state(page);
  assert.equal(s.study.status, 'done', s.study.error ?? '');
  assert.ok(s.tables >= 1 && s.charts >= 1);
  assert.equal(await page.locator('#study-body table').first().locator('tbody tr').count(), (lesson.study.nets ?? lesson.study.config.activations).length);
  assert.deepEqual(s.claims.map((c) => c.id), lesson.claims.map((c) => c.id));
  assert.ok(s.claims.every((c) => c.holds === true), JSON.stringify(s.claims));
  // Every chart of means shows the range across seeds: a band or whiskers with finite ends.
  // (Lesson 12's unit plots are drawn on plain canvases, not charts.)
  const drawn = await page.$$eval('#study-body canvas', (cs) => cs.map((c) => window.Chart.getChart(c)).filter(Boolean).map((c) => c.$spread));
  assert.ok(drawn.length >= 1 && drawn.every((d) => d && d.bands + d.whiskers > 0 && d.values > 0), JSON.stringify(drawn));
  assert.match(await page.textContent('#study-body figcaption'), /各种子间的范围/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('lesson 12 draws each trained network\'s first-layer lines and active regions from the network\'s own parameters', async () => {
  const lesson = lessonById('excitation-boundary');
  const { study } = lesson;
  // The reference: the same study, for the drawn seed only, run here on the same module.
  const ref = runStudy(await loadReluLab(), { ...study, seeds: [study.seeds[0]] });
  const { page, context, problems } = await open(env, `lessons.html?lesson=${lesson.id}&lang=en`);
  await ready(page);
  await studyDone(page);
  assert.equal((await state(page)).study.status, 'done');
  const read = () => page.$$eval('.unit-plot canvas', (cs) => cs.map((c) => ({ ...c.$drawn, label: c.getAttribute('aria-label') })));
  let panels = await read();
  assert.deepEqual(panels.map((p) => p.activation), study.config.activations);
  const box = ref.box;
  for (const p of panels) {
    const units = ref.drawn.nets[p.activation].units;
    assert.equal(p.units.length, study.config.hidden[0], `${p.activation}: one line per first-layer unit`);
    p.units.forEach((u, k) => {
      const what = `${p.activation} unit ${k + 1}`;
      // Bit for bit the trained parameters the study reports (the same module and seed).
      assert.deepEqual([...u.w, u.b], [...units[k].w, units[k].b], what);
      assert.equal(u.shown, true);
      // The drawn segment lies on w·x + b = 0 and runs from edge to edge of the box.
      assert.ok(u.line, `${what}: the line crosses the box`);
      for (const [x, y] of u.line) {
        assert.ok(Math.abs(u.w[0] * x + u.w[1] * y + u.b) < 1e-9 * (1 + Math.hypot(...u.w) * box), what);
        assert.ok(Math.abs(Math.max(Math.abs(x), Math.abs(y)) - box) < 1e-9, `${what}: ends on the box`);
      }
      // The shaded region: the share of the box it covers, against a finer grid here — ReLU's
      // side where z > 0 (the other side would give 1 − share), tanh's and sigmoid's band |z| ≤ z*.
      const band = p.activation !== 'relu';
      assert.equal(u.region, band ? 'band' : 'half-plane', what);
      let inside = 0;
      const n = 500;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const z = u.w[0] * (-box + (2 * box * (j + 0.5)) / n) + u.w[1] * (-box + (2 * box * (i + 0.5)) / n) + u.b;
          if (band ? Math.abs(z) <= ref.edges[p.activation] : z > 0) inside++;
        }
      }
      assert.ok(Math.abs(u.share - inside / n ** 2) < 0.01, `${what}: shaded ${u.share}, expected ${inside / n ** 2}`);
    });
    assert.match(p.label, /first-layer units/);
    assert.match(p.label, p.activation === 'relu' ? /half-plane where z > 0/ : new RegExp(`\\|z\\| ≤ ${fixed(ref.edges[p.activation], 1)}`));
  }
  // The text alternative in numbers: every line in the table, from the same parameters.
  const rows = await page.$$eval('.unit-lines tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(rows.map((r) => r.slice(1, 4)), study.config.activations.flatMap((a) => ref.drawn.nets[a].units.map((u) => [fixed(u.w[0]), fixed(u.w[1]), fixed(u.b)])));
  // One unit picked: only its line, with its band edges; back to all units.
  await page.selectOption('#pick-unit', '2');
  panels = await read();
  for (const p of panels) assert.deepEqual(p.units.map((u) => u.shown), p.units.map((_, k) => k === 2), p.activation);
  assert.ok(panels.every((p) => p.focus === 2));
  await page.selectOption('#pick-unit', '');
  assert.ok((await read()).every((p) => p.focus === null && p.units.every((u) => u.shown)));
  // The finished study with its plots, picker and table passes axe-core (WCAG 2.2 A/AA); the
  // page-wide check in a11y.test.mjs runs before studies finish.
  await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(() => window.axe.run('#study-body', { runOnly: { type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] }));
  assert.deepEqual(violations.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id), []);
  await shot(page, 'lesson-12-units.png', true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an unknown lesson shows the index with a notice', async () => {
  const { page, context, problems } = await open(env, 'lessons.html?lesson=nope&lang=en');
  await ready(page);
  const s = await state(page);
  assert.equal(s.view, 'index');
  assert.equal(s.lessonCount, LESSONS.length);
  assert.match(await page.textContent('.notice'), /"nope"/);
  assert.deepEqual(problems, []);
  await context.close();
});
