// Lesson 3: deep, narrow ReLU networks are often dead at initialisation ("born dead").
import { setup } from './common.js';
import { pct, fixed } from '../shared/format.js';

const deep = (width) => Array(8).fill(width);
const activations = ['relu', 'leaky_relu', 'elu', 'tanh'];
const cell = (r, w, d) => r.grid.find((g) => g.width === w && g.depth === d);
const trainedRuns = (r, a) => r.trained.runs.filter((x) => x.activation === a);
const trainedSeeds = Array.from({ length: 20 }, (_, i) => i + 1);
const nt = trainedSeeds.length;
/** Trained networks of activation a that learned: test accuracy at least the study's learnedAt. */
const learned = (r, a) => trainedRuns(r, a).filter((x) => x.testAccuracy >= r.trained.learnedAt).length;

export default {
  id: 'born-dead',
  number: 3,
  title: { en: 'Born dead', zh: '初始化时就已死亡' },
  summary: {
    en: 'Deep, narrow ReLU networks are often dead before training starts. How often, over hundreds of seeds, next to wider networks.',
    zh: '又深又窄的 ReLU 网络常常在训练开始前就已经死了（初始化时就已死亡）。用几百个随机种子统计它有多常见，并与更宽的网络对比。',
  },
  /** The works the text cites, for the years it names (the tests match each year to a source). */
  sources: [{ authors: 'Lu, Shin, Su & Karniadakis', title: 'Dying ReLU and initialization: theory and numerical examples', year: 2019 }],
  notes: {
    zh: '如果你的输入不巧全部在 ReLU 的左侧，即 Dead Area，那么这个神经元就挂掉了……但是呢，这个发生的概率很小，因为是一批一批训练的。',
    en: 'If a unit\'s inputs all happen to fall on the left side of ReLU, the dead area, the neuron is gone… but this is unlikely, because training goes batch by batch.',
  },
  body: {
    en: [
      'At initialisation each ReLU unit is active on roughly half of the inputs. With many units per layer, some unit is almost always active on every input. With only two, there is a real chance that on every input both are at 0 in some layer — and then every layer after it sees nothing but its biases, which start at 0. The output is the same number for every input: the network is born dead. Lu, Shin, Su & Karniadakis ("Dying ReLU and initialization", 2019) prove that under symmetric initialisations this becomes certain as the depth grows.',
      'A born-dead network cannot learn. Below the all-zero layer every gradient is exactly 0 (with relu′(0) = 0, the lab\'s default — lesson 10 shows what changes otherwise); only the output bias moves, towards the share of each class. Batch-by-batch training does not help, because every batch sees the same dead layer.',
      { h: 'The study' },
      'For widths 2, 3, 4 and 8 and depths 1 to 8 (the lab\'s maximum), 200 He-normal initialisations each, with zero biases, evaluated on the two-moons training set: the share of networks whose output is constant, and the share of dead units. Then 20 networks 2 wide and 8 deep are trained for 100 epochs with ReLU, Leaky ReLU, ELU and tanh from the same initial weights.',
      'The presets show seed 1 at width 2 and at width 8, both 8 layers deep, with the same four activations.',
      { h: 'So is it unlikely?' },
      'For a single unit in a wide network, yes. For a whole deep and narrow network, no: it becomes the rule. The numbers below are our own measurement on the two-moons training set, checked by the tests on three blocks of seeds; they show the trend Lu et al. prove, but they are not figures from their paper.',
    ],
    zh: [
      '初始化时，每个 ReLU 单元大约在一半的输入上处于激活状态。每层单元多的时候，几乎总有某个单元对每个输入都是激活的。每层只有两个单元时，「在某一层、对所有输入，两个单元都为 0」的可能性就不小了——一旦如此，这一层之后的每一层都只能看到自己的偏置，而偏置初值为 0。于是网络对所有输入输出同一个数：它在初始化时就已经死了。Lu、Shin、Su、Karniadakis（《Dying ReLU and initialization》，2019）证明了：在对称的初始化下，随着深度增加，这几乎必然发生。',
      '初始化时就已死亡的网络学不会任何东西。全零层以下的梯度全部恰好为 0（在 relu′(0) = 0 这一 ReLU Lab 的默认约定下；换成别的约定会怎样，见第 10 课）；只有输出层的偏置会动，移向各类样本所占的比例。一批一批地训练也无济于事，因为每一批看到的都是同一个死掉的层。',
      { h: '统计实验' },
      '宽度取 2、3、4、8，深度取 1 到 8（ReLU Lab 的上限），每种组合做 200 次 He 正态初始化，偏置为 0，在双月牙训练集上评估：输出为常数的网络比例，以及死亡单元的比例。然后把 20 个宽 2、深 8 的网络分别用 ReLU、Leaky ReLU、ELU 和 tanh 从相同的初始权重训练 100 轮。',
      '预设显示的是种子 1 下宽度为 2 和宽度为 8 的两个 8 层网络，使用同样的四种激活函数。',
      { h: '那么，概率真的很小吗？' },
      '对宽网络中的单个单元来说，是的。对整个又深又窄的网络来说，不是：这反而成了常态。下面的数字是我们自己在双月牙训练集上的测量，测试在三组种子上检验过；它们呈现出 Lu 等人所证明的趋势，但并不是他们论文里的数字。',
    ],
  },
  presets: [
    { id: 'narrow', label: { en: '2 wide, 8 deep', zh: '宽 2、深 8' }, config: setup({ dataset: 'moons', hidden: deep(2), activations }), epochs: 100, speed: 30 },
    { id: 'wide', label: { en: '8 wide, 8 deep', zh: '宽 8、深 8' }, config: setup({ dataset: 'moons', hidden: deep(8), activations }), epochs: 100, speed: 30 },
  ],
  study: {
    kind: 'bornDead', config: setup({ dataset: 'moons' }), widths: [2, 3, 4, 8], depths: [1, 2, 3, 4, 5, 6, 7, 8], seeds: 200,
    trained: { hidden: deep(2), activations, seeds: trainedSeeds, epochs: 100, learnedAt: 0.7 },
  },
  // Every claim holds on seeds 1–200 (grid) and 1–20 (trained), and on fresh blocks of the same
  // sizes with fresh data (tests/web/lessons.test.mjs).
  claims: [
    {
      id: 'grows-with-depth',
      text: { en: 'Width 2: the share of born-dead networks never falls as depth grows, from 0% at depth 1 to at least 70% at depth 8 (200 networks per depth).',
        zh: '宽度 2：初始化时就已死亡的网络比例随深度增加而不降，从深度 1 的 0% 到深度 8 的至少 70%（每个深度 200 个网络）。' },
      falsifiedBy: 'a drop from one depth to the next, any born-dead network at depth 1, or less than 70% at depth 8',
      holds: (r) => r.depths.every((d, i) => i === 0 || cell(r, 2, d).bornDead >= cell(r, 2, r.depths[i - 1]).bornDead)
        && cell(r, 2, 1).bornDead === 0 && cell(r, 2, 8).bornDead >= 0.7,
      measured: (r) => r.depths.map((d) => pct(cell(r, 2, d).bornDead)).join(' → '),
    },
    {
      id: 'depth-five',
      text: { en: 'Width 2, depth 5 (our measurement on this data set, not a figure from the paper): between 45% and 70% of the 200 networks are born dead.',
        zh: '宽度 2、深度 5（我们在这个数据集上的测量，不是论文中的数字）：200 个网络中有 45% 到 70% 初始化时就已死亡。' },
      falsifiedBy: 'a share below 45% or above 70% at width 2, depth 5',
      holds: (r) => cell(r, 2, 5).bornDead >= 0.45 && cell(r, 2, 5).bornDead <= 0.7,
      measured: (r) => pct(cell(r, 2, 5).bornDead, 1),
    },
    {
      id: 'wider',
      text: { en: 'Width 4 at depth 8: fewer than 30% born dead; width 8: at most 2 of 200 at any depth — although even there at least 12% of the units are dead at depth 8.',
        zh: '宽度 4、深度 8：初始化时就已死亡的不到 30%；宽度 8：任何深度都至多 200 个中的 2 个——尽管在深度 8 时仍至少有 12% 的单元是死的。' },
      falsifiedBy: '30% or more born dead at width 4, depth 8; more than 2 of 200 at width 8; or under 12% dead units at width 8, depth 8',
      holds: (r) => cell(r, 4, 8).bornDead < 0.3 && r.depths.every((d) => cell(r, 8, d).bornDead * r.seeds <= 2)
        && cell(r, 8, 8).deadFraction >= 0.12,
      measured: (r) => `4×8: ${pct(cell(r, 4, 8).bornDead, 1)}; 8 wide: ${r.depths.map((d) => Math.round(cell(r, 8, d).bornDead * r.seeds)).join('/')} of ${r.seeds}, dead units at depth 8 ${pct(cell(r, 8, 8).deadFraction)}`,
    },
    {
      id: 'cannot-learn',
      text: { en: `Trained for 100 epochs (width 2, depth 8, ${nt} seeds): at least half of the ReLU networks are born dead, and every one of those is still at chance (test accuracy at most 55%).`,
        zh: `训练 100 轮（宽 2、深 8，${nt} 个种子）：至少一半的 ReLU 网络初始化时就已死亡，而其中每一个都仍停留在随机猜测水平（测试准确率至多 55%）。` },
      falsifiedBy: 'fewer than half born dead, or any born-dead network above 55% after training',
      holds: (r) => {
        const born = trainedRuns(r, 'relu').filter((x) => x.bornDead);
        return born.length * 2 >= trainedRuns(r, 'relu').length && born.every((x) => x.testAccuracy <= 0.55);
      },
      measured: (r) => {
        const born = trainedRuns(r, 'relu').filter((x) => x.bornDead);
        return `${born.length}/${trainedRuns(r, 'relu').length}, best ${fixed(Math.max(...born.map((x) => x.testAccuracy)))}`;
      },
    },
    {
      id: 'others-learn',
      text: { en: `From the same initial weights, ELU and tanh learn (test accuracy at least 70%) in at least 18 of ${nt} seeds; Leaky ReLU (a = 0.01) in at most 13 and ReLU in at most 6.`,
        zh: `从相同的初始权重出发，ELU 和 tanh 在 ${nt} 个种子中至少 18 个上学会（测试准确率至少 70%）；Leaky ReLU（a = 0.01）至多 13 个，ReLU 至多 6 个。` },
      falsifiedBy: 'ELU or tanh learning in fewer than 18 of 20, Leaky ReLU in more than 13, or ReLU in more than 6',
      holds: (r) => ['elu', 'tanh'].every((a) => learned(r, a) >= 18) && learned(r, 'leaky_relu') <= 13 && learned(r, 'relu') <= 6,
      measured: (r) => activations.map((a) => `${a} ${learned(r, a)}/${trainedRuns(r, a).length}`).join(', '),
    },
  ],
};
