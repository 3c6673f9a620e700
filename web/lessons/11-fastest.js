// Lesson 11: which activation learns fastest? Epochs to 90% test accuracy, per activation and data set.
import { setup, fixed } from './common.js';

const config = setup({ hidden: [8, 8] });
const activations = ['relu', 'leaky_relu', 'prelu', 'elu', 'abs', 'maxout', 'tanh', 'sigmoid'];
const datasets = ['circle', 'xor', 'moons'];
const maxEpochs = 200;
const cell = (r, d, a) => r.cells.find((c) => c.dataset === d && c.activation === a);
/** Mean epochs with runs that never got there counted as maxEpochs: a lower bound for slow ones. */
const meanCapped = (c, max) => c.epochs.reduce((s, e) => s + (e ?? max), 0) / c.epochs.length;

export default {
  id: 'fastest',
  number: 11,
  title: { en: 'Which activation learns fastest?', zh: '哪种激活函数学得最快？' },
  summary: {
    en: 'Epochs to reach 90% test accuracy for eight activations on three data sets, over 10 seeds: "converges faster than sigmoid/tanh" and "occasionally better", with numbers.',
    zh: '八种激活函数在三个数据集上达到 90% 测试准确率所需的轮数（10 个种子）：用数字检验「收敛比 sigmoid/tanh 快」和「偶尔表现得更好」。',
  },
  notes: {
    zh: '收敛速度比 sigmoid / tanh 函数快，这个是在实践中证明了的。 ／ 有很多整流线性单元的扩展存在。大多数这些扩展的表现比得上整流线性单元，并且偶尔表现得更好。。。偶尔表现得更好',
    en: 'It converges faster than sigmoid / tanh — this has been shown in practice. / Many extensions of rectified linear units exist. Most of them perform comparably to rectified linear units and occasionally perform better. (…occasionally better.)',
  },
  body: {
    en: [
      'A simple measure of speed: the first epoch at which the test accuracy reaches 90%. Each activation trains on its own, from the same initial weights (equal-shape layers are equal) and the same batch order as the others, for up to 200 epochs.',
      { h: 'The experiment' },
      'Circle, XOR and two moons; two hidden layers of 8 units; plain SGD at the default rate (0.03) with batches of 10; 10 seeds, each with its own data and its own weights. The table gives the mean ± standard deviation of the epochs it took, over the runs that got there, and how many of the 10 did. A run that never got there counts as 200 in the comparisons below, which flatters the slow ones.',
      { h: 'What the numbers say' },
      'Against sigmoid, ReLU wins everywhere and by a wide margin. Against tanh it is a split decision: ReLU is faster on two data sets, tanh on the third. And the extensions are not just "occasionally" better in this race: ELU and maxout get there sooner than ReLU on all three. Leaky ReLU with a = 0.01 is practically ReLU. With 10 seeds the spread is large, so read differences of a few epochs as ties.',
      'Speed to 90% is one measure among many, measured here with one optimiser at one learning rate; with others the ranking may well change. That is the honest reading of "occasionally better": it depends on the task and the training.',
    ],
    zh: [
      '一个简单的速度指标：测试准确率第一次达到 90% 时的轮数。每种激活函数单独训练，与其他激活函数使用相同的初始权重（形状相同的层权重相同）和相同的批次顺序，最多训练 200 轮。',
      { h: '实验设置' },
      '圆形、异或和双月牙三个数据集；两个隐藏层、每层 8 个单元；默认学习率（0.03）的普通 SGD，批大小 10；10 个种子，每个种子的数据和权重都不同。表中给出达到目标的那些运行所用轮数的平均值 ± 标准差，以及 10 次中有几次达到。在下面的比较中，没有达到的运行按 200 轮计，这对慢的一方是有利的。',
      { h: '数字说明了什么' },
      '与 sigmoid 相比，ReLU 处处领先，而且领先很多。与 tanh 相比则各有胜负：ReLU 在两个数据集上更快，tanh 在第三个上更快。至于各种扩展，在这场比赛里可不只是「偶尔」更好：ELU 和 maxout 在三个数据集上都比 ReLU 更早达到目标。a = 0.01 的 Leaky ReLU 实际上就是 ReLU。10 个种子的离散程度很大，相差几轮的可以看作平手。',
      '达到 90% 的速度只是众多指标之一，而且这里只用了一种优化器、一个学习率；换成别的，排名很可能会变。这才是「偶尔表现得更好」的诚实解读：要看任务，也要看训练方式。',
    ],
  },
  presets: datasets.map((dataset) => ({
    id: dataset, label: { en: { circle: 'Circle', xor: 'XOR', moons: 'Two moons' }[dataset], zh: { circle: '圆形', xor: '异或', moons: '双月牙' }[dataset] },
    config: { ...config, dataset, activations }, epochs: 60, speed: 10,
  })),
  study: { kind: 'fastest', config, datasets, activations, seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], maxEpochs, target: 0.9 },
  claims: [
    {
      id: 'vs-sigmoid',
      text: { en: 'ReLU reaches 90% in all 10 seeds on every data set, and on each one at least 5 times sooner than sigmoid on average (sigmoid\'s misses counted as 200).',
        zh: 'ReLU 在每个数据集上的 10 个种子都达到了 90%，而且在每个数据集上平均都比 sigmoid 快至少 5 倍（sigmoid 没达到的按 200 轮计）。' },
      holds: (r) => datasets.every((d) => cell(r, d, 'relu').reached === 10
        && meanCapped(cell(r, d, 'sigmoid'), maxEpochs) >= 5 * cell(r, d, 'relu').mean),
      measured: (r) => datasets.map((d) => `${d} ${fixed(cell(r, d, 'relu').mean, 1)} vs ≥${fixed(meanCapped(cell(r, d, 'sigmoid'), maxEpochs), 0)}`).join(', '),
    },
    {
      id: 'vs-tanh',
      text: { en: 'ReLU is faster than tanh on average on circle and XOR, but tanh is faster on two moons.',
        zh: '平均而言，ReLU 在圆形和异或上比 tanh 快，但在双月牙上 tanh 更快。' },
      holds: (r) => cell(r, 'circle', 'relu').mean < cell(r, 'circle', 'tanh').mean
        && cell(r, 'xor', 'relu').mean < cell(r, 'xor', 'tanh').mean && cell(r, 'moons', 'tanh').mean < cell(r, 'moons', 'relu').mean,
      measured: (r) => datasets.map((d) => `${d} ${fixed(cell(r, d, 'relu').mean, 1)} vs ${fixed(cell(r, d, 'tanh').mean, 1)}`).join(', '),
    },
    {
      id: 'extensions',
      text: { en: 'ELU and maxout reach 90% sooner than ReLU on average on all three data sets.',
        zh: '平均而言，ELU 和 maxout 在全部三个数据集上都比 ReLU 更早达到 90%。' },
      holds: (r) => datasets.every((d) => ['elu', 'maxout'].every((a) => cell(r, d, a).reached === 10 && cell(r, d, a).mean < cell(r, d, 'relu').mean)),
      measured: (r) => datasets.map((d) => `${d} ${['relu', 'elu', 'maxout'].map((a) => fixed(cell(r, d, a).mean, 1)).join('/')}`).join(', '),
    },
    {
      id: 'leaky',
      text: { en: 'Leaky ReLU (a = 0.01) is within one epoch of ReLU on average on every data set.',
        zh: 'Leaky ReLU（a = 0.01）在每个数据集上的平均轮数与 ReLU 相差不到一轮。' },
      holds: (r) => datasets.every((d) => Math.abs(cell(r, d, 'leaky_relu').mean - cell(r, d, 'relu').mean) < 1),
      measured: (r) => datasets.map((d) => `${d} ${fixed(cell(r, d, 'leaky_relu').mean, 1)}/${fixed(cell(r, d, 'relu').mean, 1)}`).join(', '),
    },
  ],
};
