// Every setting of the lab in the URL: parse, serialize and the experiment config, each a walk over
// the schema the core publishes (tables.schemas.experiment: every config key and its kind) and its
// tables (setting ranges, option lists), so a key the core adds needs no code here. Page-only
// options (language, embed, speed, ...) are a small table of their own. Bad parameters are dropped
// with a reason, never thrown. Not the controls and not the experiment: text to values and back.
import { LANGS } from './language.js';
import { STRINGS } from './strings.js';
import { MAX_WORKERS, parseWorkers } from './pool.js';

/** Page-only parameters (not experiment settings): their allowed values live here. */
export const SPEEDS = Object.freeze([1, 3, 10, 30, 100, 300, 0]);   // epochs per second, 0 = max
export const DEFAULT_SPEED = 30;
export const MAX_EPOCHS_PARAM = 1000000;
const FLAGS = ['0', '1'];
/** Named sets for the `controls` option (any other value: a comma list of setting keys). */
export const CONTROL_SETS = Object.freeze(['none', 'all']);
/** Longest `parentOrigin` value accepted (an origin is short). */
const MAX_ORIGIN = 200;
/** Special case: the user's points travel as `pts` (short: links may carry hundreds of them). */
const URL_PARAM = Object.freeze({ userPoints: 'pts' });
export const urlParamOf = (field) => URL_PARAM[field] ?? field;
/** The state field a URL parameter sets (the inverse of urlParamOf). */
export const fieldOfParam = (param) => Object.keys(URL_PARAM).find((f) => URL_PARAM[f] === param) ?? param;
/** Special case: the activations are an ordered list (the order of the networks on the page), not a
 *  set, and links have always carried them; every other list of ids is a set (see parseSet). */
const ORDERED_LISTS = Object.freeze(['activations']);

const idsOf = (rows) => rows.map((r) => r.id);
/**
 * How the plots are drawn, kept in the state and the URL beside the core's settings but not part
 * of the experiment (as TF Playground's "show test data" and "discretize output"): flags with
 * their defaults; a link writes them only when they differ, so older links stay as they were.
 */
export const VIEW_FLAGS = Object.freeze({ testPoints: true, discretize: false });

/**
 * The hidden layers' widths of a state. `width` is one number for every layer (what links have
 * always held) or, when the layers differ, one per layer; a list of another length (the layer
 * count just changed) is cut, or extended with its last entry.
 */
export function layerWidths(state) {
  const w = state.width;
  if (!Array.isArray(w)) return Array.from({ length: state.hiddenLayers }, () => w);
  return Array.from({ length: state.hiddenLayers }, (_, i) => w[Math.min(i, w.length - 1)]);
}

/** The state's `width` for these widths: one number when they are equal (or there are none:
 *  `fallback`), so a uniform network keeps the link it always had; else the list. */
export function widthValue(widths, fallback) {
  if (!widths.length) return fallback;
  return widths.every((w) => w === widths[0]) ? widths[0] : [...widths];
}

/** `width` made to fit `hiddenLayers` again after either changed (see layerWidths). */
export function fitWidth(state) {
  const first = Array.isArray(state.width) ? state.width[0] : state.width;
  return widthValue(layerWidths(state), first);
}

// ---- the walk: one row per URL field, from the core's schema and tables

/**
 * The fields a link carries, in the order serialize writes them: the experiment schema's keys
 * (numbers take their range from the setting of the same name; a kind naming a table of ids is a
 * choice, or a set of ids when its default is a list), the numeric settings the schema does not
 * name (hiddenLayers, width, resolution, ...), then the view flags. Each row: {key, param, kind,
 * info (a setting), ids (allowed ids)}; kind is number, flag, choice, set, list (ORDERED_LISTS),
 * widths or points.
 */
export function urlFields(tables) {
  const schema = tables.schemas.experiment;
  const defaults = tables.defaults ?? {};
  const rows = [];
  const numberRow = (key) => ({ key, param: key, kind: key === 'width' ? 'widths' : 'number', info: tables.settings[key] });
  for (const [key, kind] of Object.entries(schema)) {
    if (kind === 'widths') {   // special case: `hidden` travels as hiddenLayers + width (one width, or one per layer)
      rows.push(numberRow('hiddenLayers'), numberRow('width'));
    } else if (kind === 'number') {
      if (Object.hasOwn(tables.settings, key)) rows.push(numberRow(key));   // no setting, no range: not in links
    } else if (kind === 'boolean') {
      rows.push({ key, param: key, kind: 'flag' });
    } else if (kind === 'points') {
      rows.push({ key, param: urlParamOf(key), kind: 'points' });
    } else if (Array.isArray(tables[kind])) {
      const many = ORDERED_LISTS.includes(key) ? 'list' : 'set';
      rows.push({ key, param: key, kind: Array.isArray(defaults[key]) ? many : 'choice', ids: idsOf(tables[kind]) });
    }
  }
  const named = new Set(rows.map((r) => r.key));
  for (const key of Object.keys(tables.settings)) if (!named.has(key)) rows.push(numberRow(key));
  for (const key of Object.keys(VIEW_FLAGS)) rows.push({ key, param: key, kind: 'flag' });
  // Points last: the longest value, so the settings stay readable at the start of a link.
  return [...rows.filter((r) => r.kind !== 'points'), ...rows.filter((r) => r.kind === 'points')];
}

/** The training part of the experiment (may change live via setTraining): the core's training schema. */
export const trainingKeys = (tables) => Object.keys(tables.schemas.training);

/** The default page state: every experiment setting from lab.defaults / lab.settings. */
export function defaultState(tables) {
  const s = {};
  for (const [key, info] of Object.entries(tables.settings)) s[key] = info.default;
  const d = tables.defaults ?? {};
  for (const [key, v] of Object.entries(d)) {
    if (tables.schemas.experiment[key] === 'widths') {
      s.hiddenLayers = v.length;
      s.width = widthValue(v, s.width);
    } else s[key] = structuredClone(v);
  }
  // Without published defaults (a core that lists none for a key): the first id, or every id.
  for (const row of urlFields(tables)) {
    if (s[row.key] !== undefined) continue;
    if (row.kind === 'choice') s[row.key] = row.ids[0];
    else if (row.kind === 'list' || row.kind === 'set') s[row.key] = [...row.ids];
    else if (row.kind === 'points') s[row.key] = [];
    else if (row.kind === 'flag') s[row.key] = false;
  }
  Object.assign(s, VIEW_FLAGS);
  return s;
}

/** The flat config for lab.experiment() built from a page state: every key of the core's schema. */
export function toExperimentConfig(state, tables) {
  const c = {};
  for (const [key, kind] of Object.entries(tables.schemas.experiment)) {
    if (kind === 'widths') c[key] = layerWidths(state);
    else if (key === 'classes') {   // special case: only custom data has a class count of its own
      if (state.dataset === 'custom' && state.classes) c.classes = state.classes;
    } else if (kind === 'boolean') c[key] = !!state[key];
    else if (state[key] !== undefined) c[key] = structuredClone(state[key]);
  }
  return c;
}

/** The page state of a flat experiment config (the inverse of toExperimentConfig): `base`'s
 *  fields (view flags, resolution, ...) with every experiment key taken from `config`, or its
 *  default when the config leaves it out. */
export function fromExperimentConfig(config, tables, base = defaultState(tables)) {
  const defaults = defaultState(tables);
  const s = { ...base };
  for (const [key, kind] of Object.entries(tables.schemas.experiment)) {
    if (kind === 'widths') {
      const widths = config[key] ?? Array.from({ length: defaults.hiddenLayers }, () => defaults.width);
      s.hiddenLayers = widths.length;
      s.width = widthValue(widths, defaults.width);
    } else s[key] = structuredClone(config[key] ?? defaults[key]);
  }
  return s;
}

// ---- reading values

function parseNumber(text, info) {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text.trim())) return { reason: 'reasonNotNumber' };
  const v = Number(text);
  if (!Number.isFinite(v)) return { reason: 'reasonNotNumber' };
  if (info.integer && !Number.isInteger(v)) return { reason: 'reasonNotInteger' };
  if (v < info.min || v > info.max) return { reason: 'reasonRange', vars: { min: info.min, max: info.max } };
  return { value: v };
}

/** `width`: one number for every hidden layer, or a comma list of one per layer (checked against
 *  the layer count once every parameter is read). */
function parseWidths(text, info) {
  const parts = text.split(',');
  if (parts.length === 1) return parseNumber(text, info);
  const values = [];
  for (const part of parts) {
    const r = parseNumber(part, info);
    if (r.reason) return { reason: 'reasonWidths', vars: { min: info.min, max: info.max } };
    values.push(r.value);
  }
  return { value: values };
}

const parseFlag = (text) => (FLAGS.includes(text) ? { value: text === '1' } : { reason: 'reasonFlag' });
const parseChoice = (text, ids) => (ids.includes(text) ? { value: text } : { reason: 'reasonChoice', vars: { choices: ids.join(', ') } });

/** A list's refusal: reason<Key> where the page has that string (reasonActivations), else reasonList. */
function listReason(key, bad, ids) {
  const own = `reason${key[0].toUpperCase()}${key.slice(1)}`;
  return { reason: Object.hasOwn(STRINGS.en, own) ? own : 'reasonList', vars: { bad: bad || '∅', choices: ids.join(', ') } };
}

/** An ordered comma list of ids: at least one, every one known; empty entries and repeats are dropped. */
function parseList(key, text, ids) {
  const list = text.split(',').filter(Boolean);
  const bad = list.filter((a) => !ids.includes(a));
  if (list.length && !bad.length) return { value: [...new Set(list)] };
  return listReason(key, bad.join(', '), ids);
}

/** A set of ids as a comma list: every entry known and given once (an empty one is refused as ∅),
 *  read into the table's order (the core's order; a link in another order means the same set). */
function parseSet(key, text, ids) {
  const list = text.split(',');
  const bad = list.filter((a, i) => !ids.includes(a) || list.indexOf(a) !== i);
  if (!bad.length) return { value: ids.filter((id) => list.includes(id)) };
  return listReason(key, bad.map((a) => a || '∅').join(', '), ids);
}

/** "x,y,label;..." -> points; labels are checked by the core (class index or regression target). */
function parsePoints(text, box) {
  if (text === '') return { value: [] };
  const pts = [];
  for (const item of text.split(';')) {
    const parts = item.split(',').map(Number);
    if (parts.length !== 3 || !parts.every(Number.isFinite)) return { reason: 'reasonPoints' };
    const [x, y, label] = parts;
    if (Math.abs(x) > box || Math.abs(y) > box) return { reason: 'reasonPointsBox', vars: { box } };
    pts.push({ x, y, label });
  }
  return { value: pts };
}

function parseField(row, text, tables) {
  switch (row.kind) {
    case 'number': {
      const r = parseNumber(text, row.info);
      // Special case: relu'(0) takes only the core's few choices within its range.
      const choices = row.key === 'reluGradAtZero' ? tables.reluGradAtZeroChoices : null;
      if (choices && r.value !== undefined && !choices.includes(r.value)) return { reason: 'reasonChoice', vars: { choices: choices.join(', ') } };
      return r;
    }
    case 'widths': return parseWidths(text, row.info);
    case 'flag': return parseFlag(text);
    case 'choice': return parseChoice(text, row.ids);
    case 'list': return parseList(row.key, text, row.ids);
    case 'set': return parseSet(row.key, text, row.ids);
    case 'points': return parsePoints(text, tables.constants.box);
  }
  return { reason: 'reasonUnknown' };
}

// ---- page-only options: how each is read, its default, and that a link writes it only when set

const PAGE = Object.freeze({
  lang: { default: null, parse: (v) => parseChoice(v, LANGS) },
  embed: { default: false, parse: parseFlag },
  speed: { default: DEFAULT_SPEED, parse: (v) => {
    // As written in the list ("30", not "0x1e" or "3e1").
    const s = SPEEDS.find((x) => String(x) === v);
    return s !== undefined ? { value: s } : { reason: 'reasonChoice', vars: { choices: SPEEDS.join(', ') } };
  } },
  epochs: { default: null, parse: (v) => parseNumber(v, { min: 0, max: MAX_EPOCHS_PARAM, integer: true }) },
  paused: { default: false, parse: parseFlag },
  // Module workers the lab may use (web/shared/pool.js): 'auto' or 1 … MAX_WORKERS.
  workers: { default: 'auto', parse: (v) => (parseWorkers(v).error ? { reason: 'reasonWorkers', vars: { max: MAX_WORKERS } }
    : { value: parseWorkers(v).value }) },
  controls: { default: null, parse: (v, tables) => parseControls(v, tables) },
  charts: { default: null, parse: parseFlag },
  text: { default: null, parse: parseFlag },
  parentOrigin: { default: null, parse: (v) => {
    let origin = null;
    try { origin = v.length <= MAX_ORIGIN ? new URL(v).origin : null; } catch { origin = null; }
    return origin && origin !== 'null' && origin === v ? { value: v } : { reason: 'reasonOrigin' };
  } },
});

/** Keys the `controls` option may name: every setting the control panel shows (the user's
 *  points are placed on the plots, not set by a control). */
export function controlKeys(tables) {
  return urlFields(tables).filter((r) => r.kind !== 'points').map((r) => r.key);
}

function parseControls(value, tables) {
  if (CONTROL_SETS.includes(value)) return { value };
  const keys = controlKeys(tables);
  const list = value.split(',').filter(Boolean);
  const bad = list.filter((k) => !keys.includes(k));
  if (!list.length || bad.length) return { reason: 'reasonControls', vars: { bad: bad.join(', ') || '∅' } };
  return { value: [...new Set(list)].join(',') };
}

/**
 * Reads a query string. Returns {state, page:{lang, embed, epochs, speed, paused, ...}, ignored:
 * [{param, value, reason, vars}]}: every bad or unknown parameter is left at its default and listed.
 */
export function parseUrl(search, tables) {
  const state = defaultState(tables);
  const page = Object.fromEntries(Object.entries(PAGE).map(([k, o]) => [k, o.default]));
  const fields = new Map(urlFields(tables).map((r) => [r.param, r]));
  const ignored = [];
  const params = new URLSearchParams(search);
  const seen = new Set();
  const drop = (param, value, r) => ignored.push({ param, value, reason: r.reason, vars: r.vars ?? {} });
  for (const [param, value] of params) {
    if (seen.has(param)) { drop(param, value, { reason: 'reasonRepeated' }); continue; }
    seen.add(param);
    const row = fields.get(param);   // a Map, not an object: ?toString=1 must be unknown
    const r = row ? parseField(row, value, tables)
      : Object.hasOwn(PAGE, param) ? PAGE[param].parse(value, tables) : { reason: 'reasonUnknown' };
    if (r.reason) drop(param, value, r);
    else if (row) state[row.key] = r.value;
    else page[param] = r.value;
  }
  // Special case: a list of widths must have one per hidden layer (whatever order the parameters came in).
  if (Array.isArray(state.width)) {
    const info = tables.settings.width;
    if (state.width.length !== state.hiddenLayers) {
      drop('width', params.get('width'), { reason: 'reasonWidthCount', vars: { n: state.width.length, layers: state.hiddenLayers,
        min: info.min, max: info.max } });
      state.width = defaultState(tables).width;
    } else {
      state.width = fitWidth(state);   // 8,8 is the uniform 8
    }
  }
  return { state, page, ignored };
}

/** A user point rounded as the URL stores it, so the page and a shared link train on equal data. */
export function roundPoint(p) {
  const r = (v) => Math.round(v * 1000) / 1000;
  return { x: r(p.x), y: r(p.y), label: Number.isInteger(p.label) ? p.label : r(p.label) };
}

/** A value as a link writes it: flags 1/0, lists comma-joined, points "x,y,label;...". */
function encode(v) {
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Array.isArray(v)) return v.map((x) => (x && typeof x === 'object' ? `${x.x},${x.y},${x.label}` : String(x))).join(v[0] && typeof v[0] === 'object' ? ';' : ',');
  return String(v);
}

/**
 * The query string for a state and the page options that differ from their defaults. Every field
 * of the walk is written (a link keeps its meaning if a default changes), except: `classes` only
 * with custom data (special case: other data sets have their own count); the view flags, the
 * points and sets of ids only when they differ from the default (links printed before they
 * existed meant the default, and stay as they were). `keys` (state keys) limits the walk: a
 * lesson's preset pins only the settings it names, in its own order.
 */
export function serialize(state, page, tables, keys = null) {
  const rows = keys ? keys.map((key) => ({ key, param: urlParamOf(key) })) : urlFields(tables);
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const q = new URLSearchParams();
  for (const { key, param, kind } of rows) {
    const v = state[key];
    if (v === undefined) continue;
    if (key === 'classes' && (state.dataset !== 'custom' || !v)) continue;
    if (Object.hasOwn(VIEW_FLAGS, key) && v === VIEW_FLAGS[key]) continue;
    if (URL_PARAM[key] && Array.isArray(v) && !v.length) continue;
    if (kind === 'set' && same(v, tables.defaults?.[key])) continue;
    q.set(param, encode(v));
  }
  for (const [key, o] of Object.entries(PAGE)) {
    const v = page[key];
    if (v !== null && v !== undefined && v !== o.default) q.set(key, encode(v));
  }
  return q.toString();
}
