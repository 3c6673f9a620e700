// The current language of the lab and the gallery: looks their strings up (strings.js, through
// language.js's translator), fills [data-i18n*] elements, and names core table rows
// (nameEn/nameZh). Not the language list or its choice (language.js), not the strings
// themselves, and never innerHTML: every string lands via textContent.
import { STRINGS } from './strings.js';
import { HTML_LANG, LANGS, translator } from './language.js';

let current = 'en';
const listeners = new Set();
const translate = translator(STRINGS);

export function lang() { return current; }

export function setLang(next) {
  if (!LANGS.includes(next)) return;
  current = next;
  document.documentElement.lang = HTML_LANG[next];
  listeners.forEach((fn) => fn(next));
}

/** Calls fn(lang) after every language change; returns an unsubscribe function. */
export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The string `key` in the current language with {name} placeholders filled from vars. */
export function t(key, vars = {}) {
  return translate(key, current, vars);
}

/** The display name of a core table row ({nameEn, nameZh}). */
export function name(row) {
  if (!row) return '';
  return current === 'zh' ? row.nameZh || row.nameEn : row.nameEn || row.nameZh;
}

/** Fills text, aria-label, title and placeholder of elements marked with data-i18n attributes. */
export function applyI18n(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  if (root === document && STRINGS[current].pageTitle) {
    document.title = t(document.body.dataset.titleKey || 'pageTitle');
  }
}
