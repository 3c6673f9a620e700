// Framing: a cross-origin isolated course page (COEP require-corp) can frame the lab (every lab
// response carries CORP cross-origin and COEP require-corp); a frame sandboxed with only
// allow-scripts, where the browser refuses the lab's module scripts and worker, shows a visible
// message in the page's language saying what the host must allow; so does a worker that fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { courseServer, coursePage, frameOf, frameRunning, launch, shot } from './helpers.mjs';
import { CORP, COEP } from '../../scripts/serve.mjs';

let env, host;
before(async () => {
  env = await launch();
  const frame = (q, attrs = '') => `<iframe id="lab" src="${env.url}/index.html?${q}" width="800" height="600" title="ReLU Lab" ${attrs}></iframe>`;
  host = await courseServer({
    '/isolated': { body: coursePage(frame('embed=1&amp;lang=en')), headers: { 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Opener-Policy': 'same-origin' } },
    '/sandbox-en': { body: coursePage(frame('embed=1&amp;lang=en', 'sandbox="allow-scripts"')) },
    '/sandbox-zh': { body: coursePage(frame('embed=1&amp;lang=zh', 'sandbox="allow-scripts"')) },
    '/sandbox-gallery': { body: coursePage(frame('lang=en', 'sandbox="allow-scripts"').replace('/index.html?', '/gallery.html?')) },
    '/sandbox-lessons': { body: coursePage(frame('lesson=dying-relu&amp;embed=1&amp;lang=en', 'sandbox="allow-scripts"').replace('/index.html?', '/lessons.html?')) },
  });
});
after(async () => { await host?.close(); await env?.close(); });

test('a cross-origin isolated course page frames the lab, which runs', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  const headers = [];
  page.on('response', (r) => { if (r.url().startsWith(env.url)) headers.push({ url: r.url(), h: r.headers() }); });
  await page.goto(`${host.url}/isolated`);
  assert.equal(await page.evaluate(() => window.crossOriginIsolated), true, 'the course page is isolated');
  const frame = await frameOf(page, `${env.url}/index.html`);
  await frameRunning(frame);
  assert.ok(headers.length >= 5);
  for (const r of headers) {
    assert.equal(r.h['cross-origin-resource-policy'], CORP, r.url);
    assert.equal(r.h['cross-origin-embedder-policy'], COEP, r.url);
  }
  await context.close();
});

for (const [lang, path, words] of [['en', '/sandbox-en', /allow-same-origin/], ['zh', '/sandbox-zh', /沙箱[\s\S]*allow-same-origin/]]) {
  test(`a frame sandboxed with only allow-scripts shows what the host must allow (${lang})`, async () => {
    const context = await env.browser.newContext({ viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${host.url}${path}`);
    const frame = await frameOf(page, `${env.url}/index.html`);
    const box = frame.locator('#startup-problem');
    await box.waitFor({ state: 'visible', timeout: 20000 });
    const text = await box.innerText();
    assert.match(text, words);
    assert.equal(await box.getAttribute('data-kind'), 'sandbox');
    assert.equal(await box.getAttribute('lang'), lang === 'zh' ? 'zh-CN' : 'en');
    assert.equal(await box.getAttribute('role'), 'alert');
    await shot(page, `sandboxed-${lang}.png`);
    await context.close();
  });
}

for (const name of ['gallery', 'lessons']) {
  test(`the ${name} page, sandboxed with only allow-scripts, says what the host must allow too`, async () => {
    const context = await env.browser.newContext({ viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${host.url}/sandbox-${name}`);
    const frame = await frameOf(page, `${env.url}/${name}.html`);
    const box = frame.locator('#startup-problem');
    await box.waitFor({ state: 'visible', timeout: 20000 });
    assert.match(await box.innerText(), /allow-same-origin/);
    assert.equal(await box.getAttribute('data-kind'), 'sandbox');
    await context.close();
  });
}

test('no WebAssembly, or a worker that fails, shows the start-up message too', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(() => { delete globalThis.WebAssembly; });
  await page.goto(`${env.url}/index.html?lang=en`);
  const box = page.locator('#startup-problem');
  await box.waitFor({ state: 'visible', timeout: 20000 });
  assert.equal(await box.getAttribute('data-kind'), 'wasm');
  assert.match(await box.innerText(), /WebAssembly/);
  await page.close();

  // A worker whose script cannot load (the request is refused): the page says so.
  const page2 = await context.newPage();
  await page2.route('**/worker.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: 'throw new Error("broken worker");' }));
  await page2.goto(`${env.url}/index.html?lang=zh`);
  const box2 = page2.locator('#startup-problem');
  await box2.waitFor({ state: 'visible', timeout: 30000 });
  assert.equal(await box2.getAttribute('data-kind'), 'failed');
  assert.match(await box2.innerText(), /worker/);
  assert.match(await box2.innerText(), /ReLU Lab 无法在此处启动/);
  await context.close();
});
