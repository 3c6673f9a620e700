// web/shared/language.js in Node: the translator's lookup and {name} substitution, the choice of language
// from a URL value and the browser's list, and boot.js (a classic script that cannot import the
// module) run in a bare context: its language list and tags equal the module's, and the start-up
// message it shows is in the language pickLanguage chooses for the same URL and browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { HTML_LANG, LANGS, pickLanguage, translator } from '../../web/shared/language.js';
import { UI, ui } from '../../web/lessons/catalog.js';
import { STRINGS } from '../../web/shared/strings.js';

test('a translator looks up the language, falls back to English, then to the key, and fills {name} placeholders', () => {
  const t = translator({ en: { hi: 'Hello {who}, {n} times {n}', only: 'English only' }, zh: { hi: '你好 {who}' } });
  assert.equal(t('hi', 'en', { who: 'Ada', n: 2 }), 'Hello Ada, 2 times 2');
  assert.equal(t('hi', 'zh', { who: 'Ada' }), '你好 Ada');
  assert.equal(t('only', 'zh'), 'English only');
  assert.equal(t('missing', 'zh'), 'missing');
  assert.equal(t('hi', 'en', { who: 0 }), 'Hello 0, {n} times {n}', 'an unnamed placeholder stays as written');
  assert.equal(t('hi', 'fr', { who: 'x', n: 1 }), 'Hello x, 1 times 1', 'an unknown language reads English');
});

test('the lessons\' ui() is a translator over their UI strings', () => {
  assert.equal(ui('lesson', 'en', { n: 7 }), UI.en.lesson.replace('{n}', '7'));
  assert.equal(ui('lesson', 'zh', { n: 7 }), UI.zh.lesson.replace('{n}', '7'));
  assert.notEqual(UI.zh.lesson, UI.en.lesson);
});

test('every language has its strings and its tag', () => {
  assert.deepEqual(LANGS, ['en', 'zh']);
  assert.deepEqual(Object.keys(HTML_LANG), LANGS);
  assert.deepEqual(Object.keys(STRINGS), LANGS);
  assert.deepEqual(Object.keys(UI), LANGS);
});

// [lang in the URL, browser languages, the language to use]
const CASES = [
  [null, ['zh-CN', 'en'], 'zh'],
  [null, ['fr-FR', 'ZH-tw'], 'zh'],
  [null, ['de', 'en-GB', 'zh'], 'en'],
  [null, ['de'], 'en'],
  [null, [], 'en'],
  ['zh', ['en'], 'zh'],
  ['en', ['zh'], 'en'],
  ['fr', ['zh-Hans'], 'zh'],
  ['ZH', ['en'], 'en'],
];

test('pickLanguage: a valid URL value wins, else the first known browser language, else English', () => {
  for (const [url, browser, want] of CASES) assert.equal(pickLanguage(url, browser), want, `${url} ${browser}`);
});

/** boot.js run in a bare context with this URL and browser; returns its ReluLabBoot and the message box. */
function boot(search, languages) {
  const box = { dataset: {}, hidden: true, children: [], replaceChildren() { this.children = []; }, append(...n) { this.children.push(...n); } };
  const window = { origin: 'http://127.0.0.1' };
  const context = vm.createContext({
    window, self: window, WebAssembly, Worker: function Worker() {},
    location: { search, hash: '', href: `http://127.0.0.1/index.html${search}` },
    navigator: { languages },
    document: { readyState: 'complete', getElementById: (id) => (id === 'startup-problem' ? box : null),
      createElement: () => ({}), documentElement: { classList: { add() {} } } },
  });
  vm.runInContext(readFileSync(new URL('../../web/boot.js', import.meta.url), 'utf8'), context);
  return { api: window.ReluLabBoot, box };
}

test('boot.js has the module\'s languages and tags, and shows its message in the language pickLanguage picks', () => {
  const { api } = boot('', []);
  assert.deepEqual([...api.langs], LANGS);
  assert.deepEqual({ ...api.htmlLang }, HTML_LANG);
  for (const [url, browser, want] of CASES) {
    const { api: b, box } = boot(url === null ? '' : `?lang=${url}`, browser);
    b.fail('wasm');
    assert.equal(box.hidden, false);
    assert.equal(box.lang, HTML_LANG[pickLanguage(url, browser)], `${url} ${browser}`);
    assert.equal(box.lang, HTML_LANG[want]);
    assert.equal(/[\u4e00-\u9fff]/.test(box.children[0].textContent), want === 'zh', `${url} ${browser}: the title's language`);
  }
});
