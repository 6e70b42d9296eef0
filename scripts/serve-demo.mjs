#!/usr/bin/env node
// Serves the built demo (build/demo) on loopback. By default the page is cross-origin isolated
// (COOP/COEP headers), so SharedArrayBuffer and threads are available; --no-isolation leaves them
// out, and the page then says once that it runs single-threaded.
//
// With --build (what `npm run demo` passes) it first builds the demo with scripts/build-demo.mjs,
// handing on --data.
//
//   npm run demo -- --data ../shared/data/planetoid/raw     # build with Cora next to the page, serve
//   node scripts/serve-demo.mjs [--dir build/demo] [--port 8080] [--no-isolation] [--build [--data DIR]]
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/** Starts a static server for `dir` on 127.0.0.1:`port` (0 = any free port); resolves to the server. */
export function serveDemo({ dir = join(ROOT, 'build/demo'), port = 0, isolation = true } = {}) {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) throw new Error(`${root}/index.html is missing: run node scripts/build-demo.mjs first`);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    const headers = { 'cache-control': 'no-cache' };
    if (isolation) Object.assign(headers, { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' });
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404, headers).end('not found'); return; }
    res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((ok, fail) => { server.once('error', fail); server.listen(port, '127.0.0.1', () => ok(server)); });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = (name) => { const i = process.argv.indexOf(name); return i < 0 ? undefined : process.argv[i + 1]; };
  const build = process.argv.includes('--build')
    ? import('./build-demo.mjs').then(({ buildDemo }) => buildDemo({ out: at('--dir'), data: at('--data') })).then((r) => console.log(JSON.stringify(r)))
    : Promise.resolve();
  build.then(() => serveDemo({ dir: at('--dir'), port: Number(at('--port') ?? 8080), isolation: !process.argv.includes('--no-isolation') }))
    .then((s) => console.log(`deepgraph demo at http://127.0.0.1:${s.address().port}/ (Ctrl-C stops)`))
    .catch((e) => { console.error(`serve-demo: ${e.message}`); process.exit(1); });
}
