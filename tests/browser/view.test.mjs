// How the plots are drawn (TF Playground's "show test data" and "discretize output"): each is a
// checkbox in the Display group and a link parameter; changing one redraws without a new run;
// discretized planes have only the two end colours; hidden test points leave the plane.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, open, waitLab } from './helpers.mjs';

const dist = process.env.RELULAB_DIST ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const { BINARY_LUT } = await import(pathToFileURL(join(dist, 'shared', 'palette.js')).href);

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

/** Shares of the first card's plane: pixels at either end colour of the binary map, and near-white pixels. */
const plane = (page, ends) => page.evaluate(async (ends) => {
  const c = document.querySelector('.card canvas.plane');
  // Cards off-screen are drawn when they scroll into view (a reload restores the scroll position,
  // which may leave the first card out of view): bring it into view and wait for its first paint.
  c.scrollIntoView({ block: 'center' });
  const painted = () => {
    const probe = document.createElement('canvas');
    probe.width = probe.height = 1;
    probe.getContext('2d').drawImage(c, c.width / 2, c.height / 2, 1, 1, 0, 0, 1, 1);
    return probe.getContext('2d').getImageData(0, 0, 1, 1).data[3] === 255;
  };
  for (let i = 0; i < 300 && !painted(); i++) await new Promise((r) => requestAnimationFrame(r));
  // Read from a copy (one readback per canvas: repeated reads of the card's own canvas make
  // Chromium warn that it should have been created with willReadFrequently).
  const copy = document.createElement('canvas');
  copy.width = c.width;
  copy.height = c.height;
  const ctx = copy.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(c, 0, 0);
  const px = ctx.getImageData(0, 0, c.width, c.height).data;
  let end = 0, white = 0;
  const near = (i, rgb) => Math.abs(px[i] - rgb[0]) + Math.abs(px[i + 1] - rgb[1]) + Math.abs(px[i + 2] - rgb[2]) <= 6;
  for (let i = 0; i < px.length; i += 4) {
    if (ends.some((rgb) => near(i, rgb))) end++;
    if (px[i] > 245 && px[i + 1] > 245 && px[i + 2] > 245) white++;
  }
  return { end: end / (px.length / 4), white: white / (px.length / 4) };
}, ends);

test('discretize and test points: a checkbox and a link parameter each, redrawn without a new run', async () => {
  const ends = [[...BINARY_LUT.slice(0, 3)], [...BINARY_LUT.slice(255 * 3, 255 * 3 + 3)]];
  const { page, context, problems } = await open(env, 'index.html?lang=en&epochs=40');
  await waitLab(page, () => window.labState.stoppedAt === 40 && window.labState.frameEpoch === 40 && !window.labState.drawPending);
  const run = await page.evaluate(() => window.labState.runId);
  const smooth = await plane(page, ends);

  await page.check('.field[data-key=discretize] input');
  await page.waitForFunction(() => location.search.includes('discretize=1') || location.hash.includes('discretize=1'));
  const discrete = await plane(page, ends);
  assert.ok(discrete.end > 0.75, `discretized: ${(discrete.end * 100).toFixed(1)} % of pixels at an end colour`);
  assert.ok(smooth.end < discrete.end - 0.3, `smooth: ${(smooth.end * 100).toFixed(1)} % at an end colour`);

  await page.uncheck('.field[data-key=testPoints] input');
  await page.waitForFunction(() => (location.search + location.hash).includes('testPoints=0'));
  const hidden = await plane(page, ends);
  // With the output discretized nothing of the plane is white but the points (test points are
  // white discs, training points have a thin white rim).
  assert.ok(hidden.white < discrete.white * 0.7, `white share ${discrete.white.toFixed(4)} -> ${hidden.white.toFixed(4)}`);
  assert.equal(await page.evaluate(() => window.labState.runId), run, 'no new run');
  assert.equal(await page.evaluate(() => window.labState.epoch), 40, 'training state kept');

  // The link keeps both; a reload draws the same way.
  await page.reload();
  await waitLab(page, () => window.labState.stoppedAt === 40 && window.labState.frameEpoch === 40 && !window.labState.drawPending);
  assert.equal(await page.isChecked('.field[data-key=discretize] input'), true);
  assert.equal(await page.isChecked('.field[data-key=testPoints] input'), false);
  const again = await plane(page, ends);
  assert.ok(again.end > 0.75 && Math.abs(again.white - hidden.white) < 0.01, `after reload: end ${again.end.toFixed(3)}, white ${again.white.toFixed(4)} (before ${hidden.white.toFixed(4)})`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a 1-D regression has no decision to discretize: the box is disabled with its reason', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&dataset=abs1d&paused=1&epochs=0');
  await waitLab(page, () => window.labState.frames >= 1);
  assert.equal(await page.isDisabled('.field[data-key=discretize] input'), true);
  assert.match(await page.textContent('#reason-discretize'), /1-D regression/);
  assert.equal(await page.isDisabled('.field[data-key=testPoints] input'), false);
  assert.deepEqual(problems, []);
  await context.close();
});

/** The pixels of a PNG (bytes) decoded by the page, and those of a canvas on the page, compared
 *  over the canvas's area: the share of pixels that differ by more than a rounding step. */
const pngVersusCanvas = (page, bytes, selector) => page.evaluate(async ({ b64, selector }) => {
  const blob = new Blob([Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))], { type: 'image/png' });
  const img = await createImageBitmap(blob);
  const src = document.querySelector(selector);
  const read = (source, w, h) => {
    const c = document.createElement('canvas');
    c.width = w; c.height = h;
    const ctx = c.getContext('2d', { willReadFrequently: true });
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(source, 0, 0);
    return ctx.getImageData(0, 0, w, h).data;
  };
  const a = read(img, src.width, src.height), b = read(src, src.width, src.height);
  let differ = 0;
  for (let i = 0; i < a.length; i += 4) if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 6) differ++;
  return { width: img.width, height: img.height, canvas: [src.width, src.height], differ: differ / (a.length / 4) };
}, { b64: Buffer.from(bytes).toString('base64'), selector });

test('a plot or a chart saves as a PNG for slides: the picture as drawn, with a caption line under it', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&epochs=5', { acceptDownloads: true });
  await waitLab(page, () => window.labState.stoppedAt === 5 && window.labState.frameEpoch === 5 && !window.labState.drawPending);
  for (const [button, selector, name] of [['.card[data-activation=relu] .save-png', '.card[data-activation=relu] canvas.plane', 'relulab-relu-epoch-5.png'],
    ['button[data-save=loss-chart]', '#loss-chart', 'relulab-loss-chart-epoch-5.png']]) {
    assert.match(await page.getAttribute(button, 'aria-label'), /PNG/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    assert.equal(download.suggestedFilename(), name);
    const bytes = await readFile(await download.path());
    assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'a PNG file');
    const r = await pngVersusCanvas(page, bytes, selector);
    assert.equal(r.width, r.canvas[0]);
    assert.ok(r.height > r.canvas[1] && r.height < r.canvas[1] * 1.5, `${r.height} px: the picture and a caption line`);
    assert.ok(r.differ < 0.01, `${name}: ${(r.differ * 100).toFixed(2)} % of pixels differ from the canvas`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
