// Lesson 1: a high learning rate kills ReLU units; Leaky ReLU's units go just as quiet, ELU's do not.
import { setup } from './common.js';
import { pct, fixed } from '../shared/format.js';
import { interval95, mean } from './study-tools.js';

const config = setup({ dataset: 'spiral', hidden: [8, 8], activations: ['relu', 'leaky_relu', 'prelu', 'elu'],
  learningRate: 0.5, batchSize: 5 });
const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
const n = seeds.length;
const deadShares = (r) => r.per.relu.dead.map((d) => d / r.per.relu.total);
/** Per seed: ReLU's dead units minus Leaky ReLU's inactive ones (same weights, same batches). */
const reluMinusLeaky = (r) => r.per.relu.dead.map((d, i) => d - r.per.leaky_relu.inactive[i]);
const ci = (x, f = (v) => fixed(v, 1)) => `${f(x.mean)} (95% interval ${f(x.lo)} to ${f(x.hi)})`;

export default {
  id: 'dying-relu',
  number: 1,
  title: { en: 'Dying ReLU', zh: '死亡 ReLU' },
  summary: {
    en: 'A high learning rate kills a large share of ReLU units. Leaky ReLU\'s units go just as quiet — they only keep a 1% gradient — while ELU\'s hardly do.',
    zh: '学习率过高会让相当一部分 ReLU 单元死亡（神经元死亡）。Leaky ReLU 的单元同样会变得不活跃——只是还留着 1% 的梯度；ELU 的单元则很少如此。',
  },
  notes: {
    zh: '如果你的输入不巧全部在 ReLU 的左侧，即 Dead Area，那么这个神经元就挂掉了，再也没法激活……但是呢，这个发生的概率很小，因为是一批一批训练的。 ／ 整流线性单元的各种扩展保证了它们能在各个位置都接收到梯度。嗯，这种保证是有必要的吗？什么场景是有必要的？',
    en: 'If a unit\'s inputs all happen to fall on the left side of ReLU, the dead area, the neuron is gone and can never activate again… but this is unlikely, because training goes batch by batch. / The extensions of ReLU guarantee a gradient everywhere. Is that guarantee necessary? When?',
  },
  body: {
    en: [
      'A ReLU unit is dead when its pre-activation z is ≤ 0 on every training point. It then outputs 0 on every training point (not necessarily everywhere in the plane: a dead unit can still be active in places where there is no data), and because relu′(z) = 0 for z < 0, its incoming weights and its bias get exactly zero gradient from every example: gradient descent alone cannot bring it back. (A unit in a later layer can still revive if the layers before it change.) The notes call this saturation too: like a sigmoid far from 0, the unit sits where its gradient is 0 — for ReLU that is all of z < 0.',
      'One large step is enough to get there. With a high learning rate, a single big update can push a unit\'s weights and bias so far that z < 0 on all of the data — and from then on the unit gets no gradient that could undo it.',
      'Leaky ReLU (slope a = 0.01 for z < 0), PReLU (a learned, starting at 0.25) and ELU (α(eᶻ − 1) for z < 0) all have a non-zero derivative for z < 0. A unit whose z is negative everywhere still gets a gradient; the lab calls it inactive rather than dead, because it can recover.',
      { h: 'The experiment' },
      'Two-arm spiral, two hidden layers of 8 units, plain SGD at learning rate 0.5 (the lab\'s default is 0.03) with batches of 5, for 30 epochs. The four networks start from the same weights and see the same batches. The study repeats this for weight seeds 1–20; the lab shows seed 1. The tests check every claim below on these seeds and on two further blocks of 20 fresh seeds.',
      { h: 'So is the guarantee necessary?' },
      'When training is aggressive, it matters which kind of guarantee you get. At this learning rate a large share of the ReLU units die, in nearly every network (see the claims below for how many, with their spread). Leaky ReLU with a = 0.01 is about as bad: as many of its units end up inactive, with z ≤ 0 on every training point, and a 1% gradient is a weak way back. ELU\'s negative side is not a thin slope but a curve that saturates only slowly, and its units hardly ever go inactive. PReLU pays in another way: its slopes take the same large steps, and now and then a PReLU network diverges — the table counts how often. At the default rate the notes\' "unlikely" is closer to the truth (lesson 5), and a negative bias start or a deep, narrow network are other ways to get many dead units (lessons 2 and 3).',
    ],
    zh: [
      '如果一个 ReLU 单元的预激活 z 在所有训练样本上都 ≤ 0，它就「死」了（神经元死亡）：它在每个训练样本上都输出 0（不一定在整个平面上：没有数据的地方它仍可能激活），而且由于 z < 0 时 relu′(z) = 0，它的输入权重和偏置从每个样本得到的梯度都恰好为 0，单靠梯度下降再也救不回来。（后面层的单元有例外：前面的层一变，它可能复活。）笔记把这也叫作饱和：就像 sigmoid 远离 0 的地方，单元停在梯度为 0 的区域——对 ReLU 来说，就是整个 z < 0。',
      '一步迈得太大就足够了。学习率很高时，一次大的更新就可能把某个单元的权重和偏置推得太远，使它在全部数据上都有 z < 0——从此它再也得不到能把自己拉回来的梯度。',
      'Leaky ReLU（z < 0 时斜率 a = 0.01）、PReLU（a 是学出来的，初值 0.25）和 ELU（z < 0 时为 α(eᶻ − 1)）在 z < 0 时导数都不为 0。即使单元的 z 处处为负，它仍然能得到梯度；ReLU Lab 称之为「不活跃」而不是「死亡」，因为它还能恢复。',
      { h: '实验设置' },
      '双螺旋数据，两个隐藏层、每层 8 个单元，普通 SGD，学习率 0.5（ReLU Lab 的默认值是 0.03），批大小 5，训练 30 轮。四个网络从相同的初始权重出发，看到的批次也相同。统计实验把它在权重种子 1–20 上各重复一次；右边的 ReLU Lab 显示的是种子 1。测试在这些种子上、也在另外两组各 20 个新种子上检验下面的每一条结论。',
      { h: '那么，这种保证有必要吗？' },
      '训练很激进的时候，拿到的是哪一种保证就很重要了。在这个学习率下，相当大比例的 ReLU 单元会死亡，而且几乎每个网络都有（具体多少、离散程度多大，见下面的结论）。a = 0.01 的 Leaky ReLU 差不多一样糟：同样多的单元最后变得不活跃，在所有训练样本上都有 z ≤ 0，而 1% 的梯度是一条很窄的回头路。ELU 的负半边不是一条细小的斜线，而是一条慢慢才饱和的曲线，它的单元几乎从不变得不活跃。PReLU 付出的是另一种代价：它的斜率也迈着同样大的步子，偶尔会有 PReLU 网络发散——表中统计了发生的次数。在默认学习率下，笔记里说的「概率很小」更接近事实（第 5 课）；偏置初值为负、网络又深又窄，是另外两种让大量单元死亡的途径（第 2、3 课）。',
    ],
  },
  presets: [
    { id: 'high-rate', label: { en: 'Learning rate 0.5', zh: '学习率 0.5' }, config, epochs: 30, speed: 10 },
  ],
  study: { kind: 'dying', config, seeds, epochs: 30 },
  // Every claim holds on seeds 1–20 and on fresh blocks of 20 (tests/web/lessons.test.mjs);
  // falsifiedBy names the result that would refute it.
  claims: [
    {
      id: 'relu-dies',
      text: { en: `ReLU: on average between 20% and 45% of the 16 hidden units are dead after 30 epochs, and the 95% interval of that mean lies above 15% (${n} seeds).`,
        zh: `ReLU：30 轮后，16 个隐藏单元中平均有 20% 到 45% 死亡，这个平均值的 95% 置信区间在 15% 以上（${n} 个种子）。` },
      falsifiedBy: 'a mean dead share below 20% or above 45%, or a 95% interval reaching down to 15%',
      holds: (r) => { const x = interval95(deadShares(r)); return x.mean >= 0.2 && x.mean <= 0.45 && x.lo > 0.15; },
      measured: (r) => `${ci(interval95(deadShares(r)), (v) => pct(v))}; per seed ${pct(Math.min(...deadShares(r)))}–${pct(Math.max(...deadShares(r)))}`,
    },
    {
      id: 'relu-most-seeds',
      text: { en: `ReLU: at least 16 of the ${n} networks (80%) end with 2 or more dead units.`,
        zh: `ReLU：${n} 个网络中至少 16 个（80%）最后有 2 个或更多死亡单元。` },
      falsifiedBy: 'fewer than 16 of 20 networks with at least 2 dead units',
      holds: (r) => r.per.relu.dead.filter((d) => d >= 2).length >= 0.8 * r.seeds.length,
      measured: (r) => `${r.per.relu.dead.filter((d) => d >= 2).length}/${r.seeds.length} (dead per seed: ${r.per.relu.dead.join(', ')})`,
    },
    {
      id: 'leaky-as-bad',
      text: { en: 'Leaky ReLU (a = 0.01) is about as bad: on average at least 2.5 of its 16 units end inactive (z ≤ 0 on every training point, only 1% of the gradient left), and ReLU\'s dead count minus Leaky ReLU\'s inactive count, seed by seed from the same weights, is between −2 and +2 units on average.',
        zh: 'Leaky ReLU（a = 0.01）差不多一样糟：平均每个网络 16 个单元中至少有 2.5 个最后不活跃（在所有训练样本上 z ≤ 0，只剩 1% 的梯度）；逐个种子（相同初始权重）计算 ReLU 的死亡单元数减去 Leaky ReLU 的不活跃单元数，平均值在 −2 到 +2 之间。' },
      falsifiedBy: 'Leaky ReLU with fewer than 2.5 inactive units on average, or a mean paired difference beyond ±2 units (one clearly better than the other)',
      holds: (r) => r.per.leaky_relu.inactiveMean >= 2.5 && Math.abs(mean(reluMinusLeaky(r))) <= 2,
      measured: (r) => `Leaky ReLU ${fixed(r.per.leaky_relu.inactiveMean, 1)} inactive, ReLU ${fixed(mean(r.per.relu.dead), 1)} dead; difference ${ci(interval95(reluMinusLeaky(r)))}`,
    },
    {
      id: 'elu-active',
      text: { en: 'ELU keeps its units working: on average at most 1 of 16 ends inactive, at least 2 fewer than ReLU loses (paired, per seed).',
        zh: 'ELU 的单元保持工作：平均每个网络 16 个单元中至多 1 个最后不活跃，比 ReLU 死亡的单元（逐个种子配对）平均至少少 2 个。' },
      falsifiedBy: 'ELU with more than 1 inactive unit on average, or fewer than 2 units better than ReLU on average',
      holds: (r) => r.per.elu.inactiveMean <= 1 && mean(r.per.relu.dead.map((d, i) => d - r.per.elu.inactive[i])) >= 2,
      measured: (r) => `ELU ${fixed(r.per.elu.inactiveMean, 2)}, PReLU ${fixed(r.per.prelu.inactiveMean, 1)}; ReLU − ELU ${ci(interval95(r.per.relu.dead.map((d, i) => d - r.per.elu.inactive[i])))}`,
    },
    {
      id: 'divergence',
      text: { en: `At this rate none of the ${n} ReLU, Leaky ReLU or ELU networks diverges; PReLU, whose slopes take the same large steps, diverges now and then — in at most 8 of the ${n}.`,
        zh: `在这个学习率下，ReLU、Leaky ReLU 和 ELU 各自的 ${n} 个网络都没有发散；PReLU 的斜率也迈着同样大的步子，偶尔会发散——${n} 个中至多 8 个。` },
      falsifiedBy: 'any ReLU, Leaky ReLU or ELU run diverging, or more than 8 of 20 PReLU runs',
      holds: (r) => r.per.leaky_relu.diverged === 0 && r.per.elu.diverged === 0 && r.per.relu.diverged === 0 && r.per.prelu.diverged <= 8,
      measured: (r) => r.activations.map((a) => `${a} ${r.per[a].diverged}`).join(', '),
    },
  ],
};
