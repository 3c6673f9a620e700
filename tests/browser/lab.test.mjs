// The lab page in Chromium under the lab's CSP: the default experiment starts at once, all eight
// cards train and their boundaries change, dead counts are shown, pause/step/reset behave, and
// nothing fails or leaves the origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { labState, launch, open, shot, waitLab } from './helpers.mjs';
import { OKABE_ITO } from '../../web/shared/palette.js';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('the default experiment trains eight networks at once and their boundaries change', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en');
  const csp = (await page.request.get(`${env.url}/index.html`)).headers()['content-security-policy'];
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/, 'served with the strict CSP');
  await waitLab(page, () => window.labState?.status === 'running' && window.labState.frames >= 2);
  const first = await labState(page);
  assert.ok(first.frameWorkerMs > 0 && first.workerMsPerEpoch > 0, 'the worker reports its own time');
  assert.deepEqual(first.summaries.map((s) => s.activation),
    ['relu', 'leaky_relu', 'prelu', 'elu', 'abs', 'maxout', 'tanh', 'sigmoid']);
  assert.equal(await page.locator('.card').count(), 8);
  await waitLab(page, (s) => window.labState.epoch >= s.epoch + 15 && window.labState.frameEpoch >= s.epoch + 15, first);
  const later = await labState(page);
  later.boundarySums.forEach((sum, i) => assert.notEqual(sum, first.boundarySums[i], `boundary ${i} changed`));
  later.summaries.forEach((s, i) => assert.notEqual(s.latest.trainLoss, first.summaries[i].latest.trainLoss));
  // Dead counts in text on every card, and the unit strips with one button per hidden unit.
  const health = await page.$$eval('.card .health', (els) => els.map((e) => e.textContent));
  assert.equal(health.length, 8);
  health.forEach((h) => assert.match(h, /dead \d+ \/ 16/));
  assert.equal(await page.locator('.card[data-activation=relu] .unit').count(), 16);
  assert.match(await page.textContent('.card[data-activation=tanh] .health'), /saturated \d+ \/ 16/);
  assert.match(await page.textContent('.card[data-activation=maxout] .health'), /dead pieces \d+ \/ 32/);
  assert.match(await page.textContent('.card[data-activation=prelu] .extra'), /slopes a/);
  // The class colours style.css uses come from palette.js (set at start-up): the legend's dead and
  // inactive keys are drawn in OKABE_ITO[5] and [0], and --c0 … --c7 are the whole list.
  const rgb = (h) => `rgb(${[1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)).join(', ')})`;
  assert.equal(await page.$eval('.unit-key.dead', (e) => getComputedStyle(e).borderTopColor), rgb(OKABE_ITO[5]));
  assert.equal(await page.$eval('.unit-key.inactive', (e) => getComputedStyle(e).borderTopColor), rgb(OKABE_ITO[0]));
  assert.deepEqual(await page.evaluate(() => [0, 1, 2, 3, 4, 5, 6, 7].map((k) => getComputedStyle(document.documentElement).getPropertyValue(`--c${k}`).trim())),
    [...OKABE_ITO]);
  await shot(page, 'lab.png', true);
  assert.deepEqual(problems, [], 'no console errors, CSP violations, failed or off-origin requests');
  await context.close();
});

test('pause stops training, step trains exactly one epoch, play resumes', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en');
  await waitLab(page, () => window.labState?.status === 'running' && window.labState.epoch >= 3);
  await page.click('#play');
  await waitLab(page, () => window.labState.status === 'paused');
  await page.waitForTimeout(300);
  const paused = (await labState(page)).epoch;
  await page.waitForTimeout(700);
  assert.equal((await labState(page)).epoch, paused, 'no training while paused');
  await page.click('#step');
  await waitLab(page, (e) => window.labState.epoch === e + 1, paused);
  await page.waitForTimeout(300);
  assert.equal((await labState(page)).epoch, paused + 1);
  assert.equal((await labState(page)).status, 'paused');
  await page.click('#play');
  await waitLab(page, (e) => window.labState.status === 'running' && window.labState.epoch > e + 2, paused + 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('reset restores the same initial weights', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&paused=1');
  await waitLab(page, () => window.labState?.status === 'paused' && window.labState.frames >= 1 && window.labState.summaries.length === 8);
  const initial = await labState(page);
  assert.equal(initial.epoch, 0);
  for (let i = 0; i < 3; i++) await page.click('#step');
  await waitLab(page, () => window.labState.epoch === 3);
  const trained = await labState(page);
  assert.notEqual(trained.summaries[0].latest.trainLoss, initial.summaries[0].latest.trainLoss);
  const runId = trained.runId;
  await page.click('#reset');
  await waitLab(page, (r) => window.labState.runId > r && window.labState.epoch === 0 && window.labState.frames >= 1
    && window.labState.boundarySums.filter((v) => typeof v === 'number').length >= 2, runId);
  const reset = await labState(page);
  assert.deepEqual(reset.summaries.map((s) => s.latest), initial.summaries.map((s) => s.latest));
  // Only cards on screen are drawn (how many depends on the layout at that moment): the cards drawn
  // both times show the same boundaries.
  const both = initial.boundarySums.map((v, i) => i).filter((i) => typeof initial.boundarySums[i] === 'number'
    && typeof reset.boundarySums[i] === 'number');
  assert.ok(both.length >= 2, `cards drawn both times: ${both}`);
  assert.deepEqual(both.map((i) => reset.boundarySums[i]), both.map((i) => initial.boundarySums[i]),
    'same initial weights draw the same boundaries');
  assert.deepEqual(problems, []);
  await context.close();
});

test('clicking a boundary adds a point of the chosen class and changes the data', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&paused=1');
  await waitLab(page, () => window.labState?.status === 'paused' && window.labState.frames >= 1);
  const before = await labState(page);
  await page.check('input[name=click-class][value="1"]');
  const box = await page.locator('.card[data-activation=relu] canvas.plane').boundingBox();
  await page.mouse.click(box.x + box.width * 0.9, box.y + box.height * 0.1);
  await waitLab(page, (r) => window.labState.runId > r && window.labState.userPoints === 1, before.runId);
  const after = await labState(page);
  assert.equal(after.trainCount + after.testCount, before.trainCount + before.testCount + 1);
  const url = new URL(page.url());
  const [x, y, label] = url.searchParams.get('pts').split(',').map(Number);
  assert.ok(x > 4 && y > 4, `point near the top right corner (got ${x}, ${y})`);
  assert.equal(label, 1);
  assert.match(await page.textContent('#notices'), /Point added/);
  await page.click('[data-action=clear-points]');
  await waitLab(page, () => window.labState.userPoints === 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a unit opens large with its activity rate (keyboard)', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&paused=1');
  await waitLab(page, () => window.labState?.status === 'paused' && window.labState.frames >= 1);
  await page.focus('.card[data-activation=relu] .unit');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#unit-dialog[open] .unit-info h2');
  assert.match(await page.textContent('#unit-dialog .unit-info'), /Active \(z > 0\) on \d+(\.\d)?% of the training points/);
  await shot(page, 'unit-dialog.png');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#unit-dialog[open]').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a network that diverges stops with its epoch and a hint while the others go on', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&optimizer=sgd&learningRate=10&epochs=30');
  await waitLab(page, () => window.labState?.status === 'paused' && window.labState.epoch === 30);
  const s = await labState(page);
  const diverged = s.summaries.filter((x) => x.diverged);
  const alive = s.summaries.filter((x) => !x.diverged);
  assert.ok(diverged.length >= 1, 'at this learning rate some network diverges');
  assert.ok(alive.length >= 1 && alive.every((x) => x.epoch === 30), 'the others trained all 30 epochs');
  const id = diverged[0].activation;
  const card = page.locator(`.card[data-activation=${id}]`);
  assert.match(await card.getAttribute('class'), /diverged/);
  const text = await card.locator('.diverged-overlay').textContent();
  assert.match(text, new RegExp(`Diverged at epoch ${diverged[0].divergedEpoch}`));
  assert.match(text, /Learning rate too high/);
  await shot(page, 'diverged.png', true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the custom data set starts from four points and grows by clicking', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&paused=1&activations=relu,tanh');
  await waitLab(page, () => window.labState?.status === 'paused' && window.labState.frames >= 1);
  await page.selectOption('.field[data-key=dataset] select', 'custom');
  await waitLab(page, () => window.labState.userPoints === 4 && window.labState.trainCount + window.labState.testCount === 4);
  const box = await page.locator('.card[data-activation=tanh] canvas.plane').boundingBox();
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await waitLab(page, () => window.labState.userPoints === 5 && window.labState.trainCount + window.labState.testCount === 5);
  assert.equal(new URL(page.url()).searchParams.get('dataset'), 'custom');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a link with epochs=N stops there; play then continues the same run', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&epochs=5');
  await waitLab(page, () => window.labState?.status === 'paused' && window.labState.epoch === 5);
  const { runId } = await labState(page);
  await page.click('#play');
  await waitLab(page, () => window.labState.status === 'running' && window.labState.epoch >= 9);
  assert.equal((await labState(page)).runId, runId, 'not restarted');
  assert.equal(new URL(page.url()).searchParams.get('epochs'), null);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a point can be added with the keyboard (arrows move a cross-hair, Enter adds)', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&paused=1');
  await waitLab(page, () => window.labState?.status === 'paused' && window.labState.frames >= 1);
  await page.focus('.card[data-activation=elu] canvas.plane');
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Enter');
  await waitLab(page, () => window.labState.userPoints === 1);
  const [x, y] = new URL(page.url()).searchParams.get('pts').split(',').map(Number);
  assert.ok(Math.abs(x - 4.8) < 1e-6 && y === 0, `point at (4.8, 0) (got ${x}, ${y})`);
  assert.equal(await page.evaluate(() => document.activeElement?.closest('.card')?.dataset.activation), 'elu', 'focus stays');
  await page.keyboard.press('Shift+ArrowUp');
  await page.keyboard.press('Enter');
  await waitLab(page, () => window.labState.userPoints === 2);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a live training change applies at once; a refused one is rolled back with the reason', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&points=40&paused=1');
  await waitLab(page, () => window.labState?.status === 'paused' && window.labState.frames >= 1);
  const { runId } = await labState(page);
  await page.selectOption('.field[data-key=learningRate] select', '0.1');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('learningRate') === '0.1');
  assert.match(await page.textContent('#notices'), /applied live/);
  const batch = page.locator('.field[data-key=batchSize] input');
  await batch.fill('30');   // more than the 20 training points
  await batch.press('Enter');
  await page.waitForFunction(() => document.querySelector('.notice.error')?.textContent.includes('batchSize'));
  assert.equal(await batch.inputValue(), '10', 'the control shows the value still in force');
  assert.equal(new URL(page.url()).searchParams.get('batchSize'), '10');
  assert.equal((await labState(page)).runId, runId, 'training settings never rebuild the networks');
  assert.deepEqual(problems, []);
  await context.close();
});

test('L1 sits beside L2 and applies live: the same first epoch trains to another loss', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&points=40&paused=1&activations=relu');
  await waitLab(page, () => window.labState?.status === 'paused' && window.labState.frames >= 1);
  const keys = await page.$$eval('.group .field', (els) => els.map((e) => e.dataset.key));
  assert.equal(keys.indexOf('l1'), keys.indexOf('l2') + 1, 'next to l2');
  assert.equal(await page.textContent('.field[data-key=l1] label'), 'L1 regularisation');
  await page.click('#step');
  await waitLab(page, () => window.labState.epoch === 1);
  const without = (await labState(page)).summaries[0].latest.trainLoss;
  await page.click('#reset');
  await waitLab(page, () => window.labState.epoch === 0 && window.labState.frames >= 1);
  const { runId } = await labState(page);
  await page.selectOption('.field[data-key=l1] select', '1');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('l1') === '1');
  assert.match(await page.textContent('#notices'), /L1 regularisation.*applied live/);
  await page.click('#step');
  await waitLab(page, () => window.labState.epoch === 1);
  const s = await labState(page);
  assert.equal(s.runId, runId, 'not a new run');
  assert.notEqual(s.summaries[0].latest.trainLoss, without, 'the worker trained with l1');
  await page.selectOption('#lang-select', 'zh');
  assert.equal(await page.textContent('.field[data-key=l1] label'), 'L1 正则化');
  assert.deepEqual(problems, []);
  await context.close();
});

test('each hidden layer has its own width with - and + buttons; + on layer 2 rebuilds the networks', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&paused=1&activations=relu,tanh');
  await waitLab(page, () => window.labState?.status === 'paused' && window.labState.frames >= 1);
  assert.deepEqual((await labState(page)).shape, [[8, 8], [8, 8]]);
  assert.equal(await page.locator('.field[data-key=width] .layer-width').count(), 2);
  const more = page.getByRole('button', { name: 'Layer 2 width: more units' });
  const { runId } = await labState(page);
  await more.focus();
  await page.keyboard.press('Enter');   // the keyboard reaches it like any button
  await waitLab(page, (r) => window.labState.runId > r && window.labState.frames >= 1, runId);
  assert.deepEqual((await labState(page)).shape, [[8, 9], [8, 9]]);
  assert.equal(new URL(page.url()).searchParams.get('width'), '8,9');
  assert.equal(await page.locator('.card[data-activation=relu] .unit').count(), 17);
  assert.equal(await page.inputValue('#f-width-layer-2'), '9');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Layer 2 width: more units',
    'the focus stays on the button');
  // A third layer takes the last width; the fewer button brings layer 2 back to the uniform 8.
  await page.fill('.field[data-key=hiddenLayers] input', '3');
  await page.press('.field[data-key=hiddenLayers] input', 'Enter');
  await waitLab(page, () => window.labState.shape?.[0]?.length === 3);
  assert.deepEqual((await labState(page)).shape[0], [8, 9, 9]);
  await page.fill('#f-width-layer-3', '65');
  await page.press('#f-width-layer-3', 'Enter');
  assert.match(await page.textContent('.field[data-key=width] .field-msg'), /Layer 3 width: Enter a whole number from 1 to 64/);
  await page.fill('.field[data-key=hiddenLayers] input', '2');
  await page.press('.field[data-key=hiddenLayers] input', 'Enter');
  await waitLab(page, () => window.labState.shape?.[0]?.length === 2);
  await page.getByRole('button', { name: 'Layer 2 width: fewer units' }).click();
  await waitLab(page, () => window.labState.shape?.[0]?.[1] === 8);
  assert.equal(new URL(page.url()).searchParams.get('width'), '8', 'a uniform network has the link it always had');
  await page.selectOption('#lang-select', 'zh');
  assert.equal(await page.getByRole('button', { name: '第 2 层宽度：增加单元' }).count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});
