// The network diagram of a card (issue 17): one node per input feature, hidden unit (its thumbnail
// when the card has them) and output; links coloured by the weight's sign and thickened by |w|.
// Hovering or focusing a link shows its weight; hovering or focusing a hidden unit shows its map
// large on the card's main plot. Clicking a link, or a node (its bias), opens a small editor: the
// page pauses training, the value is checked here (a finite number within float32 range) and by
// the core (worker SET_PARAMETER), the card redraws, and Undo sets the previous float32 back (bit
// for bit). Keyboard: the nodes are one tab stop (arrow keys move between them, Enter edits a
// bias); the list beside them holds every parameter of the focused node (its bias(es), PReLU
// slope and incoming weights), one tab stop too, Enter edits. Large networks draw at most
// LINK_LIMIT links per layer (the strongest) plus every link of the focused node, and say so.
// Not the training or the parameters' truth: the worker has them; this asks and shows.
import { drawUnitMap, paintUnitMap } from './boundary.js';
import { t, name } from '../shared/i18n.js';
import { el, setText } from '../shared/dom.js';

/** Links drawn per layer at most (the strongest |w|); a focused node's own are always drawn. */
export const LINK_LIMIT = 256;
/** The largest float32: an edited value must lie within ±FLT_MAX. */
const FLT_MAX = 3.4028234663852886e38;
const POSITIVE = '#2166AC', NEGATIVE = '#D55E00';
/** Resolution of the large unit map shown on the card's plot. */
const MAP_RESOLUTION = 100;

/** The shortest decimal that reads back as the float32 `v` (0.1f shows as 0.1, not 0.100000001). */
export function floatText(v) {
  if (!Number.isFinite(v)) return String(v);
  for (let p = 1; p <= 9; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === v) return String(s);
  }
  return String(v);
}

/** The hex bits of a float32 (what the tests compare for "bit for bit"). */
export function floatBits(v) {
  const b = new DataView(new ArrayBuffer(4));
  b.setFloat32(0, v);
  return b.getUint32(0).toString(16).padStart(8, '0');
}

/** A typed value checked as the page's other number inputs are: {value} or {error} (text to show). */
export function parseValue(text) {
  const s = String(text).trim();
  // Decimal notation only (Number() would also read '0x10', '0b1' and '' as numbers).
  const v = DECIMAL.test(s) ? Number(s) : NaN;
  if (Number.isFinite(v) && Math.abs(v) <= FLT_MAX) return { value: v };
  return { error: t('diagramRange', { min: `-${FLT_MAX}`, max: String(FLT_MAX), got: s.slice(0, 40) || '""' }) };
}
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The first letter in upper case (a parameter's name starting an English sentence). */
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The diagram of one card. host: {client, tables, card (cards.js's card: root, canvas, view,
 * strips, activation, index, diag), data (the run's data), pause() (pauses training), redraw()
 * (asks for a frame)}.
 */
export class NetworkDiagram {
  constructor(host) {
    this.host = host;
    this.card = host.card;
    this.index = host.card.index;
    this.values = null;       // the network's parameters (Float32Array), from the worker
    this.layout = null;
    this.inputs = [];
    this.columns = [];        // per column: [{kind, layer, unit, label, button, x, y}]
    this.focus = null;        // the node focused or hovered: {col, row}
    this.selected = null;     // the node whose parameters the list shows
    this.hoverLink = null;    // the parameter index of the link under the pointer
    this.undo = [];           // [{parameter, previous, what}]
    this.editing = null;      // {parameter, what, from (the element to refocus)}
    this.preview = null;      // {layer, unit, values}: the unit map shown on the card's plot
    this.thumbCache = {};
    this.build();
    this.reload();
  }

  build() {
    const c = this.card;
    this.root = el('section', { class: 'diagram' });
    this.title = el('h4', { class: 'diagram-title' });
    this.help = el('p', { class: 'diagram-help' });
    this.note = el('p', { class: 'diagram-note' });
    this.note.hidden = true;
    this.stage = el('div', { class: 'diagram-stage' });
    this.canvas = el('canvas', { class: 'diagram-links' });
    this.canvas.setAttribute('aria-hidden', 'true');
    this.nodes = el('div', { class: 'diagram-nodes', role: 'group' });
    this.stage.append(this.canvas, this.nodes);
    this.status = el('p', { class: 'diagram-status', 'aria-live': 'polite' });
    this.listTitle = el('p', { class: 'diagram-list-title' });
    this.list = el('div', { class: 'diagram-params', role: 'group' });
    this.list.addEventListener('keydown', (e) => this.onListKey(e));
    // The editor: a number typed as text (so "abc" reaches our check and its message).
    this.editor = el('form', { class: 'diagram-editor' });
    this.editor.hidden = true;
    this.editLabel = el('label', { for: `diagram-value-${c.index}` });
    this.input = el('input', { id: `diagram-value-${c.index}`, type: 'text', inputmode: 'decimal', autocomplete: 'off',
      spellcheck: 'false' });
    this.apply = el('button', { type: 'submit', class: 'diagram-apply' });
    this.cancel = el('button', { type: 'button', class: 'secondary diagram-cancel' });
    this.message = el('p', { class: 'diagram-message', role: 'alert' });
    this.editor.append(this.editLabel, this.input, this.apply, this.cancel, this.message);
    this.editor.addEventListener('submit', (e) => { e.preventDefault(); this.commit(); });
    this.input.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); this.closeEditor(); } });
    this.cancel.addEventListener('click', () => this.closeEditor());
    this.undoButton = el('button', { type: 'button', class: 'secondary diagram-undo' });
    this.undoButton.disabled = true;
    this.undoButton.addEventListener('click', () => this.undoLast());
    const bar = el('div', { class: 'diagram-bar' }, [this.undoButton]);
    this.root.append(this.title, this.help, this.note, this.stage, this.status, this.listTitle, this.list, this.editor, bar);
    c.root.append(this.root);
    // The plot's caption while a unit's map is shown there.
    this.caption = el('p', { class: 'diagram-caption' });
    this.caption.hidden = true;
    c.canvas.parentElement.append(this.caption);
    this.canvas.addEventListener('mousemove', (e) => this.onPointer(e));
    this.canvas.addEventListener('mouseleave', () => { this.hoverLink = null; this.draw(); });
    this.canvas.addEventListener('click', (e) => {
      const k = this.linkAt(e);
      if (k !== null) this.openEditor(k, this.canvas);
    });
    this.nodes.addEventListener('keydown', (e) => this.onNodeKey(e));
    this.nodes.addEventListener('mouseleave', () => this.unpreview());
    this.relabel();
  }

  relabel() {
    setText(this.title, t('diagramTitle', { name: name(this.card.activation) }));
    this.root.setAttribute('aria-label', t('diagramTitle', { name: name(this.card.activation) }));
    this.nodes.setAttribute('aria-label', t('diagramNodes'));
    setText(this.help, t('diagramHelp'));
    setText(this.note, t('diagramLarge', { n: LINK_LIMIT }));
    setText(this.apply, t('diagramApply'));
    setText(this.cancel, t('diagramCancel'));
    this.updateUndo();
    if (this.layout) { this.labelNodes(); this.fillList(); }
    if (this.editing) setText(this.editLabel, t('diagramEditLabel', { what: this.describe(this.editing.parameter) }));
  }

  /** Asks the worker for the parameters (after an edit, a new epoch, ...). */
  async reload() {
    if (this.loading) return;   // one read in flight (it waits for the epoch in progress to end)
    this.loading = true;
    let reply;
    try {
      reply = await this.host.client.parameters(this.index);
    } catch (e) {
      setText(this.status, e.message);
      return;
    } finally {
      this.loading = false;
    }
    this.take(reply);
  }

  /** Takes a PARAMETERS reply: values, layout, input features; rebuilds the nodes on a new shape. */
  take(reply) {
    if (this.closed) return;
    const shape = JSON.stringify(reply.layout) + reply.inputs.join();
    this.values = reply.values;
    this.epoch = reply.epoch;
    if (shape !== this.shape) {
      this.shape = shape;
      this.layout = reply.layout;
      this.inputs = reply.inputs;
      this.buildNodes();
    }
    this.root.dataset.epoch = String(reply.epoch);
    this.fillList();
    this.draw();
    if (this.focusOnLoad) {
      this.focusOnLoad = false;
      this.focusFirst();
    }
  }

  buildNodes() {
    const L = this.layout;
    const features = new Map((this.host.tables.features ?? []).map((f) => [f.id, f]));
    const cols = [this.inputs.map((id, u) => ({ kind: 'input', layer: -1, unit: u, symbol: features.get(id)?.symbol ?? id }))];
    L.forEach((l, k) => cols.push(Array.from({ length: l.units }, (_, u) => ({ kind: k === L.length - 1 ? 'output' : 'hidden', layer: k, unit: u }))));
    this.columns = cols;
    const links = L.reduce((n, l) => n + l.units * l.pieces * l.inputs, 0);
    this.large = L.some((l) => l.units * l.pieces * l.inputs > LINK_LIMIT);
    this.note.hidden = !this.large;
    this.root.dataset.links = String(links);
    this.nodes.replaceChildren();
    cols.forEach((col, ci) => col.forEach((n, ri) => {
      const b = el('button', { type: 'button', class: `diagram-node kind-${n.kind}` });
      b.dataset.col = String(ci);
      b.dataset.row = String(ri);
      b.tabIndex = ci === 1 && ri === 0 ? 0 : -1;
      b.addEventListener('focus', () => this.focusNode(ci, ri));
      b.addEventListener('mouseenter', () => this.focusNode(ci, ri, true));
      b.addEventListener('click', () => {
        this.rove(b);
        if (n.kind !== 'input') this.openEditor(this.biasIndex(n.layer, n.unit, 0), b);
      });
      n.button = b;
      this.nodes.append(b);
    }));
    if (!cols[1]?.length) cols[0][0].button.tabIndex = 0;
    this.labelNodes();
    this.selected = { col: 1, row: 0 };
    this.place();
  }

  labelNodes() {
    for (const col of this.columns) for (const n of col) {
      n.label = this.nodeName(n);
      n.button.setAttribute('aria-label', n.label + (n.kind === 'input' ? '' : ` · ${this.paramText(this.biasIndex(n.layer, n.unit, 0))}`));
      n.button.title = n.label;
      setText(n.button, n.kind === 'input' ? n.symbol : '');
    }
  }

  nodeName(n) {
    if (n.kind === 'input') return t('diagramInput', { name: n.symbol });
    if (n.kind === 'output') return t('diagramOutput', { unit: n.unit + 1 });
    return t('diagramHidden', { layer: n.layer + 1, unit: n.unit + 1 });
  }

  /** Positions: columns spread over the stage's width, nodes over its height (CSS px). */
  place() {
    const cols = this.columns;
    const most = Math.max(...cols.map((c) => c.length));
    this.rowH = Math.max(11, Math.min(34, Math.floor(440 / most)));
    this.size = Math.max(8, Math.min(26, this.rowH - 3));
    const height = most * this.rowH + 8;
    this.stage.style.height = `${height}px`;
    const width = Math.max(200, this.stage.clientWidth || 300);
    this.width = width;
    this.height = height;
    cols.forEach((col, ci) => {
      const x = cols.length === 1 ? width / 2 : 14 + (ci * (width - 28)) / (cols.length - 1);
      const top = (height - col.length * this.rowH) / 2;
      col.forEach((n, ri) => {
        n.x = x;
        n.y = top + (ri + 0.5) * this.rowH;
        const s = n.kind === 'input' ? Math.max(this.size, 18) : this.size;
        Object.assign(n.button.style, { left: `${n.x - s / 2}px`, top: `${n.y - s / 2}px`, width: `${s}px`, height: `${s}px` });
      });
    });
  }

  biasIndex(layer, unit, piece) {
    const l = this.layout[layer];
    return l.biasOffset + unit * l.pieces + piece;
  }

  /** What parameter k is: {layer, row, input (-1: the bias)}. */
  locate(k) {
    for (let layer = 0; layer < this.layout.length; layer++) {
      const l = this.layout[layer];
      const rows = l.units * l.pieces;
      if (k >= l.weightOffset && k < l.weightOffset + rows * l.inputs) {
        const i = k - l.weightOffset;
        return { layer, row: Math.floor(i / l.inputs), input: i % l.inputs };
      }
      if (k >= l.biasOffset && k < l.biasOffset + rows) return { layer, row: k - l.biasOffset, input: -1 };
      if (k >= l.slopeOffset && k < l.slopeOffset + l.slopeCount) return { layer, row: k - l.slopeOffset, input: -2 };
    }
    return null;
  }

  /** A parameter's name: "weight x₁ → layer 1, unit 3" or "bias of layer 2, unit 1". */
  describe(k) {
    const p = this.locate(k);
    const l = this.layout[p.layer];
    if (p.input === -2) {   // a PReLU slope: one per unit, or one shared by the layer
      return l.slopeCount === l.units ? t('diagramSlope', { node: this.nodeName(this.columns[p.layer + 1][p.row]) })
        : t('diagramSlopeShared', { layer: p.layer + 1 });
    }
    const unit = Math.floor(p.row / l.pieces), piece = p.row % l.pieces;
    const to = this.nodeName(this.columns[p.layer + 1][unit]);
    const pieceText = l.pieces > 1 ? t('diagramPiece', { k: piece + 1 }) : '';
    if (p.input < 0) return t('diagramBias', { node: to }) + pieceText;
    const from = this.columns[p.layer][p.input];
    return t('diagramWeight', { from: from.kind === 'input' ? from.symbol : this.nodeName(from), to }) + pieceText;
  }

  /** A parameter's short visible name in the list: b, b₂ (a piece), w(x₁), w(h1.3) (layer 1, unit 3). */
  shortName(k) {
    const p = this.locate(k);
    const l = this.layout[p.layer];
    if (p.input === -2) return 'a';
    const piece = l.pieces > 1 ? `[${(p.row % l.pieces) + 1}]` : '';
    if (p.input < 0) return `b${piece}`;
    const from = this.columns[p.layer][p.input];
    return `w${piece}(${from.kind === 'input' ? from.symbol : `h${from.layer + 1}.${from.unit + 1}`})`;
  }

  paramText(k) {
    return this.values ? `${this.describe(k)} = ${floatText(this.values[k])}` : this.describe(k);
  }

  /** Every parameter of node n: its bias(es), its PReLU slope, then its incoming weights (piece by piece). */
  paramsOf(n) {
    if (!n || n.kind === 'input') return [];
    const l = this.layout[n.layer];
    const out = [];
    for (let piece = 0; piece < l.pieces; piece++) out.push(this.biasIndex(n.layer, n.unit, piece));
    // PReLU: its slope a (the unit's, or the layer's shared one).
    if (l.slopeCount > 0) out.push(l.slopeOffset + (l.slopeCount === l.units ? n.unit : 0));
    for (let piece = 0; piece < l.pieces; piece++) {
      const row = n.unit * l.pieces + piece;
      for (let i = 0; i < l.inputs; i++) out.push(l.weightOffset + row * l.inputs + i);
    }
    return out;
  }

  /** The list of the selected node's parameters: one button each, one tab stop (arrows move). */
  fillList() {
    const n = this.selected && this.columns[this.selected.col]?.[this.selected.row];
    if (!n || !this.values) return;
    const title = t(n.kind !== 'input' && this.layout[n.layer].slopeCount > 0 ? 'diagramParamsSlope' : 'diagramParams', { node: this.nodeName(n) });
    setText(this.listTitle, n.kind === 'input' ? t('diagramInputNote', { node: this.nodeName(n) }) : title);
    this.list.setAttribute('aria-label', title);
    const ks = this.paramsOf(n);
    // The same parameters (new values): updated in place, so focus and the status line stay.
    const current = [...this.list.children];
    if (current.length === ks.length && current.every((b, i) => b.dataset.param === String(ks[i]))) {
      current.forEach((b, i) => this.labelParam(b, ks[i]));
      return;
    }
    const had = this.list.querySelector('[tabindex="0"]')?.dataset.param;
    const wasFocused = this.list.contains(document.activeElement) ? document.activeElement.dataset.param : null;
    const buttons = ks.map((k, i) => {
      const b = el('button', { type: 'button', class: 'diagram-param' });
      this.labelParam(b, k);
      b.tabIndex = (had !== undefined ? String(k) === had : i === 0) ? 0 : -1;
      b.addEventListener('click', () => { this.rove(b); this.openEditor(k, b); });
      b.addEventListener('focus', () => { this.hoverLink = k; this.draw(); setText(this.status, this.paramText(k)); });
      b.addEventListener('mouseenter', () => { this.hoverLink = k; this.draw(); setText(this.status, this.paramText(k)); });
      return b;
    });
    if (buttons.length && !buttons.some((b) => b.tabIndex === 0)) buttons[0].tabIndex = 0;
    this.list.replaceChildren(...buttons);
    if (wasFocused !== null) this.list.querySelector(`[data-param="${wasFocused}"]`)?.focus();
  }

  /** A list button: short text, the full name as its accessible name, the value's bits for tests. */
  labelParam(b, k) {
    const shown = `${this.shortName(k)} = ${floatText(this.values[k])}`;
    setText(b, shown);
    b.setAttribute('aria-label', `${shown} (${this.describe(k)})`);   // begins with the visible text
    b.title = this.paramText(k);
    b.dataset.param = String(k);
    b.dataset.bits = floatBits(this.values[k]);
    b.dataset.value = String(this.values[k]);
  }

  rove(b) {
    for (const other of b.parentElement.querySelectorAll('[tabindex="0"]')) other.tabIndex = -1;
    b.tabIndex = 0;
  }

  onNodeKey(e) {
    const b = e.target.closest('.diagram-node');
    if (!b) return;
    let col = Number(b.dataset.col), row = Number(b.dataset.row);
    const cols = this.columns;
    if (e.key === 'ArrowUp') row -= 1;
    else if (e.key === 'ArrowDown') row += 1;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      const next = col + (e.key === 'ArrowLeft' ? -1 : 1);
      if (next < 0 || next >= cols.length) return;
      // The same relative height in the next column.
      row = Math.round(((row + 0.5) / cols[col].length) * cols[next].length - 0.5);
      col = next;
    } else if (e.key === 'Home') row = 0;
    else if (e.key === 'End') row = cols[col].length - 1;
    else return;
    e.preventDefault();
    row = Math.max(0, Math.min(cols[col].length - 1, row));
    const target = cols[col][row].button;
    this.rove(target);
    target.focus();
  }

  onListKey(e) {
    const items = [...this.list.querySelectorAll('.diagram-param')];
    const i = items.indexOf(e.target);
    if (i < 0) return;
    const j = { ArrowUp: i - 1, ArrowLeft: i - 1, ArrowDown: i + 1, ArrowRight: i + 1, Home: 0, End: items.length - 1 }[e.key];
    if (j === undefined) return;
    e.preventDefault();
    const b = items[Math.max(0, Math.min(items.length - 1, j))];
    this.rove(b);
    b.focus();
  }

  /** A node focused or hovered: its links drawn, its name and bias said, its map on the card's plot. */
  focusNode(col, row, hover = false) {
    const n = this.columns[col]?.[row];
    if (!n) return;
    this.focus = { col, row };
    if (!hover || !this.selected || this.selected.col !== col || this.selected.row !== row) {
      this.selected = { col, row };
      this.fillList();
    }
    this.hoverLink = null;
    setText(this.status, n.kind === 'input' ? n.label : `${n.label} · ${this.paramText(this.biasIndex(n.layer, n.unit, 0))}`);
    this.draw();
    if (n.kind === 'hidden') this.showUnit(n.layer, n.unit);
    else this.unpreview();
  }

  /** Shows hidden unit (layer, unit)'s map large on the card's plot (asked of the worker). */
  async showUnit(layer, unit) {
    const want = `${layer}:${unit}`;
    this.wanted = want;
    let reply;
    try {
      reply = await this.host.client.unitMap(this.index, layer, unit, MAP_RESOLUTION);
    } catch {
      return;
    }
    if (this.wanted !== want || this.closed) return;
    this.preview = { layer, unit, values: reply.values };
    this.paintPreview();
  }

  paintPreview() {
    const p = this.preview;
    if (!p) return;
    const c = this.card;
    drawUnitMap(c.canvas, p.values, MAP_RESOLUTION, this.host.data.dims);
    if (this.host.data.dims !== 1) c.canvas.getContext('2d').drawImage(c.view.pointLayer(), 0, 0);
    setText(this.caption, t('diagramShowing', { node: t('diagramHidden', { layer: p.layer + 1, unit: p.unit + 1 }) }));
    this.caption.hidden = false;
    c.canvas.dataset.showing = `${p.layer + 1}:${p.unit + 1}`;
  }

  /** Back to the card's boundary. */
  unpreview() {
    this.wanted = null;
    if (!this.preview) return;
    this.preview = null;
    this.caption.hidden = true;
    delete this.card.canvas.dataset.showing;
    this.card.view.redraw();
  }

  /** After the card drew a frame: the unit shown stays shown. */
  afterFrame() {
    if (this.preview) this.paintPreview();
  }

  /** The links to draw: per layer, every one or the LINK_LIMIT strongest, plus the focused node's. */
  drawnLinks() {
    const out = [];
    const focus = this.focus && this.columns[this.focus.col]?.[this.focus.row];
    this.layout.forEach((l, layer) => {
      const n = l.units * l.pieces * l.inputs;
      let min = 0;
      if (n > LINK_LIMIT) {
        const mags = Array.from(this.values.subarray(l.weightOffset, l.weightOffset + n), Math.abs).sort((a, b) => b - a);
        min = mags[LINK_LIMIT - 1];
      }
      for (let r = 0; r < l.units * l.pieces; r++) {
        const unit = Math.floor(r / l.pieces);
        for (let i = 0; i < l.inputs; i++) {
          const k = l.weightOffset + r * l.inputs + i;
          const own = focus && ((focus.col === layer + 1 && focus.row === unit) || (focus.col === layer && focus.row === i));
          if (Math.abs(this.values[k]) >= min || own || k === this.hoverLink) out.push({ k, layer, unit, input: i, own });
        }
      }
    });
    return out;
  }

  draw() {
    if (!this.values || !this.layout) return;
    if (this.stage.clientWidth && Math.abs(this.stage.clientWidth - this.width) > 1) this.place();
    const dpr = window.devicePixelRatio || 1;
    const cv = this.canvas;
    cv.style.width = `${this.width}px`;
    cv.style.height = `${this.height}px`;
    if (cv.width !== Math.round(this.width * dpr) || cv.height !== Math.round(this.height * dpr)) {
      cv.width = Math.round(this.width * dpr);
      cv.height = Math.round(this.height * dpr);
    }
    const ctx = cv.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    const maxAbs = this.layout.map((l) => {
      let m = 0;
      for (let k = l.weightOffset; k < l.biasOffset; k++) m = Math.max(m, Math.abs(this.values[k]));
      return m || 1;
    });
    const links = this.drawnLinks();
    this.links = links;
    const focus = !!this.focus;
    for (const pass of [0, 1]) {   // faint links first, the focused node's and the hovered one on top
      for (const a of links) {
        const strong = a.own || a.k === this.hoverLink;
        if ((pass === 1) !== strong) continue;
        const w = this.values[a.k];
        const from = this.columns[a.layer][a.input], to = this.columns[a.layer + 1][a.unit];
        ctx.strokeStyle = w >= 0 ? POSITIVE : NEGATIVE;
        ctx.globalAlpha = strong ? 1 : focus ? 0.35 : 0.75;
        ctx.lineWidth = 0.5 + 4 * Math.min(1, Math.abs(w) / maxAbs[a.layer]) + (a.k === this.hoverLink ? 2 : 0);
        ctx.beginPath();
        ctx.moveTo(from.x, from.y);
        ctx.lineTo(to.x, to.y);
        ctx.stroke();
      }
    }
    ctx.globalAlpha = 1;
    // Nodes: a hidden unit's thumbnail (the card's latest) or a disc coloured by its bias's sign.
    const shown = this.card.strips.shown;
    const diag = this.card.diag;
    for (const col of this.columns) for (const n of col) {
      if (n.kind === 'input') continue;
      const s = this.size, x = n.x - s / 2, y = n.y - s / 2;
      const thumb = n.kind === 'hidden' ? shown?.thumbs?.[n.layer]?.[n.unit] : null;
      if (thumb && s >= 12) {
        paintUnitMap(ctx, x, y, s, s, thumb, shown.resolution, shown.dims ?? this.host.data.dims, this.thumbCache);
      } else {
        const b = this.values[this.biasIndex(n.layer, n.unit, 0)];
        ctx.fillStyle = b >= 0 ? '#D6E4F0' : '#F6DCCB';
        ctx.fillRect(x, y, s, s);
      }
      const dead = n.kind === 'hidden' && diag?.layers?.[n.layer]?.units?.[n.unit]?.dead;
      ctx.strokeStyle = dead ? '#999' : '#333';
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, s - 1, s - 1);
      if (dead) {
        ctx.beginPath();
        ctx.moveTo(x, y); ctx.lineTo(x + s, y + s); ctx.moveTo(x + s, y); ctx.lineTo(x, y + s);
        ctx.stroke();
      }
    }
  }

  /** The drawn link nearest the pointer (within 5 px), or null. */
  linkAt(e) {
    if (!this.links) return null;
    const r = this.canvas.getBoundingClientRect();
    const px = e.clientX - r.left, py = e.clientY - r.top;
    let best = null, bestD = 5;
    for (const a of this.links) {
      const f = this.columns[a.layer][a.input], g = this.columns[a.layer + 1][a.unit];
      const dx = g.x - f.x, dy = g.y - f.y;
      const u = Math.max(0, Math.min(1, ((px - f.x) * dx + (py - f.y) * dy) / (dx * dx + dy * dy || 1)));
      const d = Math.hypot(px - (f.x + u * dx), py - (f.y + u * dy));
      if (d < bestD) { bestD = d; best = a.k; }
    }
    return best;
  }

  onPointer(e) {
    const k = this.linkAt(e);
    if (k === this.hoverLink) return;
    this.hoverLink = k;
    this.canvas.style.cursor = k === null ? '' : 'pointer';
    this.canvas.title = k === null ? '' : this.paramText(k);
    if (k !== null) setText(this.status, this.paramText(k));
    this.draw();
  }

  openEditor(k, from) {
    if (!this.values) return;
    this.editing = { parameter: k, from };
    this.editor.hidden = false;
    this.editor.dataset.param = String(k);
    setText(this.editLabel, t('diagramEditLabel', { what: this.describe(k) }));
    this.input.value = floatText(this.values[k]);
    this.input.setAttribute('aria-invalid', 'false');
    setText(this.message, '');
    this.hoverLink = k;
    this.draw();
    this.input.focus();
    this.input.select();
  }

  /** Closes the editor; focus goes back where it came from (the same parameter's button if the
   *  list was rebuilt since). */
  closeEditor() {
    const ed = this.editing;
    this.editing = null;
    this.editor.hidden = true;
    setText(this.message, '');
    if (!ed) return;
    const back = ed.from?.isConnected ? ed.from : this.list.querySelector(`[data-param="${ed.parameter}"]`);
    back?.focus();
  }

  /** Enter in the editor: checked here, then training paused and the value sent to the worker. */
  async commit() {
    const ed = this.editing;
    if (!ed) return;
    const what = this.describe(ed.parameter);
    const parsed = parseValue(this.input.value);
    if (parsed.error) {
      this.input.setAttribute('aria-invalid', 'true');
      setText(this.message, `${cap(what)}: ${parsed.error}`);
      return;
    }
    const previous = this.values[ed.parameter];
    const ok = await this.send(ed.parameter, parsed.value, (e) => {
      this.input.setAttribute('aria-invalid', 'true');
      setText(this.message, `${cap(what)}: ${e.message}`);
    });
    if (!ok) return;
    this.undo.push({ parameter: ed.parameter, previous, what });
    this.updateUndo();
    this.closeEditor();
    setText(this.status, t('diagramEdited', { what: cap(what), v: floatText(this.values[ed.parameter]), old: floatText(previous) }));
  }

  /** Pauses training, sets parameter k to v in the worker, takes the parameters back, asks for a frame. */
  async send(k, v, onError) {
    this.host.pause();
    let reply;
    try {
      reply = await this.host.client.setParameter(this.index, k, v);
    } catch (e) {
      onError(e);
      return false;
    }
    this.take(reply);
    this.labelNodes();
    this.host.redraw();
    if (this.preview) this.showUnit(this.preview.layer, this.preview.unit);
    return true;
  }

  async undoLast() {
    const last = this.undo.at(-1);
    if (!last) return;
    const ok = await this.send(last.parameter, last.previous, (e) => setText(this.status, e.message));
    if (!ok) return;
    this.undo.pop();
    this.updateUndo();
    setText(this.status, t('diagramUndone', { what: cap(last.what), v: floatText(last.previous) }));
  }

  updateUndo() {
    const last = this.undo.at(-1);
    this.undoButton.disabled = !last;
    setText(this.undoButton, last ? t('diagramUndoWhat', { what: last.what, v: floatText(last.previous) }) : t('diagramUndo'));
  }

  /** Focuses the first hidden unit (or input) node. */
  focusFirst() {
    (this.nodes.querySelector('[tabindex="0"]') ?? this.nodes.firstElementChild)?.focus();
  }

  close() {
    this.closed = true;
    this.unpreview();
    this.caption.remove();
    this.root.remove();
  }
}

/**
 * The diagrams of a page's cards: at most one open per card, opened and closed by the card's
 * Diagram button (cards.js calls toggle), reloaded after frames, dropped on a new run.
 */
export class Diagrams {
  /** host: {client, tables, cards (cards.js's Cards), data(), pause(), redraw()} */
  constructor(host) {
    this.host = host;
    this.open = new Map();   // card index -> NetworkDiagram
    this.lastReload = 0;
  }

  toggle(card, button) {
    const d = this.open.get(card.index);
    if (d) {
      d.close();
      this.open.delete(card.index);
      card.root.classList.remove('diagram-open');
      button?.setAttribute('aria-expanded', 'false');
      return null;
    }
    card.root.classList.add('diagram-open');
    button?.setAttribute('aria-expanded', 'true');
    const made = new NetworkDiagram({ client: this.host.client, tables: this.host.tables, card, data: this.host.data(),
      pause: this.host.pause, redraw: this.host.redraw });
    this.open.set(card.index, made);
    made.focusOnLoad = true;   // its first unit, once the parameters are in
    return made;
  }

  /** A new run: its cards are new, the diagrams go. */
  reset() {
    for (const d of this.open.values()) d.close();
    this.open.clear();
  }

  /** After a frame: units shown stay shown; parameters reloaded at most every half second. */
  afterFrame() {
    if (!this.open.size) return;
    for (const d of this.open.values()) d.afterFrame();
    const now = performance.now();
    if (now - this.lastReload < 500) return;
    this.lastReload = now;
    for (const d of this.open.values()) if (!d.editing) d.reload();
  }

  relabel() {
    for (const d of this.open.values()) d.relabel();
  }
}
