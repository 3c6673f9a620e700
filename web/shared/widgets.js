// Labelled form fields built from a core setting row ({min, max, default, integer, nameEn,
// nameZh}): number box, slider over nice values, select (plain or log-spaced choices), checkbox.
// Each field validates against the row's range, shows the reason in text, and calls onInput(value)
// only with a valid value. Not the layout of the control panel (controls.js).
import { t, name } from './i18n.js';
import { num } from './format.js';
import { el } from './dom.js';

let nextId = 0;
const uid = (key) => `f-${key}-${++nextId}`;

/** Values of a slider: the multiples of a round step within [min, max], plus min, max and `extra`. */
export function sliderValues(info, extra = []) {
  if (info.integer) {
    const out = [];
    for (let v = info.min; v <= info.max; v++) out.push(v);
    return out;
  }
  const step = 10 ** Math.round(Math.log10((info.max - info.min) / 100));
  const set = new Set([info.min, info.max, info.default, ...extra].filter((v) => v >= info.min && v <= info.max));
  for (let k = Math.ceil(info.min / step); k * step <= info.max + 1e-12; k++) set.add(Number((k * step).toPrecision(10)));
  return [...set].sort((a, b) => a - b);
}

/** 1-3-10 log-spaced choices within [min, max] (0 first if min is 0), plus `extra` values. */
export function logChoices(info, extra = []) {
  const set = new Set(extra.filter((v) => v >= info.min && v <= info.max));
  const lo = info.min > 0 ? info.min : info.max * 1e-5;
  if (info.min === 0) set.add(0);
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(info.max)); e++) {
    for (const m of [1, 3]) {
      const v = Number((m * 10 ** e).toPrecision(6));
      if (v >= info.min && v <= info.max && v >= lo) set.add(v);
    }
  }
  set.add(info.max);
  if (info.min > 0) set.add(info.min);
  return [...set].sort((a, b) => a - b);
}

function shell(key, labelRow, labelKey) {
  const wrap = document.createElement('div');
  wrap.className = 'field';
  wrap.dataset.key = key;
  const label = document.createElement('label');
  label.htmlFor = uid(key);
  if (labelRow) label.dataset.row = '1';
  const msg = document.createElement('span');
  msg.className = 'field-msg';
  msg.setAttribute('role', 'alert');
  wrap.append(label, msg);
  const field = { key, wrap, label, msg, labelRow, labelKey, relabel() {
    label.textContent = labelRow ? name(labelRow) : t(labelKey);
  } };
  return field;
}

/** A whole-number box (points, seeds, layers, width, batch size ...). */
export function numberField(key, info, onInput) {
  const f = shell(key, info);
  const input = el('input', { type: 'number', id: f.label.htmlFor, min: info.min, max: info.max,
    step: info.integer ? '1' : 'any', inputmode: info.integer ? 'numeric' : 'decimal' });
  f.wrap.insertBefore(input, f.msg);
  input.addEventListener('change', () => {
    const v = Number(input.value);
    const ok = input.value.trim() !== '' && Number.isFinite(v) && v >= info.min && v <= info.max && (!info.integer || Number.isInteger(v));
    f.msg.textContent = ok ? '' : t(info.integer ? 'fieldRangeInt' : 'fieldRange', { min: num(info.min), max: num(info.max) });
    input.setAttribute('aria-invalid', ok ? 'false' : 'true');
    if (ok) onInput(v);
  });
  f.input = input;
  f.set = (v) => { input.value = String(v); f.msg.textContent = ''; input.setAttribute('aria-invalid', 'false'); };
  return f;
}

/** A slider over sliderValues(); the current value is shown beside it. */
export function sliderField(key, info, onInput) {
  const f = shell(key, info);
  const input = el('input', { type: 'range', id: f.label.htmlFor, min: 0, step: 1 });
  const out = el('output', { for: input.id });
  f.wrap.insertBefore(el('div', { class: 'slider-row' }, [input, out]), f.msg);
  let values = sliderValues(info);
  const show = () => {
    const v = values[Number(input.value)];
    out.textContent = num(v);
    input.setAttribute('aria-valuetext', num(v));
  };
  input.addEventListener('input', show);
  input.addEventListener('change', () => onInput(values[Number(input.value)]));
  f.input = input;
  f.set = (v) => {
    if (!values.includes(v)) values = sliderValues(info, [v]);
    input.max = String(values.length - 1);
    input.value = String(values.indexOf(v));
    show();
  };
  return f;
}

/** A select over fixed choices [{value, text() }] ; `parse` turns the option value back into a value. */
export function selectField(key, labelRow, labelKey, choices, onInput, parse = (s) => s) {
  const f = shell(key, labelRow, labelKey);
  const select = document.createElement('select');
  select.id = f.label.htmlFor;
  f.wrap.insertBefore(select, f.msg);
  let current = choices;
  const fill = () => {
    const keep = select.value;
    select.replaceChildren(...current.map((c) => {
      const o = document.createElement('option');
      o.value = String(c.value);
      o.textContent = c.text();
      return o;
    }));
    if (keep) select.value = keep;
  };
  select.addEventListener('change', () => onInput(parse(select.value)));
  const relabel = f.relabel;
  f.relabel = () => { relabel(); fill(); };
  f.input = select;
  f.setChoices = (c) => { current = c; fill(); };
  f.set = (v) => { select.value = String(v); };
  fill();
  return f;
}

/** A select over log-spaced numbers of a setting (learning rate, L2 ...). */
export function logField(key, info, onInput) {
  const mk = (vals) => vals.map((v) => ({ value: v, text: () => num(v) }));
  const f = selectField(key, info, null, mk(logChoices(info)), onInput, Number);
  const set = f.set;
  f.set = (v) => {
    if (![...f.input.options].some((o) => Number(o.value) === v)) f.setChoices(mk(logChoices(info, [v])));
    set(v);
  };
  return f;
}

/** A checkbox with its label after it. */
export function checkField(key, labelRow, labelKey, onInput) {
  const f = shell(key, labelRow, labelKey);
  f.wrap.classList.add('check');
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.id = f.label.htmlFor;
  f.wrap.prepend(input);
  input.addEventListener('change', () => onInput(input.checked));
  f.input = input;
  f.set = (v) => { input.checked = !!v; };
  return f;
}
