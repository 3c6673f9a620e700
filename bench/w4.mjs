// W4 in headless Chromium: the bench page in bench/w4/ (a module worker running the default
// experiment's eight networks: one epoch + eight 100 x 100 boundaries per update; the page draws
// each update with putImageData) served with scripts/serve.mjs's startServer and its CSP.
// Prints one JSON line per measurement window: {"workload":"W4","engine":"chromium",
// "updates_per_second":...}; then the lab's own page at full speed for comparison (measurePage).
//   node bench/w4.mjs [--reps N] [--seconds S] [--no-page]   (--no-page: W4 only, without the lab page's figures)
//   RELULAB_WASM_DIR: wasm files (default dist/wasm); RELULAB_DIST_DIR: the site (default dist)
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const WASM_FILES = ['relulab.mjs', 'relulab_core.mjs', 'relulab_core.wasm'];

export async function measureW4({ reps = 3, seconds = 5, warmupSeconds = 1.5,
  wasmDir = resolve(root, process.env.RELULAB_WASM_DIR ?? 'dist/wasm'), log = () => {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'relulab-w4-'));
  cpSync(join(here, 'w4'), dir, { recursive: true });
  for (const f of WASM_FILES) cpSync(join(wasmDir, f), join(dir, 'wasm', f));
  const { server, url } = await startServer({ dir });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  const results = [];
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 500 } });
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    await page.goto(`${url}/index.html`);
    await page.waitForFunction(() => window.w4?.ready || window.w4?.error, null, { timeout: 30000 });
    const info = await page.evaluate(() => ({ error: window.w4.error, info: window.w4.info }));
    if (info.error) throw new Error(`W4 page: ${info.error}`);
    const c = info.info.config;
    log(`W4: ${info.info.networks} networks (${info.info.activations.join(', ')}), ${info.info.trainCount} training points, ` +
      `${c.dataset} noise ${c.noise}, ${c.optimizer} ${c.learningRate}, batch ${c.batchSize}, hidden ${c.hidden.join('-')}`);
    await page.waitForTimeout(warmupSeconds * 1000);
    for (let rep = 0; rep < reps; rep++) {
      const a = await page.evaluate(() => window.w4.mark());
      await page.waitForTimeout(seconds * 1000);
      const b = await page.evaluate(() => window.w4.mark());
      const updates = b.drawn - a.drawn;
      const secs = (b.t - a.t) / 1000;
      results.push({ workload: 'W4', engine: 'chromium', updates_per_second: +(updates / secs).toFixed(2),
        seconds: +secs.toFixed(3), work: updates,
        worker_ms_per_update: updates ? +((b.workerMs - a.workerMs) / updates).toFixed(3) : null,
        train_ms_per_update: updates ? +((b.trainMs - a.trainMs) / updates).toFixed(3) : null,
        boundary_ms_per_update: updates ? +((b.boundaryMs - a.boundaryMs) / updates).toFixed(3) : null,
        draw_ms_per_update: updates ? +((b.drawMs - a.drawMs) / updates).toFixed(3) : null,
        networks: info.info.networks, train_points: info.info.trainCount });
    }
    const error = await page.evaluate(() => window.w4.error);
    if (error || problems.length) throw new Error(`W4 page: ${error ?? problems.join('; ')}`);
  } finally {
    await browser.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/**
 * The lab's own page (dist/index.html?speed=0: the default experiment, training as fast as
 * possible): epochs per second and boundary frames per second from window.labState. The page
 * decouples training from drawing (the worker trains in 12 ms chunks, the page asks for one
 * frame at a time on requestAnimationFrame), so this is reported next to W4, not as W4.
 */
export async function measurePage({ reps = 3, seconds = 5, warmupSeconds = 1.5,
  distDir = resolve(root, process.env.RELULAB_DIST_DIR ?? 'dist') } = {}) {
  const { server, url } = await startServer({ dir: distDir });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  const results = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${url}/index.html?speed=0`);
    await page.waitForFunction(() => window.labState?.status === 'error' ||
      (window.labState?.status === 'running' && window.labState.frames > 0), null, { timeout: 30000 });
    await page.waitForTimeout(warmupSeconds * 1000);
    const mark = () => page.evaluate(() => ({ epoch: window.labState.epoch, frames: window.labState.frames,
      status: window.labState.status, error: window.labState.error, networks: window.labState.summaries.length,
      trainCount: window.labState.trainCount, t: performance.now() }));
    for (let rep = 0; rep < reps; rep++) {
      const a = await mark();
      await page.waitForTimeout(seconds * 1000);
      const b = await mark();
      if (b.status !== 'running') throw new Error(`lab page stopped (${b.status}): ${b.error ?? ''}`);
      const secs = (b.t - a.t) / 1000;
      results.push({ workload: 'W4-page', engine: 'chromium', epochs_per_second: +((b.epoch - a.epoch) / secs).toFixed(2),
        frames_per_second: +((b.frames - a.frames) / secs).toFixed(2), seconds: +secs.toFixed(3),
        networks: b.networks, train_points: b.trainCount });
    }
    if (problems.length) throw new Error(`lab page: ${problems.join('; ')}`);
  } finally {
    await browser.close();
    server.close();
  }
  return results;
}

/**
 * Issue 16's page figures: frames drawn per second at the default settings (dist/index.html,
 * default speed), and the main thread's long tasks (> 50 ms, PerformanceObserver 'longtask')
 * while the page restarts with 8 hidden layers (typed into the control, Enter) and for
 * `seconds` after the new run's first frame. Targets of issue 16: >= 50 frames/s, no task over 50 ms.
 */
export async function measurePageTargets({ seconds = 5, warmupSeconds = 1.5,
  distDir = resolve(root, process.env.RELULAB_DIST_DIR ?? 'dist') } = {}) {
  const { server, url } = await startServer({ dir: distDir });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(() => {
      window.__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.duration > 50) window.__long.push(Math.round(e.duration));
      }).observe({ type: 'longtask' });
    });
    await page.goto(`${url}/index.html?lang=en`);
    await page.waitForFunction(() => window.labState?.status === 'running' && window.labState.frames > 0, null, { timeout: 30000 });
    await page.waitForTimeout(warmupSeconds * 1000);
    // Main-thread CPU (Chromium's TaskDuration: all tasks of the page's main thread) per frame drawn.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    const frames = async () => ({ ...(await page.evaluate(() => ({ frames: window.labState.frames, t: performance.now() }))),
      task: await taskSeconds() });
    // Tasks of the page's load and first run (module compile, Chart.js, the first cards) are
    // reported apart from the window's.
    const load = await page.evaluate(() => window.__long.splice(0));
    const a = await frames();
    await page.waitForTimeout(seconds * 1000);
    const b = await frames();
    const fps = (b.frames - a.frames) / ((b.t - a.t) / 1000);
    const cpuPerFrame = ((b.task - a.task) * 1000) / Math.max(1, b.frames - a.frames);
    const steady = await page.evaluate(() => window.__long.splice(0));
    const { runId } = await page.evaluate(() => ({ runId: window.labState.runId }));
    await page.fill('.field[data-key=hiddenLayers] input', '8');
    await page.press('.field[data-key=hiddenLayers] input', 'Enter');
    await page.waitForFunction((id) => window.labState.runId !== id && window.labState.frames > 0
      && window.labState.shape?.[0]?.length === 8, runId, { timeout: 60000 });
    await page.waitForTimeout(seconds * 1000);
    const restart = await page.evaluate(() => window.__long.splice(0));
    return { workload: 'page-targets', engine: 'chromium', frames_per_second: +fps.toFixed(1),
      main_thread_ms_per_frame: +cpuPerFrame.toFixed(1), load_long_tasks_ms: load, steady_long_tasks_ms: steady,
      restart_long_tasks_ms: restart, seconds };
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  try {
    const results = await measureW4({ reps: arg('--reps', 3), seconds: arg('--seconds', 5),
      log: (m) => console.error(m) });
    for (const r of results) console.log(JSON.stringify(r));
    if (!process.argv.includes('--no-page')) {
      for (const r of await measurePage({ reps: arg('--reps', 3), seconds: arg('--seconds', 5) })) console.log(JSON.stringify(r));
      console.log(JSON.stringify(await measurePageTargets({ seconds: arg('--seconds', 5) })));
    }
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
