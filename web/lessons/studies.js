// The lessons' multi-seed and multi-run studies as pure functions over the JS API `lab`
// (docs/API.md): no DOM, no timers, importable in Node, a page or a worker. Not the lessons'
// texts or claims (lessons/*.js) and not the drawing (views.js); helpers live in study-tools.js.
//
// Every study is written the same way, as independent runs plus one summing-up:
//   items(params)                 the list of independent runs (seeds, (bias, seed) pairs, presets…),
//   run(lab, params, item, ctx)   one run's record (plain data, structured-cloneable),
//   common(lab, params, ctx)      (optional) what the result needs from the lab apart from the
//                                 runs (edges of a curve, the training points, the box…),
//                                 computed once, by the worker that runs the last item,
//   finish(params, records, common) the result, from every run's record in items order,
//   prepare(lab, params)          (optional) the context `ctx` shared by the runs of one worker
//                                 (a data set made once instead of per run).
// The generic driver (STUDIES[kind], a generator that yields {done, total} after each run) runs
// every item and finishes. To spread a study over workers, splitStudy gives each worker a
// contiguous block of item indices (`part: [from, to]`); a part returns its raw records (and,
// for the part holding the last item, `common`), and mergeStudy concatenates the records in order and
// finishes once: the result is the whole study's, bit for bit, by construction
// (tests/web/study-split.test.mjs). finish needs no lab, so the page can merge.

import { mean, summarize, rng, dataOf, networkConfig, trainEpoch, epochToReach, piecesOf, equalPiecesLoss,
  halfTask, layerMeans, passBands, boxGrid, fullGradient, dot } from './study-tools.js';

export { mean, sd, median, interval95, rng, dataOf, trainEpoch, epochToReach, piecesOf, equalPiecesLoss, onBlock } from './study-tools.js';

/** Every pair of two lists, the first list's order outermost. */
const pairs = (xs, ys, f) => xs.flatMap((x) => ys.map((y) => f(x, y)));
/** Of records in seed-major order (each of `seeds` seeds has `stride` runs in turn): run `k` of every seed. */
const ofEachSeed = (records, seeds, stride, k) => Array.from({ length: seeds }, (_, s) => records[s * stride + k]);

// ---------------------------------------------------------------------------------------------
// Lesson 1: dying ReLU at a high learning rate. Per activation and seed: dead and inactive
// units at the end, divergence, accuracy, and the share of stuck (dead or inactive) units at
// every epoch (`stuck`, the run's own curve; a run that diverged has no records after it); `curve`
// is their mean per epoch over the runs that have that epoch.
const dying = {
  items: (p) => p.seeds,
  run(lab, { config, epochs }, seed) {
    const e = lab.experiment({ ...config, weightSeed: seed });
    e.train(epochs);
    const summaries = e.summary();
    const runs = config.activations.map((activation, a) => {
      const s = summaries[a];
      const history = e.history(a);
      const stuck = history.map((r) => (r.dead + r.inactive) / r.totalUnits);
      return { seed, activation, dead: s.latest.dead, inactive: s.latest.inactive, total: s.latest.totalUnits,
        diverged: s.diverged, testAccuracy: s.latest.testAccuracy, stuck,
        deadAtInit: history[0].dead, inactiveAtInit: history[0].inactive };
    });
    e.dispose();
    return runs;
  },
  finish({ config, seeds, epochs }, records) {
    const acts = config.activations;
    const runs = records.flat();
    const curve = acts.map(() => new Array(epochs + 1).fill(0));
    const count = acts.map(() => new Array(epochs + 1).fill(0));
    for (const r of runs) {
      const a = acts.indexOf(r.activation);
      r.stuck.forEach((v, k) => { curve[a][k] += v; count[a][k]++; });   // records 0, 1, ... (a diverged run's end early)
    }
    curve.forEach((c, a) => c.forEach((sum, e) => { c[e] = count[a][e] ? sum / count[a][e] : null; }));
    const per = Object.fromEntries(acts.map((activation) => {
      const r = runs.filter((x) => x.activation === activation);
      return [activation, {
        deadFraction: summarize(r.map((x) => x.dead / x.total)), dead: r.map((x) => x.dead),
        inactive: r.map((x) => x.inactive), inactiveMean: mean(r.map((x) => x.inactive)),
        diverged: r.filter((x) => x.diverged).length, testAccuracy: summarize(r.map((x) => x.testAccuracy)),
        total: r[0].total,
      }];
    }));
    return { activations: acts, seeds, epochs, runs, per, curve };
  },
};

// Lesson 2: the same ReLU network with the bias starting at each value of `biases`.
const biasStart = {
  items: (p) => pairs(p.biases, p.seeds, (biasInit, seed) => ({ biasInit, seed })),
  run(lab, { config, epochs }, { biasInit, seed }) {
    const e = lab.experiment({ ...config, biasInit, weightSeed: seed });
    const atInit = e.diagnostics(0);
    e.train(epochs);
    const s = e.summary()[0].latest;
    e.dispose();
    return { seed, deadAtInit: atInit.deadUnits, constantAtInit: atInit.constantOutput, dead: s.dead,
      total: s.totalUnits, testAccuracy: s.testAccuracy };
  },
  finish({ config, biases, seeds, epochs }, records) {
    const rows = biases.map((biasInit, b) => {
      const runs = records.slice(b * seeds.length, (b + 1) * seeds.length);
      return { biasInit, runs, deadAtInit: mean(runs.map((r) => r.deadAtInit / r.total)),
        deadAfter: mean(runs.map((r) => r.dead / r.total)), bornDead: runs.filter((r) => r.constantAtInit).length,
        testAccuracy: summarize(runs.map((r) => r.testAccuracy)) };
    });
    return { biases, seeds, epochs, hidden: config.hidden, rows };
  },
};

// Lesson 3: born dead. At initialisation only (no training): for each width and depth, the
// share of seeds whose output is constant on the training set, and the mean share of dead
// units (one run per seed and shape, seed-major: deep wide shapes cost most, every block gets
// some). Then `trained`: how the born-dead networks of one shape fare when trained (one run per seed).
const bornDead = {
  items: (p) => [
    ...Array.from({ length: p.seeds }, (_, s) => pairs(p.widths, p.depths, (width, depth) => ({ width, depth, seed: (p.firstSeed ?? 1) + s }))).flat(),
    ...p.trained.seeds.map((seed) => ({ trainedSeed: seed }))],
  prepare: (lab, { config }) => ({ data: dataOf(lab, config) }),
  run(lab, { config, trained }, item, { data }) {
    if (item.trainedSeed !== undefined) {
      const seed = item.trainedSeed;
      const e = lab.experiment({ ...config, hidden: trained.hidden, activations: trained.activations, weightSeed: seed });
      const born = e.diagnostics(0).constantOutput;
      e.train(trained.epochs);
      const runs = e.summary().map((s) => ({ seed, activation: s.activation, bornDead: born, testAccuracy: s.latest.testAccuracy }));
      e.dispose();
      return runs;
    }
    const { width, depth, seed } = item;
    const net = lab.network(networkConfig(lab, { ...config, hidden: Array(depth).fill(width), weightSeed: seed }, data, 'relu'));
    const d = net.diagnostics(data.trainX, data.trainY);
    net.dispose();
    return { constant: d.constantOutput, dead: d.deadUnits, units: d.totalUnits };
  },
  finish({ config, widths, depths, seeds, firstSeed = 1, trained }, records) {
    const cells = widths.length * depths.length;
    const grid = pairs(widths, depths, (width, depth) => ({ width, depth })).map(({ width, depth }, c) => {
      let constant = 0, dead = 0, units = 0;
      for (const r of ofEachSeed(records, seeds, cells, c)) {
        if (r.constant) constant++;
        dead += r.dead;
        units += r.units;
      }
      return { width, depth, bornDead: constant / seeds, deadFraction: dead / units };
    });
    return { dataset: config.dataset, widths, depths, seeds, firstSeed, grid,
      trained: { ...trained, runs: records.slice(seeds * cells).flat() } };
  },
};

// Lesson 4: per-layer gradient norms (dLoss/dW of each hidden layer) at chosen epochs, and the
// test accuracy per epoch, for each activation of a deep network.
const gradients = {
  items: (p) => p.seeds,
  run(lab, { config, epochs, checkpoints }, seed) {
    const acts = config.activations;
    const e = lab.experiment({ ...config, weightSeed: seed });
    const norms = acts.map(() => ({}));
    let at = 0;
    for (const c of checkpoints) {
      e.train(c - at);
      at = c;
      acts.forEach((_, a) => { norms[a][c] = e.diagnostics(a).layers.map((l) => l.gradNorm); });
    }
    e.train(epochs - at);
    const runs = acts.map((activation, a) => {
      const h = e.history(a);
      // Ratio first / last hidden layer at initialisation: < 1 means the gradient shrinks on its
      // way back to the input.
      const g = norms[a][checkpoints[0]];
      return { seed, activation, norms: norms[a], accuracy: h.map((r) => r.testAccuracy), final: h[h.length - 1].testAccuracy,
        ratioAtInit: g[0] / g[g.length - 1] };
    });
    e.dispose();
    return runs;
  },
  finish({ config, seeds, epochs, checkpoints }, records) {
    const acts = config.activations;
    const runs = records.flat();
    const per = Object.fromEntries(acts.map((activation) => {
      const r = runs.filter((x) => x.activation === activation);
      const meanNorms = Object.fromEntries(checkpoints.map((c) => [c,
        r[0].norms[c].map((_, l) => Math.exp(mean(r.map((x) => Math.log(Math.max(x.norms[c][l], 1e-30))))))]));
      return [activation, { ratios: r.map((x) => x.ratioAtInit), final: summarize(r.map((x) => x.final)),
        meanNorms, accuracy: r[0].accuracy.map((_, k) => mean(r.map((x) => x.accuracy[k]))) }];
    }));
    return { activations: acts, seeds, epochs, checkpoints, layers: config.hidden.length, runs, per };
  },
};

// Lesson 5: sparsity next to death. Layer sparsity, dead units, sparsity among the units that
// are alive, the per-sample share of silent units (first layer, on every training point) and
// the test accuracy of sparse (ReLU) and dense activations.
const sparsity = {
  items: (p) => p.seeds,
  prepare: (lab, { config }) => ({ data: dataOf(lab, config) }),
  run(lab, { config, epochs }, seed, { data }) {
    const e = lab.experiment({ ...config, weightSeed: seed });
    e.train(epochs);
    const runs = config.activations.map((activation, a) => {
      const d = e.diagnostics(a);
      // zeros: share of outputs exactly 0; negative: share of pre-activations ≤ 0 (the same for
      // ReLU; for the leaky family and tanh those outputs are small but not 0).
      const layers = d.layers.map((l) => {
        const rates = l.units.filter((u) => !u.dead).map((u) => u.activityRate);
        return { zeros: l.sparsity, negative: 1 - mean(l.units.map((u) => u.activityRate)), dead: l.dead,
          units: l.units.length, minActivity: rates.length ? Math.min(...rates) : 0,
          maxActivity: rates.length ? Math.max(...rates) : 0 };
      });
      let perSample = null;
      if (activation === 'relu') {
        // Each training point through a copy of the network: the share of first-layer units at 0.
        const net = lab.network(networkConfig(lab, { ...config, weightSeed: seed }, data, activation));
        net.setParameters(e.parameters(a));
        const width = config.hidden[0];
        const hist = new Array(width + 1).fill(0);
        for (let s = 0; s < data.trainY.length; s++) {
          const x = data.trainX.subarray(s * data.dims, (s + 1) * data.dims);
          const silent = Math.round(net.diagnostics(x, data.trainY.subarray(s, s + 1)).layers[0].sparsity * width);
          hist[silent]++;
        }
        net.dispose();
        perSample = hist;
      }
      return { seed, activation, layers, perSample, testAccuracy: e.summary()[a].latest.testAccuracy };
    });
    e.dispose();
    return runs;
  },
  finish({ config, seeds, epochs }, records) {
    const acts = config.activations;
    const runs = records.flat();
    const per = Object.fromEntries(acts.map((activation) => {
      const r = runs.filter((x) => x.activation === activation);
      return [activation, {
        zeros: r[0].layers.map((_, l) => mean(r.map((x) => x.layers[l].zeros))),
        negative: r[0].layers.map((_, l) => mean(r.map((x) => x.layers[l].negative))),
        dead: r[0].layers.map((_, l) => r.map((x) => x.layers[l].dead)),
        minActivity: r[0].layers.map((_, l) => Math.min(...r.map((x) => x.layers[l].minActivity))),
        testAccuracy: summarize(r.map((x) => x.testAccuracy)),
      }];
    }));
    return { activations: acts, seeds, epochs, width: config.hidden[0], runs, per };
  },
};

// Lesson 6: PReLU slopes, read from the parameter buffer every `every` epochs, per unit and
// shared (one network each: preluShared is an architecture setting).
const preluSlopes = {
  items: (p) => pairs([false, true], p.seeds, (shared, seed) => ({ shared, seed })),
  run(lab, { config, epochs, every }, { shared, seed }) {
    const e = lab.experiment({ ...config, activations: ['prelu'], preluShared: shared, weightSeed: seed });
    const layout = e.layout(0).filter((l) => l.slopeCount > 0);
    const read = () => {
      const p = e.parameters(0);
      return layout.map((l) => Array.from(p.subarray(l.slopeOffset, l.slopeOffset + l.slopeCount)));
    };
    const trajectory = [{ epoch: 0, slopes: read() }];
    for (let at = 0; at < epochs; at += every) {
      e.train(every);
      trajectory.push({ epoch: at + every, slopes: read() });
    }
    const run = { shared, seed, trajectory, testAccuracy: e.summary()[0].latest.testAccuracy };
    e.dispose();
    return run;
  },
  finish: ({ config, seeds, epochs, every }, runs) => ({ seeds, epochs, every, preluInit: config.preluInit ?? 0.25, runs }),
};

// Lesson 7 (and any "how many units does it take"): test accuracy per activation and width of
// a one-hidden-layer network, over seeds.
const widthSweep = {
  items: (p) => pairs(p.seeds, p.widths, (seed, width) => ({ width, seed })),   // seed-major: wide and narrow in every block
  run(lab, { config, epochs }, { width, seed }) {
    const e = lab.experiment({ ...config, hidden: [width], weightSeed: seed });
    e.train(epochs);
    const accuracy = e.summary().map((s) => s.latest.testAccuracy);
    e.dispose();
    return accuracy;
  },
  finish({ config, widths, seeds, epochs, target }, records) {
    const acts = config.activations;
    const cells = widths.flatMap((width, w) => acts.map((activation, a) => {
      const accuracy = ofEachSeed(records, seeds.length, widths.length, w).map((r) => r[a]);
      return { width, activation, accuracy, mean: mean(accuracy), reached: accuracy.filter((x) => x >= target).length };
    }));
    return { activations: acts, widths, seeds, epochs, target, cells };
  },
};

// Lesson 8: one maxout unit with k pieces fitting 1-D targets. Per dataset and k: the test
// loss over seeds, and for the median seed the pieces as lines and the network's curve.
const maxoutPieces = {
  // Seed-major: every data set and k (k pieces cost k times one) in every block of runs.
  items: (p) => p.seeds.flatMap((seed) => p.datasets.flatMap((dataset) => p.ks.map((k) => ({ dataset, k, seed })))),
  run(lab, { config, epochs, resolution = 101 }, { dataset, k, seed }) {
    const e = lab.experiment({ ...config, dataset, maxoutK: k, activations: ['maxout'], weightSeed: seed });
    e.train(epochs);
    const s = e.summary()[0];
    const unit = e.diagnostics(0).layers[0].units[0];
    const run = { seed, testLoss: s.latest.testLoss, pieceWins: unit.pieceWins, deadPieces: unit.deadPieces,
      parameters: Array.from(e.parameters(0)), layout: e.layout(0).map((l) => ({ ...l })),
      curve: Array.from(e.boundary(0, resolution)) };
    e.dispose();
    return run;
  },
  // The test points to draw and the least-squares reference of k equal-width pieces, per data set.
  common(lab, { config, datasets, ks }) {
    const points = {}, reference = {};
    for (const dataset of datasets) {
      const data = dataOf(lab, { ...config, dataset });
      points[dataset] = { x: Array.from(data.testX), y: Array.from(data.testY) };
      reference[dataset] = ks.map((k) => equalPiecesLoss(data, k));
    }
    return { points, reference, box: lab.constants.box };
  },
  finish({ datasets, ks, seeds, epochs, resolution = 101 }, records, { points, reference, box }) {
    const rows = [];
    const perSeed = datasets.length * ks.length;
    for (const [d, dataset] of datasets.entries()) {
      ks.forEach((k, j) => {
        const runs = ofEachSeed(records, seeds.length, perSeed, d * ks.length + j);
        const losses = runs.map((r) => r.testLoss);
        const med = [...runs].sort((a, b) => a.testLoss - b.testLoss)[(runs.length - 1) >> 1];
        rows.push({ dataset, k, loss: summarize(losses), deadPieces: runs.map((r) => r.deadPieces),
          reference: reference[dataset][j],
          example: { seed: med.seed, testLoss: med.testLoss, pieces: piecesOf(med), curve: med.curve, pieceWins: med.pieceWins } });
      });
    }
    return { datasets, ks, seeds, epochs, resolution, box, rows, points };
  },
};

// Lesson 9: forgetting. Task A lives in the left half of the box, task B in the right half (each
// data set squeezed to half width), so one network could hold both. Train on A, then on B; the
// drop of A's test accuracy is what B's training made the network forget. One item per pair and
// seed (its tasks are made once for every activation).
const forgetting = {
  items: (p) => pairs(p.pairs, p.seeds, ([a, b], seed) => ({ a, b, seed })),
  run(lab, { config, activations, epochs, training }, { a, b, seed }) {
    const box = lab.constants.box;
    const taskA = halfTask(lab, { ...config, dataset: a, dataSeed: seed }, -1, box);
    const taskB = halfTask(lab, { ...config, dataset: b, dataSeed: seed + 1000 }, 1, box);
    return activations.map((activation) => {
      const net = lab.network(networkConfig(lab, { ...config, weightSeed: seed }, taskA, activation));
      const accuracy = (task) => net.diagnostics(task.testX, task.testY).accuracy;
      // Whole epochs in the core; the same batch orders for every activation of this seed.
      net.trainEpochs(taskA.trainX, taskA.trainY, { ...training, epochs, shuffleSeed: seed });
      const before = accuracy(taskA);
      net.trainEpochs(taskB.trainX, taskB.trainY, { ...training, epochs, shuffleSeed: seed + 1000 });
      const run = { pair: `${a}→${b}`, seed, activation, before, after: accuracy(taskA), learnedB: accuracy(taskB) };
      net.dispose();
      return run;
    });
  },
  finish({ pairs: taskPairs, activations, seeds, epochs }, records) {
    const runs = records.flat();
    const cells = [];
    for (const [a, b] of taskPairs) {
      for (const activation of activations) {
        const r = runs.filter((x) => x.pair === `${a}→${b}` && x.activation === activation);
        cells.push({ pair: `${a}→${b}`, activation, before: mean(r.map((x) => x.before)), after: mean(r.map((x) => x.after)),
          learnedB: mean(r.map((x) => x.learnedB)), drop: summarize(r.map((x) => x.before - x.after)) });
      }
    }
    const meanDrop = Object.fromEntries(activations.map((act) => [act, mean(runs.filter((x) => x.activation === act).map((x) => x.before - x.after))]));
    return { pairs: taskPairs.map(([a, b]) => `${a}→${b}`), activations, seeds, epochs, runs, cells, meanDrop };
  },
};

// Lesson 10: relu'(0) = 0, ½, 1 on the same networks. Every batch's forward pass is inspected
// before its step (diagnostics on exactly that batch) to count pre-activations exactly 0. Each
// case may name its own seeds. One item per case, seed and choice.
const kinkAtZero = {
  items: (p) => p.cases.flatMap((c, ci) => pairs(c.seeds ?? p.seeds, p.choices, (seed, g) => ({ ci, seed, g }))),
  prepare: () => ({ data: new Map() }),
  run(lab, { cases, epochs, training }, { ci, seed, g }, ctx) {
    const c = cases[ci];
    if (!ctx.data.has(ci)) ctx.data.set(ci, dataOf(lab, c.config));
    const data = ctx.data.get(ci);
    const net = lab.network(networkConfig(lab, { ...c.config, reluGradAtZero: g, weightSeed: seed }, data, 'relu'));
    const random = rng(seed);
    let zeros = 0, seen = 0;
    const units = c.config.hidden.reduce((x, y) => x + y, 0);
    for (let e = 0; e < epochs; e++) {
      trainEpoch(net, data, training, random, (xs, ys) => {
        for (const l of net.diagnostics(xs, ys).layers) zeros += l.zeroPreActivations;
        seen += ys.length * units;
      });
    }
    const test = net.diagnostics(data.testX, data.testY);
    const run = { reluGradAtZero: g, zeros, seen, testAccuracy: test.accuracy, testLoss: test.loss, parameters: net.parameters() };
    net.dispose();
    return run;
  },
  finish({ cases, choices, seeds, epochs }, records) {
    const rows = [];
    let at = 0;
    const same = (p, q) => p.length === q.length && p.every((x, i) => Object.is(x, q[i]));
    for (const c of cases) {
      for (const seed of c.seeds ?? seeds) {
        const byChoice = records.slice(at, at += choices.length);
        rows.push({ case: c.id, seed, identical: byChoice.every((r) => same(r.parameters, byChoice[0].parameters)),
          runs: byChoice.map(({ parameters, ...rest }) => rest) });
      }
    }
    return { cases: cases.map((c) => c.id), choices, seeds: Object.fromEntries(cases.map((c) => [c.id, c.seeds ?? seeds])), epochs, rows,
      hidden: Object.fromEntries(cases.map((c) => [c.id, c.config.hidden])) };
  },
};

// Lesson 11: epochs to reach a test accuracy, per activation and data set, over seeds (data and
// weight seed both vary). One experiment per activation so each stops as soon as it gets there.
const fastest = {
  // Seed-major, so a block of runs holds every data set and activation of its seeds (the runs of one
  // data set or activation can cost much more than another's: blocks of seeds share the work evenly).
  items: (p) => p.seeds.flatMap((seed) => pairs(p.datasets, p.activations, (dataset, activation) => ({ dataset, activation, seed }))),
  run(lab, { config, maxEpochs, target, chunk = 5 }, { dataset, activation, seed }) {
    const e = lab.experiment({ ...config, dataset, activations: [activation], weightSeed: seed, dataSeed: seed });
    let reached = null;
    for (let at = 0; at < maxEpochs && reached === null; at += chunk) {
      e.train(Math.min(chunk, maxEpochs - at));
      reached = epochToReach(e.history(0, at + 1), target);
    }
    e.dispose();
    return reached;
  },
  finish({ datasets, activations, seeds, maxEpochs, target }, records) {
    const cells = [];
    const perSeed = datasets.length * activations.length;
    for (const [d, dataset] of datasets.entries()) {
      for (const [a, activation] of activations.entries()) {
        const epochs = ofEachSeed(records, seeds.length, perSeed, d * activations.length + a);
        const hit = epochs.filter((x) => x !== null);
        cells.push({ dataset, activation, epochs, reached: hit.length,
          ...(hit.length ? summarize(hit) : { mean: null, sd: null, min: null, max: null, median: null, n: 0 }) });
      }
    }
    return { datasets, activations, seeds, maxEpochs, target, cells };
  },
};

// Lesson 14: the mean activation of each hidden layer (over the training set) at chosen epochs,
// and the epoch each activation first reaches `target` test accuracy (null if not within
// `epochs`), per activation and seed; all activations from the same weights and batches.
const meanActivations = {
  items: (p) => p.seeds,
  prepare: (lab, { config }) => ({ data: dataOf(lab, config) }),
  run(lab, { config, epochs, checkpoints, target }, seed, { data }) {
    const acts = config.activations;
    const e = lab.experiment({ ...config, weightSeed: seed });
    const params = { leaky_relu: { a: config.leakyA }, elu: { alpha: config.eluAlpha } };
    const handles = acts.map((a) => lab.activation(a, params[a]));
    const means = acts.map(() => ({}));
    let at = 0;
    for (const c of checkpoints) {
      e.train(c - at);
      at = c;
      acts.forEach((_, a) => { means[a][c] = layerMeans(e.parameters(a), e.layout(a), data, handles[a]); });
    }
    e.train(epochs - at);
    const runs = acts.map((activation, a) => ({ seed, activation, means: means[a], reached: epochToReach(e.history(a), target) }));
    e.dispose();
    return runs;
  },
  finish: ({ config, seeds, epochs, checkpoints, target }, records) =>
    ({ activations: config.activations, seeds, epochs, checkpoints, target, layers: config.hidden.length, runs: records.flat() }),
};

// Lesson 12: where first-layer units pass gradient (g′(z) at least `fraction` of its maximum),
// as a share of the training points and of the box. Per activation and seed: at initialisation
// with the first layer's weights and biases multiplied by each of `scales` (a sigmoid or tanh
// band is 2z*/‖w‖ wide, a ReLU half-plane does not depend on ‖w‖), then over training. For the
// first seed it also keeps what the lesson's plot draws: each trained network's first-layer
// lines (weights and biases, read from its parameters), its output on the box grid and the
// training points.
const excitation = {
  items: (p) => pairs(p.seeds, p.config.activations, (seed, activation) => ({ seed, activation })),
  prepare: (lab, { config, side = 41 }) => ({ data: dataOf(lab, config), grid: boxGrid(lab.constants.box, side) }),
  run(lab, { config, seeds, scales, checkpoints, training, fraction = 0.1 }, { seed, activation }, { data, grid }) {
    const g = lab.activation(activation);
    const net = lab.network(networkConfig(lab, { ...config, weightSeed: seed }, data, activation));
    const layer = net.layout[0];
    const measure = (p) => {
      const onData = passBands(p, layer, data.trainX, g, fraction);
      return { data: mean(onData.map((u) => u.share)), box: mean(passBands(p, layer, grid, g, fraction).map((u) => u.share)),
        norm: mean(onData.map((u) => u.norm)) };
    };
    const p0 = net.parameters();
    const byScale = {};
    for (const s of scales) {
      const p = Float32Array.from(p0);
      for (let k = layer.weightOffset; k < layer.biasOffset + layer.units; k++) p[k] *= s;
      byScale[s] = measure(p);
    }
    const overTraining = {};
    let at = 0;
    for (const c of checkpoints) {
      if (c > at) net.trainEpochs(data.trainX, data.trainY, { ...training, epochs: c - at, shuffleSeed: seed + at });
      at = c;
      overTraining[c] = measure(net.parameters());
    }
    const run = { seed, activation, byScale, overTraining, testAccuracy: net.diagnostics(data.testX, data.testY).accuracy };
    let drawn = null;
    if (seed === seeds[0]) {
      const p = net.parameters();
      const units = Array.from({ length: layer.units }, (_, u) => ({
        w: Array.from(p.subarray(layer.weightOffset + u * layer.inputs, layer.weightOffset + (u + 1) * layer.inputs)),
        b: p[layer.biasOffset + u] }));
      drawn = { units, output: Array.from(net.predict(grid)) };
    }
    net.dispose();
    return { run, drawn };
  },
  // Each activation's band edge z*: the largest |z| on a 0.001 grid where g′(z) ≥ fraction · max g′;
  // and where g′ falls below the lab's saturation threshold τ (a saturated unit has every
  // training point beyond it); the training points the plot draws.
  common(lab, { config, fraction = 0.1 }, { data }) {
    const acts = config.activations;
    const zs = Float32Array.from({ length: 40001 }, (_, i) => -20 + i / 1000);
    const tau = lab.settings.saturationThreshold.default;
    const edgeOf = (a, above) => {
      const d = lab.activation(a).curve(zs).derivative;
      const peak = Math.max(...d);
      return Math.max(...Array.from(zs).filter((z, i) => d[i] >= above(peak)).map(Math.abs));
    };
    return { tau, box: lab.constants.box, edges: Object.fromEntries(acts.map((a) => [a, edgeOf(a, (peak) => fraction * peak)])),
      saturationEdges: Object.fromEntries(acts.map((a) => [a, edgeOf(a, () => tau)])),
      trainPoints: { x: Array.from(data.trainX), y: Array.from(data.trainY) } };
  },
  finish({ config, seeds, scales, epochs, checkpoints, fraction = 0.1, side = 41 }, records, { tau, box, edges, saturationEdges, trainPoints }) {
    const nets = {};
    for (const r of records) if (r.drawn) nets[r.run.activation] = r.drawn;
    return { activations: config.activations, seeds, scales, epochs, checkpoints, fraction, tau, side, box, edges, saturationEdges,
      runs: records.map((r) => r.run), drawn: { seed: seeds[0], nets, points: trainPoints } };
  },
};

// Lesson 13: how well the gradient predicts one step. At each checkpoint of ordinary mini-batch
// training, per activation and seed: the full-batch gradient g and loss L on the training set,
// then one full-batch step −f·g of each kind in `steps` — {rate: η} (f = η, the same learning
// rate for every activation) or {length: s} (f = s/‖g‖, the same distance in parameter space) —
// and there the loss L′ and gradient g′. Records the actual change over the first-order
// prediction, (L′ − L) / (−f‖g‖²), the cosine of g and g′, and the loss drop L − L′.
const gradientSteps = {
  items: (p) => pairs(p.seeds, p.config.activations, (seed, activation) => ({ seed, activation })),
  prepare: (lab, { config }) => ({ data: dataOf(lab, config) }),
  run(lab, { config, checkpoints, steps, training }, { seed, activation }, { data }) {
    const X = data.trainX, Y = data.trainY;
    const net = lab.network(networkConfig(lab, { ...config, weightSeed: seed }, data, activation));
    const at = {};
    let epoch = 0;
    for (const c of checkpoints) {
      if (c > epoch) net.trainEpochs(X, Y, { ...training, epochs: c - epoch, shuffleSeed: seed + epoch });
      epoch = c;
      const { loss, gradient: g, parameters: p0 } = fullGradient(net, X, Y);
      const gg = dot(g, g);
      at[c] = { loss, gradNorm: Math.sqrt(gg), steps: steps.map((st) => {
        const f = st.rate ?? st.length / Math.sqrt(gg);
        net.setParameters(Float32Array.from(p0, (v, i) => v - f * g[i]));
        const next = fullGradient(net, X, Y);
        net.setParameters(p0);
        return { ratio: (next.loss - loss) / (-f * gg), cosine: dot(g, next.gradient) / Math.sqrt(gg * dot(next.gradient, next.gradient)),
          drop: loss - next.loss };
      }) };
    }
    net.dispose();
    return { seed, activation, at };
  },
  finish: ({ config, seeds, checkpoints, steps }, runs) => ({ activations: config.activations, seeds, checkpoints, steps, runs }),
};

// Lesson 15: maxout against ReLU at (nearly) equal parameter counts. Each of `nets`
// ({activation, width, k?}) is a network of `config.hidden.length` hidden layers of `width` units
// (maxout with k pieces); per net and seed: its parameter count, the first epoch its test accuracy
// reaches `target` (null if not within `epochs`) and its test accuracy after `epochs`.
const maxoutBudget = {
  items: (p) => pairs(p.seeds, p.nets.map((_, i) => i), (seed, net) => ({ net, seed })),   // seed-major: every net in every block
  run(lab, { config, nets, epochs, target }, { net: i, seed }) {
    const net = nets[i];
    const e = lab.experiment({ ...config, activations: [net.activation], hidden: config.hidden.map(() => net.width),
      maxoutK: net.k ?? config.maxoutK, weightSeed: seed });
    e.train(epochs);
    const run = { parameters: e.parameters(0).length, reached: epochToReach(e.history(0), target),
      accuracy: e.summary()[0].latest.testAccuracy };
    e.dispose();
    return run;
  },
  finish({ config, nets, seeds, epochs, target }, records) {
    const rows = nets.map((net, i) => {
      const runs = ofEachSeed(records, seeds.length, nets.length, i);
      return { ...net, parameters: runs.at(-1)?.parameters ?? 0, reached: runs.map((r) => r.reached), accuracy: runs.map((r) => r.accuracy) };
    });
    return { seeds, epochs, target, layers: config.hidden.length, rows };
  },
};

/** The lab's own runner on each preset for its epochs: preset id -> experiment summary. */
const presetRuns = {
  items: (p) => p.presets,
  run(lab, params, preset) {
    const e = lab.experiment(preset.config);
    e.train(preset.epochs);
    const summary = e.summary();
    e.dispose();
    return [preset.id, summary];
  },
  finish: (params, records) => Object.fromEntries(records),
};

/** Every study by kind, as written above (items, run, finish; optionally prepare and common). */
export const KINDS = Object.freeze({ dying, biasStart, bornDead, gradients, sparsity, preluSlopes, widthSweep,
  maxoutPieces, forgetting, kinkAtZero, fastest, meanActivations, excitation, gradientSteps, maxoutBudget, presetRuns });

/**
 * Runs a study's items (all of them, or the block `part` = [from, to] of a split) and yields
 * {done, total} after each. Whole: returns the study's result. A part: returns {part, records}
 * and, if it holds the last item, `common` too (the first part often has extra work: the
 * first seed's drawings); mergeStudy finishes.
 */
function* drive(kind, lab, { part, ...params }) {
  const k = KINDS[kind];
  const items = k.items(params);
  const [from, to] = part ?? [0, items.length];
  const ctx = k.prepare ? k.prepare(lab, params) : {};
  const records = [];
  for (let i = from; i < to; i++) {
    records.push(k.run(lab, params, items[i], ctx));
    yield { done: i - from + 1, total: to - from };
  }
  const common = k.common && to === items.length ? k.common(lab, params, ctx) : undefined;
  if (part) return common === undefined ? { part, records } : { part, records, common };
  return k.finish(params, records, common);
}

/** Every study by kind as a generator function (lab, params) -> result, yielding {done, total}. */
export const STUDIES = Object.freeze(Object.fromEntries(Object.keys(KINDS).map((kind) => [kind, (lab, params) => drive(kind, lab, params)])));

/** Contiguous blocks of indices 0..n-1 as [from, to], at most `parts` of them, none empty. */
function blocks(n, parts) {
  const p = Math.max(1, Math.min(parts, n));
  return Array.from({ length: p }, (_, k) => [Math.floor((k * n) / p), Math.floor(((k + 1) * n) / p)]);
}

/** A study spec ({kind, ...params}) as at most `parts` specs, one per worker, each a block of its items. */
export function splitStudy({ kind, ...params }, parts) {
  if (!Object.hasOwn(KINDS, kind)) throw new Error(`splitStudy: unknown study kind ${JSON.stringify(kind)} (allowed: ${Object.keys(KINDS).join(', ')})`);
  if (!Number.isInteger(parts) || parts < 1) throw new Error(`splitStudy: parts must be a whole number from 1 (got ${parts})`);
  const n = KINDS[kind].items(params).length;
  if (parts <= 1 || n <= 1) return [{ kind, ...params }];
  return blocks(n, parts).map((part) => ({ kind, ...params, part }));
}

/** The whole study's result from its parts' results (in the order splitStudy gave them). */
export function mergeStudy({ kind, ...params }, results) {
  if (results.length === 1 && !results[0]?.part) return results[0];
  // The parts must be the blocks of one split, in order, each with one record per run.
  const n = KINDS[kind].items(params).length;
  let at = 0;
  for (const r of results) {
    const [from, to] = r?.part ?? [];
    if (from !== at || !(to > from) || r.records?.length !== to - from) {
      throw new Error(`mergeStudy: part ${JSON.stringify(r?.part)} does not start at run ${at} or does not hold one record per run`);
    }
    at = to;
  }
  if (at !== n) throw new Error(`mergeStudy: the parts end at run ${at}, not at ${n}`);
  const common = results.at(-1).common;
  if (KINDS[kind].common && common === undefined) throw new Error('mergeStudy: the last part did not bring the values computed apart from the runs (common)');
  return KINDS[kind].finish(params, results.flatMap((r) => r.records), common);
}

/** Runs a study spec ({kind, ...params}) to the end; returns its result. */
export function runStudy(lab, { kind, ...params }) {
  const it = STUDIES[kind](lab, params);
  for (;;) {
    const step = it.next();
    if (step.done) return step.value;
  }
}
