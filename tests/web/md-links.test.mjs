// Every .md file a comment names is in the repository (issue 15: "why" links that pointed outside
// it). Scans the tracked source files (C++, JS, CMake, shell, HTML, CSS) for names ending in .md and
// resolves each against the repository root, the file's own folder and docs/. Fails with the file
// and the name; a planted dangling name must be caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE = /\.(cpp|hpp|h|mjs|js|cmake|sh|html|css|txt)$|CMakeLists\.txt$/;

/** The .md names in `text` that resolve nowhere (from `file`). */
export function danglingMd(file, text) {
  const names = [...new Set(text.match(/[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.md\b/g) ?? [])];
  return names.filter((name) => {
    const bare = name.replace(/^(\.\.?\/)+/, '');
    return ![join(root, bare), join(root, dirname(file), name), join(root, 'docs', bare)].some((p) => existsSync(p));
  });
}

test('every .md named in a source file exists in the repository', () => {
  const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n')
    .filter((f) => SOURCE.test(f) && !f.startsWith('tests/fuzz/seeds/'));
  assert.ok(files.length > 100, `scanned ${files.length} files`);
  const missing = [];
  let named = 0;
  for (const f of files) {
    const text = readFileSync(join(root, f), 'utf8');
    named += (text.match(/\.md\b/g) ?? []).length;
    for (const name of danglingMd(f, text)) missing.push(`${f}: ${name}`);
  }
  assert.ok(named > 20, 'the scan finds the names that are there');
  assert.deepEqual(missing, []);
});

test('a name that resolves nowhere is caught', () => {
  const planted = ['TOOLCHAIN', 'md'].join('.');   // written so that this file names no missing .md itself
  assert.deepEqual(danglingMd('core/x.cpp', `// see ${planted} and docs/ACTIVATIONS.md`), [planted]);
  assert.deepEqual(danglingMd('tests/wasm/x.mjs', "new URL('../../README.md')"), []);
});
