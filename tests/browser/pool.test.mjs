// The worker pool (web/shared/pool.js): 1, 2 and 3 workers give bit-identical boundaries (hashes of
// every network's frame), histories (the charts' every point) and summaries at epoch 50, on the
// default experiment, on one with maxout k = 3 and momentum, and on a divergent one (the run stops
// when the last network diverges, whatever worker holds it); the page shows the workers in use;
// Pause, Step and Play reach every worker (the frames still show one epoch); a bad `workers`
// value is listed with its range and the default is used.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, waitLab } from './helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const EPOCHS = 50;

/** What a run shows at its stop: boundary hashes, summaries, every chart point, the epoch of the frame. */
const picture = (page) => page.evaluate(() => {
  const s = window.labState;
  const points = (id) => window.Chart.getChart(document.getElementById(id)).data.datasets.map((d) => JSON.stringify(d.data));
  return { epoch: s.epoch, frameEpoch: s.frameEpoch, hashes: s.boundaryHashes, summaries: JSON.stringify(s.summaries),
    loss: points('loss-chart'), stuck: points('stuck-chart'), regions: points('regions-chart'), workers: s.workers,
    status: s.status, timing: document.getElementById('timing').textContent };
});

async function runTo(query, workers, epochs = EPOCHS) {
  const { page, context, problems } = await open(env, `index.html?lang=en&${query}&epochs=${epochs}&workers=${workers}`);
  // Every card's boundary of epoch n (a frame asked for while playing covers only the cards on screen).
  await waitLab(page, (n) => window.labState.stoppedAt === n && window.labState.frameEpoch === n
    && window.labState.boundaryEpochs.length > 0 && window.labState.boundaryEpochs.every((e) => e === n), epochs, 120000);
  const p = await picture(page);
  return { page, context, problems, p };
}

const CASES = [
  { name: 'default experiment (8 networks: PReLU, maxout, Adam)', query: 'speed=0', networks: 8 },
  { name: 'maxout k = 3, momentum, 5 networks', query: 'speed=0&dataset=xor&activations=relu,prelu,maxout,elu,tanh&maxoutK=3&optimizer=momentum&learningRate=0.05', networks: 5 },
];

for (const c of CASES) {
  test(`1, 2 and 3 workers: bit-identical boundaries and histories at epoch ${EPOCHS}: ${c.name}`, async () => {
    const seen = [];
    for (const w of [1, 2, 3]) {
      const { context, problems, p } = await runTo(c.query, w);
      assert.equal(p.workers, Math.min(w, c.networks), `${w} workers in use`);
      assert.match(p.timing, w === 1 ? /1 worker\b/ : new RegExp(`${Math.min(w, c.networks)} workers`));
      assert.equal(p.epoch, EPOCHS);
      assert.equal(p.status, 'paused');
      assert.equal(p.hashes.length, c.networks);
      assert.deepEqual(problems, []);
      seen.push(p);
      await context.close();
    }
    for (const k of ['hashes', 'summaries', 'loss', 'stuck', 'regions', 'epoch', 'frameEpoch']) {
      assert.deepEqual(seen[1][k], seen[0][k], `2 workers: ${k}`);
      assert.deepEqual(seen[2][k], seen[0][k], `3 workers: ${k}`);
    }
  });
}

test('divergence: a worker whose networks all diverged leaves the run, the others train on, same bits', async () => {
  // SGD at learning rate 10: maxout and ELU diverge in epoch 1, the others do not. With 3 workers
  // the first holds exactly maxout and ELU (partition: maxout costs 2), so it stops while the others go on.
  const seen = [];
  for (const w of [1, 3]) {
    const { context, problems, p } = await runTo('speed=0&optimizer=sgd&learningRate=10&activations=relu,sigmoid,prelu,maxout,tanh,elu', w, 30);
    seen.push(p);
    assert.equal(p.status, 'paused');
    assert.deepEqual(problems, []);
    await context.close();
  }
  const diverged = JSON.parse(seen[0].summaries).map((x) => x.diverged);
  assert.ok(diverged.some(Boolean) && !diverged.every(Boolean), 'some networks diverge, some train on');
  for (const k of ['hashes', 'summaries', 'loss', 'stuck', 'epoch', 'frameEpoch']) assert.deepEqual(seen[1][k], seen[0][k], `3 workers: ${k}`);
});

test('divergence: when every network has diverged (in every worker) the run stops, as with one worker', async () => {
  const query = 'speed=0&optimizer=sgd&learningRate=10&activations=linear,leaky_relu,prelu,abs,elu,selu,maxout';
  const seen = [];
  for (const w of [1, 2]) {
    const { page, context, problems } = await open(env, `index.html?lang=en&${query}&workers=${w}`);
    await waitLab(page, () => window.labState.summaries.length === 7 && window.labState.summaries.every((s) => s.diverged)
      && window.labState.status === 'paused' && window.labState.workerPlaying === false, null, 60000);
    // Play cannot restart networks that have all stopped: the pool says so at once (as one worker does).
    await page.click('#play');
    await page.waitForTimeout(300);
    seen.push(await page.evaluate(() => ({ summaries: JSON.stringify(window.labState.summaries), epoch: window.labState.epoch,
      status: window.labState.status, play: document.getElementById('play').textContent })));
    assert.deepEqual(problems, []);
    await context.close();
  }
  assert.deepEqual(seen[1], seen[0]);
  assert.match(seen[1].play, /Play/, 'the run bar shows the run stopped');
});

test('Pause, Step and Play reach every worker; frames show one epoch; a bad workers value is listed', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en&workers=2&speed=30');
  await waitLab(page, () => window.labState.status === 'running' && window.labState.epoch >= 5 && window.labState.frames >= 2);
  await page.click('#play');   // pause
  await waitLab(page, () => window.labState.status === 'paused' && window.labState.playAcked);
  await page.waitForTimeout(300);
  const e0 = await page.evaluate(() => window.labState.epoch);
  await page.click('#step');
  await page.click('#step');
  await waitLab(page, (e) => window.labState.epoch === e + 2 && window.labState.frameEpoch === e + 2, e0);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.labState.epoch), e0 + 2, 'two steps: two epochs, then it rests');
  // The frame's summaries are every network's at the frame's epoch (never a mix).
  await page.click('#play');
  await waitLab(page, (e) => window.labState.epoch > e + 5, e0);
  assert.equal(await page.evaluate(() => window.labState.workers), 2);
  assert.deepEqual(problems, []);
  await context.close();

  const bad = await open(env, 'index.html?lang=en&workers=9&paused=1');
  await waitLab(bad.page, () => window.labState.ignoredParams.length > 0 && window.labState.frames >= 1);
  const ignored = await bad.page.evaluate(() => window.labState.ignoredParams);
  assert.deepEqual(ignored.map((i) => i.param), ['workers']);
  assert.match(ignored[0].reason, /auto or a whole number from 1 to 8/);
  await bad.context.close();
});

// Lesson 12 (excitation) also takes values apart from its runs (band edges, the training points) from
// the part holding the last run, and its first seed's drawings from whichever part ran them.
test('lessons: lessons 11, 1 and 12: their studies on 2 study workers give the tables and claims of 1', async () => {
  for (const id of ['fastest', 'dying-relu', 'excitation-boundary']) {
    const seen = [];
    for (const w of [1, 2]) {
      const { page, context, problems } = await open(env, `lessons.html?lesson=${id}&lang=en&workers=${w}`);
      await page.waitForFunction(() => ['done', 'error'].includes(window.lessonState?.study.status), null, { timeout: 120000 });
      const s = await page.evaluate(() => ({ status: window.lessonState.study.status, error: window.lessonState.study.error ?? null,
        workers: window.lessonState.studyWorkers, claims: JSON.stringify(window.lessonState.claims),
        table: document.querySelector('#study-body').textContent }));
      assert.equal(s.status, 'done', s.error ?? '');
      assert.equal(s.workers, w, `${id}: ${w} study workers`);
      seen.push(s);
      assert.deepEqual(problems, []);
      await context.close();
    }
    assert.equal(seen[1].table, seen[0].table, `${id}: the same table`);
    assert.equal(seen[1].claims, seen[0].claims, `${id}: the same claims`);
    assert.ok(JSON.parse(seen[0].claims).length > 0 && seen[0].table.length > 100, 'there is something to compare');
  }
});
