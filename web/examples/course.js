// The example course page's script: frames the lab with embed=1 and parentOrigin=<this origin>,
// waits for its "ready" event, then drives it (play, pause, step, reset, learning rate) and shows
// what it reports. Listens only to the lab's frame and origin. window.courseState is for tests.
const STRINGS = {
  en: { heading: 'Week 3: why do ReLU units die?', intro: 'Press Play and watch the dead-unit counts. Then raise the learning rate and reset.',
    controls: 'Lab controls', play: 'Play', pause: 'Pause', step: 'Step 10 epochs', reset: 'Reset', rate: 'Learning rate',
    waiting: 'Waiting for the lab…', status: 'Epoch {epoch} · {status}', running: 'training', paused: 'paused',
    error: 'The lab refused a message: {message}', tableCaption: 'What the lab reports (updated a few times a second)',
    network: 'Network', accuracy: 'Test accuracy', dead: 'Dead units', frameTitle: 'ReLU Lab' },
  zh: { heading: '第 3 周：ReLU 单元为什么会死亡？', intro: '点击“播放”，观察死亡单元的数量。然后调高学习率并重置。',
    controls: 'ReLU Lab 控制', play: '播放', pause: '暂停', step: '训练 10 轮', reset: '重置', rate: '学习率',
    waiting: '正在等待 ReLU Lab……', status: '第 {epoch} 轮 · {status}', running: '训练中', paused: '已暂停',
    error: 'ReLU Lab 拒绝了一条消息：{message}', tableCaption: 'ReLU Lab 报告的数据（每秒更新数次）',
    network: '网络', accuracy: '测试准确率', dead: '死亡单元', frameTitle: 'ReLU Lab' },
};
const query = new URLSearchParams(location.search);
const lang = query.get('lang') === 'zh' ? 'zh' : 'en';
const t = (key, vars = {}) => STRINGS[lang][key].replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);

// Where the lab lives: ?lab=<http(s) URL of its index.html>, else the lab next to this example.
let lab = new URL('../index.html', location.href);
try {
  const given = query.get('lab') ? new URL(query.get('lab')) : null;
  if (given && ['http:', 'https:'].includes(given.protocol)) lab = given;
} catch { /* keep the default */ }
lab.search = new URLSearchParams({ embed: '1', lang, controls: 'none', parentOrigin: location.origin }).toString();

const frame = document.createElement('iframe');
frame.src = lab.href;
frame.title = t('frameTitle');
frame.allow = 'clipboard-write';
document.getElementById('c-frame').append(frame);

const state = { ready: false, events: {}, progress: null, errors: [], acks: [] };
window.courseState = state;
const send = (command, fields = {}) => frame.contentWindow.postMessage({ protocol: 'relulab', version: 1, command, ...fields }, lab.origin);

window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow || e.origin !== lab.origin) return;   // only our lab
  const m = e.data;
  if (!m || m.protocol !== 'relulab' || typeof m.event !== 'string') return;
  state.events[m.event] = (state.events[m.event] ?? 0) + 1;
  if (m.event === 'ready') {
    state.ready = true;
    for (const el of document.querySelectorAll('.course-controls [disabled]')) el.disabled = false;
  } else if (m.event === 'progress' || m.event === 'state') {
    state.progress = m;
    show(m);
  } else if (m.event === 'error') {
    state.errors.push(m);
    document.getElementById('c-status').textContent = t('error', { message: m.message });
  } else if (m.event === 'ack') {
    state.acks.push(m);
  }
});

function show(m) {
  document.getElementById('c-status').textContent = t('status', { epoch: m.epoch, status: t(m.status === 'running' ? 'running' : 'paused') });
  const rows = (m.networks ?? []).map((n) => {
    const tr = document.createElement('tr');
    for (const text of [n.activation, Number.isFinite(n.testAccuracy) ? `${(n.testAccuracy * 100).toFixed(1)}%` : '—', `${n.dead} / ${n.totalUnits}`]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  });
  document.getElementById('c-rows').replaceChildren(...rows);
}

document.getElementById('c-play').addEventListener('click', () => send('play'));
document.getElementById('c-pause').addEventListener('click', () => send('pause'));
document.getElementById('c-step').addEventListener('click', () => send('step', { epochs: 10 }));
document.getElementById('c-reset').addEventListener('click', () => send('reset'));
document.getElementById('c-rate').addEventListener('change', (e) => send('set', { settings: { learningRate: Number(e.target.value) } }));
