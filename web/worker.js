// The module worker: the only owner of the wasm module. It builds experiments, trains them in
// time-boxed chunks (yielding between chunks so new messages are handled), answers one coalesced
// frame request at a time with transferred arrays, and times its own work.
// Not a UI: it never decides what to show; it answers protocol.js messages.
import { TO_WORKER, TO_PAGE, CHUNK_BUDGET_MS, PROGRESS_INTERVAL_MS, transferablesOf } from './protocol.js';
import { loadReluLab } from './wasm/relulab.mjs';

const now = () => performance.now();
let lab = null;
let run = null;          // the current experiment and its loop state
let frameRequest = null; // latest frame request not yet answered (newer ones replace it)
let scheduled = false;
const wake = new MessageChannel();
wake.port1.onmessage = () => tick();

const plain = (v) => JSON.parse(JSON.stringify(v));

/** The tables the page needs, as plain data; activation params as setting keys. */
function tablesOf(lab) {
  const t = plain({
    activations: lab.activations, settings: lab.settings, datasets: lab.datasets,
    initSchemes: lab.initSchemes, optimizers: lab.optimizers, outputKinds: lab.outputKinds,
    reluGradAtZeroChoices: Array.from(lab.reluGradAtZeroChoices), defaults: lab.defaults,
    constants: lab.constants ?? {},
  });
  for (const a of t.activations) a.params = a.params.map((p) => (typeof p === 'string' ? p : p.key));
  return t;
}

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
      resetPace();
      if (!run.playing) postProgress(true);
      break;
    case TO_WORKER.STEP:
      run.playing = false;
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
      // Answered at once: the page keeps at most one in flight, so nothing queues up here.
      frameRequest = msg;
      serveFrame();
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
  if (run) run.experiment.dispose();
  run = null;
  frameRequest = null;
  let experiment;
  try {
    experiment = lab.experiment(msg.config);
  } catch (e) {
    postError(e, { runId: msg.runId, during: 'start' });
    return;
  }
  const n = experiment.size;
  const epoch0 = experiment.summary().reduce((m, s) => Math.max(m, s.epoch), 0);
  run = { epoch: epoch0, runId: msg.runId, experiment, n, playing: !!msg.play, speed: Number(msg.speed) || 0,
    stopAt: Number.isInteger(msg.stopAt) && msg.stopAt >= 0 ? msg.stopAt : null,
    sentEpoch: -1, lastPost: 0, trainMs: 0, trainedEpochs: 0, paceStart: now(), paceEpochs: 0 };
  if (run.stopAt !== null && run.stopAt <= 0) run.playing = false;
  const d = experiment.data();
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
    run.experiment.train(1);
    run.epoch += 1;
    done++;
  }
  run.trainMs += now() - t0;
  run.trainedEpochs += done;
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
  return { runId: run.runId, epoch, playing: run.playing, summaries, histories,
    msPerEpoch: run.trainedEpochs ? run.trainMs / run.trainedEpochs : 0, stopAt: run.stopAt };
}

function postProgress(force) {
  const t = now();
  if (!force && t - run.lastPost < PROGRESS_INTERVAL_MS) return;
  run.lastPost = t;
  post({ type: TO_PAGE.PROGRESS, ...progressBody() }, t);
}

function serveFrame() {
  const req = frameRequest;
  frameRequest = null;
  if (!run || req.runId !== run.runId) return;
  const t0 = now();
  const e = run.experiment;
  const boundaries = [], diagnostics = [], thumbs = req.thumbResolution ? [] : null;
  const wanted = new Set(req.indices ?? Array.from({ length: run.n }, (_, i) => i));
  for (let i = 0; i < run.n; i++) {
    if (!wanted.has(i)) {
      boundaries.push(null);
      diagnostics.push(null);
      thumbs?.push(null);
      continue;
    }
    boundaries.push(own(e.boundary(i, req.resolution)));
    const diag = e.diagnostics(i);
    diagnostics.push(diag);
    if (thumbs) {
      thumbs.push(diag.layers.map((layer, l) => layer.units.map((_, u) =>
        own(e.unitMap(i, l, u, req.thumbResolution)))));
    }
  }
  const epoch = run.epoch;
  post({ type: TO_PAGE.FRAME, runId: run.runId, epoch, resolution: req.resolution, boundaries, diagnostics,
    thumbResolution: req.thumbResolution || 0, thumbs, summaries: e.summary() }, t0);
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
  if (frameRequest) {
    try { serveFrame(); } catch (e) { postError(e, { runId: run?.runId }); }
  }
  if (!run || !run.playing) return;
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
