// Tables and Chart.js configs for the lessons' study results, one view per study kind, built
// with DOM calls (textContent only, never innerHTML). Returns {nodes, charts}; the page inserts
// the nodes and creates the charts. Not the studies (studies.js) and not the page (lesson-page.js).
import { pct, fixed, sci } from '../shared/format.js';
import { mean, interval95 } from './study-tools.js';
import { lineColor } from '../shared/palette.js';
import { el } from '../shared/dom.js';


function table(caption, head, rows) {
  const t = el('table', { class: 'data' }, [el('caption', {}, caption),
    el('thead', {}, el('tr', {}, head.map((h) => el('th', { scope: 'col' }, h))))]);
  const body = el('tbody');
  for (const row of rows) {
    body.append(el('tr', {}, row.map((c, i) => {
      const cell = c && typeof c === 'object' && 'text' in c ? c : { text: c };
      return el(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, class: cell.class }, cell.text);
    })));
  }
  t.append(body);
  return el('div', { class: 'table-wrap' }, t);
}

function chart(caption, config, { tall = false, controls = null } = {}) {
  const canvas = el('canvas', { role: 'img', 'aria-label': caption });
  const figure = el('figure', { class: 'chart-box' }, [el('figcaption', {}, caption)]);
  if (controls) figure.append(controls);
  figure.append(el('div', { class: `chart-wrap${tall ? ' tall' : ''}` }, canvas));
  return { node: figure, canvas, config };
}

const baseOptions = (xTitle, yTitle, extra = {}) => ({
  animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
  interaction: { mode: 'nearest', intersect: false },
  elements: { point: { radius: 0, hitRadius: 5 }, line: { borderWidth: 2 } },
  scales: {
    x: { type: 'linear', title: { display: true, text: xTitle }, ...extra.x },
    y: { type: 'linear', title: { display: true, text: yTitle }, ...extra.y },
  },
  plugins: { legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 3 } } },
});
const line = (label, data, i, more = {}) => ({ label, data, borderColor: lineColor(i), backgroundColor: lineColor(i), ...more });
const bars = (labels, datasets, yTitle) => ({
  type: 'bar', data: { labels, datasets },
  options: { animation: false, responsive: true, maintainAspectRatio: false,
    scales: { y: { beginAtZero: true, title: { display: true, text: yTitle } } },
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 14 } } } },
});
// Spread across seeds: a dataset may carry `spread`, one [lo, hi] (or null) per data point. A
// connected line gets a shaded band from lo to hi under it; bars, unconnected points and lone
// entries get a whisker with caps (a white halo keeps it visible on a dark bar). What it drew is
// kept on the chart as $spread (the browser test reads it).
const rgba = (hex, a) => (/^#[0-9a-f]{6}$/i.test(hex) ? `rgba(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')}, ${a})` : hex);
const minMax = (xs) => [Math.min(...xs), Math.max(...xs)];
function drawSpread(chart, pass) {
  const { ctx, chartArea: area } = chart;
  if (pass === 'band') chart.$spread = { bands: 0, whiskers: 0, values: 0 };
  chart.data.datasets.forEach((ds, i) => {
    if (!ds.spread || !chart.isDatasetVisible(i)) return;
    const meta = chart.getDatasetMeta(i);
    const yScale = chart.scales[meta.yAxisID];
    const py = (v) => {
      const p = yScale.getPixelForValue(v);
      return Number.isFinite(p) ? Math.min(Math.max(p, area.top), area.bottom) : area.bottom;
    };
    const ok = (j) => Array.isArray(ds.spread[j]) && ds.spread[j].every(Number.isFinite) && meta.data[j];
    const banded = meta.type === 'line' && ds.showLine !== false;
    const color = meta.type === 'bar' ? '#333333' : (ds.borderColor ?? '#333333');
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left - 8, area.top, area.right - area.left + 16, area.bottom - area.top);   // whiskers at the ends stay whole
    ctx.clip();
    for (let j = 0; j < ds.spread.length; j++) {
      if (!ok(j)) continue;
      let end = j;
      while (banded && ok(end + 1)) end++;
      if (end > j && pass === 'band') {
        ctx.beginPath();
        for (let k = j; k <= end; k++) ctx[k === j ? 'moveTo' : 'lineTo'](meta.data[k].x, py(ds.spread[k][1]));
        for (let k = end; k >= j; k--) ctx.lineTo(meta.data[k].x, py(ds.spread[k][0]));
        ctx.closePath();
        ctx.fillStyle = rgba(color, 0.14);
        ctx.fill();
        chart.$spread.bands++;
        chart.$spread.values += 2 * (end - j + 1);
      } else if (end === j && pass === 'whisker') {
        const x = meta.data[j].x, lo = py(ds.spread[j][0]), hi = py(ds.spread[j][1]);
        const cap = meta.type === 'bar' ? Math.min(6, (meta.data[j].width ?? 12) / 4) : 5;
        const path = () => { ctx.beginPath(); ctx.moveTo(x, lo); ctx.lineTo(x, hi); ctx.moveTo(x - cap, lo); ctx.lineTo(x + cap, lo);
          ctx.moveTo(x - cap, hi); ctx.lineTo(x + cap, hi); };
        ctx.setLineDash([]);
        path(); ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)'; ctx.lineWidth = 4; ctx.stroke();
        path(); ctx.strokeStyle = color; ctx.lineWidth = 1.5; ctx.stroke();
        chart.$spread.whiskers++;
        chart.$spread.values += 2;
      }
      j = end;
    }
    ctx.restore();
  });
}
// The value axis grows to hold the ranges too (unless the chart fixes its ends).
function fitSpread(chart, { scale }) {
  if (scale.axis !== 'y') return;
  for (const [i, ds] of chart.data.datasets.entries()) {
    if (!ds.spread || !chart.isDatasetVisible(i) || chart.getDatasetMeta(i).yAxisID !== scale.id) continue;
    for (const v of ds.spread.flat()) {
      if (!Number.isFinite(v) || (scale.type === 'logarithmic' && v <= 0)) continue;
      if (scale.options.max === undefined && v > scale.max) scale.max = v;
      if (scale.options.min === undefined && v < scale.min) scale.min = v;
    }
  }
}
export const spreadPlugin = { id: 'spread', afterDataLimits: fitSpread, beforeDatasetsDraw: (chart) => drawSpread(chart, 'band'),
  afterDatasetsDraw: (chart) => drawSpread(chart, 'whisker') };
const withSpread = (config) => ({ ...config, plugins: [...(config.plugins ?? []), spreadPlugin] });
const range = (xs) => `${Math.min(...xs)}–${Math.max(...xs)}`;

// ---- lesson 12's plot: the first-layer units of the trained networks over their output
/** The segment of the line w·x + b = c inside the square [−B, B]² (data coordinates), or null. */
export function lineInBox([w1, w2], b, c, B) {
  const pts = [];
  const add = (x, y) => {
    if (Math.abs(x) <= B + 1e-9 && Math.abs(y) <= B + 1e-9 && !pts.some((q) => Math.hypot(q[0] - x, q[1] - y) < 1e-9)) pts.push([x, y]);
  };
  if (w2 !== 0) for (const x of [-B, B]) add(x, (c - b - w1 * x) / w2);
  if (w1 !== 0) for (const y of [-B, B]) add((c - b - w2 * y) / w1, y);
  return pts.length >= 2 ? [pts[0], pts[1]] : null;
}
const SIZE = 300;   // canvas pixels per side
/**
 * One activation's panel: the network's output on the box grid as a faint background (blue:
 * class 0, orange: class 1), the training points, each first-layer unit's line w·x + b = 0 and its
 * active side shaded (ReLU: z > 0; tanh, sigmoid: |z| ≤ z*, g′ at least `fraction` of its
 * maximum). `focus` null draws all units (darker where more overlap), a unit index only that one
 * with its band edges (dashed: ±z*, dotted: where g′ falls to the saturation threshold τ). What
 * it drew is kept on the canvas as $drawn (the browser test reads it).
 */
function drawUnits(canvas, r, a, focus) {
  const ctx = canvas.getContext('2d');
  const B = r.box, net = r.drawn.nets[a];
  const band = a !== 'relu';
  const edge = r.edges[a];
  const toX = (x) => ((x + B) / (2 * B)) * SIZE, toY = (y) => ((B - y) / (2 * B)) * SIZE;
  const img = ctx.createImageData(SIZE, SIZE);
  const side = r.side;
  const units = net.units.map((u) => ({ ...u, inside: 0 }));
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      const x = -B + ((px + 0.5) / SIZE) * 2 * B, y = B - ((py + 0.5) / SIZE) * 2 * B;
      const j = Math.round(((x + B) / (2 * B)) * (side - 1)), i = Math.round(((y + B) / (2 * B)) * (side - 1));
      const out = net.output[i * side + j];
      let count = 0;
      units.forEach((u, k) => {
        const z = u.w[0] * x + u.w[1] * y + u.b;
        const on = band ? Math.abs(z) <= edge : z > 0;
        if (on) { u.inside++; if (focus === null || focus === k) count++; }
      });
      const shade = focus === null ? Math.min(0.75, 0.11 * count) : count ? 0.45 : 0;
      const base = out >= 0.5 ? [252, 226, 196] : [214, 228, 246];
      const o = 4 * (py * SIZE + px);
      for (let c = 0; c < 3; c++) img.data[o + c] = Math.round(base[c] * (1 - shade) + [60, 60, 60][c] * shade);
      img.data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  ctx.lineWidth = 1;
  r.drawn.points.y.forEach((label, n) => {
    ctx.fillStyle = label ? '#b35900' : '#1f5fa8';
    ctx.beginPath();
    ctx.arc(toX(r.drawn.points.x[2 * n]), toY(r.drawn.points.x[2 * n + 1]), 1.8, 0, 2 * Math.PI);
    ctx.fill();
  });
  const stroke = (seg, width, dash, color) => {
    if (!seg) return;
    ctx.beginPath();
    ctx.setLineDash(dash);
    ctx.moveTo(toX(seg[0][0]), toY(seg[0][1]));
    ctx.lineTo(toX(seg[1][0]), toY(seg[1][1]));
    ctx.lineWidth = width;
    ctx.strokeStyle = color;
    ctx.stroke();
  };
  const drawn = units.map((u, k) => {
    const line = lineInBox(u.w, u.b, 0, B);
    const shown = focus === null || focus === k;
    if (shown) stroke(line, focus === null ? 1.5 : 2.5, [], '#111111');
    if (shown && band && focus !== null) {
      for (const c of [-edge, edge]) stroke(lineInBox(u.w, u.b, c, B), 1.5, [6, 4], '#111111');
      for (const c of [-r.saturationEdges[a], r.saturationEdges[a]]) stroke(lineInBox(u.w, u.b, c, B), 1.5, [1, 3], '#111111');
    }
    return { w: u.w, b: u.b, line, shown, region: band ? 'band' : 'half-plane', edge: band ? edge : 0, share: u.inside / (SIZE * SIZE) };
  });
  ctx.setLineDash([]);
  canvas.$drawn = { activation: a, box: B, size: SIZE, focus, units: drawn };
}

function unitPlots(r, { t, act }) {
  const n = r.drawn.nets[r.activations[0]].units.length;
  const select = el('select', { id: 'pick-unit' }, [el('option', { value: '' }, t('allUnits')),
    ...Array.from({ length: n }, (_, k) => el('option', { value: String(k) }, t('unitN', { n: k + 1 })))]);
  const panels = r.activations.map((a) => {
    const region = a === 'relu' ? t('regionHalf')
      : t('regionBand', { edge: fixed(r.edges[a], 1), fraction: fixed(r.fraction, 1), tau: r.tau, saturation: fixed(r.saturationEdges[a], 1) });
    const alt = t('unitPlotAlt', { name: act(a), n, seed: r.drawn.seed, epochs: r.epochs, region });
    const canvas = el('canvas', { width: SIZE, height: SIZE, role: 'img', 'aria-label': alt, 'data-activation': a });
    drawUnits(canvas, r, a, null);
    return { a, canvas, node: el('figure', { class: 'unit-plot' }, [el('figcaption', {}, act(a)), canvas]) };
  });
  select.addEventListener('change', () => {
    const focus = select.value === '' ? null : Number(select.value);
    for (const p of panels) drawUnits(p.canvas, r, p.a, focus);
  });
  // The text alternative in full: every drawn line with its region, per activation.
  const rows = r.activations.flatMap((a) => r.drawn.nets[a].units.map((u, k) => [`${act(a)} · ${t('unitN', { n: k + 1 })}`,
    fixed(u.w[0]), fixed(u.w[1]), fixed(u.b), a === 'relu' ? t('halfPlane') : fixed((2 * r.edges[a]) / Math.hypot(...u.w))]));
  const lines = el('details', { class: 'unit-lines' }, [el('summary', {}, t('unitLinesSummary')),
    table(t('unitLinesCaption', { seed: r.drawn.seed, epochs: r.epochs }), [t('colUnit'), 'w₁', 'w₂', 'b', t('colBandWidth')], rows)]);
  return el('figure', { class: 'chart-box wide unit-plots-box' }, [
    el('figcaption', {}, t('unitPlotCaption', { seed: r.drawn.seed, epochs: r.epochs, n })),
    el('label', { class: 'chart-controls' }, [t('pickUnit'), ' ', select]),
    el('div', { class: 'unit-plots' }, panels.map((p) => p.node)),
    el('p', { class: 'note' }, t('unitPlotKey', { tau: r.tau })), lines]);
}

// ---- one view per study kind: (result, ctx) -> {nodes, charts}; ctx = {t, act, data, lesson}
const VIEWS = {
  dying(r, { t, act }) {
    const rows = r.activations.map((a) => {
      const p = r.per[a];
      const ci = interval95(p.dead.map((d) => d / p.total));
      return [act(a), `${pct(p.deadFraction.mean)} (${pct(Math.max(0, ci.lo))}–${pct(ci.hi)}; ${range(p.dead)} / ${p.total})`, fixed(p.inactiveMean, 1),
        `${p.diverged} / ${r.seeds.length}`, pct(p.testAccuracy.mean, 1)];
    });
    // The band: lowest to highest share over the seeds at every epoch (each run's own curve).
    const at = (a, epoch) => {
      const xs = r.runs.filter((x) => x.activation === a && epoch < x.stuck.length).map((x) => x.stuck[epoch]);
      return xs.length ? minMax(xs) : null;
    };
    const c = chart(t('chartStuck') + t('spreadEvery'), withSpread({ type: 'line', data: { datasets: r.activations.map((a, i) =>
      line(act(a), r.curve[i].map((y, x) => ({ x, y })), i, { spread: r.curve[i].map((_, x) => at(a, x)) })) },
    options: baseOptions(t('epoch'), '', { y: { min: 0 } }) }));
    return [table(t('seedsEpochs', { seeds: r.seeds.length, epochs: r.epochs }), [t('colActivation'), t('colDead'), t('colInactive'),
      t('colDiverged'), t('colTestAcc')], rows), c];
  },

  biasStart(r, { t }) {
    const rows = r.rows.map((x) => [String(x.biasInit), pct(x.deadAtInit), pct(x.deadAfter), `${x.bornDead} / ${r.seeds.length}`,
      `${pct(x.testAccuracy.mean, 1)} (${pct(interval95(x.runs.map((run) => run.testAccuracy)).lo, 1)}–${pct(Math.min(1, interval95(x.runs.map((run) => run.testAccuracy)).hi), 1)}) / ${pct(x.testAccuracy.median, 1)}`]);
    return [table(t('seedsEpochs', { seeds: r.seeds.length, epochs: r.epochs }), [t('colBias'), t('colDeadStart'), t('colDeadEnd'),
      t('colBornDead'), t('colAccMeanMedian')], rows)];
  },

  bornDead(r, { t, act }) {
    const cell = (w, d) => r.grid.find((g) => g.width === w && g.depth === d);
    const grid = table(t('tableBornDead', { n: r.seeds }), [t('colWidth'), ...r.depths.map((d) => t('depthN', { n: d }))],
      r.widths.map((w) => [String(w), ...r.depths.map((d) => ({ text: pct(cell(w, d).bornDead), class: cell(w, d).bornDead === 0 ? 'weak' : null }))]));
    const c = chart(t('chartBornDead'), { type: 'line', data: { datasets: r.widths.map((w, i) =>
      line(t('widthN', { n: w }), r.depths.map((d) => ({ x: d, y: cell(w, d).bornDead })), i, { pointRadius: 3 })) },
    options: baseOptions(t('depth'), '', { x: { ticks: { stepSize: 1 } }, y: { min: 0, max: 1 } }) });
    const acts = [...new Set(r.trained.runs.map((x) => x.activation))];
    const trained = table(t('tableTrained', { width: r.trained.hidden[0], depth: r.trained.hidden.length, epochs: r.trained.epochs, n: r.trained.seeds.length }),
      [t('colActivation'), t('colTestAcc'), t('colLearned', { target: pct(r.trained.learnedAt) })], acts.map((a) => {
        const runs = r.trained.runs.filter((x) => x.activation === a);
        return [act(a), pct(runs.reduce((s, x) => s + x.testAccuracy, 0) / runs.length, 1),
          `${runs.filter((x) => x.testAccuracy >= r.trained.learnedAt).length} / ${runs.length}`];
      }));
    return [grid, c, trained];
  },

  gradients(r, { t, act }) {
    const [first, second] = r.checkpoints;
    const datasets = [];
    r.activations.forEach((a, i) => {
      for (const [c, dash] of [[first, []], [second, [6, 4]]]) {
        const runs = r.runs.filter((x) => x.activation === a);
        datasets.push(line(t('atEpoch', { name: act(a), n: c }), r.per[a].meanNorms[c].map((y, l) => ({ x: l + 1, y })), i,
          { borderDash: dash, pointRadius: 3, spread: r.per[a].meanNorms[c].map((_, l) => minMax(runs.map((x) => x.norms[c][l]))) }));
      }
    });
    const c = chart(t('chartGrad') + t('spreadBand'), withSpread({ type: 'line', data: { datasets },
      options: baseOptions(t('hiddenLayer'), '‖∂L/∂W‖', { x: { ticks: { stepSize: 1 } }, y: { type: 'logarithmic' } }) }), { tall: true });
    const at = [1, 10, r.epochs];
    const rows = r.activations.map((a) => [act(a), r.per[a].ratios.map((x) => sci(x)).join(', '),
      ...at.map((n) => pct(r.per[a].accuracy[n], 1))]);
    return [c, table(t('seedsN', { n: r.seeds.length }), [t('colActivation'), t('colRatio'), ...at.map((n) => t('colAccAt', { n }))], rows)];
  },

  sparsity(r, { t, act }) {
    const rows = r.activations.map((a) => {
      const p = r.per[a];
      const dead = p.dead.map((d) => d.reduce((x, y) => x + y, 0)).join(' / ');
      return [act(a), p.zeros.map((z) => pct(z)).join(' / '), pct(p.negative[0]), dead, pct(p.testAccuracy.mean, 1)];
    });
    const hist = new Array(r.width + 1).fill(0);
    for (const run of r.runs) if (run.perSample) run.perSample.forEach((n, i) => { hist[i] += n; });
    const c = chart(t('chartSilent'), bars(hist.map((_, i) => t('silentN', { n: i })),
      [{ label: t('points'), data: hist, backgroundColor: lineColor(0) }], t('points')));
    return [table(t('seedsEpochs', { seeds: r.seeds.length, epochs: r.epochs }), [t('colActivation'), t('colZeros'), t('colNegative'),
      t('colDeadLayers'), t('colTestAcc')], rows), c];
  },

  preluSlopes(r, { t }) {
    const seed = r.seeds[0];
    const perUnit = r.runs.find((x) => !x.shared && x.seed === seed);
    const shared = r.runs.find((x) => x.shared && x.seed === seed);
    const datasets = [];
    const inLegend = new Set();   // one entry per layer of per-unit lines, and the shared lines
    perUnit.trajectory[0].slopes.forEach((layer, l) => layer.forEach((_, u) => {
      if (u === 0) inLegend.add(datasets.length);
      datasets.push(line(t(u === 0 ? 'slopeLayer' : 'slopeUnit', { l: l + 1, u: u + 1 }), perUnit.trajectory.map((s) => ({ x: s.epoch, y: s.slopes[l][u] })), l,
        { borderWidth: 1.5 }));
    }));
    shared.trajectory[0].slopes.forEach((_, l) => {
      inLegend.add(datasets.length);
      datasets.push(line(t('slopeShared', { l: l + 1 }), shared.trajectory.map((s) => ({ x: s.epoch, y: s.slopes[l][0] })), l + 2,
        { borderWidth: 4, borderDash: [8, 5] }));
    });
    const options = baseOptions(t('epoch'), t('slope'));
    options.plugins.legend.labels.filter = (item) => inLegend.has(item.datasetIndex);
    const c = chart(t('chartSlopes', { seed }), { type: 'line', data: { datasets }, options }, { tall: true });
    const last = (run) => run.trajectory[run.trajectory.length - 1].slopes;
    const rows = r.seeds.map((s) => {
      const pu = last(r.runs.find((x) => !x.shared && x.seed === s)).flat();
      const sh = last(r.runs.find((x) => x.shared && x.seed === s)).map((l) => fixed(l[0]));
      return [String(s), `${fixed(Math.min(...pu))} … ${fixed(Math.max(...pu))}`, sh.join(' / ')];
    });
    return [c, table(t('epochsN', { n: r.epochs }), [t('colSeed'), t('colSlopeRange'), t('colShared')], rows)];
  },

  widthSweep(r, { t, act }) {
    const cell = (w, a) => r.cells.find((c) => c.width === w && c.activation === a);
    const rows = r.widths.map((w) => [String(w), ...r.activations.map((a) => ({
      text: t('cellReached', { mean: pct(cell(w, a).mean, 1), n: cell(w, a).reached, total: r.seeds.length, target: pct(r.target) }),
      class: cell(w, a).reached === r.seeds.length ? 'best' : null }))]);
    const c = chart(t('chartWidth') + t('spreadBand'), withSpread({ type: 'line', data: { datasets: r.activations.map((a, i) =>
      line(act(a), r.widths.map((w) => ({ x: w, y: cell(w, a).mean })), i, { pointRadius: 4, spread: r.widths.map((w) => minMax(cell(w, a).accuracy)) })) },
    options: baseOptions(t('units'), '', { x: { ticks: { stepSize: 1 } }, y: { max: 1 } }) }));
    return [table(t('seedsEpochs', { seeds: r.seeds.length, epochs: r.epochs }), [t('colUnits'), ...r.activations.map(act)], rows), c];
  },

  maxoutPieces(r, { t, data }) {
    const row = (d, k) => r.rows.find((x) => x.dataset === d && x.k === k);
    const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
    const [absSet, squareSet] = r.datasets;
    const rows = r.ks.map((k) => [String(k), sci(row(absSet, k).loss.median), String(median(row(absSet, k).deadPieces)),
      sci(row(squareSet, k).loss.median), sci(row(squareSet, k).reference), String(median(row(squareSet, k).deadPieces))]);
    const tbl = table(t('seedsEpochs', { seeds: r.seeds.length, epochs: r.epochs }), [t('colK'),
      t('colMedianError', { name: data(absSet) }), t('colDeadPieces', { name: data(absSet) }),
      t('colMedianError', { name: data(squareSet) }), t('colReference', { name: data(squareSet) }),
      t('colDeadPieces', { name: data(squareSet) })], rows);
    // The chart of one k at a time, picked with a select; the groups figure follows the pick.
    const select = el('select', { id: 'pick-k' }, r.ks.map((k) => el('option', { value: k }, String(k))));
    const pickLabel = el('label', { class: 'chart-controls' }, [t('pickK'), ' ', select]);
    const xs = Array.from({ length: r.resolution }, (_, c) => -r.box + (c + 0.5) * 2 * r.box / r.resolution);
    const configFor = (k) => {
      const ex = row(squareSet, k).example;
      const pts = r.points[squareSet];
      // Drawing order: pieces on top (order 0), then the network's curve, then the data.
      const datasets = [
        { type: 'scatter', label: t('data'), data: pts.x.map((x, i) => ({ x, y: pts.y[i] })), backgroundColor: '#b8bec8', pointRadius: 2, order: 2 },
        line(t('networkOutput'), xs.map((x, c) => ({ x, y: ex.curve[c] })), 0, { borderWidth: 5, borderColor: 'rgba(0,0,0,0.35)', order: 1 }),
        ...ex.pieces.map((p, j) => line(t('pieceN', { j: j + 1 }), xs.map((x) => ({ x, y: p.slope * x + p.intercept })), j + 1,
          { borderDash: [6, 4], borderWidth: 2, order: 0 })),
      ];
      return { type: 'line', data: { datasets }, options: baseOptions('x', 'y', { y: { min: -3, max: 6 } }) };
    };
    const c = chart(t('chartPieces', { k: r.ks[0] }), configFor(r.ks[0]), { tall: true, controls: pickLabel });
    const groups = el('div', { class: 'groups-box' });
    const drawGroups = (k) => {
      const ex = row(squareSet, k).example;
      const pieces = ex.pieceWins.map((w, j) => el('span', { class: `piece${w === 0 ? ' dead' : ''}`, title: w === 0 ? t('deadPiece') : null },
        [`z${j + 1}`, el('span', { class: 'wins' }, t('wins', { n: w }))]));
      // The general case beside it: a layer of `units` maxout units with `k` pieces each.
      const units = 2, k3 = 3;
      const two = Array.from({ length: units }, (_, u) => el('div', { class: 'group' }, [el('div', { class: 'pieces' },
        Array.from({ length: k3 }, (__, j) => el('span', { class: 'piece' }, `z${u * k3 + j + 1}`))), el('div', { class: 'unit' }, `h${u + 1} = max`)]));
      groups.replaceChildren(el('p', { class: 'note' }, t('groupsCaption', { k })),
        el('div', { class: 'groups' }, el('div', { class: 'group' }, [el('div', { class: 'pieces' }, pieces), el('div', { class: 'unit' }, 'h₁ = max')])),
        el('p', { class: 'note' }, t('groupsTwo', { units, k: k3, total: units * k3 })), el('div', { class: 'groups' }, two));
    };
    drawGroups(r.ks[0]);
    c.onPick = (chartObj) => select.addEventListener('change', () => {
      const k = Number(select.value);
      const next = configFor(k);
      chartObj.data.datasets = next.data.datasets;
      chartObj.update('none');
      c.node.querySelector('figcaption').textContent = t('chartPieces', { k });
      c.canvas.setAttribute('aria-label', t('chartPieces', { k }));
      drawGroups(k);
    });
    return [c, el('div', {}, [groups, tbl])];
  },

  forgetting(r, { t, act, data }) {
    const pairName = (p) => p.split('→').map(data).join(' → ');
    const rows = r.cells.map((c) => [`${pairName(c.pair)} · ${act(c.activation)}`, pct(c.before, 1), pct(c.after, 1),
      `${pct(c.drop.mean, 1)} ± ${pct(c.drop.sd, 1)}`, pct(c.learnedB, 1)]);
    for (const a of r.activations) rows.push([{ text: `${t('allPairs')} · ${act(a)}`, class: 'best' }, '', '', { text: pct(r.meanDrop[a], 1), class: 'best' }, '']);
    const dropOf = (p, a) => r.cells.find((x) => x.pair === p && x.activation === a).drop;
    const c = chart(t('chartDrop') + t('spreadWhisker'), withSpread(bars(r.pairs.map(pairName), r.activations.map((a, i) => ({
      label: act(a), backgroundColor: lineColor(i), data: r.pairs.map((p) => dropOf(p, a).mean),
      spread: r.pairs.map((p) => [dropOf(p, a).min, dropOf(p, a).max]) })), '')));
    return [table(t('seedsEpochs', { seeds: r.seeds.length, epochs: `${r.epochs} + ${r.epochs}` }), [t('colPair'), t('colBefore'), t('colAfter'),
      t('colDrop'), t('colLearnedB')], rows), c];
  },

  kinkAtZero(r, { t }) {
    const shape = (id) => ({ width: r.hidden[id][0], depth: r.hidden[id].length });
    const name = { healthy: t('healthy', shape('healthy')), bornDead: t('bornDeadNet', shape('bornDead')) };
    const rows = r.rows.map((x) => [`${name[x.case]} · ${t('colSeed')} ${x.seed}`, ...r.choices.map((g) => {
      const run = x.runs.find((q) => q.reluGradAtZero === g);
      return `${run.zeros.toLocaleString('en')} (${pct(run.zeros / run.seen, 2)}) · ${pct(run.testAccuracy, 1)}`;
    }), x.identical ? t('yes') : t('no')]);
    return [table(t('epochsN', { n: r.epochs }), [t('colNet'), ...r.choices.map((g) => t('colChoice', { g })), t('colIdentical')], rows)];
  },

  meanActivations(r, { t, act }) {
    const runsOf = (a) => r.runs.filter((x) => x.activation === a);
    const perLayer = (a, c) => Array.from({ length: r.layers }, (_, l) => mean(runsOf(a).map((x) => x.means[c][l])));
    const datasets = [];
    r.activations.forEach((a, i) => {
      r.checkpoints.forEach((c, k) => datasets.push(line(t('atEpoch', { name: act(a), n: c }),
        perLayer(a, c).map((y, l) => ({ x: l + 1, y })), i, { borderDash: k === 0 ? [6, 4] : [], pointRadius: 3,
          spread: perLayer(a, c).map((_, l) => minMax(runsOf(a).map((x) => x.means[c][l]))) })));
    });
    const c = chart(t('chartMeans') + t('spreadBand'), withSpread({ type: 'line', data: { datasets },
      options: baseOptions(t('hiddenLayer'), 'h̄', { x: { ticks: { stepSize: 1 } } }) }), { tall: true });
    const rows = r.activations.map((a) => {
      const e = interval95(runsOf(a).map((x) => x.reached ?? r.epochs));
      return [act(a), ...r.checkpoints.map((cp) => perLayer(a, cp).map((m) => fixed(m)).join(' / ')),
        `${fixed(e.mean, 1)} (${fixed(e.lo, 1)}–${fixed(e.hi, 1)})`];
    });
    return [table(t('seedsEpochs', { seeds: r.seeds.length, epochs: r.epochs }), [t('colActivation'),
      ...r.checkpoints.map((n) => t('colMeansAt', { n })), t('colEpochsTo', { target: pct(r.target), max: r.epochs })], rows), c];
  },

  excitation(r, { t, act }) {
    const runsOf = (a) => r.runs.filter((x) => x.activation === a);
    const atScale = (a, s, where) => mean(runsOf(a).map((x) => x.byScale[s][where]));
    const atEpoch = (a, c) => mean(runsOf(a).map((x) => x.overTraining[c].data));
    const c = chart(t('chartExcited') + t('spreadBand'), withSpread({ type: 'line', data: { datasets: r.activations.map((a, i) =>
      line(act(a), r.scales.map((s) => ({ x: s, y: atScale(a, s, 'box') })), i, { pointRadius: 3,
        spread: r.scales.map((s) => minMax(runsOf(a).map((x) => x.byScale[s].box))) })) },
    options: baseOptions(t('weightScale'), '', { x: { type: 'logarithmic', ticks: { callback: (v) => String(v) } }, y: { min: 0, max: 1 } }) }));
    const rows = r.activations.map((a) => [act(a), ...r.scales.map((s) => pct(atScale(a, s, 'box'))),
      ...r.checkpoints.map((n) => pct(atEpoch(a, n)))]);
    return [table(t('seedsN', { n: r.seeds.length }), [t('colActivation'), ...r.scales.map((s) => t('colBoxAtScale', { s })),
      ...r.checkpoints.map((n) => t('colDataAt', { n }))], rows), c, unitPlots(r, { t, act })];
  },

  gradientSteps(r, { t, act }) {
    const per = (a, c, k, q) => r.runs.filter((x) => x.activation === a).map((x) => x.at[c].steps[k][q]);
    const stepName = (st) => (st.rate !== undefined ? t('stepRate', { v: st.rate }) : t('stepLength', { v: st.length }));
    const cols = r.checkpoints.flatMap((c) => r.steps.map((st, k) => ({ c, k, st })));
    const cell = (a, { c, k }) => {
      const x = interval95(per(a, c, k, 'ratio'));
      return `${fixed(x.mean)} (${fixed(x.lo)}–${fixed(x.hi)}) · ${fixed(mean(per(a, c, k, 'cosine')))} · ${fixed(mean(per(a, c, k, 'drop')), 3)}`;
    };
    const rows = r.activations.map((a) => [act(a), ...cols.map((col) => cell(a, col))]);
    const c = chart(t('chartRatio') + t('spreadWhisker'), withSpread(bars(cols.map(({ c, st }) => `${stepName(st)} · ${t('epoch')} ${c}`), r.activations.map((a, i) => ({
      label: act(a), backgroundColor: lineColor(i), data: cols.map(({ c, k }) => mean(per(a, c, k, 'ratio'))),
      spread: cols.map(({ c, k }) => minMax(per(a, c, k, 'ratio'))) })), '')));
    return [table(t('seedsN', { n: r.seeds.length }), [t('colActivation'), ...cols.map(({ c, st }) => t('colStepAt', { step: stepName(st), n: c }))], rows), c];
  },

  maxoutBudget(r, { t, act }) {
    const name = (x) => (x.k ? `${act(x.activation)} · ${t('widthN', { n: x.width })} · k = ${x.k}` : `${act(x.activation)} · ${t('widthN', { n: x.width })}`);
    const epochsOf = (x) => x.reached.map((e) => e ?? r.epochs);
    const rows = r.rows.map((x) => {
      const e = interval95(epochsOf(x));
      const a = interval95(x.accuracy);
      return [name(x), String(x.parameters), `${fixed(e.mean, 1)} (${fixed(e.lo, 1)}–${fixed(e.hi, 1)}; ${range(epochsOf(x))})`,
        `${x.reached.filter((v) => v !== null).length}/${x.reached.length}`, `${pct(a.mean, 1)} (${pct(a.lo, 1)}–${pct(a.hi, 1)})`];
    });
    const c = chart(t('chartBudget', { target: pct(r.target), max: r.epochs }) + t('spreadWhisker'), withSpread({ type: 'scatter', data: { datasets: ['maxout', 'relu'].map((a, i) => line(act(a),
      r.rows.filter((x) => x.activation === a).map((x) => ({ x: x.parameters, y: mean(epochsOf(x)) })), i, { pointRadius: 5, showLine: false,
        spread: r.rows.filter((x) => x.activation === a).map((x) => minMax(epochsOf(x))) })) },
    options: baseOptions(t('colParameters'), t('epochsToTarget'), { y: { min: 0 } }) }));
    return [table(t('seedsEpochs', { seeds: r.seeds.length, epochs: r.epochs }), [t('colNet'), t('colParameters'),
      t('colEpochsTo', { target: pct(r.target), max: r.epochs }), t('reached'), t('colAccAt', { n: r.epochs })], rows), c];
  },

  fastest(r, { t, act, data }) {
    const cell = (d, a) => r.cells.find((c) => c.dataset === d && c.activation === a);
    const best = Object.fromEntries(r.datasets.map((d) => [d, Math.min(...r.activations.map((a) => cell(d, a).mean ?? Infinity))]));
    const rows = r.activations.map((a) => [act(a), ...r.datasets.map((d) => {
      const c = cell(d, a);
      if (!c.reached) return { text: `${t('notReached')} (0/${r.seeds.length})`, class: 'weak' };
      return { text: `${fixed(c.mean, 1)} ± ${fixed(c.sd, 1)} (${c.reached}/${r.seeds.length})`, class: c.mean === best[d] ? 'best' : null };
    })]);
    const capped = (c) => c.epochs.reduce((sum, e) => sum + (e ?? r.maxEpochs), 0) / c.epochs.length;
    const c = chart(t('chartEpochs', { target: pct(r.target), max: r.maxEpochs }) + t('spreadWhisker'), withSpread(bars(r.activations.map(act), r.datasets.map((d, i) => ({
      label: data(d), backgroundColor: lineColor(i + 1), data: r.activations.map((a) => capped(cell(d, a))),
      spread: r.activations.map((a) => minMax(cell(d, a).epochs.map((e) => e ?? r.maxEpochs))) })), t('epochsToTarget'))));
    return [table(t('seedsEpochs', { seeds: r.seeds.length, epochs: `≤ ${r.maxEpochs}` }), [t('colActivation'), ...r.datasets.map(data)], rows), c];
  },
};

/** The nodes and charts of a study result. */
export function renderStudy(result, kind, ctx) {
  const parts = VIEWS[kind](result, ctx);
  const nodes = [];
  const charts = [];
  for (const p of parts) {
    if (p instanceof Node) nodes.push(p);
    else { nodes.push(p.node); charts.push(p); }
  }
  return { nodes, charts };
}

/** A lesson body: strings are paragraphs; {h} headings, {math} preformatted formulas. */
export function renderBlocks(blocks) {
  return blocks.map((b) => {
    if (typeof b === 'string') return el('p', {}, b);
    if (b.h) return el('h2', {}, b.h);
    if (b.math) return el('pre', { class: 'math' }, b.math);
    return el('p', {}, '');
  });
}
