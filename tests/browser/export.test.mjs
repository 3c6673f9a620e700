// Export JSON and Load JSON in the lab (issue 17.4): an experiment exported at epoch 5 (from the
// keyboard), loaded into a freshly reloaded lab running another experiment, comes back at epoch 5
// with its settings in the URL and the same boundaries (every network's boundary sum, exactly);
// a hostile file is refused with a visible message naming the field and its range, and the lab
// keeps its run, epoch and boundaries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, open, waitLab, labState, RESULTS } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const SAVED = 'index.html?activations=relu,tanh,maxout&points=200&hiddenLayers=2&width=6&learningRate=0.05&epochs=5';

/** Waits for a paused lab whose last frame is of `epoch` and every network's boundary of that epoch. */
async function settled(page, epoch, n) {
  await waitLab(page, ([e, k]) => window.labState.epoch === e && window.labState.status === 'paused'
    && window.labState.frameEpoch === e && window.labState.boundaryEpochs.length === k
    && window.labState.boundaryEpochs.every((b) => b === e), [epoch, n]);
  return labState(page);
}

test('an exported experiment loads back into a reloaded lab with the same epoch, settings and boundaries; a bad file is refused', async () => {
  const { page, context, problems } = await open(env, SAVED);
  const saved = await settled(page, 5, 3);
  // Export from the keyboard.
  await page.focus('#export-json');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(download.suggestedFilename(), 'relulab-experiment-epoch-5.json');
  const text = await readFile(await download.path(), 'utf8');
  const file = JSON.parse(text);
  assert.equal(file.format, 'relulab-experiment');
  assert.equal(file.epoch, 5);
  assert.deepEqual(file.networks.map((n) => n.activation), ['relu', 'tanh', 'maxout']);
  await mkdir(RESULTS, { recursive: true });
  const good = join(RESULTS, 'export-good.json');
  await writeFile(good, text);

  // A fresh lab running something else (the default experiment), paused.
  await page.goto(`${env.url}/index.html?epochs=2`);
  const other = await settled(page, 2, 8);
  await page.setInputFiles('#load-file', good);
  const loaded = await settled(page, 5, 3);
  assert.notEqual(loaded.runId, other.runId);
  assert.deepEqual(loaded.loaded, { name: 'export-good.json', epoch: 5 });
  assert.deepEqual(loaded.boundarySums, saved.boundarySums, 'the same boundaries as at export time');
  assert.deepEqual(loaded.summaries.map((s) => s.latest), saved.summaries.map((s) => s.latest), 'the same records');
  const url = new URL(page.url());
  const query = new URLSearchParams(url.search || url.hash.slice(1));
  assert.equal(query.get('activations'), 'relu,tanh,maxout');
  assert.equal(query.get('points'), '200');
  assert.match(await page.locator('#notices').innerText(), /Loaded export-good\.json: epoch 5, paused/);
  // The loss chart holds the loaded history (epochs 0..5).
  assert.equal(await page.evaluate(() => document.querySelector('#epoch').textContent), 'Epoch 5');

  // A hostile file: refused, visibly, naming the field and its range; the lab is unchanged.
  const bad = JSON.parse(text);
  bad.networks[1].parameters[2] = 1e39;
  const badPath = join(RESULTS, 'export-bad.json');
  await writeFile(badPath, JSON.stringify(bad));
  await page.setInputFiles('#load-file', badPath);
  await waitLab(page, () => window.labState.fileRefused);
  const after = await labState(page);
  assert.equal(after.fileRefused.field, 'networks[1].parameters[2]');
  const notice = await page.locator('#notices').innerText();
  assert.match(notice, /The file was not loaded; the lab is unchanged/);
  assert.match(notice, /networks\[1\]\.parameters\[2\] must be a finite number within float32 range, from -3\.4028234663852886e\+38 to 3\.4028234663852886e\+38 \(got 1e\+39\)/);
  assert.equal(after.runId, loaded.runId);
  assert.equal(after.epoch, 5);
  assert.deepEqual(after.boundarySums, loaded.boundarySums);
  // Truncated JSON too.
  await writeFile(badPath, text.slice(0, 200));
  await page.evaluate(() => { window.labState.fileRefused = null; });
  await page.setInputFiles('#load-file', badPath);
  await waitLab(page, () => window.labState.fileRefused);
  assert.equal((await labState(page)).fileRefused.field, 'file');
  assert.match(await page.locator('#notices').innerText(), /file is not valid JSON/);
  assert.equal((await labState(page)).runId, loaded.runId);
  assert.deepEqual(problems, []);
  await context.close();
});

test('with the networks split over 2 workers: saving gathers one file equal to the one-worker file, and it loads back with the same boundaries', async () => {
  const { page, context, problems } = await open(env, `${SAVED}&workers=1`);
  const one = await settled(page, 5, 3);
  const save = async () => {
    await page.focus('#export-json');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    return readFile(await download.path(), 'utf8');
  };
  const single = JSON.parse(await save());
  await page.goto(`${env.url}/${SAVED}&workers=2`);
  const two = await settled(page, 5, 3);
  assert.equal(two.workers, 2, 'the run is split over two workers');
  assert.deepEqual(two.boundarySums, one.boundarySums);
  const text = await save();
  assert.deepEqual(JSON.parse(text), single, 'the merged file holds what one worker writes');
  await mkdir(RESULTS, { recursive: true });
  const path = join(RESULTS, 'export-pool.json');
  await writeFile(path, text);
  // Loaded into a pooled lab running something else: the same epoch and boundaries.
  await page.goto(`${env.url}/index.html?epochs=2&workers=2`);
  await settled(page, 2, 8);
  await page.setInputFiles('#load-file', path);
  const loaded = await settled(page, 5, 3);
  assert.deepEqual(loaded.boundarySums, one.boundarySums);
  assert.equal(loaded.workers, 2, 'the loaded run is split over the two workers too');
  // Trained on from the file, split or not: the same bits three epochs later.
  const stepThree = async () => {
    for (let k = 0; k < 3; k++) await page.click('#step');
    return settled(page, 8, 3);
  };
  const pooled = await stepThree();
  await page.goto(`${env.url}/index.html?epochs=2&workers=1`);
  await settled(page, 2, 8);
  await page.setInputFiles('#load-file', path);
  await settled(page, 5, 3);
  const alone = await stepThree();
  assert.equal(alone.workers, 1);
  assert.deepEqual(pooled.boundarySums, alone.boundarySums, 'epoch 8 from the file: 2 workers = 1 worker');
  assert.deepEqual(pooled.summaries, alone.summaries);
  // A file the worker refuses, in a pooled lab: the message, and the run as it was.
  await page.goto(`${env.url}/index.html?epochs=2&workers=2`);
  const before = await settled(page, 2, 8);
  const bad = JSON.parse(text);
  bad.networks[0].activation = 'tanh';
  const badPath = join(RESULTS, 'export-pool-bad.json');
  await writeFile(badPath, JSON.stringify(bad));
  await page.setInputFiles('#load-file', badPath);
  await waitLab(page, () => window.labState.fileRefused);
  const after = await labState(page);
  assert.match(after.fileRefused.field, /^networks\[0\]/);
  assert.equal(after.runId, before.runId);
  assert.equal(after.workers, 2);
  assert.deepEqual(problems, []);
  await context.close();
});
