// The network diagram (issue 17) in Chromium: opened with the keyboard, one weight edited (the
// worker's parameters read back hold its float32, bit for bit, and the card's boundary changes),
// Undo restores the old bits, refused values ("abc", 1e39) show a message naming the parameter and
// change nothing; hovering a unit shows its map on the card's plot; an 8 x 64 network stays usable
// (links thinned, every unit reachable); Chinese strings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, open, shot, waitLab } from './helpers.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** axe-core's critical and serious violations in the diagram and the card's head, one line each
 *  (the rest of the page is a11y.test.mjs's). */
async function axe(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate((tags) => window.axe.run({ include: [['.card[data-activation=relu] .diagram'],
    ['.card[data-activation=relu] .card-head'], ['.card[data-activation=relu] .plot']] },
  { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  return result.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const paused = (n) => window.labState?.status === 'paused' && window.labState.epoch === n && window.labState.frameEpoch === n;
/** The hex bits of a float32, computed here independently of the page. */
const bitsOf = (v) => { const d = new DataView(new ArrayBuffer(4)); d.setFloat32(0, v); return d.getUint32(0).toString(16).padStart(8, '0'); };
const card = '.card[data-activation=relu]';
const param = (k) => `${card} .diagram-param[data-param="${k}"]`;
const bitsAt = (page, k) => page.$eval(param(k), (b) => b.dataset.bits);
/** A cheap fingerprint of the card's plot (its pixels). */
const plotHash = (page) => page.$eval(`${card} canvas.plane`, (c) => {
  const copy = document.createElement('canvas');
  copy.width = c.width; copy.height = c.height;
  const ctx = copy.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(c, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  let h = 2166136261;
  for (let i = 0; i < d.length; i += 4) { h ^= d[i] + 7 * d[i + 1] + 13 * d[i + 2]; h = Math.imul(h, 16777619); }
  return h >>> 0;
});
/** Polls plotHash until `wanted(hash)` holds (at most 20 s); returns the hash. */
async function waitPlot(page, wanted) {
  const end = Date.now() + 20000;
  for (;;) {
    const h = await plotHash(page);
    if (wanted(h)) return h;
    if (Date.now() > end) throw new Error(`the card's plot did not reach the wanted state (hash ${h})`);
    await page.waitForTimeout(50);
  }
}

test('edit a weight with the keyboard, undo it bit for bit; refused values change nothing', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&epochs=5');
  await waitLab(page, paused, 5);
  await page.focus(`${card} .diagram-toggle`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`${card} .diagram .diagram-param`);
  assert.equal(await page.getAttribute(`${card} .diagram-toggle`, 'aria-expanded'), 'true');
  // Focus lands on the first hidden unit; Tab reaches its parameter list: bias, then weights.
  await page.waitForFunction((sel) => document.activeElement?.matches(`${sel} .diagram-node.kind-hidden`), card);
  assert.match(await page.textContent(`${card} .diagram-status`), /layer 1, unit 1 · bias of layer 1, unit 1 = /);
  await page.keyboard.press('Tab');
  assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /^b = \S+ \(bias of layer 1, unit 1\)$/);
  assert.match(await page.evaluate(() => document.activeElement.textContent), /^b = /);
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => ({ k: Number(document.activeElement.dataset.param), text: document.activeElement.getAttribute('aria-label') }));
  assert.match(focused.text, /^w\(x₁\) = \S+ \(weight x₁ → layer 1, unit 1\)$/);
  assert.match(await page.evaluate(() => document.activeElement.textContent), /^w\(x₁\) = /);
  assert.equal(focused.k, 0, 'the first weight of layer 1 is parameter 0 of the layout');
  const k = focused.k;
  const oldBits = await bitsAt(page, k);
  const before = await plotHash(page);

  // Edit: Enter opens the editor, Enter applies.
  await page.keyboard.press('Enter');
  await page.waitForSelector(`${card} .diagram-editor:not([hidden]) input:focus`);
  await page.fill(`${card} .diagram-editor input`, '-2.5');
  await page.keyboard.press('Enter');
  await page.waitForFunction(([sel, b]) => document.querySelector(sel)?.dataset.bits === b, [param(k), bitsOf(-2.5)]);
  assert.match(await page.textContent(`${card} .diagram-status`), /^Weight x₁ → layer 1, unit 1 set to -2\.5 \(was .+\); training is paused/);
  assert.equal(await page.evaluate(() => window.labState.status), 'paused');
  // The card redraws from the worker's edited network: its boundary changes.
  await waitPlot(page, (h) => h !== before);
  const editedPlot = await plotHash(page);

  // Refused: text and a value beyond float32 range; the message names the parameter; nothing changes.
  for (const bad of ['abc', '1e39', '0x10', '3.4028235e38']) {
    await page.focus(param(k));
    await page.keyboard.press('Enter');
    await page.fill(`${card} .diagram-editor input`, bad);
    await page.keyboard.press('Enter');
    const msg = await page.textContent(`${card} .diagram-message`);
    assert.match(msg, /^Weight x₁ → layer 1, unit 1: enter a number from -3\.4028234663852886e\+38 to 3\.4028234663852886e\+38/);
    assert.ok(msg.includes(`(got ${bad})`), msg);
    assert.equal(await page.getAttribute(`${card} .diagram-editor input`, 'aria-invalid'), 'true');
    await page.keyboard.press('Escape');
    assert.ok(await page.isHidden(`${card} .diagram-editor`));
    // Escape returns focus to the parameter.
    assert.equal(await page.evaluate(() => document.activeElement.dataset.param), String(k));
  }
  // The worker still holds -2.5 (a fresh read).
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  assert.equal(await bitsAt(page, k), bitsOf(-2.5));
  assert.equal(await plotHash(page), editedPlot);

  // Undo: the previous float32, bit for bit, read back from the worker; the plot is the old one.
  assert.match(await page.textContent(`${card} .diagram-undo`), /^Undo: weight x₁ → layer 1, unit 1 back to /);
  await page.click(`${card} .diagram-undo`);
  await page.waitForFunction(([sel, b]) => document.querySelector(sel)?.dataset.bits === b, [param(k), oldBits]);
  assert.ok(await page.isDisabled(`${card} .diagram-undo`));
  await waitPlot(page, (h) => h === before);

  // Hovering a hidden unit shows its map on the card's plot; leaving the diagram's units restores it.
  await page.hover(`${card} .diagram-node.kind-hidden[data-col="2"][data-row="3"]`);
  await page.waitForFunction((sel) => document.querySelector(`${sel} canvas.plane`).dataset.showing === '2:4', card);
  assert.match(await page.textContent(`${card} .diagram-caption`), /Showing layer 2, unit 4/);
  await shot(page, 'diagram-hover.png');
  await page.mouse.move(5, 5);
  await page.waitForFunction((sel) => !document.querySelector(`${sel} canvas.plane`).dataset.showing, card);

  // The pointer on a link (halfway from x₁ to layer 1, unit 1) shows its weight; a click edits it.
  const mid = await page.evaluate((sel) => {
    const a = document.querySelector(`${sel} .diagram-node.kind-input[data-row="0"]`).getBoundingClientRect();
    const b = document.querySelector(`${sel} .diagram-node.kind-hidden[data-col="1"][data-row="0"]`).getBoundingClientRect();
    return { x: (a.left + a.right + b.left + b.right) / 4, y: (a.top + a.bottom + b.top + b.bottom) / 4 };
  }, card);
  await page.mouse.move(mid.x, mid.y);
  await page.waitForFunction((sel) => /^weight x₁ → layer 1, unit 1 = /.test(document.querySelector(`${sel} .diagram-status`).textContent), card);
  assert.match(await page.getAttribute(`${card} canvas.diagram-links`, 'title'), /^weight x₁ → layer 1, unit 1 = /);
  await page.mouse.click(mid.x, mid.y);
  await page.waitForSelector(`${card} .diagram-editor:not([hidden])[data-param="0"]`);
  await page.keyboard.press('Escape');

  // Closing: the button again.
  await page.click(`${card} .diagram-toggle`);
  assert.equal(await page.locator(`${card} .diagram`).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a bias edited from its unit with Enter; an 8 x 64 network keeps every unit reachable; Chinese', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=zh&activations=relu,tanh&hiddenLayers=8&width=64&epochs=1');
  await waitLab(page, paused, 1);
  await page.click(`${card} .diagram-toggle`);
  await page.waitForSelector(`${card} .diagram .diagram-param`);
  assert.equal(await page.locator(`${card} .diagram-node`).count(), 2 + 8 * 64 + 1);
  assert.ok(await page.isVisible(`${card} .diagram-note`), 'the note says links are thinned');
  assert.match(await page.textContent(`${card} .diagram-note`), /每层只画 256 条最强的连接/);
  assert.match(await page.textContent(`${card} .diagram-toggle`), /结构图/);
  // The last unit of the last hidden layer, by keyboard: Right seven times, then End.
  await page.waitForFunction((sel) => document.activeElement?.matches(`${sel} .diagram-node`), card);
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('End');
  const at = await page.evaluate(() => [document.activeElement.dataset.col, document.activeElement.dataset.row]);
  assert.deepEqual(at, ['8', '63']);
  assert.match(await page.textContent(`${card} .diagram-list-title`), /第 8 层第 64 个单元的偏置和输入权重/);
  assert.equal(await page.locator(`${card} .diagram-param`).count(), 1 + 64);
  // Enter on a unit edits its bias.
  await page.keyboard.press('Enter');
  await page.waitForSelector(`${card} .diagram-editor:not([hidden]) input:focus`);
  const k = Number(await page.getAttribute(`${card} .diagram-editor`, 'data-param'));
  await page.fill(`${card} .diagram-editor input`, '0.1');
  await page.keyboard.press('Enter');
  await page.waitForFunction(([sel, b]) => document.querySelector(sel)?.dataset.bits === b, [param(k), bitsOf(0.1)]);
  assert.match(await page.textContent(`${card} .diagram-status`), /第 8 层第 64 个单元的偏置已设为 0\.1/);
  await shot(page, 'diagram-large.png', true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a PReLU unit lists its slope a; editing it shows in the card\'s slope line', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&epochs=2');
  await waitLab(page, paused, 2);
  const prelu = '.card[data-activation=prelu]';
  await page.click(`${prelu} .diagram-toggle`);
  await page.waitForSelector(`${prelu} .diagram .diagram-param`);
  assert.match(await page.textContent(`${prelu} .diagram-list-title`), /^Bias, PReLU slope a and incoming weights of layer 1, unit 1$/);
  const slope = `${prelu} .diagram-param >> nth=1`;
  assert.match(await page.getAttribute(slope, 'aria-label'), /^a = \S+ \(PReLU slope a of layer 1, unit 1\)$/);
  const k = await page.getAttribute(slope, 'data-param');
  await page.click(slope);
  await page.fill(`${prelu} .diagram-editor input`, '0.875');
  await page.keyboard.press('Enter');
  const sel = `${prelu} .diagram-param[data-param="${k}"]`;
  await page.waitForFunction(([s, b]) => document.querySelector(s)?.dataset.bits === b, [sel, bitsOf(0.875)]);
  // The next frame's diagnostics carry the slope: the card's line reads it from the worker.
  await page.waitForFunction((c) => /layer 1: slopes a \S+ … 0\.88/.test(document.querySelector(`${c} .extra`).textContent), prelu);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the open diagram passes axe-core at 1280 and 360 px and fits a phone', async () => {
  for (const width of [1280, 360]) {
    const { page, context, problems } = await open(env, 'index.html?lang=en&epochs=2',
      { viewport: { width, height: 800 }, ...(width < 500 ? { isMobile: true, hasTouch: true } : {}) });
    await waitLab(page, paused, 2);
    await page.click(`${card} .diagram-toggle`);
    await page.waitForSelector(`${card} .diagram .diagram-param`);
    await page.focus(param(0));
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${card} .diagram-editor:not([hidden])`);
    // The units in view, clear of the sticky run bar (axe counts a target under it as too small).
    await page.$eval(`${card} .diagram-stage`, (e) => e.scrollIntoView({ block: 'center' }));
    assert.deepEqual(await axe(page), [], `at ${width} px`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at ${width} px (${overflow} px)`);
    if (width < 500) await shot(page, 'diagram-phone.png', true);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
