// web/lab/observer.js in Node: window.labState derived from event objects, each field with the
// meaning the browser tests and the bench read (status, epoch, frames, boundarySums, stoppedAt, ...).
// The events are written by hand here, shaped as the worker client and the page send them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createObserver, initialLabState } from '../../web/lab/observer.js';

/** A started message for `runId` with n train and m test points. */
const started = (runId, n = 3, m = 2) => ({ runId, shape: [[8, 8]], data: { trainY: new Float32Array(n), testY: new Float32Array(m),
  dims: 2, classes: 2 } });
const progress = (epoch, playing, extra = {}) => ({ epoch, playing, summaries: [{ activation: 'relu' }], msPerEpoch: 1.5,
  longestEpochMs: 3, longestSliceMs: 4, ...extra });

test('before anything happens: loading, nothing trained, the same object throughout', () => {
  const { view, observe } = createObserver();
  assert.deepEqual(view, initialLabState());
  assert.equal(view.status, 'loading');
  assert.equal(observe({ type: 'page', lang: 'zh', embed: true }), view);
  assert.deepEqual([view.lang, view.embed], ['zh', true]);
  const mine = { custom: 1, ...initialLabState() };
  assert.equal(createObserver(mine).view, mine, 'writes into the object it is given');
});

test('a run: restart, started, progress, frames; a new run starts its frame count afresh', () => {
  const { view, observe } = createObserver();
  observe({ type: 'restart', playing: true });
  assert.deepEqual([view.restarts, view.status], [1, 'running']);
  observe({ type: 'progress', msg: progress(0, true), playing: true, current: true, stopAt: null });
  observe({ type: 'started', msg: started(7), userPoints: 4 });
  assert.deepEqual([view.runId, view.trainCount, view.testCount, view.userPoints, view.dims, view.classes, view.frames],
    [7, 3, 2, 4, 2, 2, 0]);
  assert.deepEqual(view.shape, [[8, 8]]);
  observe({ type: 'progress', msg: progress(12, true), playing: true, current: true, stopAt: null });
  assert.deepEqual([view.epoch, view.status, view.workerPlaying, view.playAcked, view.workerMsPerEpoch], [12, 'running', true, true, 1.5]);
  assert.deepEqual([view.longestEpochMs, view.longestSliceMs, view.summaries.length], [3, 4, 1]);
  assert.equal(view.stoppedAt, undefined);
  // Two networks: sums by hand (1+2+3 = 6, 0.5+0.5 = 1).
  observe({ type: 'frame', msg: { epoch: 12, workerMs: 9, boundaries: [new Float32Array([1, 2, 3]), new Float32Array([0.5, 0.5])] }, now: 1000 });
  assert.deepEqual([view.frames, view.frameEpoch, view.frameWorkerMs, view.boundarySums], [1, 12, 9, [6, 1]]);
  // A frame that leaves the second network out (off screen) keeps its last sum.
  observe({ type: 'frame', msg: { epoch: 13, workerMs: 8, boundaries: [new Float32Array([2]), null] }, now: 1100 });
  assert.deepEqual([view.frames, view.frameEpoch, view.boundarySums], [2, 13, [2, 1]]);
  // ... and the epoch its boundary is of; the hash of a card never drawn is null.
  assert.deepEqual(view.boundaryEpochs, [13, 12]);
  observe({ type: 'frame', msg: { epoch: 14, workerMs: 8, boundaries: [null, null, new Float32Array([1])] }, now: 1200 });
  assert.deepEqual(view.boundaryEpochs, [13, 12, 14]);
  observe({ type: 'restart', playing: false });
  observe({ type: 'started', msg: started(8), userPoints: 0 });
  assert.deepEqual([view.restarts, view.status, view.runId, view.frames, view.boundarySums], [2, 'paused', 8, 0, []]);
  assert.deepEqual(view.boundaryEpochs, []);
  observe({ type: 'frame', msg: { epoch: 0, workerMs: 1, boundaries: [null, new Float32Array([1])] }, now: 2000 });
  assert.deepEqual([view.boundaryEpochs, view.boundaryHashes.length, view.boundaryHashes[0]], [[null, 0], 2, null]);
});

test('framesPerSecond counts the frames of the last second', () => {
  const { view, observe } = createObserver();
  const frame = (now) => observe({ type: 'frame', msg: { epoch: 1, workerMs: 1, boundaries: [] }, now });
  for (const t of [0, 100, 200, 300]) frame(t);
  assert.equal(view.framesPerSecond, 4);
  frame(1150);   // 0 and 100 are more than a second before 1150: 200, 300, 1150 remain
  assert.equal(view.framesPerSecond, 3);
  frame(5000);
  assert.equal(view.framesPerSecond, 1);
});

test('a reply to an older play command does not undo the user\'s Pause; stoppedAt when a link\'s epochs are reached', () => {
  const { view, observe } = createObserver();
  observe({ type: 'progress', msg: progress(5, true), playing: true, current: true, stopAt: null });
  observe({ type: 'play', playing: false });
  assert.equal(view.status, 'paused');
  observe({ type: 'progress', msg: progress(6, true), playing: false, current: false, stopAt: null });
  assert.deepEqual([view.status, view.workerPlaying, view.playAcked, view.epoch], ['paused', true, false, 6]);
  observe({ type: 'progress', msg: progress(6, false), playing: false, current: true, stopAt: 10 });
  assert.equal(view.stoppedAt, undefined, 'epoch 6 is before the link\'s 10');
  observe({ type: 'progress', msg: progress(10, false), playing: false, current: true, stopAt: 10 });
  assert.deepEqual([view.stoppedAt, view.workerPlaying], [10, false]);
});

test('errors: a refusal names the message, a fatal one stops the page; a new run clears the message', () => {
  const { view, observe } = createObserver();
  observe({ type: 'play', playing: true });
  observe({ type: 'error', message: 'noise must be from 0 to 0.5', fatal: false });
  assert.deepEqual([view.error, view.status], ['noise must be from 0 to 0.5', 'running']);
  observe({ type: 'started', msg: started(2), userPoints: 0 });
  assert.equal(view.error, null);
  observe({ type: 'error', message: 'out of memory', fatal: true });
  assert.deepEqual([view.error, view.status], ['out of memory', 'error']);
});

test('page events: ignored parameters (param, value, reason only), options, drawing, charts, highlight', () => {
  const { view, observe } = createObserver();
  observe({ type: 'ignored', list: [{ param: 'noise', value: '9', reason: 'must be from 0 to 0.5', vars: { min: 0, max: 0.5 } }] });
  assert.deepEqual(view.ignoredParams, [{ param: 'noise', value: '9', reason: 'must be from 0 to 0.5' }]);
  observe({ type: 'options', controlsShown: 3, chartsShown: false, textShown: true });
  assert.deepEqual([view.controlsShown, view.chartsShown, view.textShown], [3, false, true]);
  observe({ type: 'drawn', ms: 12, pending: true });
  assert.deepEqual([view.drawMs, view.drawPending], [12, true]);
  observe({ type: 'chart', ms: 4 });
  assert.equal(view.chartMs, 4);
  observe({ type: 'page', highlighted: 1, hostApi: true });
  assert.deepEqual([view.highlighted, view.hostApi], [1, true]);
  assert.throws(() => observe({ type: 'toString' }), /unknown event toString/);
});
