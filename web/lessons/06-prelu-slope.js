// Lesson 6: PReLU learns its slope — trajectories per unit and per layer, with the gradient written out.
import { setup } from './common.js';
import { fixed, pct } from '../shared/format.js';

const config = setup({ dataset: 'moons', hidden: [8, 8], activations: ['prelu', 'relu'] });
const runs = (r, shared) => r.runs.filter((x) => x.shared === shared);
const finalSlopes = (run) => run.trajectory[run.trajectory.length - 1].slopes.flat();
const span = (run) => Math.max(...finalSlopes(run)) - Math.min(...finalSlopes(run));

export default {
  id: 'prelu-slope',
  number: 6,
  title: { en: 'PReLU learns its slope', zh: 'PReLU 如何学习斜率' },
  summary: {
    en: 'How the slope a of PReLU is learned: the gradient written out, and the slopes\' paths per unit and per layer during training.',
    zh: 'PReLU 的斜率 a 是怎么学出来的：写出梯度公式，再看训练中每个单元、每一层的斜率如何变化。',
  },
  /** The works the text cites, for the years it names (the tests match each year to a source). */
  sources: [{ authors: 'He, Zhang, Ren & Sun', title: 'Delving deep into rectifiers: surpassing human-level performance on ImageNet classification', year: 2015 }],
  notes: {
    zh: '参数化整流线性单元或者 PReLU 将 αᵢ 作为学习的参数。。。怎么学习 αᵢ？补充下。',
    en: 'Parametric ReLU, or PReLU, treats αᵢ as a learnable parameter. … How is αᵢ learned? Fill this in.',
  },
  body: {
    en: [
      'PReLU is the general form max(0, z) + a·min(0, z) with the slope a learned along with the weights. Its derivative with respect to a is simply what multiplies a:',
      { math: 'h = max(0, z) + a·min(0, z)        ∂h/∂a = min(0, z)   (0 if z > 0, z if z ≤ 0)' },
      'By the chain rule, unit i\'s slope collects, over the samples n of a batch, the gradient arriving at its output times its negative part:',
      { math: 'per unit:   ∂L/∂aᵢ = Σₙ (∂L/∂hᵢ⁽ⁿ⁾) · min(0, zᵢ⁽ⁿ⁾)\nshared:     ∂L/∂a  = Σᵢ Σₙ (∂L/∂hᵢ⁽ⁿ⁾) · min(0, zᵢ⁽ⁿ⁾)\nupdate:     a ← a − η · ∂L/∂a' },
      'Only samples on the negative side move a, and a shared slope (one per layer, preluShared) adds up the contributions of all units of the layer. He et al. (2015), who introduced PReLU, start a at 0.25, update it with momentum like every other parameter and do not apply weight decay to it — weight decay would pull a towards 0, that is, towards ReLU. The lab does the same (its L2 never touches a); here training is plain SGD.',
      { h: 'The experiment' },
      'Two moons, two hidden layers of 8 PReLU units, a = 0.25 at the start, the default rate, 200 epochs; the slopes are read every 10 epochs, with one slope per unit and, in a second network from the same weights, one per layer. Weight seeds 1–5 (the tests also on two blocks of 5 fresh seeds with fresh data). The chart shows seed 1.',
      { h: 'What the slopes do' },
      'They do not settle on one value. Each unit finds its own: they spread out in both directions from 0.25, and some go below 0. A negative slope makes the unit rise on both sides of 0: it drifts towards absolute value rectification, the a = −1 member of the same family (lesson 7). Moons is easy enough that every run gets close to full accuracy whatever its slopes; what the slopes show is that "how leaky" is something the network will happily choose for itself.',
    ],
    zh: [
      'PReLU 就是通式 max(0, z) + a·min(0, z)，其中斜率 a 与权重一起学习。它对 a 的导数就是 a 前面乘的那一项：',
      { math: 'h = max(0, z) + a·min(0, z)        ∂h/∂a = min(0, z)   （z > 0 时为 0，z ≤ 0 时为 z）' },
      '根据链式法则，单元 i 的斜率在一个批次的各个样本 n 上累加：传到它输出端的梯度，乘以它的负半部分：',
      { math: '每个单元一个：  ∂L/∂aᵢ = Σₙ (∂L/∂hᵢ⁽ⁿ⁾) · min(0, zᵢ⁽ⁿ⁾)\n每层共享一个：  ∂L/∂a  = Σᵢ Σₙ (∂L/∂hᵢ⁽ⁿ⁾) · min(0, zᵢ⁽ⁿ⁾)\n更新：          a ← a − η · ∂L/∂a' },
      '只有落在负半轴的样本会推动 a；共享斜率（每层一个，preluShared）则把这一层所有单元的贡献加在一起。提出 PReLU 的 He 等人（2015）把 a 的初值设为 0.25，像其他参数一样用动量更新，并且不对它做权重衰减——权重衰减会把 a 拉向 0，也就是拉回 ReLU。ReLU Lab 也是这样做的（它的 L2 从不作用于 a）；这里的训练用的是普通 SGD。',
      { h: '实验设置' },
      '双月牙数据，两个隐藏层、每层 8 个 PReLU 单元，a 初值 0.25，默认学习率，训练 200 轮；每 10 轮读取一次斜率。一个网络每个单元一个斜率，另一个网络从相同的权重出发、每层共享一个斜率。权重种子 1–5（测试还在另外两组各 5 个新种子、新数据上重复）。图中是种子 1。',
      { h: '斜率是怎么变的' },
      '它们不会收敛到同一个值。每个单元找到自己的斜率：它们从 0.25 向两个方向散开，有的甚至小于 0。斜率为负时，单元在 0 的两侧都上升：它朝着绝对值整流（同一族中 a = −1 的成员，第 7 课）漂移。双月牙足够简单，不论斜率如何，每次运行都接近满分；斜率告诉我们的是：「漏多少」这件事，网络很乐意自己来决定。',
    ],
  },
  presets: [
    { id: 'per-unit', label: { en: 'One slope per unit', zh: '每个单元一个斜率' }, config, epochs: 200, speed: 30 },
    { id: 'shared', label: { en: 'One slope per layer', zh: '每层共享一个斜率' }, config: { ...config, preluShared: true }, epochs: 200, speed: 30 },
  ],
  study: { kind: 'preluSlopes', config, seeds: [1, 2, 3, 4, 5], epochs: 200, every: 10 },
  claims: [
    {
      id: 'spread',
      falsifiedBy: 'a network whose 16 final slopes span 0.8 or less',
      text: { en: 'One slope per unit: starting from 0.25 for all, after 200 epochs the 16 slopes of each network span more than 0.8 (largest minus smallest), in every seed.',
        zh: '每个单元一个斜率：所有斜率都从 0.25 出发，200 轮后每个网络 16 个斜率的跨度（最大减最小）都超过 0.8，每个种子都如此。' },
      holds: (r) => runs(r, false).every((x) => span(x) > 0.8),
      measured: (r) => runs(r, false).map((x) => fixed(span(x))).join(', '),
    },
    {
      id: 'negative',
      falsifiedBy: 'a network with no negative final slope',
      text: { en: 'In every seed at least one unit ends with a negative slope: it rises on both sides of 0.',
        zh: '每个种子上都至少有一个单元的斜率最后为负：它在 0 的两侧都上升。' },
      holds: (r) => runs(r, false).every((x) => finalSlopes(x).some((a) => a < 0)),
      measured: (r) => runs(r, false).map((x) => finalSlopes(x).filter((a) => a < 0).length).join(', '),
    },
    {
      id: 'shared-moves',
      falsifiedBy: 'more than one shared-slope network in 5 whose slopes all end within 0.2 of 0.25',
      text: { en: 'One slope per layer: in at least 4 of 5 seeds at least one layer\'s slope ends more than 0.2 away from 0.25.',
        zh: '每层共享一个斜率：5 个种子中至少 4 个上，至少有一层的斜率最后离 0.25 超过 0.2。' },
      holds: (r) => runs(r, true).filter((x) => finalSlopes(x).some((a) => Math.abs(a - 0.25) > 0.2)).length >= runs(r, true).length - 1,
      measured: (r) => runs(r, true).map((x) => finalSlopes(x).map((a) => fixed(a)).join('/')).join(', '),
    },
    {
      id: 'accuracy',
      falsifiedBy: 'any of the networks below 95% test accuracy',
      text: { en: 'All 10 networks (per unit and shared) reach at least 95% test accuracy.',
        zh: '全部 10 个网络（每单元和共享）的测试准确率都至少达到 95%。' },
      holds: (r) => r.runs.every((x) => x.testAccuracy >= 0.95),
      measured: (r) => pct(Math.min(...r.runs.map((x) => x.testAccuracy)), 1),
    },
  ],
};
