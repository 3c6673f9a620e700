// Lesson 4: vanishing gradients (梯度弥散) in a deep network: sigmoid, tanh and ReLU side by side.
import { setup } from './common.js';
import { pct, sci } from '../shared/format.js';

const config = setup({ dataset: 'moons', hidden: [8, 8, 8, 8, 8, 8, 8, 8], activations: ['sigmoid', 'tanh', 'relu'] });
const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
const n = seeds.length;
const geo = (xs) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
/** Per seed, sigmoid's first/last ratio over another activation's from the same weights. */
const paired = (r, a) => r.per.sigmoid.ratios.map((x, i) => x / r.per[a].ratios[i]);

export default {
  id: 'vanishing-gradients',
  number: 4,
  title: { en: 'Vanishing gradients (梯度弥散)', zh: '梯度弥散与梯度消失' },
  summary: {
    en: 'A deep network with sigmoid, tanh and ReLU: the gradient each layer gets, at the start and during training, and how far each one gets in 100 epochs.',
    zh: '一个用 sigmoid、tanh 和 ReLU 的深层网络：每一层在开始时和训练中得到多大的梯度，以及各自在 100 轮内能走多远。',
  },
  notes: {
    zh: 'sigmoid 和 tanh 函数的导数在正负饱和区的梯度都会接近于 0，这会造成梯度弥散，而 Relu 和 Leaky ReLu 函数大于 0 部分都为常数，不会产生梯度弥散现象。什么是梯度弥散？跟梯度消失和梯度爆炸有什么关系吗？为什么 ReLU 没有梯度弥散？ ／ 保持梯度不衰减为什么只是缓解了梯度消失？还会有梯度消失吗？',
    en: 'The derivatives of sigmoid and tanh approach 0 in their saturated regions, which causes gradient diffusion; ReLU and Leaky ReLU are constant above 0 and do not. What is gradient diffusion? How does it relate to vanishing and exploding gradients? Why does ReLU not have it? / Why does a non-decaying gradient only alleviate vanishing gradients? Can they still happen?',
  },
  body: {
    en: [
      'Backpropagation hands the error signal from layer to layer, and each layer multiplies it by its weights and by the derivative of its activation:',
      { math: '∂L/∂h₍ₗ₋₁₎ = Wₗᵀ · ( g′(zₗ) ⊙ ∂L/∂hₗ )' },
      'Over eight layers that is a product of eight such factors. If they are typically smaller than 1, the signal shrinks geometrically on its way back and the first layers hardly learn: the gradient vanishes (梯度消失). Gradient diffusion (梯度弥散) is another name for the same thing — the error signal spreads out and fades as it travels backwards through the layers. If the factors are typically larger than 1, it grows geometrically instead: the gradient explodes (梯度爆炸) and training diverges. Vanishing and exploding are one mechanism with the factor on either side of 1.',
      'The sigmoid\'s derivative is at most ¼, and much less once |z| is large — the unit saturates — so it pulls every factor down. Tanh\'s derivative reaches 1 at z = 0; ReLU\'s is exactly 1 wherever the unit is active. With He initialisation (weight variance 2 / fan-in), the ReLU factors are about 1 in size on average, so the gradient keeps its scale from layer to layer.',
      'That is why ReLU only alleviates the problem. Its derivative is 0 on inactive units, so paths through them carry nothing; a dead unit blocks its paths for good, and a layer that is all zero stops the gradient completely (lesson 3: a born-dead network has exactly zero gradient below that layer). And the weights still multiply: a poor initialisation or a too-large learning rate can still make the gradient vanish or explode.',
      { h: 'The experiment' },
      'Two moons, eight hidden layers of 8 units, the same He-normal weights for all three, plain SGD at the default rate, 100 epochs. The study records the norm of each hidden layer\'s weight gradient (dLoss/dW, on the whole training set) at epochs 0, 10 and 100, for weight seeds 1–10 (the tests also on two blocks of 10 fresh seeds with fresh data). The chart shows the geometric mean over the seeds, on a log scale.',
      'For tanh and ReLU the first layer\'s gradient does come out somewhat smaller than the last one\'s at the start, and it varies a lot from seed to seed: what keeps its scale is the order of magnitude. The sigmoid network loses more than a hundredfold over the same eight layers (the claims below).',
    ],
    zh: [
      '反向传播把误差信号一层一层往回传，每经过一层，都要乘上这一层的权重和激活函数的导数：',
      { math: '∂L/∂h₍ₗ₋₁₎ = Wₗᵀ · ( g′(zₗ) ⊙ ∂L/∂hₗ )' },
      '八层就是八个这样的因子连乘。如果它们通常小于 1，信号在往回传的路上就会按几何级数缩小，前面几层几乎学不到东西：这就是梯度消失。梯度弥散是同一现象的另一个名字——误差信号在逐层反向传播中被「摊薄」、逐渐消散。如果这些因子通常大于 1，信号反而按几何级数增大：这是梯度爆炸，训练会发散。梯度消失和梯度爆炸是同一个机制，只是因子落在 1 的两侧。',
      'sigmoid 的导数最大只有 ¼，|z| 一大就更小——单元进入饱和区——所以它会把每个因子往下拉。tanh 的导数在 z = 0 处达到 1；ReLU 在单元激活的地方导数恰好为 1。采用 He 初始化（权重方差为 2 / 输入数）时，ReLU 的因子平均大小约为 1，梯度在层与层之间能保持量级。',
      '这也是为什么 ReLU 只是「缓解」了梯度消失。它在不活跃的单元上导数为 0，经过这些单元的路径什么也传不过去；死亡单元会永久堵住自己的路径，而一整层全为 0 会把梯度完全截断（第 3 课：初始化时就已死亡的网络在那一层以下的梯度恰好为 0）。而且权重仍然在连乘：初始化不当或学习率过大，照样会让梯度消失或爆炸。',
      { h: '实验设置' },
      '双月牙数据，八个隐藏层、每层 8 个单元，三个网络使用相同的 He 正态初始权重，默认学习率的普通 SGD，训练 100 轮。统计实验在第 0、10、100 轮记录每个隐藏层权重梯度（dLoss/dW，在整个训练集上）的范数，权重种子取 1–10（测试还在另外两组各 10 个新种子、新数据上重复）。图中是各种子的几何平均，纵轴为对数刻度。',
      '对 tanh 和 ReLU 来说，开始时第一层的梯度确实比最后一层小一些，而且不同种子之间差别很大：保持住的是数量级。sigmoid 网络在同样的八层里则损失了一百倍以上（见下面的结论）。',
    ],
  },
  presets: [{ id: 'deep', label: { en: '8 layers of 8', zh: '8 层 × 8 单元' }, config, epochs: 100, speed: 30 }],
  study: { kind: 'gradients', config, seeds, epochs: 100, checkpoints: [0, 10, 100] },
  // Every claim holds on seeds 1–10 and on fresh blocks of 10 (tests/web/lessons.test.mjs).
  claims: [
    {
      id: 'sigmoid-vanishes',
      text: { en: `Sigmoid, at initialisation: the first hidden layer\'s gradient is over 100 times smaller than the last hidden layer\'s on (geometric) average, and at least 10 times smaller in at least 8 of ${n} seeds.`,
        zh: `sigmoid，初始化时：第一个隐藏层的梯度比最后一个隐藏层小，几何平均在 100 倍以上，并且在 ${n} 个种子中至少 8 个上小至少 10 倍。` },
      falsifiedBy: 'a geometric-mean ratio of 0.01 or more, or a ratio of 0.1 or more in more than 2 of 10 seeds',
      holds: (r) => geo(r.per.sigmoid.ratios) < 0.01 && r.per.sigmoid.ratios.filter((x) => x < 0.1).length >= 0.8 * r.seeds.length,
      measured: (r) => `${sci(geo(r.per.sigmoid.ratios))} (per seed ${sci(Math.min(...r.per.sigmoid.ratios))} to ${sci(Math.max(...r.per.sigmoid.ratios))})`,
    },
    {
      id: 'vs-relu-tanh',
      text: { en: 'From the same weights, sigmoid\'s first-to-last ratio is at least 30 times smaller than ReLU\'s and than tanh\'s, on (geometric) average over the seeds.',
        zh: '从相同的权重出发，sigmoid 的「第一层 / 最后一层」比值比 ReLU 和 tanh 的都小，几何平均至少 30 倍。' },
      falsifiedBy: 'a geometric mean of the paired ratio (sigmoid over ReLU or over tanh) of 1/30 or more',
      holds: (r) => ['relu', 'tanh'].every((a) => geo(paired(r, a)) < 1 / 30),
      measured: (r) => ['relu', 'tanh'].map((a) => `vs ${a} ${sci(geo(paired(r, a)))}`).join(', '),
    },
    {
      id: 'relu-tanh-keep',
      text: { en: 'Tanh and ReLU, at initialisation: the first hidden layer\'s gradient is on (geometric) average between a tenth of and 3 times the last one\'s — it may shrink somewhat, but keeps its order of magnitude.',
        zh: 'tanh 和 ReLU，初始化时：第一个隐藏层的梯度，几何平均在最后一个隐藏层的十分之一到 3 倍之间——可能略有缩小，但数量级不变。' },
      falsifiedBy: 'a geometric-mean ratio below 0.1 or above 3 for tanh or ReLU',
      holds: (r) => ['tanh', 'relu'].every((a) => geo(r.per[a].ratios) > 0.1 && geo(r.per[a].ratios) < 3),
      measured: (r) => ['tanh', 'relu'].map((a) => `${a} ${sci(geo(r.per[a].ratios))} (per seed ${sci(Math.min(...r.per[a].ratios))} to ${sci(Math.max(...r.per[a].ratios))})`).join(' — '),
    },
    {
      id: 'how-far',
      text: { en: `After 100 epochs, sigmoid is still at chance (test accuracy at most 55% in every seed), while tanh and ReLU reach at least 90% in at least 9 of ${n} seeds.`,
        zh: `训练 100 轮后，sigmoid 仍停留在随机猜测水平（每个种子的测试准确率都至多 55%），而 tanh 和 ReLU 在 ${n} 个种子中至少 9 个达到 90%。` },
      falsifiedBy: 'any sigmoid seed above 55%, or tanh or ReLU below 90% in more than 1 of 10 seeds',
      holds: (r) => r.per.sigmoid.final.max <= 0.55
        && ['tanh', 'relu'].every((a) => r.runs.filter((x) => x.activation === a && x.final >= 0.9).length >= r.seeds.length - 1),
      measured: (r) => ['sigmoid', 'tanh', 'relu'].map((a) => `${a} ${pct(r.per[a].final.mean, 1)} (${pct(r.per[a].final.min, 1)}–${pct(r.per[a].final.max, 1)})`).join(', '),
    },
  ],
};
