// The unit view's "why did it die?" part, inside the unit dialog: the histogram of the unit's
// pre-activation z over the training set (the line z = 0, and the part that still passes gradient),
// its history per epoch (bias, ||w||, activity, gradient norm) with the death epoch and revivals
// marked, the push that killed it, its line w.x + b = 0 on the dialog's map (first layer, raw 2-D
// inputs; for any other unit the curve z = 0 from its z on the map's grid, for maxout where its
// winning piece changes) and its incoming and outgoing weights. Not the numbers: the worker sends the core's
// history, pre-activations and weights of the viewed unit only (experiment.unitHistory,
// experiment.preActivations); this file bins and draws them.
import { t } from '../shared/i18n.js';
import { num, pct } from '../shared/format.js';
import { savePng } from '../shared/share.js';
import { OKABE_ITO } from '../shared/palette.js';

const BINS = 30;
const ACTIVE = '#1B7F5F', OFF = '#7A4FA0', GRADIENT = 'rgba(27,127,95,0.12)', DEATH = '#C0392B', REVIVAL = '#2E86C1';
/** g' at least this share of its largest value: the band drawn for sigmoid and tanh. */
const BAND_SHARE = 0.1;
/** |z| at which g' falls to BAND_SHARE of its peak: tanh 1 - tanh^2 = 0.1, sigmoid s(1-s) = 0.025. */
const BAND = { tanh: Math.atanh(Math.sqrt(1 - BAND_SHARE)), sigmoid: Math.log((1 + Math.sqrt(1 - BAND_SHARE)) / (1 - Math.sqrt(1 - BAND_SHARE))) };

/** Where the negative side of z still passes gradient, for the histogram: [from, 0] or null. */
function gradientPart(activation) {
  if (activation.id === 'leaky_relu' || activation.id === 'prelu') return [-Infinity, 0];
  // ELU: g' = alpha e^z, at least BAND_SHARE of its value at 0 for z >= ln(BAND_SHARE).
  if (activation.id === 'elu') return [Math.log(BAND_SHARE), 0];
  return null;
}

/** Histogram of z: BINS equal bins over [min(z, 0), max(z, 0)], so z = 0 is always on the axis. */
export function histogram(z) {
  let lo = 0, hi = 0;
  for (const v of z) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (hi === lo) hi = lo + 1;
  const width = (hi - lo) / BINS;
  const counts = new Array(BINS).fill(0);
  for (const v of z) counts[Math.min(BINS - 1, Math.floor((v - lo) / width))]++;
  return counts.map((count, i) => ({ x: lo + (i + 0.5) * width, y: count, from: lo + i * width, to: lo + (i + 1) * width }));
}

/** A Chart.js plugin: vertical lines (x, colour, dash) and a shaded x range, drawn under the data. */
const guides = {
  id: 'relulabGuides',
  beforeDatasetsDraw(chart) {
    const g = chart.options.plugins.relulabGuides;
    if (!g) return;
    const { ctx, chartArea: a, scales: { x } } = chart;
    ctx.save();
    if (g.shade) {
      const from = Math.max(a.left, Number.isFinite(g.shade[0]) ? x.getPixelForValue(g.shade[0]) : a.left);
      const to = Math.min(a.right, x.getPixelForValue(g.shade[1]));
      if (to > from) { ctx.fillStyle = GRADIENT; ctx.fillRect(from, a.top, to - from, a.bottom - a.top); }
    }
    for (const line of g.lines ?? []) {
      const px = x.getPixelForValue(line.x);
      if (px < a.left - 0.5 || px > a.right + 0.5) continue;
      ctx.strokeStyle = line.color;
      ctx.lineWidth = 2;
      ctx.setLineDash(line.dash ?? []);
      ctx.beginPath(); ctx.moveTo(px, a.top); ctx.lineTo(px, a.bottom); ctx.stroke();
    }
    ctx.restore();
  },
};

function chartOptions(xTitle, yTitle, extra = {}) {
  return {
    animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
    elements: { point: { radius: 0 }, line: { borderWidth: 2, tension: 0 } },
    scales: { x: { type: 'linear', title: { display: true, text: xTitle }, ticks: { maxTicksLimit: 6 } },
      y: { type: 'linear', title: { display: true, text: yTitle }, ticks: { maxTicksLimit: 5 } } },
    plugins: { legend: { display: false }, tooltip: { enabled: true }, relulabGuides: {} },
    ...extra,
  };
}

const HISTORY = [
  ['bias', 'uvBias'], ['weightNorm', 'uvWeightNorm'], ['activity', 'uvActivity'], ['gradNorm', 'uvGradNorm'],
];

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A "PNG" button saving `canvas` with the caption's text (for slides). */
function pngButton(canvas, caption, name) {
  const b = el('button', 'save-png', 'PNG');
  b.type = 'button';
  b.setAttribute('aria-label', t('saveChart'));
  b.dataset.i18nLabel = 'saveChart';
  b.addEventListener('click', () => savePng(canvas, caption.textContent, `relulab-unit-${name}.png`));
  return b;
}

export class UnitView {
  /** container: the dialog's `.unit-view` element; Chart: Chart.js (already loaded by the page). */
  constructor(container, Chart) {
    this.container = container;
    this.Chart = Chart;
    container.replaceChildren();
    const histFigure = el('figure', 'uv-figure uv-hist');
    this.histTitle = el('figcaption', 'uv-caption');
    const histBox = el('div', 'uv-chart');
    this.histCanvas = el('canvas');
    this.histCanvas.setAttribute('role', 'img');
    histBox.append(this.histCanvas);
    this.histText = el('p', 'uv-hist-text');
    histFigure.append(this.histTitle, pngButton(this.histCanvas, this.histTitle, 'histogram'), histBox, this.histText);
    this.hist = new Chart(this.histCanvas, { type: 'bar', data: { datasets: [{ data: [], backgroundColor: [],
      barPercentage: 1, categoryPercentage: 1 }] }, options: chartOptions('z', ''), plugins: [guides] });

    const historyBox = el('div', 'uv-history');
    this.historyCharts = HISTORY.map(([key]) => {
      const figure = el('figure', 'uv-figure');
      const caption = el('figcaption', 'uv-caption');
      const box = el('div', 'uv-chart uv-small');
      const canvas = el('canvas');
      canvas.setAttribute('role', 'img');
      box.append(canvas);
      figure.append(caption, pngButton(canvas, caption, key), box);
      figure.dataset.key = key;
      historyBox.append(figure);
      const chart = new Chart(canvas, { type: 'line', data: { datasets: [{ data: [], borderColor: ACTIVE }] },
        options: chartOptions('', ''), plugins: [guides] });
      return { key, caption, canvas, chart };
    });
    this.historyKey = el('p', 'hint uv-marks');
    this.deathText = el('p', 'uv-death');
    this.pushText = el('p', 'uv-push');
    this.weights = el('div', 'uv-weights');
    container.append(histFigure, this.deathText, this.pushText, historyBox, this.historyKey, this.weights);
  }

  /** Draws a unit-map reply ({history, pre, weights}) of unit `cur` ({layer, unit, activation}). */
  update(reply, cur) {
    const { history, pre, weights } = reply;
    this.container.hidden = !history;
    if (!history) return;
    this.drawHistogram(pre, cur.activation);
    this.drawHistory(history);
    this.describeDeath(history);
    this.listWeights(weights, cur);
  }

  drawHistogram(z, activation) {
    const bins = histogram(z);
    let positive = 0, max = -Infinity;
    for (const v of z) { if (v > 0) positive++; if (v > max) max = v; }
    const set = this.hist.data.datasets[0];
    set.data = bins;
    set.backgroundColor = bins.map((b) => (b.from >= 0 ? ACTIVE : OFF));
    const part = gradientPart(activation);
    const o = this.hist.options;
    o.scales.x.min = bins[0].from;
    o.scales.x.max = bins.at(-1).to;
    o.scales.x.offset = false;
    o.scales.x.title.text = t('uvZ');
    o.scales.y.title.text = t('uvPoints');
    o.plugins.relulabGuides = { lines: [{ x: 0, color: '#222' }], shade: part };
    o.plugins.tooltip.callbacks = { title: (items) => `${num(items[0].raw.from)} … ${num(items[0].raw.to)}` };
    this.hist.update('none');
    this.histTitle.textContent = t('uvHistogram', { n: z.length });
    const summary = positive === 0 ? t('uvNonePositive', { n: z.length, max: num(max) })
      : t('uvPositive', { k: positive, n: z.length, max: num(max) });
    const passes = part ? ` ${t(activation.id === 'elu' ? 'uvGradientElu' : 'uvGradientLeaky')}` : '';
    this.histText.textContent = summary + passes;
    this.histCanvas.setAttribute('aria-label', `${t('uvHistogram', { n: z.length })}. ${summary}`);
    this.container.dataset.positive = String(positive);
    this.container.dataset.points = String(z.length);
  }

  drawHistory(h) {
    const lines = [];
    if (h.deathEpoch >= 0) lines.push({ x: h.deathEpoch, color: DEATH });
    for (const e of h.revivals) lines.push({ x: e, color: REVIVAL, dash: [5, 3] });
    const last = h.records.at(-1);
    for (const c of this.historyCharts) {
      const points = h.records.map((r) => ({ x: r.epoch, y: r[c.key] }));
      c.chart.data.datasets[0].data = points;
      const o = c.chart.options;
      o.scales.x.title.text = t('uvEpoch');
      o.scales.x.min = 0;
      o.scales.x.max = Math.max(1, last?.epoch ?? 1);
      if (c.key === 'activity') { o.scales.y.min = 0; o.scales.y.max = 1; }
      o.plugins.relulabGuides = { lines };
      c.chart.update('none');
      const label = t(HISTORY.find(([k]) => k === c.key)[1]);
      c.caption.textContent = label;
      const value = c.key === 'activity' ? pct(last?.[c.key] ?? 0, 1) : num(last?.[c.key] ?? 0);
      c.canvas.setAttribute('aria-label', t('uvHistoryAria', { what: label, n: h.records.length, value }));
    }
    this.historyKey.textContent = t('uvMarks');
  }

  describeDeath(h) {
    let text;
    if (!h.canDie) text = t('uvCannotDie');
    else if (h.deathEpoch === 0) text = t('uvBornDead');
    else if (h.deathEpoch > 0) text = t('uvDiedAt', { e: h.deathEpoch });
    else text = t('uvNotOff');
    if (h.revivalCount > 0) text += ` ${t('uvRevivals', { list: h.revivals.join(', '), n: h.revivalCount })}`;
    this.deathText.textContent = text;
    this.container.dataset.deathEpoch = String(h.deathEpoch);
    const p = h.push;
    if (h.deathEpoch > 0 && p.known) {
      let push = t('uvPush', { step: p.step + 1, epoch: p.epoch, lr: num(p.learningRate), db: num(p.biasChange),
        b: num(p.biasBefore), dw: num(p.weightChange), w: num(p.weightNormBefore), gb: num(p.gradBias), gw: num(p.gradNorm) });
      if (p.gradNorm === 0 && p.gradBias === 0) push += ` ${t('uvPushMomentum')}`;
      this.pushText.textContent = push;
    } else {
      this.pushText.textContent = h.deathEpoch > 0 ? t('uvPushUnknown') : '';
    }
    this.pushText.hidden = !this.pushText.textContent;
  }

  listWeights(w, cur) {
    if (!w) { this.weights.replaceChildren(); return; }
    const list = (title, entries) => {
      const section = el('div', 'uv-weight-list');
      section.append(el('h3', '', title));
      const ul = el('ul');
      for (const [k, v] of entries) {
        const li = el('li');
        li.append(el('span', 'uv-k', k), el('span', `uv-v ${v < 0 ? 'neg' : 'pos'}`, num(v)));
        ul.append(li);
      }
      section.append(ul);
      return section;
    };
    const incoming = [];
    w.incoming.forEach((row, k) => {
      const piece = w.incoming.length > 1 ? `${t('uvPiece', { k: k + 1 })} ` : '';
      row.forEach((v, i) => incoming.push([`${piece}w${i + 1}`, v]));
      incoming.push([`${piece}b`, w.bias[k]]);
    });
    const outgoing = w.outgoing.map((v, i) => [t('uvTo', { i: i + 1 }), v]);
    this.weights.replaceChildren(list(t('uvIncoming', { l: cur.layer }), incoming),
      list(t('uvOutgoing'), outgoing));
  }
}

/** Whether a unit with pre-activation z is on the shaded side: z > 0; for sigmoid and tanh the band
 *  where g' is at least BAND_SHARE of its peak; for abs never (both sides pass gradient). */
function activeSide(activation) {
  const band = BAND[activation.id];
  return (z) => (band !== undefined ? Math.abs(z) <= band : activation.id === 'abs' ? false : z > 0);
}

/**
 * For a first-layer unit on raw 2-D inputs: its line w.x + b = 0 on the map canvas (box: the data
 * box's half-width) with the side where it is active shaded (z > 0; for sigmoid and tanh the band
 * where g' is at least BAND_SHARE of its peak); nothing for maxout (one line per piece).
 */
export function drawUnitLine(canvas, weights, activation, box) {
  if (!weights?.raw || weights.incoming.length !== 1) return false;
  const [w1, w2] = weights.incoming[0];
  const b = weights.bias[0];
  if (!(Math.hypot(w1, w2) > 0)) return false;
  const ctx = canvas.getContext('2d');
  const W = canvas.width, H = canvas.height;
  const toX = (px) => -box + (px / W) * 2 * box, toY = (py) => box - (py / H) * 2 * box;
  const active = activeSide(activation);
  const cell = Math.max(2, Math.round(W / 90));
  ctx.save();
  ctx.fillStyle = 'rgba(27,127,95,0.22)';
  for (let py = 0; py < H; py += cell)
    for (let px = 0; px < W; px += cell)
      if (active(w1 * toX(px + cell / 2) + w2 * toY(py + cell / 2) + b)) ctx.fillRect(px, py, cell, cell);
  // The line, clipped to the box: two points on it from the larger of |w1|, |w2|.
  const toPx = (x) => ((x + box) / (2 * box)) * W, toPy = (y) => ((box - y) / (2 * box)) * H;
  const ends = Math.abs(w2) >= Math.abs(w1)
    ? [[-box, -(w1 * -box + b) / w2], [box, -(w1 * box + b) / w2]]
    : [[-(w2 * -box + b) / w1, -box], [-(w2 * box + b) / w1, box]];
  ctx.strokeStyle = '#111';
  ctx.lineWidth = Math.max(1.5, W / 130);
  ctx.setLineDash([6, 4]);
  ctx.beginPath();
  ctx.moveTo(toPx(ends[0][0]), toPy(ends[0][1]));
  ctx.lineTo(toPx(ends[1][0]), toPy(ends[1][1]));
  ctx.stroke();
  ctx.restore();
  return true;
}

/** The key under the map for the line drawn by drawUnitLine. */
export function unitLineKey(activation) {
  const band = BAND[activation.id];
  if (band !== undefined) return t('uvBandKey', { c: num(band) });
  return t(activation.id === 'abs' ? 'uvLineKeyAbs' : 'uvLineKey');
}

/**
 * For any unit of 2-D data: where it bends, from its z on the map's R x R grid (the core's, in image
 * order). The cells where z > 0 (sigmoid/tanh: the band where g' is at least BAND_SHARE of its peak;
 * abs: none, both sides pass gradient) are shaded, and a dot marks each crossing of z = 0 between
 * neighbouring cells, placed where z interpolates to 0: the unit's kink, a straight line in the first
 * layer on raw inputs, bent by the layers and input features before it otherwise. For maxout, zMap
 * holds the winning piece: each is coloured and the dots mark where the winner changes. Returns the
 * kind drawn ('bend', 'band', 'abs', 'pieces') or null; the canvas's data-bend-dots counts the dots.
 */
export function drawUnitBend(canvas, zMap, R, activation) {
  if (!zMap || zMap.length !== R * R) return null;
  const ctx = canvas.getContext('2d');
  const cw = canvas.width / R, ch = canvas.height / R;
  const maxout = activation.id === 'maxout';
  const band = BAND[activation.id];
  const active = activeSide(activation);
  ctx.save();
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < R; c++) {
      const v = zMap[r * R + c];
      if (maxout) ctx.fillStyle = `${OKABE_ITO[v % OKABE_ITO.length]}40`;
      else if (active(v)) ctx.fillStyle = 'rgba(27,127,95,0.22)';
      else continue;
      ctx.fillRect(c * cw, r * ch, cw + 0.5, ch + 0.5);
    }
  }
  // A crossing between cells a and b (centres): at the winner change's midpoint, or where z is 0.
  const at = (a, b) => (maxout ? 0.5 : a / (a - b));
  const differs = (a, b) => (maxout ? a !== b : (a > 0) !== (b > 0));
  const size = Math.max(1.5, Math.min(cw, ch) * 0.7);
  ctx.fillStyle = '#111';
  let dots = 0;
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < R; c++) {
      const v = zMap[r * R + c];
      if (c + 1 < R && differs(v, zMap[r * R + c + 1])) {
        ctx.fillRect((c + 0.5 + at(v, zMap[r * R + c + 1])) * cw - size / 2, (r + 0.5) * ch - size / 2, size, size);
        dots++;
      }
      if (r + 1 < R && differs(v, zMap[(r + 1) * R + c])) {
        ctx.fillRect((c + 0.5) * cw - size / 2, (r + 0.5 + at(v, zMap[(r + 1) * R + c])) * ch - size / 2, size, size);
        dots++;
      }
    }
  }
  ctx.restore();
  canvas.dataset.bendDots = String(dots);
  return maxout ? 'pieces' : band !== undefined ? 'band' : activation.id === 'abs' ? 'abs' : 'bend';
}

/** The key under the map for what drawUnitBend drew. */
export function unitBendKey(kind, activation) {
  if (kind === 'band') return t('uvBendKeyBand', { c: num(BAND[activation.id]) });
  return t({ bend: 'uvBendKey', abs: 'uvBendKeyAbs', pieces: 'uvPiecesKey' }[kind]);
}
