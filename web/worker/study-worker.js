// The lessons page's study worker: owns its own wasm instance (the lab in the iframe has its
// own), runs a lesson's study and, if the lesson has claims about its presets, the presets
// themselves, in time-boxed chunks with progress messages. The studies are the functions of
// studies.js that the Node tests run. Not a UI: it answers {type: 'run', runId, lessonId, part,
// parts}: with parts > 1 it runs its share (splitStudy: a block of the study's runs) of a pool's
// work and sends the block's records; the page merges them (mergeStudy).
import { loadReluLab } from '../wasm/relulab.mjs';
import { lessonById } from '../lessons/catalog.js';
import { STUDIES, splitStudy } from '../lessons/studies.js';

const CHUNK_MS = 30;            // work between yields, so a newer request is seen quickly
const PROGRESS_MS = 100;        // at most ~10 progress messages per second
let lab = null;
let current = 0;                // runId of the run in progress; a newer run stops an older one

const loaded = loadReluLab().then((l) => {
  lab = l;
  const names = (rows) => rows.map(({ id, nameEn, nameZh }) => ({ id, nameEn, nameZh }));
  self.postMessage({ type: 'ready', names: { activations: names(lab.activations), datasets: names(lab.datasets) } });
}, (e) => self.postMessage({ type: 'error', runId: 0, message: `wasm module failed to load: ${e?.message ?? e}` }));

const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Drives one study generator to its end in chunks; returns null if a newer run took over. */
async function drive(runId, phase, { kind, ...params }) {
  const it = STUDIES[kind](lab, params);
  let lastPost = 0;
  for (;;) {
    const chunkStart = performance.now();
    let step;
    do step = it.next(); while (!step.done && performance.now() - chunkStart < CHUNK_MS);
    if (step.done) return step.value;
    if (performance.now() - lastPost > PROGRESS_MS) {
      lastPost = performance.now();
      self.postMessage({ type: 'progress', runId, phase, done: step.value.done, total: step.value.total });
    }
    await pause();
    if (runId !== current) return null;
  }
}

async function run({ runId, lessonId, part = 0, parts = 1 }) {
  current = runId;
  await loaded;
  if (!lab || runId !== current) return;
  const lesson = lessonById(lessonId);
  if (!lesson) {
    self.postMessage({ type: 'error', runId, message: `unknown lesson ${lessonId}` });
    return;
  }
  const started = performance.now();
  try {
    // This worker's share: none when the study splits into fewer parts than there are workers.
    const mine = (spec) => splitStudy(spec, parts)[part] ?? null;
    const studySpec = mine(lesson.study);
    const study = studySpec ? await drive(runId, 'study', studySpec) : null;
    if (studySpec && study === null) return;
    let presets = null;
    const presetSpec = lesson.presetClaims ? mine({ kind: 'presetRuns', presets: lesson.presets }) : null;
    if (presetSpec) {
      presets = await drive(runId, 'presets', presetSpec);
      if (presets === null) return;
    }
    self.postMessage({ type: 'result', runId, study, presets, ms: performance.now() - started });
  } catch (e) {
    self.postMessage({ type: 'error', runId, message: String(e?.message ?? e) });
  }
}

self.onmessage = (event) => {
  if (event.data?.type === 'run') run(event.data);
};
