// What the lesson modules share: the full set of settings every preset starts from (so a lesson
// does not change when the lab's defaults do) and the number formats of their "measured" texts.
// Not the lessons themselves (one module each, listed in ../lessons.js).

/**
 * Every experiment setting a lesson's numbers depend on, pinned to the values they were measured
 * with: plain SGD at 0.03 with batches of 10, He-normal weights, zero biases, 500 points.
 */
export const BASE = Object.freeze({
  points: 500, noise: 0.1, trainFraction: 0.5, dataSeed: 1,
  init: 'he_normal', biasInit: 0, preluInit: 0.25, preluShared: false, leakyA: 0.01, eluAlpha: 1, maxoutK: 2,
  reluGradAtZero: 0, weightSeed: 1,
  optimizer: 'sgd', learningRate: 0.03, batchSize: 10, l2: 0, momentum: 0.9,
});

/** A lesson config: BASE with the lesson's own settings on top. */
export const setup = (own) => ({ ...BASE, ...own });

export const pct = (x, digits = 0) => (Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '—');
export const fixed = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
/** Plain digits from 0.01 to 1000, else a × 10ⁿ with `digits` decimals (0 stays 0). */
export const sci = (x, digits = 1) => {
  if (!Number.isFinite(x)) return '—';
  if (x === 0 || (Math.abs(x) >= 0.01 && Math.abs(x) < 1000)) return String(Number(x.toPrecision(digits + 1)));
  return x.toExponential(digits).replace(/e([-+])(\d+)/, (m, sign, e) => `×10${sign === '-' ? '⁻' : ''}${[...e].map((d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[d]).join('')}`);
};
