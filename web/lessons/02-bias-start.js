// Lesson 2: the same deep, narrow ReLU network with its biases starting at −0.5, 0 and 0.1.
import { setup } from './common.js';
import { pct, fixed } from '../shared/format.js';
import { interval95 } from './study-tools.js';

const base = setup({ dataset: 'moons', hidden: [4, 4, 4, 4, 4, 4], activations: ['relu'] });
const biases = [-0.5, 0, 0.1];
const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
const n = seeds.length;
const row = (r, b) => r.rows.find((x) => x.biasInit === b);
/** Seeds (same weights) where the 0.1 start has no more dead units at initialisation than the 0 start. */
const fewerDead = (r) => row(r, 0.1).runs.filter((x, i) => x.deadAtInit <= row(r, 0).runs[i].deadAtInit).length;
const accGap = (r) => row(r, 0.1).runs.map((x, i) => x.testAccuracy - row(r, -0.5).runs[i].testAccuracy);

export default {
  id: 'bias-start',
  number: 2,
  title: { en: 'Start the biases at 0.1', zh: '偏置初值取 0.1' },
  summary: {
    en: 'The same ReLU network with biases starting at −0.5, 0 and 0.1: how many units are dead before training, and after.',
    zh: '同一个 ReLU 网络，偏置初值分别取 −0.5、0 和 0.1：训练前和训练后各有多少单元死亡。',
  },
  notes: {
    zh: '当初始化仿射变换的参数时，可以将 b 的所有元素设置成一个小的正值，例如 0.1。这使得整流线性单元很可能初始时就对训练集中的大多数输入呈现激活状态，并且允许导数通过。',
    en: 'When initialising the parameters of the affine transformation, it can be a good practice to set all elements of b to a small positive value, such as 0.1. This makes it very likely that the rectified linear units will be initially active for most inputs in the training set and allow the derivatives to pass through.',
  },
  body: {
    en: [
      'A unit\'s pre-activation is z = w·x + b. With random weights w, z lands on either side of 0; the bias b shifts the whole distribution. A positive b moves more inputs to the active side, where relu′(z) = 1 and gradients pass; a negative b moves more of them into the flat zero, and a unit whose z is negative on every input is dead from the start.',
      'In a deep stack this compounds. Each layer sees only what the layer before lets through: if few units of one layer are active on an input, the next layer\'s z is close to its bias on that input, so the sign of the bias decides a lot. The deeper and narrower the network, the more this matters (lesson 3).',
      { h: 'The experiment' },
      'Two moons, six hidden layers of only 4 ReLU units, He-normal weights, plain SGD at the default rate, 100 epochs. Only the initial bias differs: −0.5, 0 or 0.1 — the weights are the same. The study repeats this for weight seeds 1–20 (the tests also on two blocks of 20 fresh seeds); the presets show seed 1.',
      { h: 'What it shows' },
      'The bias of 0.1 the book recommends does what it promises here: fewer units are dead at the start, hardly any network is born dead, and more of them learn. A start at −0.5 is the mirror image: a large share of the units is dead before the first step, and training hardly changes that share. The claims below give the numbers, each checked on fresh seeds too.',
    ],
    zh: [
      '单元的预激活是 z = w·x + b。权重 w 是随机的，z 会落在 0 的两侧；偏置 b 把整个分布平移。b 为正时，更多输入落在激活的一侧，那里 relu′(z) = 1，梯度可以通过；b 为负时，更多输入落进平坦的 0 区，z 在所有输入上都为负的单元从一开始就是死的。',
      '层数一多，这种影响会层层累积。每一层只能看到上一层放行的东西：如果某一层在某个输入上只有很少的单元激活，下一层在这个输入上的 z 就接近它的偏置，于是偏置的正负起了很大作用。网络越深、越窄，这一点越重要（第 3 课）。',
      { h: '实验设置' },
      '双月牙数据，六个隐藏层、每层只有 4 个 ReLU 单元，He 正态初始化，默认学习率的普通 SGD，训练 100 轮。唯一的区别是偏置初值：−0.5、0 或 0.1——权重完全相同。统计实验在权重种子 1–20 上重复（测试还在另外两组各 20 个新种子上重复）；预设显示的是种子 1。',
      { h: '结果说明了什么' },
      '书中推荐的 0.1 在这里正如其所说：一开始死亡的单元更少，几乎没有网络在初始化时就已死亡，能学会的网络也更多。初值 −0.5 则正相反：第一步之前就有很大比例的单元死亡，训练也几乎没有改变这个比例。具体数字见下面的结论，每一条也都在新的种子上检验过。',
    ],
  },
  presets: biases.map((b) => ({
    id: `bias${b}`, label: { en: `Bias starts at ${b}`, zh: `偏置初值 ${b}` },
    config: { ...base, biasInit: b }, epochs: 100, speed: 30,
  })),
  study: { kind: 'biasStart', config: base, biases, seeds, epochs: 100 },
  // Every claim holds on seeds 1–20 and on fresh blocks of 20 (tests/web/lessons.test.mjs).
  claims: [
    {
      id: 'dead-at-init',
      text: { en: `Dead before training: with −0.5 more than 35% of the units, with 0.1 less than 20%, and 0 lies in between; seed by seed, 0.1 has no more dead units than 0 in at least 18 of ${n} seeds.`,
        zh: `训练前的死亡比例：偏置 −0.5 时超过 35%，0.1 时不到 20%，0 介于两者之间；逐个种子比较，至少 18 个种子（共 ${n} 个）上 0.1 的死亡单元不多于 0。` },
      falsifiedBy: 'a dead share of at most 35% with −0.5 or at least 20% with 0.1, an ordering other than −0.5 > 0 > 0.1, or 0.1 worse than 0 in more than 2 of 20 seeds',
      holds: (r) => row(r, -0.5).deadAtInit > 0.35 && row(r, 0.1).deadAtInit < 0.2
        && row(r, -0.5).deadAtInit > row(r, 0).deadAtInit && row(r, 0).deadAtInit > row(r, 0.1).deadAtInit
        && fewerDead(r) >= r.seeds.length - 2,
      measured: (r) => `${biases.map((b) => `${b}: ${pct(row(r, b).deadAtInit)}`).join(', ')}; 0.1 ≤ 0 in ${fewerDead(r)}/${r.seeds.length}`,
    },
    {
      id: 'born-dead',
      text: { en: `Born dead (the output is the same for every training point at initialisation): at least a quarter of the ${n} networks with −0.5, at most 3 with 0.1.`,
        zh: `初始化时就已死亡（网络对所有训练样本输出相同）：偏置 −0.5 时 ${n} 个网络中至少四分之一，0.1 时至多 3 个。` },
      falsifiedBy: 'fewer than 5 of 20 born dead with −0.5, or more than 3 with 0.1',
      holds: (r) => row(r, -0.5).bornDead >= r.seeds.length / 4 && row(r, 0.1).bornDead <= 3,
      measured: (r) => biases.map((b) => `${b}: ${row(r, b).bornDead}/${r.seeds.length}`).join(', '),
    },
    {
      id: 'accuracy',
      text: { en: 'After 100 epochs: mean test accuracy below 75% with −0.5 and at least 85% with 0.1; from the same weights, 0.1 beats −0.5 by at least 15 points on average (the lower end of the 95% interval above 10 points).',
        zh: '训练 100 轮后：平均测试准确率在 −0.5 时低于 75%，0.1 时至少 85%；从相同的权重出发，0.1 平均比 −0.5 高至少 15 个百分点（95% 置信区间的下端高于 10 个百分点）。' },
      falsifiedBy: 'a mean accuracy of 75% or more with −0.5, below 85% with 0.1, or a paired gap below 15 points (interval reaching 10)',
      holds: (r) => { const g = interval95(accGap(r)); return row(r, -0.5).testAccuracy.mean < 0.75 && row(r, 0.1).testAccuracy.mean >= 0.85 && g.mean >= 0.15 && g.lo > 0.1; },
      measured: (r) => { const g = interval95(accGap(r)); return `${biases.map((b) => `${b}: ${pct(row(r, b).testAccuracy.mean, 1)}`).join(', ')}; gap ${pct(g.mean, 1)} (${pct(g.lo, 1)} to ${pct(g.hi, 1)})`; },
    },
    {
      id: 'no-revival',
      text: { en: 'With −0.5, training hardly changes the dead share: after 100 epochs it is within 5 percentage points of what it was at the start.',
        zh: '偏置 −0.5 时，训练几乎没有改变死亡比例：100 轮后与开始时相差不超过 5 个百分点。' },
      falsifiedBy: 'a dead share after training more than 5 points lower (revival) or higher than at the start',
      holds: (r) => Math.abs(row(r, -0.5).deadAfter - row(r, -0.5).deadAtInit) <= 0.05,
      measured: (r) => `${pct(row(r, -0.5).deadAtInit, 1)} → ${pct(row(r, -0.5).deadAfter, 1)}`,
    },
  ],
  /** Claims about the presets as the lab itself trains them (p: preset id -> experiment summary). */
  presetClaims: [
    {
      id: 'preset',
      text: { en: 'In the presets (seed 1, one hand-picked network, not a statistic) the network starting at −0.5 stays at chance (test accuracy below 55%), the one starting at 0.1 reaches at least 95%.',
        zh: '在预设中（种子 1，挑出来的一个网络，不是统计结果），偏置初值 −0.5 的网络停留在随机猜测水平（测试准确率低于 55%），初值 0.1 的网络达到至少 95%。' },
      falsifiedBy: 'the −0.5 preset reaching 55% or the 0.1 preset below 95%',
      holds: (p) => p['bias-0.5'][0].latest.testAccuracy < 0.55 && p['bias0.1'][0].latest.testAccuracy >= 0.95,
      measured: (p) => biases.map((b) => `${b}: ${fixed(p[`bias${b}`][0].latest.testAccuracy, 3)}`).join(', '),
    },
  ],
};
