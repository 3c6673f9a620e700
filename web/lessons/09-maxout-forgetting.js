// Lesson 9: catastrophic forgetting — maxout against ReLU (and tanh), task A then task B.
import { setup } from './common.js';
import { pct } from '../shared/format.js';
import { interval95 } from './study-tools.js';

const config = setup({ hidden: [8, 8] });
const activations = ['relu', 'maxout', 'tanh'];
const pairs = [['moons', 'circle'], ['circle', 'moons'], ['xor', 'moons'], ['moons', 'xor']];
/** Per run (pair and seed): maxout's drop on A minus ReLU's. */
const maxoutMinusRelu = (r) => {
  const drops = (a) => r.runs.filter((x) => x.activation === a).map((x) => x.before - x.after);
  return drops('maxout').map((d, i) => d - drops('relu')[i]);
};
const cell = (r, pair, a) => r.cells.find((c) => c.pair === pair && c.activation === a);

export default {
  id: 'maxout-forgetting',
  number: 9,
  title: { en: 'Maxout and forgetting', zh: 'maxout 与灾难性遗忘' },
  summary: {
    en: 'Train on one task, then on another: how much of the first is forgotten with maxout and with ReLU, over several seeds. The notes\' claim does not reproduce here.',
    zh: '先学一个任务，再学另一个：maxout 和 ReLU 各忘掉了多少第一个任务？用多个随机种子来测。笔记中的说法在这里没有得到验证。',
  },
  /** The works the text cites, for the years it names (the tests match each year to a source). */
  sources: [{ authors: 'Goodfellow, Mirza, Xiao, Courville & Bengio', title: 'An empirical investigation of catastrophic forgetting in gradient-based neural networks', year: 2013 }],
  notes: {
    zh: '因为每个单元由多个过滤器驱动，maxout 单元具有一些冗余来帮助它们抵抗一种被称为灾难遗忘的现象，这个现象是说神经网络忘记了如何执行它们过去训练的任务。什么是灾难遗忘？',
    en: 'Because each unit is driven by multiple filters, maxout units have some redundancy that helps them to resist a phenomenon called catastrophic forgetting, in which neural networks forget how to perform tasks that they were trained on in the past. What is catastrophic forgetting?',
  },
  body: {
    en: [
      'Catastrophic forgetting: a network trained on task A and then only on task B loses much of what it knew about A. Nothing in gradient descent protects A: every step on B moves whatever weights help B, including the ones A relied on.',
      'To make that a fair test, the two tasks here live in different places: task A is a data set squeezed into the left half of the plane, task B another one squeezed into the right half. One network could perfectly well hold both — so whatever A loses while the network learns B is forgetting, not a lack of room.',
      'The argument for maxout is redundancy: each unit has k pieces, and a piece B does not need might keep A\'s solution. Measured, over four pairs of tasks and six seeds, it does not show: maxout does not forget measurably less than ReLU (on some blocks of seeds it forgets more). Which activation forgets least depends on the pair of tasks — tanh is the best of the three on one pair and the worst on another — and the spread between seeds is large.',
      'This agrees with the study the book\'s remark comes from (Goodfellow, Mirza, Xiao, Courville & Bengio, 2013): there, training with dropout was what helped most, and the ranking of activation functions changed from one pair of tasks to the next. ReLU Lab trains without dropout.',
      { h: 'The experiment' },
      'Two hidden layers of 8 units (maxout with k = 2), plain SGD at the default rate: 100 epochs on A, then 100 epochs on B, with the same batch order for every activation. Pairs: moons → circle, circle → moons, XOR → moons, moons → XOR; seeds 1–6 (weights and data; the tests also on two blocks of 6 fresh seeds). The drop is A\'s test accuracy before minus after training on B.',
      'The lab cannot train on one data set and then another, so the presets show the two tasks of the first pair at full size, each trained from scratch.',
    ],
    zh: [
      '灾难性遗忘：一个网络先在任务 A 上训练，之后只在任务 B 上训练，就会丢掉它对 A 的大部分认识。梯度下降中没有任何东西保护 A：在 B 上的每一步都会去改动对 B 有用的权重，包括 A 所依赖的那些。',
      '为了让测试公平，这里的两个任务位于平面上不同的地方：任务 A 是压缩到平面左半边的一个数据集，任务 B 是压缩到右半边的另一个数据集。一个网络完全可以同时容纳两者——所以网络学 B 时 A 丢掉的东西，都是遗忘，而不是容量不够。',
      '支持 maxout 的理由是冗余：每个单元有 k 段，B 用不上的那一段也许能保留 A 的解。实测结果（四组任务、六个种子）并没有显示出这一点：maxout 并没有可测出地比 ReLU 忘得少（在有些种子组上它忘得更多）。哪种激活函数忘得最少，取决于是哪一组任务——tanh 在一组任务上是三者中最好的，在另一组上却是最差的——而且不同种子之间差别很大。',
      '这与书中这句话的出处（Goodfellow、Mirza、Xiao、Courville、Bengio，2013）是一致的：在那项研究中，最有帮助的是用 dropout 训练，而各激活函数的排名会随任务组而变。ReLU Lab 的训练没有使用 dropout。',
      { h: '实验设置' },
      '两个隐藏层、每层 8 个单元（maxout 取 k = 2），默认学习率的普通 SGD：先在 A 上训练 100 轮，再在 B 上训练 100 轮，每种激活函数的批次顺序相同。任务组：双月牙 → 圆形、圆形 → 双月牙、异或 → 双月牙、双月牙 → 异或；种子 1–6（权重和数据；测试还在另外两组各 6 个新种子上重复）。遗忘量 = 在 B 上训练之前 A 的测试准确率减去之后的。',
      'ReLU Lab 不能先在一个数据集上训练、再换另一个接着训练，所以预设只展示第一组的两个任务（原尺寸），各自从头训练。',
    ],
  },
  presets: [
    { id: 'task-a', label: { en: 'Task A: moons', zh: '任务 A：双月牙' }, config: { ...config, dataset: 'moons', activations }, epochs: 100, speed: 30 },
    { id: 'task-b', label: { en: 'Task B: circle', zh: '任务 B：圆形' }, config: { ...config, dataset: 'circle', activations }, epochs: 100, speed: 30 },
  ],
  study: { kind: 'forgetting', config, pairs, activations, seeds: [1, 2, 3, 4, 5, 6], epochs: 100,
    training: { optimizer: 'sgd', learningRate: 0.03, batchSize: 10 } },
  claims: [
    {
      id: 'learned-b',
      falsifiedBy: 'a mean test accuracy on task B below 80% for some case',
      text: { en: 'Task B is learned in every case (mean test accuracy on B at least 80%), so the drop on A is not a failure to train.',
        zh: '任务 B 在每种情况下都学会了（B 上的平均测试准确率至少 80%），所以 A 上的下降不是训练失败造成的。' },
      holds: (r) => r.cells.every((c) => c.learnedB >= 0.8),
      measured: (r) => pct(Math.min(...r.cells.map((c) => c.learnedB)), 1),
    },
    {
      id: 'all-forget',
      falsifiedBy: 'a mean drop on task A below 20 points for some activation',
      text: { en: 'All three forget a lot: averaged over pairs and seeds, A loses at least 20 points of test accuracy.',
        zh: '三种激活函数都忘得很多：对任务组和种子取平均，A 的测试准确率至少下降 20 个百分点。' },
      holds: (r) => activations.every((a) => r.meanDrop[a] >= 0.2),
      measured: (r) => activations.map((a) => `${a} ${pct(r.meanDrop[a], 1)}`).join(', '),
    },
    {
      id: 'no-advantage',
      falsifiedBy: 'a 95% interval of maxout\'s drop minus ReLU\'s lying entirely below −2 points (maxout reliably forgetting less)',
      text: { en: 'Maxout does not forget measurably less than ReLU: run by run (same pair, same seed), maxout\'s drop minus ReLU\'s has a 95% interval whose upper end is above −2 points.',
        zh: 'maxout 并没有可测出地比 ReLU 忘得少：逐次配对（相同任务组、相同种子），maxout 的遗忘量减去 ReLU 的，其 95% 置信区间的上端高于 −2 个百分点。' },
      holds: (r) => interval95(maxoutMinusRelu(r)).hi > -0.02,
      measured: (r) => { const x = interval95(maxoutMinusRelu(r)); return `ReLU ${pct(r.meanDrop.relu, 1)}, maxout ${pct(r.meanDrop.maxout, 1)}; difference ${pct(x.mean, 1)} (${pct(x.lo, 1)} to ${pct(x.hi, 1)})`; },
    },
    {
      id: 'depends-on-pair',
      falsifiedBy: 'tanh never least or never most forgetful across the pairs',
      text: { en: 'The ranking depends on the pair of tasks: tanh forgets least of the three on at least one pair and most on at least one other.',
        zh: '排名取决于任务组：tanh 至少在一组任务上是三者中忘得最少的，又至少在另一组上是忘得最多的。' },
      holds: (r) => {
        const rank = r.pairs.map((p) => activations.map((a) => cell(r, p, a).drop.mean));
        return rank.some((d) => d[2] < d[0] && d[2] < d[1]) && rank.some((d) => d[2] > d[0] && d[2] > d[1]);
      },
      measured: (r) => r.pairs.map((p) => `${p}: ${activations.map((a) => pct(cell(r, p, a).drop.mean)).join('/')}`).join('; '),
    },
  ],
};
