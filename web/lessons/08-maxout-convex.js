// Lesson 8: one maxout unit with k pieces draws a convex function: |x| and x² in 1-D.
import { setup } from './common.js';
import { sci } from '../shared/format.js';

const config = setup({ hidden: [1], activations: ['maxout'], noise: 0, optimizer: 'adam', learningRate: 0.05, init: 'playground' });
const ks = [2, 3, 4, 5, 6];
const row = (r, d, k) => r.rows.find((x) => x.dataset === d && x.k === k);
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

export default {
  id: 'maxout-convex',
  number: 8,
  title: { en: 'Maxout draws convex functions', zh: 'maxout 画出凸函数' },
  summary: {
    en: 'One maxout unit with k = 2…6 pieces fitting |x| and x²: the pieces drawn, what "groups of k" means, and how the error falls as k grows.',
    zh: '一个 maxout 单元用 k = 2…6 段去拟合 |x| 和 x²：画出每一段，看清「每组 k 个」是什么意思，以及误差如何随 k 下降。',
  },
  notes: {
    zh: 'maxout 单元将 z 划分为每组具有 k 个值的组……怎么划分为具有 k 个值的组的？怎么定 k 的？怎么划分的？每个 maxout 单元则输出每组中的最大元素：这个是个什么操作？……这提供了一种方法来学习对输入 x 空间中多个方向响应的分段线性函数。？没明白？ ／ maxout 单元可以学习具有多达 k 段的分段线性的凸函数。',
    en: 'Maxout units divide z into groups of k values… How are the groups of k formed? How is k chosen? Each maxout unit outputs the maximum element of its group: what kind of operation is that? … This provides a way of learning a piecewise linear function that responds to multiple directions in the input x space. ? I don\'t get it. / A maxout unit can learn a piecewise linear, convex function with up to k pieces.',
  },
  body: {
    en: [
      'A layer of maxout units computes k times as many pre-activations as it has units, each one its own affine map of the input, zⱼ = wⱼ·x + bⱼ. They are cut into consecutive groups of k: unit 1 owns z₁…z_k, unit 2 owns z_(k+1)…z_2k, and so on (the lab stores them in exactly this order). Each unit outputs the largest value in its group:',
      { math: 'hᵢ = max( z₍₍ᵢ₋₁₎ₖ₊₁₎, …, z₍ᵢₖ₎ )     for example k = 3:  h₁ = max(z₁, z₂, z₃),  h₂ = max(z₄, z₅, z₆)' },
      'k is a setting you choose, like the width of a layer (the lab allows 2 to 8). The figure below shows the grouping for the unit in this lesson.',
      'With one input, each zⱼ is a straight line in x, and the maximum of k lines is a convex, piecewise linear curve with at most k pieces: the unit draws its own activation function. With k = 2 it can draw |x| exactly, and ReLU (one flat line and one sloped), and Leaky ReLU — every rectifier max(0, z) + a·min(0, z) with a ≤ 1 is a maxout unit with two pieces. With more pieces it can follow any convex curve more and more closely. With a 2-D input the pieces are planes facing different directions — that is what "responds to multiple directions of the input space" means.',
      'Each piece wins on some stretch of x and gets gradient only there; a piece that wins nowhere gets none and stays where it is: a dead piece, the maxout version of a dead unit.',
      { h: 'The experiment' },
      'One hidden maxout unit with k = 2…6 pieces and a linear output, fitting |x| and x²/5 on [−5, 5] without noise. Adam at rate 0.05, 300 epochs, small uniform initial weights, weight seeds 1–10 (the tests also on two blocks of 10 fresh seeds). As a reference, k equal-width pieces each fitted by least squares. The chart draws the pieces of the median run for x² (pick k); dashed lines are the k lines, the solid curve is their maximum, the network\'s output.',
      { h: 'What it shows' },
      'For |x|, two pieces suffice and further pieces typically win nowhere. For x², the first extra piece cuts the error several times over and more pieces keep helping, though not as much as they could: some pieces end up winning nowhere, so the unit uses fewer pieces than it has. Capacity is what k allows; gradient descent decides how much of it is used.',
    ],
    zh: [
      '一层 maxout 单元计算的预激活个数是单元数的 k 倍，每个都是输入的一个独立仿射变换 zⱼ = wⱼ·x + bⱼ。它们被按顺序切成每组 k 个：单元 1 拥有 z₁…z_k，单元 2 拥有 z_(k+1)…z_2k，依此类推（ReLU Lab 就是按这个顺序存放的）。每个单元输出自己组里最大的那个值：',
      { math: 'hᵢ = max( z₍₍ᵢ₋₁₎ₖ₊₁₎, …, z₍ᵢₖ₎ )     例如 k = 3：h₁ = max(z₁, z₂, z₃)，h₂ = max(z₄, z₅, z₆)' },
      'k 是自己选的设置，就像层的宽度一样（ReLU Lab 允许 2 到 8）。下面的图示给出了本课中那个单元的分组。',
      '只有一个输入时，每个 zⱼ 都是关于 x 的一条直线，k 条直线取最大值，就是一条最多 k 段的凸分段线性曲线：这个单元画出了它自己的激活函数。k = 2 时，它能精确画出 |x|，也能画出 ReLU（一段水平、一段倾斜）和 Leaky ReLU——凡是 a ≤ 1 的整流单元 max(0, z) + a·min(0, z)，都是两段的 maxout 单元。段数越多，它就能越来越贴近任意凸曲线。输入是二维时，每一段是朝向不同方向的平面——这就是「对输入空间中多个方向响应」的意思。',
      '每一段只在 x 的某一段区间上胜出，也只在那里得到梯度；哪里都赢不了的段得不到任何梯度，就停在原地：这是「死段」，maxout 版本的死亡单元。',
      { h: '实验设置' },
      '一个隐藏 maxout 单元，k = 2…6 段，线性输出，在 [−5, 5] 上无噪声地拟合 |x| 和 x²/5。Adam，学习率 0.05，训练 300 轮，较小的均匀分布初始权重，权重种子 1–10（测试还在另外两组各 10 个新种子上重复）。作为参照：把区间等分成 k 段，每段用最小二乘拟合一条直线。图中画出 x² 的中位数那次运行的各段（可选 k）；虚线是 k 条直线，实线是它们的最大值，也就是网络的输出。',
      { h: '结果说明了什么' },
      '对 |x|，两段就够了，多出来的段通常哪里都赢不了。对 x²，从两段增加到三段（多出的第一条直线）就让误差降低了好几倍，更多的段还会继续有帮助，但没有帮到应有的程度：有些段最后哪里都赢不了，于是单元实际用上的段比它拥有的少。k 决定的是能力上限；能用上多少，由梯度下降决定。',
    ],
  },
  presets: [
    ...ks.map((k) => ({ id: `square-k${k}`, label: { en: `x², k = ${k}`, zh: `x²，k = ${k}` },
      config: { ...config, dataset: 'square1d', maxoutK: k }, epochs: 300, speed: 100 })),
    { id: 'abs-k2', label: { en: '|x|, k = 2', zh: '|x|，k = 2' }, config: { ...config, dataset: 'abs1d', maxoutK: 2 }, epochs: 300, speed: 100 },
  ],
  study: { kind: 'maxoutPieces', config, datasets: ['abs1d', 'square1d'], ks, seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], epochs: 300 },
  claims: [
    {
      id: 'abs-two',
      falsifiedBy: 'a median test error of 10⁻⁴ or more for |x| with k = 2',
      text: { en: '|x|: with k = 2 the median test error is below 10⁻⁴ (the fit is exact up to rounding).',
        zh: '|x|：k = 2 时测试误差的中位数低于 10⁻⁴（除舍入误差外完全拟合）。' },
      holds: (r) => row(r, 'abs1d', 2).loss.median < 1e-4,
      measured: (r) => sci(row(r, 'abs1d', 2).loss.median),
    },
    {
      id: 'abs-unused',
      falsifiedBy: 'a median number of dead pieces other than k − 2 for some k = 3…6',
      text: { en: '|x|: for k = 3…6, typically all but two pieces win nowhere (the median number of dead pieces is k − 2).',
        zh: '|x|：k = 3…6 时，通常只有两段会胜出，其余各段哪里都赢不了（死段个数的中位数是 k − 2）。' },
      holds: (r) => [3, 4, 5, 6].every((k) => median(row(r, 'abs1d', k).deadPieces) === k - 2),
      measured: (r) => [3, 4, 5, 6].map((k) => `k=${k}: ${median(row(r, 'abs1d', k).deadPieces)}`).join(', '),
    },
    {
      id: 'square-falls',
      falsifiedBy: 'less than a 3-fold fall from k = 2 to 3, or less than 1.3-fold from k = 3 to 6',
      text: { en: 'x²: the median error falls at least 3-fold from k = 2 to k = 3, and at k = 6 it is at least 1.3 times lower than at k = 3.',
        zh: 'x²：误差中位数从 k = 2 到 k = 3 至少降为三分之一，k = 6 时又比 k = 3 时至少低 1.3 倍。' },
      holds: (r) => row(r, 'square1d', 2).loss.median >= 3 * row(r, 'square1d', 3).loss.median
        && row(r, 'square1d', 3).loss.median >= 1.3 * row(r, 'square1d', 6).loss.median,
      measured: (r) => ks.map((k) => sci(row(r, 'square1d', k).loss.median)).join(' → '),
    },
    {
      id: 'square-reference',
      falsifiedBy: 'k = 2 or 3 more than 1.5 times the reference, or k = 6 less than 2 times it',
      text: { en: 'x²: up to k = 3 gradient descent does as well as the equal-pieces reference (within a factor of 1.5); at k = 6 it stays at least 2 times above it.',
        zh: 'x²：k ≤ 3 时，梯度下降的结果和等分参照一样好（相差不超过 1.5 倍）；k = 6 时，它比参照至少高 2 倍。' },
      holds: (r) => [2, 3].every((k) => row(r, 'square1d', k).loss.median <= 1.5 * row(r, 'square1d', k).reference)
        && row(r, 'square1d', 6).loss.median >= 2 * row(r, 'square1d', 6).reference,
      measured: (r) => ks.map((k) => `k=${k}: ${sci(row(r, 'square1d', k).loss.median)} / ${sci(row(r, 'square1d', k).reference)}`).join(', '),
    },
    {
      id: 'square-dead',
      falsifiedBy: 'a k = 6 run on x² with no dead piece',
      text: { en: 'x²: with k = 6 every one of the 10 runs has at least one dead piece.',
        zh: 'x²：k = 6 时，10 次运行中每一次都至少有一个死段。' },
      holds: (r) => row(r, 'square1d', 6).deadPieces.every((d) => d >= 1),
      measured: (r) => row(r, 'square1d', 6).deadPieces.join(', '),
    },
  ],
};
