// A bench worker thread: what one page worker of the pool does (web/shared/pool.js), in Node: it
// builds the experiment narrowed to its share of the activations, trains an epoch when told
// (the pool's lockstep), computes its networks' grids of a frame, or runs its part of a study.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const { loadReluLab } = await import(pathToFileURL(workerData.wasm).href);
const { runStudy } = await import(pathToFileURL(workerData.studies).href);
const lab = await loadReluLab();
let e = null;

parentPort.on('message', (m) => {
  const t0 = performance.now();
  if (m.type === 'build') {
    e?.dispose();
    e = lab.experiment(m.config);
    parentPort.postMessage({ ms: performance.now() - t0, heapBytes: lab.heapBytes(), heapUsedBytes: lab.heapUsedBytes() });
  } else if (m.type === 'epoch') {
    e.train(1);
    parentPort.postMessage({ ms: performance.now() - t0 });
  } else if (m.type === 'frame') {
    for (let i = 0; i < e.size; i++) {
      const job = e.gridJob(i, { resolution: m.resolution, thumbResolution: 0, diagnostics: true });
      while (!job.step(65536)) { /* the page worker steps in slices; the work is the same */ }
      job.boundary();
      job.dispose();
    }
    parentPort.postMessage({ ms: performance.now() - t0 });
  } else if (m.type === 'study') {
    const r = runStudy(lab, m.spec);
    parentPort.postMessage({ ms: performance.now() - t0, result: r });
  }
});
parentPort.postMessage({ ready: true });
