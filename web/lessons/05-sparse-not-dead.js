// Lesson 5: sparse is not dead — per-sample sparsity of a healthy ReLU layer next to its dead count.
import { setup } from './common.js';
import { pct } from '../shared/format.js';
import { mean } from './study-tools.js';

const config = setup({ dataset: 'moons', hidden: [8, 8], activations: ['relu', 'leaky_relu', 'elu', 'tanh'] });
const dense = ['leaky_relu', 'elu', 'tanh'];
const reluRuns = (r) => r.runs.filter((x) => x.activation === 'relu');
const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
const n = seeds.length;
/** Over all hidden units of the ReLU network: share of outputs exactly 0, share of dead units. */
const zeroShare = (r) => mean(reluRuns(r).map((x) => x.layers.reduce((s, l) => s + l.zeros * l.units, 0) / x.layers.reduce((s, l) => s + l.units, 0)));
const deadShare = (r) => mean(reluRuns(r).map((x) => x.layers.reduce((s, l) => s + l.dead, 0) / x.layers.reduce((s, l) => s + l.units, 0)));
/** The per-sample histograms of all seeds added up: training points by silent first-layer units. */
const pooled = (r) => reluRuns(r).reduce((h, x) => h.map((c, i) => c + x.perSample[i]), new Array(reluRuns(r)[0].perSample.length).fill(0));
const share = (h, pick) => h.reduce((s, c, i) => s + (pick(i) ? c : 0), 0) / h.reduce((a, b) => a + b, 0);
/** Seeds whose first layer has no dead unit and every unit active on at least 20% of the points. */
const healthyFirst = (r) => reluRuns(r).filter((x) => x.layers[0].dead === 0 && x.layers[0].minActivity >= 0.2).length;
const gap = (r, a) => mean(r.runs.filter((x) => x.activation === a).map((x, i) => x.testAccuracy - reluRuns(r)[i].testAccuracy));

export default {
  id: 'sparse-not-dead',
  number: 5,
  title: { en: 'Sparse is not dead', zh: '稀疏不等于死亡' },
  summary: {
    en: 'A healthy ReLU network is silent on about half of its outputs, yet few of its units are dead. Is sparse activation good? What the runs show.',
    zh: '一个健康的 ReLU 网络大约一半的输出为 0，死亡的单元却很少。稀疏激活是好事吗？看看实验怎么说。',
  },
  notes: {
    zh: '需注意，Relu 进入负半区的时候，梯度为 0，神经元此时不会训练，产生所谓的稀疏性，而 Leaky ReLu 不会产生这个问题。不训练跟稀疏性有关系吗？稀疏不是指的这个吧？ ／ 稀疏激活性：从信号方面来看，即神经元同时只对输入信号的少部分选择性响应……这个稀疏激活是一件好事吗？',
    en: 'Note that when ReLU enters the negative half, its gradient is 0 and the neuron does not train; this produces so-called sparsity, which Leaky ReLU does not have. Does not training have anything to do with sparsity? Surely sparsity does not mean that? / Sparse activation: a neuron responds selectively to only a small part of the input… Is sparse activation a good thing?',
  },
  body: {
    en: [
      'Two different things hide behind "the output is 0". Sparsity is about samples: for a given input, some units of a layer output exactly 0 — the fraction of (unit, sample) pairs with h = 0. Death is about units: a dead unit outputs 0 on every input. A layer can be very sparse with no dead unit at all: every unit is silent on some inputs and active on others.',
      'The notes\' two sentences are both right, about different things. A silent ReLU unit gets no gradient from that sample — so yes, it does not train on the inputs where it is silent — but it does train on the inputs where it is active. Only a unit that is silent on all of them stops training: that is death, and it is not what sparsity means.',
      'Leaky ReLU, ELU and tanh are never exactly 0 (except at z = 0 exactly), so their layers are not sparse, although their pre-activations are negative about as often as ReLU\'s.',
      { h: 'The experiment' },
      'Two moons, two hidden layers of 8, the default rate, 200 epochs, weight seeds 1–10 (the tests also on two blocks of 10 fresh seeds with fresh data), with ReLU, Leaky ReLU, ELU and tanh from the same weights. After training, every training point is passed through the ReLU network alone to count how many of the first layer\'s 8 units are silent on it (the histogram).',
      { h: 'Is sparse activation good?' },
      'On this task it is neither good nor bad for accuracy: the sparse network and the three dense ones end up about equally accurate. Nor is a healthy network free of dead units: the first layer almost never has one here, but the second layer of the same network often loses some — far fewer units than the share of outputs that are 0 would suggest (see the claims). What sparsity does do is visible in the histogram: each point is handled by its own subset of units — a different linear piece of the network for different regions of the plane. Claims about sparse codes being easier to separate or cheaper to compute are about large networks and real data; a 2-D toy cannot measure them.',
    ],
    zh: [
      '「输出为 0」背后藏着两件不同的事。稀疏性说的是样本：对某个输入，一层中有些单元的输出恰好为 0——即 h = 0 的（单元，样本）对所占的比例。死亡说的是单元：死亡单元对每个输入都输出 0。一层可以非常稀疏，却没有一个死亡单元：每个单元都在一些输入上沉默，在另一些输入上激活。',
      '笔记里的两句话都对，只是说的不是同一件事。沉默的 ReLU 单元从这个样本得不到梯度——所以没错，它在自己沉默的那些输入上不训练——但它在自己激活的那些输入上照样训练。只有在所有输入上都沉默的单元才会停止训练：那是死亡，而不是稀疏性的含义。',
      'Leaky ReLU、ELU 和 tanh 的输出从不恰好为 0（z 恰好为 0 时除外），所以它们的层并不稀疏，尽管它们的预激活为负的频率和 ReLU 差不多。',
      { h: '实验设置' },
      '双月牙数据，两个隐藏层、每层 8 个单元，默认学习率，训练 200 轮，权重种子 1–10（测试还在另外两组各 10 个新种子、新数据上重复），ReLU、Leaky ReLU、ELU 和 tanh 从相同的权重出发。训练后，把每个训练样本单独送进 ReLU 网络，数一数第一层 8 个单元中有几个在它上面沉默（见直方图）。',
      { h: '稀疏激活是好事吗？' },
      '在这个任务上，它对准确率既没有好处也没有坏处：稀疏的网络和三个稠密的网络最后差不多一样准确。健康的网络也不是完全没有死亡单元：这里第一层几乎从不出现，但同一网络的第二层常常会死掉一些单元——远远少于为 0 的输出所占的比例（见结论）。稀疏性确实做到的事情可以从直方图看出来：每个样本由它自己的一组单元来处理——平面上不同区域用的是网络中不同的线性片段。至于稀疏表示更容易线性可分、计算更省，那是针对大型网络和真实数据的说法，二维的玩具数据无法衡量。',
    ],
  },
  presets: [{ id: 'healthy', label: { en: 'Healthy 8 × 2', zh: '健康的 8 × 2 网络' }, config, epochs: 200, speed: 30 }],
  study: { kind: 'sparsity', config, seeds, epochs: 200 },
  // Every claim holds on seeds 1–10 and on fresh blocks of 10 (tests/web/lessons.test.mjs).
  claims: [
    {
      id: 'sparse-not-dead',
      text: { en: `ReLU, the whole network (16 hidden units): between 40% and 60% of all hidden outputs are exactly 0, but on average at most 15% of the units are dead (mean over ${n} seeds).`,
        zh: `ReLU，整个网络（16 个隐藏单元）：全部隐藏输出中有 40% 到 60% 恰好为 0，但平均至多 15% 的单元死亡（${n} 个种子的平均）。` },
      falsifiedBy: 'a zero share outside 40–60%, or more than 15% of the units dead on average',
      holds: (r) => zeroShare(r) >= 0.4 && zeroShare(r) <= 0.6 && deadShare(r) <= 0.15,
      measured: (r) => `zeros ${pct(zeroShare(r))}, dead ${pct(deadShare(r), 1)} (layer 1: ${r.per.relu.dead[0].join(' ')}; layer 2: ${r.per.relu.dead[1].join(' ')})`,
    },
    {
      id: 'first-layer',
      text: { en: `The first layer is the healthy one: in at least 8 of ${n} seeds it has no dead unit and every one of its units is active on at least 20% of the training points.`,
        zh: `第一层是健康的：${n} 个种子中至少 8 个上，这一层没有死亡单元，而且每个单元都在至少 20% 的训练样本上处于激活状态。` },
      falsifiedBy: 'fewer than 8 of 10 seeds whose first layer has no dead unit and no unit active on fewer than 20% of the points',
      holds: (r) => healthyFirst(r) >= r.seeds.length - 2,
      measured: (r) => `${healthyFirst(r)}/${r.seeds.length}; least active unit per seed ${reluRuns(r).map((x) => pct(x.layers[0].minActivity)).join(' ')}`,
    },
    {
      id: 'per-sample',
      text: { en: 'Per training point (all seeds together): at least 70% of the points have between 2 and 6 of the 8 first-layer units silent, and fewer than 2% have all 8 active or all 8 silent.',
        zh: '按训练样本看（所有种子合在一起）：至少 70% 的样本让第一层 8 个单元中的 2 到 6 个沉默，8 个全部激活或全部沉默的样本不到 2%。' },
      falsifiedBy: 'fewer than 70% of the points with 2–6 silent units, or 2% or more with none or all silent',
      holds: (r) => { const h = pooled(r); return share(h, (i) => i >= 2 && i <= 6) >= 0.7 && share(h, (i) => i === 0 || i === h.length - 1) < 0.02; },
      measured: (r) => { const h = pooled(r); return `2–6 silent ${pct(share(h, (i) => i >= 2 && i <= 6), 1)}, none or all ${pct(share(h, (i) => i === 0 || i === h.length - 1), 2)}`; },
    },
    {
      id: 'dense',
      text: { en: 'Leaky ReLU, ELU and tanh: no output exactly 0, although in the Leaky ReLU network at least 40% of first-layer pre-activations are ≤ 0.',
        zh: 'Leaky ReLU、ELU 和 tanh：没有一个输出恰好为 0，尽管 Leaky ReLU 网络第一层至少 40% 的预激活 ≤ 0。' },
      falsifiedBy: 'any output exactly 0 in a dense network, or fewer than 40% of Leaky ReLU\'s first-layer pre-activations ≤ 0',
      holds: (r) => dense.every((a) => r.per[a].zeros.every((z) => z === 0)) && r.per.leaky_relu.negative[0] >= 0.4,
      measured: (r) => `${dense.map((a) => `${a} ${pct(r.per[a].zeros[0])}`).join(', ')}; z ≤ 0: ${pct(r.per.leaky_relu.negative[0])}`,
    },
    {
      id: 'accuracy',
      text: { en: 'All four reach at least 97% mean test accuracy, and from the same weights each dense one is within 1.5 points of ReLU on average: here sparsity neither helps nor hurts.',
        zh: '四种激活函数的平均测试准确率都至少达到 97%，而且从相同的权重出发，每种稠密激活函数与 ReLU 平均相差不超过 1.5 个百分点：在这里，稀疏性既没有帮忙也没有拖后腿。' },
      falsifiedBy: 'a mean accuracy below 97%, or a mean paired gap to ReLU above 1.5 points either way',
      holds: (r) => r.activations.every((a) => r.per[a].testAccuracy.mean >= 0.97) && dense.every((a) => Math.abs(gap(r, a)) <= 0.015),
      measured: (r) => `${r.activations.map((a) => `${a} ${pct(r.per[a].testAccuracy.mean, 1)}`).join(', ')}; gaps ${dense.map((a) => pct(gap(r, a), 1)).join(', ')}`,
    },
  ],
};
