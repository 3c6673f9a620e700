// The lessons (web/lessons/catalog.js, web/lessons/*.js) against the real wasm module: every lesson is
// complete in English and Chinese, every preset is an experiment the core accepts (its link into
// the lab: preset-links.test.mjs), and every claim a lesson's text makes holds when its study
// (web/lessons/studies.js, the same functions the page runs) is run here — on the block of seeds the text
// describes and on held-out blocks of fresh weight and data seeds (HELD_OUT), so a claim that
// holds only on its own seeds fails. The claims carry their own thresholds and say what would
// falsify them; this file never restates them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { loadReluLab } from '../../build-wasm/relulab.mjs';
import { LESSONS, UI, lessonById, lessonQuery, tr } from '../../web/lessons/catalog.js';
import { LANGS } from '../../web/shared/language.js';
import { runStudy, STUDIES, piecesOf, equalPiecesLoss, rng, trainEpoch, dataOf, onBlock, interval95 } from '../../web/lessons/studies.js';

const lab = await loadReluLab();
const CJK = /[\u4e00-\u9fff]/;
/**
 * Held-out seed blocks: every seed of a study shifted, and a fresh data seed (see onBlock). Not
 * the blocks the claims were tuned on; change them freely — every claim must still hold.
 */
const HELD_OUT = [{ shift: 20000, dataSeed: 20020 }, { shift: 30000, dataSeed: 30030 }];
const blocksText = (blocks) => blocks.map((b) => (typeof b === 'string' ? b : b.h ?? b.math ?? '')).join('\n');

test('fifteen lessons, numbered 1 to 15, with unique ids that lessonById finds', () => {
  assert.equal(LESSONS.length, 15);
  assert.deepEqual(LESSONS.map((l) => l.number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  assert.equal(new Set(LESSONS.map((l) => l.id)).size, 15);
  for (const l of LESSONS) {
    assert.match(l.id, /^[a-z0-9-]+$/);
    assert.equal(lessonById(l.id), l);
  }
  assert.equal(lessonById('nope'), null);
});

test('every text of every lesson exists in English and in Chinese', () => {
  for (const l of LESSONS) {
    for (const lang of LANGS) {
      for (const part of [l.title, l.summary, l.notes]) assert.ok(tr(part, lang)?.trim(), `${l.id}: ${lang} text missing`);
      assert.ok(l.body[lang].length >= 3, `${l.id}: ${lang} body`);
      assert.equal(l.body[lang].length, l.body.en.length, `${l.id}: the ${lang} body has as many blocks as the English one`);
      for (const p of l.presets) assert.ok(tr(p.label, lang)?.trim(), `${l.id}/${p.id}: ${lang} label`);
      for (const c of [...l.claims, ...(l.presetClaims ?? [])]) assert.ok(tr(c.text, lang)?.trim(), `${l.id}/${c.id}: ${lang} claim`);
    }
    assert.match(blocksText(l.body.zh) + tr(l.title, 'zh') + tr(l.summary, 'zh'), CJK, `${l.id}: Chinese text`);
    assert.match(l.notes.zh, CJK, `${l.id}: the notes are quoted in Chinese`);
    assert.ok(l.claims.length >= 3, `${l.id}: at least three claims`);
  }
  for (const lang of LANGS) assert.deepEqual(Object.keys(UI[lang]).sort(), Object.keys(UI.en).sort(), `UI strings in ${lang}`);
});

test('the Chinese texts use the course notes\' terms', async () => {
  const zh = LESSONS.map((l) => [tr(l.title, 'zh'), tr(l.summary, 'zh'), blocksText(l.body.zh), ...l.claims.map((c) => c.text.zh)].join('\n')).join('\n');
  // The notes' own words (饱和 explains both vanishing gradients and dying ReLU); the app is
  // "ReLU Lab", never 实验室 (which reads as a physical laboratory).
  assert.doesNotMatch(zh, /实验室|生来就死/);
  // The same for every Chinese string of the lab, the gallery and the start-up messages.
  const { STRINGS } = await import('../../web/shared/strings.js');
  const app = Object.values(STRINGS.zh).join('\n') + await readFile(new URL('../../web/boot.js', import.meta.url), 'utf8');
  assert.doesNotMatch(app, /实验室/);
  assert.deepEqual(Object.keys(STRINGS.zh).sort(), Object.keys(STRINGS.en).sort(), 'every string in both languages');
  for (const term of ['激活函数', '梯度消失', '梯度弥散', '稀疏激活', '死亡', '神经元死亡', '饱和']) assert.ok(zh.includes(term), term);
});

test('every preset is an experiment the core accepts (its lab link: preset-links.test.mjs); lessonQuery names the lesson', () => {
  for (const l of LESSONS) {
    assert.ok(l.presets.length >= 1, l.id);
    assert.equal(new Set(l.presets.map((p) => p.id)).size, l.presets.length, `${l.id}: unique preset ids`);
    for (const p of l.presets) {
      const e = lab.experiment(p.config);
      assert.equal(e.size, p.config.activations.length, `${l.id}/${p.id}`);
      e.dispose();
    }
  }
  assert.equal(lessonQuery(LESSONS[0], { lang: 'en', embed: true }), 'lesson=dying-relu&lang=en&embed=1');
});

test('every study spec names a study, and studies yield progress before they return', () => {
  for (const l of LESSONS) assert.ok(STUDIES[l.study.kind], `${l.id}: ${l.study.kind}`);
  const it = STUDIES.presetRuns(lab, { presets: LESSONS[0].presets.map((p) => ({ ...p, epochs: 1 })) });
  const first = it.next();
  assert.deepEqual(first.value, { done: 1, total: 1 });
  const last = it.next();
  assert.equal(last.done, true);
  assert.equal(last.value['high-rate'][0].epoch, 1);
});

test('study helpers: seeded order, one epoch of batches, maxout pieces and the equal-pieces reference', () => {
  const a = rng(7), b = rng(7);
  assert.deepEqual([a(), a(), a()], [b(), b(), b()]);
  const data = dataOf(lab, { dataset: 'abs1d', noise: 0, points: 100 });
  const net = lab.network({ inputs: 1, hidden: [1], activations: ['maxout'], output: 'regression' });
  let batches = 0, seen = 0;
  trainEpoch(net, data, { batchSize: 16 }, rng(1), (xs, ys) => { batches++; seen += ys.length; });
  assert.equal(seen, data.trainY.length);
  assert.equal(batches, Math.ceil(data.trainY.length / 16));
  // A hand-set unit: pieces 2x + 1 and -x, output 3h - 1  ->  lines 6x + 2 and -3x - 1.
  const layout = net.layout.map((l) => ({ ...l }));
  const p = new Float32Array(net.parameters().length);
  p.set([2, -1], layout[0].weightOffset);
  p.set([1, 0], layout[0].biasOffset);
  p[layout[1].weightOffset] = 3;
  p[layout[1].biasOffset] = -1;
  assert.deepEqual(piecesOf({ parameters: p, layout }), [{ slope: 6, intercept: 2 }, { slope: -3, intercept: -1 }]);
  net.dispose();
  // |x|: one line cannot follow it; two equal-width pieces nearly can (their split is the middle
  // of the data's x range, not exactly 0).
  const one = equalPiecesLoss(data, 1), two = equalPiecesLoss(data, 2);
  assert.ok(one > 0.5, `k = 1: ${one}`);
  assert.ok(two < one / 10, `k = 2: ${two}`);
});

test('seed blocks: onBlock shifts every seed list and count and replaces the data seeds; interval95', () => {
  const spec = { kind: 'x', config: { dataSeed: 1, weightSeed: 3 }, seeds: [1, 2], trained: { seeds: [5] },
    cases: [{ config: { dataSeed: 1 }, seeds: [7] }, { config: {} }], grid: { seeds: 200 } };
  assert.deepEqual(onBlock(spec, { shift: 100, dataSeed: 9 }), { kind: 'x', config: { dataSeed: 9, weightSeed: 3 }, seeds: [101, 102],
    trained: { seeds: [105] }, cases: [{ config: { dataSeed: 9 }, seeds: [107] }, { config: {} }], grid: { seeds: 200, firstSeed: 101 } });
  assert.deepEqual(spec.seeds, [1, 2], 'the spec itself is not changed');
  const x = interval95([1, 2, 3, 4, 5]);
  assert.equal(x.mean, 3);
  assert.ok(Math.abs(x.hi - 3 - 2.776 * Math.sqrt(2.5) / Math.sqrt(5)) < 1e-12);
  assert.ok(Math.abs(interval95(Array.from({ length: 100 }, (_, i) => i % 2)).hi - 0.5 - 1.9842 * Math.sqrt(100 / 99 / 4) / 10) < 1e-3);
});

test('the texts name as many held-out blocks, of as many seeds, as these tests run', () => {
  const EN = { two: 2, three: 3, four: 4 };
  const ZH = { 两: 2, 三: 3, 四: 4 };
  let named = 0;
  for (const l of LESSONS) {
    const size = Array.isArray(l.study.seeds) ? l.study.seeds.length : null;
    const en = blocksText(l.body.en), zh = blocksText(l.body.zh);
    for (const m of en.matchAll(/\b(\w+) (?:further )?blocks of (?:(\d+) )?fresh seeds/g)) {
      assert.equal(EN[m[1]], HELD_OUT.length, `${l.id}: "${m[0]}"`);
      if (m[2]) assert.equal(Number(m[2]), size, `${l.id}: "${m[0]}"`);
      named++;
    }
    for (const m of zh.matchAll(/另外(.)组(?:各 (\d+) 个)?新种子/g)) {
      assert.equal(ZH[m[1]], HELD_OUT.length, `${l.id}: "${m[0]}"`);
      if (m[2]) assert.equal(Number(m[2]), size, `${l.id}: "${m[0]}"`);
      named++;
    }
    // "checked on three blocks of seeds": its own and the held-out ones.
    const own = [...en.matchAll(/\b(\w+) blocks of seeds;/g), ...zh.matchAll(/在(.)组种子上检验/g)];
    for (const m of own) assert.equal(EN[m[1]] ?? ZH[m[1]], HELD_OUT.length + 1, `${l.id}: "${m[0]}"`);
    if (l.id === 'born-dead') assert.equal(own.length, 2, 'lesson 3 names its blocks in both languages');
  }
  assert.ok(named >= 2 * (LESSONS.length - 1), `held-out blocks named ${named} times`);
});

test('every claim says what result would falsify it', () => {
  for (const l of LESSONS) {
    for (const c of [...l.claims, ...(l.presetClaims ?? [])]) assert.ok(c.falsifiedBy?.trim(), `${l.id}/${c.id}: falsifiedBy`);
  }
});

test('lesson 15\'s weight counts: two layers of 4 maxout units have 32k + 5 weights and biases, the ReLU networks w² + 5w + 1', () => {
  const spec = lessonById('maxout-practice').study;
  const r = runStudy(lab, { ...spec, seeds: [1], epochs: 1 });
  assert.deepEqual(r.rows.map((x) => x.parameters), [69, 101, 133, 37, 67, 105, 127]);
  assert.deepEqual(r.rows.map((x) => x.parameters), r.rows.map((x) => (x.k ? 32 * x.k + 5 : x.width ** 2 + 5 * x.width + 1)));
});

test('lesson 1\'s study keeps every run\'s curve of stuck units, so the chart can show the range across seeds at every epoch', () => {
  const spec = lessonById('dying-relu').study;
  const r = runStudy(lab, { ...spec, seeds: [1, 2, 3, 4] });
  r.activations.forEach((a, i) => {
    const runs = r.runs.filter((x) => x.activation === a);
    for (const x of runs) {
      // A run's own curve: one value per recorded epoch, ending where the summary ends.
      assert.equal(x.stuck.length, x.diverged ? x.stuck.length : spec.epochs + 1);
      if (!x.diverged) assert.equal(x.stuck.at(-1), (x.dead + x.inactive) / x.total);
    }
    for (let e = 0; e <= spec.epochs; e++) {
      const xs = runs.filter((x) => e < x.stuck.length).map((x) => x.stuck[e]);
      assert.ok(Math.abs(r.curve[i][e] - xs.reduce((s, v) => s + v, 0) / xs.length) < 1e-12, `${a} @ ${e}`);
    }
  });
  // The seeds differ: ReLU's range across them is not a single curve.
  const relu = r.runs.filter((x) => x.activation === 'relu');
  assert.ok(relu.some((x) => x.stuck.some((v, e) => v !== relu[0].stuck[e])));
});

test('lesson 12\'s study reports the drawn networks\' first-layer lines and output exactly as a network trained the same way has them', () => {
  const spec = lessonById('excitation-boundary').study;
  const seed = spec.seeds[0];
  const r = runStudy(lab, { ...spec, seeds: [seed] });
  const data = dataOf(lab, spec.config);
  assert.equal(r.drawn.seed, seed);
  assert.deepEqual(r.drawn.points, { x: Array.from(data.trainX), y: Array.from(data.trainY) });
  const side = spec.side;
  for (const a of spec.config.activations) {
    // The same network trained here through the public API, and its first layer read off its
    // parameters by the layout (not by the study's code).
    const net = lab.network({ inputs: 2, hidden: spec.config.hidden, activations: [a], init: spec.config.init, biasInit: spec.config.biasInit,
      weightSeed: seed });
    const [, last] = spec.checkpoints;
    net.trainEpochs(data.trainX, data.trainY, { ...spec.training, epochs: last, shuffleSeed: seed });
    const p = net.parameters(), l = net.layout[0];
    const want = Array.from({ length: l.units }, (_, u) => ({ w: [p[l.weightOffset + 2 * u], p[l.weightOffset + 2 * u + 1]], b: p[l.biasOffset + u] }));
    assert.deepEqual(r.drawn.nets[a].units, want, a);
    const grid = [];
    for (let i = 0; i < side; i++) for (let j = 0; j < side; j++) grid.push(-r.box + (2 * r.box * j) / (side - 1), -r.box + (2 * r.box * i) / (side - 1));
    assert.deepEqual(r.drawn.nets[a].output, Array.from(net.predict(grid)), a);
    net.dispose();
  }
  // The saturation edges are where the module's own derivative crosses the lab's threshold τ.
  assert.equal(r.tau, lab.settings.saturationThreshold.default);
  for (const a of ['tanh', 'sigmoid']) {
    const [inside, outside] = lab.activation(a).curve([r.saturationEdges[a], r.saturationEdges[a] + 0.002]).derivative;
    assert.ok(inside >= r.tau && outside < r.tau, a);
  }
});

for (const lesson of LESSONS) {
  const blocks = [['its own seeds', lesson.study], ...HELD_OUT.map((b) => [`held-out block +${b.shift}`, onBlock(lesson.study, b)])];
  test(`lesson ${lesson.number} (${lesson.id}): every claim holds on its study, on its own seeds and on ${HELD_OUT.length} held-out blocks`, () => {
    for (const [name, spec] of blocks) {
      const result = runStudy(lab, spec);
      structuredClone(result);   // the study worker posts it to the page
      for (const claim of lesson.claims) {
        assert.ok(claim.holds(result), `${lesson.id}/${claim.id} on ${name}: "${claim.text.en}" — measured ${claim.measured(result)}`);
      }
      for (const fact of lesson.facts ?? []) assert.ok(fact.holds(result), `${lesson.id}/${fact.id} on ${name}`);
    }
    if (lesson.presetClaims) {
      // Claims about one preset's hand-picked seed: checked on exactly that run.
      const runs = runStudy(lab, { kind: 'presetRuns', presets: lesson.presets });
      for (const claim of lesson.presetClaims) {
        assert.ok(claim.holds(runs), `${lesson.id}/${claim.id}: "${claim.text.en}" — measured ${claim.measured(runs)}`);
      }
    }
  });
}
