// The lab's run policy, as plain functions of the state (no DOM, no worker), so it is tested in
// Node (tests/web/run-policy.test.mjs): which changes apply live to the running networks and which
// start a new run, the custom data set's rules, and the retry ladder after the core refuses a
// start. main.js carries out what these functions decide.
import { VIEW_FLAGS, fitWidth, trainingKeys } from '../shared/urlstate.js';

/** Settings that only change how the page draws (no new run, no live training change). */
export const DISPLAY_KEYS = Object.freeze(['resolution', ...Object.keys(VIEW_FLAGS)]);

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What a change does to the lab. `state` is not modified; the result holds the next state and the
 * effect main.js carries out:
 *   { kind: 'none' }                      nothing changed
 *   { kind: 'redraw' }                    display settings only: ask for a new frame
 *   { kind: 'live', training, keys }      optimiser settings only: apply them to the running
 *                                         networks (and a redraw if display settings changed too)
 *   { kind: 'restart', reason, vars }     anything else: a new run from the next state; `reason`
 *                                         is the notice's string key (null: none), `vars` its values
 *                                         ({ keys } for changed settings: main.js names them)
 * change is one of
 *   { set: { key: value, ... } }          settings (from a control, a host page, ...)
 *   { action: 'start' | 'regenerate' | 'newWeights' | 'clearPoints' | 'reset' }
 *   { addPoint: { x, y, label } }         a point placed on a plot (already clamped and rounded)
 * ctx: { tables } — the core's tables (settings ranges, the data box in constants.box).
 */
export function decide(state, change, { tables }) {
  const next = structuredClone(state);
  if (change.set) return decideSet(state, next, change.set, tables);
  if (change.addPoint) {
    next.userPoints = [...next.userPoints, change.addPoint];
    return restart(next, 'pointAdded', { n: next.userPoints.length });
  }
  switch (change.action) {
    case 'regenerate':
      next.dataSeed = nextSeed(state.dataSeed, tables.settings.dataSeed);
      return restart(next, 'regenerated', { seed: next.dataSeed });
    case 'newWeights':
      next.weightSeed = nextSeed(state.weightSeed, tables.settings.weightSeed);
      return restart(next, 'newWeightsDone', { seed: next.weightSeed });
    case 'clearPoints':
      if (!state.userPoints.length) return { state, effect: { kind: 'none' } };
      next.userPoints = [];
      return next.dataset === 'custom' ? startCustom(next, tables) : restart(next, 'pointsCleared');
    case 'reset':
      return restart(next, 'resetDone');
    case 'start':   // the page's first run (a link to the custom data set without points gets four)
      return next.dataset === 'custom' && !next.userPoints.length ? startCustom(next, tables) : restart(next, null);
    default:
      throw new Error(`decide: unknown change ${JSON.stringify(change).slice(0, 80)}`);
  }
}

function decideSet(state, next, values, tables) {
  Object.assign(next, structuredClone(values));
  // Per-layer widths follow a new layer count (cut, or the last one repeated); equal ones become
  // the one number a uniform network's link has always held.
  if ('hiddenLayers' in values || 'width' in values) next.width = fitWidth(next);
  const changed = Object.keys(values).filter((k) => !same(state[k], next[k]));
  if (!changed.length) return { state, effect: { kind: 'none' } };
  if (changed.every((k) => DISPLAY_KEYS.includes(k))) return { state: next, effect: { kind: 'redraw' } };
  const live = trainingKeys(tables);
  if (changed.every((k) => live.includes(k) || DISPLAY_KEYS.includes(k))) {
    const training = Object.fromEntries(live.map((k) => [k, next[k]]));
    return { state: next, effect: { kind: 'live', training, keys: changed.filter((k) => live.includes(k)),
      redraw: changed.some((k) => DISPLAY_KEYS.includes(k)) } };
  }
  // Leaving the custom data set drops its points (unless the change brings its own).
  if (changed.includes('dataset') && next.dataset !== 'custom' && !changed.includes('userPoints')) next.userPoints = [];
  // Choosing the custom data set (or having no points on it) starts it afresh from its rules.
  const chosen = changed.includes('dataset') && !changed.includes('userPoints');
  if (next.dataset === 'custom' && (chosen || !next.userPoints.length)) return startCustom(next, tables);
  return restart(next, 'restarted', { keys: changed });
}

/** A seed setting's next value, wrapping from its maximum to its minimum. */
function nextSeed(seed, info) {
  return seed >= info.max ? info.min : seed + 1;
}

function restart(state, reason, vars = {}) {
  return { state, effect: { kind: 'restart', reason, vars } };
}

/**
 * The custom data set needs at least one point and a batch no larger than its training set: it
 * starts from four points (two per class, at the corners of the middle half of the box) with the
 * smallest batch size, and the user clicks to add more.
 */
function startCustom(next, tables) {
  const h = tables.constants.box / 2;
  if (!next.classes) next.classes = tables.settings.classes.default;
  if (!next.userPoints.length) {
    next.userPoints = [[-h, h, 0], [-h, -h, 0], [h, h, 1], [h, -h, 1]].map(([x, y, label]) => ({ x, y, label }));
  }
  next.batchSize = tables.settings.batchSize.min;
  return restart(next, 'customStarted');
}

/** Attempts after which the ladder moves on: last good state, then the named field, then defaults. */
export const RECOVERY = Object.freeze({ lastGood: 3, field: 5, defaults: 6 });

/**
 * What to do when the core refuses to start the experiment of `state` (the `attempts`-th refusal in
 * a row; `lastGood` the last state it accepted, or null on first load). The field is the refusal's
 * own, or the first state key the message starts with. Returns one of
 *   { kind: 'lastGood', state }           go back to what last worked (a setting the user changed)
 *   { kind: 'dropField', state, field }   first load: that field back to its default (the link's
 *                                         value is reported as ignored)
 *   { kind: 'defaults', state }           first load, no field to blame: the default experiment
 *   { kind: 'giveUp' }                    show the error and stop retrying
 */
export function recover({ state, lastGood, attempts, refusal, defaults }) {
  if (lastGood && attempts < RECOVERY.lastGood) return { kind: 'lastGood', state: structuredClone(lastGood) };
  const field = refusal.field ?? Object.keys(state).find((k) => new RegExp(`^${k}\\b`).test(refusal.message));
  if (field && Object.hasOwn(defaults, field) && attempts < RECOVERY.field) {
    return { kind: 'dropField', field, state: { ...structuredClone(state), [field]: structuredClone(defaults[field]) } };
  }
  if (attempts < RECOVERY.defaults) return { kind: 'defaults', state: structuredClone(defaults) };
  return { kind: 'giveUp' };
}

/**
 * Unit thumbnails ride in every frame while the page keeps up. Measured on a quiet 2-core machine
 * (bench/README.md), every frame with thumbnails costs about 2.5 ms more main thread than a refresh
 * every 400 ms (55-56 frames/s against 58-59); on a busy machine it costs frames/s that the page
 * needs. So: every frame until the frame rate over a full second falls below `slow`, then at most
 * every `intervalMs` until it is back at `fast` or more (the gap keeps it from flapping).
 */
export const THUMBS = Object.freeze({ intervalMs: 400, slow: 45, fast: 55, settleMs: 2000 });

/**
 * Whether the next frame asks for thumbnails, and the mode after it. `mode` is 'every' or
 * 'interval'; fps: frames drawn in the last second; sinceStartMs: time since the run's first frame
 * (the count is not judged before settleMs); sinceThumbsMs: time since the last frame with them.
 * Paused or at a run's start: always thumbnails.
 */
export function thumbPolicy({ mode, playing, fps, sinceStartMs, sinceThumbsMs }) {
  let next = mode;
  if (playing && sinceStartMs >= THUMBS.settleMs) {
    if (mode === 'every' && fps < THUMBS.slow) next = 'interval';
    else if (mode === 'interval' && fps >= THUMBS.fast) next = 'every';
  }
  const thumbs = !playing || next === 'every' || sinceThumbsMs > THUMBS.intervalMs;
  return { thumbs, mode: next };
}
