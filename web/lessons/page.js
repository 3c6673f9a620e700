// The lessons page (lessons.html): the index of lessons, or one lesson (?lesson=<id>) — its text
// and claims beside the lab in an iframe (index.html?embed=1&<preset>, one button per preset),
// links to open, share and embed it, and its study, computed live by study-worker.js with the
// same functions the tests run. Language from ?lang= (en, zh) or the browser. Exposes
// window.lessonState for the browser tests. Not the lab itself and not the lessons' content.
import { LESSONS, lessonById, presetQuery, lessonQuery, tr, ui } from './catalog.js';
import { HTML_LANG, LANGS, pickLanguage } from '../shared/language.js';
import { renderBlocks, renderStudy } from './views.js';
import { mergeStudy, splitStudy } from './studies.js';
import { parseWorkers, workerCount } from '../shared/pool.js';
import { el } from '../shared/dom.js';
import { renderHeader } from '../shared/header.js';
import { copyText, iframeCode } from '../shared/share.js';

renderHeader('lessons');
const $ = (selector) => document.querySelector(selector);
const query = new URLSearchParams(location.search);

const state = {
  lang: pickLanguage(query.get('lang')),
  embed: query.get('embed') === '1',
  wanted: query.get('lesson'),
  lesson: query.has('lesson') ? lessonById(query.get('lesson')) : null,
  preset: null,
  names: null,                  // activation and dataset names from the worker's wasm tables
  study: { status: 'idle', done: 0, total: 0, phase: null, ms: null, error: null },
  result: null,                 // {study, presets}
};
state.preset = state.lesson ? state.lesson.presets.find((p) => p.id === query.get('preset')) ?? state.lesson.presets[0] : null;

const lessonState = { ready: false, view: null, lang: state.lang, embed: state.embed, lessonId: null, lessonCount: 0,
  presetId: null, presets: [], iframeSrc: null, study: state.study, claims: [], tables: 0, charts: 0, errors: [] };
window.lessonState = lessonState;
window.addEventListener('error', (e) => lessonState.errors.push(String(e.message)));

const t = (key, vars) => ui(key, state.lang, vars);
let Chart = null;
let charts = [];

// ---- the parts every view shares
function renderChrome() {
  const { lang, lesson } = state;
  document.documentElement.lang = HTML_LANG[lang];
  document.body.classList.toggle('embed', state.embed);
  // Inside an embed every link opens in a new tab (the course page's frame stays on the lesson).
  if (state.embed && !document.body.dataset.linksOut) {
    document.body.dataset.linksOut = '1';
    document.addEventListener('click', (e) => {
      const a = e.target instanceof Element ? e.target.closest('a[href]') : null;
      if (a && !a.getAttribute('href').startsWith('#')) { a.target = '_blank'; a.rel = 'noopener'; }
    }, true);
  }
  document.title = lesson ? t('lessonTitle', { title: tr(lesson.title, lang), n: lesson.number }) : t('pageTitle');
  $('#skip').textContent = t('skip');
  const index = `lessons.html?lang=${lang}`;
  $('#home-link').href = index;
  $('#index-link').href = index;
  $('#index-link').textContent = t('heading');
  $('#lab-link').href = `index.html?lang=${lang}`;
  $('#lab-link').textContent = t('toLab');
  $('#lang-label').textContent = t('language');
  $('#lang-select').value = lang;
  $('#crumb').textContent = lesson ? `${t('lesson', { n: lesson.number })} · ${tr(lesson.title, lang)}` : t('heading');
}

function renderIndex() {
  const { lang } = state;
  const items = LESSONS.map((l) => el('li', { 'data-lesson': l.id }, [
    el('a', { href: `lessons.html?${lessonQuery(l, { lang })}` }, [el('span', { class: 'number' }, t('lesson', { n: l.number })), tr(l.title, lang)]),
    el('p', {}, tr(l.summary, lang)),
  ]));
  const notice = state.wanted !== null ? [el('p', { class: 'notice', role: 'alert' }, t('notFound', { id: state.wanted }))] : [];
  $('#main').replaceChildren(...notice, el('h1', {}, t('heading')), el('p', { class: 'index-intro' }, t('intro')),
    el('ol', { class: 'lesson-list' }, items));
  Object.assign(lessonState, { view: 'index', lessonCount: items.length, lessonId: null });
}

// ---- one lesson
const absolute = (relative) => new URL(relative, location.href).href;
const labQuery = (embed) => presetQuery(state.preset, { lang: state.lang, embed });

function renderLesson() {
  const { lesson: l, lang } = state;
  const at = LESSONS.indexOf(l);   // neighbours in the list's order, not by number
  const prev = LESSONS[at - 1];
  const next = LESSONS[at + 1];
  const link = (to, text) => el('a', { href: `lessons.html?${lessonQuery(to, { lang })}` }, text);
  const nav = el('nav', { class: 'lesson-nav', 'aria-label': t('lessonNav') }, [
    el('a', { href: `lessons.html?lang=${lang}` }, t('allLessons')),
    el('span', {}, [prev ? link(prev, t('previous', { title: tr(prev.title, lang) })) : '', prev && next ? ' · ' : '',
      next ? link(next, t('next', { title: tr(next.title, lang) })) : '']),
  ]);
  const head = el('header', { class: 'lesson-head' }, [el('p', { class: 'kicker' }, t('lesson', { n: l.number })), el('h1', {}, tr(l.title, lang))]);
  const notes = el('blockquote', { class: 'notes' }, [el('p', { class: 'label' }, t('fromNotes')),
    el('p', { class: 'quote', lang: HTML_LANG.zh }, l.notes.zh), lang === 'en' ? el('p', { class: 'translation' }, l.notes.en) : '']);
  const claims = el('section', { class: 'claims', 'aria-labelledby': 'claims-heading' }, [
    el('h2', { id: 'claims-heading' }, t('claims')), el('ul', { id: 'claim-list' })]);
  const text = el('div', { class: 'lesson-text' }, [notes, ...renderBlocks(l.body[lang]), claims]);

  const presets = l.presets.length > 1 ? el('div', { class: 'presets', role: 'group', 'aria-label': t('presets') },
    l.presets.map((p) => {
      const b = el('button', { type: 'button', 'data-preset': p.id, 'aria-pressed': String(p === state.preset) }, tr(p.label, lang));
      b.addEventListener('click', () => choosePreset(p));
      return b;
    })) : '';
  const frame = el('iframe', { class: 'lab-frame', id: 'lab-frame', title: t('labFrame'), src: `index.html?${labQuery(true)}`,
    allow: 'clipboard-write' });
  const open = el('a', { id: 'open-in-lab', href: `index.html?${labQuery(false)}`, target: '_blank', rel: 'noopener' }, t('openInLab'));
  const copyLink = el('button', { type: 'button', id: 'copy-link' }, t('copyLink'));
  const copyEmbed = el('button', { type: 'button', id: 'copy-embed' }, t('copyEmbed'));
  const box = el('textarea', { id: 'share-text', rows: '3', readonly: '', 'aria-label': t('shareText') });
  const status = el('span', { class: 'share-status', role: 'status' });
  const panel = el('div', { class: 'share-panel', hidden: '' }, [box, status]);
  copyLink.addEventListener('click', () => copyText(absolute(`lessons.html?${lessonQuery(l, { lang })}`), box, status, t));
  copyEmbed.addEventListener('click', () => {
    const src = absolute(`lessons.html?${lessonQuery(l, { lang, embed: true })}`);
    copyText(iframeCode(src, `${tr(l.title, lang)} — ReLU Lab`, { ratio: '4 / 5', minHeight: 640, height: 900 }), box, status, t);
  });
  const lab = el('aside', { class: 'lesson-lab', 'aria-labelledby': 'lab-heading' }, [el('h2', { id: 'lab-heading' }, t('theLab')), presets,
    frame, el('div', { class: 'share' }, [open, copyLink, copyEmbed]), panel]);

  const study = el('section', { class: 'study', 'aria-labelledby': 'study-heading' }, [el('h2', { id: 'study-heading' }, t('study')),
    el('div', { class: 'study-status', id: 'study-status', role: 'status' }), el('div', { class: 'study-body', id: 'study-body' })]);

  $('#main').replaceChildren(nav, head, el('p', { class: 'summary' }, tr(l.summary, lang)), el('div', { class: 'lesson-grid' }, [text, lab]), study);
  Object.assign(lessonState, { view: 'lesson', lessonId: l.id, presets: l.presets.map((p) => p.id), presetId: state.preset.id, iframeSrc: frame.getAttribute('src') });
  renderClaims();
  renderStudyStatus();
  renderStudyBody();
}

function choosePreset(p) {
  state.preset = p;
  const src = `index.html?${labQuery(true)}`;
  $('#lab-frame').src = src;
  $('#open-in-lab').href = `index.html?${labQuery(false)}`;
  for (const b of document.querySelectorAll('.presets button')) b.setAttribute('aria-pressed', String(b.dataset.preset === p.id));
  Object.assign(lessonState, { presetId: p.id, iframeSrc: src });
  writeUrl();
}

// ---- claims and the study
function renderClaims() {
  const list = $('#claim-list');
  if (!list) return;
  const { lesson: l, lang, result } = state;
  const entries = [...l.claims.map((c) => [c, result?.study]), ...(l.presetClaims ?? []).map((c) => [c, result?.presets])];
  lessonState.claims = [];
  list.replaceChildren(...entries.map(([c, r]) => {
    const known = r !== undefined && r !== null;
    let holds = null, measured = '';
    if (known) {
      try {
        holds = Boolean(c.holds(r));
        measured = c.measured(r);
      } catch (e) {
        holds = false;
        measured = String(e?.message ?? e);
      }
    }
    lessonState.claims.push({ id: c.id, holds });
    const mark = holds === null ? '…' : holds ? '✓' : '✗';
    const label = holds === null ? t('pending') : holds ? t('claimHolds') : t('claimFails');
    return el('li', { class: `claim${holds === null ? '' : holds ? ' holds' : ' fails'}`, 'data-claim': c.id }, [
      el('span', { class: 'mark', role: 'img', 'aria-label': label }, mark),
      el('span', {}, [tr(c.text, lang), el('span', { class: 'measured' }, known ? t('measured', { value: measured }) : t('pending'))]),
    ]);
  }));
}

function renderStudyStatus() {
  const box = $('#study-status');
  if (!box) return;
  const s = state.study;
  if (s.status === 'running' || s.status === 'idle') {
    const bar = el('progress', { max: String(s.total || 1), value: String(s.done) });
    box.replaceChildren(bar, el('span', {}, t('studyRunning', { done: s.done, total: s.total || '…' })));
  } else if (s.status === 'done') box.replaceChildren(el('span', {}, t('studyDone', { seconds: (s.ms / 1000).toFixed(1) })));
  else box.replaceChildren(el('span', { class: 'notice' }, t('studyFailed', { message: s.error })));
}

async function renderStudyBody() {
  const body = $('#study-body');
  charts.forEach((c) => c.destroy());
  charts = [];
  if (!body || !state.result || !state.names) return;
  const name = (rows, id) => {
    const row = rows.find((r) => r.id === id);
    return row ? (state.lang === 'zh' ? row.nameZh || row.nameEn : row.nameEn) : id;
  };
  const ctx = { t, lesson: state.lesson, act: (id) => name(state.names.activations, id), data: (id) => name(state.names.datasets, id) };
  const { nodes, charts: specs } = renderStudy(state.result.study, state.lesson.study.kind, ctx);
  body.replaceChildren(...nodes);
  // A wide table scrolls sideways on a phone: its box takes focus so the keyboard can scroll it
  // (WCAG 2.1.1; axe scrollable-region-focusable), named after the table's caption.
  for (const wrap of body.querySelectorAll('.table-wrap')) {
    wrap.tabIndex = 0;
    wrap.setAttribute('role', 'region');
    const caption = wrap.querySelector('caption')?.textContent;
    wrap.setAttribute('aria-label', caption || t('study'));
  }
  lessonState.tables = body.querySelectorAll('table').length;
  if (specs.length) {
    if (!Chart) {
      await import('../vendor/chart.umd.min.js');
      Chart = globalThis.Chart;
    }
    for (const spec of specs) {
      if (!spec.canvas.isConnected) continue;
      const chart = new Chart(spec.canvas, spec.config);
      spec.onPick?.(chart);
      charts.push(chart);
    }
  }
  lessonState.charts = charts.length;
}

/** Study workers for a lesson: one fewer than the cores reported (at least 1), at most as many as
 *  its study (or its presets) splits into (studies.js splitStudy: one block of its runs per worker). */
function studyWorkers(lesson) {
  // A `workers` link option (as the lab's: auto or 1 … 8; a bad value means auto) caps them.
  const setting = parseWorkers(new URLSearchParams(location.search).get('workers') ?? 'auto').value ?? 'auto';
  const n = workerCount(setting, navigator.hardwareConcurrency);
  const presets = lesson.presetClaims ? splitStudy({ kind: 'presetRuns', presets: lesson.presets }, n).length : 1;
  return Math.max(splitStudy(lesson.study, n).length, presets);
}

/** Runs the lesson's study on a pool of study workers, each its share; merges their results. */
function startStudy() {
  const lesson = state.lesson;
  const parts = studyWorkers(lesson);
  const runId = 1;
  const results = new Array(parts).fill(null);
  const progress = Array.from({ length: parts }, () => ({ done: 0, total: 0 }));
  const workers = [];
  const stop = () => workers.forEach((w) => w.terminate());
  Object.assign(state.study, { status: 'running', done: 0, total: 0, workers: parts });
  lessonState.studyWorkers = parts;
  const fail = (message) => {
    Object.assign(state.study, { status: 'error', error: message });
    lessonState.errors.push(message);
    stop();
    renderStudyStatus();
  };
  const finish = () => {
    const study = mergeStudy(lesson.study, results.map((r) => r.study).filter(Boolean));
    const presets = lesson.presetClaims
      ? mergeStudy({ kind: 'presetRuns', presets: lesson.presets }, results.map((r) => r.presets).filter(Boolean)) : null;
    const ms = Math.max(...results.map((r) => r.ms));
    state.result = { study, presets };
    stop();
    renderClaims();
    // 'done' once the tables and charts are on the page (the chart library loads lazily).
    renderStudyBody().catch((e) => lessonState.errors.push(String(e?.message ?? e))).finally(() => {
      Object.assign(state.study, { status: 'done', ms, done: state.study.total });
      renderStudyStatus();
    });
  };
  for (let part = 0; part < parts; part++) {
    const worker = new Worker(new URL('../worker/study-worker.js', import.meta.url), { type: 'module' });
    workers.push(worker);
    worker.onmessage = ({ data: msg }) => {
      if (state.study.status === 'error') return;
      if (msg.type === 'ready') {
        state.names = msg.names;
        worker.postMessage({ type: 'run', runId, lessonId: lesson.id, part, parts });
        return;
      }
      if (msg.runId !== runId && msg.runId !== 0) return;
      if (msg.type === 'progress') {
        progress[part] = { done: msg.done, total: msg.total };
        // The sum over the workers (a worker's total is known once it has begun).
        Object.assign(state.study, { done: progress.reduce((s, p) => s + p.done, 0), total: progress.reduce((s, p) => s + p.total, 0), phase: msg.phase });
      } else if (msg.type === 'result') {
        results[part] = msg;
        worker.terminate();
        if (results.every(Boolean)) return finish();
      } else if (msg.type === 'error') {
        return fail(msg.message);
      }
      renderStudyStatus();
    };
    worker.onerror = (e) => fail(e.message || 'worker error');
  }
}

// ---- URL and language
function writeUrl() {
  const q = new URLSearchParams();
  if (state.lesson) q.set('lesson', state.lesson.id);
  q.set('lang', state.lang);
  if (state.embed) q.set('embed', '1');
  if (state.lesson && state.preset !== state.lesson.presets[0]) q.set('preset', state.preset.id);
  history.replaceState(null, '', `${location.pathname}?${q}`);
}

function render() {
  renderChrome();
  if (state.lesson) renderLesson();
  else renderIndex();
  lessonState.lang = state.lang;
}

$('#lang-select').addEventListener('change', (e) => {
  if (!LANGS.includes(e.target.value)) return;
  state.lang = e.target.value;
  writeUrl();
  render();
});

render();
if (state.lesson) startStudy();
lessonState.ready = true;
