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

/** Starts the static server and the browser; returns {url, browser, close()}. */
export async function launch() {
  const served = await startServer(process.env.RELULAB_DIST ? { dir: process.env.RELULAB_DIST } : {});
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
