// The module worker: the only owner of the wasm module. It builds experiments, trains them in
// time-boxed chunks (yielding between chunks so new messages are handled), answers one coalesced
// frame request at a time with transferred arrays — computed in slices of FRAME_SLICE_MS, so
// Pause or a new run is heard even while a big network's 256 x 256 grid takes seconds — and
// times its own work. The smallest unit of training is one epoch (the core's API).
// Not a UI: it never decides what to show; it answers protocol.js messages.
import { TO_WORKER, TO_PAGE, CHUNK_BUDGET_MS, FRAME_SLICE_MS, PROGRESS_INTERVAL_MS, transferablesOf, tablesOf } from '../shared/protocol.js';
import { GridWork } from './gridwork.js';
import { loadReluLab } from '../wasm/relulab.mjs';

const now = () => performance.now();
let lab = null;
let run = null;          // the current experiment and its loop state
let frameJob = null;     // the frame being computed, slice by slice (at most one: the page keeps one in flight)
let scheduled = false;
const wake = new MessageChannel();
wake.port1.onmessage = () => tick();

/** A typed array that owns its whole buffer (so it can be transferred), copying if needed. */
const own = (a) => (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer
  ? a : a.slice());

function post(msg, startedAt) {
  if (startedAt !== undefined) msg.workerMs = now() - startedAt;
  self.postMessage(msg, transferablesOf(msg.boundaries, msg.thumbs, msg.values, msg.value, msg.derivative, msg.data && Object.values(msg.data)));
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
  }
  if (!run || msg.runId !== run.runId) {         // about a run that has been replaced
    // Frame requests are always answered, so the page's one-in-flight slot is freed.
    if (msg.type === TO_WORKER.FRAME) post({ type: TO_PAGE.FRAME, runId: msg.runId, stale: true });
    return;
  }
  switch (msg.type) {
    case TO_WORKER.PLAY:
      if (msg.play) run.stopAt = null;   // the user takes over from an `epochs=N` link
      run.playing = msg.play && !allStopped();
      run.playSeq = msg.seq ?? run.playSeq;
      resetPace();
      postProgress(true);                // acknowledges the command (playSeq) at once
      break;
    case TO_WORKER.STEP:
      run.playing = false;
      run.playSeq = msg.seq ?? run.playSeq;
      run.stopAt = null;
      trainEpochs(Math.max(1, msg.epochs | 0));
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
      // Computed in slices from tick(); the page keeps at most one in flight.
      startFrame(msg);
      break;
    case TO_WORKER.UNIT_MAP: {
      const t0 = now();
      const values = own(run.experiment.unitMap(msg.index, msg.layer, msg.unit, msg.resolution));
      post({ type: TO_PAGE.UNIT_MAP, runId: run.runId, requestId: msg.requestId, resolution: msg.resolution,
        values, diagnostics: run.experiment.diagnostics(msg.index) }, t0);
      break;
    }
    default:
      postError(new Error(`unknown message type ${JSON.stringify(msg.type)}`));
  }
  schedule();
}

function start(msg) {
  const t0 = now();
  if (run) { run.grid.dispose(); run.experiment.dispose(); }
  run = null;
  // A frame still being computed is answered (stale), so the page's one in-flight slot frees.
  if (frameJob) post({ type: TO_PAGE.FRAME, runId: frameJob.runId, stale: true });
  frameJob = null;
  let experiment;
  try {
    experiment = lab.experiment(msg.config);
  } catch (e) {
    postError(e, { runId: msg.runId, during: 'start' });
    return;
  }
  const n = experiment.size;
  const epoch0 = experiment.summary().reduce((m, s) => Math.max(m, s.epoch), 0);
  const d = experiment.data();
  run = { epoch: epoch0, runId: msg.runId, experiment, n, playing: !!msg.play, speed: Number(msg.speed) || 0,
    stopAt: Number.isInteger(msg.stopAt) && msg.stopAt >= 0 ? msg.stopAt : null, playSeq: msg.seq ?? 0,
    sentEpoch: -1, lastPost: 0, trainMs: 0, trainedEpochs: 0, recentMs: 0, paceStart: now(), paceEpochs: 0,
    longestEpochMs: 0, longestSliceMs: 0,   // the longest work done without reading messages
    grid: new GridWork(lab, experiment, msg.config, { dims: d.dims, classes: d.classes, output: d.output }) };
  if (run.stopAt !== null && run.stopAt <= 0) run.playing = false;
  const data = { dims: d.dims, classes: d.classes, output: d.output,
    trainX: own(Float32Array.from(d.trainX)), trainY: own(Float32Array.from(d.trainY)),
    testX: own(Float32Array.from(d.testX)), testY: own(Float32Array.from(d.testY)) };
  const shape = [];
  for (let i = 0; i < n; i++) shape.push(experiment.layout(i).slice(0, -1).map((l) => l.units));
  post({ type: TO_PAGE.STARTED, runId: run.runId, data, shape, ...progressBody() }, t0);
  schedule();
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

/** Trains up to `epochs` epochs (stopping at stopAt), one at a time so the budget is honoured. */
function trainEpochs(epochs, budgetMs = Infinity) {
  const t0 = now();
  let done = 0;
  while (done < epochs && now() - t0 < budgetMs) {
    if (run.stopAt !== null && run.epoch >= run.stopAt) { run.playing = false; break; }
    const t1 = now();
    run.experiment.train(1);
    run.longestEpochMs = Math.max(run.longestEpochMs, now() - t1);
    run.epoch += 1;
    done++;
  }
  const spent = now() - t0;
  run.trainMs += spent;
  run.trainedEpochs += done;
  // The current rate, not the average since the start: an exponential average of the chunks'
  // ms per epoch with a time constant of about a second of training.
  if (done > 0) {
    const per = spent / done;
    run.recentMs = run.recentMs === 0 ? per : run.recentMs + (per - run.recentMs) * (1 - Math.exp(-spent / 1000));
  }
  run.paceEpochs += done;
  if (run.stopAt !== null && run.epoch >= run.stopAt) run.playing = false;
  if (done > 0 && allStopped()) run.playing = false;
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

/** Plans a frame as a list of small tasks (grid slices, diagnostics, unit thumbnails). */
function startFrame(req) {
  const e = run.experiment;
  const wanted = new Set(req.indices ?? Array.from({ length: run.n }, (_, i) => i));
  const boundaries = [], diagnostics = [], thumbs = req.thumbResolution ? [] : null;
  const tasks = [];
  for (let i = 0; i < run.n; i++) {
    boundaries.push(null);
    diagnostics.push(null);
    thumbs?.push(null);
    if (!wanted.has(i)) continue;
    const job = run.grid.boundary(i, req.resolution);
    tasks.push((budget) => {
      if (!job.step(budget)) return false;
      boundaries[i] = own(job.values);
      return true;
    });
    tasks.push(() => { diagnostics[i] = e.diagnostics(i); return true; });
    if (thumbs) {
      const layers = e.layout(i).slice(0, -1);
      thumbs[i] = layers.map((l) => new Array(l.units).fill(null));
      layers.forEach((l, layer) => {
        for (let u = 0; u < l.units; u++) {
          tasks.push(() => { thumbs[i][layer][u] = own(e.unitMap(i, layer, u, req.thumbResolution)); return true; });
        }
      });
    }
  }
  frameJob = { runId: run.runId, epoch: run.epoch, resolution: req.resolution, thumbResolution: req.thumbResolution || 0,
    boundaries, diagnostics, thumbs, tasks, next: 0, workMs: 0 };
}

/** Works on the frame for about budgetMs; posts it when done. Returns true when no frame is left. */
function advanceFrame(budgetMs) {
  const job = frameJob;
  const t0 = now();
  while (job.next < job.tasks.length) {
    const left = budgetMs - (now() - t0);
    if (left <= 0) break;
    const t1 = now();
    if (job.tasks[job.next](left)) job.next += 1;
    run.longestSliceMs = Math.max(run.longestSliceMs, now() - t1);
  }
  job.workMs += now() - t0;
  if (job.next < job.tasks.length) return false;
  frameJob = null;
  post({ type: TO_PAGE.FRAME, runId: job.runId, epoch: job.epoch, resolution: job.resolution, boundaries: job.boundaries,
    diagnostics: job.diagnostics, thumbResolution: job.thumbResolution, thumbs: job.thumbs,
    summaries: run.experiment.summary(), workerMs: job.workMs });
  return true;
}

function schedule(delay = 0) {
  if (scheduled) return;
  scheduled = true;
  if (delay > 0) setTimeout(() => { scheduled = false; tick(); }, delay);
  else wake.port2.postMessage(0);
}

function tick() {
  scheduled = false;
  if (!run) return;
  if (frameJob) {
    // A frame goes before training (as the page waits for it), one slice per tick so that
    // messages are read in between; training resumes after the frame is posted.
    let done = true;
    try {
      done = advanceFrame(FRAME_SLICE_MS);
    } catch (e) {
      const runId = frameJob.runId;
      frameJob = null;
      post({ type: TO_PAGE.FRAME, runId, stale: true });   // frees the page's in-flight slot
      postError(e, { runId });
    }
    if (!done) { schedule(); return; }
  }
  if (!run.playing) return;
  let due = Infinity;
  if (run.speed > 0) due = Math.floor(((now() - run.paceStart) * run.speed) / 1000) - run.paceEpochs;
  if (due > 0) {
    try {
      trainEpochs(due, CHUNK_BUDGET_MS);
    } catch (e) {
      run.playing = false;
      postError(e, { runId: run.runId });
    }
    postProgress(!run.playing);
  }
  if (!run.playing) return;
  // Ahead of the target pace: sleep until the next epoch is due; otherwise yield and go on.
  if (run.speed > 0 && due <= 1) schedule(Math.max(1, Math.ceil(1000 / run.speed)));
  else schedule();
}
