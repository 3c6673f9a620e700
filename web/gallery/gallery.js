// The activation gallery: for every activation in the core's table, a Chart.js plot of g(z) and
// g'(z) on [-5, 5] computed by the wasm module (through the worker), the value at each kink
// marked, and sliders for its parameters. Maxout is shown as a k = 2 demo, h = max(z, a*z),
// computed with PReLU's curve (equal for a <= 1). Not the lab: nothing is trained here.
import { LabClient } from '../shared/client.js';
import { applyI18n, lang, name, onLangChange, setLang, t } from '../shared/i18n.js';
import { num } from '../shared/format.js';
import { el } from '../shared/dom.js';
import { OKABE_ITO } from '../shared/palette.js';
import { pickLanguage } from '../shared/language.js';
import { renderHeader } from '../shared/header.js';
import { selectField, sliderField } from '../shared/widgets.js';

/** The wasm API names of activation parameters (docs/API.md) for the setting keys the table lists. */
const PARAM_OF_SETTING = { leakyA: 'a', preluInit: 'a', eluAlpha: 'alpha', reluGradAtZero: 'reluGradAtZero' };
const Z_MIN = -5, Z_MAX = 5, SAMPLES = 200;   // an even count: no sample sits exactly on z = 0
const zs = Float32Array.from({ length: SAMPLES }, (_, i) => Z_MIN + ((Z_MAX - Z_MIN) * i) / (SAMPLES - 1));
const COLORS = { value: OKABE_ITO[0], derivative: OKABE_ITO[5], piece: '#9aa3ad' };

const galleryState = { status: 'loading', plotted: 0, activations: [], errors: [] };
window.galleryState = galleryState;

renderHeader('gallery');
setLang(pickLanguage(new URLSearchParams(location.search).get('lang')));
applyI18n();
const client = new LabClient({ error: (m) => galleryState.errors.push(m.message) });
let Chart, tables;
const cards = [];


/** One activation's card: chart, parameter controls, kink note, failure mode. */
function buildCard(act) {
  const card = { act, values: {} };
  const root = el('article', { class: 'act-card' });
  root.dataset.activation = act.id;
  const h = el('h2');
  const wrap = el('div', { class: 'chart-wrap' });
  const canvas = el('canvas');
  canvas.setAttribute('role', 'img');
  wrap.append(canvas);
  const controls = el('div', { class: 'act-controls' });
  const kink = el('p', { class: 'kink' });
  const failure = el('p', { class: 'failure' });
  const demo = el('p', { class: 'demo' });
  root.append(h, wrap, controls, kink, failure, demo);
  card.fields = [];
  const demoMaxout = act.grouped;
  const keys = demoMaxout ? ['preluInit'] : [...act.params];
  if (act.failure === 'dies' && !keys.includes('reluGradAtZero')) keys.push('reluGradAtZero');
  for (const key of keys) {
    const info = tables.settings[key];
    if (!info || !(key in PARAM_OF_SETTING)) continue;
    const param = PARAM_OF_SETTING[key];
    card.values[param] = demoMaxout ? 0 : info.default;
    const onInput = (v) => { card.values[param] = v; plot(card); };
    const f = key === 'reluGradAtZero'
      ? selectField(key, info, null, tables.reluGradAtZeroChoices.map((v) => ({ value: v, text: () => num(v) })), onInput, Number)
      : sliderField(key, info, onInput);
    if (demoMaxout) {
      const relabel = f.relabel;
      f.relabel = () => { relabel(); f.label.textContent = t('maxoutSlope'); };
    }
    f.set(card.values[param]);
    controls.append(f.wrap);
    card.fields.push(f);
  }
  card.relabel = () => {
    h.textContent = name(act);
    canvas.setAttribute('aria-label', `${name(act)}: ${t('seriesValue')}, ${t('seriesDerivative')}`);
    failure.textContent = t(`failureText_${act.failure}`);
    demo.textContent = demoMaxout ? t('maxoutDemo') : '';
    demo.hidden = !demoMaxout;
    card.fields.forEach((f) => f.relabel());
    if (card.chart?.data.datasets.length) {
      const [g, d] = card.chart.data.datasets;
      g.label = t('seriesValue');
      d.label = t('seriesDerivative');
      card.chart.update('none');
    }
    writeKink(card);
  };
  card.kink = kink;
  card.chart = new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false, parsing: false, responsive: true, maintainAspectRatio: false,
      elements: { point: { radius: 0 }, line: { tension: 0 } },
      scales: { x: { type: 'linear', min: Z_MIN, max: Z_MAX, title: { display: true, text: 'z' } }, y: { type: 'linear' } },
      plugins: { legend: { labels: { boxWidth: 14, boxHeight: 3, filter: (item) => item.datasetIndex < 2 } } },
    },
  });
  cards.push(card);
  card.relabel();
  return root;
}

function writeKink(card) {
  if (!card.kinks) return;
  card.kink.textContent = card.kinks.length
    ? card.kinks.map((k) => t('kinkNote', { z: num(k.z), value: num(k.value), derivative: num(k.derivative) })).join(' ')
    : t('noKink');
}

/** Asks the worker for the curve with the card's parameters and redraws. */
async function plot(card) {
  const { act } = card;
  const demoMaxout = act.grouped;
  const id = demoMaxout ? 'prelu' : act.id;
  const kinks = demoMaxout ? [0] : act.kinks;
  let reply;
  try {
    reply = await client.curve(id, card.values, zs, kinks);
  } catch (e) {
    galleryState.errors.push(e.message);
    card.kink.textContent = e.message;
    return;
  }
  if (demoMaxout) reply.kinks = reply.kinks.map((k) => ({ ...k, derivative: 1 }));   // ties: first piece (z) wins
  card.kinks = reply.kinks;
  const line = (values, color, extra = {}) => ({ data: Array.from(values, (y, i) => ({ x: zs[i], y })),
    borderColor: color, backgroundColor: color, borderWidth: 2.2, ...extra });
  const datasets = [
    line(reply.value, COLORS.value, { label: t('seriesValue') }),
    line(reply.derivative, COLORS.derivative, { label: t('seriesDerivative'), borderDash: [6, 4] }),
    { type: 'scatter', data: reply.kinks.map((k) => ({ x: k.z, y: k.value })), pointRadius: 5, pointStyle: 'circle',
      backgroundColor: COLORS.value, borderColor: '#fff', borderWidth: 1.5 },
    { type: 'scatter', data: reply.kinks.map((k) => ({ x: k.z, y: k.derivative })), pointRadius: 5, pointStyle: 'rectRot',
      backgroundColor: COLORS.derivative, borderColor: '#fff', borderWidth: 1.5 },
  ];
  if (demoMaxout) {
    const a = card.values.a;
    for (const slope of [1, a]) {
      datasets.push({ data: [{ x: Z_MIN, y: slope * Z_MIN }, { x: Z_MAX, y: slope * Z_MAX }], borderColor: COLORS.piece,
        borderWidth: 1, borderDash: [2, 3] });
    }
  }
  card.chart.data.datasets = datasets;
  card.chart.update('none');
  writeKink(card);
  card.plotted = true;
  galleryState.plotted = cards.filter((c) => c.plotted).length;
  if (galleryState.plotted === cards.length) galleryState.status = 'ready';
}

async function main() {
  try {
    tables = (await client.ready).tables;
    await import('../vendor/chart.umd.min.js');
    Chart = globalThis.Chart;
  } catch (e) {
    galleryState.status = 'error';
    galleryState.errors.push(e.message);
    document.querySelector('#gallery-error').textContent = `${t('loadFailed')} ${e.message}`;
    window.ReluLabBoot?.fail('failed', e.message);
    return;
  }
  galleryState.activations = tables.activations.map((a) => a.id);
  const grid = document.querySelector('#gallery');
  grid.replaceChildren(...tables.activations.map(buildCard));
  await Promise.all(cards.map(plot));
}

const langSelect = document.querySelector('#lang-select');
langSelect.value = lang();
langSelect.addEventListener('change', () => setLang(langSelect.value));
onLangChange((l) => {
  applyI18n();
  cards.forEach((c) => c.relabel());
  document.querySelector('#lab-link').href = `index.html?lang=${l}`;
  history.replaceState(null, '', `?lang=${l}`);
});
document.querySelector('#lab-link').href = `index.html?lang=${lang()}`;
main();
