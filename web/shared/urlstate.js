// Every setting of the lab in the URL: parse (validated against the core's tables: setting
// ranges, datasets, activations, initialisers, optimisers, relu'(0) choices) and serialize, so a
// link reproduces the experiment exactly. Bad parameters are dropped with a reason, never thrown.
// Not the controls and not the experiment: this file only turns text into values and back.
import { LANGS } from './language.js';

/** Page-only parameters (not experiment settings): their allowed values live here. */
export const SPEEDS = Object.freeze([1, 3, 10, 30, 100, 300, 0]);   // epochs per second, 0 = max
export const DEFAULT_SPEED = 30;
export const MAX_EPOCHS_PARAM = 1000000;
const FLAGS = ['0', '1'];
/** Numeric settings the page keeps (hiddenLayers/width become `hidden`; resolution is the grid). */
const PAGE_KEYS = ['lang', 'embed', 'epochs', 'speed', 'paused', 'controls', 'charts', 'text', 'parentOrigin'];
/** Named sets for the `controls` option (any other value: a comma list of setting keys). */
export const CONTROL_SETS = Object.freeze(['none', 'all']);
/** Longest `parentOrigin` value accepted (an origin is short). */
const MAX_ORIGIN = 200;
/** URL parameter of a state field whose name differs (core refusals name the field). */
const URL_PARAM = Object.freeze({ userPoints: 'pts' });
export const urlParamOf = (field) => URL_PARAM[field] ?? field;

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

/** The default page state: every experiment setting from lab.defaults / lab.settings. */
export function defaultState(tables) {
  const s = {};
  for (const [key, info] of Object.entries(tables.settings)) s[key] = info.default;
  const d = tables.defaults ?? {};
  for (const [key, v] of Object.entries(d)) {
    if (key === 'hidden') continue;
    s[key] = Array.isArray(v) ? [...v] : v;
  }
  if (Array.isArray(d.hidden)) {
    s.hiddenLayers = d.hidden.length;
    s.width = widthValue(d.hidden, s.width);
  }
  s.dataset ??= tables.datasets[0].id;
  s.init ??= tables.initSchemes[0].id;
  s.optimizer ??= tables.optimizers[0].id;
  s.activations ??= idsOf(tables.activations);
  s.userPoints = Array.isArray(s.userPoints) ? s.userPoints.map((p) => ({ ...p })) : [];
  s.preluShared = !!s.preluShared;
  Object.assign(s, VIEW_FLAGS);
  return s;
}

/** The flat config for lab.experiment() built from a page state. */
export function toExperimentConfig(state, tables) {
  const c = {};
  const skip = new Set(['hiddenLayers', 'width', 'resolution', 'saturationThreshold', 'classes']);
  for (const key of Object.keys(tables.settings)) if (!skip.has(key)) c[key] = state[key];
  c.hidden = layerWidths(state);
  c.dataset = state.dataset;
  c.init = state.init;
  c.optimizer = state.optimizer;
  c.activations = [...state.activations];
  c.preluShared = !!state.preluShared;
  c.userPoints = state.userPoints.map((p) => ({ ...p }));
  if (state.dataset === 'custom' && state.classes) c.classes = state.classes;
  if (tables.defaults && 'saturationThreshold' in tables.defaults) c.saturationThreshold = state.saturationThreshold;
  return c;
}

/** The training-only part of a state (may change live via setTraining). */
export const TRAINING_KEYS = Object.freeze(['optimizer', 'learningRate', 'batchSize', 'l2', 'l1', 'momentum']);

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

function parseChoice(text, ids) {
  return ids.includes(text) ? { value: text } : { reason: 'reasonChoice', vars: { choices: ids.join(', ') } };
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

/**
 * Reads a query string. Returns {state, page:{lang, embed, epochs, speed, paused}, ignored:[{param,
 * value, reason, vars}]}: every bad or unknown parameter is left at its default and listed.
 */
export function parseUrl(search, tables) {
  const state = defaultState(tables);
  const page = { lang: null, embed: false, epochs: null, speed: DEFAULT_SPEED, paused: false,
    controls: null, charts: null, text: null, parentOrigin: null };
  const ignored = [];
  const params = new URLSearchParams(search);
  const seen = new Set();
  const drop = (param, value, r) => ignored.push({ param, value, reason: r.reason, vars: r.vars ?? {} });
  for (const [param, value] of params) {
    if (seen.has(param)) { drop(param, value, { reason: 'reasonRepeated' }); continue; }
    seen.add(param);
    let r;
    if (param === 'width') r = parseWidths(value, tables.settings.width);
    else if (Object.hasOwn(tables.settings, param)) {   // not `in`: ?toString=1 must be unknown
      r = parseNumber(value, tables.settings[param]);
      if (param === 'reluGradAtZero' && r.value !== undefined && !tables.reluGradAtZeroChoices.includes(r.value)) {
        r = { reason: 'reasonChoice', vars: { choices: tables.reluGradAtZeroChoices.join(', ') } };
      }
    } else if (param === 'dataset') r = parseChoice(value, idsOf(tables.datasets));
    else if (param === 'init') r = parseChoice(value, idsOf(tables.initSchemes));
    else if (param === 'optimizer') r = parseChoice(value, idsOf(tables.optimizers));
    else if (param === 'preluShared' || Object.hasOwn(VIEW_FLAGS, param)) r = FLAGS.includes(value) ? { value: value === '1' } : { reason: 'reasonFlag' };
    else if (param === 'activations') {
      const ids = idsOf(tables.activations);
      const list = value.split(',').filter(Boolean);
      const bad = list.filter((a) => !ids.includes(a));
      if (list.length === 0 || bad.length) r = { reason: 'reasonActivations', vars: { bad: bad.join(', ') || '∅', choices: ids.join(', ') } };
      else r = { value: [...new Set(list)] };
    } else if (param === 'pts') r = parsePoints(value, tables.constants.box);
    else if (PAGE_KEYS.includes(param)) {
      r = parsePage(param, value, tables);
      if (r.value !== undefined) page[param] = r.value;
      if (r.reason) drop(param, value, r);
      continue;
    } else r = { reason: 'reasonUnknown' };
    if (r.reason) { drop(param, value, r); continue; }
    if (param === 'pts') state.userPoints = r.value;
    else state[param] = r.value;
  }
  // A list of widths must have one per hidden layer (whatever order the parameters came in).
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

/** Keys the `controls` option may name: every setting the control panel shows. */
export function controlKeys(tables) {
  return [...Object.keys(tables.settings), 'dataset', 'init', 'optimizer', 'preluShared', 'activations', ...Object.keys(VIEW_FLAGS)];
}

function parsePage(param, value, tables) {
  switch (param) {
    case 'charts': case 'text': return FLAGS.includes(value) ? { value: value === '1' } : { reason: 'reasonFlag' };
    case 'controls': {
      if (CONTROL_SETS.includes(value)) return { value };
      const keys = controlKeys(tables);
      const list = value.split(',').filter(Boolean);
      const bad = list.filter((k) => !keys.includes(k));
      if (!list.length || bad.length) return { reason: 'reasonControls', vars: { bad: bad.join(', ') || '∅' } };
      return { value: [...new Set(list)].join(',') };
    }
    case 'parentOrigin': {
      let origin = null;
      try { origin = value.length <= MAX_ORIGIN ? new URL(value).origin : null; } catch { origin = null; }
      return origin && origin !== 'null' && origin === value ? { value } : { reason: 'reasonOrigin' };
    }
    case 'lang': return LANGS.includes(value) ? { value } : { reason: 'reasonChoice', vars: { choices: LANGS.join(', ') } };
    case 'embed': return FLAGS.includes(value) ? { value: value === '1' } : { reason: 'reasonFlag' };
    case 'paused': return FLAGS.includes(value) ? { value: value === '1' } : { reason: 'reasonFlag' };
    case 'epochs': return parseNumber(value, { min: 0, max: MAX_EPOCHS_PARAM, integer: true });
    case 'speed': {
      // As written in the list ("30", not "0x1e" or "3e1").
      const v = SPEEDS.find((s) => String(s) === value);
      return v !== undefined ? { value: v } : { reason: 'reasonChoice', vars: { choices: SPEEDS.join(', ') } };
    }
  }
  return { reason: 'reasonUnknown' };
}

/** A user point rounded as the URL stores it, so the page and a shared link train on equal data. */
export function roundPoint(p) {
  const r = (v) => Math.round(v * 1000) / 1000;
  return { x: r(p.x), y: r(p.y), label: Number.isInteger(p.label) ? p.label : r(p.label) };
}

/** The query string for a state (every experiment setting) and the page options that differ from default. */
export function serialize(state, page, tables) {
  const q = new URLSearchParams();
  q.set('dataset', state.dataset);
  for (const key of Object.keys(tables.settings)) {
    if (key === 'classes' && (state.dataset !== 'custom' || !state.classes)) continue;
    if (state[key] !== undefined) q.set(key, String(state[key]));
  }
  q.set('activations', state.activations.join(','));
  q.set('init', state.init);
  q.set('optimizer', state.optimizer);
  q.set('preluShared', state.preluShared ? '1' : '0');
  for (const [key, def] of Object.entries(VIEW_FLAGS)) if (key in state && state[key] !== def) q.set(key, state[key] ? '1' : '0');
  if (state.userPoints.length) q.set('pts', state.userPoints.map((p) => `${p.x},${p.y},${p.label}`).join(';'));
  if (page.lang) q.set('lang', page.lang);
  if (page.embed) q.set('embed', '1');
  if (page.speed !== DEFAULT_SPEED) q.set('speed', String(page.speed));
  if (page.epochs !== null && page.epochs !== undefined) q.set('epochs', String(page.epochs));
  if (page.paused) q.set('paused', '1');
  if (page.controls) q.set('controls', page.controls);
  if (page.charts !== null && page.charts !== undefined) q.set('charts', page.charts ? '1' : '0');
  if (page.text !== null && page.text !== undefined) q.set('text', page.text ? '1' : '0');
  if (page.parentOrigin) q.set('parentOrigin', page.parentOrigin);
  return q.toString();
}
