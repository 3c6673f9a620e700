import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { startServer } from './scripts/serve.mjs';
const { server, url } = await startServer({ dir: process.argv[2] });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--disable-gpu', '--no-first-run', '--disable-background-networking'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${url}/index.html?lang=en`);
await page.waitForFunction(() => window.labState?.status === 'running' && window.labState.frames > 0, null, { timeout: 30000 });
await page.waitForTimeout(1500);
const { runId } = await page.evaluate(() => ({ runId: window.labState.runId }));
await browser.startTracing(page, { path: '/tmp/trace.json', categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] });
await page.fill('.field[data-key=hiddenLayers] input', '8');
await page.press('.field[data-key=hiddenLayers] input', 'Enter');
await page.waitForFunction((id) => window.labState.runId !== id && window.labState.frames > 0 && window.labState.shape?.[0]?.length === 8, runId, { timeout: 60000 });
await page.waitForTimeout(3000);
await browser.stopTracing();
await browser.close(); server.close();
const ev = JSON.parse(readFileSync('/tmp/trace.json', 'utf8')).traceEvents;
const main = ev.filter((e) => e.name === 'RunTask' && e.dur > 40000);
for (const t of main) {
  const kids = ev.filter((e) => e.tid === t.tid && e.pid === t.pid && e.ts >= t.ts && e.ts < t.ts + t.dur && e.dur > 3000 && e.name !== 'RunTask');
  console.log('TASK', (t.dur / 1000).toFixed(0), 'ms');
  for (const k of kids.slice(0, 14)) console.log('   ', k.name, (k.dur / 1000).toFixed(1), k.args?.data?.url?.split('/').slice(-2).join('/') ?? '', k.args?.data?.functionName ?? '', k.args?.data?.type ?? '');
}
