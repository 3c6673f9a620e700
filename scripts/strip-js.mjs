// Copies an ES module without its comments, blank lines and indentation: how the wasm wrapper
// (wasm/relulab.mjs) ships, since it counts towards the wasm API's size budget (the comments and
// indentation are ~1.1 KB of its 6.3 KB gzip). The source with its comments stays in wasm/;
// docs/API.md documents the API. Tokens are untouched: comments are located by acorn's parser
// (Debian's node-acorn, the parser emcc itself needs), and a file with a template literal or
// string spanning lines is refused rather than risk changing it.
//   node scripts/strip-js.mjs <in.mjs> <out.mjs>     (NODE_PATH=/usr/share/nodejs)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';

const require = createRequire(import.meta.url);
const acorn = require(process.env.NODE_PATH ? 'acorn' : '/usr/share/nodejs/acorn');

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: node scripts/strip-js.mjs <in.mjs> <out.mjs>');
const src = readFileSync(input, 'utf8');
const comments = [];
const tokens = acorn.tokenizer(src, { ecmaVersion: 'latest', sourceType: 'module', onComment: (block, text, start, end) => comments.push([start, end]) });
for (const token of tokens) {
  if ((token.type.label === 'template' || token.type.label === 'string') && src.slice(token.start, token.end).includes('\n'))
    throw new Error(`strip-js: ${input} has a literal spanning lines at ${token.start}; not stripping`);
}
let code = '';
let at = 0;
for (const [start, end] of comments) {
  code += src.slice(at, start);
  at = end;
}
code += src.slice(at);
const lines = code.split('\n').map((line) => line.trim()).filter((line) => line !== '');
writeFileSync(output, `// ${basename(input)} without comments (scripts/strip-js.mjs); source: wasm/${basename(input)}, API: docs/API.md\n` + lines.join('\n') + '\n');
