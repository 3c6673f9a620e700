// Lesson 10: relu'(0) = 0, ½ or 1 — how often is a pre-activation exactly 0, and does it matter?
import { setup, pct, fixed } from './common.js';

const healthy = setup({ dataset: 'moons', hidden: [8, 8], activations: ['relu'] });
const narrow = setup({ dataset: 'moons', hidden: [2, 2, 2, 2, 2, 2, 2, 2], activations: ['relu'], weightSeed: 3 });
const narrowSeeds = Array.from({ length: 12 }, (_, i) => i + 1);
const choices = [0, 0.5, 1];
const rows = (r, c) => r.rows.filter((x) => x.case === c);
const share = (run) => run.zeros / run.seen;
const at = (row, g) => row.runs.find((x) => x.reluGradAtZero === g);
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
      'Two cases, each trained for 100 epochs with plain SGD, batches of 10, from the same weights and batch order for all three choices. A healthy network: two moons, two hidden layers of 8, seeds 1–6. And a born-dead one (lesson 3): two moons, eight layers of only 2 units, seeds 1–12.',
      { h: 'A healthy network: the book is right' },
      'Pre-activations exactly 0 are so rare that the three choices train to the same accuracy; in half of the seeds or more the final weights are even bit-for-bit identical, because the choice was never consulted.',
      { h: 'A born-dead network: where exact zeros come from' },
      'In a born-dead network some layer outputs 0 on every input. The next layer then computes z = W·0 + b = b, and b starts at exactly 0 — so z is exactly 0, on every sample, in every batch. With relu′(0) = 0 no gradient ever reaches that bias; it stays at 0 and the zeros stay forever. With ½ or 1 the gradient passes, the biases move off 0, and most of the zeros disappear. That rarely saves the network — the units of the dead layer itself sit at z < 0, where every convention gives 0 — but it can: in our runs one network in twelve came back to life. So exact zeros are not a rounding accident here, and the convention does change the training: ignoring the kink is safe only as long as z = 0 is rare.',
    ],
    zh: [
      'ReLU 在 z = 0 处没有导数：左边斜率为 0，右边为 1。软件只好选一个。实验室允许把 relu′(0) 设为 0（PyTorch 和 TensorFlow 的做法）、½ 或 1，并在每个训练批次中数出恰好为 0 的预激活——只有在这些地方，这个选择才可能改变结果。',
      { h: '实验设置' },
      '两种情形，各训练 100 轮，普通 SGD，批大小 10；三种选择用相同的权重和相同的批次顺序。健康的网络：双月牙，两个隐藏层、每层 8 个单元，种子 1–6。生来就死的网络（第 3 课）：双月牙，八层、每层只有 2 个单元，种子 1–12。',
      { h: '健康的网络：书上说得对' },
      '恰好为 0 的预激活少之又少，三种选择训练出的准确率完全相同；至少一半的种子上，最终的权重甚至逐位相同，因为这个选择根本没被用到过。',
      { h: '生来就死的网络：恰好为 0 是怎么来的' },
      '在生来就死的网络中，某一层对所有输入都输出 0。下一层于是计算 z = W·0 + b = b，而 b 的初值恰好是 0——所以 z 恰好为 0，在每个样本、每个批次上都是如此。relu′(0) = 0 时，梯度永远到不了那个偏置；它一直是 0，这些零也就永远存在。取 ½ 或 1 时，梯度能通过，偏置离开 0，大部分零随之消失。这很少能救活网络——死掉的那一层本身的单元处在 z < 0 处，任何约定在那里的导数都是 0——但也不是不可能：在我们的实验中，十二个网络里有一个起死回生。所以在这里，恰好为 0 不是舍入造成的偶然，约定也确实改变了训练：只有当 z = 0 很罕见时，忽略折点才是安全的。',
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
  claims: [
    {
      id: 'rare',
      text: { en: 'Healthy network: in every seed, fewer than 1 in 10,000 pre-activations seen in training are exactly 0.',
        zh: '健康的网络：每个种子在训练中见到的预激活里，恰好为 0 的都不到万分之一。' },
      holds: (r) => rows(r, 'healthy').every((x) => x.runs.every((run) => share(run) < 1e-4)),
      measured: (r) => rows(r, 'healthy').map((x) => `${at(x, 0).zeros}/${at(x, 0).seen}`).join(', '),
    },
    {
      id: 'same-training',
      text: { en: 'Healthy network: the three choices end with the same test accuracy in every seed, and with bit-identical weights in at least half of the seeds.',
        zh: '健康的网络：在每个种子上，三种选择最终的测试准确率都相同，并且至少一半的种子上权重逐位相同。' },
      holds: (r) => rows(r, 'healthy').every((x) => x.runs.every((run) => run.testAccuracy === x.runs[0].testAccuracy))
        && rows(r, 'healthy').filter((x) => x.identical).length * 2 >= rows(r, 'healthy').length,
      measured: (r) => `${rows(r, 'healthy').filter((x) => x.identical).length}/${rows(r, 'healthy').length}`,
    },
    {
      id: 'born-dead-zeros',
      text: { en: 'Born-dead network: with relu′(0) = 0, more than a third of all pre-activations seen in training are exactly 0 on average over the 12 seeds.',
        zh: '生来就死的网络：relu′(0) = 0 时，对 12 个种子取平均，训练中见到的预激活有三分之一以上恰好为 0。' },
      holds: (r) => meanShare(r, 0) > 1 / 3,
      measured: (r) => pct(meanShare(r, 0), 1),
    },
    {
      id: 'fewer-zeros',
      text: { en: 'Born-dead network: with ½ and with 1 there are fewer exact zeros than with 0 in every seed, and on average less than a tenth as many.',
        zh: '生来就死的网络：取 ½ 和取 1 时，恰好为 0 的预激活在每个种子上都比取 0 时少，平均不到十分之一。' },
      holds: (r) => rows(r, 'bornDead').every((x) => share(at(x, 0.5)) < share(at(x, 0)) && share(at(x, 1)) < share(at(x, 0)))
        && meanShare(r, 0.5) < meanShare(r, 0) / 10 && meanShare(r, 1) < meanShare(r, 0) / 10,
      measured: (r) => choices.map((g) => pct(meanShare(r, g), 2)).join(' / '),
    },
    {
      id: 'revives',
      text: { en: 'Born-dead network: rarely, but at least once in the 12 seeds, a network that stays at chance with relu′(0) = 0 (test accuracy below 55%) learns with ½ and with 1 (at least 80%); most of the 12 stay at chance with all three.',
        zh: '生来就死的网络：很少见，但在 12 个种子中至少有一次，relu′(0) = 0 时停在随机猜测水平（测试准确率低于 55%）的网络，取 ½ 和取 1 时学会了（至少 80%）；12 个网络中的大多数在三种取值下都停在随机猜测水平。' },
      holds: (r) => {
        const b = rows(r, 'bornDead');
        const revived = b.filter((x) => at(x, 0).testAccuracy < 0.55 && at(x, 0.5).testAccuracy >= 0.8 && at(x, 1).testAccuracy >= 0.8).length;
        const stuck = b.filter((x) => choices.every((g) => at(x, g).testAccuracy < 0.55)).length;
        return revived >= 1 && revived <= 3 && stuck * 2 > b.length;
      },
      measured: (r) => rows(r, 'bornDead').map((x) => choices.map((g) => fixed(at(x, g).testAccuracy)).join('/')).join('; '),
    },
  ],
  /** Claims about the presets as the lab itself trains them (p: preset id -> experiment summary). */
  presetClaims: [
    {
      id: 'preset-revives',
      text: { en: 'In the 2 × 8 presets (seed 3, the lab\'s own training loop), relu′(0) = 0 stays below 55% test accuracy after 100 epochs, while ½ and 1 reach at least 80%.',
        zh: '在 2 × 8 的预设中（种子 3，用实验室自己的训练循环），训练 100 轮后 relu′(0) = 0 的测试准确率低于 55%，而 ½ 和 1 至少达到 80%。' },
      holds: (p) => p['narrow-0'][0].latest.testAccuracy < 0.55 && p['narrow-0.5'][0].latest.testAccuracy >= 0.8
        && p['narrow-1'][0].latest.testAccuracy >= 0.8,
      measured: (p) => choices.map((g) => fixed(p[`narrow-${g}`][0].latest.testAccuracy)).join('/'),
    },
  ],
};
