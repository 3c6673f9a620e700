// The guided lessons: the single source of truth for lesson ids, titles and texts (en, zh), the
// presets (flat lab.experiment() configs, the shape the lab's URL encodes), the studies they run
// (specs for studies.js) and the claims their texts make (checked by the tests and on the page).
// One module per lesson lives in lessons/; this file lists them in order and holds what they
// share: the page's own strings, the preset -> URL mapping, number formatting. No DOM.
import dyingRelu from './lessons/01-dying-relu.js';
import biasStart from './lessons/02-bias-start.js';
import bornDead from './lessons/03-born-dead.js';
import vanishing from './lessons/04-vanishing.js';
import sparseNotDead from './lessons/05-sparse-not-dead.js';
import preluSlope from './lessons/06-prelu-slope.js';
import absRectification from './lessons/07-abs-rectification.js';
import maxoutConvex from './lessons/08-maxout-convex.js';
import maxoutForgetting from './lessons/09-maxout-forgetting.js';
import kinkAtZero from './lessons/10-kink-at-zero.js';
import fastest from './lessons/11-fastest.js';

export const LESSONS = Object.freeze([dyingRelu, biasStart, bornDead, vanishing, sparseNotDead, preluSlope,
  absRectification, maxoutConvex, maxoutForgetting, kinkAtZero, fastest]);

export const LANGS = Object.freeze(['en', 'zh']);

/** The lesson with this id, or null. */
export const lessonById = (id) => LESSONS.find((l) => l.id === id) ?? null;

/** A text in the language: {en, zh} objects pick one; plain strings and arrays pass through. */
export const tr = (text, lang) => (text && typeof text === 'object' && !Array.isArray(text) && 'en' in text
  ? text[lang] ?? text.en : text);

/**
 * The lab's query string for a preset (index.html?<this>): every key of the flat experiment
 * config as the URL spells it (hidden -> hiddenLayers + width, activations as a list,
 * preluShared 0/1, userPoints -> pts), then the page options epochs, speed, lang and embed.
 */
export function presetQuery(preset, { lang = null, embed = false } = {}) {
  const q = new URLSearchParams();
  for (const [key, v] of Object.entries(preset.config)) {
    if (key === 'hidden') {
      if (v.some((w) => w !== v[0])) throw new Error(`preset ${preset.id}: the lab's URL needs equal widths (got ${v})`);
      q.set('hiddenLayers', String(v.length));
      if (v.length) q.set('width', String(v[0]));
    } else if (key === 'activations') q.set('activations', v.join(','));
    else if (key === 'preluShared') q.set('preluShared', v ? '1' : '0');
    else if (key === 'userPoints') q.set('pts', v.map((p) => `${p.x},${p.y},${p.label}`).join(';'));
    else q.set(key, String(v));
  }
  if (preset.epochs !== undefined) q.set('epochs', String(preset.epochs));
  if (preset.speed !== undefined) q.set('speed', String(preset.speed));
  if (lang) q.set('lang', lang);
  if (embed) q.set('embed', '1');
  return q.toString();
}

/** The lessons page's query for a lesson. */
export function lessonQuery(lesson, { lang = null, embed = false } = {}) {
  const q = new URLSearchParams({ lesson: lesson.id });
  if (lang) q.set('lang', lang);
  if (embed) q.set('embed', '1');
  return q.toString();
}

export { BASE, pct, fixed, sci } from './lessons/common.js';

/** The page's own strings (the lessons' texts live in lessons/*.js). */
export const UI = Object.freeze({
  en: {
    pageTitle: 'ReLU Lab — lessons',
    lessonTitle: '{title} — ReLU Lab lesson {n}',
    heading: 'Lessons',
    intro: 'Eleven short lessons on ReLU and its relatives. Each one opens the lab with an experiment prepared and the text beside it, and most run a small study over many seeds right in your browser. Every number a lesson states is checked by the lab\'s tests against the same code.',
    lesson: 'Lesson {n}',
    allLessons: '← All lessons',
    toLab: 'Open the lab',
    language: 'Language',
    fromNotes: 'From the course notes',
    theLab: 'The prepared experiment',
    presets: 'Presets',
    openInLab: 'Open in the full lab ↗',
    copyLink: 'Copy link to this lesson',
    copyEmbed: 'Copy embed code',
    shareText: 'Link or embed code',
    copied: 'Copied to the clipboard.',
    copyManually: 'Select the text and copy it (the clipboard is not available here).',
    labFrame: 'ReLU Lab, prepared for this lesson',
    study: 'The study',
    studyRunning: 'Running in your browser… {done} of {total}',
    studyDone: 'Done in {seconds} s.',
    studyFailed: 'The study could not run: {message}',
    claims: 'What our runs show',
    claimHolds: 'holds',
    claimFails: 'does not hold in this run',
    measured: 'measured: {value}',
    pending: 'waiting for the study…',
    notFound: 'There is no lesson "{id}". Here are all of them.',
    next: 'Next: {title} →',
    previous: '← {title}',
    chartOf: 'Chart: {what}',
    seeds: 'seeds',
    mean: 'mean',
    reached: 'reached',
  },
  zh: {
    pageTitle: 'ReLU Lab — 课程',
    lessonTitle: '{title} — ReLU Lab 第 {n} 课',
    heading: '课程',
    intro: '关于 ReLU 及其变体的十一节小课。每节课都会打开一个预先配置好的实验，正文就在旁边；多数课还会直接在你的浏览器里，用许多随机种子跑一个小统计。课文里的每个数字都由实验室的测试用同一份代码核对过。',
    lesson: '第 {n} 课',
    allLessons: '← 全部课程',
    toLab: '打开实验室',
    language: '语言',
    fromNotes: '课程笔记原文',
    theLab: '预先配置好的实验',
    presets: '预设',
    openInLab: '在完整实验室中打开 ↗',
    copyLink: '复制本课链接',
    copyEmbed: '复制嵌入代码',
    shareText: '链接或嵌入代码',
    copied: '已复制到剪贴板。',
    copyManually: '请选中文字后手动复制（此处无法使用剪贴板）。',
    labFrame: '为本课配置好的 ReLU Lab',
    study: '统计实验',
    studyRunning: '正在你的浏览器中运行…… {done} / {total}',
    studyDone: '完成，用时 {seconds} 秒。',
    studyFailed: '统计实验无法运行：{message}',
    claims: '我们的实验结果',
    claimHolds: '成立',
    claimFails: '本次运行中不成立',
    measured: '实测：{value}',
    pending: '等待统计结果……',
    notFound: '没有名为「{id}」的课程。以下是全部课程。',
    next: '下一课：{title} →',
    previous: '← {title}',
    chartOf: '图：{what}',
    seeds: '个种子',
    mean: '平均',
    reached: '达到',
  },
});

/** A UI string with {name} placeholders filled. */
export function ui(key, lang, vars = {}) {
  const s = UI[lang]?.[key] ?? UI.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}
