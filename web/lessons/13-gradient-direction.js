// Lesson 13: "its gradient direction is more useful for learning than that of activations with
// second-order effects" — how well one gradient step does what the gradient predicts, for ReLU,
// tanh and sigmoid.
import { setup } from './common.js';
import { fixed } from '../shared/format.js';
import { mean, interval95 } from './study-tools.js';

const config = setup({ dataset: 'moons', hidden: [8, 8], activations: ['relu', 'tanh', 'sigmoid'] });
const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
const n = seeds.length;
const trained = 50;
// Step kinds, by index in the study's `steps`.
const SMALL = 0, LARGE = 1, LENGTH = 2;
const steps = [{ rate: 0.03 }, { rate: 0.3 }, { length: 0.1 }];
/** Per seed: quantity q ('ratio', 'cosine', 'drop') of activation a at checkpoint c, step k. */
const per = (r, a, c, k, q) => r.runs.filter((x) => x.activation === a).map((x) => x.at[c].steps[k][q]);
const avg = (r, a, c, k, q) => mean(per(r, a, c, k, q));
/** Per seed: b's quantity minus a's (same weights). */
const paired = (r, b, a, c, k, q) => per(r, b, c, k, q).map((x, i) => x - per(r, a, c, k, q)[i]);
const norm = (r, a, c) => mean(r.runs.filter((x) => x.activation === a).map((x) => x.at[c].gradNorm));
const iv = (xs) => { const x = interval95(xs); return `${fixed(x.mean)} (${fixed(x.lo)} to ${fixed(x.hi)})`; };
const acts = ['relu', 'tanh', 'sigmoid'];

export default {
  id: 'gradient-direction',
  number: 13,
  title: { en: 'Is ReLU\'s gradient direction more useful?', zh: 'ReLU 的梯度方向更有用吗？' },
  summary: {
    en: 'The book says ReLU\'s gradient direction is more useful for learning than that of activations with second-order effects. One gradient step, measured: does the loss change as the gradient predicts, does the next gradient point the same way, and how much does the step buy?',
    zh: '书上说，相比于引入二阶效应的激活函数，ReLU 的梯度方向对学习更有用。量一量一步梯度下降：损失的变化是否和梯度预测的一样？下一步的梯度是否指向同一方向？这一步换来了多少损失下降？',
  },
  notes: {
    zh: '整流操作的二阶导数几乎处处为 0，并且在整流线性单元处于激活状态时，它的一阶导数处处为 1。这意味着相比于引入二阶效应的激活函数来说，它的梯度方向对于学习来说更加有用。为什么相比于引入二阶效应的激活函数来说，它的梯度方向对于学习来说更加有用？',
    en: 'The second derivative of the rectifying operation is 0 almost everywhere, and its first derivative is 1 wherever the unit is active. This means its gradient direction is far more useful for learning than it would be with activation functions that introduce second-order effects. Why is its gradient direction more useful than with activations that introduce second-order effects?',
  },
  body: {
    en: [
      'A gradient step changes the parameters θ by −η∇L. To first order the loss then changes by −η‖∇L‖²; the second-order term, ½η²∇Lᵀ H ∇L with H the Hessian, is what makes the actual change differ. The book\'s argument: relu″ = 0 almost everywhere and relu′ = 1 on the active side, so the activation itself adds no curvature, while tanh and sigmoid bend everywhere. So the first-order picture should hold further for ReLU.',
      { math: 'predicted: ΔL ≈ −η‖∇L‖²     actual: L(θ − η∇L) − L(θ)     ratio = actual ÷ predicted (1 = first order is exact)' },
      'But a ReLU network\'s loss is curved too: the output is a product of the layers\' weights, the sigmoid output and cross-entropy bend, and a step that switches a unit on or off for some training points moves into a different linear piece. Whether the first-order picture holds further for ReLU is a question for measurement.',
      { h: 'The experiment' },
      'Two moons, two hidden layers of 8, ReLU, tanh and sigmoid from the same He-normal weights, weight seeds 1–20 (the tests also on two blocks of 20 fresh seeds with fresh data). At the start, and after 50 epochs of ordinary training (plain SGD, rate 0.03, batches of 10), the study takes the gradient on the whole training set and makes one step with it: with learning rate 0.03, with learning rate 0.3 (the same rate for every activation), and a step of length 0.1 in parameter space (the same distance for every activation). For each it records the ratio above, the cosine between the gradient before and after the step, and how much the loss fell.',
      { h: 'What holds' },
      'With the default small rate the first order is nearly exact for all three: the ratio is close to 1 and the next gradient points the same way. With the larger rate the finding is the reverse of the book\'s expectation: at the start ReLU\'s step is the one the gradient predicts worst, and its next gradient turns furthest away; sigmoid\'s is predicted best. Part of the reason is that ReLU\'s gradient is the largest at the start, so the same rate moves it furthest. After 50 epochs sigmoid is still predicted best, and ReLU is no worse than tanh.',
      'What ReLU\'s direction does have is steepness. With steps of the same length, ReLU\'s lowers the loss more than tanh\'s and far more than sigmoid\'s (at the start, where there is most to learn). That is one sense in which its direction is "more useful": not that the loss is less curved, but that the gradient does not shrink — relu′ = 1 on the active side, while sigmoid′ is at most ¼ and tanh′ falls below 1 away from z = 0, so they scale it down in every layer (lesson 4). A small network and one data set; the book\'s statement is about deep networks.',
    ],
    zh: [
      '一步梯度下降把参数 θ 改变 −η∇L。按一阶近似，损失随之改变 −η‖∇L‖²；让实际变化与之不同的是二阶项 ½η²∇Lᵀ H ∇L，其中 H 是 Hessian 矩阵。书上的论证是：relu″ 几乎处处为 0，激活一侧 relu′ = 1，所以激活函数本身不引入弯曲，而 tanh 和 sigmoid 处处弯曲。于是对 ReLU 来说，一阶近似应当能在更大的步长内成立。',
      { math: '预测：ΔL ≈ −η‖∇L‖²     实际：L(θ − η∇L) − L(θ)     比值 = 实际 ÷ 预测（1 表示一阶近似完全准确）' },
      '但 ReLU 网络的损失同样是弯曲的：输出是各层权重的乘积，sigmoid 输出加交叉熵本身就是弯曲的，而一步如果让某个单元在一些训练样本上由激活变为不激活（或反过来），就进入了另一个线性分段。对 ReLU 来说一阶近似是否成立得更远，要靠测量回答。',
      { h: '实验设置' },
      '双月牙数据，两个隐藏层、每层 8 个单元，ReLU、tanh 和 sigmoid 从相同的 He 正态初始权重出发，权重种子 1–20（测试还在另外两组各 20 个新种子、新数据上重复）。在开始时，以及普通训练 50 轮（普通 SGD，学习率 0.03，批大小 10）之后，统计实验在整个训练集上求梯度，并用它走一步：学习率 0.03 一步，学习率 0.3 一步（每种激活函数用相同的学习率），以及在参数空间中长度为 0.1 的一步（每种激活函数走相同的距离）。每一步记录上面的比值、走这一步前后两个梯度的夹角余弦，以及损失下降了多少。',
      { h: '哪些说法成立' },
      '用默认的小学习率时，三者的一阶近似都几乎完全准确：比值接近 1，下一个梯度指向同一方向。用较大的学习率时，结果与书上的预期相反：在开始时，ReLU 的这一步恰恰是梯度预测得最差的，它的下一个梯度偏转得也最多；sigmoid 的预测最准。部分原因是开始时 ReLU 的梯度最大，同样的学习率让它走得最远。训练 50 轮后，sigmoid 仍然预测得最准，而 ReLU 不比 tanh 差。',
      'ReLU 的方向真正具有的是陡峭。走相同长度的一步，ReLU 的这一步让损失下降得比 tanh 多，比 sigmoid 多得多（在开始时，也就是最有东西可学的时候）。这是它的方向「更有用」的一种含义：不是损失的弯曲更小，而是梯度没有被缩小——激活一侧 relu′ = 1，而 sigmoid′ 至多为 ¼，tanh′ 离开 z = 0 就小于 1，它们在每一层都把梯度缩小（第 4 课的梯度消失）。这只是一个小网络、一个数据集；书上说的是深层网络。',
    ],
  },
  presets: [{ id: 'moons', label: { en: 'ReLU, tanh, sigmoid', zh: 'ReLU、tanh、sigmoid' }, config, epochs: trained, speed: 10 }],
  study: { kind: 'gradientSteps', config, seeds, checkpoints: [0, trained], steps,
    training: { optimizer: 'sgd', learningRate: 0.03, batchSize: 10 } },
  // Every claim holds on seeds 1–20 and on fresh blocks of 20 (tests/web/lessons.test.mjs); when
  // written they held on nine blocks of 20 (shifts 0 and 20000 … 90000, data seed shift + shift/1000).
  claims: [
    {
      id: 'small-steps',
      text: { en: 'At the default rate 0.03 the first order is nearly exact for all three, at the start and after 50 epochs: the actual change is at least 0.85 of the predicted one and the cosine between consecutive gradients at least 0.98 (means over seeds).',
        zh: '在默认学习率 0.03 下，三者的一阶近似都几乎完全准确，开始时和训练 50 轮后都是如此：实际变化至少是预测值的 0.85，相邻两个梯度夹角的余弦至少 0.98（各种子平均）。' },
      falsifiedBy: 'a mean ratio below 0.85 or a mean cosine below 0.98 for any activation at either checkpoint with rate 0.03',
      holds: (r) => r.checkpoints.every((c) => acts.every((a) => avg(r, a, c, SMALL, 'ratio') >= 0.85 && avg(r, a, c, SMALL, 'cosine') >= 0.98)),
      measured: (r) => r.checkpoints.map((c) => `epoch ${c}: ${acts.map((a) => `${a} ${fixed(avg(r, a, c, SMALL, 'ratio'))} / ${fixed(avg(r, a, c, SMALL, 'cosine'), 3)}`).join(', ')}`).join('; '),
    },
    {
      id: 'relu-least-predicted',
      text: { en: 'At rate 0.3, at the start, ReLU\'s step is predicted worst: its actual change is at most 0.65 of the prediction on average, tanh\'s and sigmoid\'s ratios are higher by at least 0.2 (paired, same weights), and the cosine between ReLU\'s consecutive gradients is lower than each of theirs by at least 0.3 on average. ReLU\'s gradient is the largest of the three (mean norm).',
        zh: '学习率 0.3、在开始时，ReLU 的这一步预测得最差：它的实际变化平均至多是预测值的 0.65，tanh 和 sigmoid 的比值至少高 0.2（配对比较，相同权重），ReLU 相邻两个梯度夹角的余弦平均比它们各自低至少 0.3。三者之中 ReLU 的梯度最大（平均范数）。' },
      falsifiedBy: 'a mean ReLU ratio above 0.65, a paired ratio gap (tanh or sigmoid minus ReLU) below 0.2, a paired cosine gap below 0.3, or a mean gradient norm of tanh or sigmoid at least ReLU\'s',
      holds: (r) => avg(r, 'relu', 0, LARGE, 'ratio') <= 0.65
        && ['tanh', 'sigmoid'].every((b) => mean(paired(r, b, 'relu', 0, LARGE, 'ratio')) >= 0.2 && mean(paired(r, b, 'relu', 0, LARGE, 'cosine')) >= 0.3
          && norm(r, b, 0) < norm(r, 'relu', 0)),
      measured: (r) => `‖∇L‖ ${acts.map((a) => `${a} ${fixed(norm(r, a, 0))}`).join(', ')}; ratio ${acts.map((a) => `${a} ${fixed(avg(r, a, 0, LARGE, 'ratio'))}`).join(', ')}; cosine ${acts.map((a) => `${a} ${fixed(avg(r, a, 0, LARGE, 'cosine'))}`).join(', ')}; tanh − ReLU ratio ${iv(paired(r, 'tanh', 'relu', 0, LARGE, 'ratio'))}, sigmoid − ReLU ${iv(paired(r, 'sigmoid', 'relu', 0, LARGE, 'ratio'))}`,
    },
    {
      id: 'after-training',
      text: { en: 'After 50 epochs, at rate 0.3: sigmoid\'s step is still predicted better than ReLU\'s (paired ratio gap above 0 at the lower end of its 95% interval), and tanh\'s is not better than ReLU\'s by more than 0.1 on average.',
        zh: '训练 50 轮后、学习率 0.3：sigmoid 的这一步仍然比 ReLU 的预测得准（配对比值差的 95% 置信区间下端大于 0），而 tanh 平均比 ReLU 好不超过 0.1。' },
      falsifiedBy: 'a 95% interval of sigmoid − ReLU reaching 0, or tanh − ReLU above 0.1 on average, after 50 epochs at rate 0.3',
      holds: (r) => interval95(paired(r, 'sigmoid', 'relu', r.checkpoints[1], LARGE, 'ratio')).lo > 0
        && mean(paired(r, 'tanh', 'relu', r.checkpoints[1], LARGE, 'ratio')) <= 0.1,
      measured: (r) => `sigmoid − ReLU ${iv(paired(r, 'sigmoid', 'relu', r.checkpoints[1], LARGE, 'ratio'))}; tanh − ReLU ${iv(paired(r, 'tanh', 'relu', r.checkpoints[1], LARGE, 'ratio'))}`,
    },
    {
      id: 'relu-steepest',
      text: { en: `Steps of length 0.1 at the start: ReLU's lowers the loss at least 1.5 times as much as tanh's and at least 3 times as much as sigmoid's (means over seeds), and more than tanh's in at least 13 of ${n} seeds.`,
        zh: `开始时走长度 0.1 的一步：ReLU 这一步让损失下降的量至少是 tanh 的 1.5 倍、sigmoid 的 3 倍（各种子平均），并且在 ${n} 个种子中至少 13 个上比 tanh 下降得多。` },
      falsifiedBy: 'ReLU\'s mean drop below 1.5 times tanh\'s or 3 times sigmoid\'s, or above tanh\'s in fewer than 13 of 20 seeds',
      holds: (r) => avg(r, 'relu', 0, LENGTH, 'drop') >= 1.5 * avg(r, 'tanh', 0, LENGTH, 'drop')
        && avg(r, 'relu', 0, LENGTH, 'drop') >= 3 * avg(r, 'sigmoid', 0, LENGTH, 'drop')
        && paired(r, 'relu', 'tanh', 0, LENGTH, 'drop').filter((d) => d > 0).length >= 13,
      measured: (r) => `${acts.map((a) => `${a} ${fixed(avg(r, a, 0, LENGTH, 'drop'), 3)}`).join(', ')}; ReLU above tanh in ${paired(r, 'relu', 'tanh', 0, LENGTH, 'drop').filter((d) => d > 0).length}/${r.seeds.length}`,
    },
  ],
};
