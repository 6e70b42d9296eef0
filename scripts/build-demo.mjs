#!/usr/bin/env node
// Builds the demo page (demo/) into static files: type-checks it, bundles demo/main.ts with esbuild
// for the browser the way an application would (demo/tsconfig.json's path to src/ is for tsc only) (through 'deepgraph''s `browser` export condition
// and package.json remaps, so `npm run build` must have run), and copies the Cora raw files from
// the folder given with --data (the repository holds no dataset; without --data the page asks the
// user to drop the files). Prints the bundle size, raw and gzipped, as one JSON line.
//
//   node scripts/build-demo.mjs [--data ../shared/data/planetoid/raw] [--out build/demo] [--layers-only] [--no-check]
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const PARTS = ['x', 'y', 'tx', 'ty', 'allx', 'ally', 'graph', 'test.index'];

function option(name) {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
  return v;
}

/** Bundles `entry` for the browser with 'deepgraph' resolved to this repository as an installed package. */
export async function bundle(entry, outfile) {
  const modules = mkdtempSync(join(tmpdir(), 'dg-demo-modules-'));
  try {
    symlinkSync(ROOT, join(modules, 'deepgraph'), 'dir');
    const result = await esbuild.build({
      entryPoints: [entry], outfile, bundle: true, platform: 'browser', format: 'esm', target: 'es2022',
      minify: true, nodePaths: [modules], tsconfigRaw: '{}', metafile: true, logLevel: 'warning', legalComments: 'none',
    });
    const code = readFileSync(outfile);
    return { bytes: code.length, gzip: gzipSync(code, { level: 9 }).length, inputs: Object.keys(result.metafile.inputs) };
  } finally {
    rmSync(modules, { recursive: true, force: true });
  }
}

/**
 * Builds the demo into `out`; `data` is a folder holding ind.cora.* (copied next to the page),
 * `check` type-checks demo/ first (strict, DOM types), `layersOnly` also bundles a GraphConv-only
 * inference entry to report its size. Resolves to the size report.
 */
export async function buildDemo({ out = join(ROOT, 'build/demo'), data, check = true, layersOnly = false } = {}) {
  out = resolve(out);
  if (!existsSync(join(ROOT, 'dist/src/browser.js'))) throw new Error('dist/src/browser.js is missing: run `npm run build` first');
  if (check) {
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'demo/tsconfig.json')], { stdio: 'inherit' });
    if (tsc.status !== 0) throw new Error('demo/: TypeScript errors (above)');
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const demo = await bundle(join(ROOT, 'demo/main.ts'), join(out, 'demo.js'));
  for (const f of ['index.html', 'sw.js']) copyFileSync(join(ROOT, 'demo', f), join(out, f));
  // The WebAssembly kernels, which the page loads with dg.ready() (the picker offers wasm once they load).
  // The threads build and its worker script (the page's wasm threads when it is cross-origin
  // isolated; the library starts the worker from ./thread-worker.js next to the bundle).
  copyFileSync(join(ROOT, 'native/wasm/deepgraph.wasm'), join(out, 'deepgraph.wasm'));
  copyFileSync(join(ROOT, 'native/wasm/deepgraph-threads.wasm'), join(out, 'deepgraph-threads.wasm'));
  await bundle(join(ROOT, 'dist/src/kernels/wasm/thread-worker.js'), join(out, 'thread-worker.js'));
  let copied = 0;
  if (data !== undefined) {
    const missing = PARTS.map((p) => `ind.cora.${p}`).filter((f) => !existsSync(join(data, f)));
    if (missing.length > 0) throw new Error(`--data ${data}: missing ${missing.join(', ')}`);
    mkdirSync(join(out, 'data/cora'), { recursive: true });
    for (const p of PARTS) copyFileSync(join(data, `ind.cora.${p}`), join(out, 'data/cora', `ind.cora.${p}`));
    copied = PARTS.length;
  }
  const report = { bench: 'demo-bundle', file: 'demo.js', bytes: demo.bytes, gzipBytes: demo.gzip, dataFiles: copied, out };
  if (layersOnly) {
    // What an application that only runs a trained GraphConv model pays: tree-shaken to the layers it imports.
    const entry = join(out, 'layers-entry.mjs');
    writeFileSync(entry, "import { tensor, graph, nn, loadSafetensors } from 'deepgraph';\n" +
      'globalThis.infer = (weights, src, dst, x, shape) => { const g = graph([src, dst]); const m = new nn.GraphConv(shape[1], 7);\n' +
      '  m.loadStateDict(loadSafetensors(weights)); return m.forward(g, tensor(x, { shape })); };\n');
    const layers = await bundle(entry, join(out, 'layers-only.js'));
    rmSync(entry);
    Object.assign(report, { layersOnlyBytes: layers.bytes, layersOnlyGzipBytes: layers.gzip });
  }
  return report;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildDemo({ out: option('--out'), data: option('--data'), check: !process.argv.includes('--no-check'), layersOnly: process.argv.includes('--layers-only') })
    .then((report) => console.log(JSON.stringify(report))).catch((e) => { console.error(`build-demo: ${e.message}`); process.exit(1); });
}
