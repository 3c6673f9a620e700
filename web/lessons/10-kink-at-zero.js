// Lesson 10: relu'(0) = 0, ½ or 1 — how often is a pre-activation exactly 0, and does it matter?
import { setup } from './common.js';
import { pct, fixed, sci } from '../shared/format.js';

const healthy = setup({ dataset: 'moons', hidden: [8, 8], activations: ['relu'] });
const narrow = setup({ dataset: 'moons', hidden: [2, 2, 2, 2, 2, 2, 2, 2], activations: ['relu'], weightSeed: 3 });
const narrowSeeds = Array.from({ length: 12 }, (_, i) => i + 1);
const choices = [0, 0.5, 1];
const rows = (r, c) => r.rows.filter((x) => x.case === c);
const share = (run) => run.zeros / run.seen;
const at = (row, g) => row.runs.find((x) => x.reluGradAtZero === g);
const pooledShare = (r, c, g) => rows(r, c).reduce((s, x) => s + at(x, g).zeros, 0) / rows(r, c).reduce((s, x) => s + at(x, g).seen, 0);
const chance = (x, g) => at(x, g).testAccuracy < 0.55;
/** Seeds where ½ or 1 ends at least 10 points above 0 (the convention changed the outcome). */
const rescued = (r) => rows(r, 'bornDead').filter((x) => Math.max(at(x, 0.5).testAccuracy, at(x, 1).testAccuracy) >= at(x, 0).testAccuracy + 0.1).length;
const meanShare = (r, g) => rows(r, 'bornDead').reduce((s, x) => s + share(at(x, g)), 0) / rows(r, 'bornDead').length;

export default {
  id: 'kink-at-zero',
  number: 10,
  title: { en: 'The kink at 0 does not matter — almost', zh: '0 处的折点无关紧要——几乎如此' },
  summary: {
    en: 'relu′(0) = 0, ½ or 1: count how often a pre-activation is exactly 0, and compare the training. One case where it does matter.',
    zh: 'relu′(0) 取 0、½ 或 1：数一数预激活恰好为 0 的次数，再比较训练结果。也有一种情形它确实重要。',
  },
  notes: {
    zh: '当一个函数被要求计算 g(0) 时，底层值真正为 0 是不太可能的。相对的，它可能是被舍入为 0 的一个小量 ε。……重要的是，在实践中，我们可以放心地忽略下面描述的激活函数的不可微性。嗯，这一段讲的很好呀，好。',
    en: 'When a function is asked to evaluate g(0), it is very unlikely that the underlying value truly was 0. Instead, it was likely to be some small value ε that was rounded to 0. … The important point is that in practice one can safely disregard the non-differentiability of the activation functions described below. (Note: well said.)',
  },
  body: {
    en: [
      'ReLU has no derivative at z = 0: the slope is 0 on the left and 1 on the right. Software simply picks one. The lab lets you pick relu′(0) = 0 (what PyTorch and TensorFlow use), ½ or 1, and counts, in every training batch, the pre-activations that are exactly 0 — the only places where the choice can change anything.',
      { h: 'The experiment' },
      'Two cases, each trained for 100 epochs with plain SGD, batches of 10, from the same weights and batch order for all three choices. A healthy network: two moons, two hidden layers of 8, seeds 1–6. And the shape that is usually born dead (lesson 3): two moons, eight layers of only 2 units, seeds 1–12. The tests repeat both on two blocks of fresh seeds with fresh data.',
      { h: 'A healthy network: the book is right' },
      'Pre-activations exactly 0 are so rare that the three choices train to the same accuracy; in many seeds the final weights are even bit-for-bit identical, because the choice was never consulted.',
      { h: 'Where exact zeros come from' },
      'A pre-activation z = w·h + b is exactly 0 when every unit of the layer before is silent on that input (h = 0, so z = b) and the bias b is still exactly 0 — it starts there, and stays there only as long as the unit has never received a gradient. In a born-dead network some layer outputs 0 on every input, so the next layer meets both conditions on every sample, in every batch. With relu′(0) = 0 no gradient ever reaches that bias; it stays at 0 and the zeros stay forever. With ½ or 1 the gradient passes, the biases move off 0, and most of the zeros disappear. That rarely saves the network — the units of the dead layer itself sit at z < 0, where every convention gives 0 — but now and then it does; the narrow presets\' seed 3 is such a case, picked by hand because it is rare. A healthy network can meet the same two conditions too, on the few inputs where a whole layer happens to be silent, which is why its count of exact zeros is small but not always 0. So exact zeros are not always a rounding accident, and the convention can change the training: ignoring the kink is safe as long as z = 0 is rare.',
    ],
    zh: [
      'ReLU 在 z = 0 处没有导数：左边斜率为 0，右边为 1。软件只好选一个。ReLU Lab 允许把 relu′(0) 设为 0（PyTorch 和 TensorFlow 的做法）、½ 或 1，并在每个训练批次中数出恰好为 0 的预激活——只有在这些地方，这个选择才可能改变结果。',
      { h: '实验设置' },
      '两种情形，各训练 100 轮，普通 SGD，批大小 10；三种选择用相同的权重和相同的批次顺序。健康的网络：双月牙，两个隐藏层、每层 8 个单元，种子 1–6。通常在初始化时就已死亡的形状（第 3 课）：双月牙，八层、每层只有 2 个单元，种子 1–12。测试还在另外两组新种子、新数据上重复这两种情形。',
      { h: '健康的网络：书上说得对' },
      '恰好为 0 的预激活少之又少，三种选择训练出的准确率完全相同；在许多种子上，最终的权重甚至逐位相同，因为这个选择根本没被用到过。',
      { h: '恰好为 0 是怎么来的' },
      '预激活 z = w·h + b 恰好为 0，需要两个条件：前一层的所有单元在这个输入上都沉默（h = 0，于是 z = b），并且偏置 b 仍然恰好是 0——它的初值就是 0，只要这个单元从未得到过梯度，它就一直是 0。在初始化时就已死亡的网络中，某一层对所有输入都输出 0，于是下一层在每个样本、每个批次上都满足这两个条件。relu′(0) = 0 时，梯度永远到不了那个偏置；它一直是 0，这些零也就永远存在。取 ½ 或 1 时，梯度能通过，偏置离开 0，大部分零随之消失。这很少能救活网络——死掉的那一层本身的单元处在 z < 0 处，任何约定在那里的导数都是 0——但偶尔也能；窄网络预设用的种子 3 就是这样一个例子，是因为罕见才特意挑出来的。健康的网络在少数输入上也可能碰巧整层沉默，同样满足这两个条件，所以它恰好为 0 的次数很少，但不总是 0。可见恰好为 0 并不总是舍入造成的偶然，约定也可能改变训练：只要 z = 0 很罕见，忽略折点就是安全的。',
    ],
  },
  presets: [
    ...choices.map((g) => ({ id: `healthy-${g}`, label: { en: `8 × 2, relu′(0) = ${g}`, zh: `8 × 2，relu′(0) = ${g}` },
      config: { ...healthy, reluGradAtZero: g }, epochs: 100, speed: 30 })),
    ...choices.map((g) => ({ id: `narrow-${g}`, label: { en: `2 × 8, relu′(0) = ${g}`, zh: `2 × 8，relu′(0) = ${g}` },
      config: { ...narrow, reluGradAtZero: g }, epochs: 100, speed: 30 })),
  ],
  study: {
    kind: 'kinkAtZero', choices, seeds: [1, 2, 3, 4, 5, 6], epochs: 100,
    cases: [{ id: 'healthy', config: healthy }, { id: 'bornDead', config: narrow, seeds: narrowSeeds }],
    training: { optimizer: 'sgd', learningRate: 0.03, batchSize: 10 },
  },
  // Every claim holds on the seeds named and on fresh blocks of the same sizes with fresh data
  // (tests/web/lessons.test.mjs).
  claims: [
    {
      id: 'rare',
      text: { en: 'Healthy network: over all 6 seeds together, fewer than 1 in 1,000 pre-activations seen in training are exactly 0, and in at least half of the seeds there is none at all.',
        zh: '健康的网络：6 个种子合在一起，训练中见到的预激活里恰好为 0 的不到千分之一，并且至少一半的种子上一个也没有。' },
      falsifiedBy: 'a pooled share of 1/1000 or more, or exact zeros in more than half of the seeds',
      holds: (r) => pooledShare(r, 'healthy', 0) < 1e-3 && rows(r, 'healthy').filter((x) => at(x, 0).zeros === 0).length * 2 >= rows(r, 'healthy').length,
      measured: (r) => `${sci(pooledShare(r, 'healthy', 0))}; per seed ${rows(r, 'healthy').map((x) => at(x, 0).zeros).join(', ')}`,
    },
    {
      id: 'same-training',
      text: { en: 'Healthy network: the three choices end with the same test accuracy in every seed, and with bit-identical weights in at least half of the seeds.',
        zh: '健康的网络：在每个种子上，三种选择最终的测试准确率都相同，并且至少一半的种子上权重逐位相同。' },
      falsifiedBy: 'any seed where the test accuracies differ, or identical weights in fewer than half of the seeds',
      holds: (r) => rows(r, 'healthy').every((x) => x.runs.every((run) => run.testAccuracy === x.runs[0].testAccuracy))
        && rows(r, 'healthy').filter((x) => x.identical).length * 2 >= rows(r, 'healthy').length,
      measured: (r) => `${rows(r, 'healthy').filter((x) => x.identical).length}/${rows(r, 'healthy').length}`,
    },
    {
      id: 'born-dead-zeros',
      text: { en: '2 wide, 8 deep: with relu′(0) = 0, more than 30% of all pre-activations seen in training are exactly 0 on average over the 12 seeds.',
        zh: '宽 2、深 8 的网络：relu′(0) = 0 时，对 12 个种子取平均，训练中见到的预激活有 30% 以上恰好为 0。' },
      falsifiedBy: 'a mean share of exact zeros of 30% or less',
      holds: (r) => meanShare(r, 0) > 0.3,
      measured: (r) => pct(meanShare(r, 0), 1),
    },
    {
      id: 'fewer-zeros',
      text: { en: '2 wide, 8 deep: with ½ and with 1 there are fewer exact zeros than with 0 in at least 10 of the 12 seeds, and on average less than a tenth as many.',
        zh: '宽 2、深 8 的网络：取 ½ 和取 1 时，12 个种子中至少 10 个上恰好为 0 的预激活比取 0 时少，平均不到十分之一。' },
      falsifiedBy: 'more than 2 of 12 seeds where ½ or 1 has at least as many exact zeros as 0, or a mean share of a tenth or more',
      holds: (r) => rows(r, 'bornDead').filter((x) => share(at(x, 0.5)) < share(at(x, 0)) && share(at(x, 1)) < share(at(x, 0))).length >= 10
        && meanShare(r, 0.5) < meanShare(r, 0) / 10 && meanShare(r, 1) < meanShare(r, 0) / 10,
      measured: (r) => choices.map((g) => pct(meanShare(r, g), 2)).join(' / '),
    },
    {
      id: 'rarely-rescued',
      text: { en: '2 wide, 8 deep: with relu′(0) = 0 at least 8 of the 12 networks stay at chance (test accuracy below 55%), and ½ or 1 lifts the test accuracy by 10 points or more in at most 5 of the 12: the convention rarely saves such a network.',
        zh: '宽 2、深 8 的网络：relu′(0) = 0 时，12 个网络中至少 8 个停在随机猜测水平（测试准确率低于 55%）；取 ½ 或 1 让测试准确率提高 10 个百分点以上的，12 个中至多 5 个：这个约定很少能救活这样的网络。' },
      falsifiedBy: 'fewer than 8 of 12 at chance with 0, or more than 5 of 12 lifted by 10 points with ½ or 1',
      holds: (r) => rows(r, 'bornDead').filter((x) => chance(x, 0)).length >= 8 && rescued(r) <= 5,
      measured: (r) => `at chance with 0: ${rows(r, 'bornDead').filter((x) => chance(x, 0)).length}/${rows(r, 'bornDead').length}; lifted: ${rescued(r)}/${rows(r, 'bornDead').length}`,
    },
  ],
  /** Claims about the presets as the lab itself trains them (p: preset id -> experiment summary). */
  presetClaims: [
    {
      id: 'preset-revives',
      falsifiedBy: 'the seed-3 preset above 55% with 0, or below 80% with ½ or 1',
      text: { en: 'In the 2 × 8 presets (seed 3, hand-picked as a rare case; the lab\'s own training loop), relu′(0) = 0 stays below 55% test accuracy after 100 epochs, while ½ and 1 reach at least 80%.',
        zh: '在 2 × 8 的预设中（种子 3，作为罕见的例子特意挑出；用 ReLU Lab 自己的训练循环），训练 100 轮后 relu′(0) = 0 的测试准确率低于 55%，而 ½ 和 1 至少达到 80%。' },
      holds: (p) => p['narrow-0'][0].latest.testAccuracy < 0.55 && p['narrow-0.5'][0].latest.testAccuracy >= 0.8
        && p['narrow-1'][0].latest.testAccuracy >= 0.8,
      measured: (p) => choices.map((g) => fixed(p[`narrow-${g}`][0].latest.testAccuracy)).join('/'),
    },
  ],
};
