// The lessons' links into the lab (lessons.presetQuery, written by urlstate.serialize) against the
// lab's own URL parser and the real core tables: every preset of every lesson comes back as the
// preset's settings and page options, and every link keeps opening the experiment its older
// spelling opened (links printed in course material must not change meaning).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadReluLab } from '../../build-wasm/relulab.mjs';
import { LESSONS, presetQuery } from '../../web/lessons/catalog.js';
import { setup } from '../../web/lessons/common.js';
import { DEFAULT_SPEED, defaultState, parseUrl, toExperimentConfig } from '../../web/shared/urlstate.js';
import { tablesOf } from '../../web/shared/protocol.js';

const lab = await loadReluLab();
const tables = tablesOf(lab);   // what the worker sends the page
const PRESETS = LESSONS.flatMap((l) => l.presets.map((p) => ({ what: `${l.id}/${p.id}`, p })));
const OPTIONS = [{}, { lang: 'en' }, { lang: 'zh', embed: true }, { embed: true }];

/**
 * The spelling lessons used before their links went through the lab's encoder, written from its
 * rules, not from code: every config key in the preset's order (hidden as hiddenLayers + width,
 * lists comma-joined, preluShared as 0/1, userPoints as pts "x,y,label;..."), then epochs,
 * speed, lang and embed=1.
 */
function printedBefore(preset, { lang = null, embed = false } = {}) {
  const pairs = [];
  for (const [key, v] of Object.entries(preset.config)) {
    if (key === 'hidden') pairs.push(['hiddenLayers', `${v.length}`], ...(v.length ? [['width', `${v[0]}`]] : []));
    else if (key === 'preluShared') pairs.push([key, v ? '1' : '0']);
    else if (key === 'userPoints') pairs.push(['pts', v.map((q) => `${q.x},${q.y},${q.label}`).join(';')]);
    else pairs.push([key, Array.isArray(v) ? v.join(',') : `${v}`]);
  }
  if (preset.epochs !== undefined) pairs.push(['epochs', `${preset.epochs}`]);
  if (preset.speed !== undefined) pairs.push(['speed', `${preset.speed}`]);
  if (lang) pairs.push(['lang', lang]);
  if (embed) pairs.push(['embed', '1']);
  return new URLSearchParams(pairs).toString();
}
const sortedPairs = (query) => [...new URLSearchParams(query)].map(([k, v]) => `${k}=${v}`).sort();

test('every number in a preset config is one of the core\'s numeric settings (presetQuery writes them as such)', () => {
  for (const { what, p } of PRESETS) {
    for (const [key, v] of Object.entries(p.config)) {
      if (typeof v === 'number') assert.ok(Object.hasOwn(tables.settings, key), `${what}: ${key} is not a setting of the core`);
    }
  }
});

test('every preset\'s link parses back, with the lab\'s parser, to the preset\'s settings and page options', () => {
  const defaults = defaultState(tables);
  for (const { what, p } of PRESETS) {
    for (const opts of OPTIONS) {
      const query = presetQuery(p, opts);
      const { state, page, ignored } = parseUrl(query, tables);
      assert.deepEqual(ignored, [], `${what}: ${query}`);
      const config = toExperimentConfig(state, tables);
      for (const [key, value] of Object.entries(p.config)) assert.deepEqual(config[key], value, `${what}: ${key}`);
      assert.deepEqual(page, { ...page, lang: opts.lang ?? null, embed: !!opts.embed, epochs: p.epochs ?? null,
        speed: p.speed ?? DEFAULT_SPEED, paused: false }, `${what}: page options`);
      // What the preset does not name stays at the lab's default (as the view flags).
      assert.equal(state.testPoints, defaults.testPoints, what);
      assert.equal(state.discretize, defaults.discretize, what);
    }
  }
});

test('links printed before open the same experiment: the same pairs but for key order and the default speed', () => {
  for (const { what, p } of PRESETS) {
    for (const opts of OPTIONS) {
      const now = presetQuery(p, opts), before = printedBefore(p, opts);
      // The lab's encoder leaves out a speed equal to the lab's default, which reads back the same.
      const expected = sortedPairs(before).filter((kv) => p.speed !== DEFAULT_SPEED || kv !== `speed=${DEFAULT_SPEED}`);
      assert.deepEqual(sortedPairs(now), expected, `${what}\n now:    ${now}\n before: ${before}`);
      const a = parseUrl(now, tables), b = parseUrl(before, tables);
      assert.deepEqual(a, b, `${what}: same state, page options and (no) refusals`);
    }
  }
  // Key order differs (the lab's encoder writes dataset first and the choices after the numbers);
  // the parser reads keys in any order, so no printed link changes meaning.
});

test('presetQuery writes a network as hiddenLayers + width and refuses unequal widths or a missing choice', () => {
  const p = { id: 'x', config: setup({ dataset: 'moons', hidden: [4, 4, 4], activations: ['relu', 'elu'], preluShared: true,
    userPoints: [{ x: 1, y: -2, label: 1 }] }), epochs: 7 };
  const q = Object.fromEntries(new URLSearchParams(presetQuery(p)));
  // Hand-written: what each key must read in the lab's URL.
  assert.deepEqual([q.hiddenLayers, q.width, q.activations, q.preluShared, q.pts, q.epochs, q.dataset, q.speed],
    ['3', '4', 'relu,elu', '1', '1,-2,1', '7', 'moons', undefined]);
  assert.equal(new URLSearchParams(presetQuery({ ...p, config: { ...p.config, hidden: [] } })).has('width'), false);
  assert.throws(() => presetQuery({ id: 'x', config: { ...p.config, hidden: [4, 8] } }), /preset x: hidden must be a list of equal widths/);
  const { dataset, ...noDataset } = p.config;
  assert.throws(() => presetQuery({ id: 'x', config: noDataset }), /preset x: dataset is missing/);
});
