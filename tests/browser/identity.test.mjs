// Colour and identity: each activation keeps its colour, dash, marker and place whatever else is
// ticked; every line colour has at least 3:1 contrast on white and no two activations share a
// look even without colour (dash + marker); no card title is cut (PReLU's is the longest).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, open, shot, waitLab } from './helpers.mjs';

const dist = process.env.RELULAB_DIST ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const { ACTIVATION_STYLE } = await import(pathToFileURL(join(dist, 'shared', 'palette.js')).href);

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const ready = (page) => waitLab(page, () => ['running', 'paused'].includes(window.labState?.status) && window.labState.frames >= 1);

function contrast(hex) {
  const lin = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 1.05 / (0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] + 0.05);
}

test('palette: >= 3:1 on white, and a distinct dash + marker for every activation', () => {
  for (const [id, s] of Object.entries(ACTIVATION_STYLE)) assert.ok(contrast(s.color) >= 3, `${id} ${s.color}: ${contrast(s.color).toFixed(2)}:1`);
  const looks = Object.values(ACTIVATION_STYLE).map((s) => `${s.dash.join(',')}|${s.marker}`);
  assert.equal(new Set(looks).size, looks.length, 'no two activations look alike without colour');
  const colours = Object.values(ACTIVATION_STYLE).map((s) => s.color);
  assert.equal(new Set(colours).size, colours.length);
});

/** Cards in order with their swatch colour, and the lines of both charts by activation. */
const looks = (page) => page.evaluate(() => {
  const cards = [...document.querySelectorAll('.card')].map((c) => ({ id: c.dataset.activation, color: c.querySelector('.swatch').dataset.color }));
  const lines = (id) => window.Chart.getChart(document.getElementById(id)).data.datasets.map((d) => `${d.borderColor}|${d.pointStyle}|${d.borderDash.join(',')}`);
  return { cards, loss: lines('loss-chart'), stuck: lines('stuck-chart') };
});

test('ticking or unticking an activation leaves the others’ colours, lines and places unchanged', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&paused=1&epochs=0');
  await ready(page);
  const before = await looks(page);
  assert.equal(before.cards.length, 8);
  const run = await page.evaluate(() => window.labState.runId);
  await page.check('.field[data-key=activations] input[value=gelu]');
  await waitLab(page, (r) => window.labState.runId > r && window.labState.frames >= 1, run);
  const ticked = await looks(page);
  assert.equal(ticked.cards.length, 9);
  assert.deepEqual(ticked.cards.filter((c) => c.id !== 'gelu'), before.cards, 'the others keep colour and place');
  const lossOf = (l, cards, id) => l.loss.slice(2 * cards.findIndex((c) => c.id === id), 2 * cards.findIndex((c) => c.id === id) + 2);
  for (const c of before.cards) {
    assert.deepEqual(lossOf(ticked, ticked.cards, c.id), lossOf(before, before.cards, c.id), `${c.id}: same loss lines`);
    assert.equal(ticked.stuck[ticked.cards.findIndex((x) => x.id === c.id)], before.stuck[before.cards.findIndex((x) => x.id === c.id)]);
  }
  assert.ok(!before.cards.some((c) => c.color === ticked.cards.find((x) => x.id === 'gelu').color), 'the new one has a colour of its own');

  const run2 = await page.evaluate(() => window.labState.runId);
  await page.uncheck('.field[data-key=activations] input[value=prelu]');
  await waitLab(page, (r) => window.labState.runId > r && window.labState.frames >= 1, run2);
  const unticked = await looks(page);
  assert.deepEqual(unticked.cards, ticked.cards.filter((c) => c.id !== 'prelu'));
  // A reload of the written link shows the same order.
  await page.reload();
  await ready(page);
  assert.deepEqual((await looks(page)).cards, unticked.cards);
  assert.deepEqual(problems, []);
  await context.close();
});

test('no card title is cut, in the full lab and the compact embed, in both languages', async () => {
  for (const [path, viewport] of [['index.html?lang=en&paused=1', { width: 1024, height: 800 }], ['index.html?lang=en&embed=1&paused=1', { width: 800, height: 600 }],
    ['index.html?lang=zh&embed=1&paused=1', { width: 800, height: 600 }], ['index.html?lang=en&paused=1', { width: 360, height: 740 }]]) {
    const { page, context, problems } = await open(env, path, { viewport });
    await ready(page);
    const cut = await page.evaluate(() => [...document.querySelectorAll('.card-title, .param-chip')].filter((e) =>
      e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1 || e.getBoundingClientRect().right > e.closest('.card').getBoundingClientRect().right + 1)
      .map((e) => e.textContent));
    assert.deepEqual(cut, [], `${path} at ${viewport.width}`);
    const prelu = await page.textContent('.card[data-activation=prelu] .card-title');
    assert.ok(!prelu.includes('…'));
    if (viewport.width === 1024) await shot(page, 'lab-identity-1024.png');
    assert.deepEqual(problems, []);
    await context.close();
  }
});

/** Which card and which chart lines are highlighted: index of the card, and per chart the indices
 *  of the lines drawn at full colour (the others are faded). */
const highlighted = (page) => page.evaluate(() => {
  const cards = [...document.querySelectorAll('.card')];
  const full = (id) => window.Chart.getChart(document.getElementById(id)).data.datasets
    .map((d, k) => (/^#[0-9a-f]{6}$/i.test(d.borderColor) ? k : -1)).filter((k) => k >= 0);
  return { card: cards.findIndex((c) => c.classList.contains('highlight')), dimmed: document.getElementById('cards').classList.contains('has-highlight'),
    loss: full('loss-chart'), stuck: full('stuck-chart'), pressed: [...document.querySelectorAll('.net-entry')].map((b) => b.getAttribute('aria-pressed')) };
});

/** Moves the real mouse onto the element once the page has stopped moving: scrolling brings cards
 *  into view, and their real heights replace `contain-intrinsic-size` a frame or two later, which
 *  shifts whatever is below them (a plain page.hover can land where the element was). On a loaded
 *  machine the page can move again after it looked still, so the move is repeated until the
 *  pointer is really over the element (`:hover`). */
async function pointAt(page, selector) {
  for (let attempt = 0; attempt < 10; attempt++) {
    await page.locator(selector).scrollIntoViewIfNeeded();
    const box = await page.locator(selector).evaluate(async (e) => {
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      let last = '';
      for (let i = 0; i < 60; i++) {
        await frame();
        const r = e.getBoundingClientRect();
        const now = JSON.stringify([r.x, r.y, r.width, r.height]);
        if (now === last) return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
        last = now;
      }
      throw new Error('the element kept moving');
    });
    await page.mouse.move(box.x, box.y, { steps: 4 });
    if (await page.locator(selector).evaluate((e) => e.matches(':hover'))) return;
  }
  throw new Error(`the pointer could not be kept over ${selector}`);
}

test('a legend entry highlights its network: its card and its lines in both charts (mouse and keyboard)', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&paused=1&epochs=0');
  await ready(page);
  const names = await page.$$eval('.net-entry', (bs) => bs.map((b) => b.textContent));
  const titles = await page.$$eval('.card .card-title', (hs) => hs.map((h) => h.textContent));
  assert.equal(names.length, 8);
  names.forEach((n, i) => assert.ok(titles[i].startsWith(n), `entry ${i} "${n}" names card "${titles[i]}"`));
  const none = { card: -1, dimmed: false, loss: [...Array(16).keys()], stuck: [...Array(8).keys()], pressed: Array(8).fill('false') };
  assert.deepEqual(await highlighted(page), none, 'nothing highlighted at first');

  // Pointing at PReLU's entry (a real mouse move) highlights PReLU; moving away clears it.
  await pointAt(page, '.net-entry >> nth=2');
  assert.deepEqual(await highlighted(page), { card: 2, dimmed: true, loss: [4, 5], stuck: [2], pressed: Array(8).fill('false') });
  await shot(page, 'lab-legend-highlight.png');
  await page.mouse.move(5, 5);
  assert.deepEqual(await highlighted(page), none);

  // Keyboard: one tab stop, arrows move (and highlight), Enter keeps it after focus leaves, Escape clears.
  assert.equal(await page.$$eval('.net-entry', (bs) => bs.filter((b) => b.tabIndex === 0).length), 1);
  await page.focus('.net-entry >> nth=0');
  assert.equal((await highlighted(page)).card, 0);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await highlighted(page), { card: 3, dimmed: true, loss: [6, 7], stuck: [3], pressed: Array(8).fill('false') });
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  const pinned = await highlighted(page);
  assert.equal(pinned.card, 3, 'the pressed entry stays highlighted after focus leaves');
  assert.deepEqual(pinned.pressed, ['false', 'false', 'false', 'true', 'false', 'false', 'false', 'false']);
  // Training goes on with the highlight kept (new points do not repaint the lines).
  await page.click('#play');
  await waitLab(page, () => window.labState.epoch >= 3 && window.labState.frames >= 2);
  assert.deepEqual((await highlighted(page)).stuck, [3]);
  await page.focus('.net-entry >> nth=3');
  await page.keyboard.press('Escape');
  assert.deepEqual(await highlighted(page), none, 'Escape clears it');
  assert.deepEqual(problems, []);
  await context.close();
});
