// The worker pool: looks like one module worker to the client (postMessage / onmessage / onerror)
// and spreads an experiment's networks over N workers, each running worker.js with the config
// narrowed to its share of the activations. An experiment built with a subset of the activations
// gives each network exactly the full experiment's bits (tests/wasm/subset.test.mjs), so the
// page sees the single-worker run's numbers.
// Lockstep: in pool mode the workers never play on their own; the pool steps them by rounds of
// epochs (TO_WORKER.STEP, a round of about ROUND_MS, at least one epoch), and a round ends when
// every worker has reached its last epoch, so a frame is asked of every worker at the same epoch
// boundary (never mixing epochs). Play, Pause, Step and speed are the pool's: it acknowledges
// them at once and paces rounds by the clock; setTraining waits for the end of the round (every
// network gets it at the same epoch boundary). A worker whose networks have all diverged is
// stopped: it leaves the rounds (its networks are frozen), still answers frames, and the run stops
// when every worker is stopped.
// Per-network requests are routed generically: a message with a numeric `index` goes to the
// worker owning that network with the index made local, and its reply (matched by requestId) gets
// the global index back. Other messages with a requestId go to worker 0; run-level messages the
// pool does not know go to every worker.
// With one worker (or one network) the pool passes every message through unchanged.
import { TO_WORKER, TO_PAGE } from './protocol.js';

/** The most workers the `workers` setting allows. */
export const MAX_WORKERS = 8;
/** A round of lockstep training lasts about this long (at least one epoch). */
export const ROUND_MS = 40;

/** The `workers` setting: 'auto' or a whole number 1..MAX_WORKERS -> {value} or {error}. */
export function parseWorkers(v) {
  if (v === 'auto') return { value: 'auto' };
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^[0-9]{1,2}$/.test(v) ? Number(v) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= MAX_WORKERS) return { value: n };
  return { error: `workers must be "auto" or a whole number from 1 to ${MAX_WORKERS}` };
}

/** Workers for a setting: 'auto' = one fewer than the cores reported (the page keeps one), at
 *  least 1 and at most MAX_WORKERS; the pool never uses more than there are networks. */
export function workerCount(setting, cores) {
  if (Number.isInteger(setting)) return Math.max(1, Math.min(MAX_WORKERS, setting));
  const c = Number.isInteger(cores) && cores > 0 ? cores : 1;
  return Math.max(1, Math.min(MAX_WORKERS, c - 1));
}

/**
 * What one network costs a worker, per activation: [ms of a training epoch, ms of a frame's grid
 * job (256 x 256 with diagnostics)], one network alone at the largest settings (2,000 points,
 * 8 x 64), measured with `node bench/pool/costs.mjs` (bench/README.md). The two differ in kind:
 * training is mostly matrix products, a frame's grid mostly the activation itself (forward only, on
 * 37 times as many points), so GELU, SiLU and Softplus (exact libm functions, computed in double)
 * cost 4 times ReLU in an epoch but 8 to 12 times in a frame. Maxout is given per piece (its
 * matrices are k times as wide). An activation not listed costs what ReLU costs.
 */
export const NETWORK_COST = Object.freeze({
  linear: [64, 98], sigmoid: [67, 225], tanh: [86, 286], relu: [61, 100], leaky_relu: [64, 100],
  prelu: [73, 144], abs: [66, 96], elu: [146, 266], selu: [172, 275], softplus: [138, 1023],
  gelu: [265, 1236], silu: [257, 821], maxout: [64, 122],
});

/** Network cost [epoch, frame] of `activation` (maxout with k pieces). */
export function networkCost(activation, maxoutK = 2) {
  const c = NETWORK_COST[activation] ?? NETWORK_COST.relu;
  const k = activation === 'maxout' ? Math.max(1, maxoutK) : 1;
  return [c[0] * k, c[1] * k];
}

/**
 * The networks' indices split into `parts` groups so that the slowest worker is as fast as it can
 * be both in an epoch and in a frame (the two costs of NETWORK_COST, which rank the activations
 * differently): the split whose worst share of either cost is least, found by a depth-first search
 * over assignments (largest network first, groups used in order so no split is tried twice, a branch
 * left as soon as it cannot beat the best so far), stopped after SEARCH_NODES steps with the best
 * found (for the lab's 13 activations it finishes). Deterministic; the split only decides speed,
 * never bits (a network's bits do not depend on the others: docs/DETERMINISM.md). Indices ascending
 * within a group; no empty group (parts = min(parts, networks)).
 */
export function partition(activations, parts, maxoutK = 2) {
  const n = activations.length;
  const p = Math.max(1, Math.min(parts, n));
  const costs = activations.map((a) => networkCost(a, maxoutK));
  const total = [0, 1].map((d) => costs.reduce((s, c) => s + c[d], 0) || 1);
  const shares = costs.map((c) => [c[0] / total[0], c[1] / total[1]]);
  const order = activations.map((_, i) => i)
    .sort((a, b) => Math.max(...shares[b]) - Math.max(...shares[a]) || a - b);
  const load = Array.from({ length: p }, () => [0, 0]);
  const group = new Array(n).fill(0);
  let best = Infinity, bestGroup = null, nodes = 0;
  const search = (rank, used, worst) => {
    if (++nodes > SEARCH_NODES || worst >= best - 1e-12) return;
    if (rank === n) {
      if (used === p) { best = worst; bestGroup = group.slice(); }
      return;
    }
    if (p - used > n - rank) return;                       // too few networks left to fill the groups
    const i = order[rank];
    for (let g = 0; g < Math.min(used + 1, p); g++) {
      load[g][0] += shares[i][0]; load[g][1] += shares[i][1]; group[i] = g;
      search(rank + 1, Math.max(used, g + 1), Math.max(worst, load[g][0], load[g][1]));
      load[g][0] -= shares[i][0]; load[g][1] -= shares[i][1];
    }
  };
  search(0, 0, 0);
  if (!bestGroup) bestGroup = activations.map((_, i) => i % p);   // not reached: the first leaf fills every group
  const groups = Array.from({ length: p }, () => []);
  for (let i = 0; i < n; i++) groups[bestGroup[i]].push(i);
  return groups;
}
/** Most steps partition() searches (a few milliseconds). */
const SEARCH_NODES = 200000;

/** Fills arrays of length n (global order) from the parts' local arrays. */
function scatter(n, parts, pick, empty = null) {
  const out = new Array(n).fill(empty);
  for (const { indices, msg } of parts) {
    const local = pick(msg);
    indices.forEach((g, l) => { out[g] = local ? local[l] ?? empty : empty; });
  }
  return out;
}

/** One frame from every worker's part (parts: [{indices, msg}], msg the worker's frame) for one
 *  epoch; request: the page's frame request. */
export function assembleFrame(parts, n, { runId, epoch, resolution, thumbResolution }) {
  const thumbs = thumbResolution ? scatter(n, parts, (m) => m.thumbs) : null;
  return { type: TO_PAGE.FRAME, runId, epoch, resolution, thumbResolution: thumbResolution || 0,
    boundaries: scatter(n, parts, (m) => m.boundaries), diagnostics: scatter(n, parts, (m) => m.diagnostics),
    thumbs, regions: scatter(n, parts, (m) => m.regions), summaries: scatter(n, parts, (m) => m.summaries),
    workerMs: Math.max(0, ...parts.map((p) => p.msg.workerMs ?? 0)) };
}

/** A page frame request narrowed to one part: its wanted networks and regions, made local. */
export function narrowFrame(req, indices) {
  const local = new Map(indices.map((g, l) => [g, l]));
  const pick = (list) => list.filter((g) => local.has(g)).map((g) => local.get(g));
  return { ...req, indices: req.indices ? pick(req.indices) : null, regions: pick(req.regions ?? []) };
}

/** `activations[k]` of a part's message, made global. */
export function globalField(text, indices) {
  return typeof text === 'string' ? text.replace(/activations\[(\d+)\]/g, (m, k) => (indices[+k] === undefined ? m : `activations[${indices[+k]}]`)) : text;
}

export class WorkerPool {
  /** spawn(): a new module worker running worker.js. */
  constructor(spawn, size = 1) {
    this.spawn = spawn;
    this.size = Math.max(1, size);
    this.slots = [];
    this.onmessage = null;
    this.onerror = null;
    this.tables = null;
    this.run = null;          // {runId, pool: bool, parts, ...}
    this.pageFrame = null;    // the page's frame request not yet answered (the client keeps one in flight)
    this.routed = new Map();  // requestId -> {slot, indices} of a per-network request
    this.timer = null;
    this.loading = null;      // {runId, text} of a saved file the first worker is checking
    this.saves = 0;           // numbers the parts' export requests
    this.slot(0);
  }

  /** Workers in use by the current run (1 before the first). */
  get inUse() { return this.run?.pool ? this.run.parts.length : 1; }

  /** Sets the pool size for the next runs (workers start when a run needs them). */
  resize(size) { this.size = Math.max(1, Math.min(MAX_WORKERS, size | 0)); }

  terminate() {
    clearTimeout(this.timer);
    this.slots.forEach((s) => s?.worker.terminate());
    this.slots = [];
  }

  /** Ends the workers beyond the first `n` (at least one is kept): each holds a wasm instance;
   *  slot() starts them again when a run needs them. */
  keepSlots(n) {
    const keep = Math.max(1, n);
    for (let i = keep; i < this.slots.length; i++) this.slots[i]?.worker.terminate();
    this.slots.length = Math.min(this.slots.length, keep);
  }

  slot(i) {
    if (this.slots[i]) return this.slots[i];
    const s = { worker: this.spawn(), ready: false, queue: [] };
    s.worker.onmessage = (e) => this.receive(s, e.data);
    s.worker.onerror = (e) => { if (i === 0 || !this.slots[0]?.ready) this.onerror?.(e); else this.failed(s, e); };
    this.slots[i] = s;
    return s;
  }

  sendTo(s, msg) {
    if (s.ready) s.worker.postMessage(msg);
    else s.queue.push(msg);
  }

  /** To the client, never from inside its own call (as a worker's reply): a Pause acknowledged by
   *  the pool must not reach the page before the page has finished sending it. */
  out(msg) { queueMicrotask(() => this.onmessage?.({ data: msg })); }

  /** Answers the page's open frame request as stale. */
  dropPageFrame() {
    if (this.pageFrame) this.out({ type: TO_PAGE.FRAME, runId: this.pageFrame.runId, stale: true });
    this.pageFrame = null;
  }

  postMessage(msg) {
    switch (msg.type) {
      case TO_WORKER.START: return this.start(msg);
      case TO_WORKER.FRAME:
        this.dropPageFrame();
        this.pageFrame = msg;
        if (!this.run?.pool) return this.sendTo(this.slots[0], msg);
        if (msg.runId !== this.run.runId || this.run.failed) return this.dropPageFrame();
        return this.pump();
    }
    // A saved file is checked and built whole by the first worker, which replaces its part of the
    // run only if it accepts it; accepted (LOADED), the file is split over the pool (loadedSplit).
    if (msg.type === TO_WORKER.LOAD) {
      this.loading = { runId: msg.runId, text: msg.text };
      return this.sendTo(this.slots[0], msg);
    }
    if (!this.run?.pool) return this.sendTo(this.slots[0], msg);
    const r = this.run;
    // Saving: every part's file at one epoch, merged into one (pump, exportReply).
    if (msg.type === TO_WORKER.EXPORT) {
      if (msg.runId !== r.runId || r.failed || !r.started) {
        return this.out({ type: TO_PAGE.ERROR, requestId: msg.requestId, runId: msg.runId, during: TO_WORKER.EXPORT,
          message: 'the experiment was replaced before it could be saved' });
      }
      r.exports.push(msg);
      return this.pump();
    }
    if (typeof msg.index === 'number' && Number.isInteger(msg.index)) {
      const owner = r.owner[msg.index];
      if (!owner) return this.sendTo(this.slots[0], msg);   // the worker refuses it, naming the index
      if (msg.requestId !== undefined) this.routed.set(msg.requestId, { index: msg.index });
      return this.sendTo(owner.part.slot, { ...msg, index: owner.local });
    }
    if (msg.runId !== r.runId && Object.values(TO_WORKER).includes(msg.type) && msg.type !== TO_WORKER.CURVE) return;
    switch (msg.type) {
      case TO_WORKER.PLAY:
        if (msg.play) r.stopAt = null;
        r.playing = !!msg.play && !this.allStopped();
        r.target = null;
        r.playSeq = msg.seq ?? r.playSeq;
        this.resetPace();
        this.progress();
        return this.pump();
      case TO_WORKER.STEP:
        r.playing = false;
        r.playSeq = msg.seq ?? r.playSeq;
        r.stopAt = null;
        r.target = Math.max(r.target ?? r.epoch, r.epoch) + Math.max(1, msg.epochs | 0);
        this.progress();
        return this.pump();
      case TO_WORKER.SPEED:
        r.speed = Math.max(0, Number(msg.speed) || 0);
        this.resetPace();
        return this.pump();
      case TO_WORKER.SET_TRAINING:
        r.trainingQueue.push(msg);
        return this.pump();
    }
    if (msg.requestId !== undefined) return this.sendTo(this.slots[0], msg);
    for (const p of r.parts) this.sendTo(p.slot, msg);
  }

  start(msg) {
    clearTimeout(this.timer);
    this.dropPageFrame();
    // Saves asked of the replaced run are answered (refused), so no page waits for them.
    const old = this.run;
    for (const asked of [...(old?.exports ?? []), ...(old?.saving?.asked ?? [])]) {
      this.out({ type: TO_PAGE.ERROR, requestId: asked.requestId, runId: asked.runId, during: TO_WORKER.EXPORT,
        message: 'the experiment was replaced before it could be saved' });
    }
    this.routed.clear();
    const acts = msg.config?.activations ?? this.tables?.defaults?.activations ?? [];
    const groups = partition(acts, Math.min(this.size, acts.length || 1), msg.config?.maxoutK ?? this.tables?.defaults?.maxoutK);
    this.keepSlots(groups.length);
    if (groups.length <= 1) {
      this.run = { runId: msg.runId, pool: false };
      return this.sendTo(this.slots[0], { ...msg });
    }
    const parts = this.poolRun(msg, groups, acts.length, 0);
    for (const p of parts) {
      this.sendTo(p.slot, { type: TO_WORKER.START, runId: msg.runId, config: { ...msg.config, activations: p.indices.map((i) => acts[i]) },
        play: false, stopAt: null, speed: 0, seq: 0 });
    }
  }

  /** The pool run `msg.runId` over `groups` (indices of the n networks), at `epoch`; its parts. */
  poolRun(msg, groups, n, epoch) {
    const parts = groups.map((indices, i) => ({ indices, slot: this.slot(i), started: null, epoch, stopped: false,
      summaries: [], histories: indices.map(() => []), msPerEpoch: 0, longestEpochMs: 0, longestSliceMs: 0, workerMs: 0,
      awaitLoad: null }));
    const owner = [];
    parts.forEach((part) => part.indices.forEach((g, local) => { owner[g] = { part, local }; }));
    this.run = { runId: msg.runId, pool: true, parts, owner, n, started: false, failed: false,
      playing: !!msg.play, speed: Number(msg.speed) || 0, playSeq: msg.seq ?? 0, target: null,
      stopAt: Number.isInteger(msg.stopAt) && msg.stopAt >= 0 ? msg.stopAt : null,
      epoch, round: null, frame: null, trainingQueue: [], training: null, paceStart: 0, paceEpochs: 0,
      exports: [], saving: null };
    if (this.run.stopAt !== null && this.run.stopAt <= 0) this.run.playing = false;
    return parts;
  }

  /**
   * The first worker accepted the saved file `text` (LOADED, the run `loaded.runId`): with more than
   * one network and worker, every worker (the first again) now loads its share of the networks, a
   * file narrowed to them (a share of a file the first worker checked in full), and the run goes on
   * as a pool run, paused at the file's epoch. Returns false when the file stays whole in the first worker.
   */
  loadedSplit(loaded, text) {
    let file = null;
    try { file = JSON.parse(text); } catch { return false; }
    const acts = file?.config?.activations ?? this.tables?.defaults?.activations ?? [];
    if (this.size <= 1 || !Array.isArray(acts) || !Array.isArray(file.networks) || file.networks.length !== acts.length) return false;
    const groups = partition(acts, Math.min(this.size, acts.length || 1), file.config.maxoutK ?? this.tables?.defaults?.maxoutK);
    if (groups.length <= 1) return false;
    this.keepSlots(groups.length);
    const speed = this.run?.speed ?? 0;
    const parts = this.poolRun({ runId: loaded.runId, play: false, speed, seq: loaded.seq }, groups, acts.length, file.epoch);
    for (const p of parts) {
      p.awaitLoad = `pool-load-${++this.saves}`;
      const share = { ...file, config: { ...file.config, activations: p.indices.map((i) => acts[i]) }, networks: p.indices.map((i) => file.networks[i]) };
      this.sendTo(p.slot, { type: TO_WORKER.LOAD, runId: loaded.runId, requestId: p.awaitLoad, text: JSON.stringify(share) });
    }
    return true;
  }

  receive(s, msg) {
    if (msg.type === TO_PAGE.READY) {
      s.ready = true;
      s.queue.splice(0).forEach((m) => s.worker.postMessage(m));
      if (s === this.slots[0] && !this.tables) { this.tables = msg.tables; this.out(msg); }
      return;
    }
    if (msg.type === TO_PAGE.ERROR && msg.fatal) {
      if (s === this.slots[0] && !this.tables) this.out(msg);
      else this.failed(s, msg);
      return;
    }
    // A routed per-network reply: its index made global again.
    if (msg.requestId !== undefined && this.routed.has(msg.requestId)) {
      const { index } = this.routed.get(msg.requestId);
      this.routed.delete(msg.requestId);
      return this.out(typeof msg.index === 'number' ? { ...msg, index } : msg);
    }
    const r = this.run;
    if (msg.type === TO_PAGE.ERROR && s === this.slots[0] && msg.runId === this.loading?.runId && msg.during === TO_WORKER.LOAD) {
      this.loading = null;   // refused whole: the run goes on as it was, in every worker
      return this.out(msg);
    }
    if (msg.type === TO_PAGE.LOADED && s === this.slots[0] && msg.runId === this.loading?.runId) {
      // The old run ends in every worker: the loaded one is split over the pool, or the first worker's alone.
      const { text } = this.loading;
      this.loading = null;
      clearTimeout(this.timer);
      this.dropPageFrame();
      if (!this.loadedSplit({ runId: msg.runId, seq: r?.playSeq ?? 0 }, text)) {
        this.keepSlots(1);
        this.run = { runId: msg.runId, pool: false };
      }
      return this.out(msg);
    }
    if (r?.saving && msg.requestId !== undefined && r.saving.ids.has(msg.requestId)) return this.exportReply(s, msg);
    if (!r?.pool) {
      if (s !== this.slots[0]) return;
      if (msg.type === TO_PAGE.FRAME) {
        if (!this.pageFrame || msg.runId !== this.pageFrame.runId) return;   // answered already (a new run)
        this.pageFrame = null;
      }
      if (msg.type === TO_PAGE.STARTED) msg.workers = 1;
      return this.out(msg);
    }
    if (msg.runId !== undefined && msg.runId !== r.runId) return;
    const part = r.parts.find((p) => p.slot === s);
    if (!part) return msg.requestId !== undefined ? this.out(msg) : undefined;
    if (part.awaitLoad) {
      // Until its share of a loaded file is in, a worker's messages are about the run it had.
      if (msg.requestId !== part.awaitLoad) return;
      part.awaitLoad = null;
      if (msg.type === TO_PAGE.LOADED) return;
      // A share of a file the first worker accepted whole was refused (not expected): the run stops with the reason.
      r.failed = true;
      return this.out({ ...msg, requestId: undefined, during: 'start', message: `the loaded file could not be split over the workers: ${msg.message}` });
    }
    if (r.failed) return;
    if (msg.requestId !== undefined) return this.out(msg);
    switch (msg.type) {
      case TO_PAGE.STARTED:
        part.started = msg;
        this.absorb(part, msg);
        if (r.parts.every((p) => p.started)) {
          r.started = true;
          r.paceStart = performance.now();
          const first = r.parts[0].started;
          this.out({ ...this.progressBody(), type: TO_PAGE.STARTED, data: first.data, inputs: first.inputs,
            shape: scatter(r.n, r.parts.map((p) => ({ indices: p.indices, msg: p.started })), (m) => m.shape),
            workers: r.parts.length, workerMs: Math.max(...r.parts.map((p) => p.started.workerMs ?? 0)) });
          this.pump();
        }
        return;
      case TO_PAGE.PROGRESS:
        this.absorb(part, msg);
        if (msg.training) this.trainingReply(part, msg, null);
        else this.roundReply(part);
        return;
      case TO_PAGE.FRAME: {
        const f = r.frame;
        if (!f || f.parts.has(part) || msg.stale) {
          if (msg.stale && f) { r.frame = null; this.dropPageFrame(); this.pump(); }
          return;
        }
        f.parts.set(part, msg);
        if (f.parts.size < r.parts.length) return;
        r.frame = null;
        const frame = assembleFrame(r.parts.map((p) => ({ indices: p.indices, msg: f.parts.get(p) })), r.n, f.req);
        frame.epoch = f.epoch;
        if (this.pageFrame === f.req) this.pageFrame = null;
        this.out(frame);
        return this.pump();
      }
      case TO_PAGE.ERROR: {
        const err = { ...msg, field: globalField(msg.field, part.indices), message: globalField(msg.message, part.indices) };
        if (msg.during === 'start') {
          r.failed = true;
          this.dropPageFrame();
          return this.out(err);
        }
        if (msg.during === TO_WORKER.SET_TRAINING) return this.trainingReply(part, msg, err);
        // Training or a frame failed in a worker: the run stops, as in one worker.
        r.playing = false;
        r.target = null;
        r.round = null;
        if (r.frame) { r.frame = null; this.dropPageFrame(); }
        return this.out(err);
      }
      default:
        return this.out(msg);
    }
  }

  /** One part's saved file (or refusal); with all of them, one file of every network in the page's
   *  order (the format of experiment-file.js: config, epoch, networks), answered to each request. */
  exportReply(s, msg) {
    const r = this.run;
    const sv = r.saving;
    const part = sv.ids.get(msg.requestId);
    sv.ids.delete(msg.requestId);
    if (msg.type === TO_PAGE.ERROR) sv.error = sv.error ?? { ...msg, message: globalField(msg.message, part.indices) };
    else sv.texts.set(part, msg);
    if (sv.ids.size > 0) return;
    r.saving = null;
    let reply;
    try {
      if (sv.error) throw Object.assign(new Error(sv.error.message), { field: sv.error.field });
      const files = r.parts.map((p) => ({ indices: p.indices, msg: JSON.parse(sv.texts.get(p).text) }));
      const epochs = new Set(files.map((f) => f.msg.epoch));
      if (epochs.size !== 1) throw new Error(`the workers were at different epochs (${[...epochs].join(', ')}); nothing was saved`);
      const file = { ...files[0].msg, config: { ...files[0].msg.config, activations: scatter(r.n, files, (f) => f.config.activations) },
        networks: scatter(r.n, files, (f) => f.networks) };
      reply = { type: TO_PAGE.EXPORTED, runId: r.runId, epoch: file.epoch, text: `${JSON.stringify(file)}\n` };
    } catch (e) {
      reply = { type: TO_PAGE.ERROR, runId: r.runId, during: TO_WORKER.EXPORT, message: e.message, field: e.field };
    }
    for (const asked of sv.asked) this.out({ ...reply, requestId: asked.requestId });
    this.pump();
  }

  /** A worker that failed after the start: its error is the page's, and the run stops. */
  failed(s, e) {
    this.out({ type: TO_PAGE.ERROR, message: String(e?.message ?? 'a worker failed'), fatal: false, runId: this.run?.runId });
    if (this.run?.pool) { this.run.playing = false; this.run.failed = true; this.dropPageFrame(); }
  }

  /** Takes in a worker's progress: epoch, summaries, timings; histories kept until forwarded. */
  absorb(part, msg) {
    part.epoch = msg.epoch;
    part.summaries = msg.summaries;
    part.stopped = msg.summaries.length > 0 && msg.summaries.every((x) => x.diverged);
    msg.histories?.forEach((h, l) => { if (h?.length) part.histories[l].push(...h); });
    for (const k of ['msPerEpoch', 'longestEpochMs', 'longestSliceMs', 'workerMs']) part[k] = msg[k] ?? part[k];
  }

  allStopped() { return this.run.parts.every((p) => p.stopped); }

  live() { return this.run.parts.filter((p) => !p.stopped); }

  /** The merged progress body: every network's summary and the histories not yet forwarded. */
  progressBody() {
    const r = this.run;
    const parts = r.parts.map((p) => ({ indices: p.indices, msg: p }));
    const histories = scatter(r.n, parts, (p) => p.histories, []);
    for (const p of r.parts) p.histories = p.indices.map(() => []);
    const max = (k) => Math.max(0, ...r.parts.map((p) => p[k] ?? 0));
    return { type: TO_PAGE.PROGRESS, runId: r.runId, epoch: r.epoch, playing: r.playing, playSeq: r.playSeq,
      summaries: scatter(r.n, parts, (p) => p.summaries), histories, msPerEpoch: max('msPerEpoch'), stopAt: r.stopAt,
      longestEpochMs: max('longestEpochMs'), longestSliceMs: max('longestSliceMs'), workers: r.parts.length };
  }

  progress(extra = {}) {
    if (this.run.started) this.out({ ...this.progressBody(), ...extra });
  }

  resetPace() {
    this.run.paceStart = performance.now();
    this.run.paceEpochs = 0;
  }

  trainingReply(part, msg, err) {
    const t = this.run.training;
    if (!t) return;
    t.replies.set(part, err ?? msg);
    if (t.replies.size < this.run.parts.length) return;
    this.run.training = null;
    const refused = [...t.replies.values()].find((m) => m.type === TO_PAGE.ERROR);
    if (refused) this.out(refused);
    else this.progress({ training: msg.training });
    this.pump();
  }

  roundReply(part) {
    const r = this.run;
    const round = r.round;
    if (!round || !round.waiting.has(part)) return;
    if (part.epoch < round.to && !part.stopped) return;
    round.waiting.delete(part);
    if (round.waiting.size) return;
    r.round = null;
    const live = this.live();
    const before = r.epoch;
    r.epoch = Math.max(r.epoch, ...(live.length ? live : r.parts).map((p) => p.epoch));
    if (r.playing || round.paced) r.paceEpochs += r.epoch - before;
    if (r.target !== null && r.epoch >= r.target) r.target = null;
    if (r.stopAt !== null && r.epoch >= r.stopAt) r.playing = false;
    if (this.allStopped()) { r.playing = false; r.target = null; }
    this.progress();
    this.pump();
  }

  /** At rest between rounds: a live settings change, then a frame, then the next round. */
  pump() {
    const r = this.run;
    clearTimeout(this.timer);
    if (!r?.pool || !r.started || r.failed || r.round || r.training) return;
    const live = this.live();
    const top = Math.max(r.epoch, ...live.map((p) => p.epoch));
    const behind = live.filter((p) => p.epoch < top);
    if (behind.length) return this.round(top, behind, false);   // catch up (after an error or divergence)
    if (r.trainingQueue.length) {
      const msg = r.trainingQueue.pop();   // only the latest matters: each carries every setting asked for
      r.trainingQueue.length = 0;
      r.training = { replies: new Map() };
      for (const p of r.parts) this.sendTo(p.slot, msg);
      return;
    }
    if (r.saving) return;                                     // the parts are writing their files
    if (r.exports.length) {
      // Every part at r.epoch and at rest: each writes its file before any further round.
      r.saving = { ids: new Map(), texts: new Map(), asked: r.exports.splice(0), epoch: r.epoch };
      r.parts.forEach((p) => {
        const requestId = `pool-export-${r.runId}-${++this.saves}`;
        r.saving.ids.set(requestId, p);
        this.sendTo(p.slot, { type: TO_WORKER.EXPORT, runId: r.runId, requestId });
      });
      return;
    }
    if (this.pageFrame && !r.frame && this.pageFrame.runId === r.runId) {
      const req = this.pageFrame;
      r.frame = { req, epoch: r.epoch, parts: new Map() };
      for (const p of r.parts) this.sendTo(p.slot, narrowFrame(req, p.indices));
    }
    let due = 0;
    if (r.target !== null) due = r.target - r.epoch;
    else if (r.playing) {
      due = Infinity;
      if (r.stopAt !== null) due = r.stopAt - r.epoch;
      if (r.speed > 0) {
        const paced = Math.floor(((performance.now() - r.paceStart) * r.speed) / 1000) - r.paceEpochs;
        if (paced <= 0 && due > 0) {
          const wait = r.paceStart + ((r.paceEpochs + 1) * 1000) / r.speed - performance.now();
          this.timer = setTimeout(() => this.pump(), Math.max(1, Math.ceil(wait)));
          return;
        }
        due = Math.min(due, paced);
      }
    }
    if (due <= 0 || !live.length) return;
    const per = Math.max(...live.map((p) => p.msPerEpoch || 0));
    const k = Math.max(1, Math.min(due, per > 0 ? Math.floor(ROUND_MS / per) : 1, 1000));
    this.round(r.epoch + k, live, r.speed > 0);
  }

  round(to, parts, paced) {
    const r = this.run;
    r.round = { to, waiting: new Set(parts), paced };
    for (const p of parts) this.sendTo(p.slot, { type: TO_WORKER.STEP, runId: r.runId, epochs: to - p.epoch, seq: 0 });
  }
}
