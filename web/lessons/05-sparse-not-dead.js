// Lesson 5: sparse is not dead — per-sample sparsity of a healthy ReLU layer next to its dead count.
import { setup, pct } from './common.js';

const config = setup({ dataset: 'moons', hidden: [8, 8], activations: ['relu', 'leaky_relu', 'elu', 'tanh'] });
const dense = ['leaky_relu', 'elu', 'tanh'];
const reluRuns = (r) => r.runs.filter((x) => x.activation === 'relu');

export default {
  id: 'sparse-not-dead',
  number: 5,
  title: { en: 'Sparse is not dead', zh: '稀疏不等于死亡' },
  summary: {
    en: 'A healthy ReLU layer is silent on about half of its outputs, yet none of its units is dead. Is sparse activation good? What the runs show.',
    zh: '一个健康的 ReLU 层大约一半的输出为 0，却没有一个单元是死的。稀疏激活是好事吗？看看实验怎么说。',
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
      'Two moons, two hidden layers of 8, the default rate, 200 epochs, weight seeds 1–5, with ReLU, Leaky ReLU, ELU and tanh from the same weights. After training, every training point is passed through the ReLU network alone to count how many of the first layer\'s 8 units are silent on it (the histogram).',
      { h: 'Is sparse activation good?' },
      'On this task it is neither good nor bad for accuracy: the sparse network and the three dense ones end up equally accurate. What sparsity does do is visible in the histogram: each point is handled by its own subset of units — a different linear piece of the network for different regions of the plane. Claims about sparse codes being easier to separate or cheaper to compute are about large networks and real data; a 2-D toy cannot measure them.',
    ],
    zh: [
      '「输出为 0」背后藏着两件不同的事。稀疏性说的是样本：对某个输入，一层中有些单元的输出恰好为 0——即 h = 0 的（单元，样本）对所占的比例。死亡说的是单元：死亡单元对每个输入都输出 0。一层可以非常稀疏，却没有一个死亡单元：每个单元都在一些输入上沉默，在另一些输入上激活。',
      '笔记里的两句话都对，只是说的不是同一件事。沉默的 ReLU 单元从这个样本得不到梯度——所以没错，它在自己沉默的那些输入上不训练——但它在自己激活的那些输入上照样训练。只有在所有输入上都沉默的单元才会停止训练：那是死亡，而不是稀疏性的含义。',
      'Leaky ReLU、ELU 和 tanh 的输出从不恰好为 0（z 恰好为 0 时除外），所以它们的层并不稀疏，尽管它们的预激活为负的频率和 ReLU 差不多。',
      { h: '实验设置' },
      '双月牙数据，两个隐藏层、每层 8 个单元，默认学习率，训练 200 轮，权重种子 1–5，ReLU、Leaky ReLU、ELU 和 tanh 从相同的权重出发。训练后，把每个训练样本单独送进 ReLU 网络，数一数第一层 8 个单元中有几个在它上面沉默（见直方图）。',
      { h: '稀疏激活是好事吗？' },
      '在这个任务上，它对准确率既没有好处也没有坏处：稀疏的网络和三个稠密的网络最后一样准确。稀疏性确实做到的事情可以从直方图看出来：每个样本由它自己的一组单元来处理——平面上不同区域用的是网络中不同的线性片段。至于稀疏表示更容易线性可分、计算更省，那是针对大型网络和真实数据的说法，二维的玩具数据无法衡量。',
    ],
  },
  presets: [{ id: 'healthy', label: { en: 'Healthy 8 × 2', zh: '健康的 8 × 2 网络' }, config, epochs: 200, speed: 30 }],
  study: { kind: 'sparsity', config, seeds: [1, 2, 3, 4, 5], epochs: 200 },
  claims: [
    {
      id: 'sparse-layer',
      text: { en: 'ReLU, first hidden layer: between 40% and 60% of all its outputs are exactly 0 (mean over seeds 1–5), yet not one of its units is dead in any seed.',
        zh: 'ReLU 第一个隐藏层：全部输出中有 40% 到 60% 恰好为 0（种子 1–5 的平均），但在任何一个种子上，这一层都没有死亡单元。' },
      holds: (r) => r.per.relu.zeros[0] >= 0.4 && r.per.relu.zeros[0] <= 0.6 && r.per.relu.dead[0].every((d) => d === 0),
      measured: (r) => `${pct(r.per.relu.zeros[0])}, dead ${r.per.relu.dead[0].join(', ')}`,
    },
    {
      id: 'every-unit-works',
      text: { en: 'Each unit of that layer is active on at least 20% of the training points.',
        zh: '这一层的每个单元都在至少 20% 的训练样本上处于激活状态。' },
      holds: (r) => r.per.relu.minActivity[0] >= 0.2,
      measured: (r) => pct(r.per.relu.minActivity[0]),
    },
    {
      id: 'per-sample',
      text: { en: 'Per training point: no point has all 8 first-layer units active, and at most 1% of points have all 8 silent.',
        zh: '按训练样本看：没有一个样本让第一层 8 个单元全部激活，8 个全部沉默的样本至多占 1%。' },
      holds: (r) => reluRuns(r).every((x) => x.perSample[0] === 0 && x.perSample[8] / x.perSample.reduce((a, b) => a + b, 0) <= 0.01),
      measured: (r) => reluRuns(r).map((x) => `${x.perSample[0]}/${x.perSample[8]}`).join(', '),
    },
    {
      id: 'dense',
      text: { en: 'Leaky ReLU, ELU and tanh: no output exactly 0, although in the Leaky ReLU network at least 40% of first-layer pre-activations are ≤ 0.',
        zh: 'Leaky ReLU、ELU 和 tanh：没有一个输出恰好为 0，尽管 Leaky ReLU 网络第一层至少 40% 的预激活 ≤ 0。' },
      holds: (r) => dense.every((a) => r.per[a].zeros.every((z) => z === 0)) && r.per.leaky_relu.negative[0] >= 0.4,
      measured: (r) => `${dense.map((a) => `${a} ${pct(r.per[a].zeros[0])}`).join(', ')}; z ≤ 0: ${pct(r.per.leaky_relu.negative[0])}`,
    },
    {
      id: 'accuracy',
      text: { en: 'All four reach at least 99% mean test accuracy: here sparsity neither helps nor hurts.',
        zh: '四种激活函数的平均测试准确率都至少达到 99%：在这里，稀疏性既没有帮忙也没有拖后腿。' },
      holds: (r) => r.activations.every((a) => r.per[a].testAccuracy.mean >= 0.99),
      measured: (r) => r.activations.map((a) => `${a} ${pct(r.per[a].testAccuracy.mean, 1)}`).join(', '),
    },
  ],
};
