// The guided lessons: the single source of truth for lesson ids, titles and texts (en, zh), the
// presets (flat lab.experiment() configs, the shape the lab's URL encodes), the studies they run
// (specs for studies.js) and the claims their texts make (checked by the tests and on the page).
// One module per lesson lives in lessons/; this file lists them in order and holds what they
// share: the page's own strings and the preset -> URL mapping. No DOM.
import { translator } from '../shared/language.js';
import { DEFAULT_SPEED, serialize } from '../shared/urlstate.js';
import dyingRelu from './01-dying-relu.js';
import biasStart from './02-bias-start.js';
import bornDead from './03-born-dead.js';
import vanishing from './04-vanishing.js';
import sparseNotDead from './05-sparse-not-dead.js';
import preluSlope from './06-prelu-slope.js';
import absRectification from './07-abs-rectification.js';
import maxoutConvex from './08-maxout-convex.js';
import maxoutForgetting from './09-maxout-forgetting.js';
import kinkAtZero from './10-kink-at-zero.js';
import fastest from './11-fastest.js';
import excitationBoundary from './12-excitation-boundary.js';
import gradientDirection from './13-gradient-direction.js';
import eluMean from './14-elu-mean.js';
import maxoutPractice from './15-maxout-practice.js';

export const LESSONS = Object.freeze([dyingRelu, biasStart, bornDead, vanishing, sparseNotDead, preluSlope,
  absRectification, maxoutConvex, maxoutForgetting, kinkAtZero, fastest, excitationBoundary, gradientDirection, eluMean,
  maxoutPractice]);

/** The lesson with this id, or null. */
export const lessonById = (id) => LESSONS.find((l) => l.id === id) ?? null;

/** A text in the language: {en, zh} objects pick one; plain strings and arrays pass through. */
export const tr = (text, lang) => (text && typeof text === 'object' && !Array.isArray(text) && 'en' in text
  ? text[lang] ?? text.en : text);

/**
 * The lab's query string for a preset (index.html?<this>), written by the lab's own encoder
 * (urlstate.serialize), so a lesson's link and the lab's "Copy link" spell a setting alike.
 * A preset pins only the settings it names (common.js's BASE and its own), not every setting the
 * core lists: settings it leaves out follow the lab's defaults, as its links always have. So the
 * encoder walks the preset's numeric settings (every number in a preset config is one of the
 * core's numeric settings; the tests check each against the core's table) instead of the core's
 * whole list. hidden becomes hiddenLayers + width, the URL's form of a network of equal widths.
 */
export function presetQuery(preset, { lang = null, embed = false } = {}) {
  const { hidden, ...rest } = preset.config;
  if (!Array.isArray(hidden) || hidden.some((w) => w !== hidden[0])) {
    throw new Error(`preset ${preset.id}: hidden must be a list of equal widths, as the lab's URL writes one width (got ${hidden})`);
  }
  for (const key of ['dataset', 'init', 'optimizer', 'activations']) {
    if (rest[key] === undefined) throw new Error(`preset ${preset.id}: ${key} is missing (every preset names it; see lessons/common.js)`);
  }
  const state = { ...rest, hiddenLayers: hidden.length, userPoints: rest.userPoints ?? [], preluShared: !!rest.preluShared };
  if (hidden.length) state.width = hidden[0];
  const pinned = Object.keys(state).filter((key) => typeof state[key] === 'number');
  const page = { lang, embed, epochs: preset.epochs ?? null, speed: preset.speed ?? DEFAULT_SPEED };
  return serialize(state, page, { settings: Object.fromEntries(pinned.map((key) => [key, {}])) });
}

/** The lessons page's query for a lesson. */
export function lessonQuery(lesson, { lang = null, embed = false } = {}) {
  const q = new URLSearchParams({ lesson: lesson.id });
  if (lang) q.set('lang', lang);
  if (embed) q.set('embed', '1');
  return q.toString();
}

export { BASE } from './common.js';

/** The page's own strings (the lessons' texts live in lessons/*.js). */
export const UI = Object.freeze({
  en: {
    pageTitle: 'ReLU Lab — lessons',
    skip: 'Skip to the content',
    lessonNav: 'Lesson navigation',
    lessonTitle: '{title} — ReLU Lab lesson {n}',
    heading: 'Lessons',
    intro: 'Fifteen short lessons on ReLU and its relatives. Each one opens the lab with an experiment prepared and the text beside it, and runs a small study over many seeds right in your browser. Every number in a lesson\'s text is accounted for by the lab\'s tests: each finding is checked with the same code on the seeds the lesson names and on fresh ones, each setting against the experiment it describes, each year against the work cited.',
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
    seedsEpochs: '{seeds} seeds, {epochs} epochs',
    seedsN: '{n} seeds',
    epochsN: '{n} epochs',
    mean: 'mean',
    reached: 'reached',
    // study tables and charts
    colActivation: 'Activation',
    colDead: 'Dead units (mean, 95% interval; range)',
    colInactive: 'Inactive units (mean)',
    colDiverged: 'Diverged',
    colTestAcc: 'Test accuracy (mean)',
    chartStuck: 'Share of dead or inactive hidden units per epoch (mean over seeds; a network that diverged leaves the curve)',
    spreadBand: ' — shaded band: range across seeds (lowest to highest)',
    spreadWhisker: ' — whiskers: range across seeds (lowest to highest)',
    spreadEvery: ' — shaded band: range across seeds at every epoch (lowest to highest share among the seeds\' networks)',
    epoch: 'epoch',
    colBias: 'Initial bias',
    colDeadStart: 'Dead at the start',
    colDeadEnd: 'Dead after training',
    colBornDead: 'Born dead',
    colAccMeanMedian: 'Test accuracy (mean, 95% interval / median)',
    tableBornDead: 'Share of born-dead networks (constant output at initialisation), {n} initialisations each',
    colWidth: 'Width',
    depthN: 'depth {n}',
    chartBornDead: 'Born-dead share by depth',
    depth: 'depth',
    widthN: 'width {n}',
    tableTrained: 'Width {width}, depth {depth}, trained for {epochs} epochs ({n} seeds)',
    colLearned: 'Learned (≥ {target})',
    chartGrad: 'Gradient norm of each hidden layer (geometric mean over seeds, log scale)',
    hiddenLayer: 'hidden layer',
    atEpoch: '{name}, epoch {n}',
    colRatio: 'First ÷ last layer at the start (per seed)',
    colAccAt: 'Test accuracy at epoch {n}',
    colMeansAt: 'Mean activation per hidden layer, epoch {n}',
    colEpochsTo: 'Epochs to {target} (mean, 95% interval; miss = {max})',
    chartMeans: 'Mean activation of each hidden layer (mean over seeds)',
    colBoxAtScale: 'Share of the box excited, weights × {s}',
    colDataAt: 'Share of training points excited, epoch {n}',
    chartExcited: 'Share of the box where first-layer units pass gradient, by weight scale (mean over seeds)',
    weightScale: 'weight scale',
    unitPlotCaption: 'The first-layer units of the trained networks (study seed {seed}, after {epochs} epochs): each unit\'s line w·x + b = 0 and, shaded, where it passes gradient; darker where more of the {n} units do',
    pickUnit: 'Show',
    allUnits: 'all units',
    unitN: 'unit {n}',
    regionHalf: 'shaded: each unit\'s half-plane where z > 0',
    regionBand: 'shaded: each unit\'s band |z| ≤ {edge}, where g′ is at least {fraction} × its maximum; a single unit also shows, dashed, the band\'s edges and, dotted, the lines |z| = {saturation} where g′ falls to the lab\'s saturation threshold τ = {tau}',
    unitPlotAlt: '{name}, study seed {seed} after {epochs} epochs: the lines w·x + b = 0 of the {n} first-layer units over the network\'s two class regions (blue: class 0, orange: class 1) and the training points; {region}. Every line is listed in the table below the plots.',
    unitPlotKey: 'Background: the network\'s output (blue: class 0, orange: class 1), dots: the training points. ReLU shades the half-plane where z > 0; tanh and sigmoid the band where g′(z) is at least a tenth of its maximum. A unit the lab counts as saturated has g′ < τ = {tau} on every training point: all of them beyond its dotted lines.',
    halfPlane: 'half-plane',
    unitLinesSummary: 'The lines drawn, as numbers',
    unitLinesCaption: 'First-layer units, study seed {seed} after {epochs} epochs: w₁x + w₂y + b = 0',
    colUnit: 'Unit',
    colBandWidth: 'Band width 2z*/‖w‖',
    colStepAt: '{step}, epoch {n}: ratio · cosine · loss drop',
    stepRate: 'rate {v}',
    stepLength: 'length {v}',
    chartRatio: 'Actual loss change ÷ first-order prediction, one full-batch step (mean over seeds, 1 = exact; the table gives 95% intervals)',
    colZeros: 'Outputs exactly 0 (layer 1 / 2)',
    colNegative: 'Pre-activations ≤ 0 (layer 1)',
    colDeadLayers: 'Dead units (layer 1 / 2, all seeds)',
    chartSilent: 'Training points by the number of silent units in ReLU\'s first layer (all seeds)',
    silentN: '{n} silent',
    points: 'training points',
    chartSlopes: 'PReLU slopes during training (seed {seed}); thick dashed: one shared slope per layer',
    slopeUnit: 'layer {l}, unit {u}',
    slopeLayer: 'layer {l} (one line per unit)',
    slopeShared: 'shared, layer {l}',
    slope: 'slope a',
    colSeed: 'Seed',
    colSlopeRange: 'Per-unit slopes at the end (min … max)',
    colShared: 'Shared slopes at the end (layer 1 / 2)',
    colUnits: 'Hidden units',
    cellReached: '{mean} ({n}/{total} ≥ {target})',
    chartWidth: 'Mean test accuracy by the number of hidden units',
    units: 'hidden units',
    colK: 'Pieces k',
    colMedianError: '{name}: median test error',
    colReference: '{name}: equal-pieces reference',
    colDeadPieces: '{name}: dead pieces (median)',
    chartPieces: 'The median run for x², k = {k}: pieces (dashed) and their maximum (solid)',
    pickK: 'Show k =',
    data: 'data',
    networkOutput: 'network output (the maximum)',
    pieceN: 'piece {j}',
    groupsCaption: 'Groups of k: the unit of this lesson owns the {k} pre-activations z1 … z{k}; under each, the training points it wins (median run, x²).',
    groupsTwo: 'A layer of {units} maxout units with k = {k} owns {total} pre-activations in {units} groups:',
    deadPiece: 'dead piece',
    wins: '{n} wins',
    colPair: 'Tasks A → B',
    colBefore: 'A before',
    colAfter: 'A after B',
    colDrop: 'Drop (mean ± sd)',
    colLearnedB: 'B learned',
    allPairs: 'all pairs',
    chartDrop: 'Forgetting: the drop of A\'s test accuracy, per pair of tasks',
    colNet: 'Network',
    healthy: 'healthy {width} × {depth}',
    bornDeadNet: 'born dead {width} × {depth}',
    colChoice: 'relu′(0) = {g}: exact zeros · accuracy',
    colIdentical: 'Identical weights',
    yes: 'yes',
    no: 'no',
    chartEpochs: 'Mean epochs to {target} test accuracy (a run that never got there counts as {max})',
    notReached: 'not reached',
    epochsToTarget: 'epochs',
    colParameters: 'Weights and biases',
    chartBudget: 'Mean epochs to {target} test accuracy against the number of weights and biases (a miss counts as {max})',
  },
  zh: {
    pageTitle: 'ReLU Lab — 课程',
    skip: '跳到正文',
    lessonNav: '课程导航',
    lessonTitle: '{title} — ReLU Lab 第 {n} 课',
    heading: '课程',
    intro: '关于 ReLU 及其变体的十五节小课。每节课都会打开一个预先配置好的实验，正文就在旁边，并直接在你的浏览器里用许多随机种子跑一个小统计。课文里的每个数字都由 ReLU Lab 的测试核对：每个结论都用同一份代码在课文给出的种子上、也在新的种子上检验；每个设置都对照它所描述的实验；每个年份都对照所引用的文献。',
    lesson: '第 {n} 课',
    allLessons: '← 全部课程',
    toLab: '打开 ReLU Lab',
    language: '语言',
    fromNotes: '课程笔记原文',
    theLab: '预先配置好的实验',
    presets: '预设',
    openInLab: '在完整的 ReLU Lab 中打开 ↗',
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
    seedsEpochs: '{seeds} 个种子，{epochs} 轮',
    seedsN: '{n} 个种子',
    epochsN: '{n} 轮',
    mean: '平均',
    reached: '达到',
    // study tables and charts
    colActivation: '激活函数',
    colDead: '死亡单元（平均，95% 置信区间；范围）',
    colInactive: '不活跃单元（平均）',
    colDiverged: '发散',
    colTestAcc: '测试准确率（平均）',
    chartStuck: '每轮中死亡或不活跃的隐藏单元比例（各种子平均；发散的网络从发散起不再计入）',
    spreadBand: '；阴影带：各种子间的范围（从最小值到最大值）',
    spreadWhisker: '；竖线：各种子间的范围（从最小值到最大值）',
    spreadEvery: '；阴影带：每一轮各种子间的范围（各种子网络中的最小比例到最大比例）',
    epoch: '轮',
    colBias: '偏置初值',
    colDeadStart: '开始时死亡',
    colDeadEnd: '训练后死亡',
    colBornDead: '初始化时已死亡',
    colAccMeanMedian: '测试准确率（平均，95% 置信区间 / 中位数）',
    tableBornDead: '初始化时就已死亡的网络比例（输出为常数），每格 {n} 次初始化',
    colWidth: '宽度',
    depthN: '深度 {n}',
    chartBornDead: '初始化时就已死亡的比例随深度的变化',
    depth: '深度',
    widthN: '宽度 {n}',
    tableTrained: '宽 {width}、深 {depth}，训练 {epochs} 轮（{n} 个种子）',
    colLearned: '学会（≥ {target}）',
    chartGrad: '每个隐藏层的梯度范数（各种子几何平均，对数刻度）',
    hiddenLayer: '隐藏层',
    atEpoch: '{name}，第 {n} 轮',
    colRatio: '开始时第一层 ÷ 最后一层（每个种子）',
    colAccAt: '第 {n} 轮测试准确率',
    colMeansAt: '第 {n} 轮各隐藏层的平均激活值',
    colEpochsTo: '达到 {target} 的轮数（平均，95% 置信区间；未达到按 {max} 计）',
    chartMeans: '每个隐藏层的平均激活值（各种子平均）',
    colBoxAtScale: '兴奋区域占方框的比例，权重 × {s}',
    colDataAt: '兴奋区域占训练样本的比例，第 {n} 轮',
    chartExcited: '第一层单元传递梯度的区域占方框的比例，随权重放大倍数的变化（各种子平均）',
    weightScale: '权重放大倍数',
    unitPlotCaption: '训练后网络的第一层单元（统计实验的种子 {seed}，训练 {epochs} 轮后）：每个单元的直线 w·x + b = 0，阴影是它传递梯度的区域；{n} 个单元中传递梯度的越多，颜色越深',
    pickUnit: '显示',
    allUnits: '全部单元',
    unitN: '单元 {n}',
    regionHalf: '阴影：每个单元 z > 0 的半个平面',
    regionBand: '阴影：每个单元的带子 |z| ≤ {edge}，那里 g′ 至少是其最大值的 {fraction} 倍；只显示一个单元时，虚线是带子的边界，点线是 |z| = {saturation} 的直线，g′ 在那里降到 ReLU Lab 的饱和阈值 τ = {tau}',
    unitPlotAlt: '{name}，统计实验的种子 {seed}，训练 {epochs} 轮后：第一层 {n} 个单元的直线 w·x + b = 0，背景是网络划分的两类区域（蓝色：类别 0，橙色：类别 1），点是训练样本；{region}。每条直线都列在图下方的表中。',
    unitPlotKey: '背景：网络的输出（蓝色：类别 0，橙色：类别 1），点：训练样本。ReLU 的阴影是 z > 0 的半个平面；tanh 和 sigmoid 的阴影是 g′(z) 至少为其最大值十分之一的带子。ReLU Lab 判为饱和的单元，在每个训练样本上都有 g′ < τ = {tau}：所有样本都在它的点线之外。',
    halfPlane: '半个平面',
    unitLinesSummary: '图中直线的数值',
    unitLinesCaption: '第一层单元，统计实验的种子 {seed}，训练 {epochs} 轮后：w₁x + w₂y + b = 0',
    colUnit: '单元',
    colBandWidth: '带宽 2z*/‖w‖',
    colStepAt: '{step}，第 {n} 轮：比值 · 余弦 · 损失下降',
    stepRate: '学习率 {v}',
    stepLength: '长度 {v}',
    chartRatio: '一步全批量梯度下降：实际损失变化 ÷ 一阶预测（各种子平均，1 表示完全准确；95% 置信区间见表）',
    colZeros: '恰好为 0 的输出（第 1 / 2 层）',
    colNegative: '≤ 0 的预激活（第 1 层）',
    colDeadLayers: '死亡单元（第 1 / 2 层，全部种子）',
    chartSilent: '按 ReLU 第一层沉默单元个数统计的训练样本数（全部种子）',
    silentN: '{n} 个沉默',
    points: '训练样本',
    chartSlopes: '训练中 PReLU 的斜率（种子 {seed}）；粗虚线：每层共享一个斜率',
    slopeUnit: '第 {l} 层，单元 {u}',
    slopeLayer: '第 {l} 层（每个单元一条线）',
    slopeShared: '共享，第 {l} 层',
    slope: '斜率 a',
    colSeed: '种子',
    colSlopeRange: '训练结束时各单元斜率（最小 … 最大）',
    colShared: '训练结束时的共享斜率（第 1 / 2 层）',
    colUnits: '隐藏单元数',
    cellReached: '{mean}（{n}/{total} ≥ {target}）',
    chartWidth: '平均测试准确率随隐藏单元数的变化',
    units: '隐藏单元数',
    colK: '段数 k',
    colMedianError: '{name}：测试误差中位数',
    colReference: '{name}：等分参照',
    colDeadPieces: '{name}：死段数（中位数）',
    chartPieces: 'x² 的中位数那次运行，k = {k}：各段（虚线）及其最大值（实线）',
    pickK: '显示 k =',
    data: '数据',
    networkOutput: '网络输出（最大值）',
    pieceN: '第 {j} 段',
    groupsCaption: '每组 k 个：本课的单元拥有 {k} 个预激活 z1 … z{k}；每个下面是它胜出的训练样本数（x² 的中位数那次运行）。',
    groupsTwo: '一层 {units} 个 maxout 单元、k = {k} 时，拥有 {total} 个预激活，分成 {units} 组：',
    deadPiece: '死段',
    wins: '胜出 {n} 次',
    colPair: '任务 A → B',
    colBefore: '之前的 A',
    colAfter: '学完 B 后的 A',
    colDrop: '下降（平均 ± 标准差）',
    colLearnedB: 'B 的准确率',
    allPairs: '全部任务组',
    chartDrop: '遗忘：每组任务中 A 的测试准确率下降了多少',
    colNet: '网络',
    healthy: '健康的 {width} × {depth}',
    bornDeadNet: '宽 {width}、深 {depth}（常在初始化时就已死亡）',
    colChoice: 'relu′(0) = {g}：恰好为 0 · 准确率',
    colIdentical: '权重逐位相同',
    yes: '是',
    no: '否',
    chartEpochs: '达到 {target} 测试准确率的平均轮数（没有达到的运行按 {max} 轮计）',
    notReached: '未达到',
    epochsToTarget: '轮数',
    colParameters: '权重和偏置个数',
    chartBudget: '达到 {target} 测试准确率的平均轮数与权重和偏置个数的关系（没有达到的按 {max} 轮计）',
  },
});

/** ui(key, lang, vars): a UI string in the language with {name} placeholders filled. */
export const ui = translator(UI);
