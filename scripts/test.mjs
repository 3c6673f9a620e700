// Runs every test suite of the lab after scripts/build.mjs has built it: native Catch2 tests via
// ctest, the same tests under ASan+UBSan, libFuzzer harnesses briefly, the wasm module in Node, and the pages in Debian's
// Chromium. Prints one summary line "N passed, N failed" and exits non-zero on any failure.
// Not a builder of the main artefacts (npm test runs setup and build first).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);   // e.g. `node scripts/test.mjs wasm browser`
const totals = { passed: 0, failed: 0 };
const lines = [];

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  return { status: r.status ?? 1, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

function record(name, passed, failed, todo = 0) {
  totals.passed += passed;
  totals.failed += failed;
  lines.push(`${name}: ${passed} passed, ${failed} failed` + (todo ? `, ${todo} todo (known gaps, not counted)` : ''));
}

function ctest(name, dir) {
  // catch_discover_tests splits names at ';' and reads '[' as tags: such a test silently runs
  // nothing. Every Catch2 test case must be exactly one ctest entry.
  const listed = spawnSync(join(root, dir, 'relulab_tests'), ['--list-test-names-only'], { encoding: 'utf8' })
    .stdout?.split('\n').filter((l) => l.trim()).length ?? -1;
  const discovered = Number(spawnSync('ctest', ['--test-dir', dir, '-N'], { encoding: 'utf8' })
    .stdout?.match(/Total Tests: (\d+)/)?.[1] ?? -2);
  if (listed !== discovered) {
    console.error(`${name}: ctest has ${discovered} tests but relulab_tests has ${listed} test cases (a name with ';' or '[' ?)`);
    return record(name, 0, 1);
  }
  const r = run('ctest', ['--test-dir', dir, '--output-on-failure', '-j2']);
  const m = r.out.match(/(\d+)% tests passed, (\d+) tests? failed out of (\d+)/);
  if (!m) return record(name, 0, 1);
  const total = Number(m[3]), failed = Number(m[2]);
  record(name, total - failed, failed + (r.status !== 0 && failed === 0 ? 1 : 0));
}

function nodeTests(name, dir, extra = []) {
  const abs = join(root, dir);
  const files = existsSync(abs) ? readdirSync(abs).filter((f) => f.endsWith('.test.mjs')).sort() : [];
  if (files.length === 0) return record(name, 0, 0);
  const r = run(process.execPath, ['--test', '--test-reporter=tap', ...extra, ...files.map((f) => join(dir, f))]);
  const pass = Number(r.out.match(/^# pass (\d+)/m)?.[1] ?? 0);
  const fail = Number(r.out.match(/^# fail (\d+)/m)?.[1] ?? 0);
  const cancelled = Number(r.out.match(/^# cancelled (\d+)/m)?.[1] ?? 0);
  const todo = Number(r.out.match(/^# todo (\d+)/m)?.[1] ?? 0);
  record(name, pass, fail + cancelled + (r.status !== 0 && fail + cancelled === 0 ? 1 : 0), todo);
}

function sanitizers() {
  // The native suite again under AddressSanitizer + UndefinedBehaviorSanitizer (+ LeakSanitizer).
  const dir = 'build-asan';
  if (!existsSync(join(root, dir, 'build.ninja'))) {
    const c = run('cmake', ['-S', '.', '-B', dir, '-G', 'Ninja', '-DCMAKE_BUILD_TYPE=RelWithDebInfo', '-DRELULAB_SANITIZE=ON']);
    if (c.status !== 0) return record('native (asan+ubsan)', 0, 1);
  }
  if (run('cmake', ['--build', dir, '--target', 'relulab_tests']).status !== 0) return record('native (asan+ubsan)', 0, 1);
  ctest('native (asan+ubsan)', dir);
}

function fuzz() {
  // Each libFuzzer harness in tests/fuzz/ for FUZZ_SECONDS (default 60) seconds; a crash fails.
  const dir = 'build-fuzz';
  const seconds = Number(process.env.FUZZ_SECONDS ?? 60);
  const env = { ...process.env, CXX: 'clang++' };
  if (!existsSync(join(root, dir, 'build.ninja'))) {
    const c = run('cmake', ['-S', '.', '-B', dir, '-G', 'Ninja', '-DCMAKE_BUILD_TYPE=RelWithDebInfo', '-DRELULAB_FUZZ=ON'], env);
    if (c.status !== 0) return record('fuzz (libFuzzer)', 0, 1);
  }
  if (run('cmake', ['--build', dir], env).status !== 0) return record('fuzz (libFuzzer)', 0, 1);
  const harnesses = readdirSync(join(root, 'tests/fuzz')).filter((f) => /^fuzz_.*\.cpp$/.test(f)).map((f) => f.slice(0, -4));
  let passed = 0, failed = 0;
  for (const h of harnesses) {
    const corpus = join(root, dir, `corpus-${h}`);
    mkdirSync(corpus, { recursive: true });
    const seeds = join(root, 'tests/fuzz/seeds', h);   // written by tests/fuzz/make_seeds.mjs
    const r = run(join(root, dir, h), [`-max_total_time=${seconds}`, '-print_final_stats=1', `-artifact_prefix=${join(root, dir)}/`,
      corpus, ...(existsSync(seeds) ? [seeds] : [])]);
    if (r.status === 0) passed++; else failed++;
  }
  record('fuzz (libFuzzer)', passed, failed);
}

const suites = {
  native: () => ctest('native (ctest)', 'build-native'),
  asan: sanitizers,
  fuzz,
  wasm: () => nodeTests('wasm (node)', 'tests/wasm'),
  web: () => nodeTests('web modules (node)', 'tests/web'),
  browser: () => nodeTests('browser (chromium)', 'tests/browser', ['--test-concurrency=1']),
};
for (const [name, fn] of Object.entries(suites)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  fn();
}
console.log('\n' + lines.join('\n'));
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
