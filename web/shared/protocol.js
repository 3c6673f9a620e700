// The page <-> worker message protocol: every message `type` is defined here once, with the shape
// of its payload. Requests from the page carry a runId (except table/curve requests); replies
// about a run carry the runId they were computed for, and the page drops stale ones.
// Not a transport: worker.js and client.js do the posting; pool.js spreads a run over several
// workers behind the same protocol (a message naming a network by `index` goes to its owner).

/** Message types, page -> worker. */
export const TO_WORKER = Object.freeze({
  /** {type, runId, config, play, stopAt, speed, seq}: build a new experiment (replaces any old one;
   *  built in steps: messages about the new run wait until it is, and are handled after `started`). */
  START: 'start',
  /** {type, runId, play, seq}: start or stop the training loop. seq numbers the page's play/pause
   *  commands; progress replies carry the last one the worker has applied (playSeq). */
  PLAY: 'play',
  /** {type, runId, epochs, seq}: train exactly this many epochs now (an epoch in progress counts
   *  as the first), then stay paused. Acknowledged at once; the epochs follow in slices. */
  STEP: 'step',
  /** {type, runId, speed}: target epochs per second (0 = as fast as possible). */
  SPEED: 'speed',
  /** {type, runId, training}: change optimizer settings live (setTraining). */
  SET_TRAINING: 'setTraining',
  /** {type, runId, resolution, thumbResolution, indices, regions}: boundaries + diagnostics (+ unit
   *  thumbnails) of the networks in `indices` (all if null); the others come back as null. With
   *  them, the linear regions of those of them listed in `regions` (indices; only what is on screen). */
  FRAME: 'frame',
  /** {type, runId, requestId, index, layer, unit, resolution}: one unit's map, large. */
  UNIT_MAP: 'unitMap',
  /** {type, requestId, activation, params, z}: g and g' on the points z (Float32Array). */
  CURVE: 'curve',
  /** {type, runId, requestId, index}: network `index`'s parameters and layout, read when the
   *  networks rest at an epoch boundary (a per-network message: `index` addresses it). */
  PARAMETERS: 'parameters',
  /** {type, runId, requestId, index, parameter, value}: sets parameter `parameter` (a whole number,
   *  the flat index in the network's layout) of network `index` to `value` (a number, checked by the
   *  core as given, then rounded to float32), when the networks rest at an epoch boundary; the page
   *  pauses training first. Answered with TO_PAGE.PARAMETERS (ok) or TO_PAGE.ERROR (the refusal,
   *  nothing changed). A per-network message: `index` addresses it. */
  SET_PARAMETER: 'setParameter',
  /** {type, runId, requestId}: the run as a saved-experiment file (web/shared/experiment-file.js),
   *  written at the next epoch boundary. */
  EXPORT: 'export',
  /** {type, runId, requestId, text}: a saved file to replace the run with, as the new run `runId`
   *  (paused); refused in full (ERROR with the field) or accepted (LOADED, then STARTED). */
  LOAD: 'load',
});

/** Message types, worker -> page. */
export const TO_PAGE = Object.freeze({
  /** {type, tables:{activations, settings, datasets, initSchemes, optimizers, outputKinds,
   *  reluGradAtZeroChoices, defaults, schemas, constants}, workerMs}: the module is loaded (tablesOf). */
  READY: 'ready',
  /** {type, runId, data, shape, summaries, histories, workerMs, buildMs, workers}: the experiment is
   *  built (epoch 0); workerMs: from the start message taken up to this reply (the build in pieces
   *  and the waits between them), buildMs: the build's work alone; `workers`: how many workers hold
   *  its networks (added by the pool, pool.js). */
  STARTED: 'started',
  /** {type, runId, epoch, playing, playSeq, summaries, histories, workerMs, msPerEpoch, longestEpochMs,
   *  longestSliceMs}: `playing` reflects the play/pause command numbered playSeq (older replies may
   *  still be in flight); the longest epoch and frame slice bound how long a message waits. */
  PROGRESS: 'progress',
  /** {type, runId, epoch, resolution, boundaries:[Float32Array | null], diagnostics:[... | null],
   *  thumbResolution, thumbs:[[Float32Array per unit] per layer | null] per network | null,
   *  regions:[{cells: Int32Array (region index per boundary cell), count, idleUnits} | null], workerMs}. */
  FRAME: 'frame',
  /** {type, runId, requestId, resolution, values: Float32Array, zMap: Float32Array (the unit's z on
   *  the same grid; maxout: its winning piece 0 .. k-1), diagnostics (of the network on the
   *  training set, without gradient norms), workerMs}: computed in slices, answered in order. */
  UNIT_MAP: 'unitMap',
  /** {type, requestId, value: Float32Array, derivative: Float32Array, workerMs}. */
  CURVE: 'curve',
  /** {type, runId, requestId, index, epoch, values: Float32Array (every parameter), layout (the
   *  network's layers: inputs, units, pieces, activation, weightOffset, biasOffset, slopeOffset,
   *  slopeCount), inputs: [feature id per network input], set: {parameter, value, previous} | null
   *  (after SET_PARAMETER: the float32 stored and the one it replaced), workerMs}. */
  PARAMETERS: 'parameters',
  /** {type, requestId, runId, epoch, text}: the saved-experiment file asked for (EXPORT). */
  EXPORTED: 'exported',
  /** {type, requestId, runId, config, epoch}: a file was accepted; STARTED of run `runId` follows. */
  LOADED: 'loaded',
  /** {type, runId?, requestId?, message, field?, fatal, during?, training?}: something was refused
   *  or failed; `during` names the request (start, setTraining) and `training` the settings in force. */
  ERROR: 'error',
});

/** Upper bound on time the worker spends training before it yields to its message queue: it
 *  trains in trainSteps calls of a few steps (batches, or blocks of an epoch's records). */
export const CHUNK_BUDGET_MS = 12;
/** Time the worker spends on a frame (grid slices, diagnostics, thumbnails) between reads of its
 *  message queue; every piece is a block of at most 256 points or training samples. */
export const FRAME_SLICE_MS = 20;
/** The worker posts progress at most this often while training. */
export const PROGRESS_INTERVAL_MS = 30;

/** The tables the page needs (TO_PAGE.ready), as plain data from a loaded module
 *  (wasm/relulab.mjs): the config schemas with the default experiment, the settings, and every
 *  table of ids a schema key takes (so a key the core adds arrives with its table); activation
 *  params as setting keys. The worker sends them; tests build them the same way. */
export function tablesOf(lab) {
  const named = Object.values(lab.schemas).flatMap((s) => Object.values(s)).filter((k) => Array.isArray(lab[k]));
  const t = JSON.parse(JSON.stringify({
    ...Object.fromEntries(named.map((k) => [k, lab[k]])),
    activations: lab.activations, settings: lab.settings, datasets: lab.datasets,
    initSchemes: lab.initSchemes, optimizers: lab.optimizers, outputKinds: lab.outputKinds,
    reluGradAtZeroChoices: Array.from(lab.reluGradAtZeroChoices), defaults: lab.defaults,
    schemas: lab.schemas, constants: lab.constants ?? {},
  }));
  for (const a of t.activations) a.params = a.params.map((p) => (typeof p === 'string' ? p : p.key));
  return t;
}

/** The transferable buffers of the typed arrays in a (nested) list, for postMessage. */

export function transferablesOf(...lists) {
  const out = [];
  const walk = (v) => {
    if (!v) return;
    if (ArrayBuffer.isView(v)) out.push(v.buffer);
    else if (Array.isArray(v)) v.forEach(walk);
  };
  lists.forEach(walk);
  return [...new Set(out)];
}
