// Shared set-up of the browser tests: serves dist/ with the lab's CSP (scripts/serve.mjs),
// launches Debian's Chromium headless, and opens pages that record console errors, CSP
// violations, failed requests and any request leaving the origin. Not a test file itself.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RESULTS = join(root, 'test-results');
mkdirSync(RESULTS, { recursive: true });

/** Starts the static server (dist/, or startServer's `options`) and the browser; returns {url, browser, close()}. */
export async function launch(options = process.env.RELULAB_DIST ? { dir: process.env.RELULAB_DIST } : {}) {
  const served = await startServer(options);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    url: served.url, browser,
    async close() { await browser.close(); await new Promise((r) => served.server.close(r)); },
  };
}

/**
 * Opens `path` in a fresh context. Returns {page, context, problems} where problems collects
 * console errors/warnings, page errors, failed requests, HTTP errors and off-origin requests.
 */
/**
 * Collects into the returned array every console error/warning, page error, failed request,
 * HTTP error and request that leaves the origin of `baseUrl`, for as long as the page lives.
 */
export function watchProblems(page, baseUrl, problems = []) {
  const origin = new URL(baseUrl).origin;
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin) problems.push(`off-origin request: ${u}`);
  });
  return problems;
}

export async function open(env, path, contextOptions = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
  const page = await context.newPage();
  const problems = watchProblems(page, env.url);
  await page.goto(`${env.url}/${path}`);
  return { page, context, problems };
}

/** Waits until window.labState satisfies `predicate` (a function source evaluated in the page). */
export function waitLab(page, predicate, arg, timeout = 60000) {
  return page.waitForFunction(predicate, arg, { timeout, polling: 100 });
}

/** A copy of labState without the bulky parts. */
export function labState(page) {
  return page.evaluate(() => JSON.parse(JSON.stringify(window.labState)));
}

export const shot = (page, name, fullPage = false) => page.screenshot({ path: join(RESULTS, name), fullPage });

/**
 * A second local server (another port on 127.0.0.1 is another origin) that plays a course page:
 * `pages` maps a path to {body, headers}. Resolves to {url, close()}.
 */
export async function courseServer(pages) {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    const p = pages[new URL(req.url, 'http://x').pathname];
    if (!p) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': p.type ?? 'text/html; charset=utf-8', ...(p.headers ?? {}) });
    res.end(typeof p.body === 'function' ? p.body() : p.body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, server, close: () => new Promise((r) => server.close(r)) };
}

/** A course page around an embed snippet: a narrow article column, text above and below. */
export const coursePage = (snippet, extraHead = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Course</title><link rel="icon" href="data:,">${extraHead}
<style>body{margin:0;font-family:sans-serif}main{max-width:900px;margin:0 auto;padding:12px}</style></head>
<body><main><h1>Week 3: activation functions</h1><p>Try the lab below.</p>${snippet}<p>Questions follow.</p></main></body></html>`;

/** Waits for the lab inside `frame` to run and draw. */
export const frameRunning = (frame, timeout = 60000) => frame.waitForFunction(() => window.labState?.frames > 0
  && window.labState.epoch > 0 && window.labState.boundarySums.some((s) => s > 0), null, { timeout, polling: 100 });

/** The frame of `page` whose URL starts with `prefix` (waits for it). */
export async function frameOf(page, prefix, timeout = 30000) {
  const t0 = Date.now();
  for (;;) {
    const f = page.frames().find((x) => x.url().startsWith(prefix));
    if (f) return f;
    if (Date.now() - t0 > timeout) throw new Error(`no frame ${prefix}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
