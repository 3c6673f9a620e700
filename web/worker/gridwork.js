// Boundary grids computed in slices, so the worker can read its messages (Pause, a new run)
// between slices even when one network's 256 x 256 grid takes seconds: a copy of the network
// (lab.network with the experiment network's layout and parameters) predicts the grid points of
// Experiment.boundary a chunk at a time. Same core code and parameters, so the same bits
// (tests/wasm/gridwork.test.mjs compares them with experiment.boundary).
// Not a model of its own and not a scheduler: the worker decides when to call step().

const now = () => performance.now();
/** Grid points per predict call: at least / at most (the core's own block is 4096). */
const MIN_CHUNK = 16;
const MAX_CHUNK = 4096;
const FIRST_CHUNK = 256;

/**
 * Grid coordinate of cell i along an axis of `resolution` cells over [-box, box], in float32
 * exactly as the core computes it (Experiment::boundary, core/experiment.cpp grid_coordinate):
 * step = 2box/R, x = -box + (i + 0.5) * step, each operation rounded to float.
 */
export function gridCoordinate(i, resolution, box) {
  const step = Math.fround((2 * box) / resolution);
  return Math.fround(-box + Math.fround((i + 0.5) * step));
}

/** The grid points start .. start+count-1 in image order (row-major, y from +box down). */
export function gridPoints(dims, resolution, box, start, count) {
  const xs = new Float32Array(count * dims);
  for (let k = 0; k < count; k++) {
    const p = start + k;
    if (dims === 1) {
      xs[k] = gridCoordinate(p, resolution, box);
    } else {
      xs[2 * k] = gridCoordinate(p % resolution, resolution, box);
      xs[2 * k + 1] = -gridCoordinate(Math.floor(p / resolution), resolution, box);
    }
  }
  return xs;
}

const sameLayout = (a, b) => JSON.stringify(a) === JSON.stringify(b);

export class GridWork {
  /**
   * lab: the loaded module; experiment: lab.experiment(config); config: that experiment's config;
   * data: {dims, classes, output} of experiment.data().
   */
  constructor(lab, experiment, config, data) {
    this.lab = lab;
    this.experiment = experiment;
    this.data = data;
    this.box = lab.constants?.box ?? 6;
    // The experiment's network settings: its defaults, then the config's (as the core completes it).
    const full = { ...lab.defaults, ...config };
    this.base = Object.fromEntries(Object.keys(lab.networkDefaults).filter((k) => k in full).map((k) => [k, full[k]]));
    this.mirrors = new Map();   // network index -> lab.network copy (or null: use experiment.boundary)
  }

  /** The copy of network i, or null when its layout cannot be reproduced (then no slicing). */
  mirror(i) {
    if (this.mirrors.has(i)) return this.mirrors.get(i);
    const layout = this.experiment.layout(i);
    const { dims, output, classes } = this.data;
    let net = null;
    try {
      net = this.lab.network({ ...this.base, activations: [layout[0]?.activation ?? 'relu'], inputs: dims, output,
        classes: output === 'multiclass' ? classes : 2 });
      if (!sameLayout(net.layout, layout)) { net.dispose(); net = null; }
    } catch {
      net = null;
    }
    this.mirrors.set(i, net);
    return net;
  }

  /**
   * A job computing network i's output on the grid: call step(budgetMs) until it returns true,
   * then read job.values (the layout of experiment.boundary(i, resolution)). Parameters are
   * taken when the job is made, so training between steps does not tear the picture.
   */
  boundary(i, resolution) {
    const points = this.data.dims === 1 ? resolution : resolution * resolution;
    const net = this.experiment.layout(i).length > 1 ? this.mirror(i) : null;
    if (!net) {
      // No copy (e.g. a network without hidden layers, cheap anyway): one piece.
      const job = { values: null, step: () => { job.values = this.experiment.boundary(i, resolution); return true; } };
      return job;
    }
    net.setParameters(this.experiment.parameters(i));
    const outputs = net.outputs;
    const values = new Float32Array(points * outputs);
    let next = 0;
    let chunk = FIRST_CHUNK;
    const job = {
      values: null,
      step: (budgetMs) => {
        const t0 = now();
        do {
          const count = Math.min(chunk, points - next);
          const xs = gridPoints(this.data.dims, resolution, this.box, next, count);
          const t1 = now();
          values.set(net.predict(xs), next * outputs);
          next += count;
          // Next chunk sized to about half the budget.
          const perPoint = Math.max((now() - t1) / count, 1e-6);
          chunk = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.floor(budgetMs / 2 / perPoint)));
        } while (next < points && now() - t0 < budgetMs);
        if (next < points) return false;
        job.values = values;
        return true;
      },
    };
    return job;
  }

  dispose() {
    for (const net of this.mirrors.values()) net?.dispose();
    this.mirrors.clear();
  }
}
