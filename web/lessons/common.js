// What the lesson modules share: the full set of settings every preset starts from (so a lesson
// does not change when the lab's defaults do) (their "measured" texts format numbers with ../format.js).
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
