// Lesson 14: ELU's negative part and the mean activation of each layer — ReLU, Leaky ReLU and ELU.
import { setup } from './common.js';
import { fixed } from '../shared/format.js';
import { mean, interval95 } from './study-tools.js';

const config = setup({ dataset: 'moons', hidden: [8, 8, 8, 8], activations: ['relu', 'leaky_relu', 'elu'] });
const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
const n = seeds.length;
const epochs = 100;
const runsOf = (r, a) => r.runs.filter((x) => x.activation === a);
/** Per seed, the mean over layers of activation a's layer means at epoch c. */
const overLayers = (r, a, c) => runsOf(r, a).map((x) => mean(x.means[c]));
/** Per layer, the mean over seeds. */
const perLayer = (r, a, c) => Array.from({ length: r.layers }, (_, l) => mean(runsOf(r, a).map((x) => x.means[c][l])));
/** Per seed: epochs to the target with a miss counted as the study's length. */
const epochsTo = (r, a) => runsOf(r, a).map((x) => x.reached ?? r.epochs);
const eluMinusRelu = (r) => epochsTo(r, 'elu').map((e, i) => e - epochsTo(r, 'relu')[i]);
const layers = (xs) => xs.map((x) => fixed(x)).join(' / ');

export default {
  id: 'elu-mean',
  number: 14,
  title: { en: 'ELU and the mean activation', zh: 'ELU 与平均激活值' },
  summary: {
    en: 'ELU\'s negative part is said to push mean activations towards 0 and so speed up learning. The mean activation of every layer for ReLU, Leaky ReLU and ELU, and how fast each learns.',
    zh: '据说 ELU 的负半部分能把平均激活值推向 0，从而加快学习。这里测量 ReLU、Leaky ReLU 和 ELU 每一层的平均激活值，以及各自学得多快。',
  },
  /** The works the text cites, for the years it names (the tests match each year to a source). */
  sources: [{ authors: 'Clevert, Unterthiner & Hochreiter', title: 'Fast and accurate deep network learning by exponential linear units (ELUs)', year: 2015 }],
  notes: {
    zh: '所有的 LU 相关的都是从 ReLU 出来的，这个 ELU 也是对 ReLU 的左侧修改了下。需要补充',
    en: 'All the LUs come from ReLU; ELU, too, modifies the left side of ReLU. To be filled in.',
  },
  body: {
    en: [
      'ELU is the identity for z > 0 and α(eᶻ − 1) for z ≤ 0: it goes below 0, down to −α, and saturates there slowly. ReLU outputs only values ≥ 0, so the mean of a ReLU layer\'s outputs is positive; Leaky ReLU with a = 0.01 hardly changes that. Clevert, Unterthiner & Hochreiter (2015), who introduced ELU, argue that negative values push the mean activation towards 0, that activations with a mean closer to 0 bring the ordinary gradient closer to the natural gradient, and that this speeds up learning.',
      { math: 'ELU:  h = z (z > 0),   h = α(eᶻ − 1) (z ≤ 0);   h′ = 1 (z > 0),   h′ = α·eᶻ (z ≤ 0)' },
      'Two claims, then, that the lab can look at: are the means of ELU layers closer to 0, and does ELU learn faster? The second does not follow from the first in a toy network — ELU also differs from ReLU in its gradient for z < 0 and in its curvature — so what is measured here is whether the two go together, not that one causes the other.',
      { h: 'The experiment' },
      'Two moons, four hidden layers of 8 units, the same He-normal weights and batches for ReLU, Leaky ReLU (a = 0.01) and ELU (α = 1), plain SGD at the default rate, 100 epochs, weight seeds 1–10 (the tests also on two blocks of 10 fresh seeds with fresh data). The study passes the training set through each network at the start and after training and takes the mean of every hidden layer\'s outputs; it also records the first epoch at which the test accuracy reaches 90%.',
      { h: 'What holds' },
      'ELU\'s layers do have lower means than ReLU\'s on the whole, at the start and after training (at the start the last layer is sometimes the exception), but not near 0: the negative side is bounded by −α and most outputs are still positive. And here ELU does learn faster: it reaches 90% sooner than ReLU, seed by seed, from the same weights. Leaky ReLU with a = 0.01 has practically ReLU\'s means — its negative outputs are a hundredth of ELU\'s scale. Lesson 11 found the same on circle, while with only two layers on two moons ELU\'s lead came and went with the seeds; this is one data set and one optimiser, and not a proof of the paper\'s mechanism.',
    ],
    zh: [
      'ELU 在 z > 0 时是恒等函数，在 z ≤ 0 时是 α(eᶻ − 1)：它可以取负值，最低到 −α，并且在那里慢慢饱和。ReLU 只输出 ≥ 0 的值，所以一个 ReLU 层输出的平均值是正的；a = 0.01 的 Leaky ReLU 几乎改变不了这一点。提出 ELU 的 Clevert、Unterthiner、Hochreiter（2015）认为：负值把平均激活值推向 0；平均值更接近 0 的激活使普通梯度更接近自然梯度，从而加快学习。',
      { math: 'ELU：h = z（z > 0），h = α(eᶻ − 1)（z ≤ 0）；h′ = 1（z > 0），h′ = α·eᶻ（z ≤ 0）' },
      '于是有两个可以在 ReLU Lab 里检验的说法：ELU 各层的平均值是否更接近 0？ELU 是否学得更快？在玩具网络里，后者并不能由前者推出——ELU 与 ReLU 的区别还在于 z < 0 时的梯度和曲率——所以这里测的是两者是否同时出现，而不是一个导致了另一个。',
      { h: '实验设置' },
      '双月牙数据，四个隐藏层、每层 8 个单元，ReLU、Leaky ReLU（a = 0.01）和 ELU（α = 1）使用相同的 He 正态初始权重和相同的批次，默认学习率的普通 SGD，训练 100 轮，权重种子 1–10（测试还在另外两组各 10 个新种子、新数据上重复）。统计实验在开始时和训练后把训练集送进每个网络，求出每个隐藏层输出的平均值；同时记录测试准确率第一次达到 90% 的轮数。',
      { h: '哪些说法成立' },
      '总体来看，ELU 各层的平均值确实比 ReLU 低，开始时和训练后都是如此（开始时最后一层偶尔例外），但并不接近 0：负半边以 −α 为界，大多数输出仍然是正的。而且在这里 ELU 确实学得更快：从相同的权重出发，逐个种子比较，它比 ReLU 更早达到 90%。a = 0.01 的 Leaky ReLU 的平均值几乎和 ReLU 一样——它的负输出只有 ELU 的百分之一量级。第 11 课在圆形上也得到同样的结果，而在只有两层的双月牙网络上，ELU 的领先随种子时有时无；这里只是一个数据集、一种优化器，并不能证明论文所说的机理。',
    ],
  },
  presets: [
    { id: 'deep', label: { en: '4 layers of 8', zh: '4 层 × 8 单元' }, config, epochs, speed: 30 },
  ],
  study: { kind: 'meanActivations', config, seeds, epochs, checkpoints: [0, epochs], target: 0.9 },
  // Every claim holds on seeds 1–10 and on fresh blocks of 10 (tests/web/lessons.test.mjs).
  claims: [
    {
      id: 'elu-lower',
      text: { en: 'ELU\'s mean activation, over all hidden layers, is at least 0.1 lower than ReLU\'s on average (paired, same weights), at the start and after 100 epochs; after training it is lower in every hidden layer (mean over seeds).',
        zh: '对所有隐藏层平均，ELU 的平均激活值比 ReLU 平均至少低 0.1（配对比较，相同权重），开始时和训练 100 轮后都是如此；训练后，每个隐藏层都比 ReLU 低（各种子平均）。' },
      falsifiedBy: 'a mean paired gap over all layers below 0.1 at the start or after training, or a hidden layer after training where ELU\'s mean is at least ReLU\'s',
      holds: (r) => r.checkpoints.every((c) => mean(overLayers(r, 'relu', c).map((x, i) => x - overLayers(r, 'elu', c)[i])) >= 0.1)
        && perLayer(r, 'elu', r.epochs).every((m, l) => m < perLayer(r, 'relu', r.epochs)[l]),
      measured: (r) => r.checkpoints.map((c) => `epoch ${c}: ReLU ${layers(perLayer(r, 'relu', c))}, ELU ${layers(perLayer(r, 'elu', c))}`).join('; '),
    },
    {
      id: 'not-zero',
      text: { en: 'But ELU\'s means are not near 0: every hidden layer\'s mean is above 0.2, at the start and after training.',
        zh: '但 ELU 的平均值并不接近 0：开始时和训练后，每个隐藏层的平均值都高于 0.2。' },
      falsifiedBy: 'an ELU hidden layer with a mean of 0.2 or less (mean over seeds)',
      holds: (r) => r.checkpoints.every((c) => perLayer(r, 'elu', c).every((m) => m > 0.2)),
      measured: (r) => r.checkpoints.map((c) => `epoch ${c}: ${layers(perLayer(r, 'elu', c))}`).join('; '),
    },
    {
      id: 'leaky-same',
      text: { en: 'Leaky ReLU (a = 0.01) has practically ReLU\'s means: over all layers, within 0.05 of ReLU\'s on average, at the start and after training.',
        zh: 'Leaky ReLU（a = 0.01）的平均值几乎和 ReLU 一样：对所有层平均，开始时和训练后都与 ReLU 相差不超过 0.05。' },
      falsifiedBy: 'a mean paired difference over all layers of more than 0.05 between Leaky ReLU and ReLU',
      holds: (r) => r.checkpoints.every((c) => Math.abs(mean(overLayers(r, 'leaky_relu', c).map((x, i) => x - overLayers(r, 'relu', c)[i]))) <= 0.05),
      measured: (r) => r.checkpoints.map((c) => `epoch ${c}: ${fixed(mean(overLayers(r, 'leaky_relu', c)))} vs ${fixed(mean(overLayers(r, 'relu', c)))}`).join('; '),
    },
    {
      id: 'elu-faster',
      text: { en: `ELU reaches 90% test accuracy sooner than ReLU: at least 2 epochs sooner on average (paired, a miss counted as 100), and no later than ReLU in at least 8 of ${n} seeds.`,
        zh: `ELU 比 ReLU 更早达到 90% 的测试准确率：平均至少早 2 轮（配对比较，没达到的按 100 轮计），并且在 ${n} 个种子中至少 8 个上不晚于 ReLU。` },
      falsifiedBy: 'ELU less than 2 epochs sooner on average, or later than ReLU in more than 2 of 10 seeds',
      holds: (r) => mean(eluMinusRelu(r)) <= -2 && eluMinusRelu(r).filter((d) => d <= 0).length >= r.seeds.length - 2,
      measured: (r) => { const x = interval95(eluMinusRelu(r)); return `ReLU ${fixed(mean(epochsTo(r, 'relu')), 1)}, ELU ${fixed(mean(epochsTo(r, 'elu')), 1)}; ELU − ReLU ${fixed(x.mean, 1)} (${fixed(x.lo, 1)} to ${fixed(x.hi, 1)})`; },
    },
  ],
};
