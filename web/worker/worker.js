// The module worker: the only owner of the wasm module. It builds experiments, trains them in
// time-boxed chunks of trainSteps calls (a few steps each: batches, or blocks of an epoch's
// records, so Pause, Step and a new run are read between them however long an epoch takes), answers one coalesced frame request at a time
// with transferred arrays, and times its own work. A frame is one snapshot: at its start every
// wanted network gets a grid job (experiment.gridJob), taken at an epoch boundary, and the jobs
// are stepped in slices of FRAME_SLICE_MS, so training between slices (a Step) cannot tear it.
// Networks rest at epoch boundaries: an epoch that is begun is always finished (Pause lets the
// epoch in progress finish, in slices), and only then may a frame take its snapshot.
// A new run is built in steps too (buildSteps: a network's workspaces, a block of epoch 0's
// records), and a unit's history replays its death epoch in steps (unitHistorySteps); messages
// about a run still being built wait until it is (they are handled in order after `started`).
// Not a UI: it never decides what to show; it answers protocol.js messages.
import { TO_WORKER, TO_PAGE, CHUNK_BUDGET_MS, FRAME_SLICE_MS, PROGRESS_INTERVAL_MS, transferablesOf, tablesOf } from '../shared/protocol.js';
import { loadReluLab } from '../wasm/relulab.mjs';
import { experimentFileText, loadExperimentFile, parseExperimentFile } from '../shared/experiment-file.js';

const now = () => performance.now();
let lab = null;
let run = null;          // the current experiment and its loop state
let frameJob = null;     // the frame being computed, slice by slice (at most one: the page keeps one in flight)
let frameRequest = null; // a frame asked for while an epoch was in progress: started at the epoch's end
let unitJobs = [];       // large unit maps asked for, each a grid job computed in slices
let paramRequests = [];  // parameter reads and edits, answered at the next epoch boundary
let exportRequest = null; // a saved file asked for: written once the networks rest at an epoch boundary
let scheduled = false;
const wake = new MessageChannel();
wake.port1.onmessage = () => tick();

/** A typed array that owns its whole buffer (so it can be transferred), copying if needed. */
const own = (a) => (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer
  ? a : a.slice());

/** A network's unit maps (per layer, per unit; null where not mapped) as views of one buffer: one
 *  transferred ArrayBuffer per network instead of one per unit (512 of them a frame at 8 x 8 units
 *  and 8 networks, whose backing stores made the page's major GCs long: bench/README.md). */
function packed(layers) {
  const total = layers.reduce((n, units) => units.reduce((m, u) => m + (u ? u.length : 0), n), 0);
  const all = new Float32Array(total);
  let at = 0;
  return layers.map((units) => units.map((u) => {
    if (!u) return null;
    all.set(u, at);
    return all.subarray(at, (at += u.length));
  }));
}

function post(msg, startedAt) {
  if (startedAt !== undefined) msg.workerMs = now() - startedAt;
  self.postMessage(msg, transferablesOf(msg.boundaries, msg.thumbs, msg.regions?.map((r) => r?.cells), msg.values, msg.value, msg.derivative, msg.data && Object.values(msg.data)));
}

function postError(e, extra = {}) {
  post({ type: TO_PAGE.ERROR, message: String(e?.message ?? e), field: e?.field ?? null, fatal: false, ...extra });
}

const loaded = (async () => {
  const t0 = now();
  try {
    lab = await loadReluLab();
    post({ type: TO_PAGE.READY, tables: tablesOf(lab) }, t0);
  } catch (e) {
    post({ type: TO_PAGE.ERROR, message: `wasm module failed to load: ${e?.message ?? e}`, fatal: true });
  }
})();

self.onmessage = async (event) => {
  await loaded;
  if (!lab) return;
  const msg = event.data;
  try {
    handle(msg);
  } catch (e) {
    postError(e, { runId: msg.runId, requestId: msg.requestId });
  }
};

function handle(msg) {
  switch (msg.type) {
    case TO_WORKER.START: return start(msg);
    case TO_WORKER.CURVE: return curve(msg);
    case TO_WORKER.LOAD: return load(msg);
  }
  if (!run || msg.runId !== run.runId) {         // about a run that has been replaced
    // Frame requests are always answered, so the page's one-in-flight slot is freed.
    if (msg.type === TO_WORKER.FRAME) post({ type: TO_PAGE.FRAME, runId: msg.runId, stale: true });
    // So are parameter reads and edits (refused: the run they were about is gone).
    if (msg.type === TO_WORKER.PARAMETERS || msg.type === TO_WORKER.SET_PARAMETER) {
      postError(new Error('the run was replaced; nothing changed'), { runId: msg.runId, requestId: msg.requestId });
    }
    if (msg.type === TO_WORKER.EXPORT) postError(new Error('the experiment was replaced before it could be saved'), { requestId: msg.requestId });
    return;
  }
  if (run.building) {
    run.waiting.push(msg);
    return;
  }
  switch (msg.type) {
    case TO_WORKER.PLAY:
      if (msg.play) run.stopAt = null;   // the user takes over from an `epochs=N` link
      run.playing = msg.play && !allStopped();
      run.target = null;                 // Pause ends a Step too (the epoch in progress finishes)
      run.playSeq = msg.seq ?? run.playSeq;
      resetPace();
      postProgress(true);                // acknowledges the command (playSeq) at once
      break;
    case TO_WORKER.STEP:
      run.playing = false;
      run.playSeq = msg.seq ?? run.playSeq;
      run.stopAt = null;
      // Trained from tick() in slices. Epochs still owed to an earlier Step come first; an epoch
      // in progress counts as the first (as in experiment.train).
      run.target = Math.max(run.target ?? run.epoch, run.epoch) + Math.max(1, msg.epochs | 0);
      postProgress(true);
      break;
    case TO_WORKER.SPEED:
      run.speed = Math.max(0, Number(msg.speed) || 0);
      resetPace();
      break;
    case TO_WORKER.SET_TRAINING: {
      const t0 = now();
      try {
        run.experiment.setTraining(msg.training);
      } catch (e) {
        // Refused: nothing changed; tell the page which settings are still in force.
        postError(e, { runId: run.runId, during: TO_WORKER.SET_TRAINING, training: run.experiment.training() });
        break;
      }
      post({ type: TO_PAGE.PROGRESS, ...progressBody(), training: run.experiment.training() }, t0);
      break;
    }
    case TO_WORKER.FRAME:
      // Started (snapshot) and computed in slices from tick(); the page keeps at most one in flight
      // (a request it replaced is answered, stale, all the same).
      if (frameRequest) post({ type: TO_PAGE.FRAME, runId: frameRequest.runId, stale: true });
      frameRequest = msg;
      break;
    case TO_WORKER.EXPORT: exportRequest = msg; break;
    case TO_WORKER.UNIT_MAP:
      // Only the unit being viewed. Index, layer and unit checked by the API at once (a 2 x 2 map:
      // four points); the rest in slices from tick() (advanceUnitMap), answered in the order asked.
      run.experiment.unitMap(msg.index, msg.layer, msg.unit, 2);
      unitJobs.push({ msg, workMs: 0, job: null });
      break;
    case TO_WORKER.PARAMETERS:
    case TO_WORKER.SET_PARAMETER:
      // Answered when the networks rest at an epoch boundary (from tick()), in the order asked, so
      // an edit is never torn by the epoch in progress and a read shows what the next frame draws.
      paramRequests.push(msg);
      break;
    default:
      postError(new Error(`unknown message type ${JSON.stringify(msg.type)}`));
  }
  schedule();
}

/** Answers the parameter reads and edits waiting (the networks rest at an epoch boundary). An edit
 *  of one parameter is a setParameters of the whole network with that value changed: checked by
 *  the API and the core (index, parameter, a finite value within float32 range), nothing changed
 *  when refused. */
function answerParams() {
  const e = run.experiment;
  for (const msg of paramRequests.splice(0)) {
    const t0 = now();
    try {
      const index = msg.index;
      const layout = e.layout(index);   // checks index (a LabError naming it)
      let values = e.parameters(index);
      let set = null;
      if (msg.type === TO_WORKER.SET_PARAMETER) {
        const k = msg.parameter;
        if (!Number.isInteger(k) || k < 0 || k >= values.length) {
          throw Object.assign(new Error(`parameter must be a whole number from 0 to ${values.length - 1} (got ${String(k).slice(0, 40)})`), { field: 'parameter' });
        }
        if (typeof msg.value !== 'number') {
          throw Object.assign(new Error(`value must be a number (got ${typeof msg.value})`), { field: 'value' });
        }
        const next = Float64Array.from(values);
        next[k] = msg.value;
        try {
          e.setParameters(index, next);
        } catch (err) {
          // The core names values[k]; the page asked about one value.
          throw Object.assign(new Error(String(err.message).replace(/^values\[\d+\]/, 'value')), { field: 'value' });
        }
        const previous = values[k];
        values = e.parameters(index);
        set = { parameter: k, value: values[k], previous };
      }
      post({ type: TO_PAGE.PARAMETERS, runId: run.runId, requestId: msg.requestId, index, epoch: run.epoch,
        values: own(values), layout, inputs: inputFeatures(layout[0].inputs), set }, t0);
    } catch (err) {
      postError(err, { runId: run.runId, requestId: msg.requestId, during: msg.type });
    }
  }
}

/** The feature ids the networks read, in the table's order (the 1-D rule drops those of x2). */
function inputFeatures(count) {
  const given = new Set([].concat(run.config?.features ?? ['x1', 'x2']));
  const dims = run.experiment.data().dims;
  const ids = (lab.features ?? []).filter((f) => given.has(f.id) && (dims === 2 || !f.usesX2)).map((f) => f.id);
  return ids.length === count ? ids : Array.from({ length: count }, (_, i) => `x${i + 1}`);
}

/** Unit `unit` of hidden layer `layer`: its incoming weights (per piece for maxout) and biases, its
 *  outgoing weights (one per unit of the next layer), and whether layer 0 reads the raw point. */
function unitWeights(experiment, index, layer, unit) {
  const p = experiment.parameters(index);
  const layout = experiment.layout(index);
  const l = layout[layer], next = layout[layer + 1];
  const incoming = [], bias = [];
  for (let k = 0; k < l.pieces; k++) {
    const row = unit * l.pieces + k;
    incoming.push(Array.from(p.subarray(l.weightOffset + row * l.inputs, l.weightOffset + (row + 1) * l.inputs)));
    bias.push(p[l.biasOffset + row]);
  }
  const outgoing = Array.from({ length: next.units * next.pieces }, (_, r) => p[next.weightOffset + r * next.inputs + unit]);
  const features = run.config?.features;
  const raw = layer === 0 && l.inputs === 2 && (!features || (features[0] === 'x1' && features[1] === 'x2'));
  return { incoming, bias, outgoing, raw };
}

/** Ends the current run: frames asked for while it was being built, a frame still being computed or
 *  waiting are answered (stale), so the page's one in-flight slot frees; its experiment freed. */
function dropRun() {
  for (const m of run?.waiting ?? []) if (m.type === TO_WORKER.FRAME) post({ type: TO_PAGE.FRAME, runId: m.runId, stale: true });
  if (run) run.experiment.dispose();
  run = null;
  dropFrame();
}

function start(msg) {
  const t0 = now();
  dropRun();
  let experiment;
  try {
    experiment = lab.experiment(msg.config, { inSteps: true });
  } catch (e) {
    postError(e, { runId: msg.runId, during: 'start' });
    return;
  }
  install(experiment, msg, t0);
}

/** A saved file (web/shared/experiment-file.js) read and built in full before the current run is
 *  touched: refused, the run goes on as it was; accepted, it replaces the run, paused. */
function load(msg) {
  const t0 = now();
  let file, experiment;
  try {
    file = parseExperimentFile(msg.text, lab);
    experiment = loadExperimentFile(lab, file);
  } catch (e) {
    postError(e, { runId: msg.runId, requestId: msg.requestId, during: TO_WORKER.LOAD });
    return;
  }
  dropRun();
  post({ type: TO_PAGE.LOADED, runId: msg.runId, requestId: msg.requestId, config: file.config, epoch: file.epoch });
  install(experiment, { ...msg, config: file.config, play: false }, t0, file.epoch);
}

function install(experiment, msg, t0, epoch = null) {
  const n = experiment.size;
  run = { epoch: 0, runId: msg.runId, experiment, config: msg.config, n, playing: !!msg.play, speed: Number(msg.speed) || 0,
    loadedEpoch: epoch, building: true, waiting: [], takenAt: t0, buildMs: now() - t0, buildStepMs: 4,  // built in steps by tick() (buildRun)
    stopAt: Number.isInteger(msg.stopAt) && msg.stopAt >= 0 ? msg.stopAt : null, playSeq: msg.seq ?? 0,
    sentEpoch: -1, lastPost: 0, trainMs: 0, trainedEpochs: 0, recentMs: 0, paceStart: now(), paceEpochs: 0,
    target: null,          // a Step's epoch to reach, or null
    midEpoch: false,       // an epoch is begun and not finished
    batchMs: 4, recordMs: 4,  // ms per trainSteps step: a batch, a block of the records (they size the slices)
    recording: false,         // the epoch's batches are done, its records are being measured
    epochMs: 0,               // training ms of the epoch in progress
    longestEpochMs: 0, longestSliceMs: 0,   // an epoch's training time; the longest work without reading messages
    msPerPoint: new Array(n).fill(0.01),    // per network: ms per grid point (sizes a grid job's steps)
    replayMs: 1 };                          // ms per unitHistorySteps step
  run.longestSliceMs = run.buildMs;         // lab.experiment: the data and the networks' parameters
  if (run.stopAt !== null && run.stopAt <= 0) run.playing = false;
  schedule();
}

/** Builds the run for about budgetMs in buildSteps calls of about TRAIN_SLICE_MS; once built, posts
 *  `started` (its workerMs: from taking the start message up, the waits between the pieces
 *  included) and handles the messages that came meanwhile. */
function buildRun(budgetMs) {
  const t0 = now();
  const { experiment } = run;
  let ready = false;
  while (!ready && now() - t0 < budgetMs) {
    const asked = Math.max(1, Math.floor(TRAIN_SLICE_MS / run.buildStepMs));
    const t1 = now();
    ready = experiment.buildSteps(asked);
    const ms = now() - t1;
    run.longestSliceMs = Math.max(run.longestSliceMs, ms);
    if (!ready) run.buildStepMs = Math.max(0.001, ms / asked, run.buildStepMs * 0.8);
  }
  run.buildMs += now() - t0;
  if (!ready) return;
  run.building = false;
  resetPace();
  const n = run.n;
  run.epoch = run.loadedEpoch ?? experiment.summary().reduce((m, s) => Math.max(m, s.epoch), 0);
  const d = experiment.data();
  const data = { dims: d.dims, classes: d.classes, output: d.output,
    trainX: own(Float32Array.from(d.trainX)), trainY: own(Float32Array.from(d.trainY)),
    testX: own(Float32Array.from(d.testX)), testY: own(Float32Array.from(d.testY)) };
  const shape = [];
  for (let i = 0; i < n; i++) shape.push(experiment.layout(i).slice(0, -1).map((l) => l.units));
  // Inputs per network: the input features that apply to the data (the same for every network).
  const inputs = experiment.layout(0)[0].inputs;
  post({ type: TO_PAGE.STARTED, runId: run.runId, data, shape, inputs, ...progressBody(), workerMs: now() - run.takenAt, buildMs: run.buildMs });
  const waiting = run.waiting;
  run.waiting = [];
  for (const m of waiting) {
    if (!run || m.runId !== run.runId) break;
    try {
      handle(m);
    } catch (e) {
      postError(e, { runId: m.runId, requestId: m.requestId });
    }
  }
}

function curve(msg) {
  const t0 = now();
  const act = lab.activation(msg.activation, msg.params ?? {});
  try {
    const z = Float32Array.from(msg.z);
    const c = act.curve(z);
    const kinks = (msg.kinks ?? []).map((k) => ({ z: k, value: act.value(k), derivative: act.derivative(k) }));
    post({ type: TO_PAGE.CURVE, requestId: msg.requestId, z: own(z), value: own(Float32Array.from(c.value)),
      derivative: own(Float32Array.from(c.derivative)), kinks }, t0);
  } finally {
    act.dispose?.();
  }
}

function allStopped() {
  return run.experiment.summary().every((s) => s.diverged);
}

function resetPace() {
  run.paceStart = now();
  run.paceEpochs = 0;
}

/** Steps per trainSteps call (batches, or blocks of an epoch's records): about this much work
 *  between reads of the message queue. */
const TRAIN_SLICE_MS = 8;

/**
 * Trains in trainSteps slices for about budgetMs: the epoch in progress to its end, then up to
 * `epochs` more (stopping at stopAt). Returns the epochs completed.
 */
function trainEpochs(epochs, budgetMs = Infinity) {
  const t0 = now();
  let done = 0;
  while (run.midEpoch || done < epochs) {
    if (!run.midEpoch && run.stopAt !== null && run.epoch >= run.stopAt) { run.playing = false; break; }
    if (now() - t0 >= budgetMs) break;
    // Steps for about TRAIN_SLICE_MS: batches (every network's) and blocks of the records (one
    // network's) differ in cost, so each has its own estimate.
    const kind = run.recording ? 'recordMs' : 'batchMs';
    const asked = Math.max(1, Math.floor(TRAIN_SLICE_MS / run[kind]));
    const t1 = now();
    const r = run.experiment.trainSteps(asked);
    const ms = now() - t1;
    run.longestSliceMs = Math.max(run.longestSliceMs, ms);
    run.epochMs += ms;
    run.midEpoch = !r.epochEnded;
    run.recording = !r.epochEnded && r.batches < asked;
    // A call that does not end the epoch did every step asked for. Only calls of one kind of step
    // measure it; an estimate rises at once and falls by at most a fifth per call (a network's
    // record blocks cost up to ten times another's).
    if (!r.epochEnded && (r.batches === 0 || r.batches === asked)) {
      const k = r.batches === 0 ? 'recordMs' : 'batchMs';
      run[k] = Math.max(0.001, ms / asked, run[k] * 0.8);
    }
    if (!r.epochEnded) continue;
    run.epoch = r.epoch;
    done++;
    // The current rate, not the average since the start: an exponential average of the epochs'
    // training time with a time constant of about a second of training.
    const per = run.epochMs;
    run.recentMs = run.recentMs === 0 ? per : run.recentMs + (per - run.recentMs) * (1 - Math.exp(-per / 1000));
    run.longestEpochMs = Math.max(run.longestEpochMs, per);
    run.epochMs = 0;
    if (done > 0 && allStopped()) break;
  }
  run.trainMs += now() - t0;
  run.trainedEpochs += done;
  run.paceEpochs += done;
  if (run.stopAt !== null && run.epoch >= run.stopAt) run.playing = false;
  if (run.target !== null && run.epoch >= run.target) run.target = null;
  if (done > 0 && allStopped()) { run.playing = false; run.target = null; }
  return done;
}

function progressBody() {
  const e = run.experiment;
  const summaries = e.summary();
  const histories = [];
  for (let i = 0; i < run.n; i++) histories.push(e.history(i, run.sentEpoch + 1));
  const epoch = run.epoch;
  run.sentEpoch = epoch;
  return { runId: run.runId, epoch, playing: run.playing, playSeq: run.playSeq, summaries, histories,
    msPerEpoch: run.recentMs, stopAt: run.stopAt,
    longestEpochMs: run.longestEpochMs, longestSliceMs: run.longestSliceMs };
}

function postProgress(force) {
  const t = now();
  if (!force && t - run.lastPost < PROGRESS_INTERVAL_MS) return;
  run.lastPost = t;
  post({ type: TO_PAGE.PROGRESS, ...progressBody() }, t);
}

/** Answers the frame in progress or waiting as stale (the page's one in-flight slot frees). */
function dropFrame() {
  for (const f of [frameJob, frameRequest]) if (f) post({ type: TO_PAGE.FRAME, runId: f.runId, stale: true });
  frameJob?.jobs.forEach((job) => job?.dispose());
  frameJob = null;
  frameRequest = null;
  // Unit maps of a replaced run: dropped, as any reply about it would be on the page.
  unitJobs.forEach((u) => u.job?.dispose());
  unitJobs = [];
  for (const msg of paramRequests.splice(0)) {
    postError(new Error('the run was replaced; nothing changed'), { runId: msg.runId, requestId: msg.requestId });
  }
}

/** Steps the oldest unit-map job for about budgetMs; posts its map when done. Returns true when none is left. */
function advanceUnitMap(budgetMs) {
  const u = unitJobs[0];
  const t0 = now();
  let done = false;
  const cost = run.msPerPoint;
  const { index: i, layer, unit } = u.msg;
  const e = run.experiment;
  // First the replay of the unit's death epoch that its history needs (for a unit that died), in
  // steps; then its history, its z on the training set and its weights are taken, with its map (and
  // the diagnostics) as a grid job of that one unit from this moment's snapshot.
  while (!u.job) {
    if (now() - t0 >= budgetMs) return (u.workMs += now() - t0), false;
    const asked = Math.max(1, Math.floor(TRAIN_SLICE_MS / run.replayMs));
    const t1 = now();
    const replayed = e.unitHistorySteps(i, layer, unit, asked);
    const ms = now() - t1;
    run.longestSliceMs = Math.max(run.longestSliceMs, ms);
    if (!replayed) { run.replayMs = Math.max(0.001, ms / asked, run.replayMs * 0.8); continue; }
    const layout = e.layout(i);
    let firstUnit = unit;
    for (let l = 0; l < layer; l++) firstUnit += layout[l].units;
    Object.assign(u, { history: e.unitHistory(i, layer, unit), pre: own(e.preActivations(i, layer, unit)),
      weights: unitWeights(e, i, layer, unit),
      job: e.gridJob(i, { resolution: 2, thumbResolution: u.msg.resolution, diagnostics: true, firstUnit, unitCount: 1, pre: true }) });
  }
  for (let left = budgetMs - (now() - t0); left > 0 && !done; left = budgetMs - (now() - t0)) {
    const points = Math.max(16, Math.min(65536, Math.floor(left / 2 / cost[i])));
    const t1 = now();
    done = u.job.step(points);
    const ms = now() - t1;
    run.longestSliceMs = Math.max(run.longestSliceMs, ms);
    if (!done) cost[i] = pointCost(cost[i], ms, points);
  }
  u.workMs += now() - t0;
  if (!done) return false;
  unitJobs.shift();
  const { msg } = u;
  const maps = u.job.unitMaps();
  post({ type: TO_PAGE.UNIT_MAP, runId: run.runId, requestId: msg.requestId, resolution: msg.resolution,
    values: own(maps[msg.layer][msg.unit]), zMap: own(u.job.preMaps()[msg.layer][msg.unit]), diagnostics: u.job.diagnostics(), history: u.history, pre: u.pre,
    weights: u.weights, workerMs: u.workMs });
  u.job.dispose();
  return unitJobs.length === 0;
}

/** A network's ms per grid point (or diagnostics sample) after a step of `points` took `ms`: it
 *  rises at once and falls by at most a fifth a step (a grid job's phases differ in cost). */
const pointCost = (old, ms, points) => Math.max(1e-5, ms / points, old * 0.8);

/** Takes the frame's snapshot: a grid job per wanted network, the summaries, the epoch. */
function startFrame(req) {
  const e = run.experiment;
  const wanted = new Set(req.indices ?? Array.from({ length: run.n }, (_, i) => i));
  const thumbResolution = req.thumbResolution || 0;
  // Linear regions only where the page shows them (a second pass over the grid), and only for
  // piecewise-linear networks (the core refuses the others).
  const linear = new Set(lab.activations.filter((a) => a.piecewiseLinear).map((a) => a.id));
  const summaries = e.summary();
  const regions = new Set((req.regions ?? []).filter((i) => linear.has(summaries[i]?.activation)));
  frameJob = { runId: run.runId, epoch: run.epoch, summaries, resolution: req.resolution, thumbResolution,
    jobs: [], boundaries: [], diagnostics: [], thumbs: thumbResolution ? [] : null, regions: [], next: 0,
    workMs: 0 };
  for (let i = 0; i < run.n; i++) {
    const job = wanted.has(i)
      ? e.gridJob(i, { resolution: req.resolution, thumbResolution, diagnostics: true, regions: regions.has(i) }) : null;
    frameJob.jobs.push(job);
    frameJob.regions.push(null);
    frameJob.boundaries.push(null);
    frameJob.diagnostics.push(null);
    frameJob.thumbs?.push(null);
  }
}

/** Steps the frame's jobs for about budgetMs; posts the frame when done. Returns true when no frame is left. */
function advanceFrame(budgetMs) {
  const f = frameJob;
  const t0 = now();
  for (; f.next < f.jobs.length; f.next++) {
    const job = f.jobs[f.next];
    if (!job) continue;
    let done = false;
    for (let left = budgetMs - (now() - t0); left > 0 && !done; left = budgetMs - (now() - t0)) {
      // Points (grid points or diagnostics samples, each one forward pass) for about half the time left.
      const points = Math.max(16, Math.min(65536, Math.floor(left / 2 / run.msPerPoint[f.next])));
      const t1 = now();
      done = job.step(points);
      const ms = now() - t1;
      run.longestSliceMs = Math.max(run.longestSliceMs, ms);
      if (!done) run.msPerPoint[f.next] = pointCost(run.msPerPoint[f.next], ms, points);
    }
    if (!done) break;
    const i = f.next;
    f.boundaries[i] = own(job.boundary());
    f.diagnostics[i] = job.diagnostics();
    if (f.thumbs) f.thumbs[i] = packed(job.unitMaps());
    f.regions[i] = job.regions();
    job.dispose();
    f.jobs[i] = null;
  }
  f.workMs += now() - t0;
  if (f.next < f.jobs.length) return false;
  frameJob = null;
  post({ type: TO_PAGE.FRAME, runId: f.runId, epoch: f.epoch, resolution: f.resolution, boundaries: f.boundaries,
    diagnostics: f.diagnostics, thumbResolution: f.thumbResolution, thumbs: f.thumbs, regions: f.regions,
    summaries: f.summaries, workerMs: f.workMs });
  return true;
}

let sleep = null;         // the pacing sleep's timer (ahead of the speed's pace), or null

/** Runs tick() soon: at once (a message-channel wake) or after `delay` ms. A message that wants
 *  work now (a frame request, ...) ends a pacing sleep at once: the pace is kept by the clock
 *  (paceStart), not by the sleep, so waking early trains no epoch before it is due. */
function schedule(delay = 0) {
  if (scheduled && !(sleep !== null && delay <= 0)) return;
  if (sleep !== null) { clearTimeout(sleep); sleep = null; }
  scheduled = true;
  if (delay > 0) sleep = setTimeout(() => { sleep = null; scheduled = false; tick(); }, delay);
  else wake.port2.postMessage(0);
}

/** The saved file of the run, at an epoch boundary (so its records match its parameters). */
function serveExport() {
  const { requestId, runId } = exportRequest;
  exportRequest = null;
  try {
    if (runId !== run.runId) throw new Error('the experiment was replaced before it could be saved');
    post({ type: TO_PAGE.EXPORTED, requestId, runId, epoch: run.epoch,
      text: experimentFileText(lab, run.experiment, run.config, run.epoch) });
  } catch (e) {
    postError(e, { requestId, during: TO_WORKER.EXPORT });
  }
}

function tick() {
  scheduled = false;
  if (!run) return;
  if (run.building) {
    try {
      buildRun(CHUNK_BUDGET_MS);
    } catch (e) {
      const runId = run.runId;
      run.experiment.dispose();
      run = null;
      postError(e, { runId, during: 'start' });
      return;
    }
    schedule();
    return;
  }
  try {
    // Parameter reads and edits first: the frame the page asks for after an edit then shows it.
    if (paramRequests.length && !run.midEpoch) answerParams();
    if (exportRequest && !run.midEpoch) serveExport();
    // A frame asked for is begun as soon as the networks rest at an epoch boundary.
    if (!frameJob && frameRequest && !run.midEpoch) {
      const req = frameRequest;
      frameRequest = null;
      startFrame(req);
    }
    // A frame goes before training (as the page waits for it), one slice per tick so that
    // messages are read in between; training resumes after the frame is posted.
    if (frameJob && !advanceFrame(FRAME_SLICE_MS)) { schedule(); return; }
    if (unitJobs.length && !advanceUnitMap(FRAME_SLICE_MS)) { schedule(); return; }
  } catch (e) {
    const runId = run.runId;
    dropFrame();   // frees the page's in-flight slot
    postError(e, { runId });
  }
  // Training: the epoch in progress is always finished; then a Step's epochs, then play's.
  let due = 0;
  if (run.target !== null) due = run.target - run.epoch;
  else if (run.playing) {
    due = Infinity;
    if (run.speed > 0) due = Math.floor(((now() - run.paceStart) * run.speed) / 1000) - run.paceEpochs;
  }
  if (due > 0 || run.midEpoch) {
    let done = 0;
    try {
      done = trainEpochs(Math.max(due, 0), CHUNK_BUDGET_MS);
    } catch (e) {
      run.playing = false;
      run.target = null;
      run.midEpoch = false;
      postError(e, { runId: run.runId });
    }
    if (done > 0) postProgress(!run.playing);
  }
  if (run.midEpoch || run.target !== null || (frameRequest && !frameJob) || paramRequests.length || exportRequest) { schedule(); return; }
  if (!run.playing) return;
  // Ahead of the target pace: sleep until the next epoch is due (a message may wake it earlier);
  // otherwise yield and go on.
  const wait = run.speed > 0 ? run.paceStart + ((run.paceEpochs + 1) * 1000) / run.speed - now() : 0;
  if (wait > 0) schedule(Math.max(1, Math.min(Math.ceil(wait), Math.ceil(1000 / run.speed))));
  else schedule();
}
