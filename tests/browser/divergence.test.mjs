// Divergence on the page: at learning rate 10 (plain SGD) with every activation of the core, each
// network that blows up is shown stopped with the epoch it diverged in, the others keep training,
// and no "NaN" (or "Infinity") appears anywhere in the page's text or attributes; a sane learning
// rate and Reset bring every network back. When all networks diverge, training stops by itself
// and Reset recovers too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { labState, launch, open, shot, waitLab } from './helpers.mjs';

const dist = process.env.RELULAB_DIST ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const { loadReluLab } = await import(pathToFileURL(join(dist, 'wasm', 'relulab.mjs')).href);
/** Every activation of the core's table. */
const ids = (await loadReluLab()).activations.map((a) => a.id);

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

/** Text and attribute values on the page that show a non-number. */
const badText = (page) => page.evaluate(() => {
  const found = [];
  const look = (where, text) => { if (/NaN|Infinity|undefined/.test(text)) found.push(`${where}: ${text.slice(0, 120)}`); };
  look('body text', document.body.innerText);
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) look(`${el.tagName.toLowerCase()}[${a.name}]`, a.value);
    if ('value' in el && typeof el.value === 'string') look(`${el.tagName.toLowerCase()}.value`, el.value);
  }
  look('title', document.title);
  return found;
});

/** Per card: its activation, whether it shows the diverged state, and the overlay text. */
const cardStates = (page) => page.$$eval('.card', (cards) => cards.map((c) => ({
  activation: c.dataset.activation, diverged: c.classList.contains('diverged'),
  overlay: c.querySelector('.diverged-overlay').hidden ? null : c.querySelector('.diverged-overlay').textContent,
})));

async function chooseLearningRate(page, value) {
  await page.selectOption('.field[data-key=learningRate] select', value);
  await page.waitForFunction((v) => new URL(location.href).searchParams.get('learningRate') === v, value);
}

test('learning rate 10 on every activation: diverged networks show their epoch, the others train on; reset recovers', async () => {
  const run = await open(env, `index.html?lang=en&optimizer=sgd&learningRate=10&activations=${ids.join(',')}`);
  const p = run.page;
  await waitLab(p, () => window.labState?.epoch >= 8 && window.labState.frames >= 2);
  const s = await labState(p);
  assert.equal(s.summaries.length, ids.length, 'one network per activation');
  const diverged = s.summaries.filter((x) => x.diverged);
  const alive = s.summaries.filter((x) => !x.diverged);
  assert.ok(diverged.length >= 1, 'some networks diverge at this rate');
  assert.ok(alive.length >= 1, 'some survive it (saturating or dead units)');
  // The cards show exactly that.
  const cards = await cardStates(p);
  for (const x of s.summaries) {
    const card = cards.find((c) => c.activation === x.activation);
    if (x.diverged) {
      assert.ok(Number.isInteger(x.divergedEpoch) && x.divergedEpoch >= 1 && x.divergedEpoch <= s.epoch, `${x.activation} epoch`);
      assert.ok(card.diverged, `${x.activation} card marked diverged`);
      assert.match(card.overlay, new RegExp(`Diverged at epoch ${x.divergedEpoch}\\b`), `${x.activation} shows its epoch`);
      assert.ok(x.epoch < x.divergedEpoch, 'the last record is from before the divergence');
    } else {
      assert.ok(!card.diverged && card.overlay === null, `${x.activation} card not marked`);
      assert.ok(Number.isFinite(x.latest.trainLoss) && Number.isFinite(x.latest.testLoss), `${x.activation} finite loss`);
    }
  }
  assert.deepEqual(await badText(p), [], 'no NaN, Infinity or undefined on the page');
  await shot(p, 'divergence-lr10.png', true);

  // The survivors keep training; the diverged stay where they stopped.
  await waitLab(p, (e) => window.labState.epoch >= e + 10, s.epoch);
  const later = await labState(p);
  for (const x of later.summaries) {
    const before = s.summaries.find((y) => y.activation === x.activation);
    if (before.diverged) {
      assert.ok(x.diverged && x.divergedEpoch === before.divergedEpoch && x.epoch === before.epoch, `${x.activation} stays stopped`);
    } else if (!x.diverged) {
      assert.ok(x.epoch >= before.epoch + 10, `${x.activation} trains on`);
    }
  }
  assert.deepEqual(await badText(p), []);

  // A sane rate applies live (the stopped networks stay stopped); Reset starts every network again.
  const { runId } = later;
  await chooseLearningRate(p, '0.03');
  await p.click('#reset');
  await waitLab(p, (id) => window.labState.runId !== id && window.labState.epoch >= 10 && window.labState.frames >= 2, runId);
  const reset = await labState(p);
  assert.deepEqual(reset.summaries.filter((x) => x.diverged).map((x) => x.activation), [], 'no network diverges at 0.03');
  assert.ok(reset.summaries.every((x) => x.epoch >= 10));
  assert.deepEqual((await cardStates(p)).filter((c) => c.diverged || c.overlay !== null), [], 'no card shows a divergence');
  assert.equal(new URL(p.url()).searchParams.get('learningRate'), '0.03');
  assert.deepEqual(await badText(p), []);
  assert.deepEqual(run.problems, []);
  await run.context.close();
});

test('when every network diverges, training stops by itself; Play cannot restart it; reset at a sane rate recovers', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&optimizer=sgd&learningRate=10&activations=linear,leaky_relu,maxout');
  await waitLab(page, () => window.labState?.summaries?.length === 3 && window.labState.summaries.every((x) => x.diverged)
    && window.labState.status === 'paused');
  const s = await labState(page);
  assert.ok(s.summaries.every((x) => x.divergedEpoch >= 1));
  assert.match(await page.textContent('#play'), /Play/);
  assert.equal((await cardStates(page)).filter((c) => c.diverged && /Diverged at epoch \d+/.test(c.overlay)).length, 3);
  // Play: the worker refuses to run networks that have all stopped and says so.
  await page.click('#play');
  await waitLab(page, () => window.labState.status === 'paused');
  await page.waitForTimeout(300);
  assert.equal((await labState(page)).epoch, s.epoch, 'nothing trains');
  assert.deepEqual(await badText(page), []);

  await chooseLearningRate(page, '0.03');
  await page.click('#reset');
  await waitLab(page, (id) => window.labState.runId !== id && window.labState.epoch >= 5, s.runId);
  const r = await labState(page);
  assert.equal(r.status, 'running');
  assert.ok(r.summaries.every((x) => !x.diverged && x.epoch >= 5));
  assert.deepEqual(await badText(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});
