// One card per compared network: its decision boundary with the data (or, with the card's regions
// view on, its linear regions and their counts), test accuracy and loss, the count of dead /
// inactive / saturated units in text, the diverged state with a hint, PReLU slopes and maxout dead
// pieces, and the unit strips. Not the drawing of pixels (boundary.js, units.js).
import { PlaneView } from './boundary.js';
import { t, name } from '../shared/i18n.js';
import { num, pct } from '../shared/format.js';
import { drawSwatch, styleOf } from '../shared/palette.js';
import { UnitStrips } from './units.js';
import { savePng } from '../shared/share.js';
import { el, setText } from '../shared/dom.js';


/** Cards of wider networks show unit states without activation thumbnails. */
export const MAX_THUMBNAILS = 64;

/** Short symbols for the parameter chip (presentation only; the full name is its tooltip). */
const SYMBOL = { leakyA: 'a', preluInit: 'a₀', eluAlpha: 'α', maxoutK: 'k' };

/** The parameter chip of a card ("a = 0.01", "α = 1", "k = 2"), from the activation's params. */
function paramText(activation, state, tables) {
  return activation.params.map((key) => `${SYMBOL[key] ?? name(tables.settings[key])} = ${num(state[key])}`).join(', ');
}
const paramTitle = (activation, tables) => activation.params.map((key) => name(tables.settings[key])).join(', ');

export class Cards {
  /** handlers: {onOpenUnit(index, layer, unit), onPlaneClick(index, x, y), onVisible() (a card with
   *  a frame waiting came into view), onRegions() (a card's regions view was turned on or off),
   *  onDiagram(card, button) (its Diagram button: diagram.js)} */
  constructor(container, handlers) {
    this.container = container;
    this.handlers = handlers;
    this.cards = [];
    this.toDraw = new Map();   // card index -> latest frame not yet drawn on it
  }

  /** Rebuilds the cards for a new run. */
  build({ activations, shape, data, state, tables }) {
    this.activations = activations;
    this.state = state;
    this.tables = tables;
    this.data = data;
    // A keyboard user who just added a point keeps focus and cross-hair on the same card.
    const focused = this.cards.findIndex((c) => c.canvas === document.activeElement);
    const cursor = focused >= 0 ? this.cards[focused].view.cursor : null;
    this.container.replaceChildren();
    this.toDraw = new Map();
    this.observer?.disconnect();
    this.cards = activations.map((act, i) => this.buildCard(act, i, shape[i] ?? []));
    this.buildStrips(this.cards);
    if (focused >= 0 && this.cards[focused]) {
      this.cards[focused].view.cursorAt = cursor;
      this.cards[focused].canvas.focus();
    }
    // Cards scrolled out of view are refreshed less often (see visibleIndices).
    this.observer = new IntersectionObserver((entries) => {
      for (const en of entries) {
        const c = this.cards.find((x) => x.root === en.target);
        if (c) c.visible = en.isIntersecting;
        if (c?.visible && this.toDraw.has(c.index)) this.handlers.onVisible?.();
      }
    });
    this.cards.forEach((c) => this.observer.observe(c.root));
    // Until the observer reports (after the first frame request), judge by position: a big
    // experiment's first frame then covers only the cards in view.
    const height = window.innerHeight || document.documentElement.clientHeight;
    for (const c of this.cards) {
      const r = c.root.getBoundingClientRect();
      c.visible = r.bottom > 0 && r.top < height;
    }
    this.relabel();
  }

  /** Makes the unit rows of `cards` one card per animation frame, from the second frame after the
   *  build (the first lays out the new cards without rows): a restart with 8 hidden layers adds 512
   *  unit buttons, and their first style, layout and paint in one task took up to 86 ms under load
   *  (bench/README.md). Cards of a replaced run are skipped. */
  buildStrips(cards, wait = 1) {
    const left = cards.filter((c) => !c.strips.built);
    if (!left.length) return;
    requestAnimationFrame(() => {
      if (wait > 0) return this.buildStrips(left, wait - 1);
      const c = left[0];
      if (this.cards[c.index] === c) c.strips.buildRows();
      else c.strips.built = true;
      this.buildStrips(left.slice(1), 0);
    });
  }

  /** Draws every plane with the state's view flags (test points shown, discretized output). */
  setView(state) {
    for (const c of this.cards) c.view.setView(state);
  }

  /** Marks card `index` as highlighted (the charts' legend points at it) and fades the others; null: none. */
  highlight(index) {
    this.container.classList.toggle('has-highlight', index !== null);
    this.cards.forEach((c, i) => c.root.classList.toggle('highlight', i === index));
  }

  buildCard(activation, index, shape) {
    const root = el('article', { class: 'card' });
    root.dataset.activation = activation.id;
    const head = el('header', { class: 'card-head' });
    // The activation's own colour, dash and marker (the same in both charts, whatever else is ticked).
    const swatch = el('canvas', { class: 'swatch' });
    swatch.setAttribute('aria-hidden', 'true');
    swatch.dataset.color = styleOf(activation.id).color;
    drawSwatch(swatch, activation.id);
    const title = el('h3', { class: 'card-title' });
    const chip = el('span', { class: 'param-chip' });
    // Saves the plot as drawn (with the network's name and epoch under it) for slides.
    const save = el('button', { class: 'save-png', type: 'button' }, 'PNG');
    head.append(swatch, title, chip, save);
    // Only piecewise-linear networks have linear regions: curved ones get no toggle (the regions
    // chart's note says why).
    const regionsToggle = activation.piecewiseLinear ? el('button', { class: 'regions-toggle', type: 'button' }) : null;
    if (regionsToggle) {
      regionsToggle.setAttribute('aria-pressed', 'false');
      save.before(regionsToggle);
    }
    // The network diagram (diagram.js), opened beside the plot by the page (onDiagram).
    const diagramToggle = el('button', { class: 'diagram-toggle', type: 'button', 'aria-expanded': 'false' });
    save.before(diagramToggle);
    const plot = el('div', { class: 'plot' });
    const canvas = el('canvas', { class: 'plane' });
    canvas.tabIndex = 0;
    plot.append(canvas);
    const overlay = el('div', { class: 'diverged-overlay' });
    overlay.hidden = true;
    plot.append(overlay);
    const stats = el('p', { class: 'stats' });
    const health = el('p', { class: 'health' });
    const extra = el('p', { class: 'extra' });
    const regionsText = el('p', { class: 'regions-text' });
    regionsText.hidden = true;
    const warn = el('p', { class: 'warn' });
    warn.hidden = true;
    const units = el('div', { class: 'units' });
    root.append(head, plot, stats, health, regionsText, extra, warn, units);
    this.container.append(root);
    const view = new PlaneView(canvas, this.tables.constants.box);
    view.setView(this.state);
    view.setData(this.data);
    const addPoint = (clientX, clientY) => {
      const p = view.toData(clientX, clientY);
      this.handlers.onPlaneClick(index, p.x, p.y);
    };
    canvas.addEventListener('click', (e) => addPoint(e.clientX, e.clientY));
    // Keyboard: arrows move a cross-hair over the plane, Enter or Space adds a point there.
    canvas.addEventListener('focus', () => view.setCursor(view.cursorAt ?? { x: 0, y: view.data?.dims === 1 ? view.yRange[0] / 2 + view.yRange[1] / 2 : 0 }));
    canvas.addEventListener('blur', () => { view.cursorAt = view.cursor; view.setCursor(null); });
    canvas.addEventListener('keydown', (e) => {
      const cur = view.cursor;
      if (!cur) return;
      const box = view.box;
      const span = view.data?.dims === 1 ? view.yRange[1] - view.yRange[0] : 2 * box;
      const step = (e.shiftKey ? 0.1 : 0.025);
      const move = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
      if (move) {
        e.preventDefault();
        const yMin = view.data?.dims === 1 ? view.yRange[0] : -box, yMax = view.data?.dims === 1 ? view.yRange[1] : box;
        view.setCursor({ x: Math.max(-box, Math.min(box, cur.x + move[0] * step * 2 * box)),
          y: Math.max(yMin, Math.min(yMax, cur.y + move[1] * step * span)) });
      } else if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.handlers.onPlaneClick(index, cur.x, cur.y);
      }
    });
    const unitCount = shape.reduce((a, b) => a + b, 0);
    const strips = new UnitStrips(units, shape, { activation, thumbnails: unitCount <= MAX_THUMBNAILS, deferRows: true,
      onOpen: (layer, unit) => this.handlers.onOpenUnit(index, layer, unit) });
    const card = { root, title, chip, save, canvas, overlay, stats, health, extra, warn, view, strips, activation, index,
      summary: null, diag: null, visible: true, drawnEpoch: null, regionsToggle, regionsText, regionsOn: false, regions: null,
      diagramToggle };
    diagramToggle.addEventListener('click', () => this.handlers.onDiagram?.(card, diagramToggle));
    regionsToggle?.addEventListener('click', () => this.setRegions(card, !card.regionsOn));
    save.addEventListener('click', () => savePng(canvas, `${name(activation)} · ${t('epochN', { n: card.drawnEpoch ?? 0 })}`,
      `relulab-${activation.id}-epoch-${card.drawnEpoch ?? 0}.png`));
    return card;
  }

  relabel() {
    for (const c of this.cards) {
      c.title.textContent = name(c.activation);
      c.chip.textContent = paramText(c.activation, this.state, this.tables);
      c.chip.title = paramTitle(c.activation, this.tables);
      c.title.title = name(c.activation);
      c.canvas.setAttribute('aria-label', t('planeAria', { name: name(c.activation) }));
      c.save.setAttribute('aria-label', t('savePlot', { name: name(c.activation) }));
      c.save.title = t('savePlot', { name: name(c.activation) });
      c.strips.relabel();
      c.diagramToggle.textContent = t('diagramButton');
      c.diagramToggle.title = t('diagramButtonHint', { name: name(c.activation) });
      if (c.regionsToggle) {
        c.regionsToggle.textContent = t('regionsToggle');
        c.regionsToggle.title = t('regionsToggleHint', { name: name(c.activation) });
      }
      if (c.summary) this.updateCard(c, c.summary);
      if (c.diag) this.updateDiag(c, c.diag);
    }
  }

  /** Updates stats and the diverged state from the latest summaries. */
  updateSummaries(summaries) {
    summaries.forEach((s, i) => this.cards[i] && this.updateCard(this.cards[i], s));
  }

  updateCard(c, s) {
    c.summary = s;
    const L = s.latest;
    const regression = this.data.dims === 1 || this.data.output === 'regression';
    // The compact embed layout has room for one line: test accuracy and loss (the full lab: both losses).
    const compact = document.body.classList.contains('embed');
    setText(c.stats, regression
      ? t(compact ? 'statsCompactRegression' : 'statsRegression', { test: num(L.testLoss), train: num(L.trainLoss) })
      : t(compact ? 'statsCompact' : 'statsClassification', { acc: pct(L.testAccuracy, 1), test: num(L.testLoss), train: num(L.trainLoss) }));
    const parts = [t('deadCount', { n: L.dead, total: L.totalUnits })];
    const f = c.activation.failure;
    if (f === 'inactive') parts.push(t('inactiveCount', { n: L.inactive, total: L.totalUnits }));
    if (f === 'saturates') parts.push(t('saturatedCount', { n: L.saturated, total: L.totalUnits }));
    if (f === 'deadPieces') parts.push(t('deadPiecesCount', { n: L.deadPieces, total: L.totalUnits * this.state.maxoutK }));
    setText(c.health, parts.join(' · '));
    c.root.classList.toggle('has-dead', L.dead > 0);
    c.root.classList.toggle('diverged', s.diverged);
    c.overlay.hidden = !s.diverged;
    if (s.diverged) setText(c.overlay, `${t('divergedAt', { epoch: s.divergedEpoch })} ${t('divergedHint')}`);
    this.updateRegionsText(c);
  }

  /** Turns card c's regions view on or off: redraws its last frame and asks for regions (onRegions). */
  setRegions(c, on) {
    c.regionsOn = on;
    c.regionsToggle.setAttribute('aria-pressed', String(on));
    if (!on) c.regions = null;
    if (c.view.last) {
      c.view.last[3].regions = null;
      c.view.redraw();
    }
    this.updateRegionsText(c);
    this.handlers.onRegions?.();
  }

  /** Indices of the cards whose regions view is on (the worker computes regions only for these). */
  regionIndices() {
    return this.cards.filter((c) => c.regionsOn).map((c) => c.index);
  }

  /** The counts under a card with its regions view on: in the box (from its last frame's grid, a
   *  lower bound) and on the training points (the latest epoch record), and the units that cut nothing. */
  updateRegionsText(c) {
    c.regionsText.hidden = !c.regionsOn;
    if (!c.regionsOn) return;
    const r = c.regions;
    if (!r) { setText(c.regionsText, t('regionsPending')); return; }
    const lines = [t('regionsLine', { box: r.count, res: r.resolution, train: c.summary?.latest.regions ?? '—' })];
    if (r.idleUnits > 0) lines.push(t('regionsIdle', { n: r.idleUnits, total: c.summary?.latest.totalUnits ?? '—' }));
    setText(c.regionsText, lines.join(' · '));
  }

  /** Indices of the cards on screen (all of them if none is). */
  visibleIndices() {
    const v = this.cards.filter((c) => c.visible).map((c) => c.index);
    return v.length ? v : this.cards.map((c) => c.index);
  }

  /** Takes a frame (boundaries, per-unit marks, thumbnails, PReLU slopes / maxout pieces) to draw
   *  with drawSome(); a newer frame replaces an older one card by card. */
  drawFrame(frame) {
    frame.boundaries.forEach((b, i) => { if (b && this.cards[i]) this.toDraw.set(i, frame); });
  }

  /**
   * Draws waiting cards that are in view for about budgetMs (at least one card); returns true
   * when none in view is left. Thirteen 256 x 256 cards of big networks take longer than a frame
   * should block the page, so the caller goes on in the next animation frame. Layout is read once
   * per call (all canvas sizes first): drawing and the text changes after it read no layout.
   */
  drawSome(budgetMs = Infinity) {
    const t0 = performance.now();
    // Cards out of view keep their latest frame until they come into view (onVisible).
    const due = [...this.toDraw.keys()].filter((i) => this.cards[i].visible);
    for (const i of due) this.cards[i].view.fit();
    let drawn = 0;
    for (const i of due) {
      if (drawn && performance.now() - t0 > budgetMs) break;
      const frame = this.toDraw.get(i);
      this.toDraw.delete(i);
      const c = this.cards[i];
      const points = this.data.dims === 1 ? frame.resolution : frame.resolution * frame.resolution;
      const outputs = Math.max(1, Math.round(frame.boundaries[i].length / points));
      const regions = c.regionsOn ? frame.regions?.[i] : null;
      if (regions) c.regions = { ...regions, resolution: frame.resolution };
      c.view.draw(frame.boundaries[i], frame.resolution, outputs, { color: styleOf(c.activation.id).color,
        regions: regions?.cells ?? null });
      c.drawnEpoch = frame.epoch;
      this.updateRegionsText(c);
      // A card drawn before buildStrips reached it keeps the state; its rows show it when made.
      c.strips.update(frame.diagnostics[i], frame.thumbs?.[i], frame.thumbResolution, this.data.dims);
      this.updateDiag(c, frame.diagnostics[i]);
      drawn += 1;
    }
    return due.length === drawn;
  }

  updateDiag(c, diag) {
    c.diag = diag;
    let text = '';
    if (c.activation.id === 'prelu') {
      text = diag.layers.map((l, k) => {
        const a = l.units.map((u) => u.slope);
        return t('slopesLine', { layer: k + 1, min: num(Math.min(...a), 2), max: num(Math.max(...a), 2) });
      }).join(' · ');
    } else if (c.activation.grouped) {
      text = diag.layers.map((l, k) => t('piecesLine', { layer: k + 1, n: l.deadPieces,
        total: l.units.length * this.state.maxoutK })).join(' · ');
    } else {
      text = t('sparsityLine', { v: diag.layers.map((l) => pct(l.sparsity, 1)).join(' / ') || '—' });
    }
    setText(c.extra, text);
    const constant = diag.constantOutput && !c.summary?.diverged;
    c.warn.hidden = !constant;
    if (constant) setText(c.warn, t(c.summary?.epoch ? 'constantOutput' : 'constantOutputBorn'));
  }

  /** Redraws only the point layers (after the data changed but before the next frame). */
  setData(data) {
    this.data = data;
    for (const c of this.cards) c.view.setData(data);
  }
}
