// Lesson 15: maxout in practice — what k pieces cost, and maxout against ReLU networks with
// (nearly) the same number of weights: epochs to 90% and test accuracy on circle.
import { setup } from './common.js';
import { fixed, pct } from '../shared/format.js';
import { mean, interval95 } from './study-tools.js';

const config = setup({ dataset: 'circle', hidden: [4, 4], activations: ['maxout'] });
const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
const n = seeds.length;
const epochs = 60;
const ks = [2, 3, 4];
const reluWidths = [4, 6, 8, 9];
const nets = [...ks.map((k) => ({ activation: 'maxout', width: 4, k })), ...reluWidths.map((width) => ({ activation: 'relu', width }))];
const maxout = (r, k) => r.rows.find((x) => x.activation === 'maxout' && x.k === k);
const relu = (r, w) => r.rows.find((x) => x.activation === 'relu' && x.width === w);
/** Per seed: epochs to the target, a miss counted as the study's length. */
const epochsOf = (r, row) => row.reached.map((e) => e ?? r.epochs);
/** Per seed: row a's epochs minus row b's (positive: b is faster). */
const gap = (r, a, b) => epochsOf(r, a).map((e, i) => e - epochsOf(r, b)[i]);
const show = (x) => `${fixed(x.mean, 1)} (${fixed(x.lo, 1)} to ${fixed(x.hi, 1)})`;
const spreadOfMaxout = (r) => { const m = ks.map((k) => mean(epochsOf(r, maxout(r, k)))); return Math.max(...m) - Math.min(...m); };
const matched = (r) => [...ks.map((k) => maxout(r, k)), ...[6, 8, 9].map((w) => relu(r, w))];

export default {
  id: 'maxout-practice',
  number: 15,
  title: { en: 'Maxout in practice', zh: '实践中的 maxout' },
  summary: {
    en: 'Maxout with k pieces has k times the weights of an ordinary unit. What that buys against ReLU networks with the same number of weights, how much k matters, and what "summarising each group of k features by their maximum" means for the next layer.',
    zh: '有 k 段的 maxout 单元，权重是普通单元的 k 倍。和权重个数相同的 ReLU 网络相比，这些权重换来了什么？k 取多大有多重要？「用每一组 k 个特征的最大值来概括」对下一层又意味着什么？',
  },
  /** The works the text cites, for the years it names (the tests match each year to a source). */
  sources: [{ authors: 'Goodfellow, Warde-Farley, Mirza, Courville & Bengio', title: 'Maxout networks', year: 2013 }],
  notes: {
    zh: '这个 maxout 单元有使用过吗？ ／ maxout 单元还有一些其他的优点。在某些情况下，要求更少的参数可以获得一些统计和计算上的优点。具体来说，如果由 n 个不同的线性过滤器描述的特征可以在不损失信息的情况下，用每一组 k 个特征的最大值来概括的话，那么下一层可以获得 k 倍更少的权重数。？没明白，什么是线性过滤器？什么是用每一组 k 个特征的最大值来概括？ ／ maxout 真的有在使用吗？要怎么用？',
    en: 'Has this maxout unit ever been used? / Maxout units have some other advantages. In some cases, requiring fewer parameters brings statistical and computational advantages. Specifically, if the features captured by n different linear filters can be summarised without losing information by taking the maximum over each group of k features, then the next layer can get by with k times fewer weights. ? I don\'t get it: what is a linear filter? What does summarising by the maximum of each group of k features mean? / Is maxout really used? How do you use it?',
  },
  body: {
    en: [
      'A "linear filter" is simply one pre-activation zⱼ = wⱼ·x + bⱼ: a weight vector that responds to one direction of its input. A layer of m maxout units with k pieces computes k·m of them (lesson 8) and passes on only m numbers, the maximum of each group of k. So a maxout layer costs k times the weights of a ReLU layer with the same number of units — but the next layer sees one number per group, not all k·m filters.',
      { math: 'layer of m units, n inputs:  maxout  k·m·(n + 1) weights and biases;  ReLU  m·(n + 1)\nnext layer with m′ units:  sees m numbers → m′·(m + 1);  if it saw all k·m filters → m′·(k·m + 1)' },
      'That is the sentence in the notes: if nothing important is lost by keeping only each group\'s maximum, the next layer needs k times fewer weights than a layer reading every filter. Here two layers of 4 maxout units and a single output have 32k + 5 weights and biases: 69, 101 and 133 for k = 2, 3 and 4; the second layer reads 4 numbers, not 4k. ReLU networks of two equal layers come closest to these at widths 6, 8 and 9 (67, 105 and 127); width 4 (37) has the same units as the maxout networks.',
      { h: 'The experiment' },
      `The circle data set, two hidden layers, a sigmoid output, plain SGD at the default rate, ${epochs} epochs, weight seeds 1–${n} for every network (the tests also on two blocks of ${n} fresh seeds with fresh data). For each network the study records the first epoch at which the test accuracy reaches 90% (a miss counts as ${epochs}) and the test accuracy after ${epochs} epochs. The differences below are differences of means over the seeds, with 95% intervals in the claims' measurements.`,
      { h: 'What holds' },
      'With the same four units, maxout learns much faster than ReLU — but it has twice the weights or more. At (nearly) equal weights the picture is smaller: at 69 against 67 weights maxout with k = 2 reaches 90% a few epochs sooner than ReLU of width 6, and at 133 against 127 the two are about equal. More pieces did not help here: k = 3 and k = 4 learn no faster than k = 2, while ReLU keeps gaining from its extra width. Every network with 67 weights or more ends with a high test accuracy on this easy set, so the differences are in speed, not in the result. This is one easy data set and one optimiser, not a general verdict.',
      'Whether maxout was used in practice the lab cannot measure. What the literature reports (a citation to check, not a result of ours): maxout was introduced by Goodfellow, Warde-Farley, Mirza, Courville and Bengio, "Maxout Networks" (ICML 2013), as a unit designed to work together with dropout. How to choose k: it is a setting like width; on this data set our runs suggest trying k = 2 first and spending extra weights on width before pieces.',
    ],
    zh: [
      '所谓「线性过滤器」，就是一个预激活 zⱼ = wⱼ·x + bⱼ：一个权重向量，对输入的某一个方向作出响应。一层 m 个、每个 k 段的 maxout 单元要计算 k·m 个这样的过滤器（见第 8 课），但只往下一层传 m 个数：每一组 k 个里的最大值。所以在单元数相同时，一层 maxout 的权重是一层 ReLU 的 k 倍——但下一层每组只看到一个数，而不是全部 k·m 个过滤器。',
      { math: '一层 m 个单元、n 个输入：maxout 有 k·m·(n + 1) 个权重和偏置；ReLU 有 m·(n + 1) 个\n下一层 m′ 个单元：看到 m 个数 → m′·(m + 1)；若看到全部 k·m 个过滤器 → m′·(k·m + 1)' },
      '这就是笔记里那句话的意思：如果只保留每一组的最大值而不丢失重要的信息，那么下一层需要的权重就是读取全部过滤器时的 k 分之一。这里两层各 4 个 maxout 单元加一个输出单元，共有 32k + 5 个权重和偏置：k = 2、3、4 时分别是 69、101、133；第二层读到的是 4 个数，而不是 4k 个。两层等宽的 ReLU 网络中，与之最接近的是宽度 6、8、9（67、105、127 个）；宽度 4（37 个）的单元数与 maxout 网络相同。',
      { h: '实验设置' },
      `圆形数据集，两个隐藏层，sigmoid 输出，默认学习率的普通 SGD，训练 ${epochs} 轮，每个网络都用权重种子 1–${n}（测试还在另外两组各 ${n} 个新种子、新数据上重复）。对每个网络，统计实验记录测试准确率第一次达到 90% 的轮数（没达到的按 ${epochs} 轮计）以及训练 ${epochs} 轮后的测试准确率。下面的差值都是各种子平均值之差，95% 置信区间见各结论的实测值。`,
      { h: '哪些说法成立' },
      '单元数同为 4 个时，maxout 比 ReLU 学得快得多——但它的权重多了一倍以上。在权重个数（几乎）相同时，差别就小了：69 对 67 个权重时，k = 2 的 maxout 比宽度 6 的 ReLU 早几轮达到 90%；133 对 127 个权重时，两者差不多。段数多了在这里没有帮助：k = 3 和 k = 4 并不比 k = 2 学得快，而 ReLU 加宽后还在继续变快。权重不少于 67 个的网络，在这个简单的数据集上最后的测试准确率都很高，所以差别在于速度，而不在于结果。这只是一个简单数据集、一种优化器上的结果，不是普遍结论。',
      'maxout 在实践中是否被使用过，ReLU Lab 无法测量。文献中的说法（请读者自行查证，并非我们的实验结果）：maxout 由 Goodfellow、Warde-Farley、Mirza、Courville 和 Bengio 在《Maxout Networks》（ICML 2013）中提出，是专门为配合 dropout 而设计的激活函数。至于 k 怎么定：它和宽度一样是自己选的设置；在这个数据集上，我们的实验提示：先试 k = 2，多余的权重先花在宽度上，再考虑增加段数。',
    ],
  },
  presets: [
    { id: 'same-units', label: { en: 'maxout k = 2 vs ReLU, 2 × 4 units', zh: 'maxout k = 2 对 ReLU，2 × 4 个单元' },
      config: { ...config, activations: ['maxout', 'relu'], maxoutK: 2 }, epochs, speed: 30 },
    { id: 'relu-6', label: { en: 'ReLU 2 × 6 (67 weights)', zh: 'ReLU 2 × 6（67 个权重）' },
      config: { ...config, hidden: [6, 6], activations: ['relu'] }, epochs, speed: 30 },
  ],
  study: { kind: 'maxoutBudget', config, nets, seeds, epochs, target: 0.9 },
  // What the text states by construction (not a finding, so not a claim), checked against the
  // study's result on every block like the claims: the weight counts of the networks compared.
  facts: [
    {
      id: 'weight-counts',
      holds: (r) => r.rows.every((x) => x.parameters === (x.k ? 32 * x.k + 5 : x.width ** 2 + 5 * x.width + 1))
        && r.rows.map((x) => x.parameters).join() === [69, 101, 133, 37, 67, 105, 127].join(),
    },
  ],
  // Every claim holds on seeds 1–20 and on fresh blocks of 20 (tests/web/lessons.test.mjs);
  // before writing them we checked them on 14 blocks of 20 seeds (the three of the tests and eleven more).
  claims: [
    {
      id: 'same-units',
      text: { en: 'With the same 2 × 4 units, ReLU (37 weights) needs at least 10 more epochs than maxout with k = 2 (69 weights) to reach 90%, on average.',
        zh: '单元数同为 2 × 4 时，ReLU（37 个权重）达到 90% 所需的轮数平均比 k = 2 的 maxout（69 个权重）至少多 10 轮。' },
      falsifiedBy: 'a mean gap (ReLU width 4 minus maxout k = 2, misses as 60) below 10 epochs',
      holds: (r) => mean(gap(r, relu(r, 4), maxout(r, 2))) >= 10,
      measured: (r) => `ReLU 4 − maxout k=2: ${show(interval95(gap(r, relu(r, 4), maxout(r, 2))))} epochs`,
    },
    {
      id: 'equal-budget',
      text: { en: 'At equal weights the gap is small and closes: maxout k = 2 (69) reaches 90% at least 2 epochs sooner than ReLU width 6 (67) on average, but maxout k = 4 (133) and ReLU width 9 (127) are within 5 epochs of each other, and maxout\'s lead there is smaller than at 69/67.',
        zh: '权重相同时差距很小，而且在缩小：k = 2 的 maxout（69 个）平均比宽度 6 的 ReLU（67 个）至少早 2 轮达到 90%；但 k = 4 的 maxout（133 个）与宽度 9 的 ReLU（127 个）平均相差不超过 5 轮，而且 maxout 的领先比 69/67 时小。' },
      falsifiedBy: 'maxout k = 2 less than 2 epochs sooner than ReLU width 6 on average, a mean gap of more than 5 epochs either way between maxout k = 4 and ReLU width 9, or a lead at 133/127 at least as large as at 69/67',
      holds: (r) => {
        const low = mean(gap(r, relu(r, 6), maxout(r, 2))), high = mean(gap(r, relu(r, 9), maxout(r, 4)));
        return low >= 2 && Math.abs(high) <= 5 && high < low;
      },
      measured: (r) => `ReLU 6 − maxout k=2: ${show(interval95(gap(r, relu(r, 6), maxout(r, 2))))}; ReLU 9 − maxout k=4: ${show(interval95(gap(r, relu(r, 9), maxout(r, 4))))}; ReLU 8 − maxout k=3: ${show(interval95(gap(r, relu(r, 8), maxout(r, 3))))}`,
    },
    {
      id: 'pieces-vs-width',
      text: { en: 'More pieces do not buy speed here: the mean epochs of maxout with k = 2, 3 and 4 lie within 5 of each other, while ReLU going from width 6 to 9 (67 → 127 weights) reaches 90% at least 2 epochs sooner on average.',
        zh: '这里增加段数换不来速度：k = 2、3、4 的 maxout 平均轮数彼此相差不超过 5 轮；而 ReLU 从宽度 6 加到 9（67 → 127 个权重），平均至少早 2 轮达到 90%。' },
      falsifiedBy: 'a spread of more than 5 epochs between the mean epochs of maxout k = 2, 3, 4, or ReLU width 9 less than 2 epochs sooner than width 6 on average',
      holds: (r) => spreadOfMaxout(r) <= 5 && mean(gap(r, relu(r, 6), relu(r, 9))) >= 2,
      measured: (r) => `maxout k=2/3/4: ${ks.map((k) => fixed(mean(epochsOf(r, maxout(r, k))), 1)).join(' / ')} (spread ${fixed(spreadOfMaxout(r), 1)}); ReLU 6 − ReLU 9: ${show(interval95(gap(r, relu(r, 6), relu(r, 9))))}`,
    },
    {
      id: 'accuracy',
      text: { en: `After ${epochs} epochs every maxout network and every ReLU network with 67 weights or more has a mean test accuracy of at least 95%.`,
        zh: `训练 ${epochs} 轮后，所有 maxout 网络以及权重不少于 67 个的 ReLU 网络，平均测试准确率都至少为 95%。` },
      falsifiedBy: 'a mean test accuracy below 95% for a maxout network or for ReLU width 6, 8 or 9',
      holds: (r) => matched(r).every((x) => mean(x.accuracy) >= 0.95),
      measured: (r) => matched(r).map((x) => `${x.activation}${x.k ? ` k=${x.k}` : ` ${x.width}`}: ${pct(mean(x.accuracy), 1)}`).join(', '),
    },
  ],
};
