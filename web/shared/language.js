// The languages of every page, written once: their list (English, Simplified Chinese), the tag
// each sets on <html>, their names in the language menu, the choice of one from a URL value and
// the browser's preferences, and a translator factory that looks strings up with {name}
// substitution. Pure: no DOM, no state; importable in Node and in workers. Used by the lab and
// the gallery (i18n.js), the lessons (lessons.js, lesson-page.js) and the header (header.js).
// boot.js is a classic script and cannot import it; its list and choice are checked equal to
// this module's by tests/web/language.test.mjs.

export const LANGS = Object.freeze(['en', 'zh']);
/** The lang attribute (BCP 47) of a page or element in each language. */
export const HTML_LANG = Object.freeze({ en: 'en', zh: 'zh-CN' });
/** Each language's name in itself, as the language menu lists it. */
export const LANG_NAMES = Object.freeze({ en: 'English', zh: '简体中文' });

/** The language to use: a valid `lang` URL value wins, else the first zh or en browser language. */
export function pickLanguage(urlLang, browserLanguages = navigator.languages ?? [navigator.language]) {
  if (LANGS.includes(urlLang)) return urlLang;
  for (const l of browserLanguages ?? []) {
    const base = String(l).toLowerCase().split('-')[0];
    if (LANGS.includes(base)) return base;
  }
  return 'en';
}

/**
 * A function (key, lang, vars = {}) -> the string `key` of `strings` ({en: {...}, zh: {...}}) in
 * `lang` (English when that language lacks it, the key itself when neither has it) with its
 * {name} placeholders filled from vars; placeholders vars does not name stay as written.
 */
export function translator(strings) {
  return (key, lang, vars = {}) => {
    const s = strings[lang]?.[key] ?? strings.en[key] ?? key;
    return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  };
}
