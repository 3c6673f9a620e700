// ReLU Lab's public JavaScript API (docs/API.md): one ES module that loads the wasm core in a
// page, a module worker or Node 20, throws LabErrors for the core's refusals, hands out copied
// typed arrays and frees C++ objects on dispose(). Not a second source of truth: tables,
// defaults, key lists and range checks come from the core; this file only checks JS types and
// unknown keys, maps ids to the core's enum values with the core's tables, and (un)packs arrays.
import createReluLabCore from './relulab_core.mjs';

/** Every refusal of the API: bad config or argument, or a call on a disposed handle. */
export class LabError extends Error {
  constructor(message, field = null, options = undefined) {
    super(message, options);
    this.name = 'LabError';
    /** The config key or argument at fault (e.g. 'learningRate', 'hidden', 'xs'), or null. */
    this.field = field;
  }
}

/**
 * Loads an independent instance of the module. Page / worker: relulab_core.wasm is fetched from
 * next to this file. Node: it is read from disk. `options` go to the Emscripten factory. Any
 * failure to start (a bad wasmBinary, an instantiateWasm that throws, an abort) rejects with a
 * LabError whose `cause` is the underlying error.
 */
export async function loadReluLab(options = {}) {
  if (!isPlain(options)) throw new LabError(`loadReluLab: options must be a plain object (got ${describe(options)})`, 'options');
  const moduleOptions = {};   // an ordinary object: the glue calls its hasOwnProperty
  for (const [k, v] of Object.entries(own(options))) if (k !== '__proto__') moduleOptions[k] = v;
  let fail;
  const failed = new Promise((_, reject) => { fail = reject; });
  const startError = (e, what = 'the module could not start') =>
    (e instanceof LabError ? e : new LabError(`loadReluLab: ${what}: ${e?.message ?? String(e)}`, null, { cause: e }));
  const given = moduleOptions.instantiateWasm;
  if (given !== undefined) {
    if (typeof given !== 'function') throw new LabError(`loadReluLab: instantiateWasm must be a function (got ${describe(given)})`, 'instantiateWasm');
    // The glue only logs a throwing instantiateWasm and then waits forever: reject instead.
    moduleOptions.instantiateWasm = (imports, receive) => {
      try {
        return given(imports, receive);
      } catch (e) {
        fail(startError(e, 'instantiateWasm failed'));
        return {};
      }
    };
  }
  const onAbort = moduleOptions.onAbort;
  moduleOptions.onAbort = (what) => {
    fail(startError(what));
    if (typeof onAbort === 'function') onAbort(what);
  };
  if (typeof process === 'object' && typeof process?.versions?.node === 'string' && !moduleOptions.wasmBinary) {
    const { readFile } = await import('node:fs/promises');
    moduleOptions.wasmBinary = await readFile(new URL('./relulab_core.wasm', import.meta.url));
  }
  let core;
  try {
    core = await Promise.race([createReluLabCore(moduleOptions), failed]);
  } catch (e) {
    throw startError(e);
  }
  return makeLab(core);
}
export default loadReluLab;

const NOUNS = { activations: 'activation', features: 'feature', datasets: 'dataset', initSchemes: 'initialiser',
  optimizers: 'optimizer', outputKinds: 'output kind' };
const MAX_INT = 2147483647;
const NO_KEYS = new Set();
const EPOCH_KEYS = new Set(['epochs', 'batchSize', 'shuffleSeed']);
/** Inputs or outputs above this many values make the call give the staging memory back after it
 *  (the core keeps at most 256 KiB per staging buffer). */
const BIG = 1 << 16;

function describe(v) {
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object') {
    const tag = Object.prototype.toString.call(v).slice(8, -1);
    return tag === 'Object' ? 'an object' : `${/^[AEIOU]/.test(tag) ? 'an' : 'a'} ${tag}`;
  }
  return `${typeof v} ${String(v)}`;
}

/** A plain object: made by a literal, JSON.parse or Object.create(null), in any realm. Maps,
 *  Dates, boxed numbers, class instances and objects inheriting from another object are not. */
function isPlain(v) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === null || Object.getPrototypeOf(proto) === null) && Object.prototype.toString.call(v) === '[object Object]';
}

/** The object's own enumerable properties, each read once, in a prototype-free object: what a
 *  call reads from a config or options object (never inherited values, never a second read). */
function own(o) {
  const out = Object.create(null);
  for (const k of Object.keys(o)) out[k] = o[k];
  return out;
}

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

// The intrinsic getters of typed arrays: no caller code can stand in for them (a subclass's own
// `length` getter could lie about the size of what is copied into wasm memory).
const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
const intrinsic = (key) => Function.prototype.call.bind(Object.getOwnPropertyDescriptor(typedArrayProto, key).get);
const typedTag = intrinsic(Symbol.toStringTag);   // 'Float32Array', ..., or undefined
const typedLength = intrinsic('length');
const isNumericView = (v) => { const tag = typedTag(v); return tag !== undefined && !tag.startsWith('Big'); };

/**
 * The numbers of `v` as a new Float32Array or Float64Array (`Type`): copied from a typed array,
 * or from an array read index by index, each entry once (a hole is refused like undefined). At
 * most `limit` values: the length is checked before anything is read.
 */
function numbers(name, v, Type, limit, tooMany = (n) => `${name} has ${n} values; at most ${limit} are allowed in one call`) {
  const view = isNumericView(v);
  const length = view ? typedLength(v) : Array.isArray(v) ? v.length : -1;
  if (length < 0) throw new LabError(`${name} must be a Float32Array or an array of numbers (got ${describe(v)})`, name);
  if (length > limit) throw new LabError(tooMany(length), name);
  // An exact Float32Array goes to wasm as it is (copied there by its real length); others are copied.
  if (view) return Object.getPrototypeOf(v) === Type.prototype ? v : new Type(v);
  const out = new Type(length);
  for (let i = 0; i < length; i++) {
    const x = v[i];
    if (typeof x !== 'number') {
      throw new LabError(`${name}[${i}] must be a number (got ${x === undefined && !(i in v) ? 'a hole' : describe(x)})`, name);
    }
    out[i] = x;
  }
  return out;
}

function makeLab(core) {
  const raw = JSON.parse(core.tables());
  let handles = 0;    // live networks, experiments and grid jobs: with none left, all staging memory is freed
  const release = (destroy, id) => {
    destroy(id);
    if (--handles === 0) core.trim(true);
  };
  const registry = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry(([destroy, id]) => release(destroy, id)) : null;
  const { constants } = raw;

  // ---- re-entrancy: every public call converts its arguments (which may run the caller's
  // getters and proxies) before it touches a handle or the core. A call made from inside that
  // conversion is refused, so no handle can change under a call in progress.
  let busy = false;
  let big = false;   // this call moved many values through the staging buffers
  const guard = (fn) => function guarded(...args) {
    if (busy) {
      throw new LabError('re-entrant call: the lab was called while it was reading the arguments of another call '
        + '(from a getter or a proxy); call it after that call has returned');
    }
    busy = true;
    try {
      return fn.apply(this, args);
    } finally {
      busy = false;
      if (big) {
        big = false;
        core.trim(false);
      }
    }
  };

  // ---- marshalling: inputs are written into the module's buffers, outputs copied out at once.
  const noRoom = (name, n) => new LabError(`${name}: not enough memory in the module for ${n} values; dispose `
    + 'experiments or networks that are no longer needed', name);
  // Sized by the typed array's real length: an own `length` property cannot shrink the room.
  const putF32 = (slot, arr, name) => {
    const n = typedLength(arr);
    const p = core.inputF32(slot, n) >> 2;
    if (p === 0) throw noRoom(name, n);
    core.HEAPF32.set(arr, p);
    if (n > BIG) big = true;
  };
  const putF64 = (arr, name = 'config') => {
    const n = typedLength(arr);
    const p = core.inputF64(n) >> 3;
    if (p === 0) throw noRoom(name, n);
    core.HEAPF64.set(arr, p);
    if (n > BIG) big = true;
  };
  /** Values from .. to of an output of n floats. */
  const outF32 = (n, from = 0, to = n) => {
    if (n > BIG) big = true;
    const p = core.outputPointer() >> 2;
    return core.HEAPF32.slice(p + from, p + to);
  };
  const outI32 = (n) => {
    if (n > BIG) big = true;
    const p = core.outputPointer() >> 2;
    return core.HEAP32.slice(p, p + n);
  };
  const outF64 = (n) => {
    if (n > BIG) big = true;
    const p = core.outputPointer() >> 3;
    return core.HEAPF64.slice(p, p + n);
  };
  const check = (ok) => {
    if (ok) return;
    const message = core.message();
    const lead = /^[A-Za-z_]\w*/.exec(message)?.[0];
    throw new LabError(message, knownFields.has(lead) ? lead : null);
  };
  /** A call result that is a length, or -1 for a refusal. */
  const length = (n) => {
    check(n >= 0);
    return n;
  };

  // ---- tables, straight from core (enum values dropped: ids are the public names)
  const options = (rows) => rows.map(({ id, nameEn, nameZh }) => ({ id, nameEn, nameZh }));
  const settings = Object.fromEntries(raw.settings.map((s) => [s.key, s]));
  const tables = deepFreeze({
    activations: raw.activations.map(({ value, ...rest }) => rest),
    features: raw.features.map(({ value, ...rest }) => rest),
    settings,
    datasets: options(raw.datasets),
    initSchemes: options(raw.initSchemes),
    optimizers: options(raw.optimizers),
    outputKinds: options(raw.outputKinds),
    reluGradAtZeroChoices: raw.reluGradAtZeroChoices,
    constants,
  });
  const { schemas, defaults } = deepFreeze(raw);
  const toValue = {};  // table -> Map(id -> enum value)
  const toId = {};     // table -> [id by enum value]
  for (const t of Object.keys(NOUNS)) {
    toValue[t] = new Map(raw[t].map((r) => [r.id, r.value]));
    toId[t] = [];
    raw[t].forEach((r) => { toId[t][r.value] = r.id; });
  }
  // resolution and points are settings too (their keys come with the table).
  const knownFields = new Set(['xs', 'ys', 'zs', 'values', 'config', 'params', 'a', 'alpha', 'thumbResolution', 'regions',
    'firstUnit', 'unitCount', ...Object.keys(settings)]);
  Object.values(schemas).forEach((s) => Object.keys(s).forEach((k) => knownFields.add(k)));

  // ---- configs: JS types and unknown keys here, ranges in core
  function mapId(table, name, id, field = name) {
    const value = typeof id === 'string' ? toValue[table].get(id) : undefined;
    if (value !== undefined) return value;
    const noun = NOUNS[table];
    if (typeof id !== 'string') throw new LabError(`${name} must be ${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun} id (got ${describe(id)})`, field);
    throw new LabError(`${name}: unknown ${noun} '${id}' (allowed: ${[...toValue[table].keys()].join(', ')})`, field);
  }

  /** The entries of an array, each read once; holes are refused like any non-value. */
  function entries(key, v, what) {
    if (!Array.isArray(v)) throw new LabError(`${key} must be an array of ${what} (got ${describe(v)})`, key);
    const n = v.length;
    const limit = constants.maxUserPoints;
    if (n > limit) throw new LabError(`${key} has ${n} entries; at most ${limit} are allowed`, key);
    const out = [];
    for (let i = 0; i < n; i++) {
      if (!(i in v)) throw new LabError(`${key}[${i}] is a hole in the array (every entry must be given)`, key);
      out.push(v[i]);
    }
    return out;
  }

  function convert(kind, key, v) {
    switch (kind) {
      case 'number': return requireNumber(key, v);
      case 'boolean':
        if (typeof v !== 'boolean') throw new LabError(`${key} must be true or false (got ${describe(v)})`, key);
        return v;
      case 'widths': return entries(key, v, 'layer widths').map((w, i) => requireNumber(`${key}[${i}]`, w, key));
      case 'activations': case 'features':
        if (typeof v === 'string') return [mapId(kind, key, v)];
        return entries(key, v, `${NOUNS[kind]} ids`).map((id, i) => mapId(kind, `${key}[${i}]`, id, key));
      case 'points':
        return entries(key, v, '{x, y, label}').map((point, i) => {
          const at = `${key}[${i}]`;
          if (!isPlain(point)) throw new LabError(`${at} must be a plain object {x, y, label} (got ${describe(point)})`, key);
          const p = own(point);
          for (const k of Object.keys(p)) {
            if (!['x', 'y', 'label'].includes(k)) throw new LabError(`${at}: unknown key '${k}' (allowed: x, y, label)`, key);
          }
          return { x: requireNumber(`${at}.x`, p.x, key), y: p.y === undefined ? 0 : requireNumber(`${at}.y`, p.y, key),
            label: requireNumber(`${at}.label`, p.label, key) };
        });
      default: return mapId(kind, key, v);  // an option table: datasets, initSchemes, ...
    }
  }

  /** Reads a config object: a plain object (or undefined), own enumerable keys only, each read
   *  once; checks JS types and unknown keys and maps ids to enum values. Absent keys stay absent
   *  (undefined counts as absent, null does not). `skip` lists keys the caller reads itself. */
  function normalize(config, schema, what, argument = 'config', skip = NO_KEYS) {
    if (config === undefined) return {};
    if (!isPlain(config)) throw new LabError(`${what} must be a plain object (got ${describe(config)})`, argument);
    const given = own(config);
    const out = {};
    for (const key of Object.keys(given)) {
      if (skip.has(key)) continue;
      if (!Object.hasOwn(schema, key)) {
        throw new LabError(`${what}: unknown key '${key}' (allowed: ${[...Object.keys(schema), ...skip].join(', ')})`, key);
      }
      if (given[key] !== undefined) out[key] = convert(schema[key], key, given[key]);
    }
    return out;
  }

  /** Packs a complete normalised config in the schema's key order for the core to read. */
  function pack(config, schema) {
    const out = [];
    for (const [key, kind] of Object.entries(schema)) {
      const v = config[key];
      if (kind === 'boolean') out.push(v ? 1 : 0);
      else if (kind === 'widths' || kind === 'activations' || kind === 'features') {
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

  // ---- unpacking of the core's packed results by the layouts the core publishes (raw.layouts):
  // each layout lists its fields in packing order with their kinds (number, boolean, activation,
  // a nested layout's name, or [kind] for a count followed by that many entries).
  const unpackers = {};   // layout name -> (d, at) => object; `at.i` is the read position
  const field = (kind) => {
    if (Array.isArray(kind)) {
      const entry = field(kind[0]);
      return (d, at) => Array.from({ length: d[at.i++] }, () => entry(d, at));
    }
    if (kind === 'number') return (d, at) => d[at.i++];
    if (kind === 'boolean') return (d, at) => d[at.i++] !== 0;
    if (kind === 'activation') return (d, at) => toId.activations[d[at.i++]];
    return (d, at) => unpackers[kind](d, at);
  };
  for (const [name, fields] of Object.entries(raw.layouts)) {
    const parts = Object.entries(fields).map(([k, kind]) => [k, field(kind)]);
    // Own properties by definition, in order (never a setter inherited from Object.prototype).
    unpackers[name] = (d, at) => Object.fromEntries(parts.map(([k, read]) => [k, read(d, at)]));
  }
  /** The results of layout `name` packed one after another in d. */
  const unpack = (name, d) => {
    const out = [];
    for (const at = { i: 0 }; at.i < d.length;) out.push(unpackers[name](d, at));
    return out;
  };
  const layout = (d) => deepFreeze(unpack('layer', d));
  const diagnostics = (d) => unpack('diagnostics', d)[0];

  /** The core object behind a network or experiment: freed by dispose() or, if forgotten, by GC. */
  class Slot {
    constructor(owner, id, what, destroy) {
      Object.assign(this, { id, what, destroy });
      handles++;
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
      release(this.destroy, this.id);
      this.id = -1;
    }
  }

  /** Makes every listed method of a class a guarded public call. */
  const guardMethods = (cls, names) => names.forEach((n) => { cls.prototype[n] = guard(cls.prototype[n]); });

  // ---- lab.activation
  function activation(id, params) {
    const value = mapId('activations', 'activation', id);
    const row = raw.activations.find((r) => r.id === id);
    const schema = Object.fromEntries(Object.keys(row.defaultParams).map((k) => [k, 'number']));
    const p = Object.freeze({ ...row.defaultParams, ...normalize(params, schema, 'activation params', 'params') });
    try {
      check(core.activationCheck(value, p.a, p.alpha, p.reluGradAtZero));
    } catch (e) {   // the core names the settings the ranges come from; the caller passed a / alpha
      const name = { leakyA: 'a', preluInit: 'a', eluAlpha: 'alpha' }[e.field];
      throw name ? new LabError(name + e.message.slice(e.field.length), name) : e;
    }
    const number = (z) => requireNumber('z', z);
    return Object.freeze({
      id,
      params: p,
      value: guard((z) => core.activationValue(value, number(z), p.a, p.alpha, p.reluGradAtZero)),
      derivative: guard((z) => core.activationDerivative(value, number(z), p.a, p.alpha, p.reluGradAtZero)),
      gradA: guard((z) => core.activationGradA(value, number(z))),
      curve: guard((zs) => {
        const z = numbers('zs', zs, Float32Array, constants.maxCurveValues);
        putF32(0, z, 'zs');
        const all = outF32(length(core.activationCurve(value, p.a, p.alpha, p.reluGradAtZero)));
        return { value: all.slice(0, typedLength(z)), derivative: all.slice(typedLength(z)) };
      }),
      dispose() {},
    });
  }

  // ---- lab.network
  /** Step options as read from a call: a prototype-free snapshot (keys in `extra` left out). */
  const readStep = (options, what, extra) => {
    if (options === undefined) return Object.create(null);
    if (!isPlain(options)) throw new LabError(`${what} must be a plain object (got ${describe(options)})`, 'options');
    const snap = own(options);
    for (const k of extra) delete snap[k];
    return snap;
  };

  class Network {
    #slot;
    #count;            // number of parameters
    #stepKey = null;
    #stepRaw = null;   // Map of the step options last handed to the core, as read
    constructor(config) {
      const packed = { ...normalDefaults.network, ...normalize(config, schemas.network, 'network config') };
      pack(packed, schemas.network);
      const id = core.networkCreate();
      check(id >= 0);
      this.#slot = new Slot(this, id, 'network', core.networkDestroy);
      this.layout = layout(outF64(core.networkLayout(id)));
      this.inputs = core.networkInputs(id);
      this.outputs = core.networkOutputs(id);
      const last = this.layout[this.layout.length - 1];
      this.#count = last.slopeOffset + last.slopeCount;
      Object.freeze(this);
    }
    /** xs and ys of n samples, converted (nothing of the handle touched yet). */
    #batch(name, xs, ys) {
      const y = numbers('ys', ys, Float64Array, constants.maxSamplesPerCall);
      const x = numbers('xs', xs, Float32Array, constants.maxSamplesPerCall * this.inputs);
      if (typedLength(x) !== typedLength(y) * this.inputs) {
        throw new LabError(`${name}: xs has ${typedLength(x)} values but ys has ${typedLength(y)} labels; expected `
          + `ys.length * inputs = ${typedLength(y) * this.inputs}`, 'xs');
      }
      return { x, y };
    }
    #put({ x, y }) {
      putF32(0, x, 'xs');
      putF64(y, 'ys');
    }
    parameters() { return outF32(core.networkParameters(this.#slot.live)); }
    setParameters(values) {
      const v = numbers('values', values, Float64Array, this.#count, (n) => `values must have ${this.#count} numbers (got ${n})`);
      const id = this.#slot.live;
      putF64(v, 'values');
      check(core.networkSetParameters(id));
    }
    /** Hands the step options to the core unless they are the same as last time: the same keys
     *  with the same values as read (so the common case, one options object passed on every
     *  call, costs a few comparisons instead of a normalisation). */
    #setStep(id, step, what) {
      const last = this.#stepRaw;
      const keys = Object.keys(step);
      if (last !== null && last.size === keys.length && keys.every((k) => last.has(k) && last.get(k) === step[k])) return;
      const opts = normalize(step, schemas.step, what, 'options');
      const key = Object.entries(opts).map(([k, v]) => `${k}=${v}`).join('&');
      if (key !== this.#stepKey) {
        pack({ ...normalDefaults.training, ...opts }, schemas.step);
        check(core.networkSetStep(id));
        this.#stepKey = key;
      }
      this.#stepRaw = new Map(keys.map((k) => [k, step[k]]));
    }
    trainBatch(xs, ys, options) {
      const step = readStep(options, 'trainBatch options', NO_KEYS);
      const batch = this.#batch('trainBatch', xs, ys);
      if (typedLength(batch.y) === 0) throw new LabError('ys must hold at least one label (the batch is empty)', 'ys');
      const id = this.#slot.live;
      this.#setStep(id, step, 'trainBatch options');
      this.#put(batch);
      check(core.networkTrainBatch(id));
      return outF64(1)[0];
    }
    trainEpochs(xs, ys, options = {}) {
      if (!isPlain(options)) throw new LabError(`trainEpochs options must be a plain object (got ${describe(options)})`, 'options');
      const given = own(options);
      const epochs = requireInteger('epochs', given.epochs === undefined ? 1 : given.epochs, 1, constants.maxEpochsPerCall);
      const shuffleSeed = requireInteger('shuffleSeed', given.shuffleSeed === undefined ? 0 : given.shuffleSeed, 0, 4294967295);
      const batchSize = given.batchSize === undefined ? settings.batchSize.default : requireNumber('batchSize', given.batchSize);
      check(core.checkSetting('batchSize', batchSize));
      const step = readStep(given, 'trainEpochs options', EPOCH_KEYS);
      const batch = this.#batch('trainEpochs', xs, ys);
      if (typedLength(batch.y) === 0) throw new LabError('ys must hold at least one label (the data set is empty)', 'ys');
      const id = this.#slot.live;
      this.#setStep(id, step, 'trainEpochs options');
      this.#put(batch);
      return outF32(length(core.networkTrainEpochs(id, epochs, batchSize, shuffleSeed)));
    }
    predict(xs) {
      const x = numbers('xs', xs, Float32Array, constants.maxSamplesPerCall * this.inputs);
      if (typedLength(x) % this.inputs !== 0) {
        throw new LabError(`predict: xs has ${typedLength(x)} values, not a multiple of inputs (${this.inputs})`, 'xs');
      }
      const id = this.#slot.live;
      putF32(0, x, 'xs');
      return outF32(length(core.networkPredict(id)));
    }
    diagnostics(xs, ys) {
      const batch = this.#batch('diagnostics', xs, ys);
      const id = this.#slot.live;
      this.#put(batch);
      return diagnostics(outF64(length(core.networkDiagnostics(id))));
    }
    dispose() { this.#slot.dispose(); }
  }
  guardMethods(Network, ['parameters', 'setParameters', 'trainBatch', 'trainEpochs', 'predict', 'diagnostics', 'dispose']);

  // ---- lab.experiment
  class Experiment {
    #slot;
    #layouts;
    #ready = false;
    constructor(config, options) {
      const { inSteps } = { inSteps: false, ...normalize(options, { inSteps: 'boolean' }, 'experiment options', 'options') };
      const packed = { ...normalDefaults.experiment, ...normalize(config, schemas.experiment, 'experiment config') };
      pack(packed, schemas.experiment);
      const id = core.experimentCreate();
      check(id >= 0);
      this.#slot = new Slot(this, id, 'experiment', core.experimentDestroy);
      this.size = core.experimentSize(id);
      this.#layouts = Array.from({ length: this.size }, (_, i) => layout(outF64(core.experimentLayout(id, i))));
      if (!inSteps) this.#build(MAX_INT);
      Object.freeze(this);
    }
    /** Built (with inSteps: after buildSteps returned true). */
    get ready() { return this.#ready; }
    /** At most maxSteps steps of the build (a network's workspaces, or a block of epoch 0's records); true when built. */
    buildSteps(maxSteps) { return this.#build(requireInteger('maxSteps', maxSteps, 1, MAX_INT)); }
    #build(n) {
      if (!this.#ready) this.#ready = outF64(core.experimentTrainSteps(this.#slot.live, n))[3] === 1;
      return this.#ready;
    }
    /** The live handle of a built experiment; refuses one still being built. */
    get #built() {
      const id = this.#slot.live;
      if (!this.#ready) throw new LabError('the experiment is still being built: call buildSteps() until it returns true');
      return id;
    }
    #index(index) { return requireInteger('index', index, 0, this.size - 1); }
    #resolution(resolution) {
      check(core.checkSetting('resolution', requireNumber('resolution', resolution)));
      return resolution;
    }
    #training(id) { return JSON.parse(core.experimentTraining(id)); }
    train(epochs = 1) {
      const n = requireInteger('epochs', epochs, 0, constants.maxEpochsPerCall);
      core.experimentTrain(this.#built, n);
    }
    summary() {
      return unpack('summary', outF64(core.experimentSummary(this.#built)));
    }
    /** A grid job run to its end in one call, read by `read(jobId)`, then freed. */
    #grid(i, resolution, thumbResolution, read) {
      const job = newJob(this.#built, i, resolution, thumbResolution, false);
      try {
        stepJob(job, MAX_INT);
        return read(job);
      } finally {
        core.jobDestroy(job);
      }
    }
    boundary(index, resolution = settings.resolution.default) {
      const i = this.#index(index);
      const r = this.#resolution(resolution);
      return this.#grid(i, r, 0, (job) => outF32(core.jobResult(job, 0)));
    }
    /** Index, layer and unit checked against network `index`'s layout; [i, layer, unit, flat]. */
    #unit(index, layer, unit) {
      const i = this.#index(index);
      const layers = this.#layouts[i];
      if (layers.length < 2) throw new LabError(`network ${index} has no hidden layers`, 'layer');
      requireInteger('layer', layer, 0, layers.length - 2);
      requireInteger('unit', unit, 0, layers[layer].units - 1);
      let flat = unit;  // the unit's place among all hidden units
      for (let l = 0; l < layer; l++) flat += layers[l].units;
      return [i, layer, unit, flat];
    }
    unitMap(index, layer, unit, resolution = settings.resolution.default) {
      const [i, , , flat] = this.#unit(index, layer, unit);
      const r = this.#resolution(resolution);
      // Only this unit's map (the boundary part at the smallest resolution).
      const job = newJob(this.#built, i, settings.resolution.min, r, false, false, flat, 1);
      try {
        stepJob(job, MAX_INT);
        return outF32(core.jobResult(job, 1));
      } finally {
        core.jobDestroy(job);
      }
    }
    /** One hidden unit's history: per-epoch records (thinned like history()), death epoch,
     *  revivals and the push (core/unit_history.hpp). */
    unitHistory(index, layer, unit) {
      const [i, l, u] = this.#unit(index, layer, unit);
      return unpack('unitHistory', outF64(core.experimentUnitHistory(this.#built, i, l, u, MAX_INT)))[0];
    }
    /** At most maxSteps steps of the replay unitHistory needs for this unit (a batch of the replayed
     *  epoch, or the check of 256 training samples after it); true when unitHistory will answer at once. */
    unitHistorySteps(index, layer, unit, maxSteps) {
      const [i, l, u] = this.#unit(index, layer, unit);
      const n = requireInteger('maxSteps', maxSteps, 1, MAX_INT);
      return core.experimentUnitHistory(this.#built, i, l, u, n) >= 0;
    }
    /** One hidden unit's pre-activation z on every training point (Float32Array, training order). */
    preActivations(index, layer, unit) {
      const [i, l, u] = this.#unit(index, layer, unit);
      return outF32(core.experimentPreActivations(this.#built, i, l, u));
    }
    gridJob(index, options) {
      const i = this.#index(index);
      const o = { resolution: settings.resolution.default, thumbResolution: 0, diagnostics: false, regions: false,
        firstUnit: 0, unitCount: 0, pre: false, ...normalize(options, JOB_OPTIONS, 'gridJob options', 'options') };
      return new GridJob(this.#built, i, o, this.#layouts[i]);
    }
    trainSteps(maxSteps) {
      const n = requireInteger('maxSteps', maxSteps, 1, MAX_INT);
      const [batches, epoch, position] = outF64(core.experimentTrainSteps(this.#built, n));
      return { batches, epoch, epochEnded: position === 0 };
    }
    diagnostics(index) {
      const i = this.#index(index);
      return diagnostics(outF64(core.experimentDiagnostics(this.#built, i)));
    }
    history(index, fromEpoch = 0) {
      const i = this.#index(index);
      const from = requireInteger('fromEpoch', fromEpoch, 0, MAX_INT);
      return unpack('record', outF64(core.experimentHistory(this.#built, i, from)));
    }
    parameters(index) {
      const i = this.#index(index);
      return outF32(core.experimentParameters(this.#slot.live, i));
    }
    /** Replaces network `index`'s parameters (layout(index)'s layout; the core checks the count and
     *  every value as given, then rounds to float32; refused: nothing changes). */
    setParameters(index, values) {
      const i = this.#index(index);
      const last = this.#layouts[i][this.#layouts[i].length - 1];
      const count = last.slopeOffset + last.slopeCount;
      const v = numbers('values', values, Float64Array, count, (n) => `values must have ${count} numbers (got ${n})`);
      const id = this.#built;
      putF64(v, 'values');
      check(core.experimentSetParameters(id, i));
    }
    layout(index) {
      const i = this.#index(index);
      if (this.#slot.live >= 0) return this.#layouts[i];
    }
    data() {
      const id = this.#slot.live;
      const [dims, classes, output] = outF64(core.experimentDataShape(id));
      const array = (which) => outF32(core.experimentData(id, which));
      return { dims, classes, output: toId.outputKinds[output], trainX: array(0), trainY: array(1),
        testX: array(2), testY: array(3) };
    }
    training() { return this.#training(this.#slot.live); }
    setTraining(training) {
      const change = normalize(training, schemas.training, 'training', 'training');
      const id = this.#slot.live;
      const current = normalize(this.#training(id), schemas.training, 'training');
      pack({ ...current, ...change }, schemas.training);
      check(core.experimentSetTraining(id));
      return this.#training(id);
    }
    /** A saved past put back on an experiment not trained yet (core Experiment::restore_history):
     *  `epoch` the epochs completed, `runs` one {records, divergedEpoch} per network. */
    restoreHistory(epoch, runs) {
      const id = this.#slot.live;
      requireNumber('epoch', epoch);
      const list = Array.isArray(runs) ? runs : null;
      if (!list || list.length !== this.size) {
        throw new LabError(`runs must be an array of ${this.size} {records, divergedEpoch}, one per network (got ${list ? `${list.length} entries` : describe(runs)})`, 'runs');
      }
      const keys = Object.keys(raw.layouts.record);
      const out = [epoch];
      for (let i = 0; i < list.length; i++) {
        const at = `runs[${i}]`;
        if (!(i in list) || !isPlain(list[i])) throw new LabError(`${at} must be a plain object {records, divergedEpoch} (got ${describe(list[i])})`, 'runs');
        const r = own(list[i]);
        for (const k of Object.keys(r)) if (k !== 'records' && k !== 'divergedEpoch') throw new LabError(`${at}: unknown key '${k}' (allowed: records, divergedEpoch)`, 'runs');
        const records = r.records;
        if (!Array.isArray(records) || records.length > constants.maxHistoryRecords) {
          throw new LabError(`${at}.records must be an array of at most ${constants.maxHistoryRecords} records (got ${Array.isArray(records) ? `${records.length} entries` : describe(records)})`, 'runs');
        }
        out.push(r.divergedEpoch === undefined ? -1 : requireNumber(`${at}.divergedEpoch`, r.divergedEpoch, 'runs'), records.length);
        for (let k = 0; k < records.length; k++) {
          const rec = records[k];
          if (!(k in records) || !isPlain(rec)) throw new LabError(`${at}.records[${k}] must be a plain object (got ${k in records ? describe(rec) : 'a hole'})`, 'runs');
          const given = own(rec);
          for (const key of Object.keys(given)) if (!keys.includes(key)) throw new LabError(`${at}.records[${k}]: unknown key '${key}' (allowed: ${keys.join(', ')})`, 'runs');
          for (const key of keys) out.push(requireNumber(`${at}.records[${k}].${key}`, given[key], 'runs'));
        }
      }
      putF64(Float64Array.from(out), 'runs');
      if (!core.experimentRestore(id)) {
        const message = core.message();
        throw new LabError(message, /^epoch\b/.test(message) ? 'epoch' : 'runs');
      }
    }
    dispose() { this.#slot.dispose(); }
  }
  guardMethods(Experiment, ['buildSteps', 'unitHistorySteps', 'train', 'trainSteps', 'summary', 'boundary', 'unitMap', 'unitHistory', 'preActivations', 'gridJob', 'diagnostics', 'history',
    'parameters', 'setParameters', 'layout', 'data', 'training', 'setTraining', 'restoreHistory', 'dispose']);

  // ---- grid jobs (core/grid_job.hpp): a snapshot of one network, its grids computed in steps
  const JOB_OPTIONS = { resolution: 'number', thumbResolution: 'number', diagnostics: 'boolean', regions: 'boolean',
    firstUnit: 'number', unitCount: 'number', pre: 'boolean' };
  const hiddenUnits = (layers) => layers.reduce((sum, l) => sum + l.units, 0);
  /** A core job (resolutions checked by the core as given); its id. */
  function newJob(experimentId, index, resolution, thumbResolution, diagnostics, regions = false, firstUnit = 0,
    unitCount = 0, pre = false) {
    const id = core.jobCreate(experimentId, index, resolution, thumbResolution, diagnostics, regions, firstUnit, unitCount, pre);
    check(id >= 0);
    return id;
  }
  /** Up to `points` more grid points of core job `id`; true once it is done. */
  function stepJob(id, points) {
    const done = core.jobStep(id, points);
    check(done >= 0);
    return done === 1;
  }

  class GridJob {
    #slot;
    #done = false;
    #layers;
    #diagnostics;
    #regions;
    #units;  // [first, count]: the units whose maps the job computes
    #pre;
    constructor(experimentId, index, o, layers) {
      // The epoch the job snapshots: the network's, now (see the summary's).
      const { epoch } = unpack('summary', outF64(core.experimentSummary(experimentId)))[index];
      const id = newJob(experimentId, index, o.resolution, o.thumbResolution, o.diagnostics, o.regions, o.firstUnit,
        o.unitCount, o.pre);
      this.#slot = new Slot(this, id, 'grid job', core.jobDestroy);
      this.#layers = layers.slice(0, -1);
      this.#units = [o.firstUnit, o.unitCount > 0 ? o.unitCount : hiddenUnits(this.#layers)];
      this.#diagnostics = o.diagnostics;
      this.#regions = o.regions;
      this.#pre = o.pre;
      Object.assign(this, { index, resolution: o.resolution, thumbResolution: o.thumbResolution, epoch });
      Object.freeze(this);
    }
    step(points) {
      const n = requireInteger('points', points, 1, MAX_INT);
      const id = this.#slot.live;
      return (this.#done ||= stepJob(id, n));
    }
    /** The live core id, the job done (a result read early finishes the job first, in one call). */
    #result() {
      const id = this.#slot.live;
      this.#done ||= stepJob(id, MAX_INT);
      return id;
    }
    boundary() { return outF32(core.jobResult(this.#result(), 0)); }
    unitMaps() { return this.#maps(1); }
    /** With `pre`: unitMaps' layout, each unit's pre-activation z (maxout: its winning piece 0 .. k-1); else null. */
    preMaps() {
      const id = this.#result();
      return this.#pre ? this.#maps(5, id) : null;
    }
    #maps(which, id = this.#result()) {
      const n = core.jobResult(id, which);
      let at = 0;
      const [first, count] = this.#units;
      const cells = n / count;
      let flat = 0;  // units outside firstUnit .. firstUnit + unitCount - 1 are null
      return this.#layers.map((l) => Array.from({ length: l.units }, () => {
        const k = flat++;
        return k >= first && k < first + count ? outF32(n, at, (at += cells)) : null;
      }));
    }
    diagnostics() {
      const id = this.#result();
      return this.#diagnostics ? diagnostics(outF64(core.jobResult(id, 2))) : null;
    }
    /** With `regions`: each boundary cell's linear region (0, 1, ... by first appearance), how many
     *  there are (a lower bound of the regions in the box) and the units that cut none; else null. */
    regions() {
      const id = this.#result();
      if (!this.#regions) return null;
      const cells = outI32(core.jobResult(id, 3));
      const [count, idleUnits] = outF64(core.jobResult(id, 4));
      return { cells, count, idleUnits };
    }
    dispose() { this.#slot.dispose(); }
  }
  guardMethods(GridJob, ['step', 'boundary', 'unitMaps', 'preMaps', 'diagnostics', 'regions', 'dispose']);

  return Object.freeze({
    ...tables,
    /** Every config key and its kind ({experiment, network, training, step}: number, boolean,
     *  widths, activations, points or the option table of its ids), read-only: what a page walks
     *  to read and write configs without a list of its own. */
    schemas,
    /** The default experiment config: a fresh copy each time, safe to modify. */
    get defaults() { return structuredClone(defaults.experiment); },
    /** The default lab.network config (a fresh copy). */
    get networkDefaults() { return structuredClone(defaults.network); },
    activation: guard(activation),
    network: guard((config) => new Network(config)),
    experiment: guard((config, options) => new Experiment(config, options)),
    /** Diagnostic: bytes of wasm memory (grows, never shrinks). */
    heapBytes: () => core.heapBytes(),
    /** Diagnostic: bytes the C++ heap has allocated now. */
    heapUsedBytes: () => core.heapUsedBytes(),
    LabError,
  });
}
