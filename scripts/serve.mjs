// Static server for dist/ on 127.0.0.1 with the lab's strict Content-Security-Policy on every
// response. `node scripts/serve.mjs` serves on PORT, or 8080, or the next free port, and prints
// the URL; tests import startServer() and use port 0. `--dev` serves the site from source instead
// (web/ as it is, the built module from build-wasm/ and Chart.js from node_modules/, mapped as
// build.mjs's SITE says): edit a page, reload, see it; nothing is rebuilt (C++ changes still need
// `npm run build`).
// Framing: every response also carries `Cross-Origin-Resource-Policy: cross-origin` and
// `Cross-Origin-Embedder-Policy: require-corp`, so a course page that is cross-origin isolated
// (COEP require-corp) may frame the lab: the browser wants both from a frame inside such a page.
// The lab holds no private data (everything it knows is in its URL), so letting any origin embed
// it is the intended use; the CSP sets no frame-ancestors for the same reason (docs/EMBED.md).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITE } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; " +
  "style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
  "form-action 'none'";
/** Any origin may embed the lab and load its files (course pages with COEP require-corp included). */
export const CORP = 'cross-origin';
/** A page with COEP require-corp may only frame documents that send COEP themselves; every file
 *  the lab loads is its own (and carries CORP), so the lab can promise it. */
export const COEP = 'require-corp';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.txt': 'text/plain; charset=utf-8',
};

/** The dev site: SITE's entries as [url path prefix, absolute path], the longest prefix first. */
export const DEV_SITE = SITE.map(([at, from]) => [`/${at}`, join(root, from)]).sort((a, b) => b[0].length - a[0].length);

/** The file that serves URL path `path`: from `dir`, or from the first `mounts` entry that is the
 *  path itself or a folder prefix of it ('/…/'); throws ENOENT for anything outside them. */
function fileFor(path, dir, mounts) {
  const hit = (mounts ?? [['/', dir]]).find(([p]) => path === p || (p.endsWith('/') && path.startsWith(p)));
  if (!hit) throw Object.assign(new Error('unmapped'), { code: 'ENOENT' });
  const [prefix, base] = hit;
  const file = normalize(join(base, path.slice(prefix.length)));
  if (file !== base && !file.startsWith(base + sep)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
  return file;
}

/** Starts serving `dir` (or `mounts`, see DEV_SITE); resolves to { server, port, url }. */
export function startServer({ dir = join(root, 'dist'), mounts = null, port = 0, host = '127.0.0.1', csp = CSP } = {}) {
  const server = createServer(async (req, res) => {
    const headers = { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache',
      'Cross-Origin-Resource-Policy': CORP, 'Cross-Origin-Embedder-Policy': COEP };
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = fileFor(path, dir, mounts);
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch (e) {
      res.writeHead(e.code === 'ENOENT' || e.code === 'ENOTDIR' ? 404 : 400, { ...headers, 'Content-Type': 'text/plain' });
      res.end(e.code === 'ENOENT' || e.code === 'ENOTDIR' ? 'not found' : 'bad request');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const actual = server.address().port;
      resolve({ server, port: actual, url: `http://${host}:${actual}` });
    });
  });
}

async function main() {
  const dev = process.argv.includes('--dev');
  const wanted = process.env.PORT !== undefined ? Number(process.env.PORT) : 8080;
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
    console.error(`serve: PORT must be a whole number from 0 to 65535 (got ${JSON.stringify(process.env.PORT)})`);
    process.exit(1);
  }
  // An explicit PORT is used as given; the default 8080 moves on to the next free port.
  const tries = process.env.PORT !== undefined ? 1 : 20;
  for (let p = wanted; p < wanted + tries; p++) {
    try {
      const { url } = await startServer({ port: p, mounts: dev ? DEV_SITE : null });
      console.log(`ReLU Lab is being served at ${url}/  (Ctrl+C to stop)${dev ? ' — dev mode: web/ from source' : ''}`);
      return;
    } catch (e) {
      if (e.code !== 'EADDRINUSE' || p === wanted + tries - 1) {
        console.error(`serve: cannot listen on 127.0.0.1:${p}: ${e.message}`);
        process.exit(1);
      }
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
