// The lessons' multi-seed and multi-run studies as pure functions over the JS API `lab`
// (docs/API.md): no DOM, no timers, importable in Node, a page or a worker. Each study is a
// generator that yields progress ({done, total}) between small pieces of work and returns a plain
// result object (structured-cloneable); runStudy drives one to the end, the study worker drives
// it in time-boxed chunks. Helpers live in study-tools.js. Not the lessons' texts or claims
// (lessons/*.js) and not the drawing (lesson-views.js).

import { mean, median, summarize, rng, dataOf, networkConfig, trainEpoch, epochToReach, piecesOf, equalPiecesLoss,
  halfTask, layerMeans, passBands, boxGrid, fullGradient, dot } from './study-tools.js';

export { mean, sd, median, interval95, rng, dataOf, trainEpoch, epochToReach, piecesOf, equalPiecesLoss, onBlock } from './study-tools.js';

// ---------------------------------------------------------------------------------------------
// Lesson 1: dying ReLU at a high learning rate. Per activation and seed: dead and inactive
// units at the end, divergence, accuracy, and the share of stuck (dead or inactive) units at
// every epoch (`stuck`, the run's own curve; a run that diverged has no records after it); `curve`
// is their mean per epoch over the runs that have that epoch.
export function* dying(lab, { config, seeds, epochs }) {
  const acts = config.activations;
  const runs = [];
  for (const [i, seed] of seeds.entries()) {
    const e = lab.experiment({ ...config, weightSeed: seed });
    e.train(epochs);
    const summaries = e.summary();
    acts.forEach((activation, a) => {
      const s = summaries[a];
      const history = e.history(a);
      const stuck = history.map((r) => (r.dead + r.inactive) / r.totalUnits);
      runs.push({ seed, activation, dead: s.latest.dead, inactive: s.latest.inactive, total: s.latest.totalUnits,
        diverged: s.diverged, testAccuracy: s.latest.testAccuracy, stuck,
        deadAtInit: history[0].dead, inactiveAtInit: history[0].inactive });
    });
    e.dispose();
    yield { done: i + 1, total: seeds.length };
  }
  return finishDying(acts, seeds, epochs, runs);
}

/** Lesson 1's result from its runs (seed by seed, activation by activation): the curve summed in that order. */
function finishDying(acts, seeds, epochs, runs) {
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
}

// Lesson 2: the same ReLU network with the bias starting at each value of `biases`.
export function* biasStart(lab, { config, biases, seeds, epochs }) {
  const rows = [];
  let done = 0;
  for (const biasInit of biases) {
    const runs = [];
    for (const seed of seeds) {
      const e = lab.experiment({ ...config, biasInit, weightSeed: seed });
      const atInit = e.diagnostics(0);
      e.train(epochs);
      const s = e.summary()[0].latest;
      runs.push({ seed, deadAtInit: atInit.deadUnits, constantAtInit: atInit.constantOutput, dead: s.dead,
        total: s.totalUnits, testAccuracy: s.testAccuracy });
      e.dispose();
      yield { done: ++done, total: biases.length * seeds.length };
    }
    rows.push({ biasInit, runs, deadAtInit: mean(runs.map((r) => r.deadAtInit / r.total)),
      deadAfter: mean(runs.map((r) => r.dead / r.total)), bornDead: runs.filter((r) => r.constantAtInit).length,
      testAccuracy: summarize(runs.map((r) => r.testAccuracy)) });
  }
  return { biases, seeds, epochs, hidden: config.hidden, rows };
}

// Lesson 3: born dead. At initialisation only (no training): for each width and depth, the
// share of seeds whose output is constant on the training set, and the mean share of dead
// units. Then `trained`: how the born-dead networks of one shape fare when trained.
export function* bornDead(lab, { config, widths, depths, seeds, firstSeed = 1, trained }) {
  const data = dataOf(lab, config);
  const grid = [];
  let done = 0;
  const total = widths.length * depths.length + trained.seeds.length;
  for (const width of widths) {
    for (const depth of depths) {
      let constant = 0, dead = 0, units = 0;
      for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
        const net = lab.network(networkConfig(lab, { ...config, hidden: Array(depth).fill(width), weightSeed: seed }, data, 'relu'));
        const d = net.diagnostics(data.trainX, data.trainY);
        net.dispose();
        if (d.constantOutput) constant++;
        dead += d.deadUnits;
        units += d.totalUnits;
      }
      grid.push({ width, depth, bornDead: constant / seeds, deadFraction: dead / units });
      yield { done: ++done, total };
    }
  }
  const runs = [];
  for (const seed of trained.seeds) {
    const e = lab.experiment({ ...config, hidden: trained.hidden, activations: trained.activations, weightSeed: seed });
    const born = e.diagnostics(0).constantOutput;
    e.train(trained.epochs);
    e.summary().forEach((s) => runs.push({ seed, activation: s.activation, bornDead: born, testAccuracy: s.latest.testAccuracy }));
    e.dispose();
    yield { done: ++done, total };
  }
  return { dataset: config.dataset, widths, depths, seeds, firstSeed, grid, trained: { ...trained, runs } };
}

// Lesson 4: per-layer gradient norms (dLoss/dW of each hidden layer) at chosen epochs, and the
// test accuracy per epoch, for each activation of a deep network.
export function* gradients(lab, { config, seeds, epochs, checkpoints }) {
  const acts = config.activations;
  const runs = [];
  for (const [i, seed] of seeds.entries()) {
    const e = lab.experiment({ ...config, weightSeed: seed });
    const norms = acts.map(() => ({}));
    let at = 0;
    for (const c of checkpoints) {
      e.train(c - at);
      at = c;
      acts.forEach((_, a) => { norms[a][c] = e.diagnostics(a).layers.map((l) => l.gradNorm); });
    }
    e.train(epochs - at);
    acts.forEach((activation, a) => {
      const h = e.history(a);
      runs.push({ seed, activation, norms: norms[a], accuracy: h.map((r) => r.testAccuracy),
        final: h[h.length - 1].testAccuracy });
    });
    e.dispose();
    yield { done: i + 1, total: seeds.length };
  }
  // Ratio first / last hidden layer at initialisation, per run: < 1 means the gradient shrinks
  // on its way back to the input.
  for (const r of runs) {
    const g = r.norms[checkpoints[0]];
    r.ratioAtInit = g[0] / g[g.length - 1];
  }
  const per = Object.fromEntries(acts.map((activation) => {
    const r = runs.filter((x) => x.activation === activation);
    const meanNorms = Object.fromEntries(checkpoints.map((c) => [c,
      r[0].norms[c].map((_, l) => Math.exp(mean(r.map((x) => Math.log(Math.max(x.norms[c][l], 1e-30))))))]));
    return [activation, { ratios: r.map((x) => x.ratioAtInit), final: summarize(r.map((x) => x.final)),
      meanNorms, accuracy: r[0].accuracy.map((_, k) => mean(r.map((x) => x.accuracy[k]))) }];
  }));
  return { activations: acts, seeds, epochs, checkpoints, layers: config.hidden.length, runs, per };
}

// Lesson 5: sparsity next to death. Layer sparsity, dead units, sparsity among the units that
// are alive, the per-sample share of silent units (first layer, on every training point) and
// the test accuracy of sparse (ReLU) and dense activations.
export function* sparsity(lab, { config, seeds, epochs }) {
  const acts = config.activations;
  const data = dataOf(lab, config);
  const runs = [];
  for (const [i, seed] of seeds.entries()) {
    const e = lab.experiment({ ...config, weightSeed: seed });
    e.train(epochs);
    acts.forEach((activation, a) => {
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
      runs.push({ seed, activation, layers, perSample, testAccuracy: e.summary()[a].latest.testAccuracy });
    });
    e.dispose();
    yield { done: i + 1, total: seeds.length };
  }
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
}

// Lesson 6: PReLU slopes, read from the parameter buffer every `every` epochs, per unit and
// shared (one network each: preluShared is an architecture setting).
export function* preluSlopes(lab, { config, seeds, epochs, every }) {
  const runs = [];
  let done = 0;
  for (const shared of [false, true]) {
    for (const seed of seeds) {
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
      runs.push({ shared, seed, trajectory, testAccuracy: e.summary()[0].latest.testAccuracy });
      e.dispose();
      yield { done: ++done, total: 2 * seeds.length };
    }
  }
  return { seeds, epochs, every, preluInit: config.preluInit ?? 0.25, runs };
}

// Lesson 7 (and any "how many units does it take"): test accuracy per activation and width of
// a one-hidden-layer network, over seeds.
export function* widthSweep(lab, { config, widths, seeds, epochs, target }) {
  const acts = config.activations;
  const cells = [];
  let done = 0;
  for (const width of widths) {
    const acc = acts.map(() => []);
    for (const seed of seeds) {
      const e = lab.experiment({ ...config, hidden: [width], weightSeed: seed });
      e.train(epochs);
      e.summary().forEach((s, a) => acc[a].push(s.latest.testAccuracy));
      e.dispose();
      yield { done: ++done, total: widths.length * seeds.length };
    }
    acts.forEach((activation, a) => cells.push({ width, activation, accuracy: acc[a], mean: mean(acc[a]),
      reached: acc[a].filter((x) => x >= target).length }));
  }
  return { activations: acts, widths, seeds, epochs, target, cells };
}

// Lesson 8: one maxout unit with k pieces fitting 1-D targets. Per dataset and k: the test
// loss over seeds, and for the median seed the pieces as lines and the network's curve.
export function* maxoutPieces(lab, { config, datasets, ks, seeds, epochs, resolution = 101 }) {
  const rows = [];
  const points = {};
  let done = 0;
  for (const dataset of datasets) {
    const data = dataOf(lab, { ...config, dataset });
    points[dataset] = { x: Array.from(data.testX), y: Array.from(data.testY) };
    for (const k of ks) {
      const runs = [];
      for (const seed of seeds) {
        const e = lab.experiment({ ...config, dataset, maxoutK: k, activations: ['maxout'], weightSeed: seed });
        e.train(epochs);
        const s = e.summary()[0];
        const unit = e.diagnostics(0).layers[0].units[0];
        runs.push({ seed, testLoss: s.latest.testLoss, pieceWins: unit.pieceWins, deadPieces: unit.deadPieces,
          parameters: Array.from(e.parameters(0)), layout: e.layout(0).map((l) => ({ ...l })),
          curve: Array.from(e.boundary(0, resolution)) });
        e.dispose();
        yield { done: ++done, total: datasets.length * ks.length * seeds.length };
      }
      const losses = runs.map((r) => r.testLoss);
      const med = [...runs].sort((a, b) => a.testLoss - b.testLoss)[(runs.length - 1) >> 1];
      rows.push({ dataset, k, loss: summarize(losses), deadPieces: runs.map((r) => r.deadPieces),
        reference: equalPiecesLoss(data, k),
        example: { seed: med.seed, testLoss: med.testLoss, pieces: piecesOf(med), curve: med.curve, pieceWins: med.pieceWins } });
    }
  }
  return { datasets, ks, seeds, epochs, resolution, box: lab.constants.box, rows, points };
}

// Lesson 9: forgetting. Task A lives in the left half of the box, task B in the right half (each
// data set squeezed to half width), so one network could hold both. Train on A, then on B; the
// drop of A's test accuracy is what B's training made the network forget.
export function* forgetting(lab, { config, pairs, activations, seeds, epochs, training }) {
  const runs = [];
  let done = 0;
  const total = pairs.length * activations.length * seeds.length;
  const box = lab.constants.box;
  for (const [a, b] of pairs) {
    for (const seed of seeds) {
      const taskA = halfTask(lab, { ...config, dataset: a, dataSeed: seed }, -1, box);
      const taskB = halfTask(lab, { ...config, dataset: b, dataSeed: seed + 1000 }, 1, box);
      for (const activation of activations) {
        const net = lab.network(networkConfig(lab, { ...config, weightSeed: seed }, taskA, activation));
        const accuracy = (task) => net.diagnostics(task.testX, task.testY).accuracy;
        // Whole epochs in the core; the same batch orders for every activation of this seed.
        net.trainEpochs(taskA.trainX, taskA.trainY, { ...training, epochs, shuffleSeed: seed });
        const before = accuracy(taskA);
        net.trainEpochs(taskB.trainX, taskB.trainY, { ...training, epochs, shuffleSeed: seed + 1000 });
        runs.push({ pair: `${a}→${b}`, seed, activation, before, after: accuracy(taskA), learnedB: accuracy(taskB) });
        net.dispose();
        yield { done: ++done, total };
      }
    }
  }
  const cells = [];
  for (const [a, b] of pairs) {
    for (const activation of activations) {
      const r = runs.filter((x) => x.pair === `${a}→${b}` && x.activation === activation);
      cells.push({ pair: `${a}→${b}`, activation, before: mean(r.map((x) => x.before)), after: mean(r.map((x) => x.after)),
        learnedB: mean(r.map((x) => x.learnedB)), drop: summarize(r.map((x) => x.before - x.after)) });
    }
  }
  const meanDrop = Object.fromEntries(activations.map((act) => [act, mean(runs.filter((x) => x.activation === act).map((x) => x.before - x.after))]));
  return { pairs: pairs.map(([a, b]) => `${a}→${b}`), activations, seeds, epochs, runs, cells, meanDrop };
}

// Lesson 10: relu'(0) = 0, ½, 1 on the same networks. Every batch's forward pass is inspected
// before its step (diagnostics on exactly that batch) to count pre-activations exactly 0. Each
// case may name its own seeds.
export function* kinkAtZero(lab, { cases, choices, seeds, epochs, training }) {
  const rows = [];
  let done = 0;
  const total = cases.reduce((n, c) => n + (c.seeds ?? seeds).length, 0) * choices.length;
  for (const c of cases) {
    const data = dataOf(lab, c.config);
    for (const seed of c.seeds ?? seeds) {
      const byChoice = [];
      for (const g of choices) {
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
        byChoice.push({ reluGradAtZero: g, zeros, seen, testAccuracy: test.accuracy, testLoss: test.loss,
          parameters: net.parameters() });
        net.dispose();
        yield { done: ++done, total };
      }
      const same = (p, q) => p.length === q.length && p.every((x, i) => Object.is(x, q[i]));
      rows.push({ case: c.id, seed, identical: byChoice.every((r) => same(r.parameters, byChoice[0].parameters)),
        runs: byChoice.map(({ parameters, ...rest }) => rest) });
    }
  }
  return { cases: cases.map((c) => c.id), choices, seeds: Object.fromEntries(cases.map((c) => [c.id, c.seeds ?? seeds])), epochs, rows,
    hidden: Object.fromEntries(cases.map((c) => [c.id, c.config.hidden])) };
}

// Lesson 11: epochs to reach a test accuracy, per activation and data set, over seeds (data and
// weight seed both vary). One experiment per activation so each stops as soon as it gets there.
export function* fastest(lab, { config, datasets, activations, seeds, maxEpochs, target, chunk = 5 }) {
  const cells = [];
  let done = 0;
  const total = datasets.length * activations.length;
  for (const dataset of datasets) {
    for (const activation of activations) {
      const epochs = [];
      for (const seed of seeds) {
        const e = lab.experiment({ ...config, dataset, activations: [activation], weightSeed: seed, dataSeed: seed });
        let reached = null;
        for (let at = 0; at < maxEpochs && reached === null; at += chunk) {
          e.train(Math.min(chunk, maxEpochs - at));
          reached = epochToReach(e.history(0, at + 1), target);
        }
        e.dispose();
        epochs.push(reached);
      }
      cells.push(fastestCell(dataset, activation, epochs));
      yield { done: ++done, total };
    }
  }
  return { datasets, activations, seeds, maxEpochs, target, cells };
}

function fastestCell(dataset, activation, epochs) {
  const hit = epochs.filter((x) => x !== null);
  return { dataset, activation, epochs, reached: hit.length,
    ...(hit.length ? summarize(hit) : { mean: null, sd: null, min: null, max: null, median: null, n: 0 }) };
}

// Lesson 14: the mean activation of each hidden layer (over the training set) at chosen epochs,
// and the epoch each activation first reaches `target` test accuracy (null if not within
// `epochs`), per activation and seed; all activations from the same weights and batches.
export function* meanActivations(lab, { config, seeds, epochs, checkpoints, target }) {
  const acts = config.activations;
  const data = dataOf(lab, config);
  const runs = [];
  for (const [i, seed] of seeds.entries()) {
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
    acts.forEach((activation, a) => runs.push({ seed, activation, means: means[a], reached: epochToReach(e.history(a), target) }));
    e.dispose();
    yield { done: i + 1, total: seeds.length };
  }
  return { activations: acts, seeds, epochs, checkpoints, target, layers: config.hidden.length, runs };
}

// Lesson 12: where first-layer units pass gradient (g′(z) at least `fraction` of its maximum),
// as a share of the training points and of the box. Per activation and seed: at initialisation
// with the first layer's weights and biases multiplied by each of `scales` (a sigmoid or tanh
// band is 2z*/‖w‖ wide, a ReLU half-plane does not depend on ‖w‖), then over training. For the
// first seed it also keeps what the lesson's plot draws: each trained network's first-layer
// lines (weights and biases, read from its parameters), its output on the box grid and the
// training points.
export function* excitation(lab, { config, seeds, scales, epochs, checkpoints, training, fraction = 0.1, side = 41 }) {
  const acts = config.activations;
  const data = dataOf(lab, config);
  const grid = boxGrid(lab.constants.box, side);
  const runs = [];
  const drawn = {};
  let done = 0;
  for (const seed of seeds) {
    for (const activation of acts) {
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
      runs.push({ seed, activation, byScale, overTraining, testAccuracy: net.diagnostics(data.testX, data.testY).accuracy });
      if (seed === seeds[0]) {
        const p = net.parameters();
        const units = Array.from({ length: layer.units }, (_, u) => ({
          w: Array.from(p.subarray(layer.weightOffset + u * layer.inputs, layer.weightOffset + (u + 1) * layer.inputs)),
          b: p[layer.biasOffset + u] }));
        drawn[activation] = { units, output: Array.from(net.predict(grid)) };
      }
      net.dispose();
      yield { done: ++done, total: seeds.length * acts.length };
    }
  }
  // Each activation's band edge z*: the largest |z| on a 0.001 grid where g′(z) ≥ fraction · max g′;
  // and where g′ falls below the lab's saturation threshold τ (a saturated unit has every
  // training point beyond it).
  const zs = Float32Array.from({ length: 40001 }, (_, i) => -20 + i / 1000);
  const tau = lab.settings.saturationThreshold.default;
  const edgeOf = (a, above) => {
    const d = lab.activation(a).curve(zs).derivative;
    const peak = Math.max(...d);
    return Math.max(...Array.from(zs).filter((z, i) => d[i] >= above(peak)).map(Math.abs));
  };
  const edges = Object.fromEntries(acts.map((a) => [a, edgeOf(a, (peak) => fraction * peak)]));
  const saturationEdges = Object.fromEntries(acts.map((a) => [a, edgeOf(a, () => tau)]));
  const trainPoints = { x: Array.from(data.trainX), y: Array.from(data.trainY) };
  return { activations: acts, seeds, scales, epochs, checkpoints, fraction, tau, side, box: lab.constants.box, edges, saturationEdges,
    runs, drawn: { seed: seeds[0], nets: drawn, points: trainPoints } };
}

// Lesson 13: how well the gradient predicts one step. At each checkpoint of ordinary mini-batch
// training, per activation and seed: the full-batch gradient g and loss L on the training set,
// then one full-batch step −f·g of each kind in `steps` — {rate: η} (f = η, the same learning
// rate for every activation) or {length: s} (f = s/‖g‖, the same distance in parameter space) —
// and there the loss L′ and gradient g′. Records the actual change over the first-order
// prediction, (L′ − L) / (−f‖g‖²), the cosine of g and g′, and the loss drop L − L′.
export function* gradientSteps(lab, { config, seeds, checkpoints, steps, training }) {
  const acts = config.activations;
  const data = dataOf(lab, config);
  const X = data.trainX, Y = data.trainY;
  const runs = [];
  let done = 0;
  for (const seed of seeds) {
    for (const activation of acts) {
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
      runs.push({ seed, activation, at });
      net.dispose();
      yield { done: ++done, total: seeds.length * acts.length };
    }
  }
  return { activations: acts, seeds, checkpoints, steps, runs };
}

// Lesson 15: maxout against ReLU at (nearly) equal parameter counts. Each of `nets`
// ({activation, width, k?}) is a network of `config.hidden.length` hidden layers of `width` units
// (maxout with k pieces); per net and seed: its parameter count, the first epoch its test accuracy
// reaches `target` (null if not within `epochs`) and its test accuracy after `epochs`.
export function* maxoutBudget(lab, { config, nets, seeds, epochs, target }) {
  const rows = [];
  let done = 0;
  for (const net of nets) {
    const reached = [], accuracy = [];
    let parameters = 0;
    for (const seed of seeds) {
      const e = lab.experiment({ ...config, activations: [net.activation], hidden: config.hidden.map(() => net.width),
        maxoutK: net.k ?? config.maxoutK, weightSeed: seed });
      e.train(epochs);
      parameters = e.parameters(0).length;
      reached.push(epochToReach(e.history(0), target));
      accuracy.push(e.summary()[0].latest.testAccuracy);
      e.dispose();
      yield { done: ++done, total: nets.length * seeds.length };
    }
    rows.push({ ...net, parameters, reached, accuracy });
  }
  return { seeds, epochs, target, layers: config.hidden.length, rows };
}

/** The lab's own runner on each preset for its epochs: preset id -> experiment summary. */
export function* presetRuns(lab, { presets }) {
  const out = {};
  for (const [i, p] of presets.entries()) {
    const e = lab.experiment(p.config);
    e.train(p.epochs);
    out[p.id] = e.summary();
    e.dispose();
    yield { done: i + 1, total: presets.length };
  }
  return out;
}

/** Every study by kind. */
export const STUDIES = Object.freeze({ dying, biasStart, bornDead, gradients, sparsity, preluSlopes, widthSweep,
  maxoutPieces, forgetting, kinkAtZero, fastest, meanActivations, excitation, gradientSteps, maxoutBudget, presetRuns });

/** Contiguous blocks of a list, at most `parts` of them, none empty. */
function blocks(list, parts) {
  const n = Math.max(1, Math.min(parts, list.length));
  return Array.from({ length: n }, (_, k) => list.slice(Math.floor((k * list.length) / n), Math.floor(((k + 1) * list.length) / n)));
}

/**
 * How a study's runs spread over workers (the lessons page's pool of study workers): split(params,
 * parts) gives each worker's params (contiguous blocks of its independent runs: seeds or presets),
 * merge(params, results) the whole study's result, equal to the study run whole in one worker, bit
 * for bit (tests/web/study-split.test.mjs). A study not listed here runs whole in one worker.
 */
export const SPLITS = Object.freeze({
  dying: {
    split: (p, parts) => blocks(p.seeds, parts).map((seeds) => ({ ...p, seeds })),
    merge: (p, rs) => finishDying(p.config.activations, p.seeds, p.epochs, rs.flatMap((r) => r.runs)),
  },
  fastest: {
    split: (p, parts) => blocks(p.seeds, parts).map((seeds) => ({ ...p, seeds })),
    merge: (p, rs) => ({ datasets: p.datasets, activations: p.activations, seeds: p.seeds, maxEpochs: p.maxEpochs, target: p.target,
      cells: rs[0].cells.map((c, i) => fastestCell(c.dataset, c.activation, rs.flatMap((r) => r.cells[i].epochs))) }),
  },
  presetRuns: {
    split: (p, parts) => blocks(p.presets, parts).map((presets) => ({ ...p, presets })),
    merge: (p, rs) => Object.assign({}, ...rs),
  },
});

/** A study spec ({kind, ...params}) as at most `parts` specs, one per worker. */
export function splitStudy({ kind, ...params }, parts) {
  return SPLITS[kind] && parts > 1 ? SPLITS[kind].split(params, parts).map((p) => ({ kind, ...p })) : [{ kind, ...params }];
}

/** The whole study's result from its parts' results (in the order splitStudy gave them). */
export function mergeStudy({ kind, ...params }, results) {
  return results.length === 1 ? results[0] : SPLITS[kind].merge(params, results);
}

/** Runs a study spec ({kind, ...params}) to the end; returns its result. */
export function runStudy(lab, { kind, ...params }) {
  const it = STUDIES[kind](lab, params);
  for (;;) {
    const step = it.next();
    if (step.done) return step.value;
  }
}
