// Hostile and malformed links, table-driven, in one browser page reused across cases: script and
// HTML in values and keys, huge / negative / non-finite numbers, unknown and prototype keys,
// repeated keys, 100 KB parameters, wrong types, invalid UTF-8 escapes, NUL, bad points, bad page
// options. For each: the page loads and trains; the ignored keys (and only those) are listed in
// the notice, as text; every other setting is the default (read back from the URL the page
// writes); no script runs (alert and a payload flag are hooked), nothing is injected, and there
// are no console errors, CSP violations or failed requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, watchProblems } from './helpers.mjs';
import { CSP } from '../../scripts/serve.mjs';

const dist = process.env.RELULAB_DIST ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
/** Longer request lines than this are answered by the test itself (see before()). */
const LONG_URL = 8000;

let env, context, page, problems;
const PAGE_KEYS = new Set(['lang', 'embed', 'epochs', 'speed', 'paused']);

before(async () => {
  env = await launch();
  context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  // Any payload that runs sets a flag: alert/confirm/prompt are replaced, payloads set __pwned.
  await context.addInitScript(() => {
    window.__pwned = 0;
    window.__violations = [];
    for (const f of ['alert', 'confirm', 'prompt']) window[f] = () => { window.__pwned += 1; };
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page = await context.newPage();
  // Node's server (like most static hosts) refuses request lines over ~16 KB (431), so a link
  // carrying a 100 KB parameter would never reach the page. Such a page load is answered here
  // with the same file and headers, so the page itself meets the long URL.
  const html = await readFile(join(dist, 'index.html'));
  await page.route((url) => url.pathname === '/index.html' && url.href.length > LONG_URL, (route) => route.fulfill({
    status: 200, body: html,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' },
  }));
  problems = watchProblems(page, env.url);
});
after(async () => { await env?.close(); });

const big = 'A'.repeat(100 * 1024);
const q = (pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
const xss = '<img src=x onerror="window.__pwned=1">';
const scriptTag = '<script>window.__pwned=1</script>';

/**
 * [name, raw query, keys listed as ignored, settings kept from the link {key: value as the page
 * writes it}]. Every case gets `&epochs=2` (unless it sets epochs) so the page trains two epochs.
 */
const CASES = [
  ['script tag in a choice', q([['dataset', scriptTag]]), ['dataset']],
  ['img onerror in a choice', q([['dataset', xss]]), ['dataset']],
  ['svg onload in init', q([['init', '<svg onload=window.__pwned=1>']]), ['init']],
  ['script tag in lang', q([['lang', scriptTag]]), ['lang']],
  ['img onerror in lang', q([['lang', xss]]), ['lang']],
  ['javascript: URL as a value', q([['optimizer', 'javascript:alert(1)']]), ['optimizer']],
  ['HTML as a key', q([[xss, '1']]), [xss]],
  ['HTML inside an activation list', q([['activations', `relu,${xss}`]]), ['activations']],
  ['1e308 points', 'points=1e308', ['points']],
  ['1e308 learning rate', 'learningRate=1e308', ['learningRate']],
  ['negative points', 'points=-100', ['points']],
  ['negative hidden layers', 'hiddenLayers=-1', ['hiddenLayers']],
  ['negative width', 'width=-8', ['width']],
  ['NaN', 'learningRate=NaN', ['learningRate']],
  ['Infinity', 'noise=Infinity', ['noise']],
  ['-Infinity', 'biasInit=-Infinity', ['biasInit']],
  ['hexadecimal', 'batchSize=0x10', ['batchSize']],
  ['fraction for a whole number', 'width=2.5', ['width']],
  ['underflow to 0', 'learningRate=1e-400', ['learningRate']],
  ['seed beyond 2^32 - 1', 'dataSeed=4294967296', ['dataSeed']],
  ['unknown key', 'foo=bar', ['foo']],
  ['prototype keys', '__proto__=1&constructor=1&toString=5&hasOwnProperty=1&valueOf=2',
    ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']],
  ['repeated key (first wins)', 'points=100&points=200', ['points'], { points: '100' }],
  ['repeated key with a hostile second', `dataset=moons&${q([['dataset', scriptTag]])}`, ['dataset'], { dataset: 'moons' }],
  ['100 KB value', `dataset=${big}`, ['dataset']],
  ['100 KB key', `${big}=1`, [big]],
  ['100 KB of points', `pts=${'0,0,1;'.repeat(20000)}0,0,1`, ['pts']],
  ['3,000 unknown keys', Array.from({ length: 3000 }, (_, i) => `k${i}=1`).join('&'),
    Array.from({ length: 3000 }, (_, i) => `k${i}`)],
  ['flag given as a word', 'preluShared=yes', ['preluShared']],
  ['number for a choice', 'dataset=3', ['dataset']],
  ['array syntax', 'activations[]=relu', ['activations[]']],
  ['object syntax', 'hidden[0]=8', ['hidden[0]']],
  ['invalid UTF-8 escape in a value', 'dataset=%E0%A4%A', ['dataset']],
  ['invalid UTF-8 escape in a key', '%E0%A4%A=1', ['\uFFFD%A']],
  ['lone surrogate escape', 'optimizer=%ED%A0%80', ['optimizer']],
  ['NUL byte', 'dataset=spiral%00', ['dataset']],
  ['hidden=8,,8 (not a key of the lab)', 'hidden=8,,8', ['hidden']],
  ['hidden=99', 'hidden=99', ['hidden']],
  ['99 hidden layers', 'hiddenLayers=99', ['hiddenLayers']],
  ['65 units per layer', 'width=65', ['width']],
  ['unknown activation among repeats', 'activations=relu,relu,unknown', ['activations']],
  ['repeated activations are merged', 'activations=relu,relu,tanh', [], { activations: 'relu,tanh' }],
  ['empty activation list', 'activations=,,,', ['activations']],
  ['points: two numbers', 'pts=1,2', ['pts']],
  ['points: words', 'pts=a,b,c', ['pts']],
  ['points: outside the box', 'pts=99,0,1', ['pts']],
  ['points: NaN', 'pts=NaN,0,1', ['pts']],
  ['points: trailing separator', 'pts=0,0,1;', ['pts']],
  ['points: a class the data set lacks (refused by the core)', 'pts=0,0,5', ['pts']],
  ['points: label 1e308 (refused by the core)', 'pts=0,0,1e308', ['pts']],
  ['points: valid ones are kept', 'pts=1,2,1', [], { pts: '1,2,1' }],
  ['batch larger than the data (refused by the core)', 'points=40&batchSize=500', ['batchSize'], { points: '40' }],
  ['relu\'(0) not a choice', 'reluGradAtZero=0.25', ['reluGradAtZero']],
  ['embed=2', 'embed=2', ['embed']],
  ['epochs=-1', 'epochs=-1', ['epochs']],
  ['epochs=1e9', 'epochs=1e9', ['epochs']],
  ['epochs=1.5', 'epochs=1.5', ['epochs']],
  ['speed not in the list', 'speed=7', ['speed']],
  ['speed in hexadecimal', 'speed=0x1e', ['speed']],
  ['empty value', 'points=', ['points']],
  ['key without a value', 'preluShared', ['preluShared']],
  ['empty key', '=5', ['']],
];

let base = null;   // URL parameters the page writes for the default experiment
let baseTags = null;   // element counts of the default page

/** Loads a query and waits for training; returns what the checks need. */
async function load(query) {
  problems.length = 0;
  const keys = new Set(new URLSearchParams(query).keys());
  const suffix = keys.has('epochs') ? '' : '&epochs=2';
  await page.goto(`${env.url}/index.html?${query}${suffix}`);
  await page.waitForFunction(() => window.labState?.summaries?.length > 0 && window.labState.epoch >= 2,
    null, { timeout: 60000, polling: 100 });
  return page.evaluate(() => ({
    ignored: window.labState.ignoredParams.map((p) => p.param),
    networks: window.labState.summaries.length,
    lang: window.labState.lang,
    embed: window.labState.embed,
    url: location.search,
    notice: document.querySelector('.notice.warn')?.textContent ?? null,
    noticeItems: document.querySelectorAll('.notice.warn li').length,
    pwned: window.__pwned,
    violations: window.__violations,
    tags: Object.fromEntries(['img', 'iframe', 'object', 'embed', 'svg', 'math', 'base', 'form', 'script', 'link', 'style', 'meta', 'a']
      .map((tag) => [tag, document.getElementsByTagName(tag).length])),
    scripts: [...document.scripts].map((s) => s.src.replace(location.origin, '')),
    handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
  }));
}

test('the default page, as the reference for every case', async () => {
  const r = await load('lang=en');
  assert.deepEqual(r.ignored, []);
  assert.equal(r.notice, null);
  assert.deepEqual(r.scripts, ['/boot.js', '/lab/main.js']);
  assert.equal(r.tags.img + r.tags.iframe + r.tags.object + r.tags.embed + r.tags.base, 0);
  baseTags = r.tags;
  base = Object.fromEntries([...new URLSearchParams(r.url)].filter(([k]) => !PAGE_KEYS.has(k)));
  assert.equal(base.dataset, 'spiral');
  assert.deepEqual(problems, []);
});

for (const [name, query, ignoredKeys, kept = {}] of CASES) {
  test(`hostile link: ${name}`, async () => {
    assert.ok(base, 'reference loaded');
    const r = await load(query);
    assert.equal(r.pwned, 0, 'no script ran');
    assert.deepEqual(r.tags, baseTags, 'no element injected (img, iframe, svg, script, a, ...)');
    assert.deepEqual(r.scripts, ['/boot.js', '/lab/main.js'], 'no script element added');
    assert.deepEqual(r.handlers, [], 'no inline event handler');
    assert.deepEqual(r.violations, [], 'no CSP violation');
    assert.deepEqual(r.ignored.slice().sort(), ignoredKeys.slice().sort(), 'exactly these keys are listed as ignored');
    if (ignoredKeys.length) {
      assert.ok(r.notice, 'a notice lists the ignored keys');
      for (const key of ignoredKeys.slice(0, 20)) assert.ok(r.notice.includes(key.slice(0, 40)), `notice names ${key.slice(0, 40)}`);
      assert.ok(r.notice.length < 8000, `the notice stays short (${r.notice.length} characters)`);
      assert.ok(r.noticeItems <= 21, 'at most 20 keys and a count of the rest');
    } else {
      assert.equal(r.notice, null);
    }
    // Every experiment setting is the default except those the link validly set.
    const now = Object.fromEntries([...new URLSearchParams(r.url)].filter(([k]) => !PAGE_KEYS.has(k)));
    assert.deepEqual(now, { ...base, ...kept });
    const nets = kept.activations ? kept.activations.split(',').length : base.activations.split(',').length;
    assert.equal(r.networks, nets, 'the networks train');
    assert.equal(r.lang, 'en');
    assert.equal(r.embed, false);
    assert.deepEqual(problems, []);
  });
}
