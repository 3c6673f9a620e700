// Hidden units: the strip of thumbnails per layer on each card (each unit's activation over the
// plane, dead / inactive / saturated units marked with a symbol and in their accessible name; all
// of a card's thumbnails are drawn into one canvas under its unit buttons) and
// the large view of one unit opened by click, tap or Enter. Not the training: values come from
// the worker's frames and unit-map replies.
import { cssSize, drawUnitMap, fitCanvas, paintUnitMap, PlaneView } from './boundary.js';
import { UnitView, drawUnitBend, drawUnitLine, unitBendKey, unitLineKey } from './unit-view.js';
import { t } from '../shared/i18n.js';
import { num, pct } from '../shared/format.js';
import { setText } from '../shared/dom.js';

/** Status of one unit as a string key: dead, inactive, saturated, deadPieces or alive. */
export function unitStatus(unit) {
  if (unit.dead) return 'dead';
  if (unit.inactive) return 'inactive';
  if (unit.saturated) return 'saturated';
  if (unit.deadPieces > 0) return 'somePiecesDead';
  return 'alive';
}

const MARK = { dead: '✕', inactive: '◌', saturated: '═', somePiecesDead: '½', alive: '' };

/** The unit strips of an observed node (a card's units container or one of its strips). */
const STRIPS_OF = new WeakMap();
/** One observer for every card: all strips that moved are measured first, then all are drawn
 *  (drawing resizes canvases, which would make the next measurement lay the page out again). */
const STRIP_RESIZES = typeof ResizeObserver === 'function' ? new ResizeObserver((entries) => {
  const moved = new Set(entries.map((e) => STRIPS_OF.get(e.target)).filter((x) => x?.container.isConnected));
  for (const strips of moved) strips.measure();
  for (const strips of moved) if (strips.shown) strips.paint();
}) : null;

/** The thumbnail strips of one card; `onOpen(layer, unit)` is called on click / Enter / Space.
 *  With `deferRows` the layer rows and unit buttons are made by buildRows() (Cards makes them a few
 *  cards per animation frame, so a restart's hundreds of buttons are not one long task); until then
 *  update() keeps the latest state and buildRows() applies it. */
export class UnitStrips {
  constructor(container, shape, { activation, onOpen, thumbnails = true, deferRows = false }) {
    this.container = container;
    container.classList.toggle('compact', !thumbnails);
    container.classList.toggle('has-thumbs', thumbnails);
    this.activation = activation;
    this.buttons = [];
    this.parts = [];         // per layer, per unit: {mark, note} (note null without thumbnails)
    this.cache = {};         // the small image a thumbnail is put into before it is scaled
    this.rects = null;       // per layer, per unit: the button's box in the container (CSS px)
    this.shown = null;       // the thumbnails drawn last: {thumbs, resolution, dims}
    container.replaceChildren();
    // One canvas under the buttons (they are transparent) for every thumbnail of the card: one
    // canvas instead of one per unit (a card of 8 x 8 units had 64 canvases to lay out,
    // paint and composite).
    this.canvas = thumbnails ? document.createElement('canvas') : null;
    if (this.canvas) {
      this.canvas.className = 'thumbs';
      this.canvas.setAttribute('aria-hidden', 'true');
      container.append(this.canvas);
    }
    this.shape = shape;
    this.onOpen = onOpen;
    this.diag = null;
    this.built = false;
    if (!deferRows) this.buildRows();
  }

  /** Makes the layer rows and their unit buttons (once), then shows the latest state. */
  buildRows() {
    if (this.built) return;
    this.built = true;
    const { container, onOpen } = this;
    const thumbnails = !!this.canvas;
    this.shape.forEach((count, l) => {
      const row = document.createElement('div');
      row.className = 'layer-row';
      const label = document.createElement('span');
      label.className = 'layer-label';
      label.dataset.layer = String(l + 1);
      const strip = document.createElement('div');
      strip.className = 'strip';
      strip.setAttribute('role', 'group');
      const buttons = [], parts = [];
      for (let u = 0; u < count; u++) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'unit';
        // Without thumbnails (very wide networks: up to 13 cards x 512 units) a unit is just the
        // button and its mark, so the page stays cheap to lay out.
        const mark = document.createElement('span');
        mark.className = 'mark';
        mark.setAttribute('aria-hidden', 'true');
        const note = thumbnails ? document.createElement('span') : null;
        if (note) note.className = 'unit-note';
        b.append(...[mark, note].filter(Boolean));
        // One tab stop per strip (roving tabindex): the arrow keys move between its units.
        b.tabIndex = u === 0 ? 0 : -1;
        b.dataset.layer = String(l + 1);
        b.dataset.unit = String(u + 1);
        b.addEventListener('click', () => { this.rove(strip, b); onOpen(l, u); });
        strip.append(b);
        buttons.push(b);
        parts.push({ mark, note });
      }
      strip.addEventListener('keydown', (e) => this.onKey(e, strip));
      row.append(label, strip);
      container.append(row);
      this.buttons.push(buttons);
      this.parts.push(parts);
    });
    // Where each unit's thumbnail goes, measured when the strips are laid out or resized (never
    // while a frame is drawn); the thumbnails are then drawn again at the new places.
    if (this.canvas && STRIP_RESIZES) {
      for (const node of [container, ...container.querySelectorAll('.strip')]) {
        STRIPS_OF.set(node, this);
        STRIP_RESIZES.observe(node);
      }
    }
    this.relabel();
  }

  /** Reads each unit button's box (layout reads: called when layout is clean, or once before a first draw). */
  measure() {
    if (!this.built) return;
    this.rects = this.buttons.map((layer) => layer.map((b) => ({ x: b.offsetLeft, y: b.offsetTop, w: b.offsetWidth, h: b.offsetHeight })));
  }

  /** Draws every unit's tile into the card's canvas: its latest thumbnail (faded for a dead unit) or white. */
  paint() {
    if (!this.canvas || !this.built) return;
    if (!this.rects) this.measure();
    fitCanvas(this.canvas);
    const ctx = this.canvas.getContext('2d');
    const scale = this.canvas.width / Math.max(1, cssSize(this.canvas).width);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const shown = this.shown;
    this.rects.forEach((layer, l) => layer.forEach((r, u) => {
      const x = r.x * scale, y = r.y * scale, w = r.w * scale, h = r.h * scale;
      ctx.save();
      ctx.beginPath();
      ctx.roundRect(x, y, w, h, 3 * scale);
      ctx.clip();
      ctx.fillStyle = '#fff';
      ctx.fillRect(x, y, w, h);
      const values = shown?.thumbs?.[l]?.[u];
      if (values) {
        // Inside the button's 1 px border (a 2 px status border covers one more pixel of it).
        if (this.buttons[l][u].dataset.status === 'dead') ctx.globalAlpha = 0.25;
        paintUnitMap(ctx, x + scale, y + scale, w - 2 * scale, h - 2 * scale, values, shown.resolution, shown.dims, this.cache);
      }
      ctx.restore();
    }));
  }

  /** Makes `button` the strip's one tab stop. */
  rove(strip, button) {
    for (const b of strip.querySelectorAll('.unit[tabindex="0"]')) if (b !== button) b.tabIndex = -1;
    button.tabIndex = 0;
  }

  /** Arrow keys, Home and End move focus within a strip (Enter / Space open the unit as a click). */
  onKey(e, strip) {
    const buttons = [...strip.children];
    const i = buttons.indexOf(document.activeElement);
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const b = buttons[Math.max(0, Math.min(buttons.length - 1, next))];
    this.rove(strip, b);
    b.focus();
  }

  /** Re-applies the language to every label. */
  relabel() {
    // Every unit has a name from the start; the frames add its state (update()).
    if (!this.diag) {
      for (const b of this.container.querySelectorAll('.unit')) {
        b.setAttribute('aria-label', t('unitAriaPending', { layer: b.dataset.layer, unit: b.dataset.unit }));
      }
    }
    for (const label of this.container.querySelectorAll('.layer-label')) {
      label.textContent = t('layerShort', { n: label.dataset.layer });
      label.title = t('layerLong', { n: label.dataset.layer });
      label.nextElementSibling.setAttribute('aria-label', t('layerLong', { n: label.dataset.layer }));
    }
    if (this.diag) this.update(this.diag, null);
  }

  /** Marks each unit from the diagnostics and draws the thumbnails if given. */
  update(diagnostics, thumbs, thumbResolution, dims) {
    this.diag = diagnostics;
    let repaint = false;
    if (thumbs && this.canvas) {
      this.shown = { thumbs, resolution: thumbResolution, dims };
      repaint = true;
    }
    diagnostics.layers.forEach((layer, l) => {
      layer.units.forEach((unit, u) => {
        const b = this.buttons[l]?.[u];
        if (!b) return;
        const { mark, note: noteEl } = this.parts[l][u];
        const status = unitStatus(unit);
        // Only what changed is written: a big network has hundreds of units per card.
        if (b.dataset.status !== status) {
          // A dead unit's thumbnail is faded: drawn again when a unit dies or comes back.
          if ((b.dataset.status === 'dead') !== (status === 'dead') && this.shown) repaint = true;
          b.dataset.status = status;
        }
        setText(mark, MARK[status]);
        let note = '';
        // One decimal fits a 24 px unit; the unit view gives the slope in full.
        if (this.activation.id === 'prelu') note = num(unit.slope, 1);
        else if (this.activation.grouped && unit.deadPieces > 0) note = `${unit.pieceWins.length - unit.deadPieces}/${unit.pieceWins.length}`;
        if (noteEl) setText(noteEl, note);
        const label = t('unitAria', { layer: l + 1, unit: u + 1, status: t(`status_${status}`),
          rate: pct(unit.activityRate, 1) }) + (note ? ` (${this.activation.id === 'prelu' ? 'a = ' : t('piecesAlive')} ${note})` : '');
        if (b.getAttribute('aria-label') !== label) b.setAttribute('aria-label', label);
      });
    });
    if (repaint) this.paint();
  }
}

/** The large view of one unit in a <dialog>. */
export class UnitDialog {
  /** box: the data box's half-width (the core's constants.box). */
  constructor(dialog, client, box) {
    this.dialog = dialog;
    this.client = client;
    this.canvas = dialog.querySelector('canvas');
    this.view = new PlaneView(this.canvas, box);
    this.box = box;
    this.lineKey = dialog.querySelector('.unit-line-key');
    const why = dialog.querySelector('.unit-view');
    this.why = why && globalThis.Chart ? new UnitView(why, globalThis.Chart) : null;
    this.cache = {};
    this.current = null;
    dialog.querySelector('.close').addEventListener('click', () => dialog.close());
    dialog.addEventListener('click', (e) => { if (e.target === dialog) dialog.close(); });
  }

  /** Opens (or refreshes) the view of unit `unit` of layer `layer` of network `index`. */
  async open({ index, layer, unit, activation, data, activationName }) {
    this.current = { index, layer, unit, activation, data, activationName };
    delete this.canvas.dataset.unitLine;   // set again once this unit's map is drawn
    if (!this.dialog.open) this.dialog.showModal();
    await this.refresh();
  }

  async refresh() {
    const cur = this.current;
    if (!cur || !this.dialog.open) return;
    const R = 120;
    let reply;
    try {
      reply = await this.client.unitMap(cur.index, cur.layer, cur.unit, R);
    } catch (e) {
      this.dialog.querySelector('.unit-info').textContent = e.message;
      return;
    }
    if (cur !== this.current) return;
    const maxAbs = drawUnitMap(this.canvas, reply.values, R, cur.data.dims, this.cache);
    if (cur.data.dims !== 1) {
      this.view.setData(cur.data);
      this.canvas.getContext('2d').drawImage(this.view.pointLayer(), 0, 0);
    }
    // A first-layer unit on raw inputs: its exact line from the weights; any other: where its z
    // (from the worker's grid) crosses 0, or for maxout where the winning piece changes.
    delete this.canvas.dataset.bendDots;
    const line = drawUnitLine(this.canvas, reply.weights, cur.activation, this.box);
    const bend = !line && cur.data.dims === 2 ? drawUnitBend(this.canvas, reply.zMap, R, cur.activation) : null;
    this.canvas.dataset.unitLine = line ? 'line' : bend ?? 'none';
    if (this.lineKey) {
      this.lineKey.textContent = line ? unitLineKey(cur.activation) : bend ? unitBendKey(bend, cur.activation) : '';
      this.lineKey.hidden = !line && !bend;
    }
    this.why?.update(reply, cur);
    const u = reply.diagnostics.layers[cur.layer].units[cur.unit];
    const status = unitStatus(u);
    const lines = [
      t('unitTitle', { name: cur.activationName, layer: cur.layer + 1, unit: cur.unit + 1 }),
      t('unitStatusLine', { status: t(`status_${status}`) }),
      t('activityRate', { rate: pct(u.activityRate, 1) }),
      t('maxAbs', { v: num(maxAbs) }),
    ];
    if (cur.activation.id === 'prelu') lines.push(t('slopeLine', { a: num(u.slope) }));
    if (cur.activation.grouped && u.pieceWins?.length) {
      lines.push(t('pieceWinsLine', { wins: u.pieceWins.join(' / '), dead: u.deadPieces }));
    }
    lines.push(t(`explain_${status}`));
    const info = this.dialog.querySelector('.unit-info');
    info.replaceChildren(...lines.map((line, i) => {
      const el = document.createElement(i === 0 ? 'h2' : 'p');
      el.textContent = line;
      return el;
    }));
  }
}
