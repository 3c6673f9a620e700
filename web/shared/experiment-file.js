// The saved-experiment file (docs/API.md, "Saving and loading an experiment"): an experiment's
// config, epoch, and per network its parameters, divergence and epoch records, as JSON. Writing
// (experimentFileText) and reading back (parseExperimentFile, then loadExperimentFile) with the
// wasm module's API; a file is untrusted input: every field is checked before an experiment is
// touched, a refusal is a FileError naming the field (as written in the file) and its allowed
// range, and a refused load disposes what it built. Runs in the worker (the owner of wasm) and in
// Node tests; no DOM. Not a second schema: key lists, kinds, ranges and layouts are the module's.

export const FILE_FORMAT = 'relulab-experiment';
export const FILE_VERSION = 1;
/** Largest file read (bytes; a string is measured in UTF-16 units, at least its UTF-8 size for JSON). */
export const MAX_FILE_BYTES = 256 * 2 ** 20;
/** Most parameters a network can have is about 300,000 (8 maxout layers of 64 x 8 rows): a bound far above. */
export const MAX_PARAMETERS = 1 << 20;
const MAX_EPOCH = 2147483646;
const FLOAT_MAX = 3.4028234663852886e38;
const TOP_KEYS = ['format', 'version', 'config', 'epoch', 'networks'];
const NETWORK_KEYS = ['activation', 'divergedEpoch', 'parameters', 'history'];

/** A refused file: `field` is where in the file (e.g. 'networks[0].parameters[12]'). */
export class FileError extends Error {
  constructor(message, field) {
    super(message);
    this.name = 'FileError';
    this.field = field;
  }
}

const fail = (field, message) => { throw new FileError(`${field} ${message}`, field); };
const isPlain = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
function describe(v) {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return String(v);
}
const numText = (v) => (typeof v === 'number' ? String(v) : describe(v));

/** The shortest decimal that reads back as the same float32 (`v` is one), so a file stays short
 *  and exact; -0 as "-0" (JSON.parse reads it back as -0). */
export function float32Text(v) {
  if (Object.is(v, -0)) return '-0';
  if (Number.isInteger(v)) return String(v);
  for (let p = 1; p < 10; p++) {
    const x = Number(v.toPrecision(p));
    if (Math.fround(x) === v) return String(x);
  }
  return String(v);
}
/** The fields of an epoch record, in the order the API gives them (history() records): read once
 *  per module from a smallest experiment, so the file's columns are the API's, not a list here. */
const recordKeyCache = new WeakMap();
export function recordKeys(lab) {
  if (!recordKeyCache.has(lab)) {
    const e = lab.experiment({ dataset: 'xor', points: lab.settings.points.min, batchSize: 1, hidden: [], activations: ['linear'] });
    try {
      recordKeyCache.set(lab, Object.keys(e.summary()[0].latest));
    } finally {
      e.dispose();
    }
  }
  return recordKeyCache.get(lab);
}
const list = (values) => `[${Array.from(values, float32Text).join(',')}]`;

/**
 * The file of `experiment` (a lab.experiment handle at an epoch boundary) at epoch `epoch` (its
 * epochs completed), built from `config` with the training settings in force. `lab` gives the
 * record's fields (recordKeys). Records and parameters are float32 values, written exactly.
 */
export function experimentFileText(lab, experiment, config, epoch) {
  const keys = recordKeys(lab);
  const summaries = experiment.summary();
  const networks = summaries.map((s, i) => {
    const records = experiment.history(i);
    const columns = keys.map((k) => `${JSON.stringify(k)}:${list(records.map((r) => r[k]))}`);
    return `{"activation":${JSON.stringify(s.activation)},"divergedEpoch":${s.divergedEpoch},\n` +
      `"parameters":${list(experiment.parameters(i))},\n"history":{${columns.join(',\n')}}}`;
  });
  const full = { ...config, ...experiment.training() };
  return `{"format":${JSON.stringify(FILE_FORMAT)},"version":${FILE_VERSION},\n"config":${JSON.stringify(full)},\n` +
    `"epoch":${epoch},\n"networks":[\n${networks.join(',\n')}\n]}\n`;
}

function whole(field, v, min, max, why = '') {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(field, `must be a whole number from ${min} to ${max}${why} (got ${numText(v)})`);
  }
  return v;
}

function keysOf(field, v, allowed, required = allowed) {
  if (!isPlain(v)) fail(field, `must be an object {${allowed.join(', ')}} (got ${describe(v)})`);
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) throw new FileError(`${field}: unknown key ${describe(k)} (allowed: ${allowed.join(', ')})`, `${field}.${k}`);
  }
  for (const k of required) if (!(k in v)) fail(`${field}.${k}`, 'is missing');
}

/** A config value of schema kind `kind`: types, ids and the settings' ranges (the core checks again). */
function configValue(lab, key, kind, v) {
  const field = `config.${key}`;
  const ids = (table, noun) => (id, f) => {
    const known = lab[table].map((r) => r.id);
    if (typeof id !== 'string' || !known.includes(id)) fail(f, `must be ${noun === 'activation' ? 'an' : 'a'} ${noun} id, one of ${known.join(', ')} (got ${describe(id)})`);
  };
  const range = (f, x, info) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(f, `must be a number (got ${describe(x)})`);
    if (!info) return;
    if (info.integer) whole(f, x, info.min, info.max);
    else if (x < info.min || x > info.max) fail(f, `must be a number from ${info.min} to ${info.max} (got ${numText(x)})`);
  };
  const array = (max, what) => {
    if (!Array.isArray(v) || v.length > max) fail(field, `must be an array of at most ${max} ${what} (got ${describe(v)})`);
  };
  switch (kind) {
    // The core's default is always allowed (classes 0: the data set's own count, outside 2..8).
    case 'number': return v === lab.defaults[key] ? undefined : range(field, v, lab.settings[key]);
    case 'boolean': if (typeof v !== 'boolean') fail(field, `must be true or false (got ${describe(v)})`); return;
    case 'widths':
      array(lab.settings.hiddenLayers.max, 'layer widths');
      return v.forEach((w, i) => range(`${field}[${i}]`, w, lab.settings.width));
    case 'activations': case 'features': {
      array(kind === 'activations' ? lab.constants.maxNetworks : lab[kind].length, `${kind} ids`);
      if (kind === 'activations' && v.length === 0) fail(field, 'must list at least one activation (got none)');
      const check = ids(kind, kind.slice(0, -1));
      return v.forEach((id, i) => check(id, `${field}[${i}]`));
    }
    case 'points':
      array(lab.constants.maxUserPoints, 'points {x, y, label}');
      return v.forEach((p, i) => {
        const f = `${field}[${i}]`;
        keysOf(f, p, ['x', 'y', 'label'], ['x', 'label']);
        for (const k of Object.keys(p)) range(`${f}.${k}`, p[k], k === 'label' ? null : { min: -lab.constants.box, max: lab.constants.box });
      });
    default:
      if (!Array.isArray(lab[kind])) fail(field, `has a kind this page does not know (${kind})`);
      return ids(kind, key)(v, field);
  }
}

/**
 * Reads a file's text as untrusted input against the module's tables (`lab`: a loaded module, or
 * anything with its schemas, settings, tables, constants and experiment()). Returns {config, epoch,
 * networks: [{activation, divergedEpoch, parameters: number[], records: [{epoch, trainLoss, ...}]}]}
 * or throws a FileError naming the field. Checks everything a file can get wrong by itself;
 * what needs the networks (parameter counts, unit counts) is checked by loadExperimentFile.
 */
export function parseExperimentFile(text, lab) {
  if (typeof text !== 'string') throw new FileError(`file must be text (got ${describe(text)})`, 'file');
  if (text.length > MAX_FILE_BYTES) {
    throw new FileError(`file is ${Math.ceil(text.length / 2 ** 20)} MiB; at most ${MAX_FILE_BYTES / 2 ** 20} MiB can be loaded`, 'file');
  }
  let top;
  try {
    top = JSON.parse(text);
  } catch (e) {
    throw new FileError(`file is not valid JSON (${e.message})`, 'file');
  }
  if (!isPlain(top)) throw new FileError(`file must hold a JSON object {${TOP_KEYS.join(', ')}} (got ${describe(top)})`, 'file');
  for (const k of Object.keys(top)) {
    if (!TOP_KEYS.includes(k)) throw new FileError(`file: unknown key ${describe(k)} (allowed: ${TOP_KEYS.join(', ')})`, k);
  }
  if (top.format !== FILE_FORMAT) fail('format', `must be ${JSON.stringify(FILE_FORMAT)} (got ${describe(top.format)}): not a saved ReLU Lab experiment`);
  if (top.version !== FILE_VERSION) fail('version', `must be ${FILE_VERSION} (got ${describe(top.version)}): this page reads version ${FILE_VERSION} files`);
  const schema = lab.schemas.experiment;
  keysOf('config', top.config, Object.keys(schema), []);
  for (const [key, v] of Object.entries(top.config)) configValue(lab, key, schema[key], v);
  const epoch = whole('epoch', top.epoch, 0, MAX_EPOCH);
  const activations = top.config.activations ?? lab.defaults.activations;
  const nets = top.networks;
  if (!Array.isArray(nets) || nets.length !== activations.length) {
    fail('networks', `must be an array of ${activations.length} networks, one per entry of config.activations (got ${describe(nets)})`);
  }
  const keys = recordKeys(lab);
  const networks = nets.map((n, i) => {
    const at = `networks[${i}]`;
    keysOf(at, n, NETWORK_KEYS);
    if (n.activation !== activations[i]) fail(`${at}.activation`, `must be ${JSON.stringify(activations[i])}, config.activations[${i}] (got ${describe(n.activation)})`);
    const diverged = whole(`${at}.divergedEpoch`, n.divergedEpoch, -1, epoch, ' (-1: it did not diverge)');
    const p = n.parameters;
    if (!Array.isArray(p) || p.length > MAX_PARAMETERS) fail(`${at}.parameters`, `must be an array of at most ${MAX_PARAMETERS} numbers (got ${describe(p)})`);
    for (let k = 0; k < p.length; k++) {
      const v = p[k];
      if (typeof v !== 'number' || !(Math.abs(v) <= FLOAT_MAX)) {
        fail(`${at}.parameters[${k}]`, `must be a finite number within float32 range, from ${-FLOAT_MAX} to ${FLOAT_MAX} (got ${numText(v)})`);
      }
    }
    const h = n.history;
    keysOf(`${at}.history`, h, keys);
    const count = Array.isArray(h.epoch) ? h.epoch.length : -1;
    const max = lab.constants.maxHistoryRecords;
    for (const k of keys) {
      const column = h[k];
      if (!Array.isArray(column) || column.length < 1 || column.length > max || (k !== 'epoch' && column.length !== count)) {
        fail(`${at}.history.${k}`, `must be an array of 1 to ${max} numbers${k === 'epoch' ? '' : `, as many as history.epoch (${count})`} (got ${describe(column)})`);
      }
      for (let r = 0; r < column.length; r++) {
        const v = column[r];
        if (typeof v !== 'number' || !(Math.abs(v) <= FLOAT_MAX)) fail(`${at}.history.${k}[${r}]`, `must be a finite number (got ${numText(v)})`);
      }
    }
    h.epoch.forEach((e, r) => {
      if (r === 0) whole(`${at}.history.epoch[0]`, e, 0, 0, ' (the first record is at initialisation)');
      else whole(`${at}.history.epoch[${r}]`, e, h.epoch[r - 1] + 1, epoch, ' (epochs increase, up to the file\'s epoch)');
    });
    if (diverged < 0 && count > 1) {
      whole(`${at}.history.epoch[${count - 1}]`, h.epoch[count - 1], epoch, epoch,
        ' (the file\'s epoch: a network that did not diverge has a record of the last epoch)');
    }
    const records = Array.from({ length: count }, (_, r) => Object.fromEntries(keys.map((k) => [k, h[k][r]])));
    return { activation: n.activation, divergedEpoch: diverged, parameters: p, records };
  });
  return { config: top.config, epoch, networks };
}

/** A core message about restoreHistory's arguments, in the file's terms (runs[i].records[k].key
 *  is networks[i].history.key[k]); the field it names. */
export function fileMessage(message) {
  const m = /^runs\[(\d+)\]\.records\[(\d+)\]\.(\w+)/.exec(message);
  if (m) {
    const field = `networks[${m[1]}].history.${m[3]}[${m[2]}]`;
    return { message: field + message.slice(m[0].length), field };
  }
  const d = /^runs\[(\d+)\]\.(\w+)/.exec(message);
  if (d) {
    const field = `networks[${d[1]}].${d[2] === 'records' ? 'history' : d[2]}`;
    return { message: field + message.slice(d[0].length), field };
  }
  return { message, field: /^epoch\b/.test(message) ? 'epoch' : 'file' };
}

/**
 * Builds the experiment of a parsed file (parseExperimentFile) with `lab`: from its config, then
 * each network's parameters, then the epoch and records (core restoreHistory). Returns the new
 * experiment; on any refusal disposes it and throws a FileError naming the field. Training goes on
 * from the next epoch with fresh optimiser state (the file holds no Adam moments).
 */
export function loadExperimentFile(lab, file) {
  let experiment;
  try {
    experiment = lab.experiment(file.config);
  } catch (e) {
    const key = e.field && e.field !== 'config' ? `config.${e.field}` : 'config';
    throw new FileError(`config: ${e.message}`, key);
  }
  try {
    file.networks.forEach((n, i) => {
      const want = experiment.parameters(i).length;
      if (n.parameters.length !== want) {
        fail(`networks[${i}].parameters`, `must have ${want} numbers for this config's network (got ${n.parameters.length})`);
      }
    });
    file.networks.forEach((n, i) => {
      try {
        experiment.setParameters(i, n.parameters);
      } catch (e) {
        throw new FileError(`networks[${i}].parameters: ${e.message}`, `networks[${i}].parameters`);
      }
    });
    try {
      experiment.restoreHistory(file.epoch, file.networks.map((n) => ({ records: n.records, divergedEpoch: n.divergedEpoch })));
    } catch (e) {
      const { message, field } = fileMessage(e.message);
      throw new FileError(message, field);
    }
    return experiment;
  } catch (e) {
    experiment.dispose();
    throw e;
  }
}
