// Lesson 4: vanishing gradients (梯度弥散) in a deep network: sigmoid, tanh and ReLU side by side.
import { setup, pct, sci } from './common.js';

const config = setup({ dataset: 'moons', hidden: [8, 8, 8, 8, 8, 8, 8, 8], activations: ['sigmoid', 'tanh', 'relu'] });
const geo = (xs) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);

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
      'Over eight layers that is a product of eight such factors. If they are typically smaller than 1, the signal shrinks geometrically on its way back and the first layers hardly learn: the gradient vanishes (梯度消失). Gradient diffusion (梯度弥散) is the older name for the same thing — the error signal spreads out and fades as it travels backwards through the layers. If the factors are typically larger than 1, it grows geometrically instead: the gradient explodes (梯度爆炸) and training diverges. Vanishing and exploding are one mechanism with the factor on either side of 1.',
      'The sigmoid\'s derivative is at most ¼, and much less once |z| is large, so it pulls every factor down. Tanh\'s derivative reaches 1 at z = 0; ReLU\'s is exactly 1 wherever the unit is active. With He initialisation (weight variance 2 / fan-in), the ReLU factors are about 1 in size on average, so the gradient keeps its scale from layer to layer.',
      'That is why ReLU only alleviates the problem. Its derivative is 0 on inactive units, so paths through them carry nothing; a dead unit blocks its paths for good, and a layer that is all zero stops the gradient completely (lesson 3: a born-dead network has exactly zero gradient below that layer). And the weights still multiply: a poor initialisation or a too-large learning rate can still make the gradient vanish or explode.',
      { h: 'The experiment' },
      'Two moons, eight hidden layers of 8 units, the same He-normal weights for all three, plain SGD at the default rate, 100 epochs. The study records the norm of each hidden layer\'s weight gradient (dLoss/dW, on the whole training set) at epochs 0, 10 and 100, for weight seeds 1–4. The chart shows the geometric mean over the seeds, on a log scale.',
    ],
    zh: [
      '反向传播把误差信号一层一层往回传，每经过一层，都要乘上这一层的权重和激活函数的导数：',
      { math: '∂L/∂h₍ₗ₋₁₎ = Wₗᵀ · ( g′(zₗ) ⊙ ∂L/∂hₗ )' },
      '八层就是八个这样的因子连乘。如果它们通常小于 1，信号在往回传的路上就会按几何级数缩小，前面几层几乎学不到东西：这就是梯度消失。梯度弥散是对同一现象更早的叫法——误差信号在逐层反向传播中被「摊薄」、逐渐消散。如果这些因子通常大于 1，信号反而按几何级数增大：这是梯度爆炸，训练会发散。梯度消失和梯度爆炸是同一个机制，只是因子落在 1 的两侧。',
      'sigmoid 的导数最大只有 ¼，|z| 一大就更小，所以它会把每个因子往下拉。tanh 的导数在 z = 0 处达到 1；ReLU 在单元激活的地方导数恰好为 1。采用 He 初始化（权重方差为 2 / 输入数）时，ReLU 的因子平均大小约为 1，梯度在层与层之间能保持量级。',
      '这也是为什么 ReLU 只是「缓解」了梯度消失。它在不活跃的单元上导数为 0，经过这些单元的路径什么也传不过去；死亡单元会永久堵住自己的路径，而一整层全为 0 会把梯度完全截断（第 3 课：生来就死的网络在那一层以下的梯度恰好为 0）。而且权重仍然在连乘：初始化不当或学习率过大，照样会让梯度消失或爆炸。',
      { h: '实验设置' },
      '双月牙数据，八个隐藏层、每层 8 个单元，三个网络使用相同的 He 正态初始权重，默认学习率的普通 SGD，训练 100 轮。统计实验在第 0、10、100 轮记录每个隐藏层权重梯度（dLoss/dW，在整个训练集上）的范数，权重种子取 1–4。图中是各种子的几何平均，纵轴为对数刻度。',
    ],
  },
  presets: [{ id: 'deep', label: { en: '8 layers of 8', zh: '8 层 × 8 单元' }, config, epochs: 100, speed: 30 }],
  study: { kind: 'gradients', config, seeds: [1, 2, 3, 4], epochs: 100, checkpoints: [0, 10, 100] },
  claims: [
    {
      id: 'sigmoid-vanishes',
      text: { en: 'Sigmoid, at initialisation: the first hidden layer\'s gradient is at least 10 times smaller than the last hidden layer\'s in every seed, and over 100 times smaller on (geometric) average.',
        zh: 'sigmoid，初始化时：在每个种子上，第一个隐藏层的梯度都比最后一个隐藏层小至少 10 倍，几何平均则小 100 倍以上。' },
      holds: (r) => r.per.sigmoid.ratios.every((x) => x < 0.1) && geo(r.per.sigmoid.ratios) < 0.01,
      measured: (r) => `${r.per.sigmoid.ratios.map((x) => sci(x)).join(', ')}; ${sci(geo(r.per.sigmoid.ratios))}`,
    },
    {
      id: 'relu-tanh-keep',
      text: { en: 'Tanh and ReLU, at initialisation: the first hidden layer\'s gradient is on (geometric) average within a factor of 3 of the last one\'s — no systematic shrinking.',
        zh: 'tanh 和 ReLU，初始化时：第一个隐藏层的梯度与最后一个隐藏层相比，几何平均相差不超过 3 倍——没有系统性的衰减。' },
      holds: (r) => ['tanh', 'relu'].every((a) => geo(r.per[a].ratios) > 1 / 3 && geo(r.per[a].ratios) < 3),
      measured: (r) => ['tanh', 'relu'].map((a) => `${a} ${r.per[a].ratios.map((x) => sci(x)).join(', ')}; ${sci(geo(r.per[a].ratios))}`).join(' — '),
    },
    {
      id: 'how-far',
      text: { en: 'After 100 epochs, sigmoid is still at chance (test accuracy at most 55% in every seed), while tanh and ReLU reach at least 95% in every seed.',
        zh: '训练 100 轮后，sigmoid 仍停留在随机猜测水平（每个种子的测试准确率都至多 55%），而 tanh 和 ReLU 在每个种子上都至少达到 95%。' },
      holds: (r) => r.per.sigmoid.final.max <= 0.55 && r.per.tanh.final.min >= 0.95 && r.per.relu.final.min >= 0.95,
      measured: (r) => ['sigmoid', 'tanh', 'relu'].map((a) => `${a} ${pct(r.per[a].final.min, 1)}–${pct(r.per[a].final.max, 1)}`).join(', '),
    },
  ],
};
