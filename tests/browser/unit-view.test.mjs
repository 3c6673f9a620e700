// The unit view (issue 17.1) in Chromium: a unit opened with the keyboard shows the histogram of
// its z with the line z = 0, its history charts and weights; a unit the lab reports dead has no
// training point with z > 0 and says when it died; it stays readable at phone width; Chinese too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot, waitLab } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const paused = (n) => window.labState?.status === 'paused' && window.labState.epoch === n && window.labState.frameEpoch === n;

async function openUnit(page, selector) {
  await page.focus(selector);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#unit-dialog[open] .unit-view[data-positive]');
  return page.$eval('#unit-dialog .unit-view', (v) => ({
    positive: Number(v.dataset.positive), points: Number(v.dataset.points), death: Number(v.dataset.deathEpoch),
    charts: v.querySelectorAll('canvas').length, text: v.textContent,
    weights: v.querySelectorAll('.uv-weight-list li').length,
  }));
}

test('a dead ReLU unit opened with the keyboard: no z > 0, its death epoch, history and weights', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&epochs=40');
  await waitLab(page, paused, 40);
  const dead = '.card[data-activation=relu] .unit[aria-label*=": dead"]';
  assert.ok(await page.locator(dead).count() > 0, 'the default ReLU network has a dead unit by epoch 40');
  const v = await openUnit(page, dead);
  assert.equal(v.positive, 0, 'a dead unit has no training point with z > 0');
  assert.ok(v.points > 0);
  assert.ok(v.death >= 0, 'its death epoch is shown');
  assert.equal(v.charts, 5, 'the histogram and four history charts');
  assert.match(v.text, /No training point has z > 0/);
  assert.match(v.text, /Died at epoch \d+|Dead from the start/);
  assert.match(v.text, /Incoming weights/);
  assert.ok(v.weights >= 10, 'incoming w1, w2, b and 8 outgoing (first layer) or 8 + b and 1 (second)');
  await shot(page, 'unit-view-dead.png');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#unit-dialog[open]').count(), 0);
  // A live unit has points with z > 0, and its history says it is not dead.
  const live = await openUnit(page, '.card[data-activation=relu] .unit[aria-label*=": alive"]');
  assert.ok(live.positive > 0);
  assert.equal(live.death, -1);
  assert.match(live.text, /Not dead now/);
  await page.keyboard.press('Escape');
  // Tanh cannot die; a first-layer tanh unit's band is explained under its map.
  await openUnit(page, '.card[data-activation=tanh] .layer-row:first-of-type .unit');
  assert.match(await page.textContent('#unit-dialog .unit-view'), /does not die/);
  assert.match(await page.textContent('#unit-dialog .unit-line-key'), /band where g′\(z\) is at least 10 %/);
  await page.keyboard.press('Escape');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the unit view fits a phone and speaks Chinese', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=zh&epochs=20', { viewport: { width: 390, height: 800 } });
  await waitLab(page, paused, 20);
  const v = await openUnit(page, '.card[data-activation=relu] .unit');
  assert.equal(v.charts, 5);
  assert.match(v.text, /训练样本上的预激活值 z/);
  const overflow = await page.$eval('#unit-dialog', (d) => d.scrollWidth - d.clientWidth);
  assert.ok(overflow <= 1, `no sideways scrolling in the dialog (${overflow}px)`);
  await shot(page, 'unit-view-phone.png');
  // Keyboard: Tab reaches the close button, Enter closes.
  await page.focus('#unit-dialog .close');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#unit-dialog[open]').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('any unit shows where it bends: z = 0 on input features and in the second layer, maxout\'s winning pieces', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&epochs=10&activations=relu,maxout&features=x1,x2,x1sq');
  await waitLab(page, paused, 10);
  const seen = async () => page.$eval('#unit-dialog canvas.unit-large', (c) => ({ kind: c.dataset.unitLine, dots: Number(c.dataset.bendDots ?? -1) }));
  // First-layer ReLU units read x1, x2 and x1²: not a straight line, so the curve from the core's z.
  let bent = 0;
  for (const layer of [1, 2]) {
    const units = page.locator(`.card[data-activation=relu] .layer-row:nth-of-type(${layer}) .unit`);
    const n = await units.count();
    assert.ok(n > 0);
    for (let u = 0; u < n; u++) {
      await units.nth(u).focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector('#unit-dialog[open] .unit-view[data-positive]');
      await page.waitForFunction(() => document.querySelector('#unit-dialog canvas.unit-large')?.dataset.unitLine);
      const s = await seen();
      assert.equal(s.kind, 'bend', `layer ${layer} unit ${u}`);
      assert.match(await page.textContent('#unit-dialog .unit-line-key'), /Dots: where this unit’s z = 0/);
      if (s.dots > 0 && bent++ === 0) await shot(page, 'unit-view-bend.png');
      await page.keyboard.press('Escape');
    }
  }
  assert.ok(bent >= 2, `units whose z = 0 crosses the box (got ${bent})`);
  await page.focus('.card[data-activation=maxout] .layer-row:first-of-type .unit');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#unit-dialog[open] canvas.unit-large')?.dataset.unitLine);
  assert.equal((await seen()).kind, 'pieces');
  await shot(page, 'unit-view-maxout-pieces.png');
  assert.match(await page.textContent('#unit-dialog .unit-line-key'), /which of the unit’s pieces wins/);
  await page.keyboard.press('Escape');
  assert.deepEqual(problems, []);
  await context.close();
});
