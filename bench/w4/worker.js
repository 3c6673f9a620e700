// W4 bench worker: the default experiment's eight activations on the workloads' data and
// optimiser (spiral, 500 points, noise 0, SGD 0.03, batch 10; bench/README.md), and per update
// one epoch of training for all eight networks plus each network's 100 x 100 boundary.
// Computes the next update while the page draws the last; at most one update waits unacked.
import { loadReluLab } from './wasm/relulab.mjs';

const RESOLUTION = 100;
let experiment = null, ready = null;

function compute() {
  const t0 = performance.now();
  experiment.train(1);
  const t1 = performance.now();
  const boundaries = [];
  for (let i = 0; i < experiment.size; i++) boundaries.push(experiment.boundary(i, RESOLUTION));
  const t2 = performance.now();
  return { type: 'update', resolution: RESOLUTION, boundaries, workerMs: t2 - t0, trainMs: t1 - t0, boundaryMs: t2 - t1 };
}

function send(update) {
  self.postMessage(update, update.boundaries.map((b) => b.buffer));
  ready = compute();            // the next update, while the page draws this one
}

self.onmessage = (e) => {
  if (e.data.type === 'ack') send(ready);
};

try {
  const lab = await loadReluLab();
  const config = { ...lab.defaults, dataset: 'spiral', points: 500, noise: 0, dataSeed: 1,
    optimizer: 'sgd', learningRate: 0.03, batchSize: 10 };
  experiment = lab.experiment(config);
  const info = { networks: experiment.size, trainCount: experiment.data().trainY.length,
    activations: experiment.summary().map((s) => s.activation), config };
  self.postMessage({ type: 'ready', info });
  send(compute());
} catch (err) {
  self.postMessage({ type: 'error', message: String(err?.message ?? err) });
}
