// Helpers of the lessons' studies (studies.js): summary statistics, a seeded PRNG for batch
// orders, data of an experiment config, one epoch of mini-batches on lab.network, and the small
// geometric pieces of lessons 8 and 9. Pure functions over the JS API; no DOM.

// ---- small numeric helpers (exported for the lessons' claims and the page's tables)
export const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
export const sd = (xs) => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};
export const median = (xs) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
// Two-sided 95 % quantiles of Student's t for 1…30 degrees of freedom; beyond, 1.96 + 2.4/df
// (within 0.002 of the exact value).
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
  2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042];
/** The mean of xs with its 95 % confidence interval (Student's t): {mean, lo, hi, n}. */
export const interval95 = (xs) => {
  const m = mean(xs), n = xs.length;
  const df = n - 1;
  const h = n < 2 ? Infinity : (df <= 30 ? T95[df - 1] : 1.96 + 2.4 / df) * sd(xs) / Math.sqrt(n);
  return { mean: m, lo: m - h, hi: m + h, n };
};
export const summarize = (xs) => ({ mean: mean(xs), sd: sd(xs), min: Math.min(...xs), max: Math.max(...xs), median: median(xs), n: xs.length });

/** A small seeded PRNG (mulberry32) for the studies' own batch orders; returns floats in [0, 1). */
export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6D2B79F5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The dataset an experiment config generates ({dims, trainX, trainY, testX, testY, ...}). */
export function dataOf(lab, config) {
  const e = lab.experiment({ ...config, activations: ['relu'] });
  try { return e.data(); } finally { e.dispose(); }
}

/** Network-config keys of a flat experiment config (for lab.network). */
const NETWORK_KEYS = ['hidden', 'maxoutK', 'init', 'biasInit', 'preluInit', 'preluShared', 'leakyA', 'eluAlpha',
  'reluGradAtZero', 'weightSeed'];
export const networkConfig = (config, data, activation) => {
  const c = { inputs: data.dims, activations: [activation] };
  for (const k of NETWORK_KEYS) if (config[k] !== undefined) c[k] = config[k];
  if (data.output !== 'binary') Object.assign(c, { output: data.output, classes: data.classes || 2 });
  return c;
};

/**
 * One epoch of shuffled mini-batches on `net` with lab.network (the experiment runner's loop,
 * written out so studies can look at every batch). `onBatch(xs, ys)` runs before each step.
 */
export function trainEpoch(net, data, { batchSize = 10, optimizer = 'sgd', learningRate = 0.03, momentum, l2 } = {}, random, onBatch) {
  const dims = data.dims;
  const n = data.trainY.length;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const options = { optimizer, learningRate };
  if (momentum !== undefined) options.momentum = momentum;
  if (l2 !== undefined) options.l2 = l2;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const xs = new Float32Array(size * dims);
    const ys = new Float32Array(size);
    for (let b = 0; b < size; b++) {
      const k = order[start + b];
      for (let d = 0; d < dims; d++) xs[b * dims + d] = data.trainX[k * dims + d];
      ys[b] = data.trainY[k];
    }
    onBatch?.(xs, ys);
    net.trainBatch(xs, ys, options);
  }
}

/**
 * The mean activation h of each hidden layer over a data set, from a network's parameters and
 * layout (dense layers: z = W·h + b, then h = g(z) evaluated by the core's own activation).
 * `g` is a lab.activation handle. Returns one number per hidden layer.
 */
export function layerMeans(parameters, layout, data, g) {
  const n = data.trainY.length;
  let h = data.trainX, dims = data.dims;
  const out = [];
  for (const l of layout.slice(0, -1)) {
    const z = new Float32Array(n * l.units);
    for (let s = 0; s < n; s++) {
      for (let u = 0; u < l.units; u++) {
        let v = parameters[l.biasOffset + u];
        for (let i = 0; i < l.inputs; i++) v += parameters[l.weightOffset + u * l.inputs + i] * h[s * dims + i];
        z[s * l.units + u] = v;
      }
    }
    h = g.curve(z).value;
    dims = l.units;
    out.push(mean(h));
  }
  return out;
}

/**
 * Where a first-layer unit passes gradient: per unit, the share of the points xs (rows of
 * `layer.inputs`) where g′(z) is at least `fraction` of g′'s largest value (found on z in
 * [−20, 20]), and the unit's ‖w‖. `g` is a lab.activation handle. Returns [{share, norm}].
 */
export function passBands(parameters, layer, xs, g, fraction) {
  const zs = Float32Array.from({ length: 4001 }, (_, i) => -20 + i / 100);
  const peak = Math.max(...g.curve(zs).derivative);
  const n = xs.length / layer.inputs;
  const out = [];
  for (let u = 0; u < layer.units; u++) {
    const w = parameters.subarray(layer.weightOffset + u * layer.inputs, layer.weightOffset + (u + 1) * layer.inputs);
    const z = new Float32Array(n);
    for (let s = 0; s < n; s++) {
      let v = parameters[layer.biasOffset + u];
      for (let i = 0; i < layer.inputs; i++) v += w[i] * xs[s * layer.inputs + i];
      z[s] = v;
    }
    out.push({ share: g.curve(z).derivative.filter((x) => x >= fraction * peak).length / n, norm: Math.hypot(...w) });
  }
  return out;
}

/**
 * The full-batch gradient of the mean loss on (xs, ys) at the network's current parameters, read
 * off one plain-SGD step with learning rate 1 and no L2 (p − p′ = ∇L), after which the parameters
 * are put back. Returns {loss, gradient (Float64Array), parameters (the unchanged Float32Array)}.
 */
export function fullGradient(net, xs, ys) {
  const p0 = net.parameters();
  const loss = net.trainBatch(xs, ys, { optimizer: 'sgd', learningRate: 1, l2: 0 });
  const p1 = net.parameters();
  net.setParameters(p0);
  return { loss, gradient: Float64Array.from(p0, (v, i) => v - p1[i]), parameters: p0 };
}
export const dot = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0);

/** A side × side grid of points over the square [−box, box]² (row-major x, y pairs). */
export function boxGrid(box, side) {
  const xs = new Float32Array(side * side * 2);
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) {
      xs[(i * side + j) * 2] = -box + (2 * box * j) / (side - 1);
      xs[(i * side + j) * 2 + 1] = -box + (2 * box * i) / (side - 1);
    }
  }
  return xs;
}

/** First epoch (≥ 1) whose test accuracy reaches `target` in a history, or null. */
export function epochToReach(history, target) {
  for (const r of history) if (r.epoch > 0 && r.testAccuracy >= target) return r.epoch;
  return null;
}

/**
 * The k pieces of a one-unit maxout network as lines in output space: piece j contributes
 * c·(w_j x + b_j) + d where c, d are the output weight and bias. Returns [{slope, intercept}].
 */
export function piecesOf({ parameters, layout }) {
  const [hidden, out] = layout;
  const c = parameters[out.weightOffset];
  const d = parameters[out.biasOffset];
  const lines = [];
  for (let j = 0; j < hidden.pieces; j++) {
    const w = parameters[hidden.weightOffset + j * hidden.inputs];
    const b = parameters[hidden.biasOffset + j];
    lines.push({ slope: c * w, intercept: c * b + d });
  }
  return lines;
}

/**
 * A reference for k pieces on 1-D data: split the training x range into k equal parts, fit a
 * line to each part by least squares, and take the maximum of the k lines (a convex function,
 * what one maxout unit can represent). Returns its mean half squared error on the test set.
 */
export function equalPiecesLoss(data, k) {
  const xs = data.trainX, ys = data.trainY;
  const lo = Math.min(...xs), hi = Math.max(...xs);
  const lines = [];
  for (let j = 0; j < k; j++) {
    const a = lo + (hi - lo) * j / k, b = lo + (hi - lo) * (j + 1) / k;
    let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    xs.forEach((x, i) => {
      if (x < a || x > b) return;
      n++; sx += x; sy += ys[i]; sxx += x * x; sxy += x * ys[i];
    });
    const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    lines.push({ slope, intercept: (sy - slope * sx) / n });
  }
  let sum = 0;
  data.testX.forEach((x, i) => {
    const f = Math.max(...lines.map((l) => l.slope * x + l.intercept));
    sum += 0.5 * (f - data.testY[i]) ** 2;
  });
  return sum / data.testY.length;
}

// Lesson 9's tasks: a data set squeezed to half width into the left (side -1) or right (side 1)
// half of the box.
export const squeeze = (xs, shift) => {
  const out = new Float32Array(xs.length);
  for (let i = 0; i < xs.length; i += 2) { out[i] = xs[i] / 2 + shift; out[i + 1] = xs[i + 1]; }
  return out;
};
export function halfTask(lab, config, side, box) {
  const d = dataOf(lab, config);
  return { ...d, trainX: squeeze(d.trainX, side * box / 2), testX: squeeze(d.testX, side * box / 2) };
}

// ---- seed blocks
/**
 * The same study spec on another block of seeds: every seed list (`seeds`, also nested as in
 * `trained.seeds` and `cases[].seeds`) is shifted by `shift`, a seed count (lesson 3's grid,
 * seeds 1…n) starts at 1 + shift, and every config's data seed becomes `dataSeed`. Studies that
 * derive their data seed from the weight seed (fastest, forgetting) get fresh data through the
 * shift. The block the text describes is shift 0 with the config's own data seed.
 */
export function onBlock(spec, { shift, dataSeed }) {
  const walk = (v, key) => {
    if (Array.isArray(v)) return key === 'seeds' ? v.map((s) => s + shift) : v.map((x) => walk(x));
    if (v === null || typeof v !== 'object') return v;
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'dataSeed' && typeof x === 'number') out[k] = dataSeed;
      else if (k === 'seeds' && typeof x === 'number') { out[k] = x; out.firstSeed = (v.firstSeed ?? 1) + shift; }
      else out[k] = walk(x, k);
    }
    return out;
  };
  return walk(spec);
}
