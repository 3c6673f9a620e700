// Dev mode (`npm run dev`): the site served from source — web/ as it is, the built module and
// Chart.js mapped in from build-wasm/ and node_modules/ — is the same site as dist/, and the lab
// runs from it; a file changed in web/ is served at once, without a build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, DEV_SITE } from '../../scripts/serve.mjs';
import { launch, open, waitLab } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');

let env;
before(async () => { env = await launch({ mounts: DEV_SITE }); });
after(async () => { await env?.close(); });

const files = (dir) => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));

test('the dev server serves every file of dist/ with the same bytes, and nothing outside the site', async () => {
  const built = files(dist);
  assert.ok(built.length > 30, `dist/ has the site (${built.length} files)`);
  for (const f of built) {
    const path = relative(dist, f).split('\\').join('/');
    const r = await fetch(`${env.url}/${path}`);
    assert.equal(r.status, 200, path);
    assert.ok(Buffer.from(await r.arrayBuffer()).equals(readFileSync(f)), `${path}: same bytes as dist/`);
  }
  for (const path of ['../package.json', '%2e%2e/package.json', 'wasm/../../package.json', 'wasm/other.js', 'vendor/x.js'])
    assert.equal((await fetch(`${env.url}/${path}`)).status, 404, path);
});

test('the lab trains when served from source, and an edit in web/ shows without a build', async () => {
  const { page, context, problems } = await open(env, 'index.html?lang=en');
  await waitLab(page, () => window.labState?.frames >= 1 && window.labState.epoch >= 1);
  assert.deepEqual(problems, []);
  await context.close();
  const probe = join(root, 'web', `dev-probe-${process.pid}.txt`);
  try {
    writeFileSync(probe, 'edited');
    assert.equal(await (await fetch(`${env.url}/${relative(join(root, 'web'), probe)}`)).text(), 'edited');
  } finally { rmSync(probe, { force: true }); }
});

test('dist/ stays served as before (no mounts: the folder alone)', async () => {
  const served = await startServer({ dir: dist });
  try {
    assert.equal((await fetch(`${served.url}/`)).status, 200);
    assert.equal((await fetch(`${served.url}/wasm/relulab.mjs`)).status, 200);
    assert.equal((await fetch(`${served.url}/../package.json`)).status, 404);
  } finally { await new Promise((r) => served.server.close(r)); }
});
