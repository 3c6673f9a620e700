// What the lab page shows tests, the bench and a curious reader (window.labState), derived in one
// place from the worker client's events (started, progress, frame, error) and the page's own
// (play, restart, drawn, ...), so main.js only wires. Plain data in, plain data out: tested in
// Node (tests/web/observer.test.mjs) by feeding it event objects. Not the page's state of truth:
// the worker has the run, main.js the settings.

/** A fresh labState: what the page reports before the module has loaded. */
export function initialLabState() {
  return { status: 'loading', epoch: 0, runId: 0, summaries: [], ignoredParams: [], frames: 0,
    boundarySums: [], userPoints: 0, trainCount: 0, testCount: 0, lang: 'en', embed: false, restarts: 0, error: null, thumbMode: 'every',
    thumbRequests: { all: 0, every: 0, everyAsked: 0 } };
}

/** FNV-1a 32-bit over the float32 bits of the values, as a hex string. */
export function fnv1a(values) {
  const u = new Uint32Array(Float32Array.from(values).buffer);
  let h = 0x811c9dc5;
  for (const w of u) for (let b = 0; b < 32; b += 8) h = Math.imul(h ^ ((w >>> b) & 0xff), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** How far back frames count towards framesPerSecond (ms). */
const FPS_WINDOW_MS = 1000;

/**
 * An observer writing into `view` (window.labState; it keeps its identity, as tests hold it).
 * `observe(event)` applies one event; each is {type, ...}:
 *   started   {msg, userPoints}        a run exists (msg: the client's started message)
 *   progress  {msg, playing, current, stopAt}  playing: the page's play state after the reply;
 *                                      current: the reply answers the latest play command
 *   chart     {ms}                     the charts were drawn, taking ms
 *   frame     {msg, now}               boundaries arrived at time `now` (ms)
 *   drawn     {ms, pending}            a slice of card drawing; pending: cards still wait
 *   error     {message, fatal}         something failed (fatal: the page cannot go on)
 *   play      {playing}                the user (or a host page) pressed Play/Pause
 *   restart   {playing}                a new run was asked for
 *   ignored   {list}                   the refused URL parameters, reasons in the page's language
 *   options   {controlsShown, chartsShown, textShown}  what the page's URL options show
 *   page      {...fields}              page facts: lang, embed, hostApi, highlighted
 */
export function createObserver(view = initialLabState()) {
  let frameTimes = [];
  // boundarySums (a sum over every boundary value, 80,000 numbers a frame at the defaults) is
  // computed when it is read, not per frame: only tests read it. `latest` holds each network's
  // last boundary (a frame that leaves one out keeps its last), `sums` the sums read since.
  let latest = [];
  let sums = [];
  let epochs = [];   // the epoch of each network's last boundary
  const sumOf = (b) => b.reduce((s, v) => s + v, 0);
  Object.defineProperty(view, 'boundarySums', {
    enumerable: true, configurable: true,
    get() {
      for (let i = 0; i < latest.length; i++) if (typeof sums[i] !== 'number' && latest[i]) sums[i] = sumOf(latest[i]);
      return sums.slice(0, latest.length);
    },
    set(list) { latest = [...list]; sums = [...list]; epochs = []; },
  });
  // The same boundaries' exact bits (FNV-1a over each float32's bits), for tests that compare runs.
  Object.defineProperty(view, 'boundaryHashes', {
    enumerable: false, configurable: true,
    get() { return Array.from(latest, (b) => (b ? fnv1a(b) : null)); },   // a card never drawn: null (not a hole)
  });
  // The epoch each of those boundaries is of (a card left out of the latest frames keeps an older one).
  Object.defineProperty(view, 'boundaryEpochs', {
    enumerable: false, configurable: true,
    get() { return Array.from({ length: latest.length }, (_, i) => epochs[i] ?? null); },
  });
  const on = {
    started({ msg, userPoints }) {
      Object.assign(view, { runId: msg.runId, trainCount: msg.data.trainY.length, testCount: msg.data.testY.length,
        userPoints, dims: msg.data.dims, classes: msg.data.classes, frames: 0, error: null, boundarySums: [],
        // The hidden widths of each network as the core built them (per-layer widths show here).
        shape: msg.shape,
        inputs: msg.inputs });   // what each network reads of a point (the input features in use)
    },
    progress({ msg, playing, current, stopAt }) {
      Object.assign(view, { epoch: msg.epoch, summaries: msg.summaries, status: playing ? 'running' : 'paused',
        workerMsPerEpoch: msg.msPerEpoch, workerPlaying: current ? msg.playing : view.workerPlaying, playAcked: current,
        longestEpochMs: msg.longestEpochMs, longestSliceMs: msg.longestSliceMs });
      if (!playing && stopAt !== null && stopAt !== undefined && msg.epoch >= stopAt) view.stoppedAt = msg.epoch;
    },
    chart({ ms }) { view.chartMs = ms; },
    frame({ msg, now }) {
      view.frames += 1;
      view.frameEpoch = msg.epoch;
      view.frameSummaryEpochs = (msg.summaries ?? []).map((x) => x?.epoch ?? null);   // one epoch per frame (tests)
      view.frameThumbs = msg.thumbs ? msg.thumbs.filter(Boolean).length : 0;   // cards given unit thumbnails in this frame
      view.frameRegions = msg.regions?.filter(Boolean).length ?? 0;   // cards given regions in this frame
      // A network left out of this frame (off screen) keeps its last sum.
      msg.boundaries.forEach((b, i) => { if (b) { latest[i] = b; sums[i] = null; epochs[i] = msg.epoch; } });
      latest.length = Math.max(latest.length, msg.boundaries.length);
      view.frameWorkerMs = msg.workerMs;
      frameTimes = [...frameTimes, now].filter((t) => now - t < FPS_WINDOW_MS);
      view.framesPerSecond = frameTimes.length;
    },
    // Each frame request: the thumbnail mode in force and whether it asked for thumbnails.
    thumbs({ mode, asked, units }) {
      view.thumbMode = mode;
      view.thumbRequests.all += 1;
      if (mode === 'every' && units > 0) {
        view.thumbRequests.every += 1;
        if (asked) view.thumbRequests.everyAsked += 1;
      }
    },
    drawn({ ms, pending }) { Object.assign(view, { drawMs: ms, drawPending: pending }); },
    error({ message, fatal }) {
      view.error = message;
      if (fatal) view.status = 'error';
    },
    play({ playing }) { view.status = playing ? 'running' : 'paused'; },
    restart({ playing }) {
      view.restarts += 1;
      view.status = playing ? 'running' : 'paused';
    },
    ignored({ list }) { view.ignoredParams = list.map(({ param, value, reason }) => ({ param, value, reason })); },
    options({ controlsShown, chartsShown, textShown }) { Object.assign(view, { controlsShown, chartsShown, textShown }); },
    page({ type, ...facts }) { Object.assign(view, facts); },
  };
  return {
    view,
    observe(event) {
      const apply = Object.hasOwn(on, event.type) ? on[event.type] : null;
      if (!apply) throw new Error(`labState observer: unknown event ${String(event.type).slice(0, 40)}`);
      apply(event);
      return view;
    },
  };
}
