// Lesson 3: deep, narrow ReLU networks are often dead at initialisation ("born dead").
import { setup, pct, fixed } from './common.js';

const deep = (width) => Array(8).fill(width);
const activations = ['relu', 'leaky_relu', 'elu', 'tanh'];
const cell = (r, w, d) => r.grid.find((g) => g.width === w && g.depth === d);
const trainedRuns = (r, a) => r.trained.runs.filter((x) => x.activation === a);

export default {
  id: 'born-dead',
  number: 3,
  title: { en: 'Born dead', zh: '生来就死' },
  summary: {
    en: 'Deep, narrow ReLU networks are often dead before training starts. How often, over hundreds of seeds, next to wider networks.',
    zh: '又深又窄的 ReLU 网络常常在训练开始前就已经死了。用几百个随机种子统计它有多常见，并与更宽的网络对比。',
  },
  notes: {
    zh: '如果你的输入不巧全部在 ReLU 的左侧，即 Dead Area，那么这个神经元就挂掉了……但是呢，这个发生的概率很小，因为是一批一批训练的。',
    en: 'If a unit\'s inputs all happen to fall on the left side of ReLU, the dead area, the neuron is gone… but this is unlikely, because training goes batch by batch.',
  },
  body: {
    en: [
      'At initialisation each ReLU unit is active on roughly half of the inputs. With many units per layer, some unit is almost always active on every input. With only two, there is a real chance that on every input both are at 0 in some layer — and then every layer after it sees nothing but its biases, which start at 0. The output is the same number for every input: the network is born dead (Lu, Shin, Su & Karniadakis, "Dying ReLU and initialization", 2019).',
      'A born-dead network cannot learn. Below the all-zero layer every gradient is exactly 0 (with relu′(0) = 0, the lab\'s default — lesson 10 shows what changes otherwise); only the output bias moves, towards the share of each class. Batch-by-batch training does not help, because every batch sees the same dead layer.',
      { h: 'The study' },
      'For widths 2, 3, 4 and 8 and depths 1 to 8 (the lab\'s maximum), 200 He-normal initialisations each, with zero biases, evaluated on the two-moons training set: the share of networks whose output is constant, and the share of dead units. Then 10 networks 2 wide and 8 deep are trained for 100 epochs with ReLU, Leaky ReLU, ELU and tanh from the same initial weights.',
      'The presets show seed 1 at width 2 and at width 8, both 8 layers deep, with the same four activations.',
      { h: 'So is it unlikely?' },
      'For a single unit in a wide network, yes. For a whole deep and narrow network, no: it becomes the rule. The numbers below agree with the Monte Carlo of Lu et al., who used a different input set.',
    ],
    zh: [
      '初始化时，每个 ReLU 单元大约在一半的输入上处于激活状态。每层单元多的时候，几乎总有某个单元对每个输入都是激活的。每层只有两个单元时，「在某一层、对所有输入，两个单元都为 0」的可能性就不小了——一旦如此，这一层之后的每一层都只能看到自己的偏置，而偏置初值为 0。于是网络对所有输入输出同一个数：它「生来就死」（Lu、Shin、Su、Karniadakis，《Dying ReLU and initialization》，2019）。',
      '生来就死的网络学不会任何东西。全零层以下的梯度全部恰好为 0（在 relu′(0) = 0 这一实验室默认约定下；换成别的约定会怎样，见第 10 课）；只有输出层的偏置会动，移向各类样本所占的比例。一批一批地训练也无济于事，因为每一批看到的都是同一个死掉的层。',
      { h: '统计实验' },
      '宽度取 2、3、4、8，深度取 1 到 8（实验室的上限），每种组合做 200 次 He 正态初始化，偏置为 0，在双月牙训练集上评估：输出为常数的网络比例，以及死亡单元的比例。然后把 10 个宽 2、深 8 的网络分别用 ReLU、Leaky ReLU、ELU 和 tanh 从相同的初始权重训练 100 轮。',
      '预设显示的是种子 1 下宽度为 2 和宽度为 8 的两个 8 层网络，使用同样的四种激活函数。',
      { h: '那么，概率真的很小吗？' },
      '对宽网络中的单个单元来说，是的。对整个又深又窄的网络来说，不是：这反而成了常态。下面的数字与 Lu 等人的蒙特卡罗结果相符，尽管他们用的输入集不同。',
    ],
  },
  presets: [
    { id: 'narrow', label: { en: '2 wide, 8 deep', zh: '宽 2、深 8' }, config: setup({ dataset: 'moons', hidden: deep(2), activations }), epochs: 100, speed: 30 },
    { id: 'wide', label: { en: '8 wide, 8 deep', zh: '宽 8、深 8' }, config: setup({ dataset: 'moons', hidden: deep(8), activations }), epochs: 100, speed: 30 },
  ],
  study: {
    kind: 'bornDead', config: setup({ dataset: 'moons' }), widths: [2, 3, 4, 8], depths: [1, 2, 3, 4, 5, 6, 7, 8], seeds: 200,
    trained: { hidden: deep(2), activations, seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], epochs: 100 },
  },
  claims: [
    {
      id: 'grows-with-depth',
      text: { en: 'Width 2: the share of born-dead networks never falls as depth grows, from 0% at depth 1 to at least 75% at depth 8.',
        zh: '宽度 2：生来就死的网络比例随深度增加而不降，从深度 1 的 0% 到深度 8 的至少 75%。' },
      holds: (r) => r.depths.every((d, i) => i === 0 || cell(r, 2, d).bornDead >= cell(r, 2, r.depths[i - 1]).bornDead)
        && cell(r, 2, 1).bornDead === 0 && cell(r, 2, 8).bornDead >= 0.75,
      measured: (r) => r.depths.map((d) => pct(cell(r, 2, d).bornDead)).join(' → '),
    },
    {
      id: 'lu-et-al',
      text: { en: 'Width 2, depth 5: within 10 percentage points of the 62% Lu et al. report.',
        zh: '宽度 2、深度 5：与 Lu 等人报告的 62% 相差不超过 10 个百分点。' },
      holds: (r) => Math.abs(cell(r, 2, 5).bornDead - 0.62) <= 0.1,
      measured: (r) => pct(cell(r, 2, 5).bornDead, 1),
    },
    {
      id: 'wider',
      text: { en: 'Width 4 at depth 8: fewer than a third born dead; width 8: none at any depth — although even there at least 10% of the units are dead at depth 8.',
        zh: '宽度 4、深度 8：生来就死的不到三分之一；宽度 8：任何深度都没有——尽管在深度 8 时仍至少有 10% 的单元是死的。' },
      holds: (r) => cell(r, 4, 8).bornDead < 1 / 3 && r.depths.every((d) => cell(r, 8, d).bornDead === 0)
        && cell(r, 8, 8).deadFraction >= 0.1,
      measured: (r) => `4×8: ${pct(cell(r, 4, 8).bornDead, 1)}; 8×8: ${pct(cell(r, 8, 8).bornDead)}, ${pct(cell(r, 8, 8).deadFraction)}`,
    },
    {
      id: 'cannot-learn',
      text: { en: 'Trained for 100 epochs (width 2, depth 8, seeds 1–10): at least 8 ReLU networks are born dead, and every one of them is still at chance (test accuracy at most 55%).',
        zh: '训练 100 轮（宽 2、深 8，种子 1–10）：至少 8 个 ReLU 网络生来就死，而且每一个都仍停留在随机猜测水平（测试准确率至多 55%）。' },
      holds: (r) => {
        const born = trainedRuns(r, 'relu').filter((x) => x.bornDead);
        return born.length >= 8 && born.every((x) => x.testAccuracy <= 0.55);
      },
      measured: (r) => {
        const born = trainedRuns(r, 'relu').filter((x) => x.bornDead);
        return `${born.length}/10, ${born.map((x) => fixed(x.testAccuracy)).join(', ')}`;
      },
    },
    {
      id: 'others-learn',
      text: { en: 'From the same initial weights, ELU and tanh learn in all 10 seeds (test accuracy at least 70%); Leaky ReLU in some of them only.',
        zh: '从相同的初始权重出发，ELU 和 tanh 在全部 10 个种子上都能学会（测试准确率至少 70%）；Leaky ReLU 只在其中一部分种子上学会。' },
      holds: (r) => ['elu', 'tanh'].every((a) => trainedRuns(r, a).every((x) => x.testAccuracy >= 0.7))
        && trainedRuns(r, 'leaky_relu').some((x) => x.testAccuracy >= 0.7) && trainedRuns(r, 'leaky_relu').some((x) => x.testAccuracy < 0.7),
      measured: (r) => ['leaky_relu', 'elu', 'tanh'].map((a) => `${a} ${trainedRuns(r, a).filter((x) => x.testAccuracy >= 0.7).length}/10`).join(', '),
    },
  ],
};
