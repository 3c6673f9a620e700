// The lab's Chart.js charts: loss per activation over epochs (train solid, test dashed, with a
// log-scale option), the fraction of stuck units per activation (dead for ReLU, inactive for
// the leaky family, saturated for sigmoid/tanh, dead pieces for maxout) and the linear regions the
// training points fall in (piecewise-linear networks only; the core counts them every epoch). Long runs are thinned
// so a chart never holds more than ~1,500 points per line. Not the data: histories come from core.
import { t, name } from '../shared/i18n.js';
import { num, pct } from '../shared/format.js';
import { drawSwatch, styleOf } from '../shared/palette.js';

const MAX_POINTS = 1500;
/** Alpha (hex) of the lines of networks other than the highlighted one. */
const FADE = '30';

/** The fraction a network's failure mode shows in the second chart, from one history record. */
function stuckFraction(record, activation, maxoutK) {
  if (!record.totalUnits) return 0;
  switch (activation.failure) {
    case 'inactive': return record.inactive / record.totalUnits;
    case 'saturates': return record.saturated / record.totalUnits;
    case 'deadPieces': return record.deadPieces / (record.totalUnits * maxoutK);
    default: return record.dead / record.totalUnits;
  }
}

const failureKey = (activation) => `failure_${activation.failure}`;

/**
 * Draws each line's marker (its dataset's pointStyle) on about six of its points, at staggered
 * places so markers do not pile up. A plugin rather than a scriptable pointRadius: that would
 * make Chart.js resolve options for every one of up to 1,500 points per line on each update.
 */
const markers = {
  id: 'relulabMarkers',
  afterDatasetsDraw(chart) {
    const drawPoint = globalThis.Chart?.helpers?.drawPoint;
    if (!drawPoint) return;
    const { ctx, chartArea: area } = chart;
    ctx.save();
    chart.data.datasets.forEach((d, k) => {
      const meta = chart.getDatasetMeta(k);
      if (!chart.isDatasetVisible(k) || !d.pointStyle || meta.data.length < 2) return;
      const n = meta.data.length, step = Math.max(1, Math.floor(n / 6));
      ctx.strokeStyle = d.borderColor;
      ctx.fillStyle = d.borderColor;
      for (let i = (k * 5) % step; i < n; i += step) {
        const p = meta.data[i];
        if (!p || p.skip || !Number.isFinite(p.y) || p.y < area.top || p.y > area.bottom) continue;
        drawPoint(ctx, { pointStyle: d.pointStyle, radius: 3.5, borderWidth: 1.5, rotation: 0 }, p.x, p.y);
      }
    });
    ctx.restore();
  },
};

function baseOptions(yTitle) {
  return {
    animation: false, parsing: false, normalized: true, responsive: true, maintainAspectRatio: false,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    elements: { point: { radius: 0, hitRadius: 4 }, line: { borderWidth: 2, tension: 0 } },
    scales: {
      x: { type: 'linear', min: 0, title: { display: true, text: '' }, ticks: { maxTicksLimit: 8 } },
      y: { type: 'linear', title: { display: true, text: yTitle } },
    },
    // One HTML legend serves both charts (NetworkLegend): keyboard-reachable, and it highlights.
    plugins: { legend: { display: false } },
  };
}

export class LabCharts {
  constructor(lossCanvas, stuckCanvas, regionsCanvas, Chart) {
    this.Chart = Chart;
    // The text alternative of each chart: its latest values (the element named by aria-describedby).
    this.summaries = [lossCanvas, stuckCanvas, regionsCanvas].map((c) => document.getElementById(c.getAttribute('aria-describedby')));
    this.log = false;
    this.dirty = false;
    this.focus = null;   // index of the highlighted network, or null
    this.loss = new Chart(lossCanvas, { type: 'line', data: { datasets: [] }, options: baseOptions(''), plugins: [markers] });
    const stuckOptions = baseOptions('');
    stuckOptions.scales.y.min = 0;
    stuckOptions.scales.y.max = 1;
    stuckOptions.scales.y.ticks = { callback: (v) => `${Math.round(v * 100)}%` };
    this.stuck = new Chart(stuckCanvas, { type: 'line', data: { datasets: [] }, options: stuckOptions, plugins: [markers] });
    const regionsOptions = baseOptions('');
    regionsOptions.scales.y.min = 0;
    regionsOptions.scales.y.ticks = { precision: 0 };
    this.regions = new Chart(regionsCanvas, { type: 'line', data: { datasets: [] }, options: regionsOptions, plugins: [markers] });
    // A chart scrolled out of view is not redrawn (Chart.js redraws every line in full): it is
    // brought up to date when it comes into view. Until the observer reports, all count as in view.
    this.stale = new Set();
    this.offScreen = new Set();
    this.observer = typeof IntersectionObserver === 'function' ? new IntersectionObserver((entries) => {
      for (const e of entries) {
        const chart = this.charts.find((c) => c.canvas === e.target);
        if (!chart) continue;
        if (e.isIntersecting) this.offScreen.delete(chart); else this.offScreen.add(chart);
      }
      this.flush();
    }) : null;
    for (const c of this.charts) this.observer?.observe(c.canvas);
  }

  /** The three charts, in the order of their text alternatives. */
  get charts() { return [this.loss, this.stuck, this.regions]; }

  /** Starts empty charts for these networks. */
  reset(activations, maxoutK) {
    this.activations = activations;
    this.maxoutK = maxoutK;
    this.stride = 1;
    // Each activation's own colour and marker (and dash in the stuck chart); in the loss chart
    // the dash tells training (solid) from test (dashed), the marker tells the networks apart.
    const look = (a) => {
      const s = styleOf(a.id);
      return { borderColor: s.color, backgroundColor: s.color, pointStyle: s.marker, label: '' };
    };
    this.loss.data.datasets = activations.flatMap((a) => [
      { data: [], ...look(a), borderDash: [] },
      { data: [], ...look(a), borderDash: [6, 4], borderWidth: 1.5 },
    ]);
    this.stuck.data.datasets = activations.map((a) => ({ data: [], ...look(a), borderDash: styleOf(a.id).dash }));
    // Curved networks have no regions: their lines stay empty (and out of the text alternative).
    this.regions.data.datasets = activations.map((a) => ({ data: [], ...look(a), borderDash: styleOf(a.id).dash }));
    this.focus = null;
    this.relabel();
  }

  /** Adds history records ([records per network]). */
  append(histories) {
    histories.forEach((records, i) => {
      const [train, test] = [this.loss.data.datasets[2 * i], this.loss.data.datasets[2 * i + 1]];
      const stuck = this.stuck.data.datasets[i];
      const regions = this.activations[i]?.piecewiseLinear ? this.regions.data.datasets[i] : null;
      if (!train) return;
      for (const r of records) {
        if (r.epoch % this.stride !== 0) continue;
        const last = train.data[train.data.length - 1];
        if (last && last.x >= r.epoch) continue;
        const ok = (v) => (Number.isFinite(v) ? v : null);
        train.data.push({ x: r.epoch, y: ok(r.trainLoss) });
        test.data.push({ x: r.epoch, y: ok(r.testLoss) });
        stuck.data.push({ x: r.epoch, y: stuckFraction(r, this.activations[i], this.maxoutK) });
        regions?.data.push({ x: r.epoch, y: r.regions });
      }
    });
    if ((this.loss.data.datasets[0]?.data.length ?? 0) > MAX_POINTS) this.thin();
    this.dirty = true;
  }

  /** Keeps every other point and doubles the stride for new ones. */
  thin() {
    this.stride *= 2;
    const keep = (d) => { d.data = d.data.filter((p) => p.x % this.stride === 0); };
    this.charts.forEach((c) => c.data.datasets.forEach(keep));
  }

  setLog(log) {
    this.log = log;
    this.loss.options.scales.y.type = log ? 'logarithmic' : 'linear';
    this.dirty = true;
    this.render();
  }

  relabel() {
    this.loss.data.datasets.forEach((d, k) => {
      const a = this.activations[k >> 1];
      d.label = `${name(a)} (${t(k % 2 ? 'testSeries' : 'trainSeries')})`;
    });
    this.stuck.data.datasets.forEach((d, i) => { d.label = `${name(this.activations[i])} (${t(failureKey(this.activations[i]))})`; });
    this.regions.data.datasets.forEach((d, i) => { d.label = name(this.activations[i]); });
    for (const c of this.charts) c.options.scales.x.title.text = t('epoch');
    this.regions.options.scales.y.title.text = t('regionsAxis');
    this.loss.options.scales.y.title.text = t(this.log ? 'lossAxisLog' : 'lossAxis');
    this.stuck.options.scales.y.title.text = t('stuckAxis');
    this.dirty = true;
    this.render();
  }

  /** Highlights network `index` in both charts (the others fade to FADE of their colour), or none. */
  highlight(index) {
    this.focus = index ?? null;
    const paint = (d, i, width) => {
      const color = styleOf(this.activations[i].id).color;
      const faded = this.focus !== null && this.focus !== i;
      d.borderColor = d.backgroundColor = faded ? `${color}${FADE}` : color;
      d.borderWidth = this.focus === i ? width + 1.5 : width;
      d.order = this.focus === i ? -1 : 0;   // drawn on top
    };
    this.loss.data.datasets.forEach((d, k) => paint(d, k >> 1, k % 2 ? 1.5 : 2));
    this.stuck.data.datasets.forEach((d, i) => paint(d, i, 2));
    this.regions.data.datasets.forEach((d, i) => paint(d, i, 2));
    this.dirty = true;
    this.render();
  }

  /** Redraws if anything changed since the last render: the charts in view (all with force). */
  render({ force = false } = {}) {
    if (this.dirty) {
      this.dirty = false;
      this.loss.options.scales.y.title.text = t(this.log ? 'lossAxisLog' : 'lossAxis');
      for (const c of this.charts) this.stale.add(c);
      this.describe();
    }
    this.flush(force);
  }

  /** Updates the stale charts that are in view (all of them with force). */
  flush(force = false) {
    for (const c of this.stale) {
      if (!force && this.offScreen.has(c)) continue;
      this.stale.delete(c);
      c.update('none');
    }
  }

  /** Writes the latest values of every line into the charts' text alternatives. */
  describe() {
    if (!this.activations || !this.summaries[0]) return;
    const last = (d) => d?.data[d.data.length - 1];
    const epoch = last(this.loss.data.datasets[0])?.x;
    if (epoch === undefined) { this.summaries.forEach((p) => { if (p) p.textContent = ''; }); return; }
    const loss = this.activations.map((a, i) => t('chartLossValue', { name: name(a),
      train: num(last(this.loss.data.datasets[2 * i])?.y), test: num(last(this.loss.data.datasets[2 * i + 1])?.y) }));
    const stuck = this.activations.map((a, i) => `${name(a)}: ${pct(last(this.stuck.data.datasets[i])?.y, 1)}`);
    const regions = this.activations.flatMap((a, i) => (a.piecewiseLinear ? [`${name(a)}: ${last(this.regions.data.datasets[i])?.y ?? '—'}`] : []));
    const text = [loss, stuck, regions].map((values) => t('chartLatest', { epoch, values: values.join('; ') }));
    this.summaries.forEach((p, k) => { if (p && p.textContent !== text[k]) p.textContent = text[k]; });
  }
}

/**
 * The networks' legend, shared by both charts and listed in card order: each entry shows the
 * network's line (colour, dash, marker) and name. Pointing at an entry or moving focus to it
 * highlights that network (its lines in both charts, its card); a click, Enter or Space keeps the
 * highlight until the entry is pressed again or Escape is pressed. One tab stop: the arrow keys,
 * Home and End move between entries (roving tabindex, as in the unit strips).
 */
export class NetworkLegend {
  /** onHighlight(index | null) is called whenever the highlighted network changes. */
  constructor(list, onHighlight) {
    this.list = list;
    this.onHighlight = onHighlight;
    this.pinned = null;
    this.shown = null;
    this.buttons = [];
    list.addEventListener('keydown', (e) => this.onKey(e));
    list.addEventListener('mouseleave', () => this.show(this.pinned));
    list.addEventListener('focusout', (e) => { if (!list.contains(e.relatedTarget)) this.show(this.pinned); });
  }

  /** Rebuilds the entries for a new run (no highlight). */
  build(activations) {
    this.activations = activations;
    this.pinned = null;
    this.shown = null;
    this.buttons = activations.map((a, i) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'net-entry';
      b.tabIndex = i === 0 ? 0 : -1;
      b.setAttribute('aria-pressed', 'false');
      const swatch = document.createElement('canvas');
      swatch.className = 'swatch';
      swatch.setAttribute('aria-hidden', 'true');
      drawSwatch(swatch, a.id);
      const label = document.createElement('span');
      b.append(swatch, label);
      b.addEventListener('mouseenter', () => this.show(i));
      b.addEventListener('focus', () => this.show(i));
      b.addEventListener('click', () => this.pin(this.pinned === i ? null : i));
      const item = document.createElement('li');
      item.append(b);
      return b;
    });
    this.list.replaceChildren(...this.buttons.map((b) => b.parentElement));
    this.relabel();
  }

  /** Keeps network `index` highlighted (null: none). */
  pin(index) {
    this.pinned = index;
    this.buttons.forEach((b, i) => b.setAttribute('aria-pressed', String(i === index)));
    this.show(index);
  }

  show(index) {
    if (index === this.shown) return;
    this.shown = index;
    this.onHighlight(index);
  }

  onKey(e) {
    if (e.key === 'Escape') { if (this.pinned !== null) { e.preventDefault(); this.pin(null); } return; }
    const i = this.buttons.indexOf(document.activeElement);
    if (i < 0) return;
    const n = this.buttons.length;
    const next = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: n - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const b = this.buttons[Math.max(0, Math.min(n - 1, next))];
    for (const x of this.buttons) x.tabIndex = x === b ? 0 : -1;
    b.focus();
  }

  relabel() {
    this.list.setAttribute('aria-label', t('netLegendLabel'));
    this.buttons.forEach((b, i) => {
      b.lastChild.textContent = name(this.activations[i]);
      b.title = t('netLegendHint');
    });
  }
}
