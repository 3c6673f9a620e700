// ReLU Lab's public JavaScript API (docs/API.md): one ES module that loads the wasm core in a
// page, a module worker or Node 20, throws LabErrors for the core's refusals, hands out copied
// typed arrays and frees C++ objects on dispose(). Not a second source of truth: tables,
// defaults, key lists and range checks come from the core; this file only checks JS types and
// unknown keys, maps ids to the core's enum values with the core's tables, and (un)packs arrays.
import createReluLabCore from './relulab_core.mjs';

/** Every refusal of the API: bad config or argument, or a call on a disposed handle. */
export class LabError extends Error {
  constructor(message, field = null) {
    super(message);
    this.name = 'LabError';
    /** The config key or argument at fault (e.g. 'learningRate', 'hidden'), or null. */
    this.field = field;
  }
}

/**
 * Loads an independent instance of the module. Page / worker: relulab_core.wasm is fetched from
 * next to this file. Node: it is read from disk. `options` go to the Emscripten factory.
 */
export async function loadReluLab(options = {}) {
  if (options === null || typeof options !== 'object') throw new LabError('loadReluLab: options must be an object');
  const moduleOptions = { ...options };
  if (typeof process === 'object' && typeof process?.versions?.node === 'string' && !moduleOptions.wasmBinary) {
    const { readFile } = await import('node:fs/promises');
    moduleOptions.wasmBinary = await readFile(new URL('./relulab_core.wasm', import.meta.url));
  }
  return makeLab(await createReluLabCore(moduleOptions));
}
export default loadReluLab;

const NOUNS = { activations: 'activation', datasets: 'dataset', initSchemes: 'initialiser',
  optimizers: 'optimizer', outputKinds: 'output kind' };
const RECORD = ['epoch', 'trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy', 'dead', 'inactive',
  'saturated', 'deadPieces', 'totalUnits'];
const LAYOUT = ['inputs', 'units', 'pieces', 'activation', 'weightOffset', 'biasOffset', 'slopeOffset', 'slopeCount'];
const MAX_INT = 2147483647;
const NO_KEYS = new Set();
const EPOCH_KEYS = new Set(['epochs', 'batchSize', 'shuffleSeed']);
/** Own enumerable keys of o that are not in `extra`. */
const countKeys = (o, extra) => {
  let n = 0;
  for (const k in o) if (Object.hasOwn(o, k) && !extra.has(k)) n++;
  return n;
};

const describe = (v) => (typeof v === 'string' ? `string ${JSON.stringify(v)}` : v == null ? String(v)
  : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v === 'function' ? 'a function'
  : `${typeof v} ${String(v)}`);
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);

function deepFreeze(v) {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    Object.values(v).forEach(deepFreeze);
  }
  return v;
}

function requireNumber(name, v, field = name) {
  if (typeof v !== 'number') throw new LabError(`${name} must be a number (got ${describe(v)})`, field);
  return v;
}

function requireInteger(name, v, min, max) {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new LabError(`${name} must be a whole number from ${min} to ${max} (got ${describe(v)})`, name);
  }
  return v;
}

/** A Float32Array of the values: Float32Arrays as they are, other typed arrays and number arrays copied. */
function toF32(name, v) {
  if (v instanceof Float32Array) return v;
  if (Array.isArray(v)) {
    v.forEach((x, i) => { if (typeof x !== 'number') throw new LabError(`${name}[${i}] must be a number (got ${describe(x)})`, name); });
    return Float32Array.from(v);
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array)) {
    return Float32Array.from(v);
  }
  throw new LabError(`${name} must be a Float32Array or an array of numbers (got ${describe(v)})`, name);
}

function makeLab(core) {
  const raw = JSON.parse(core.tables());
  const registry = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry(([destroy, id]) => destroy(id)) : null;

  // ---- marshalling: inputs are written into the module's buffers, outputs copied out at once.
  const putF32 = (slot, arr) => { const p = core.inputF32(slot, arr.length) >> 2; core.HEAPF32.set(arr, p); };
  const putF64 = (arr) => { const p = core.inputF64(arr.length) >> 3; core.HEAPF64.set(arr, p); };
  const outF32 = (n) => { const p = core.outputPointer() >> 2; return core.HEAPF32.slice(p, p + n); };
  const outF64 = (n) => { const p = core.outputPointer() >> 3; return core.HEAPF64.slice(p, p + n); };
  const check = (ok) => {
    if (ok) return;
    const message = core.message();
    const lead = /^[A-Za-z_]\w*/.exec(message)?.[0];
    throw new LabError(message, knownFields.has(lead) ? lead : null);
  };

  // ---- tables, straight from core (enum values dropped: ids are the public names)
  const options = (rows) => rows.map(({ id, nameEn, nameZh }) => ({ id, nameEn, nameZh }));
  const settings = Object.fromEntries(raw.settings.map((s) => [s.key, s]));
  const tables = deepFreeze({
    activations: raw.activations.map(({ value, ...rest }) => rest),
    settings,
    datasets: options(raw.datasets),
    initSchemes: options(raw.initSchemes),
    optimizers: options(raw.optimizers),
    outputKinds: options(raw.outputKinds),
    reluGradAtZeroChoices: raw.reluGradAtZeroChoices,
    constants: raw.constants,
  });
  const { schemas, defaults } = deepFreeze(raw);
  const toValue = {};  // table -> Map(id -> enum value)
  const toId = {};     // table -> [id by enum value]
  for (const t of Object.keys(NOUNS)) {
    toValue[t] = new Map(raw[t].map((r) => [r.id, r.value]));
    toId[t] = [];
    raw[t].forEach((r) => { toId[t][r.value] = r.id; });
  }
  const knownFields = new Set(['parameters', 'inputs', 'resolution', ...Object.keys(settings)]);
  Object.values(schemas).forEach((s) => Object.keys(s).forEach((k) => knownFields.add(k)));

  // ---- configs: JS types and unknown keys here, ranges in core
  function mapId(table, name, id, field = name) {
    const value = typeof id === 'string' ? toValue[table].get(id) : undefined;
    if (value !== undefined) return value;
    const noun = NOUNS[table];
    if (typeof id !== 'string') throw new LabError(`${name} must be ${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun} id (got ${describe(id)})`, field);
    throw new LabError(`${name}: unknown ${noun} '${id}' (allowed: ${[...toValue[table].keys()].join(', ')})`, field);
  }

  function convert(kind, key, v) {
    const list = (what) => {
      if (!Array.isArray(v)) throw new LabError(`${key} must be an array of ${what} (got ${describe(v)})`, key);
      return v;
    };
    switch (kind) {
      case 'number': return requireNumber(key, v);
      case 'boolean':
        if (typeof v !== 'boolean') throw new LabError(`${key} must be true or false (got ${describe(v)})`, key);
        return v;
      case 'widths': return list('layer widths').map((w, i) => requireNumber(`${key}[${i}]`, w, key));
      case 'activations':
        if (typeof v === 'string') return [mapId('activations', key, v)];
        return list('activation ids').map((id, i) => mapId('activations', `${key}[${i}]`, id, key));
      case 'points':
        return list('{x, y, label}').map((p, i) => {
          const at = `${key}[${i}]`;
          if (!isObject(p)) throw new LabError(`${at} must be an object {x, y, label} (got ${describe(p)})`, key);
          for (const k of Object.keys(p)) {
            if (!['x', 'y', 'label'].includes(k)) throw new LabError(`${at}: unknown key '${k}' (allowed: x, y, label)`, key);
          }
          return { x: requireNumber(`${at}.x`, p.x, key), y: p.y === undefined ? 0 : requireNumber(`${at}.y`, p.y, key),
            label: requireNumber(`${at}.label`, p.label, key) };
        });
      default: return mapId(kind, key, v);  // an option table: datasets, initSchemes, ...
    }
  }

  /** Checks JS types and unknown keys, maps ids to enum values; absent keys stay absent. */
  function normalize(config, schema, what) {
    if (config === undefined) return {};
    if (!isObject(config)) throw new LabError(`${what} must be an object (got ${describe(config)})`);
    const out = {};
    for (const [key, v] of Object.entries(config)) {
      if (!Object.hasOwn(schema, key)) {
        throw new LabError(`${what}: unknown key '${key}' (allowed: ${Object.keys(schema).join(', ')})`, key);
      }
      if (v !== undefined) out[key] = convert(schema[key], key, v);
    }
    return out;
  }

  /** Packs a complete normalised config in the schema's key order for the core to read. */
  function pack(config, schema) {
    const out = [];
    for (const [key, kind] of Object.entries(schema)) {
      const v = config[key];
      if (kind === 'boolean') out.push(v ? 1 : 0);
      else if (kind === 'widths' || kind === 'activations') {
        out.push(v.length);
        for (const x of v) out.push(x);
      } else if (kind === 'points') {
        out.push(v.length);
        for (const p of v) out.push(p.x, p.y, p.label);
      } else out.push(v);
    }
    putF64(Float64Array.from(out));
  }

  const normalDefaults = {};
  for (const k of Object.keys(defaults)) normalDefaults[k] = normalize(defaults[k], { ...schemas.experiment, ...schemas.network }, 'defaults');

  /** Normalises, completes with `base` and packs a config. */
  const prepare = (config, schema, base, what) => pack({ ...base, ...normalize(config, schema, what) }, schema);

  // ---- unpacking of the core's packed results
  const record = (d, at) => Object.fromEntries(RECORD.map((k, f) => [k, d[at + f]]));
  const layout = (d) => {
    const layers = [];
    for (let at = 0; at < d.length; at += LAYOUT.length) {
      const l = Object.fromEntries(LAYOUT.map((k, f) => [k, d[at + f]]));
      l.activation = toId.activations[l.activation];
      layers.push(l);
    }
    return deepFreeze(layers);
  };
  function diagnostics(d) {
    let i = 0;
    const next = () => d[i++];
    const flag = () => d[i++] !== 0;
    const r = { layers: [], deadUnits: next(), inactiveUnits: next(), saturatedUnits: next(), totalUnits: next(),
      constantOutput: flag(), loss: next(), accuracy: next() };
    for (let l = next(); l > 0; l--) {
      const layer = { activation: toId.activations[next()], dead: next(), inactive: next(), saturated: next(),
        deadPieces: next(), sparsity: next(), gradNorm: next(), zeroPreActivations: next(), units: [] };
      for (let u = next(); u > 0; u--) {
        const unit = { activityRate: next(), dead: flag(), inactive: flag(), saturated: flag(), slope: next(),
          deadPieces: next(), pieceWins: [] };
        for (let w = next(); w > 0; w--) unit.pieceWins.push(next());
        layer.units.push(unit);
      }
      r.layers.push(layer);
    }
    return r;
  }

  /** The core object behind a network or experiment: freed by dispose() or, if forgotten, by GC. */
  class Slot {
    constructor(owner, id, what, destroy) {
      Object.assign(this, { id, what, destroy });
      registry?.register(owner, [destroy, id], this);
    }
    /** The core id; throws once disposed. */
    get live() {
      if (this.id < 0) throw new LabError(`${this.what} has been disposed`);
      return this.id;
    }
    dispose() {
      if (this.id < 0) return;
      registry?.unregister(this);
      this.destroy(this.id);
      this.id = -1;
    }
  }

  // ---- lab.activation
  function activation(id, params) {
    const value = mapId('activations', 'activation', id);
    const row = raw.activations.find((r) => r.id === id);
    const schema = Object.fromEntries(Object.keys(row.defaultParams).map((k) => [k, 'number']));
    const p = Object.freeze({ ...row.defaultParams, ...normalize(params, schema, 'activation params') });
    check(core.activationCheck(value, p.a, p.alpha, p.reluGradAtZero));
    return Object.freeze({
      id,
      params: p,
      value: (z) => core.activationValue(value, requireNumber('z', z), p.a, p.alpha, p.reluGradAtZero),
      derivative: (z) => core.activationDerivative(value, requireNumber('z', z), p.a, p.alpha, p.reluGradAtZero),
      gradA: (z) => core.activationGradA(value, requireNumber('z', z)),
      curve(zs) {
        const z = toF32('zs', zs);
        putF32(0, z);
        const all = outF32(core.activationCurve(value, p.a, p.alpha, p.reluGradAtZero));
        return { value: all.slice(0, z.length), derivative: all.slice(z.length) };
      },
      dispose() {},
    });
  }

  // ---- lab.network
  class Network {
    #slot;
    #stepKey = null;
    #stepRaw = null;   // Map of the step options last handed to the core, as passed
    constructor(config) {
      prepare(config, schemas.network, normalDefaults.network, 'network config');
      const id = core.networkCreate();
      check(id >= 0);
      this.#slot = new Slot(this, id, 'network', core.networkDestroy);
      this.layout = layout(outF64(core.networkLayout(id)));
      this.inputs = core.networkInputs(id);
      this.outputs = core.networkOutputs(id);
      Object.freeze(this);
    }
    #batch(name, xs, ys) {
      const x = toF32('xs', xs);
      const y = toF32('ys', ys);
      if (x.length !== y.length * this.inputs) {
        throw new LabError(`${name}: xs has ${x.length} values but ys has ${y.length} labels; expected `
          + `ys.length * inputs = ${y.length * this.inputs}`, 'xs');
      }
      putF32(0, x);
      putF32(1, y);
      return y.length;
    }
    parameters() { return outF32(core.networkParameters(this.#slot.live)); }
    setParameters(values) {
      const id = this.#slot.live;
      putF32(0, toF32('values', values));
      check(core.networkSetParameters(id));
    }
    /** Hands the step options to the core unless they are the same as last time: the same keys
     *  with the same values (compared raw, so the common case, one options object passed on every
     *  call, costs a few comparisons instead of a normalisation). */
    #setStep(id, options, what, extra) {
      const last = this.#stepRaw;
      if (last !== null && isObject(options) && last.size === countKeys(options, extra)) {
        let same = true;
        for (const [k, v] of last) if (options[k] !== v || !Object.hasOwn(options, k)) { same = false; break; }
        if (same) return;
      }
      const step = {};
      if (isObject(options)) for (const k of Object.keys(options)) if (!extra.has(k)) step[k] = options[k];
      if (options !== undefined && !isObject(options)) normalize(options, schemas.step, what);  // throws
      const opts = normalize(step, schemas.step, what);
      const key = Object.entries(opts).map(([k, v]) => `${k}=${v}`).join('&');
      if (key !== this.#stepKey) {
        pack({ ...normalDefaults.training, ...opts }, schemas.step);
        check(core.networkSetStep(id));
        this.#stepKey = key;
      }
      this.#stepRaw = new Map(Object.entries(step));
    }
    trainBatch(xs, ys, options) {
      const id = this.#slot.live;
      this.#setStep(id, options, 'trainBatch options', NO_KEYS);
      if (this.#batch('trainBatch', xs, ys) === 0) throw new LabError('trainBatch: the batch is empty', 'ys');
      return core.networkTrainBatch(id);
    }
    trainEpochs(xs, ys, options = {}) {
      const id = this.#slot.live;
      if (!isObject(options)) throw new LabError(`trainEpochs options must be an object (got ${describe(options)})`);
      const epochs = requireInteger('epochs', options.epochs ?? 1, 1, MAX_INT);
      const shuffleSeed = requireInteger('shuffleSeed', options.shuffleSeed ?? 0, 0, 4294967295);
      const batchSize = options.batchSize ?? settings.batchSize.default;
      check(core.checkSetting('batchSize', requireNumber('batchSize', batchSize)));
      this.#setStep(id, options, 'trainEpochs options', EPOCH_KEYS);
      if (this.#batch('trainEpochs', xs, ys) === 0) throw new LabError('trainEpochs: the data set is empty', 'ys');
      return outF32(core.networkTrainEpochs(id, epochs, batchSize, shuffleSeed));
    }
    predict(xs) {
      const id = this.#slot.live;
      const x = toF32('xs', xs);
      if (x.length % this.inputs !== 0) {
        throw new LabError(`predict: xs has ${x.length} values, not a multiple of inputs (${this.inputs})`, 'xs');
      }
      putF32(0, x);
      return outF32(core.networkPredict(id));
    }
    diagnostics(xs, ys) {
      const id = this.#slot.live;
      this.#batch('diagnostics', xs, ys);
      return diagnostics(outF64(core.networkDiagnostics(id)));
    }
    dispose() { this.#slot.dispose(); }
  }

  // ---- lab.experiment
  class Experiment {
    #slot;
    #layouts;
    constructor(config) {
      prepare(config, schemas.experiment, normalDefaults.experiment, 'experiment config');
      const id = core.experimentCreate();
      check(id >= 0);
      this.#slot = new Slot(this, id, 'experiment', core.experimentDestroy);
      this.size = core.experimentSize(id);
      this.#layouts = Array.from({ length: this.size }, (_, i) => layout(outF64(core.experimentLayout(id, i))));
      Object.freeze(this);
    }
    #index(index) { return requireInteger('index', index, 0, this.size - 1); }
    #resolution(resolution) {
      check(core.checkSetting('resolution', requireNumber('resolution', resolution)));
      return resolution;
    }
    train(epochs = 1) { core.experimentTrain(this.#slot.live, requireInteger('epochs', epochs, 0, MAX_INT)); }
    summary() {
      const d = outF64(core.experimentSummary(this.#slot.live));
      const out = [];
      for (let at = 0; at < d.length; at += 4 + RECORD.length) {
        out.push({ activation: toId.activations[d[at]], epoch: d[at + 1], diverged: d[at + 2] !== 0,
          divergedEpoch: d[at + 3], latest: record(d, at + 4) });
      }
      return out;
    }
    boundary(index, resolution = settings.resolution.default) {
      const id = this.#slot.live;
      return outF32(core.experimentBoundary(id, this.#index(index), this.#resolution(resolution)));
    }
    unitMap(index, layer, unit, resolution = settings.resolution.default) {
      const id = this.#slot.live;
      const layers = this.#layouts[this.#index(index)];
      if (layers.length < 2) throw new LabError(`network ${index} has no hidden layers`, 'layer');
      requireInteger('layer', layer, 0, layers.length - 2);
      requireInteger('unit', unit, 0, layers[layer].units - 1);
      return outF32(core.experimentUnitMap(id, index, layer, unit, this.#resolution(resolution)));
    }
    diagnostics(index) {
      return diagnostics(outF64(core.experimentDiagnostics(this.#slot.live, this.#index(index))));
    }
    history(index, fromEpoch = 0) {
      const id = this.#slot.live;
      const d = outF64(core.experimentHistory(id, this.#index(index), requireInteger('fromEpoch', fromEpoch, 0, MAX_INT)));
      const out = [];
      for (let at = 0; at < d.length; at += RECORD.length) out.push(record(d, at));
      return out;
    }
    parameters(index) { return outF32(core.experimentParameters(this.#slot.live, this.#index(index))); }
    layout(index) {
      if (this.#slot.live >= 0) return this.#layouts[this.#index(index)];
    }
    data() {
      const id = this.#slot.live;
      const [dims, classes, output] = outF64(core.experimentDataShape(id));
      const array = (which) => outF32(core.experimentData(id, which));
      return { dims, classes, output: toId.outputKinds[output], trainX: array(0), trainY: array(1),
        testX: array(2), testY: array(3) };
    }
    training() { return JSON.parse(core.experimentTraining(this.#slot.live)); }
    setTraining(training) {
      const id = this.#slot.live;
      const current = normalize(this.training(), schemas.training, 'training');
      prepare(training, schemas.training, current, 'training');
      check(core.experimentSetTraining(id));
      return this.training();
    }
    dispose() { this.#slot.dispose(); }
  }

  return Object.freeze({
    ...tables,
    /** The default experiment config: a fresh copy each time, safe to modify. */
    get defaults() { return structuredClone(defaults.experiment); },
    /** The default lab.network config (a fresh copy). */
    get networkDefaults() { return structuredClone(defaults.network); },
    activation,
    network: (config) => new Network(config),
    experiment: (config) => new Experiment(config),
    /** Diagnostic: bytes of wasm memory (grows, never shrinks). */
    heapBytes: () => core.heapBytes(),
    /** Diagnostic: bytes the C++ heap has allocated now. */
    heapUsedBytes: () => core.heapUsedBytes(),
    LabError,
  });
}
