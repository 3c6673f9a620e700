// Lesson 11: which activation learns fastest? Epochs to 90% test accuracy, per activation and data set.
import { setup } from './common.js';
import { fixed } from '../shared/format.js';
import { mean, interval95 } from './study-tools.js';

const config = setup({ hidden: [8, 8] });
const activations = ['relu', 'leaky_relu', 'prelu', 'elu', 'abs', 'maxout', 'tanh', 'sigmoid'];
const datasets = ['circle', 'xor', 'moons'];
const maxEpochs = 200;
const cell = (r, d, a) => r.cells.find((c) => c.dataset === d && c.activation === a);
const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
const n = seeds.length;
/** Epochs per seed with runs that never got there counted as maxEpochs (flatters the slow ones). */
const capped = (r, d, a) => cell(r, d, a).epochs.map((e) => e ?? r.maxEpochs);
const meanCapped = (r, d, a) => mean(capped(r, d, a));
/** Per seed (same data, same weights): a's epochs minus ReLU's, capped. */
const diff = (r, d, a) => capped(r, d, a).map((e, i) => e - capped(r, d, 'relu')[i]);
const meanDiff = (r, d, a) => mean(diff(r, d, a));
const showDiff = (r, d, a) => { const x = interval95(diff(r, d, a)); return `${fixed(x.mean, 1)} (${fixed(x.lo, 1)} to ${fixed(x.hi, 1)})`; };

export default {
  id: 'fastest',
  number: 11,
  title: { en: 'Which activation learns fastest?', zh: '哪种激活函数学得最快？' },
  summary: {
    en: 'Epochs to reach 90% test accuracy for eight activations on three data sets, over 10 seeds: "converges faster than sigmoid/tanh" and "occasionally better", with numbers.',
    zh: '八种激活函数在三个数据集上达到 90% 测试准确率所需的轮数（10 个种子）：用数字检验「收敛比 sigmoid/tanh 快」和「偶尔表现得更好」。',
  },
  notes: {
    zh: '收敛速度比 sigmoid / tanh 函数快，这个是在实践中证明了的。 ／ 有很多整流线性单元的扩展存在。大多数这些扩展的表现比得上整流线性单元，并且偶尔表现得更好。。。偶尔表现得更好',
    en: 'It converges faster than sigmoid / tanh — this has been shown in practice. / Many extensions of rectified linear units exist. Most of them perform comparably to rectified linear units and occasionally perform better. (…occasionally better.)',
  },
  body: {
    en: [
      'A simple measure of speed: the first epoch at which the test accuracy reaches 90%. Each activation trains on its own, from the same initial weights (equal-shape layers are equal) and the same batch order as the others, for up to 200 epochs.',
      { h: 'The experiment' },
      'Circle, XOR and two moons; two hidden layers of 8 units; plain SGD at the default rate (0.03) with batches of 10; 10 seeds, each with its own data and its own weights (the tests also on two blocks of 10 fresh seeds). The table gives the mean ± standard deviation of the epochs it took, over the runs that got there, and how many of the 10 did. In every comparison below a run that never got there counts as 200, which flatters the slow ones, and activations are compared seed by seed: the same data and weights, so the difference in epochs has its own mean and 95% interval.',
      { h: 'What the numbers say' },
      'Against sigmoid, ReLU wins everywhere and by a wide margin. Against tanh it is a split decision: ReLU is faster on circle and XOR, tanh on two moons. The extensions are more than "occasionally" better on circle, where ELU and maxout get there sooner than ReLU, and maxout is also sooner on two moons; ELU\'s lead on two moons comes and goes with the seeds. On XOR nearly everyone except sigmoid and tanh gets there within a few epochs, and the differences are an epoch or two — ties. Leaky ReLU with a = 0.01 is practically ReLU.',
      'Speed to 90% is one measure among many, measured here with one optimiser at one learning rate; with others the ranking may well change. That is the honest reading of "occasionally better": it depends on the task and the training.',
    ],
    zh: [
      '一个简单的速度指标：测试准确率第一次达到 90% 时的轮数。每种激活函数单独训练，与其他激活函数使用相同的初始权重（形状相同的层权重相同）和相同的批次顺序，最多训练 200 轮。',
      { h: '实验设置' },
      '圆形、异或和双月牙三个数据集；两个隐藏层、每层 8 个单元；默认学习率（0.03）的普通 SGD，批大小 10；10 个种子，每个种子的数据和权重都不同（测试还在另外两组各 10 个新种子上重复）。表中给出达到目标的那些运行所用轮数的平均值 ± 标准差，以及 10 次中有几次达到。在下面的每一项比较中，没有达到的运行都按 200 轮计，这对慢的一方是有利的；并且逐个种子配对比较：数据和权重相同，轮数之差有它自己的平均值和 95% 置信区间。',
      { h: '数字说明了什么' },
      '与 sigmoid 相比，ReLU 处处领先，而且领先很多。与 tanh 相比则各有胜负：ReLU 在圆形和异或上更快，tanh 在双月牙上更快。各种扩展在圆形上不只是「偶尔」更好：ELU 和 maxout 都比 ReLU 更早达到目标；在双月牙上 maxout 也更早，而 ELU 的领先随种子时有时无。在异或上，除了 sigmoid 和 tanh，几乎所有激活函数都在几轮之内达到目标，差别只有一两轮——算是平手。a = 0.01 的 Leaky ReLU 实际上就是 ReLU。',
      '达到 90% 的速度只是众多指标之一，而且这里只用了一种优化器、一个学习率；换成别的，排名很可能会变。这才是「偶尔表现得更好」的诚实解读：要看任务，也要看训练方式。',
    ],
  },
  presets: datasets.map((dataset) => ({
    id: dataset, label: { en: { circle: 'Circle', xor: 'XOR', moons: 'Two moons' }[dataset], zh: { circle: '圆形', xor: '异或', moons: '双月牙' }[dataset] },
    config: { ...config, dataset, activations }, epochs: 60, speed: 10,
  })),
  study: { kind: 'fastest', config, datasets, activations, seeds, maxEpochs, target: 0.9 },
  // Every claim holds on seeds 1–10 and on fresh blocks of 10 (tests/web/lessons.test.mjs). All
  // comparisons count a miss as 200 epochs and pair the runs seed by seed.
  claims: [
    {
      id: 'vs-sigmoid',
      text: { en: `ReLU reaches 90% in all ${n} seeds on every data set, at least 2 times sooner than sigmoid on average on each, and on circle and XOR sooner than sigmoid in at least 9 of ${n} seeds (on two moons sigmoid is now and then as fast).`,
        zh: `ReLU 在每个数据集上的 ${n} 个种子都达到了 90%，在每个数据集上平均都比 sigmoid 快至少 2 倍；在圆形和异或上，${n} 个种子中至少 9 个比 sigmoid 快（在双月牙上，sigmoid 偶尔一样快）。` },
      falsifiedBy: 'a ReLU run that misses 90%, a data set where sigmoid\'s capped mean is under 2 times ReLU\'s, or sigmoid as fast as ReLU in 2 or more seeds on circle or XOR',
      holds: (r) => datasets.every((d) => cell(r, d, 'relu').reached === r.seeds.length
        && meanCapped(r, d, 'sigmoid') >= 2 * meanCapped(r, d, 'relu'))
        && ['circle', 'xor'].every((d) => diff(r, d, 'sigmoid').filter((x) => x > 0).length >= r.seeds.length - 1),
      measured: (r) => datasets.map((d) => `${d} ${fixed(meanCapped(r, d, 'relu'), 1)} vs ${fixed(meanCapped(r, d, 'sigmoid'), 0)}`).join(', '),
    },
    {
      id: 'vs-tanh',
      text: { en: `Tanh takes at least 5 epochs longer than ReLU on average on circle and on XOR, but on two moons tanh is faster on average and in at least 6 of ${n} seeds.`,
        zh: `平均而言，tanh 在圆形和异或上比 ReLU 至少多用 5 轮；但在双月牙上 tanh 平均更快，并且在 ${n} 个种子中至少 6 个上更快。` },
      falsifiedBy: 'a mean paired difference (tanh − ReLU) under 5 epochs on circle or XOR, or not negative on two moons, or tanh faster in fewer than 6 of 10 seeds on two moons',
      holds: (r) => meanDiff(r, 'circle', 'tanh') >= 5 && meanDiff(r, 'xor', 'tanh') >= 5 && meanDiff(r, 'moons', 'tanh') < 0
        && diff(r, 'moons', 'tanh').filter((x) => x < 0).length >= 6,
      measured: (r) => datasets.map((d) => `${d} tanh − ReLU ${showDiff(r, d, 'tanh')}`).join(', '),
    },
    {
      id: 'extensions',
      text: { en: 'On circle, ELU reaches 90% at least 2 epochs sooner than ReLU on average and maxout sooner on average; on two moons maxout is sooner on average (all paired). ELU\'s lead on two moons is not reliable: on some blocks of seeds it vanishes.',
        zh: '在圆形上，ELU 平均比 ReLU 至少早 2 轮达到 90%，maxout 平均也更早；在双月牙上，maxout 平均更早（均为配对比较）。ELU 在双月牙上的领先并不可靠：在有些种子组上它会消失。' },
      falsifiedBy: 'a mean paired difference above −2 epochs for ELU on circle, or not negative for maxout on circle or on two moons',
      holds: (r) => meanDiff(r, 'circle', 'elu') <= -2 && meanDiff(r, 'circle', 'maxout') < 0 && meanDiff(r, 'moons', 'maxout') < 0,
      measured: (r) => ['circle', 'moons'].map((d) => ['elu', 'maxout'].map((a) => `${d} ${a} − ReLU ${showDiff(r, d, a)}`).join(', ')).join('; '),
    },
    {
      id: 'xor-ties',
      text: { en: 'On XOR the race is a tie: ReLU, Leaky ReLU, PReLU, ELU, abs and maxout all take at most 6 epochs on average, and ELU is within 3 epochs of ReLU on average.',
        zh: '在异或上这场比赛是平手：ReLU、Leaky ReLU、PReLU、ELU、abs 和 maxout 平均都至多用 6 轮，ELU 与 ReLU 平均相差不超过 3 轮。' },
      falsifiedBy: 'a mean above 6 epochs on XOR for one of these six, or ELU more than 3 epochs from ReLU on average',
      holds: (r) => ['relu', 'leaky_relu', 'prelu', 'elu', 'abs', 'maxout'].every((a) => meanCapped(r, 'xor', a) <= 6) && Math.abs(meanDiff(r, 'xor', 'elu')) <= 3,
      measured: (r) => `${['relu', 'leaky_relu', 'prelu', 'elu', 'abs', 'maxout'].map((a) => `${a} ${fixed(meanCapped(r, 'xor', a), 1)}`).join(', ')}; ELU − ReLU ${showDiff(r, 'xor', 'elu')}`,
    },
    {
      id: 'leaky',
      text: { en: `Leaky ReLU (a = 0.01) is practically ReLU: within 4 epochs of it on average on every data set, and at exactly the same epoch in at least 3 of ${n} seeds on each.`,
        zh: `Leaky ReLU（a = 0.01）实际上就是 ReLU：在每个数据集上与 ReLU 平均相差不超过 4 轮，并且在每个数据集上至少 3 个种子（共 ${n} 个）恰好在同一轮达到。` },
      falsifiedBy: 'a mean paired difference beyond ±4 epochs on some data set, or the same epoch in fewer than 3 of 10 seeds',
      holds: (r) => datasets.every((d) => Math.abs(meanDiff(r, d, 'leaky_relu')) <= 4 && diff(r, d, 'leaky_relu').filter((x) => x === 0).length >= 3),
      measured: (r) => datasets.map((d) => `${d} ${showDiff(r, d, 'leaky_relu')}, same epoch ${diff(r, d, 'leaky_relu').filter((x) => x === 0).length}/${r.seeds.length}`).join('; '),
    },
  ],
};
