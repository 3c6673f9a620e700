// The URL walks the core's schema (web/shared/urlstate.js): every key the core publishes
// round-trips at its minimum, maximum and default; a key added to the schema (a copy of the real
// tables, extended) is read and written with no code change; malformed values are refused naming
// the key and its range or choices. References are the core's tables and hand-written links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.RELULAB_DIST ?? join(root, 'dist');
const load = (f) => import(pathToFileURL(join(dist, f)).href);
const { loadReluLab } = await load('wasm/relulab.mjs');
const { parseUrl, serialize, defaultState, toExperimentConfig, controlKeys, trainingKeys } = await load('shared/urlstate.js');
const { tablesOf } = await load('shared/protocol.js');
const { STRINGS } = await load('shared/strings.js');

const lab = await loadReluLab();
const tables = tablesOf(lab);
const PAGE = { speed: 30, epochs: null };
const roundTrip = (state, t = tables) => parseUrl(serialize(state, PAGE, t), t);

test('every numeric setting round-trips at its minimum, maximum and default', () => {
  for (const [key, info] of Object.entries(tables.settings)) {
    for (const v of [info.min, info.max, info.default]) {
      const s = { ...defaultState(tables), [key]: v };
      if (key === 'reluGradAtZero' && !tables.reluGradAtZeroChoices.includes(v)) continue;   // checked below
      if (key === 'classes') s.dataset = 'custom';   // only custom data carries a class count
      const back = roundTrip(s);
      assert.deepEqual(back.ignored, [], `${key}=${v}`);
      assert.equal(back.state[key], v, `${key}=${v}`);
    }
  }
  // relu'(0): the core's choices, each of them (its range's ends are two of them).
  for (const v of tables.reluGradAtZeroChoices) assert.equal(roundTrip({ ...defaultState(tables), reluGradAtZero: v }).state.reluGradAtZero, v);
});

test('every other schema key round-trips: each choice, a list of one and of all, both flags, points at the box', () => {
  const box = tables.constants.box;
  for (const [key, kind] of Object.entries(lab.schemas.experiment)) {
    if (kind === 'number' || kind === 'widths') continue;   // the settings above; widths in urlstate.test.mjs
    const values = kind === 'boolean' ? [true, false]
      : kind === 'points' ? [[], [{ x: -box, y: box, label: 1 }, { x: box, y: -box, label: 0 }]]
      : Array.isArray(lab.defaults[key]) ? [[lab[kind].at(-1).id], lab[kind].map((r) => r.id)]
      : lab[kind].map((r) => r.id);
    assert.ok(values.length > 0, key);
    for (const v of values) {
      const s = { ...defaultState(tables), [key]: v };
      const back = roundTrip(s);
      assert.deepEqual(back.ignored, [], `${key}=${JSON.stringify(v)}`);
      assert.deepEqual(back.state, s, `${key}=${JSON.stringify(v)}`);
      assert.deepEqual(toExperimentConfig(back.state, tables)[key], v, key);
    }
  }
});

test('the keys come from the core: training keys are its training schema, the controls every config key', () => {
  assert.deepEqual(trainingKeys(tables), Object.keys(lab.schemas.training));
  const keys = controlKeys(tables);
  for (const key of Object.keys(lab.schemas.experiment)) {
    if (key === 'hidden') assert.ok(keys.includes('hiddenLayers') && keys.includes('width'));
    else if (key !== 'userPoints') assert.ok(keys.includes(key), key);
  }
  // The config the page sends has exactly the core's experiment keys (classes only for custom data).
  assert.deepEqual(Object.keys(toExperimentConfig(defaultState(tables), tables)).sort(),
    Object.keys(lab.schemas.experiment).filter((k) => k !== 'classes').sort());
});

/** The real tables, extended as a core with three more config keys would publish them. */
function extended() {
  const t = structuredClone(tables);
  t.settings.knob = { key: 'knob', min: -2, max: 5, default: 1.5, integer: false, nameEn: 'Knob', nameZh: '旋钮' };
  t.toppings = [{ id: 'salt', nameEn: 'Salt', nameZh: '盐' }, { id: 'pepper', nameEn: 'Pepper', nameZh: '胡椒' },
    { id: 'basil', nameEn: 'Basil', nameZh: '罗勒' }];
  t.sauces = [{ id: 'red', nameEn: 'Red', nameZh: '红' }, { id: 'white', nameEn: 'White', nameZh: '白' }];
  Object.assign(t.schemas.experiment, { knob: 'number', toppings: 'toppings', sauce: 'sauces', crispy: 'boolean' });
  Object.assign(t.defaults, { knob: 1.5, toppings: ['salt'], sauce: 'red', crispy: false });
  return t;
}

test('a key added to the schema is parsed, written and sent with no code change', () => {
  const t = extended();
  const d = defaultState(t);
  assert.deepEqual([d.knob, d.toppings, d.sauce, d.crispy], [1.5, ['salt'], 'red', false]);
  // A list of ids that is not the activations is a set: read in its table's order (salt, pepper, basil).
  const q = 'knob=-2&toppings=basil,pepper&sauce=white&crispy=1';
  const { state, ignored } = parseUrl(q, t);
  assert.deepEqual(ignored, []);
  assert.deepEqual([state.knob, state.toppings, state.sauce, state.crispy], [-2, ['pepper', 'basil'], 'white', true]);
  const written = new URLSearchParams(serialize(state, PAGE, t));
  assert.deepEqual([written.get('knob'), written.get('toppings'), written.get('sauce'), written.get('crispy')],
    ['-2', 'pepper,basil', 'white', '1']);
  const c = toExperimentConfig(state, t);
  assert.deepEqual([c.knob, c.toppings, c.sauce, c.crispy], [-2, ['pepper', 'basil'], 'white', true]);
  assert.ok(['knob', 'toppings', 'sauce', 'crispy'].every((k) => controlKeys(t).includes(k)));
  assert.deepEqual(roundTrip(state, t).state, state);
  // A set at its default is left out (links printed before the key existed meant it); the rest is written.
  const plain = new URLSearchParams(serialize(d, PAGE, t));
  assert.deepEqual([plain.has('toppings'), plain.get('knob'), plain.get('sauce'), plain.get('crispy')], [false, '1.5', 'red', '0']);
  // The real tables do not know these keys: a link carrying them says so.
  assert.deepEqual(parseUrl(q, tables).ignored.map((i) => i.reason), Array(4).fill('reasonUnknown'));
});

test('malformed values of a new key are refused naming its range or its choices', () => {
  const t = extended();
  const cases = [
    ['knob=6', 'reasonRange', { min: -2, max: 5 }], ['knob=x', 'reasonNotNumber', {}], ['knob=', 'reasonNotNumber', {}],
    ['sauce=green', 'reasonChoice', { choices: 'red, white' }], ['crispy=yes', 'reasonFlag', {}],
    ['toppings=salt,sugar', 'reasonList', { bad: 'sugar', choices: 'salt, pepper, basil' }],
    ['toppings=', 'reasonList', { bad: '∅', choices: 'salt, pepper, basil' }],
    ['toppings=,', 'reasonList', { bad: '∅, ∅', choices: 'salt, pepper, basil' }],
    ['toppings=salt,,basil', 'reasonList', { bad: '∅', choices: 'salt, pepper, basil' }],
    ['toppings=pepper,pepper', 'reasonList', { bad: 'pepper', choices: 'salt, pepper, basil' }],
  ];
  for (const [q, reason, vars] of cases) {
    const { state, ignored } = parseUrl(q, t);
    const param = q.split('=')[0];
    assert.deepEqual(ignored, [{ param, value: q.slice(param.length + 1), reason, vars }], q);
    assert.deepEqual(state[param], defaultState(t)[param], `${q}: the default stays`);
    assert.ok(STRINGS.en[reason] && STRINGS.zh[reason], `${reason} is a page string in both languages`);
  }
});

test('malformed values of every real key are refused naming the key and its range or choices', () => {
  for (const [key, info] of Object.entries(tables.settings)) {
    const over = info.max + (info.integer ? 1 : info.max || 1);
    const r = parseUrl(`${key}=${over}`, tables).ignored;
    assert.deepEqual(r, [{ param: key, value: String(over), reason: 'reasonRange', vars: { min: info.min, max: info.max } }], key);
    if (info.integer) assert.equal(parseUrl(`${key}=${info.min + 0.5}`, tables).ignored[0].reason, 'reasonNotInteger', key);
  }
  for (const [key, kind] of Object.entries(lab.schemas.experiment)) {
    if (!Array.isArray(lab[kind])) continue;
    const ids = lab[kind].map((r) => r.id).join(', ');
    const r = parseUrl(`${key}=nope`, tables).ignored[0];
    assert.equal(r.param, key);
    assert.equal(r.vars.choices, ids, key);
  }
  assert.deepEqual(parseUrl('preluShared=2', tables).ignored, [{ param: 'preluShared', value: '2', reason: 'reasonFlag', vars: {} }]);
  assert.deepEqual(parseUrl(`pts=${tables.constants.box + 1},0,1`, tables).ignored[0].vars, { box: tables.constants.box });
});
