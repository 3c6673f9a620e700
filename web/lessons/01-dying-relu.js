// Lesson 1: a high learning rate kills ReLU units; Leaky ReLU, PReLU and ELU keep theirs.
import { setup, pct, fixed } from './common.js';

const config = setup({ dataset: 'spiral', hidden: [8, 8], activations: ['relu', 'leaky_relu', 'prelu', 'elu'],
  learningRate: 0.5, batchSize: 5 });
const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
const others = ['leaky_relu', 'prelu', 'elu'];

export default {
  id: 'dying-relu',
  number: 1,
  title: { en: 'Dying ReLU', zh: '死亡 ReLU' },
  summary: {
    en: 'A high learning rate kills a large share of ReLU units; Leaky ReLU, PReLU and ELU keep all of theirs alive.',
    zh: '学习率过高会让相当一部分 ReLU 单元死亡；Leaky ReLU、PReLU 和 ELU 的单元一个也不会死。',
  },
  notes: {
    zh: '如果你的输入不巧全部在 ReLU 的左侧，即 Dead Area，那么这个神经元就挂掉了，再也没法激活……但是呢，这个发生的概率很小，因为是一批一批训练的。 ／ 整流线性单元的各种扩展保证了它们能在各个位置都接收到梯度。嗯，这种保证是有必要的吗？什么场景是有必要的？',
    en: 'If a unit\'s inputs all happen to fall on the left side of ReLU, the dead area, the neuron is gone and can never activate again… but this is unlikely, because training goes batch by batch. / The extensions of ReLU guarantee a gradient everywhere. Is that guarantee necessary? When?',
  },
  body: {
    en: [
      'A ReLU unit is dead when its pre-activation z is ≤ 0 on every training point. It then outputs 0 everywhere, and because relu′(z) = 0 for z < 0, its incoming weights and its bias get exactly zero gradient from every example: gradient descent alone cannot bring it back. (A unit in a later layer can still revive if the layers before it change.)',
      'One large step is enough to get there. With a high learning rate, a single big update can push a unit\'s weights and bias so far that z < 0 on all of the data — and from then on the unit gets no gradient that could undo it.',
      'Leaky ReLU (slope a = 0.01 for z < 0), PReLU (a learned, starting at 0.25) and ELU (α(eᶻ − 1) for z < 0) all have a non-zero derivative for z < 0. A unit whose z is negative everywhere still gets a gradient; the lab calls it inactive rather than dead, because it can recover.',
      { h: 'The experiment' },
      'Two-arm spiral, two hidden layers of 8 units, plain SGD at learning rate 0.5 (about 17 times the lab\'s default) with batches of 5, for 30 epochs. The four networks start from the same weights and see the same batches. The study repeats this for weight seeds 1–20; the lab shows seed 1.',
      { h: 'So is the guarantee necessary?' },
      'When training is aggressive, yes: at this learning rate ReLU lost at least a quarter of its units on average, and some in every seed, while the three extensions lost none (see the claims below). PReLU pays in another way: its slopes take the same large steps, and now and then a PReLU network diverges — the table counts how often. At the default rate the notes\' "unlikely" is closer to the truth (lesson 5), and a negative bias start or a deep, narrow network are other ways to get many dead units (lessons 2 and 3). Note also what the extensions do not guarantee: with a = 0.01, Leaky ReLU units still go inactive here — they only keep a 1% gradient to come back with.',
    ],
    zh: [
      '如果一个 ReLU 单元的预激活 z 在所有训练样本上都 ≤ 0，它就「死」了：它处处输出 0，而且由于 z < 0 时 relu′(z) = 0，它的输入权重和偏置从每个样本得到的梯度都恰好为 0，单靠梯度下降再也救不回来。（后面层的单元有例外：前面的层一变，它可能复活。）',
      '一步迈得太大就足够了。学习率很高时，一次大的更新就可能把某个单元的权重和偏置推得太远，使它在全部数据上都有 z < 0——从此它再也得不到能把自己拉回来的梯度。',
      'Leaky ReLU（z < 0 时斜率 a = 0.01）、PReLU（a 是学出来的，初值 0.25）和 ELU（z < 0 时为 α(eᶻ − 1)）在 z < 0 时导数都不为 0。即使单元的 z 处处为负，它仍然能得到梯度；实验室称之为「不活跃」而不是「死亡」，因为它还能恢复。',
      { h: '实验设置' },
      '双螺旋数据，两个隐藏层、每层 8 个单元，普通 SGD，学习率 0.5（约为实验室默认值的 17 倍），批大小 5，训练 30 轮。四个网络从相同的初始权重出发，看到的批次也相同。统计实验把它在权重种子 1–20 上各重复一次；实验室里显示的是种子 1。',
      { h: '那么，这种保证有必要吗？' },
      '训练很激进的时候，有必要：在这个学习率下，ReLU 平均至少有四分之一的单元死亡，每个种子都有单元死亡，三种扩展则一个也没有死（见下面的结论）。PReLU 付出的是另一种代价：它的斜率也迈着同样大的步子，偶尔会有 PReLU 网络发散——表中统计了发生的次数。在默认学习率下，笔记里说的「概率很小」更接近事实（第 5 课）；偏置初值为负、网络又深又窄，是另外两种让大量单元死亡的途径（第 2、3 课）。也要注意扩展「不」保证什么：a = 0.01 时，Leaky ReLU 单元在这里照样会变得不活跃——它们只是还留着 1% 的梯度，有机会回来。',
    ],
  },
  presets: [
    { id: 'high-rate', label: { en: 'Learning rate 0.5', zh: '学习率 0.5' }, config, epochs: 30, speed: 10 },
  ],
  study: { kind: 'dying', config, seeds, epochs: 30 },
  claims: [
    {
      id: 'relu-dies',
      text: { en: 'ReLU: on average at least 25% of the 16 hidden units are dead after 30 epochs (seeds 1–20).',
        zh: 'ReLU：30 轮后，16 个隐藏单元中平均至少 25% 死亡（种子 1–20）。' },
      holds: (r) => r.per.relu.deadFraction.mean >= 0.25,
      measured: (r) => `${pct(r.per.relu.deadFraction.mean)} (${pct(r.per.relu.deadFraction.min)}–${pct(r.per.relu.deadFraction.max)})`,
    },
    {
      id: 'relu-every-seed',
      text: { en: 'ReLU: every one of the 20 networks ends with at least 2 dead units.',
        zh: 'ReLU：20 个网络中，每一个最后都至少有 2 个死亡单元。' },
      holds: (r) => Math.min(...r.per.relu.dead) >= 2,
      measured: (r) => r.per.relu.dead.join(', '),
    },
    {
      id: 'others-alive',
      text: { en: 'Leaky ReLU, PReLU and ELU: not one dead unit in any of their 60 runs.',
        zh: 'Leaky ReLU、PReLU 和 ELU：它们的 60 次运行中没有一个死亡单元。' },
      holds: (r) => others.every((a) => r.per[a].dead.every((d) => d === 0)),
      measured: (r) => others.map((a) => `${a} ${r.per[a].dead.reduce((x, y) => x + y, 0)}`).join(', '),
    },
    {
      id: 'divergence',
      text: { en: 'Leaky ReLU and ELU never diverge at this rate, nor does ReLU; PReLU does now and then — in at most a quarter of the 20 runs.',
        zh: '在这个学习率下，Leaky ReLU 和 ELU 从不发散，ReLU 也不会；PReLU 偶尔会——20 次运行中至多四分之一。' },
      holds: (r) => r.per.leaky_relu.diverged === 0 && r.per.elu.diverged === 0 && r.per.relu.diverged === 0 && r.per.prelu.diverged <= 5,
      measured: (r) => r.activations.map((a) => `${a} ${r.per[a].diverged}`).join(', '),
    },
    {
      id: 'leaky-inactive',
      text: { en: 'But Leaky ReLU (a = 0.01) ends with at least 2 inactive units per network on average (z ≤ 0 on every training point, only 1% of the gradient left); ELU with at most 1.',
        zh: '但 Leaky ReLU（a = 0.01）平均每个网络最后至少有 2 个不活跃单元（在所有训练样本上 z ≤ 0，只剩 1% 的梯度）；ELU 平均至多 1 个。' },
      holds: (r) => r.per.leaky_relu.inactiveMean >= 2 && r.per.elu.inactiveMean <= 1,
      measured: (r) => `Leaky ReLU ${fixed(r.per.leaky_relu.inactiveMean, 1)}, PReLU ${fixed(r.per.prelu.inactiveMean, 1)}, ELU ${fixed(r.per.elu.inactiveMean, 1)}`,
    },
  ],
};
