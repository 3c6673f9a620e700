// W4 bench worker: the default experiment (eight activations), and per update one epoch of
// training for all eight networks plus each network's 100 x 100 boundary, posted to the page.
// Computes the next update while the page draws the last; at most one update waits unacked.
import { loadReluLab } from './wasm/relulab.mjs';

const RESOLUTION = 100;
let experiment = null, ready = null, waiting = false;

function compute() {
  const t0 = performance.now();
  experiment.train(1);
  const boundaries = [];
  for (let i = 0; i < experiment.size; i++) boundaries.push(experiment.boundary(i, RESOLUTION));
  return { type: 'update', resolution: RESOLUTION, boundaries, workerMs: performance.now() - t0 };
}

function send(update) {
  waiting = true;
  self.postMessage(update, update.boundaries.map((b) => b.buffer));
  ready = compute();            // the next update, while the page draws this one
}

self.onmessage = (e) => {
  if (e.data.type !== 'ack') return;
  waiting = false;
  send(ready);
};

try {
  const lab = await loadReluLab();
  experiment = lab.experiment(lab.defaults);
  const info = { networks: experiment.size, trainCount: experiment.data().trainY.length,
    activations: experiment.summary().map((s) => s.activation), config: lab.defaults };
  self.postMessage({ type: 'ready', info });
  send(compute());
} catch (err) {
  self.postMessage({ type: 'error', message: String(err?.message ?? err) });
}
