// The lab page: reads the URL, starts the default (or linked) experiment at once, and wires the
// worker client to the cards, charts, controls, notices and run bar; keeps the URL in step and
// exposes window.labState for tests. Not a store of truth about training: the worker has that.
import { LabClient } from '../shared/client.js';
import { parseWorkers, workerCount } from '../shared/pool.js';
import { Cards } from './cards.js';
import { LabCharts, NetworkLegend } from './charts.js';
import { Controls, EMBED_KEYS } from './controls.js';
import { applyI18n, lang, name, onLangChange, setLang, t } from '../shared/i18n.js';
import { num } from '../shared/format.js';
import { setText } from '../shared/dom.js';
import { pickLanguage } from '../shared/language.js';
import { renderHeader } from '../shared/header.js';
import { setClassColorVariables } from '../shared/palette.js';
import { Notices } from './notices.js';
import { HostApi } from './host-api.js';
import { STRINGS } from '../shared/strings.js';
import { copyText, currentQuery, embedCodeFor, linkFor, savePng, urlTail } from '../shared/share.js';
import { wireEmbedBuilder } from './embed-builder.js';
import { UnitDialog } from './units.js';
import { Diagrams } from './diagram.js';
import { decide, recover, thumbPolicy, THUMBS } from './run-policy.js';
import { createObserver } from './observer.js';
import { SPEEDS, controlKeys, defaultState, fieldOfParam, fromExperimentConfig, parseUrl, roundPoint, serialize, toExperimentConfig,
  trainingKeys, urlFields, urlParamOf } from '../shared/urlstate.js';
import { MAX_FILE_BYTES } from '../shared/experiment-file.js';

renderHeader('lab');
const $ = (sel) => document.querySelector(sel);
// What the page reports (window.labState): derived from events by observer.js; read here, never written.
const { view: labState, observe } = createObserver();
window.labState = labState;

const early = new URLSearchParams(currentQuery());
setLang(pickLanguage(early.get('lang')));
if (early.get('embed') === '1') document.body.classList.add('embed');
applyI18n();
setClassColorVariables();
// Inside an embed every link opens in a new tab (a course page's frame is no place to browse).
document.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a[href]') : null;
  if (!a || !document.body.classList.contains('embed') || a.getAttribute('href').startsWith('#')) return;
  a.target = '_blank';
  a.rel = 'noopener';
}, true);

const notices = new Notices($('#notices'));
let tables, state, page, controls, cards, charts, legend, dialog, host, diagrams, data = null;
let lastGood = null;        // the last state whose experiment the core accepted
let startAttempts = 0;
let playing = false;
let frameScheduled = false;
let lastChartRender = 0;
let lastThumbs = -Infinity;
let thumbMode = 'every';    // unit thumbnails in every frame, or every THUMBS.intervalMs on a slow page (thumbPolicy)
let settleFrom = null;      // the first frame since the run started or resumed (thumbPolicy waits a while)
let wasPlaying = false;
/** Main-thread time spent drawing cards before the page yields (the rest waits a frame). */
const DRAW_SLICE_MS = 16;
let drawScheduled = false;
/** Off-screen cards are redrawn on every this many frames. */
const ALL_CARDS_EVERY = 6;
let frameRequests = 0;
let workersInUse = 1;
let loadedFile = null;      // an accepted file's reply ({runId, config, epoch, name}) until its run starts

const client = new LabClient({
  started(msg) {
    if (loadedFile?.runId === msg.runId) adoptLoaded(loadedFile);
    loadedFile = null;
    startAttempts = 0;
    lastGood = structuredClone(state);
    if (dialog.dialog.open) dialog.dialog.close();   // its unit may not exist in the new networks
    data = msg.data;
    workersInUse = msg.workers ?? 1;
    observe({ type: 'page', workers: workersInUse });
    const acts = msg.summaries.map((s) => tables.activations.find((a) => a.id === s.activation) ?? { id: s.activation, params: [] });
    diagrams.reset();
    cards.build({ activations: acts, shape: msg.shape, data, state, tables });
    charts.reset(acts, state.maxoutK);
    legend.build(acts);
    onProgress(msg);
    const regression = data.dims === 1 || data.output === 'regression';
    controls.setClasses(data.classes, regression, data.dims);
    observe({ type: 'started', msg, userPoints: state.userPoints.length });
    lastThumbs = -Infinity;   // the first frame of a run draws every card with thumbnails
    settleFrom = null;
    thumbMode = 'every';
    $('#legend-binary').hidden = regression || data.classes > 2;
    $('#legend-regression').hidden = data.dims !== 1;
    $('#legend-field').hidden = !(regression && data.dims === 2);
    $('#legend-multiclass').hidden = regression || data.classes <= 2;
    host?.emit('started', { runId: msg.runId, activations: acts.map((a) => a.id), settings: settingsOf(state) });
    wantFrame();
  },
  progress: (msg) => onProgress(msg),
  frame(msg) {
    if (msg.stale) return;
    settleFrom ??= performance.now();
    cards.drawFrame(msg);
    drawCards();
    diagrams.afterFrame();
    observe({ type: 'frame', msg, now: performance.now() });
    if (dialog.current && dialog.dialog.open && labState.frames % 6 === 0) dialog.refresh();
    if (playing) wantFrame();
  },
  error(msg) {
    if (msg.during === 'start') return startRefused(msg);
    if (msg.during === 'setTraining' && msg.training) {
      // The core refused a live change: show the settings that are still in force.
      for (const k of trainingKeys(tables)) if (k in msg.training) state[k] = msg.training[k];
      controls.set(state);
      writeUrl();
      notices.show('error', t('refusedLive'), [msg.message], 'restart');
      return;
    }
    observe({ type: 'error', message: msg.message, fatal: !!msg.fatal });
    notices.show('error', t('errorPrefix'), [msg.message]);
  },
});

function onProgress(msg) {
  // A reply sent before the worker saw the latest Play/Pause must not undo the user's click.
  const current = client.current(msg);
  if (current) playing = msg.playing;
  observe({ type: 'progress', msg, playing, current, stopAt: page.epochs });
  charts.append(msg.histories);
  cards.updateSummaries(msg.summaries);
  updateRunBar(msg);
  const now = performance.now();
  if (!playing || now - lastChartRender > 200) {
    charts.render();
    lastChartRender = performance.now();
    observe({ type: 'chart', ms: lastChartRender - now });
  }
  host?.progress(progressEvent(msg), !playing);
  wantFrame();
}

/** What a host page hears about a run: the epoch and, per network, losses, accuracy and unit counts. */
function progressEvent(msg) {
  return { runId: labState.runId, epoch: msg.epoch, status: playing ? 'running' : 'paused',
    networks: msg.summaries.map((s) => ({ activation: s.activation, diverged: !!s.diverged, trainLoss: s.latest.trainLoss,
      testLoss: s.latest.testLoss, testAccuracy: s.latest.testAccuracy, dead: s.latest.dead, inactive: s.latest.inactive,
      saturated: s.latest.saturated, deadPieces: s.latest.deadPieces, totalUnits: s.latest.totalUnits })) };
}

/** The experiment settings as a plain object (for the host page's events). */
function settingsOf(st) {
  return JSON.parse(JSON.stringify(st));
}

/** English reasons for the host page (a developer reads them in the console). */
const english = (key, vars = {}) => (STRINGS.en[key] ?? key).replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));

/**
 * A host page's settings object -> {values} of state fields, validated exactly as a link would be
 * (the same parser, the same ranges), or {error}. Page options (embed, lang, ...) are not settings.
 */
function parseHostSettings(obj) {
  const q = new URLSearchParams();
  const bad = [];
  const experimentKeys = new Set([...controlKeys(tables), urlParamOf('userPoints')]);
  // A list for a list field (activations, width, ...) is written as a link writes it; the parser
  // checks its entries.
  const entry = { list: 'string', set: 'string', widths: 'number' };
  const lists = new Map(urlFields(tables).filter((r) => entry[r.kind]).map((r) => [r.param, entry[r.kind]]));
  const listOf = (key, v) => lists.has(key) && Array.isArray(v) && v.every((x) => typeof x === lists.get(key));
  for (const [key, v] of Object.entries(obj)) {
    if (!experimentKeys.has(key)) { bad.push(`${key.slice(0, 40)}: ${english('reasonUnknown')}`); continue; }
    if (typeof v === 'number' || typeof v === 'string') q.append(key, String(v));
    else if (typeof v === 'boolean') q.append(key, v ? '1' : '0');
    else if (listOf(key, v)) q.append(key, v.join(','));
    else bad.push(`${key}: must be a number, a string, true/false or (${[...lists.keys()].sort().join(', ')}) a list of names or numbers`);
  }
  // A list of widths is checked against the layer count in force unless the message sets it.
  if (q.has('width') && !q.has('hiddenLayers')) q.append('hiddenLayers', String(state.hiddenLayers));
  const parsed = parseUrl(q.toString(), tables);
  for (const i of parsed.ignored) bad.push(`${i.param.slice(0, 40)}: ${english(i.reason, i.vars)}`);
  if (bad.length) return { error: bad.slice(0, 10).join('; ') };
  const values = {};
  for (const key of q.keys()) values[fieldOfParam(key)] = parsed.state[fieldOfParam(key)];
  return { values };
}

/** Applies settings from the host page (the run policy decides: live, redraw or a new run). */
function applyHostSettings(values) {
  apply({ set: values }, { quiet: true });
}

/**
 * Carries out what the run policy (run-policy.js) decides for a change: nothing, a redraw, a live
 * change of the optimiser settings, or a new run. quiet: no notice for a live change (host page).
 */
function apply(change, { quiet = false } = {}) {
  const { state: next, effect } = decide(state, change, { tables });
  state = next;
  switch (effect.kind) {
    case 'none': return;
    case 'redraw': cards.setView(state); writeUrl(); wantFrame(); return;
    case 'live':
      client.setTraining(effect.training);
      if (quiet) {
        controls.set(state);
      } else {
        controls.honest(state);
        notices.show('info', t('appliedLive', { what: effect.keys.map(settingName).join(', '), value: display(state[effect.keys[0]]) }), [], 'restart');
      }
      writeUrl();
      if (effect.redraw) { cards.setView(state); wantFrame(); }
      return;
    default: {
      controls.set(state);
      const vars = effect.vars.keys ? { what: effect.vars.keys.map(settingName).join(', ') } : effect.vars;
      startRun(effect.reason, vars);
    }
  }
}

function setPlaying(next) {
  if (next) page.epochs = null;
  page.paused = !next;   // restarts after a setting change keep the user's choice
  client.play(next);
  playing = next;
  observe({ type: 'play', playing: next });
  $('#play').textContent = next ? t('pause') : t('play');
  $('#play').classList.toggle('paused', !next);
  writeUrl();
}

function stepEpochs(n) {
  playing = false;
  page.epochs = null;
  page.paused = true;
  client.step(n);
  writeUrl();
}

/** Draws waiting cards in slices of DRAW_SLICE_MS, one slice per animation frame. */
function drawCards() {
  const t0 = performance.now();
  const done = cards.drawSome(DRAW_SLICE_MS);
  observe({ type: 'drawn', ms: performance.now() - t0, pending: !done });
  if (!done && !drawScheduled) {
    drawScheduled = true;
    requestAnimationFrame(() => { drawScheduled = false; drawCards(); });
  }
}

function wantFrame() {
  if (frameScheduled) return;
  frameScheduled = true;
  requestAnimationFrame(() => {
    frameScheduled = false;
    // Units with thumbnails, from the networks' shapes (a card's unit rows may not be made yet).
    const units = cards.cards.reduce((n, c) => n + (c.strips.canvas ? c.strips.shape.reduce((a, b) => a + b, 0) : 0), 0);
    const now = performance.now();
    // The frame rate is judged only after settleMs of playing (from a run's start or a resume).
    if (playing && !wasPlaying) settleFrom = null;
    wasPlaying = playing;
    const policy = thumbPolicy({ mode: thumbMode, playing, fps: labState.framesPerSecond ?? 0,
      sinceStartMs: settleFrom === null ? 0 : now - settleFrom, sinceThumbsMs: now - lastThumbs });
    thumbMode = policy.mode;
    const thumbRes = policy.thumbs && units > 0 ? (units <= 160 ? 20 : 12) : 0;
    observe({ type: 'thumbs', mode: thumbMode, asked: thumbRes > 0, units });
    // Every few frames, every THUMBS.intervalMs and when paused all cards (thumbnails too);
    // otherwise only those on screen. A paused run's frame covers every card, so a card scrolled
    // into view later shows the epoch it stopped at.
    const refreshAll = !playing || now - lastThumbs > THUMBS.intervalMs;
    if (refreshAll) lastThumbs = now;
    frameRequests += 1;
    const all = refreshAll || frameRequests % ALL_CARDS_EVERY === 0;
    client.requestFrame(state.resolution, thumbRes, all ? null : cards.visibleIndices(), cards.regionIndices());
  });
}

function updateRunBar(msg) {
  setText($('#epoch'), t('epochN', { n: msg.epoch }));
  const play = $('#play');
  setText(play, playing ? t('pause') : t('play'));
  play.classList.toggle('paused', !playing);
  const per = msg.msPerEpoch;
  setText($('#timing'), `${t('timing', { ms: num(per ?? 0, 2), fps: labState.framesPerSecond ?? 0,
    frame: num(labState.frameWorkerMs ?? 0, 1) })} · ${workersInUse === 1 ? t('workersInUseOne') : t('workersInUse', { n: workersInUse })}`);
}

/** The `workers` option ('auto' or 1 … 8) for the next runs: 'auto' leaves one reported core to the page. */
function useWorkers(value) {
  page.workers = parseWorkers(value).value ?? 'auto';
  const n = workerCount(page.workers, navigator.hardwareConcurrency);
  client.setWorkers(n);
  observe({ type: 'page', workersSetting: page.workers, workersAllowed: n });
}

/** Builds a new experiment from `state` (same seeds => same data and initial weights). */
function startRun(reasonKey, vars = {}) {
  const config = toExperimentConfig(state, tables);
  const stopAt = page.epochs;
  const play = !page.paused && !(stopAt !== null && stopAt <= 0);
  observe({ type: 'restart', playing: play });
  playing = play;
  client.start(config, { play, stopAt, speed: page.speed });
  if (reasonKey) notices.show('info', t(reasonKey, vars), [], 'restart');
  writeUrl();
}

/** The core refused the config: the run policy's ladder (last good state, the named field, defaults). */
function startRefused(msg) {
  startAttempts += 1;
  const step = recover({ state, lastGood, attempts: startAttempts, refusal: msg, defaults: defaultState(tables) });
  if (step.kind === 'giveUp') {
    observe({ type: 'error', message: msg.message, fatal: true });
    notices.show('error', t('errorPrefix'), [msg.message]);
    return;
  }
  if (step.kind === 'lastGood') {
    notices.show('error', t('refused'), [msg.message], 'restart');
  } else if (step.kind === 'dropField') {
    const param = urlParamOf(step.field);
    const value = param === step.field ? String(state[step.field]) : new URLSearchParams(currentQuery()).get(param) ?? '';
    page.ignored.push({ param, value, reason: 'reasonRefused', vars: { message: msg.message } });
  } else {
    page.ignored.push({ param: '*', value: '', reason: 'reasonRefused', vars: { message: msg.message } });
  }
  state = step.state;
  if (step.kind !== 'lastGood') showIgnored();
  controls.set(state);
  startRun();
}

/** Ignored parameters listed at most, and characters shown of one (links may carry 100 KB). */
const MAX_IGNORED_SHOWN = 20;
const MAX_IGNORED_CHARS = 160;
const clip = (text, n) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

function showIgnored() {
  if (!page.ignored.length) return;
  observe({ type: 'ignored', list: page.ignored.map((i) => ({ ...i, reason: t(i.reason, i.vars) })) });
  const lines = page.ignored.slice(0, MAX_IGNORED_SHOWN).map((i) =>
    `${clip(i.param, MAX_IGNORED_CHARS / 2)}${i.value ? `=${clip(i.value, MAX_IGNORED_CHARS / 2)}` : ''}: ` +
    clip(t(i.reason, i.vars), MAX_IGNORED_CHARS));
  const more = page.ignored.length - MAX_IGNORED_SHOWN;
  if (more > 0) lines.push(t('ignoredMore', { n: more }));
  notices.show('warn', t('ignoredTitle'), lines, 'ignored');
}

/** What the page shows (URL options controls, charts, text; their defaults depend on embed). */
function applyPageOptions() {
  const set = page.controls ?? (page.embed ? EMBED_KEYS.join(',') : 'all');
  const keys = set === 'all' ? null : set === 'none' ? [] : set.split(',');
  const shown = controls.showOnly(keys);
  $('.controls-panel').hidden = shown === 0;
  document.body.classList.toggle('no-controls', shown === 0);
  const charts = page.charts ?? !page.embed;
  const text = page.text ?? !page.embed;
  document.body.classList.toggle('show-charts', charts);
  document.body.classList.toggle('no-charts', !charts);
  document.body.classList.toggle('no-text', !text);
  observe({ type: 'options', controlsShown: shown, chartsShown: charts, textShown: text });
}

function writeUrl() {
  const q = serialize(state, page, tables);
  history.replaceState(null, '', `${location.pathname}${urlTail(q)}`);
  $('#gallery-link').href = `gallery.html?lang=${lang()}`;
}

function onChange(key, value) {
  apply({ set: { [key]: value } });
}

const settingName = (key) => {
  if (tables.settings[key]) return name(tables.settings[key]);
  return t(`${key}Label`);
};
const display = (v) => (typeof v === 'number' ? num(v) : String(v));

function onAction(action) {
  apply({ action });
}

function onPlaneClick(index, x, y) {
  if (!data) return;
  const regression = data.dims === 1 || data.output === 'regression';
  const box = tables.constants.box;
  const cx = Math.max(-box, Math.min(box, x));
  const cy = Math.max(-box, Math.min(box, y));
  const point = data.dims === 1 ? { x: cx, y: 0, label: y }
    : { x: cx, y: cy, label: regression ? controls.clickTarget : controls.clickClass };
  apply({ addPoint: roundPoint(point) });
}

function openUnit(index, layer, unit) {
  const act = cards.cards[index].activation;
  dialog.open({ index, layer, unit, activation: act, data, activationName: name(act) });
}

/** A saved file's run has replaced the lab's: its settings become the page's (controls, URL), paused. */
function adoptLoaded(reply) {
  state = fromExperimentConfig(reply.config, tables, state);
  page.paused = true;
  page.epochs = null;
  playing = false;
  client.speed(page.speed);
  controls.set(state);
  writeUrl();
  notices.show('info', t('loadedFile', { name: reply.name, n: reply.epoch }), [], 'restart');
  observe({ type: 'page', loaded: { name: reply.name, epoch: reply.epoch }, fileRefused: null });
}

/** Export JSON / Load JSON: the run as a file (written by the worker at an epoch boundary), and a
 *  file read back; a refused file names its field and leaves the lab as it was. */
function wireFiles() {
  const download = (blob, filename) => {
    const url = URL.createObjectURL(blob);
    const a = Object.assign(document.createElement('a'), { href: url, download: filename, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  };
  $('#export-json').addEventListener('click', async () => {
    try {
      const reply = await client.exportFile();
      download(new Blob([reply.text], { type: 'application/json' }), `relulab-experiment-epoch-${reply.epoch}.json`);
      observe({ type: 'page', exported: { epoch: reply.epoch, bytes: reply.text.length } });
    } catch (e) {
      notices.show('error', t('exportFailed'), [e.message]);
    }
  });
  const input = $('#load-file');
  const refused = (message, field) => {
    notices.show('error', t('loadRefused'), [message], 'load');
    observe({ type: 'page', fileRefused: { message, field } });
  };
  $('#load-json').addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      refused(t('fileTooLarge', { mb: Math.ceil(file.size / 2 ** 20), max: MAX_FILE_BYTES / 2 ** 20 }), 'file');
      return;
    }
    try {
      const reply = await client.loadFile(await file.text());
      loadedFile = { ...reply, name: file.name };
    } catch (e) {
      refused(e.message, e.field ?? null);
    }
  });
}

function wireRunBar() {
  wireFiles();
  $('#save-unit-map').addEventListener('click', () => {
    const c = dialog.current;
    if (!c) return;
    savePng($('#unit-dialog canvas.unit-large'), `${name(c.activation)} · ${t('epochN', { n: labState.epoch })} · ${c.layer + 1}.${c.unit + 1}`,
      `relulab-unit-${c.index}-${c.layer}-${c.unit}-epoch-${labState.epoch}.png`);
  });
  $('#play').addEventListener('click', () => setPlaying(!playing));
  $('#step').addEventListener('click', () => { playing = false; page.epochs = null; client.step(1); writeUrl(); });
  $('#reset').addEventListener('click', () => apply({ action: 'reset' }));
  const speed = $('#speed');
  const fillSpeed = () => speed.replaceChildren(...SPEEDS.map((s) => {
    const o = document.createElement('option');
    o.value = String(s);
    o.textContent = s ? t('speedN', { n: s }) : t('speedMax');
    return o;
  }));
  fillSpeed();
  speed.value = String(page.speed);
  speed.addEventListener('change', () => { page.speed = Number(speed.value); client.speed(page.speed); writeUrl(); });
  onLangChange(() => { fillSpeed(); speed.value = String(page.speed); });
  $('#log-scale').addEventListener('change', (e) => charts.setLog(e.target.checked));
  for (const b of document.querySelectorAll('button[data-save]')) {
    b.addEventListener('click', () => {
      charts.render({ force: true });
      savePng(document.getElementById(b.dataset.save), `${t(b.dataset.title)} · ${t('epochN', { n: labState.epoch })}`,
        `relulab-${b.dataset.save}-epoch-${labState.epoch}.png`);
    });
  }
  const query = () => serialize(state, { ...page, embed: false, epochs: null, paused: false, controls: null, charts: null,
    text: null, parentOrigin: null }, tables);
  const embedQuery = () => serialize(state, { ...page, embed: true, epochs: null, paused: false }, tables);
  $('#copy-link').addEventListener('click', () => copyText(linkFor(query()), $('#share-text'), $('#share-status')));
  $('#copy-embed').addEventListener('click', () => copyText(embedCodeFor(embedQuery()), $('#share-text'), $('#share-status')));
  wireEmbedBuilder($('#embed-builder'), (options) => serialize(state, { ...page, ...options, embed: true, epochs: null,
    paused: false }, tables));
  $('#open-full').addEventListener('click', () => { $('#open-full').href = linkFor(query()); });
  const langSelect = $('#lang-select');
  langSelect.value = lang();
  langSelect.addEventListener('change', () => { page.lang = langSelect.value; setLang(langSelect.value); });
}

onLangChange((l) => {
  observe({ type: 'page', lang: l });
  applyI18n();
  controls?.relabel();
  cards?.relabel();
  diagrams?.relabel();
  charts?.relabel();
  legend?.relabel();
  showIgnored();
  if (labState.summaries.length) updateRunBar({ epoch: labState.epoch, msPerEpoch: labState.workerMsPerEpoch });
  if (tables) writeUrl();
});

async function main() {
  observe({ type: 'page', lang: lang() });
  try {
    const ready = await client.ready;
    tables = ready.tables;
    await import('../vendor/chart.umd.min.js');
  } catch (e) {
    observe({ type: 'error', message: e.message, fatal: true });
    notices.show('error', t('loadFailed'), [e.message]);
    window.ReluLabBoot?.fail('failed', e.message);
    return;
  }
  const parsed = parseUrl(currentQuery(), tables);
  ({ state, page } = parsed);
  page.ignored = parsed.ignored;
  observe({ type: 'page', embed: page.embed });
  document.body.classList.toggle('embed', page.embed);
  showIgnored();
  useWorkers(page.workers);
  controls = new Controls($('#controls'), tables, { onChange, onAction });
  controls.set(state);
  applyPageOptions();
  cards = new Cards($('#cards'), { onOpenUnit: openUnit, onPlaneClick, onVisible: () => drawCards(), onRegions: () => wantFrame(),
    onDiagram: (card, button) => diagrams.toggle(card, button) });
  // An edit in a diagram pauses training first (the worker applies it at the epoch boundary).
  diagrams = new Diagrams({ client, tables, cards, data: () => data, redraw: () => wantFrame(),
    pause: () => { if (playing || labState.status === 'running') setPlaying(false); } });
  charts = new LabCharts($('#loss-chart'), $('#stuck-chart'), $('#regions-chart'), globalThis.Chart);
  legend = new NetworkLegend($('#net-legend'), (i) => {
    charts.highlight(i);
    cards.highlight(i);
    observe({ type: 'page', highlighted: i });
  });
  dialog = new UnitDialog($('#unit-dialog'), client, tables.constants.box);
  wireRunBar();
  host = new HostApi({ parentOrigin: page.parentOrigin, parseSettings: parseHostSettings, actions: {
    set: applyHostSettings, play: () => setPlaying(true), pause: () => setPlaying(false), step: stepEpochs,
    reset: () => apply({ action: 'reset' }),
    workers: (value) => { useWorkers(value); writeUrl(); apply({ action: 'reset' }); },
    snapshot: () => ({ workers: page.workers, workersInUse, runId: labState.runId, epoch: labState.epoch, status: labState.status, settings: settingsOf(state),
      networks: labState.summaries.length ? progressEvent({ epoch: labState.epoch, summaries: labState.summaries }).networks : [] }),
  } });
  observe({ type: 'page', hostApi: !!host.parent });
  host.emit('ready', { activations: tables.activations.map((a) => a.id), settings: Object.keys(tables.settings) });
  apply({ action: 'start' });
}

main();
