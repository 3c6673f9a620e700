// The host-page API of an embedded lab (docs/EMBED.md): a course page that frames the lab sends
// commands with postMessage (set settings, play, pause, step, reset, get) and hears events back
// (ready, started, progress with epoch, losses, accuracy and dead counts per network, state,
// ack, error). Only messages from the parent window are read; with the parentOrigin URL option
// only those from that origin. Every command is validated like a link (settings go through the
// URL parser); a bad one is answered with an error event and changes nothing.
// Not the lab's logic: main.js supplies the actions.

import { parseWorkers } from '../shared/pool.js';

export const PROTOCOL = 'relulab';
export const VERSION = 1;
/** Commands and the fields each may carry besides protocol, version, command and id. */
const COMMANDS = Object.freeze({ set: ['settings'], play: [], pause: [], step: ['epochs'], reset: [], get: [], workers: ['workers'] });
const ENVELOPE = ['protocol', 'version', 'command', 'id'];
const MAX_STEP = 1000;
/** Progress events at most this often while training (plus one whenever training stops). */
const PROGRESS_MS = 250;
/** A message larger than this (as JSON) is refused before anything else is read. */
const MAX_JSON = 64 * 1024;

const isPlain = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) &&
  [Object.prototype, null].includes(Object.getPrototypeOf(v));

/**
 * Checks a message. Returns {command, id, ...fields} or {error, code, id}.
 * `parseSettings(obj)` turns a settings object into {values} or {error}.
 */
export function validate(data, parseSettings) {
  let json;
  try { json = JSON.stringify(data); } catch { return { error: 'not serialisable as JSON', code: 'bad-message' }; }
  if (json === undefined || json.length > MAX_JSON) return { error: `a message must be JSON of at most ${MAX_JSON} characters`, code: 'bad-message' };
  if (!isPlain(data)) return { error: 'a message must be a plain object', code: 'bad-message' };
  const id = Object.hasOwn(data, 'id') ? data.id : undefined;
  const goodId = id === undefined || (typeof id === 'string' && id.length <= 64) || (Number.isSafeInteger(id));
  const echo = goodId ? id : undefined;
  if (!goodId) return { error: 'id must be a string of up to 64 characters or a whole number', code: 'bad-id' };
  if (data.protocol !== PROTOCOL) return { error: `protocol must be "${PROTOCOL}"`, code: 'bad-protocol', id: echo };
  if (data.version !== VERSION) return { error: `version must be ${VERSION}`, code: 'bad-version', id: echo };
  if (typeof data.command !== 'string' || !Object.hasOwn(COMMANDS, data.command)) {
    return { error: `command must be one of: ${Object.keys(COMMANDS).join(', ')}`, code: 'bad-command', id: echo };
  }
  const allowed = [...ENVELOPE, ...COMMANDS[data.command]];
  const extra = Object.keys(data).filter((k) => !allowed.includes(k));
  if (extra.length) return { error: `unexpected field(s) for ${data.command}: ${extra.join(', ').slice(0, 200)}`, code: 'bad-field', id: echo };
  const out = { command: data.command, id: echo };
  if (data.command === 'step') {
    const n = data.epochs ?? 1;
    if (!Number.isInteger(n) || n < 1 || n > MAX_STEP) return { error: `epochs must be a whole number from 1 to ${MAX_STEP}`, code: 'bad-value', id: echo };
    out.epochs = n;
  }
  if (data.command === 'workers') {
    const r = parseWorkers(data.workers);
    if (r.error) return { error: r.error, code: 'bad-value', id: echo };
    out.workers = r.value;
  }
  if (data.command === 'set') {
    if (!isPlain(data.settings) || !Object.keys(data.settings).length) return { error: 'settings must be a non-empty object', code: 'bad-value', id: echo };
    const r = parseSettings(data.settings);
    if (r.error) return { error: r.error, code: 'bad-setting', id: echo };
    out.values = r.values;
  }
  return out;
}

export class HostApi {
  /**
   * actions: {set(values), play(), pause(), step(n), reset(), workers(value), snapshot()}; parseSettings as in
   * validate(); parentOrigin: the only origin heard (null: any, since the lab holds nothing private).
   */
  constructor({ actions, parseSettings, parentOrigin = null }) {
    this.actions = actions;
    this.parseSettings = parseSettings;
    this.parentOrigin = parentOrigin;
    this.parent = window.parent !== window ? window.parent : null;
    this.lastProgress = 0;
    this.pending = null;
    if (!this.parent) return;
    window.addEventListener('message', (e) => this.receive(e));
  }

  /** Posts an event to the parent (to parentOrigin only, when one is set). */
  emit(event, fields = {}) {
    if (!this.parent) return;
    try {
      this.parent.postMessage({ protocol: PROTOCOL, version: VERSION, event, ...fields }, this.parentOrigin ?? '*');
    } catch { /* a parent that went away */ }
  }

  receive(e) {
    if (e.source !== this.parent) return;                                  // only the page that frames us
    if (this.parentOrigin && e.origin !== this.parentOrigin) return;       // foreign origin: not even answered
    const m = validate(e.data, this.parseSettings);
    if (m.error) { this.emit('error', { code: m.code, message: m.error, ...(m.id !== undefined ? { id: m.id } : {}) }); return; }
    const reply = m.id !== undefined ? { command: m.command, id: m.id } : { command: m.command };
    try {
      switch (m.command) {
        case 'set': this.actions.set(m.values); break;
        case 'play': this.actions.play(); break;
        case 'pause': this.actions.pause(); break;
        case 'step': this.actions.step(m.epochs); break;
        case 'reset': this.actions.reset(); break;
        case 'workers': this.actions.workers(m.workers); break;
        case 'get': this.emit('state', { ...reply, ...this.actions.snapshot() }); return;
      }
    } catch (err) {
      this.emit('error', { ...reply, code: 'refused', message: String(err?.message ?? err) });
      return;
    }
    this.emit('ack', reply);
  }

  /** A progress event, throttled while training; always sent when `force` (a stop, a new run). */
  progress(payload, force = false) {
    if (!this.parent) return;
    const now = performance.now();
    clearTimeout(this.pending);
    if (force || now - this.lastProgress >= PROGRESS_MS) {
      this.lastProgress = now;
      this.emit('progress', payload);
    } else {
      // The latest values arrive in the end even if training stops between two events.
      this.pending = setTimeout(() => { this.lastProgress = performance.now(); this.emit('progress', payload); }, PROGRESS_MS);
    }
  }
}
