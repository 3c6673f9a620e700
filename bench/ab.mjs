// Same-process A/B of two wasm builds: both modules are loaded into one Node process and their
// trials alternate (A B, B A, ...), so both see the machine in the same state; prints each build's
// best rate and the median of the per-pair ratios B/A. On VMs whose speed drifts between runs
// (bench/README.md, "Machine and noise") this resolves a few per cent where separate
// processes cannot. Build B into its own directory first, e.g.
//   emcmake cmake -S . -B /tmp/build-b -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build /tmp/build-b
//   node bench/ab.mjs build-wasm /tmp/build-b [train|predict] [relu] [8,8] [trials]
// train: W1's training (SGD 0.03, batch 10, spiral 250 points) on the given hidden layers;
// predict: W2's 100 x 100 grid through a 2-8-8-1 network.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dirA, dirB, mode = 'train', activation = 'relu', hidden = '8,8', trialsArg = '16'] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: node bench/ab.mjs <build dir A> <build dir B> [train|predict] [activation] [hidden] [trials]');
  process.exit(2);
}
const trials = Number(trialsArg);
const labs = [];
for (const dir of [dirA, dirB]) {
  const { loadReluLab } = await import(pathToFileURL(resolve(dir, 'relulab.mjs')).href);
  labs.push(await loadReluLab());
}
const layers = hidden.split(',').map(Number);
const nets = labs.map((lab) => lab.network({ inputs: 2, hidden: layers, activations: [activation], output: 'binary',
  init: 'he_normal', weightSeed: 1 }));

let run;
if (mode === 'predict') {
  const grid = new Float32Array(2 * 100 * 100);
  for (let i = 0; i < 10000; i++) {
    grid[2 * i] = -6 + (12 * ((i % 100) + 0.5)) / 100;
    grid[2 * i + 1] = 6 - (12 * (Math.floor(i / 100) + 0.5)) / 100;
  }
  run = (net) => {
    const t0 = performance.now();
    for (let g = 0; g < 100; g++) net.predict(grid);
    return 100 / ((performance.now() - t0) / 1000);   // grids per second
  };
} else {
  const e = labs[0].experiment({ dataset: 'spiral', points: 500, noise: 0, dataSeed: 1, hidden: [8, 8], activations: ['relu'] });
  const d = e.data();
  const x = Float32Array.from(d.trainX), y = Float32Array.from(d.trainY);
  e.dispose();
  const init = nets[0].parameters();
  const epochs = layers.some((w) => w > 8) ? 100 : 500;
  run = (net) => {
    net.setParameters(init);
    const t0 = performance.now();
    net.trainEpochs(x, y, { optimizer: 'sgd', learningRate: 0.03, l2: 0, epochs, batchSize: 10, shuffleSeed: 12345 });
    return (epochs * y.length) / ((performance.now() - t0) / 1000);   // samples per second
  };
}
for (const net of nets) run(net), run(net);   // warm-up: both builds compiled and tiered up
const rates = [[], []];
for (let t = 0; t < trials; t++) for (const k of t % 2 ? [1, 0] : [0, 1]) rates[k].push(run(nets[k]));
const ratios = rates[0].map((r, i) => rates[1][i] / r).sort((p, q) => p - q);
const best = (r) => Math.max(...r).toPrecision(4);
console.log(`${mode} ${activation} ${hidden}: A best ${best(rates[0])}, B best ${best(rates[1])}, ` +
  `B/A median of ${trials} paired ratios ${ratios[ratios.length >> 1].toFixed(3)}`);
