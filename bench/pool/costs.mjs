// The per-network costs behind web/shared/pool.js NETWORK_COST: for each activation, one network
// alone at the largest settings (2,000 points with 90 % for training, 8 x 64, maxout k = 8): the
// median ms of a training epoch (after a first one) and of a frame's grid job (256 x 256 with
// diagnostics). Maxout's row in NETWORK_COST is per piece (these figures / k).
//   node bench/pool/costs.mjs [--reps 3]
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const at = process.argv.indexOf('--reps');
const reps = at > 0 ? Number(process.argv[at + 1]) : 3;
const { loadReluLab } = await import(pathToFileURL(join(root, 'build-wasm', 'relulab.mjs')).href);
const lab = await loadReluLab();
const base = { ...lab.defaults, points: 2000, trainFraction: 0.9, hidden: Array(8).fill(64), maxoutK: 8 };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = {};
for (const { id } of lab.activations) {
  const e = lab.experiment({ ...base, activations: [id] });
  e.train(1);
  const epoch = [], frame = [];
  for (let r = 0; r < reps; r++) {
    let t0 = performance.now();
    e.train(1);
    epoch.push(performance.now() - t0);
    t0 = performance.now();
    const job = e.gridJob(0, { resolution: 256, thumbResolution: 0, diagnostics: true });
    while (!job.step(1e9));
    frame.push(performance.now() - t0);
    job.dispose();
  }
  rows[id] = [Math.round(median(epoch)), Math.round(median(frame))];
  e.dispose();
}
console.log(JSON.stringify(rows));
