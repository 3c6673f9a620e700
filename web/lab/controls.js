// The control panel, generated from the core's tables: data, network, activations, training and
// display settings, the class chooser for clicked points, and the data buttons. Each change is
// reported as onChange(key, value); buttons as onAction(name). Not the decision whether a change
// needs a new network (main.js) and no list of settings or ranges of its own.
import { t, name } from '../shared/i18n.js';
import { el } from '../shared/dom.js';
import { num } from '../shared/format.js';
import { classColor } from '../shared/palette.js';
import { layerWidths, widthValue } from '../shared/urlstate.js';
import { checkField, logField, numberField, selectField, sliderField } from '../shared/widgets.js';

/** Presentation only: settings best chosen on a log scale, and those shown as sliders. */
const LOG_SCALE = new Set(['learningRate', 'l2', 'l1', 'saturationThreshold']);
const NUMBER_BOX = (info) => info.integer;
/** The settings the compact embed layout keeps unless the link names others (?controls=). */
export const EMBED_KEYS = Object.freeze(['dataset', 'learningRate', 'activations', 'leakyA', 'noise']);

const GROUPS = [
  ['groupData', ['dataset', 'points', 'noise', 'trainFraction', 'dataSeed', 'classes']],
  ['groupNetwork', ['features', 'hiddenLayers', 'width', 'activations', 'maxoutK', 'leakyA', 'eluAlpha', 'preluInit', 'preluShared',
    'reluGradAtZero', 'init', 'biasInit', 'weightSeed']],
  ['groupTraining', ['optimizer', 'learningRate', 'batchSize', 'l2', 'l1', 'momentum']],
  ['groupDisplay', ['resolution', 'saturationThreshold', 'testPoints', 'discretize']],
];

/**
 * The activations to compare after ticking or unticking boxes: the ones already shown keep their
 * order (their cards and lines do not move); a newly ticked one goes after the last shown one that
 * comes before it in the lab's standard order (the default comparison, then the rest of the table).
 */
export function placeActivations(current, ticked, tables) {
  const standard = [...(tables.defaults?.activations ?? []), ...tables.activations.map((a) => a.id)];
  const rank = (id) => standard.indexOf(id);
  const list = current.filter((id) => ticked.includes(id));
  for (const id of ticked) {
    if (list.includes(id)) continue;
    let at = 0;
    list.forEach((other, k) => { if (rank(other) < rank(id)) at = k + 1; });
    list.splice(at, 0, id);
  }
  return list;
}

/** A fieldset for a setting built of several inputs: its legend and its line for refusals. */
function fieldGroup(key, className) {
  return { wrap: el('fieldset', { class: `field ${className}`, 'data-key': key }), legend: el('legend'),
    msg: el('span', { class: 'field-msg', role: 'alert' }) };
}

export class Controls {
  constructor(root, tables, { onChange, onAction }) {
    this.root = root;
    this.tables = tables;
    this.onChange = onChange;
    this.onAction = onAction;
    this.fields = new Map();
    this.clickClass = 0;
    this.build();
  }

  field(key) {
    const tb = this.tables;
    const emit = (v) => this.onChange(key, v);
    const opts = (rows) => rows.map((r) => ({ value: r.id, text: () => name(r) }));
    if (key === 'dataset') return selectField(key, null, 'datasetLabel', opts(tb.datasets), emit);
    if (key === 'init') return selectField(key, null, 'initLabel', opts(tb.initSchemes), emit);
    if (key === 'optimizer') return selectField(key, null, 'optimizerLabel', opts(tb.optimizers), emit);
    if (key === 'preluShared') return checkField(key, null, 'preluSharedLabel', emit);
    if (key === 'testPoints' || key === 'discretize') return checkField(key, null, `${key}Label`, emit);
    if (key === 'activations') return this.activationField();
    if (key === 'features') return this.tables.features ? this.featureField() : null;
    if (key === 'width') return this.widthField();
    const info = tb.settings[key];
    if (!info) return null;
    if (key === 'reluGradAtZero') {
      return selectField(key, info, null, tb.reluGradAtZeroChoices.map((v) => ({ value: v, text: () => num(v) })), emit, Number);
    }
    if (LOG_SCALE.has(key)) return logField(key, info, emit);
    if (NUMBER_BOX(info)) return numberField(key, info, emit);
    return sliderField(key, info, emit);
  }

  /** One checkbox per activation in the core table (which networks to compare). */
  activationField() {
    const { wrap, legend, msg } = fieldGroup('activations', 'activations');
    const boxes = this.tables.activations.map((a) => {
      const label = document.createElement('label');
      label.className = 'check';
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.value = a.id;
      const span = document.createElement('span');
      label.append(input, span);
      input.addEventListener('change', () => {
        const ticked = boxes.filter((b) => b.input.checked).map((b) => b.input.value);
        if (ticked.length === 0) { input.checked = true; msg.textContent = t('needOneActivation'); return; }
        msg.textContent = '';
        this.onChange('activations', placeActivations(this.state?.activations ?? [], ticked, this.tables));
      });
      return { label, input, span, row: a };
    });
    const grid = document.createElement('div');
    grid.className = 'check-grid';
    grid.append(...boxes.map((b) => b.label));
    wrap.append(legend, grid, msg);
    return {
      key: 'activations', wrap,
      relabel() { legend.textContent = t('activationsLabel'); boxes.forEach((b) => { b.span.textContent = name(b.row); }); },
      set(list) { boxes.forEach((b) => { b.input.checked = list.includes(b.input.value); }); },
    };
  }

  /**
   * One checkbox per input feature of the core table (TF Playground's toggles), showing the
   * formula, with its spoken name as the tooltip. Emits the ticked ids in table order (the order
   * the network reads them). On 1-D data the features of x₂ are switched off (see honest()).
   */
  featureField() {
    const { wrap, legend, msg } = fieldGroup('features', 'features');
    const boxes = this.tables.features.map((f) => {
      const label = el('label', { class: 'check feature' });
      const input = el('input', { type: 'checkbox', value: f.id });
      label.append(input, el('span', {}, f.symbol));
      input.addEventListener('change', () => {
        const ticked = boxes.filter((b) => b.input.checked).map((b) => b.row);
        if (!ticked.some((r) => this.dims !== 1 || !r.usesX2)) {
          input.checked = true;
          msg.textContent = t('needOneFeature');
          return;
        }
        msg.textContent = '';
        this.onChange('features', ticked.map((r) => r.id));
      });
      return { label, input, row: f };
    });
    wrap.append(legend, el('div', { class: 'check-grid features-grid' }, boxes.map((b) => b.label)), msg);
    return {
      key: 'features', wrap,
      relabel() { legend.textContent = t('featuresLabel'); boxes.forEach((b) => { b.label.title = name(b.row); }); },
      set(list) { boxes.forEach((b) => { b.input.checked = list.includes(b.input.value); }); msg.textContent = ''; },
      /** 1-D data: the boxes of the features that read x₂ are disabled (their ticks are kept). */
      oneD(on) { boxes.forEach((b) => { b.input.disabled = on && b.row.usesX2; }); },
    };
  }

  /**
   * One width per hidden layer: a number box between a − and a + button (real buttons with their
   * own names, for the keyboard and screen readers). Emits `width` as the state keeps it: one
   * number while the layers are equal (the link stays as it was), else one per layer. Rows are
   * reused across set() calls, so the button just pressed keeps the focus through the new run.
   */
  widthField() {
    const info = this.tables.settings.width;
    const { wrap, legend, msg } = fieldGroup('width', 'layer-widths');
    const list = el('div', { class: 'layer-width-list' });
    wrap.append(legend, list, msg);
    let widths = [];
    const rows = [];
    const emit = (i, w) => {
      const next = [...widths];
      next[i] = w;
      this.onChange('width', widthValue(next, next[0]));
    };
    const stepButton = (i, delta) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'secondary step';
      b.dataset.step = delta > 0 ? 'more' : 'fewer';
      b.textContent = delta > 0 ? '+' : '−';
      // At a limit the button stays focusable (a disabled one would drop the keyboard's focus).
      b.addEventListener('click', () => {
        const w = widths[i] + delta;
        if (w >= info.min && w <= info.max) emit(i, w);
      });
      return b;
    };
    const addRow = (i) => {
      const row = document.createElement('div');
      row.className = 'layer-width';
      row.dataset.layer = String(i + 1);
      const label = document.createElement('label');
      const input = document.createElement('input');
      input.type = 'number';
      input.id = `f-width-layer-${i + 1}`;
      label.htmlFor = input.id;
      input.min = String(info.min);
      input.max = String(info.max);
      input.step = '1';
      input.inputMode = 'numeric';
      input.addEventListener('change', () => {
        const v = Number(input.value);
        const ok = input.value.trim() !== '' && Number.isInteger(v) && v >= info.min && v <= info.max;
        msg.textContent = ok ? '' : `${t('layerWidth', { n: i + 1 })}: ${t('fieldRangeInt', { min: num(info.min), max: num(info.max) })}`;
        input.setAttribute('aria-invalid', ok ? 'false' : 'true');
        if (ok) emit(i, v);
      });
      const fewer = stepButton(i, -1), more = stepButton(i, 1);
      row.append(label, fewer, input, more);
      list.append(row);
      const r = { row, input, fewer, more, relabel() {
        label.textContent = t('layerWidth', { n: i + 1 });
        fewer.setAttribute('aria-label', t('layerWidthFewer', { n: i + 1 }));
        more.setAttribute('aria-label', t('layerWidthMore', { n: i + 1 }));
      } };
      r.relabel();
      rows.push(r);
    };
    return {
      key: 'width', wrap,
      relabel() { legend.textContent = name(info); rows.forEach((r) => r.relabel()); },
      set(value, state) {
        widths = layerWidths({ hiddenLayers: state?.hiddenLayers ?? rows.length, width: value });
        while (rows.length < widths.length) addRow(rows.length);
        while (rows.length > widths.length) rows.pop().row.remove();
        rows.forEach((r, i) => {
          r.input.value = String(widths[i]);
          r.input.setAttribute('aria-invalid', 'false');
          r.fewer.setAttribute('aria-disabled', String(widths[i] <= info.min));
          r.more.setAttribute('aria-disabled', String(widths[i] >= info.max));
        });
        msg.textContent = '';
      },
    };
  }

  build() {
    this.root.replaceChildren();
    for (const [groupKey, keys] of GROUPS) {
      const fs = document.createElement('fieldset');
      fs.className = 'group';
      const legend = document.createElement('legend');
      legend.dataset.i18n = groupKey;
      fs.append(legend);
      for (const key of keys) {
        if (key === 'saturationThreshold' && !(key in (this.tables.defaults ?? {}))) continue;
        const f = this.field(key);
        if (!f) continue;
        this.fields.set(key, f);
        fs.append(f.wrap);
        if (key === 'dataset') fs.append(this.dataButtons());
      }
      if (groupKey === 'groupNetwork') {
        this.weightsButton = this.button('reset-weights', 'newWeights', () => this.onAction('newWeights'));
        fs.append(this.weightsButton);
      }
      this.root.append(fs);
    }
    this.relabel();
  }

  /** Shows only the fields in `keys` (null: all); the data buttons go with the data set field,
   *  and a group with nothing left to show is hidden as well. */
  showOnly(keys) {
    const shown = keys ? new Set(keys) : null;
    for (const [key, f] of this.fields) f.wrap.classList.toggle('not-shown', !!shown && !shown.has(key));
    this.dataTools?.classList.toggle('not-shown', !!shown && !shown.has('dataset'));
    this.weightsButton?.classList.toggle('not-shown', !!shown && !shown.has('weightSeed'));
    for (const fs of this.root.querySelectorAll('fieldset.group')) {
      const any = [...fs.children].some((c) => c.tagName !== 'LEGEND' && !c.classList.contains('not-shown'));
      fs.classList.toggle('not-shown', !any);
    }
    this.shownCount = shown ? [...this.fields.keys()].filter((k) => shown.has(k)).length : this.fields.size;
    return this.shownCount;
  }

  button(id, key, fn) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.dataset.i18n = key;
    b.dataset.action = id;
    b.addEventListener('click', fn);
    return b;
  }

  /** Regenerate, the class chooser for clicked points, clear points. */
  dataButtons() {
    const box = document.createElement('div');
    box.className = 'data-tools';
    this.dataTools = box;
    const regen = this.button('regenerate', 'regenerate', () => this.onAction('regenerate'));
    const chooser = document.createElement('fieldset');
    chooser.className = 'class-chooser';
    const legend = document.createElement('legend');
    this.chooserLegend = legend;
    this.classBox = document.createElement('div');
    this.classBox.className = 'class-options';
    this.clickHint = document.createElement('p');
    this.clickHint.className = 'hint';
    chooser.append(legend, this.classBox, this.clickHint);
    const clear = this.button('clear-points', 'clearPoints', () => this.onAction('clearPoints'));
    this.pointCount = document.createElement('span');
    this.pointCount.className = 'hint';
    box.append(regen, chooser, clear, this.pointCount);
    return box;
  }

  /** Shows one radio per class of the current data; for 2-D regression two, the targets −1 (blue)
   *  and +1 (orange) a click gives (clickTarget); none for 1-D regression, where a click's height
   *  is its target. `dims`: the data's coordinates (1-D data switch off the features of x₂). */
  setClasses(classes, regression, dims = 2) {
    this.classes = classes;
    this.regression = regression;
    this.dims = dims;
    const choices = regression ? (dims === 2 ? 2 : 0) : classes;
    if (this.clickClass >= choices) this.clickClass = 0;
    const radios = Array.from({ length: choices }, (_, k) => {
      const label = document.createElement('label');
      label.className = 'class-option';
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'click-class';
      input.value = String(k);
      input.checked = k === this.clickClass;
      input.addEventListener('change', () => { this.clickClass = k; });
      const sw = document.createElement('span');
      sw.className = `class-swatch c${k}`;
      sw.dataset.color = classColor(k);
      const text = document.createElement('span');
      if (regression) text.dataset.target = k ? '+1' : '−1';
      else text.dataset.cls = String(k + 1);
      label.append(input, sw, text);
      return label;
    });
    this.classBox.replaceChildren(...radios);
    this.relabelClasses();
    if (this.state) this.honest(this.state);
  }

  relabelClasses() {
    for (const s of this.classBox?.querySelectorAll('[data-cls]') ?? []) s.textContent = t('classN', { n: s.dataset.cls });
    for (const s of this.classBox?.querySelectorAll('[data-target]') ?? []) s.textContent = t('targetN', { v: s.dataset.target });
    if (this.clickHint) {
      const regression = this.dims === 2 ? 'clickHintRegression2d' : 'clickHintRegression';
      this.clickHint.textContent = t(this.regression ? regression : this.custom ? 'clickHintCustom' : 'clickHint');
    }
    if (this.chooserLegend) this.chooserLegend.textContent = t(this.regression ? 'clickToAddTarget' : 'clickToAdd');
  }

  setPointCount(n) {
    this.pointCount.textContent = n ? t('userPoints', { n }) : '';
    this.pointCount.dataset.n = String(n);
  }

  /** The target a click adds on 2-D regression data: −1 or +1 (the chosen radio). */
  get clickTarget() { return this.clickClass ? 1 : -1; }

  /** Shows the state's values in every field. */
  set(state) {
    this.state = state;
    for (const [key, f] of this.fields) if (key in state) f.set(state[key], state);
    const custom = state.dataset === 'custom';
    this.fields.get('classes')?.wrap.classList.toggle('hidden', !custom);
    if (this.custom !== custom) {
      this.custom = custom;
      this.relabelClasses();
    }
    this.setPointCount(state.userPoints.length);
    this.honest(state);
  }

  /** Honest controls: a setting with no effect in this state is disabled and says why. */
  honest(state) {
    const custom = state.dataset === 'custom';
    this.explain('momentum', state.optimizer === 'sgd' ? 'momentumNoEffect' : null, true);
    this.explain('points', custom ? 'customNoEffect' : null, true);
    this.explain('noise', custom ? 'customNoEffect' : null, true);
    this.explain('reluGradAtZero', 'reluGradAtZeroHint', false);
    this.explain('width', state.hiddenLayers === 0 ? 'widthNoLayers' : null, false);
    // A 1-D regression draws a curve: there is no 0.5 decision to discretize (2-D: the sign of the
    // prediction is drawn).
    this.explain('discretize', this.regression && this.dims === 1 ? 'discretizeNoEffect' : null, true);
    this.explain('features', this.dims === 1 ? 'featuresOneD' : null, false);
    this.fields.get('features')?.oneD(this.dims === 1);
  }

  /** Shows a one-line reason under a field (reasonKey null: none), disabling it if `disable`. */
  explain(key, reasonKey, disable) {
    const f = this.fields.get(key);
    if (!f) return;
    let note = f.wrap.querySelector('.field-reason');
    if (!note) {
      note = document.createElement('p');
      note.className = 'hint field-reason';
      note.id = `reason-${key}`;
      f.wrap.append(note);
    }
    note.dataset.reason = reasonKey ?? '';
    note.textContent = reasonKey ? t(reasonKey) : '';
    for (const input of f.wrap.querySelectorAll('input, select')) {
      if (disable) input.disabled = !!reasonKey;
      if (reasonKey) input.setAttribute('aria-describedby', note.id);
      else input.removeAttribute('aria-describedby');
    }
    f.wrap.classList.toggle('no-effect', !!reasonKey && disable);
  }

  relabel() {
    for (const f of this.fields.values()) f.relabel();
    for (const note of this.root.querySelectorAll('.field-reason')) note.textContent = note.dataset.reason ? t(note.dataset.reason) : '';
    for (const el of this.root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    this.relabelClasses();
    if (this.state) this.setPointCount(this.state.userPoints.length);
  }
}
