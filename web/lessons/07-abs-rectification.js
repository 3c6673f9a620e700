// Lesson 7: absolute value rectification on a task whose label ignores the sign of the input.
import { setup } from './common.js';
import { pct, fixed } from '../shared/format.js';
import { mean } from './study-tools.js';

const config = setup({ dataset: 'xor', activations: ['abs', 'relu', 'tanh'] });
const cell = (r, w, a) => r.cells.find((c) => c.width === w && c.activation === a);
const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
const n = seeds.length;
const widths = [1, 2, 3, 4];
/** Mean over seeds of abs's test accuracy minus another activation's, same weights, at width w. */
const gap = (r, w, a) => mean(cell(r, w, 'abs').accuracy.map((x, i) => x - cell(r, w, a).accuracy[i]));

export default {
  id: 'abs-rectification',
  number: 7,
  title: { en: 'Absolute value rectification', zh: '绝对值整流' },
  summary: {
    en: 'When the label does not change if the input flips sign, |z| units solve the task with fewer units than ReLU needs.',
    zh: '当输入整体变号时标签不变，|z| 单元用比 ReLU 更少的单元就能解决问题。',
  },
  /** The works the text cites, for the years it names (the tests match each year to a source). */
  sources: [{ authors: 'Jarrett, Kavukcuoglu, Ranzato & LeCun', title: 'What is the best multi-stage architecture for object recognition?', year: 2009 }],
  notes: {
    zh: '绝对值整流固定 αᵢ = −1 来得到 g(z) = |z|。为何要这样？g(z) = |z|？这感觉有点突兀。。它用于图像中的对象识别，其中寻找在输入照明极性反转下不变的特征是有意义的。嗯，那么它只是用在某一层吗？还是所有的层？',
    en: 'Absolute value rectification fixes αᵢ = −1 to get g(z) = |z|. Why? g(z) = |z| feels abrupt… It is used for object recognition in images, where it makes sense to seek features that are invariant under a polarity reversal of the input illumination. So is it used in one layer only, or in all of them?',
  },
  body: {
    en: [
      'Picture a photo and its negative, light and dark swapped: a cat is still a cat. An edge detector w·x responds with the opposite sign to the negative; |w·x| responds the same to both. That is what absolute value rectification buys: a feature that ignores the polarity of its input.',
      'The lab\'s 2-D version of the same symmetry is XOR: a point\'s class is whether x and y have the same sign, and negating the whole input, (x, y) → (−x, −y), never changes it. An abs unit |w·x + b| with a small bias gives (almost) the same output for x and −x: the symmetry comes built in. ReLU needs two units to build one such feature, since |z| = relu(z) + relu(−z).',
      'Two abs units are enough in principle: |x + y| − |x − y| is positive exactly when x and y have the same sign (the difference of their squares is 4xy). Built from ReLUs, the same two features take four units, because each |·| costs two. That is a count for this one construction; gradient descent may find other ReLU solutions, and with three units it often does (see the claims).',
      { h: 'The experiment' },
      'XOR, one hidden layer of 1, 2, 3 or 4 units, abs, ReLU and tanh from the same weights, plain SGD at the default rate, 100 epochs, weight seeds 1–10 (the tests also on two blocks of 10 fresh seeds with fresh data). The target is 95% test accuracy. The presets show seed 2 with 2 and with 4 units.',
      { h: 'One layer or all of them?' },
      'Here there is only one hidden layer, so the question does not arise. In the object-recognition work the book draws on (Jarrett et al., 2009), |·| followed the filter bank in each stage of the network, not just the first. The general rule is the one above: use it where the feature should not care about the sign of its input.',
    ],
    zh: [
      '想象一张照片和它的负片，明暗互换：猫还是那只猫。边缘检测器 w·x 对负片的响应符号相反；|w·x| 对两者的响应相同。这就是绝对值整流带来的好处：一个不在乎输入极性的特征。',
      '同样的对称性在 ReLU Lab 里的二维版本就是异或：一个点的类别取决于 x 和 y 是否同号，把整个输入取反，(x, y) → (−x, −y)，类别永远不变。偏置较小的 abs 单元 |w·x + b| 对 x 和 −x 给出（几乎）相同的输出：对称性是内置的。ReLU 需要两个单元才能拼出一个这样的特征，因为 |z| = relu(z) + relu(−z)。',
      '原则上两个 abs 单元就够了：|x + y| − |x − y| 恰好在 x、y 同号时为正（两者平方之差是 4xy）。用 ReLU 来搭，同样这两个特征需要四个单元，因为每个 |·| 要用两个。这只是这一种构造所需的个数；梯度下降可能找到别的 ReLU 解，用三个单元时也常常找得到（见结论）。',
      { h: '实验设置' },
      '异或数据，一个隐藏层，单元数为 1、2、3 或 4，abs、ReLU 和 tanh 从相同的权重出发，默认学习率的普通 SGD，训练 100 轮，权重种子 1–10（测试还在另外两组各 10 个新种子、新数据上重复）。目标是 95% 的测试准确率。预设显示的是种子 2 下 2 个单元和 4 个单元的情形。',
      { h: '只用在某一层，还是所有层？' },
      '这里只有一个隐藏层，所以不存在这个问题。在书中引用的物体识别工作（Jarrett 等人，2009）里，|·| 跟在网络每一级的滤波器组之后，而不只是第一级。一般的原则就是上面说的：在特征不应该在乎输入正负号的地方使用它。',
    ],
  },
  presets: [2, 4].map((w) => ({
    id: `width${w}`, label: { en: `${w} hidden units`, zh: `${w} 个隐藏单元` },
    config: { ...config, hidden: [w], weightSeed: 2 }, epochs: 100, speed: 30,
  })),
  study: { kind: 'widthSweep', config, widths, seeds, epochs: 100, target: 0.95 },
  // Every claim holds on seeds 1–10 and on fresh blocks of 10 (tests/web/lessons.test.mjs).
  claims: [
    {
      id: 'two-abs',
      text: { en: `With 2 hidden units, abs reaches 95% test accuracy in at least 5 of ${n} seeds, ReLU in at most 1; from the same weights abs is at least 10 points more accurate on average.`,
        zh: `只有 2 个隐藏单元时，abs 在 ${n} 个种子中至少 5 个达到 95% 的测试准确率，ReLU 至多 1 个；从相同的权重出发，abs 的准确率平均高至少 10 个百分点。` },
      falsifiedBy: 'abs reaching 95% in fewer than 5 of 10 seeds with 2 units, ReLU in 2 or more, or a mean paired gap below 10 points',
      holds: (r) => cell(r, 2, 'abs').reached >= 5 && cell(r, 2, 'relu').reached <= 1 && gap(r, 2, 'relu') >= 0.1,
      measured: (r) => `abs ${cell(r, 2, 'abs').reached}/${n}, ReLU ${cell(r, 2, 'relu').reached}/${n}; gap ${pct(gap(r, 2, 'relu'), 1)}`,
    },
    {
      id: 'relu-needs-more',
      text: { en: `ReLU catches up only with more units: at 3 units abs is still more accurate on average (paired), while at 4 units ReLU reaches 95% in at least 7 of ${n} seeds.`,
        zh: `ReLU 要多用单元才追得上：3 个单元时 abs 的平均准确率（配对比较）仍然更高；4 个单元时 ReLU 在 ${n} 个种子中至少 7 个达到 95%。` },
      falsifiedBy: 'ReLU at least as accurate as abs on average at 3 units, or ReLU reaching 95% in fewer than 7 of 10 seeds at 4 units',
      holds: (r) => gap(r, 3, 'relu') > 0 && cell(r, 4, 'relu').reached >= 7,
      measured: (r) => `reached 95%: ReLU ${widths.map((w) => cell(r, w, 'relu').reached).join('/')}, abs ${widths.map((w) => cell(r, w, 'abs').reached).join('/')} (1/2/3/4 units); gap at 3 units ${pct(gap(r, 3, 'relu'), 1)}`,
    },
    {
      id: 'one-unit',
      text: { en: 'Even a single abs unit beats a single ReLU unit by at least 10 points of test accuracy on average (same weights).',
        zh: '即使只有一个单元，abs 的测试准确率也比 ReLU 平均高至少 10 个百分点（相同的权重）。' },
      falsifiedBy: 'a mean paired gap below 10 points with one unit',
      holds: (r) => gap(r, 1, 'relu') >= 0.1,
      measured: (r) => `${pct(cell(r, 1, 'abs').mean, 1)} vs ${pct(cell(r, 1, 'relu').mean, 1)}`,
    },
    {
      id: 'tanh',
      text: { en: `Tanh is odd (tanh(−z) = −tanh z), not sign-invariant, and gets no such help: at every width abs is more accurate on average (paired), and with 2 units tanh reaches 95% in at most 1 of ${n} seeds.`,
        zh: `tanh 是奇函数（tanh(−z) = −tanh z），并不具有符号不变性，也就得不到这种帮助：每个宽度下 abs 的平均准确率（配对比较）都更高；2 个单元时，tanh 在 ${n} 个种子中至多 1 个达到 95%。` },
      falsifiedBy: 'tanh at least as accurate as abs on average at some width, or tanh reaching 95% in 2 or more seeds with 2 units',
      holds: (r) => widths.every((w) => gap(r, w, 'tanh') > 0) && cell(r, 2, 'tanh').reached <= 1,
      measured: (r) => `gaps ${widths.map((w) => pct(gap(r, w, 'tanh'), 1)).join('/')}; reached ${widths.map((w) => cell(r, w, 'tanh').reached).join('/')}`,
    },
  ],
  /** Claims about the presets as the lab itself trains them (p: preset id -> experiment summary). */
  presetClaims: [
    {
      id: 'preset',
      text: { en: 'In the 2-unit preset (seed 2, one hand-picked network), abs reaches at least 95% and ReLU stays below 90%.',
        zh: '在 2 个单元的预设中（种子 2，挑出来的一个网络），abs 至少达到 95%，ReLU 低于 90%。' },
      falsifiedBy: 'the preset\'s abs network below 95% or its ReLU network at 90% or more',
      holds: (p) => p.width2[0].latest.testAccuracy >= 0.95 && p.width2[1].latest.testAccuracy < 0.9,
      measured: (p) => `abs ${fixed(p.width2[0].latest.testAccuracy, 3)}, ReLU ${fixed(p.width2[1].latest.testAccuracy, 3)}`,
    },
  ],
};
