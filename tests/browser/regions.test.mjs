// The regions view (issue 17, part 2): a ReLU card's toggle, pressed from the keyboard, colours its
// plane by linear region and shows the counts the core gives for that state — the box count of
// experiment.gridJob(i, {regions: true}) at the page's resolution and the training points' count of
// the epoch record — computed here by the module in Node from the same link; curved cards have no
// toggle and the regions chart says why; the chart has a line only for piecewise-linear networks.
// Frames without a regions view ask the worker for no regions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, open, waitLab } from './helpers.mjs';

const dist = process.env.RELULAB_DIST ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { loadReluLab } = await load('wasm/relulab.mjs');
const { parseUrl, toExperimentConfig } = await load('shared/urlstate.js');
const { tablesOf } = await load('shared/protocol.js');
const lab = await loadReluLab();

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const EPOCHS = 12;
const QUERY = `activations=relu,tanh,maxout&dataset=circle&resolution=48&epochs=${EPOCHS}`;

/** What the module says for the page's link after EPOCHS epochs: per network, the box and training counts. */
function reference(query) {
  const tables = tablesOf(lab);
  const { state } = parseUrl(query, tables);
  const e = lab.experiment(toExperimentConfig(state, tables));
  try {
    e.train(EPOCHS);
    return e.summary().map((s, i) => {
      if (!tables.activations.find((a) => a.id === s.activation).piecewiseLinear) return null;
      const job = e.gridJob(i, { resolution: state.resolution, regions: true });
      try {
        const r = job.regions();
        return { box: r.count, idle: r.idleUnits, train: s.latest.regions, resolution: state.resolution };
      } finally {
        job.dispose();
      }
    });
  } finally {
    e.dispose();
  }
}

test('a ReLU card\'s regions view shows the core\'s counts for that state; a tanh card has none', async () => {
  const expected = reference(QUERY);
  const { page, context, problems } = await open(env, `index.html?lang=en&${QUERY}`);
  await waitLab(page, (n) => window.labState.stoppedAt === n && window.labState.frameEpoch === n, EPOCHS);
  // Curved networks: no toggle; the chart's note explains.
  assert.equal(await page.locator('.card[data-activation=tanh] .regions-toggle').count(), 0);
  assert.match(await page.textContent('.chart-note'), /tanh, sigmoid, ELU/);
  assert.ok(await page.locator('.card[data-activation=tanh] .regions-text').isHidden());
  assert.equal(await page.evaluate(() => window.labState.frameRegions), 0, 'no regions computed while no view shows them');

  // Keyboard: focus the ReLU card's toggle and press Enter.
  const toggle = page.locator('.card[data-activation=relu] .regions-toggle');
  assert.equal(await toggle.textContent(), 'Regions');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  const text = page.locator('.card[data-activation=relu] .regions-text');
  await page.waitForFunction(() => /at least \d+/.test(document.querySelector('.card[data-activation=relu] .regions-text').textContent),
    null, { timeout: 30000 });
  const shown = await text.textContent();
  assert.equal(await page.evaluate(() => window.labState.frameRegions), 1, 'regions for the one card that shows them');
  const relu = expected[0];
  assert.match(shown, new RegExp(`at least ${relu.box} in the box \\(at ${relu.resolution} × ${relu.resolution}`));
  assert.match(shown, new RegExp(`· ${relu.train} on the training points`));
  if (relu.idle > 0) assert.match(shown, new RegExp(`${relu.idle} of \\d+ units cut nothing`));
  else assert.doesNotMatch(shown, /cut nothing/);
  assert.ok(relu.box >= 2 && relu.train >= 2, 'a trained ReLU network has several regions');
  // The plane shows several region colours (sampled pixels), not the boundary's two-colour shading.
  const colours = await page.evaluate(() => {
    const c = document.querySelector('.card[data-activation=relu] canvas.plane');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 97) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return seen.size;
  });
  assert.ok(colours >= Math.min(relu.box, 4), `region colours on the plane (${colours})`);

  // The chart: one line per piecewise-linear network, its last value the training-point count.
  const lines = await page.evaluate(() => window.Chart.getChart(document.getElementById('regions-chart')).data.datasets
    .map((d) => (d.data.length ? d.data[d.data.length - 1] : null)));
  assert.deepEqual(lines[0], { x: EPOCHS, y: relu.train });
  assert.equal(lines[1], null, 'tanh has no line');
  assert.deepEqual(lines[2], { x: EPOCHS, y: expected[2].train });
  assert.match(await page.textContent('#regions-summary'), new RegExp(`ReLU: ${relu.train}`));

  // Space turns it off again: the text goes, the boundary comes back.
  await toggle.focus();
  await page.keyboard.press('Space');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  assert.ok(await text.isHidden());
  assert.deepEqual(problems, []);
  await context.close();
});

test('the toggle and counts are in Chinese with lang=zh', async () => {
  const { page, context, problems } = await open(env, `index.html?lang=zh&${QUERY}`);
  await waitLab(page, (n) => window.labState.stoppedAt === n && window.labState.frameEpoch === n, EPOCHS);
  const toggle = page.locator('.card[data-activation=maxout] .regions-toggle');
  assert.equal(await toggle.textContent(), '线性区域');
  await toggle.click();
  await page.waitForFunction(() => /至少 \d+ 个/.test(document.querySelector('.card[data-activation=maxout] .regions-text').textContent),
    null, { timeout: 30000 });
  assert.match(await page.textContent('.card[data-activation=maxout] .regions-text'), /下界/);
  assert.deepEqual(problems, []);
  await context.close();
});
