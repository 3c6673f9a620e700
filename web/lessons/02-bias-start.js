// Lesson 2: the same deep, narrow ReLU network with its biases starting at −0.5, 0 and 0.1.
import { setup, pct, fixed } from './common.js';

const base = setup({ dataset: 'moons', hidden: [4, 4, 4, 4, 4, 4], activations: ['relu'] });
const biases = [-0.5, 0, 0.1];
const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
const row = (r, b) => r.rows.find((x) => x.biasInit === b);

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
      'Two moons, six hidden layers of only 4 ReLU units, He-normal weights, plain SGD at the default rate, 100 epochs. Only the initial bias differs: −0.5, 0 or 0.1 — the weights are the same. The study repeats this for weight seeds 1–20; the presets show seed 1.',
      { h: 'What it shows' },
      'The bias of 0.1 the book recommends does exactly what it promises here: fewer units are dead at the start, no network is born dead, and more of them learn. A start at −0.5 is the mirror image: over 40% of the units are dead before the first step, and training does not bring them back.',
    ],
    zh: [
      '单元的预激活是 z = w·x + b。权重 w 是随机的，z 会落在 0 的两侧；偏置 b 把整个分布平移。b 为正时，更多输入落在激活的一侧，那里 relu′(z) = 1，梯度可以通过；b 为负时，更多输入落进平坦的 0 区，z 在所有输入上都为负的单元从一开始就是死的。',
      '层数一多，这种影响会层层累积。每一层只能看到上一层放行的东西：如果某一层在某个输入上只有很少的单元激活，下一层在这个输入上的 z 就接近它的偏置，于是偏置的正负起了很大作用。网络越深、越窄，这一点越重要（第 3 课）。',
      { h: '实验设置' },
      '双月牙数据，六个隐藏层、每层只有 4 个 ReLU 单元，He 正态初始化，默认学习率的普通 SGD，训练 100 轮。唯一的区别是偏置初值：−0.5、0 或 0.1——权重完全相同。统计实验在权重种子 1–20 上重复；预设显示的是种子 1。',
      { h: '结果说明了什么' },
      '书中推荐的 0.1 在这里正如其所说：一开始死亡的单元更少，没有一个网络「生来就死」，能学会的网络也更多。初值 −0.5 则正相反：第一步之前就有超过 40% 的单元死亡，训练也没能把它们救回来。',
    ],
  },
  presets: biases.map((b) => ({
    id: `bias${b}`, label: { en: `Bias starts at ${b}`, zh: `偏置初值 ${b}` },
    config: { ...base, biasInit: b }, epochs: 100, speed: 30,
  })),
  study: { kind: 'biasStart', config: base, biases, seeds, epochs: 100 },
  claims: [
    {
      id: 'dead-at-init',
      text: { en: 'Dead before training: with −0.5 more than 40% of the units, with 0.1 less than 20%, and 0 lies in between.',
        zh: '训练前的死亡比例：偏置 −0.5 时超过 40%，0.1 时不到 20%，0 介于两者之间。' },
      holds: (r) => row(r, -0.5).deadAtInit > 0.4 && row(r, 0.1).deadAtInit < 0.2
        && row(r, -0.5).deadAtInit > row(r, 0).deadAtInit && row(r, 0).deadAtInit > row(r, 0.1).deadAtInit,
      measured: (r) => biases.map((b) => `${b}: ${pct(row(r, b).deadAtInit)}`).join(', '),
    },
    {
      id: 'born-dead',
      text: { en: 'Born dead (the output is the same for every training point at initialisation): at least a quarter of the 20 networks with −0.5, none with 0.1.',
        zh: '「生来就死」（初始化时网络对所有训练样本输出相同）：偏置 −0.5 时 20 个网络中至少四分之一，0.1 时一个也没有。' },
      holds: (r) => row(r, -0.5).bornDead >= 5 && row(r, 0.1).bornDead === 0,
      measured: (r) => biases.map((b) => `${b}: ${row(r, b).bornDead}/20`).join(', '),
    },
    {
      id: 'accuracy',
      text: { en: 'After 100 epochs the mean test accuracy rises with the bias: below 70% with −0.5, at least 90% with 0.1.',
        zh: '训练 100 轮后，平均测试准确率随偏置初值升高：−0.5 时低于 70%，0.1 时至少 90%。' },
      holds: (r) => row(r, -0.5).testAccuracy.mean < 0.7 && row(r, 0.1).testAccuracy.mean >= 0.9
        && row(r, -0.5).testAccuracy.mean < row(r, 0).testAccuracy.mean && row(r, 0).testAccuracy.mean < row(r, 0.1).testAccuracy.mean,
      measured: (r) => biases.map((b) => `${b}: ${pct(row(r, b).testAccuracy.mean, 1)}`).join(', '),
    },
    {
      id: 'no-revival',
      text: { en: 'With −0.5, training does not bring the units back: the dead share after 100 epochs is no lower than at the start.',
        zh: '偏置 −0.5 时，训练没有让单元复活：100 轮后的死亡比例不低于开始时。' },
      holds: (r) => row(r, -0.5).deadAfter >= row(r, -0.5).deadAtInit,
      measured: (r) => `${pct(row(r, -0.5).deadAtInit)} → ${pct(row(r, -0.5).deadAfter)}`,
    },
    {
      id: 'preset',
      text: { en: 'In the presets (seed 1) the network starting at −0.5 stays at chance (test accuracy below 55%), the one starting at 0.1 reaches at least 95%.',
        zh: '在预设中（种子 1），偏置初值 −0.5 的网络停留在随机猜测水平（测试准确率低于 55%），初值 0.1 的网络达到至少 95%。' },
      holds: (r) => row(r, -0.5).runs[0].testAccuracy < 0.55 && row(r, 0.1).runs[0].testAccuracy >= 0.95,
      measured: (r) => biases.map((b) => `${b}: ${fixed(row(r, b).runs[0].testAccuracy, 3)}`).join(', '),
    },
  ],
};
