// Lesson 12: "a relatively broad excitation boundary" — where ReLU, tanh and sigmoid units pass gradient.
import { setup } from './common.js';
import { pct, fixed } from '../shared/format.js';
import { mean } from './study-tools.js';

const config = setup({ dataset: 'moons', hidden: [8, 8], activations: ['relu', 'tanh', 'sigmoid'] });
const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
const scales = [1, 2, 4, 8];
const epochs = 200;
const runsOf = (r, a) => r.runs.filter((x) => x.activation === a);
/** Mean over seeds of the share (of 'data' or 'box') at weight scale s. */
const atScale = (r, a, s, where) => mean(runsOf(r, a).map((x) => x.byScale[s][where]));
const atEpoch = (r, a, c, where) => mean(runsOf(r, a).map((x) => x.overTraining[c][where]));
const banded = ['tanh', 'sigmoid'];

export default {
  id: 'excitation-boundary',
  number: 12,
  title: { en: 'A broad excitation boundary?', zh: '相对宽阔的兴奋边界？' },
  summary: {
    en: 'Where does a unit pass gradient? For ReLU a half-plane, for tanh and sigmoid a band around a line whose width shrinks as the weights grow. Broad relative to what, and how broad — measured.',
    zh: '一个单元在哪里传递梯度？ReLU 是半个平面，tanh 和 sigmoid 是一条直线两侧的带子，权重越大，带子越窄。相对于谁宽阔、有多宽阔——量一量。',
  },
  notes: {
    zh: '相对宽阔的兴奋边界；什么叫相对广阔的兴奋边界？相对于谁？有多广阔？',
    en: 'A relatively broad excitation boundary. What does "a relatively broad excitation boundary" mean? Relative to what? How broad?',
  },
  body: {
    en: [
      'A first-layer unit computes z = w·x + b; the line w·x + b = 0 splits the plane. How much gradient an input sends back through the unit is g′(z). Call the unit "excited" where g′(z) is at least a tenth of its largest value.',
      'For ReLU that is everywhere on the positive side of the line: a whole half-plane, whatever the size of w, because scaling w and b does not change the sign of z. For tanh and sigmoid, g′ is largest at z = 0 and falls off on both sides: the excited region is a band around the line, |z| ≤ z*, with z* ≈ 1.8 for tanh and ≈ 3.6 for sigmoid. In the plane that band is 2z*/‖w‖ wide, so it narrows as the weights grow — and a unit whose band misses all the data is saturated (饱和), the notes\' word for the vanishing gradient of lesson 4.',
      { math: 'ReLU:  z > 0  (a half-plane)        tanh, sigmoid:  |w·x + b| ≤ z*  (a band 2z*/‖w‖ wide)' },
      { h: 'The experiment' },
      'Two moons, two hidden layers of 8, ReLU, tanh and sigmoid from the same He-normal weights, weight seeds 1–10 (the tests also on two blocks of 10 fresh seeds with fresh data). For every first-layer unit the study measures the share of the training points, and of a 41 × 41 grid over the whole box, where the unit is excited — at initialisation with the first layer\'s weights and biases multiplied by 1, 2, 4 and 8, and then before and after 200 epochs of plain SGD at the default rate. The plots below the table draw the trained networks of seed 1 from their own parameters: every first-layer unit\'s line w·x + b = 0, and shaded where the unit passes gradient — the half-plane z > 0 for ReLU, the band |z| ≤ z* for tanh and sigmoid. The lab\'s own saturation count uses a lower threshold: it calls a unit saturated when g′ < τ on every training point. For a single unit the plots also draw where g′ falls to τ, further out than the band\'s edges.',
      { h: 'Relative to what, and how broad' },
      'Relative to saturating units — but only once their weights are not small. With He-normal weights in this small network the bands are wide: sigmoid\'s covers most of the training points, tanh\'s more than ReLU\'s half. Each doubling of the weights halves the bands, while ReLU keeps its half. Training at the default rate barely grows this network\'s first-layer weights, so here the bands stay wide; in larger networks and with larger weights they are what saturates. So "broad" means: it does not shrink with ‖w‖ — the price is the other half-plane, where ReLU passes nothing at all (lessons 1 and 5).',
    ],
    zh: [
      '第一层的单元计算 z = w·x + b；直线 w·x + b = 0 把平面一分为二。一个输入通过这个单元传回多少梯度，取决于 g′(z)。把 g′(z) 至少达到其最大值十分之一的地方称为这个单元的「兴奋」区域。',
      '对 ReLU 来说，那就是直线正侧的所有地方：整整半个平面，与 w 的大小无关，因为把 w 和 b 同时放大不会改变 z 的符号。对 tanh 和 sigmoid 来说，g′ 在 z = 0 处最大，向两侧衰减：兴奋区域是直线两侧的一条带子 |z| ≤ z*，tanh 的 z* ≈ 1.8，sigmoid 的 z* ≈ 3.6。在平面上这条带子宽 2z*/‖w‖，权重越大，带子越窄——带子完全错过数据的单元就饱和了，这正是笔记用来解释第 4 课梯度消失的那个词。',
      { math: 'ReLU：z > 0（半个平面）        tanh、sigmoid：|w·x + b| ≤ z*（宽 2z*/‖w‖ 的带子）' },
      { h: '实验设置' },
      '双月牙数据，两个隐藏层、每层 8 个单元，ReLU、tanh 和 sigmoid 从相同的 He 正态初始权重出发，权重种子 1–10（测试还在另外两组各 10 个新种子、新数据上重复）。对第一层的每个单元，统计实验测量它处于兴奋状态的训练样本比例，以及整个方框内 41 × 41 网格点的比例——先在初始化时把第一层的权重和偏置分别乘以 1、2、4、8，再看默认学习率的普通 SGD 训练 200 轮前后。表格下方的图用种子 1 训练后的网络自己的参数画出：第一层每个单元的直线 w·x + b = 0，阴影是这个单元传递梯度的区域——ReLU 是 z > 0 的半个平面，tanh 和 sigmoid 是带子 |z| ≤ z*。ReLU Lab 自己统计饱和单元时用的阈值更低：单元在每个训练样本上都有 g′ < τ，才算饱和。只显示一个单元时，图中还画出 g′ 降到 τ 的位置，它比带子的边界更靠外。',
      { h: '相对于谁，有多宽阔' },
      '相对于会饱和的单元——但前提是它们的权重不小。在这个小网络里，用 He 正态初始权重时带子很宽：sigmoid 的带子覆盖了大部分训练样本，tanh 的也比 ReLU 的一半多。权重每放大一倍，带子就窄一半，而 ReLU 始终保持半个平面。在默认学习率下训练，这个网络第一层的权重几乎没有变大，所以这里的带子一直很宽；在更大的网络里、权重更大时，正是这些带子会饱和。所以「宽阔」的意思是：它不随 ‖w‖ 缩小——代价是另外半个平面，ReLU 在那里完全不传递梯度（第 1、5 课）。',
    ],
  },
  presets: [{ id: 'moons', label: { en: 'ReLU, tanh, sigmoid', zh: 'ReLU、tanh、sigmoid' }, config, epochs, speed: 30 }],
  study: { kind: 'excitation', config, seeds, scales, epochs, checkpoints: [0, epochs], fraction: 0.1, side: 41,
    training: { optimizer: 'sgd', learningRate: 0.03, batchSize: 10 } },
  // Every claim holds on seeds 1–10 and on fresh blocks of 10 (tests/web/lessons.test.mjs). That
  // ReLU's region is the same at every scale is true by definition (sign(s·z) = sign z), so it
  // is explained, not claimed.
  claims: [
    {
      id: 'band-edges',
      text: { en: 'The band edges, from the lab\'s own derivatives: tanh′ is at least a tenth of its maximum for |z| ≤ 1.8 and sigmoid′ for |z| ≤ 3.6 (to one decimal). Where g′ falls to the lab\'s saturation threshold τ lies further out for both.',
        zh: '带子的边界（由 ReLU Lab 自己的导数算出）：|z| ≤ 1.8 时 tanh′ 至少是其最大值的十分之一，sigmoid′ 则是 |z| ≤ 3.6（保留一位小数）。两者的 g′ 降到 ReLU Lab 饱和阈值 τ 的位置都更靠外。' },
      falsifiedBy: 'a band edge other than 1.8 (tanh) or 3.6 (sigmoid) after rounding to one decimal, or g′ reaching τ at or inside the band edge',
      holds: (r) => Math.abs(r.edges.tanh - 1.8) < 0.05 && Math.abs(r.edges.sigmoid - 3.6) < 0.05
        && banded.every((a) => r.saturationEdges[a] > r.edges[a]),
      measured: (r) => banded.map((a) => `${a} ${fixed(r.edges[a], 3)} (τ = ${r.tau} at ${fixed(r.saturationEdges[a], 3)})`).join(', '),
    },
    {
      id: 'bands-narrow',
      text: { en: 'Tanh and sigmoid: multiplying the first layer\'s weights and biases by 8 shrinks the share of the box where a unit is excited at least 4-fold (mean over seeds); at scale 4 both are below 35% of the box.',
        zh: 'tanh 和 sigmoid：把第一层的权重和偏置乘以 8，单元处于兴奋状态的方框面积比例至少缩小为四分之一（各种子平均）；乘以 4 时两者都不到方框的 35%。' },
      falsifiedBy: 'less than a 4-fold fall from scale 1 to 8, or 35% of the box or more at scale 4, for tanh or sigmoid',
      holds: (r) => banded.every((a) => atScale(r, a, 1, 'box') >= 4 * atScale(r, a, 8, 'box') && atScale(r, a, 4, 'box') < 0.35),
      measured: (r) => banded.map((a) => `${a} ${r.scales.map((s) => pct(atScale(r, a, s, 'box'))).join(' → ')}`).join('; '),
    },
    {
      id: 'wide-at-init',
      text: { en: 'At He initialisation (scale 1) the bands are not narrow: sigmoid\'s covers at least 75% of the training points and tanh\'s at least 55% — more than ReLU\'s half-plane.',
        zh: '用 He 初始化（放大倍数 1）时，带子并不窄：sigmoid 的覆盖至少 75% 的训练样本，tanh 的至少 55%——都比 ReLU 的半个平面多。' },
      falsifiedBy: 'sigmoid below 75% or tanh below 55% of the training points at scale 1, or either not above ReLU',
      holds: (r) => atScale(r, 'sigmoid', 1, 'data') >= 0.75 && atScale(r, 'tanh', 1, 'data') >= 0.55
        && banded.every((a) => atScale(r, a, 1, 'data') > atScale(r, 'relu', 1, 'data')),
      measured: (r) => r.activations.map((a) => `${a} ${pct(atScale(r, a, 1, 'data'))}`).join(', '),
    },
    {
      id: 'relu-half',
      text: { en: 'ReLU after 200 epochs (the biases have moved): first-layer units are excited on between 40% and 60% of the training points on average.',
        zh: 'ReLU 训练 200 轮后（偏置已经移动）：第一层单元平均在 40% 到 60% 的训练样本上处于兴奋状态。' },
      falsifiedBy: 'a mean share below 40% or above 60% after training',
      holds: (r) => atEpoch(r, 'relu', r.epochs, 'data') >= 0.4 && atEpoch(r, 'relu', r.epochs, 'data') <= 0.6,
      measured: (r) => pct(atEpoch(r, 'relu', r.epochs, 'data'), 1),
    },
    {
      id: 'training-keeps',
      text: { en: 'Over 200 epochs at the default rate the tanh and sigmoid shares of the training points change by less than 10 percentage points on average: this network\'s first-layer weights stay small, and its bands stay wide.',
        zh: '在默认学习率下训练 200 轮，tanh 和 sigmoid 兴奋区域所占训练样本比例的平均变化不到 10 个百分点：这个网络第一层的权重一直很小，带子也一直很宽。' },
      falsifiedBy: 'a change of 10 points or more in the mean share of the training points for tanh or sigmoid',
      holds: (r) => banded.every((a) => Math.abs(atEpoch(r, a, r.epochs, 'data') - atEpoch(r, a, 0, 'data')) < 0.1),
      measured: (r) => banded.map((a) => `${a} ${pct(atEpoch(r, a, 0, 'data'))} → ${pct(atEpoch(r, a, r.epochs, 'data'))}`).join(', '),
    },
  ],
};
