// The page's side of the worker connection: starts the module worker, numbers runs, drops
// replies about replaced runs, keeps at most one frame request in flight (a newer wish replaces
// an unsent one) and turns one-off requests into promises.
// Not a state store: it forwards what it hears to the listeners given to it.
import { TO_WORKER, TO_PAGE } from './protocol.js';
import { WorkerPool } from './pool.js';

export class LabClient {
  /** listeners: {started, progress, frame, error} callbacks, each given the message. */
  constructor(listeners = {}) {
    this.listeners = listeners;
    // A pool of module workers that looks like one (pool.js); one worker until setWorkers.
    this.worker = new WorkerPool(() => new Worker(new URL('../worker/worker.js', import.meta.url), { type: 'module' }));
    this.runId = 0;          // the run whose replies are heard
    this.issued = 0;         // run ids handed out (a loaded file's run becomes current only if accepted)
    this.playSeq = 0;        // numbers play/pause commands; see TO_WORKER.PLAY
    this.frameInFlight = false;
    this.frameWanted = null;
    this.nextRequestId = 1;
    this.pending = new Map();
    this.ready = new Promise((resolve, reject) => { this.resolveReady = resolve; this.rejectReady = reject; });
    this.worker.onmessage = (e) => this.receive(e.data);
    this.worker.onerror = (e) => {
      const err = new Error(e.message || 'worker failed to start');
      this.rejectReady(err);
      this.listeners.error?.({ message: err.message, fatal: true });
    };
  }

  receive(msg) {
    if (msg.type === TO_PAGE.READY) { this.tables = msg.tables; this.resolveReady(msg); return; }
    // An accepted file: its run is heard from now on (its STARTED follows), unless a newer run began.
    if (msg.type === TO_PAGE.LOADED && msg.runId > this.runId) { this.runId = msg.runId; this.frameWanted = null; }
    if (msg.requestId !== undefined && this.pending.has(msg.requestId)) {
      const { resolve, reject } = this.pending.get(msg.requestId);
      this.pending.delete(msg.requestId);
      if (msg.type === TO_PAGE.ERROR) reject(Object.assign(new Error(msg.message), { field: msg.field }));
      else resolve(msg);
      return;
    }
    if (msg.type === TO_PAGE.ERROR && msg.fatal) {
      this.rejectReady(new Error(msg.message));
      this.listeners.error?.(msg);
      return;
    }
    if (msg.runId !== undefined && msg.runId !== this.runId) {
      if (msg.type === TO_PAGE.FRAME) this.frameDone();   // the answer to our in-flight request, but stale
      return;
    }
    switch (msg.type) {
      case TO_PAGE.STARTED: this.listeners.started?.(msg); break;
      case TO_PAGE.PROGRESS: this.listeners.progress?.(msg); break;
      case TO_PAGE.FRAME: this.listeners.frame?.(msg); this.frameDone(); break;
      case TO_PAGE.ERROR: this.listeners.error?.(msg); break;
    }
  }

  send(msg) { this.worker.postMessage(msg); }

  /** How many workers the next runs may use (each run uses at most one per network). */
  setWorkers(n) { this.worker.resize(n); }

  /** Builds a new experiment; returns its runId. Any earlier run's replies are dropped from now on. */
  start(config, { play = true, stopAt = null, speed = 0 } = {}) {
    this.runId = ++this.issued;
    this.frameWanted = null;
    this.send({ type: TO_WORKER.START, runId: this.runId, config, play, stopAt, speed, seq: ++this.playSeq });
    return this.runId;
  }

  play(play) { this.send({ type: TO_WORKER.PLAY, runId: this.runId, play, seq: ++this.playSeq }); }
  step(epochs = 1) { this.send({ type: TO_WORKER.STEP, runId: this.runId, epochs, seq: ++this.playSeq }); }
  /** Whether a progress message already reflects the latest play/pause/step command. */
  current(msg) { return msg.playSeq === undefined || msg.playSeq === this.playSeq; }
  speed(speed) { this.send({ type: TO_WORKER.SPEED, runId: this.runId, speed }); }
  setTraining(training) { this.send({ type: TO_WORKER.SET_TRAINING, runId: this.runId, training }); }

  /** Asks for boundaries and diagnostics (and the linear regions of the networks in `regions`);
   *  coalesced so at most one request is in flight. */
  requestFrame(resolution, thumbResolution = 0, indices = null, regions = []) {
    const wish = { type: TO_WORKER.FRAME, runId: this.runId, resolution, thumbResolution, indices, regions };
    if (this.frameInFlight) { this.frameWanted = wish; return; }
    this.frameInFlight = true;
    this.send(wish);
  }

  frameDone() {
    this.frameInFlight = false;
    const wish = this.frameWanted;
    this.frameWanted = null;
    if (wish && wish.runId === this.runId) this.requestFrame(wish.resolution, wish.thumbResolution, wish.indices, wish.regions);
  }

  request(msg) {
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.send({ ...msg, requestId });
    });
  }

  /** One unit's map at a larger resolution (for the detail view). */
  unitMap(index, layer, unit, resolution) {
    return this.request({ type: TO_WORKER.UNIT_MAP, runId: this.runId, index, layer, unit, resolution });
  }

  /** Network `index`'s parameters, layout and input features (TO_PAGE.PARAMETERS). */
  parameters(index) {
    return this.request({ type: TO_WORKER.PARAMETERS, runId: this.runId, index });
  }

  /** Sets one parameter (flat index `parameter`) of network `index`; resolves with the network's
   *  parameters after it (with `set`), rejects with the refusal (its message names the field). */
  setParameter(index, parameter, value) {
    return this.request({ type: TO_WORKER.SET_PARAMETER, runId: this.runId, index, parameter, value });
  }

  /** The current run as a saved-experiment file: resolves to {text, epoch}. */
  exportFile() { return this.request({ type: TO_WORKER.EXPORT, runId: this.runId }); }

  /** Replaces the run with a saved file's (text): resolves once accepted (its STARTED follows);
   *  rejects with the refusal ({message, field}) and the current run goes on untouched. */
  loadFile(text) { return this.request({ type: TO_WORKER.LOAD, runId: ++this.issued, text, seq: this.playSeq }); }

  /** g(z) and g'(z) on the points z, plus values at the kinks, computed by the wasm module. */
  curve(activation, params, z, kinks = []) {
    return this.request({ type: TO_WORKER.CURVE, activation, params, z, kinks });
  }
}
