// Every number in every lesson's text (web/lessons/*.js: title, summary, body, claims and preset
// labels, English and Chinese) is accounted for, or this test fails. A number is accounted for
// when it is
//  - a setting of the experiment the lesson runs or shows: a number in its study spec or its
//    presets (seed lists give first, last and count; hidden layers their count, widths and total
//    units; values up to 1 also as percentages), or the lab's default of a setting the lesson
//    pins (lab.settings, e.g. "the lab's default is 0.03");
//  - a threshold of the checks its claims (and facts) run — a numeric literal in their `holds`
//    code or in the module's helpers it calls, as a value, a percentage, a reciprocal ("100 times
//    smaller" from 0.01), or against a seed count n as n − x and n·x ("at least 18 of 20" from
//    n − 2) — and 95 where those checks or their measurements use interval95 ("95% interval");
//  - a reference to another lesson ("lesson 5", "第 2、3 课") that exists;
//  - a year of a source the lesson lists, next to that source's first author.
// The claims and facts themselves are asserted on their own seeds and on held-out blocks by
// lessons.test.mjs, the settings against the presets the lab reproduces. Formula blocks ({math})
// are definitions, not statements about runs, and are not scanned; the course notes are quotes.
// The accounted numbers are derived from the lesson's code here, never listed by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { loadReluLab } from '../../build-wasm/relulab.mjs';
import { LESSONS, UI } from '../../web/lessons/catalog.js';
import { LANGS } from '../../web/shared/language.js';

const lab = await loadReluLab();
const dir = new URL('../../web/lessons/', import.meta.url);
const files = readdirSync(dir).filter((f) => /^\d\d-[a-z0-9-]+\.js$/.test(f));
const sourceOf = (lesson) => readFileSync(new URL(files.find((f) => Number(f.slice(0, 2)) === lesson.number), dir), 'utf8');
const clean = (x) => Number(x.toPrecision(12));

/**
 * JavaScript source with comments and string literals blanked out: only code is left, including
 * the expressions inside a template's ${…}.
 */
export function codeOnly(src) {
  let out = '';
  let i = 0;
  const code = (closing) => {   // until an unmatched `closing` brace (or the end)
    let depth = 0;
    while (i < src.length) {
      if (src.startsWith('//', i)) { while (i < src.length && src[i] !== '\n') i++; continue; }
      if (src.startsWith('/*', i)) { i = src.indexOf('*/', i + 2) + 2; continue; }
      const c = src[i];
      if (c === "'" || c === '"') {
        for (i++; i < src.length && src[i] !== c; i++) if (src[i] === '\\') i++;
        i++;
        out += '""';
        continue;
      }
      if (c === '`') { i++; template(); out += '""'; continue; }
      if (c === '{') depth++;
      if (c === '}' && depth-- === 0 && closing) { i++; return; }
      out += c;
      i++;
    }
  };
  const template = () => {
    while (i < src.length && src[i] !== '`') {
      if (src[i] === '\\') { i += 2; continue; }
      if (src.startsWith('${', i)) { i += 2; out += ' '; code(true); out += ' '; continue; }
      i++;
    }
    i++;
  };
  code(false);
  return out;
}
const literals = (code) => [...codeOnly(code).matchAll(/(?<![\w.])\d+(?:\.\d+)?(?:e[-+]?\d+)?/g)].map((m) => Number(m[0]));

/** The module's top-level `const name = …` helpers: name -> source (to the next top-level line). */
function helpersOf(src) {
  const lines = src.split('\n');
  const out = new Map();
  lines.forEach((line, i) => {
    const m = /^const (\w+) = /.exec(line);
    if (!m) return;
    let j = i + 1;
    while (j < lines.length && /^[\s)\]}]/.test(lines[j]) && lines[j] !== '') j++;
    out.set(m[1], lines.slice(i, j).join('\n'));
  });
  return out;
}

/** The numbers a lesson's text may state (see the top of this file). */
export function accountedNumbers(lesson, src = sourceOf(lesson)) {
  const nums = new Set();
  const counts = new Set();
  const add = (x) => { nums.add(x); if (x > 0 && x <= 1) nums.add(clean(100 * x)); };
  const walk = (v, key) => {
    if (typeof v === 'number') { add(v); if (key === 'seeds') counts.add(v); return; }
    if (Array.isArray(v)) {
      if (key === 'seeds') { [v[0], v.at(-1), v.length].forEach(add); counts.add(v.length); }
      else if (key === 'hidden') { [v.length, v.reduce((a, b) => a + b, 0), ...v].forEach(add); }
      else v.forEach((x) => walk(x, key));
      return;
    }
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        walk(x, k);
        if (key === 'config' && lab.settings[k]) add(lab.settings[k].default);
      }
    }
  };
  walk(lesson.study);
  for (const p of lesson.presets) walk({ config: p.config, epochs: p.epochs });
  const helpers = helpersOf(src);
  const thresholds = new Set();
  let interval = false;
  for (const c of [...lesson.claims, ...(lesson.presetClaims ?? []), ...(lesson.facts ?? [])]) {
    const seen = new Set();
    const todo = [[c.holds.toString(), true], ...(c.measured ? [[c.measured.toString(), false]] : [])];
    while (todo.length) {
      const [code, checks] = todo.pop();
      if (/\binterval95\b/.test(code)) interval = true;
      if (checks) literals(code).forEach((x) => thresholds.add(x));
      for (const id of codeOnly(code).match(/\b[A-Za-z_]\w*\b/g) ?? []) {
        if (helpers.has(id) && !seen.has(`${id}/${checks}`)) { seen.add(`${id}/${checks}`); todo.push([helpers.get(id), checks]); }
      }
    }
  }
  for (const x of thresholds) {
    add(x);
    if (x) nums.add(clean(1 / x));
    for (const n of counts) { nums.add(clean(n - x)); nums.add(clean(n * x)); }
  }
  if (interval) nums.add(95);
  return nums;
}

/** The scanned texts of a lesson in a language: [where, text]. */
const textsOf = (l, lang) => [['title', l.title[lang]], ['summary', l.summary[lang]],
  ...l.body[lang].filter((b) => typeof b === 'string' || b.h).map((b, i) => [`body ${i + 1}`, typeof b === 'string' ? b : b.h]),
  ...[...l.claims, ...(l.presetClaims ?? [])].map((c) => [`claim ${c.id}`, c.text[lang]]),
  ...l.presets.map((p) => [`preset ${p.id}`, p.label[lang]])];

// Numbers in words count too: English number words, and Chinese numerals before a measure word
// (两个, 八层, 六个种子) or in a fraction (十分之一). Idioms are not numbers: "one" (one unit,
// one data set), "half" (half-plane), 一 (一样, 一步), 双 (双月牙).
const EN_WORDS = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, twenty: 20, hundred: 100, thousand: 1000, tenth: 0.1, hundredth: 0.01, quarter: 0.25,
  twice: 2, hundredfold: 100, tenfold: 10 };
const EN_WORD = new RegExp(`\\b(${Object.keys(EN_WORDS).join('|')})\\b`, 'gi');
const ZH_DIGIT = { 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 一: 1 };
/** 两 → 2, 十二 → 12, 二十 → 20, 百 → 100 (the numerals the texts use). */
export const zhNumber = (s) => {
  if (s === '百' || s === '一百') return 100;
  const [tens, ones] = s.includes('十') ? s.split('十') : ['', s];
  return s.includes('十') ? (tens ? ZH_DIGIT[tens] : 1) * 10 + (ones ? ZH_DIGIT[ones] : 0) : ZH_DIGIT[ones];
};
const ZH_WORD = /([二三四五六七八九十百]+)分之([一二三四五六七八九十]+)|(?<![一二三四五六七八九十几])([两二三四五六七八九十]+|一百|百)(?=[个层组轮种倍段次项条])/g;
/** The numbers written as words in a text: [{text, value, index}]. */
export function wordNumbers(text, lang) {
  if (lang === 'en') return [...text.matchAll(EN_WORD)].map((m) => ({ text: m[0], value: EN_WORDS[m[0].toLowerCase()], index: m.index }));
  return [...text.matchAll(ZH_WORD)].map((m) => ({ text: m[0], index: m.index,
    value: m[1] ? zhNumber(m[2]) / zhNumber(m[1]) : zhNumber(m[3]) }));
}

const LESSON_REF = /\b[Ll]essons? (\d+(?:(?:, | and | or )\d+)*)|第 ?(\d+(?:、\d+)*) ?课/g;
const NUMBER = /[−-]?\d+(?:,\d{3})*(?:\.\d+)?/g;

/** The numbers of a lesson's texts that are not accounted for: [{lang, where, number, context}]. */
export function unaccounted(lesson) {
  const ok = accountedNumbers(lesson);
  const out = [];
  for (const lang of LANGS) {
    for (const [where, text] of textsOf(lesson, lang)) {
      const problem = (number, at, why) => out.push({ lang, where, number, why, context: text.slice(Math.max(0, at - 40), at + 30) });
      const rest = text.replace(LESSON_REF, (m, en, zh, at) => {
        for (const n of (en ?? zh).split(/, | and | or |、/).map(Number)) if (!LESSONS.some((x) => x.number === n) || n === lesson.number) problem(String(n), at, 'no such other lesson');
        return ' '.repeat(m.length);
      });
      for (const m of rest.matchAll(NUMBER)) {
        const v = Number(m[0].replace('−', '-').replace(/,/g, ''));
        if (ok.has(v) || ok.has(-v)) continue;
        const source = (lesson.sources ?? []).find((s) => s.year === v);
        if (source) {
          // A year, next to its source's first author (within the same sentence or bracket).
          const author = source.authors.split(/[,&]/)[0].trim();
          const near = text.slice(Math.max(0, m.index - 120), m.index);
          if (near.includes(author)) continue;
          problem(m[0], m.index, `year of ${author}'s work without the author`);
          continue;
        }
        problem(m[0], m.index, 'not accounted for');
      }
      for (const w of wordNumbers(rest, lang)) if (!ok.has(clean(w.value))) problem(w.text, w.index, 'not accounted for');
    }
  }
  return out;
}

test('every number in every lesson\'s text, English and Chinese, is accounted for by its settings, its checked claims or its sources', () => {
  const all = LESSONS.flatMap((l) => unaccounted(l).map((u) => `lesson ${l.number} ${u.lang} ${u.where}: ${u.number} (${u.why}) «${u.context}»`));
  assert.deepEqual(all, []);
});

test('the scan fails on a number that nothing accounts for, a stale setting, a wrong lesson reference and an unsourced year', () => {
  const l1 = LESSONS.find((l) => l.number === 1);
  const src = sourceOf(l1);
  const planted = (patch) => unaccounted({ ...l1, ...patch }).map((u) => u.number);
  const body = (s) => ({ body: { ...l1.body, en: [...l1.body.en, s] } });
  assert.deepEqual(unaccounted(l1), []);
  // A measured mean written into the text by hand (the "31 %").
  assert.deepEqual(planted(body('ReLU loses on average 31% of its units.')), ['31']);
  // A setting that is not the one run: 37 epochs where the study and preset run 30.
  assert.deepEqual(planted(body('Trained for 37 epochs.')), ['37']);
  // A claim threshold changed in the text only: the check still uses 45%.
  const claims = l1.claims.map((c) => (c.id === 'relu-dies' ? { ...c, text: { ...c.text, zh: c.text.zh.replace('45%', '55%') } } : c));
  assert.deepEqual(planted({ claims }), ['55']);
  // Numbers in words, in both languages.
  assert.deepEqual(planted(body('Trained for seven epochs.')), ['seven']);
  assert.deepEqual(planted({ body: { ...l1.body, zh: [...l1.body.zh, '训练七轮，误差降到十三分之一。'] } }), ['七', '十三分之一']);
  // References to a lesson that does not exist, and a year with no source.
  assert.deepEqual(planted(body('See lesson 16 and 第 2、17 课.')), ['16', '17']);
  assert.deepEqual(planted(body('As shown in 2014.')), ['2014']);
  // The accounted numbers come from the code: the same text with the threshold in the check
  // changed (45% -> 50%) is no longer accounted for.
  const changed = src.replace('x.mean <= 0.45', 'x.mean <= 0.5');
  assert.notEqual(changed, src);
  assert.ok(accountedNumbers(l1).has(45) && !accountedNumbers({ ...l1, claims: l1.claims.map((c) => (c.id === 'relu-dies'
    ? { ...c, holds: (r) => r.x <= 0.5 } : c)) }, changed).has(45));
});

test('the lessons page says what the scan checks, in both languages', () => {
  assert.match(UI.en.intro, /Every number in a lesson's text is accounted for by the lab's tests/);
  assert.match(UI.zh.intro, /课文里的每个数字都由 ReLU Lab 的测试核对/);
  // The page's own strings about lessons carry no numbers of their own: shapes, thresholds and
  // counts come from the study results through {placeholders}. Left: 0, 1 and 2 (formula
  // constants, classes 0 and 1, layers 1 / 2) and the 95 of "95% interval".
  for (const lang of LANGS) {
    for (const [key, s] of Object.entries(UI[lang])) {
      const stray = (s.replace(/\{\w+\}/g, '').match(/\d+/g) ?? []).filter((d) => !['0', '1', '2', '95'].includes(d));
      assert.deepEqual(stray, [], `${lang}.${key}: ${s}`);
    }
  }
});
