/**
 * The browser-safe core (DESIGN.md) stays browser-safe: no module in it reaches, directly or
 * through its relative imports, a Node.js built-in, a native addon file or an addon-loader
 * package. Checked on the compiled JavaScript of each source file, with package.json's `browser`
 * remaps applied as a bundler applies them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, findNodeImports, importsOf, listFiles, nodeOnlyReason, type ImportSite } from './import-scan.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
/** Folders DESIGN.md promises browser-safe, plus the ones the browser entry exports. */
const CORE = ['tensor', 'graph', 'message', 'nn', 'optim'];
const ALSO_SAFE = ['kernels', 'sampling', 'dataloading', 'browser'];
/** Node-only by design inside otherwise browser-safe folders. */
const NODE_ONLY = ['src/dataloading/node/'];
const ADDON_LOADER = join(ROOT, 'dist/src/kernels/native/binding.js');

const toDist = (src: string): string => join(ROOT, 'dist', relative(ROOT, src)).replace(/\.ts$/, '.js');
const display = (p: string): string => {
  const rel = relative(ROOT, p).split(sep).join('/');
  return rel.startsWith('dist/src/') && rel.endsWith('.js') ? rel.slice('dist/'.length).replace(/\.js$/, '.ts') : rel;
};

/** The line of a compiled file's import in its TypeScript source (tsc moves lines), else the compiled line. */
const sourceLine = (js: string, site: ImportSite): number => {
  const ts = js.startsWith(join(ROOT, 'dist', 'src') + sep) ? join(ROOT, relative(join(ROOT, 'dist'), js)).replace(/\.js$/, '.ts') : '';
  if (ts === '' || !existsSync(ts)) return site.line;
  const lines = readFileSync(ts, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(`'${site.specifier}'`) || l.includes(`"${site.specifier}"`));
  return i >= 0 ? i + 1 : site.line;
};

function browserRemap(): Map<string, string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { browser?: Record<string, string> };
  assert.equal(typeof pkg.browser, 'object', 'package.json has no `browser` map');
  return new Map(Object.entries(pkg.browser!).map(([from, to]) => [join(ROOT, from), join(ROOT, to)]));
}

function safeSources(): string[] {
  const files = [...CORE, ...ALSO_SAFE].flatMap((d) => listFiles(join(ROOT, 'src', d), '.ts'))
    .concat(['browser.ts', 'errors.ts', 'version.ts'].map((f) => join(ROOT, 'src', f)));
  return files.filter((f) => !NODE_ONLY.some((n) => relative(ROOT, f).split(sep).join('/').startsWith(n)));
}

test('the import scanner sees every kind of import and ignores comments and strings', () => {
  const text = [
    "// import { x } from 'node:os'",
    "const s = \"require('child_process')\";",
    "import { readFileSync } from 'node:fs';",
    "import * as p from 'path';",
    "export { Worker } from 'worker_threads';",
    "const m = await import('./lazy.js');",
    "const n = await import(name);",
    "const a = require('../../build/Release/deepgraph.node');",
    "const f = process.getBuiltinModule('node:fs');",
    "import 'bindings';",
  ].join('\n');
  const sites = importsOf('x.js', text);
  assert.deepEqual(sites.map((s) => `${s.line} ${s.kind} ${s.specifier}`), [
    '3 import node:fs', '4 import path', '5 export worker_threads', '6 dynamic import ./lazy.js',
    '7 dynamic import <computed: name>', '8 require ../../build/Release/deepgraph.node',
    '9 getBuiltinModule node:fs', '10 import bindings',
  ]);
  const bad = sites.filter((s) => nodeOnlyReason(s.specifier) !== null).map((s) => s.specifier);
  assert.deepEqual(bad, ['node:fs', 'path', 'worker_threads', '<computed: name>', '../../build/Release/deepgraph.node', 'node:fs', 'bindings']);
  for (const ok of ['./a.js', '../tensor/tensor.js', 'pickleparser', 'fsevents-free', 'pathological']) assert.equal(nodeOnlyReason(ok), null, ok);
  for (const no of ['fs/promises', 'node:test', 'child_process', 'zlib', 'os', 'module', 'node-gyp-build']) assert.notEqual(nodeOnlyReason(no), null, no);
});

test('the scanner follows relative imports, applies remaps and names the chain', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-scan-'));
  try {
    mkdirSync(join(dir, 'node'));
    writeFileSync(join(dir, 'a.js'), "export * from './b.js';\n");
    writeFileSync(join(dir, 'b.js'), "export const b = 1;\nexport const lazy = () => import('./node/pool.js');\n");
    writeFileSync(join(dir, 'node/pool.js'), "import { Worker } from 'node:worker_threads';\nexport { Worker };\n");
    writeFileSync(join(dir, 'stub.js'), 'export class Worker {}\n');
    writeFileSync(join(dir, 'loader.js'), "export const fs = () => process.getBuiltinModule('node:fs');\n");
    writeFileSync(join(dir, 'c.js'), "import './loader.js';\nimport './missing.js';\n");
    const [v] = findNodeImports([join(dir, 'a.js')], { root: dir });
    assert.equal(describe(v), "a.js: node/pool.js:1 import 'node:worker_threads' is a Node.js built-in module (reached through a.js -> b.js -> node/pool.js)");
    assert.deepEqual(findNodeImports([join(dir, 'a.js')], { root: dir, remap: new Map([[join(dir, 'node/pool.js'), join(dir, 'stub.js')]]) }), []);
    const loader = findNodeImports([join(dir, 'loader.js')], { root: dir });
    assert.match(describe(loader[0]), /getBuiltinModule outside the addon loader/);
    const allowed = new Set([join(dir, 'loader.js')]);
    assert.deepEqual(findNodeImports([join(dir, 'loader.js')], { root: dir, builtinCallAllowed: allowed }), []);
    assert.match(describe(findNodeImports([join(dir, 'c.js')], { root: dir, builtinCallAllowed: allowed })[0]), /does not exist \(missing\.js/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('package.json `browser` remaps name compiled files that exist', () => {
  const remap = browserRemap();
  assert.ok(remap.size > 0);
  for (const [from, to] of remap) {
    assert.ok(existsSync(from), `browser map: ${display(from)} (the Node-only file) does not exist; update package.json`);
    assert.ok(existsSync(to), `browser map: ${display(to)} (its stand-in) does not exist`);
  }
});

test('no browser-safe module reaches node: modules, fs, path, worker_threads, child_process or the addon', () => {
  const sources = safeSources();
  for (const d of CORE) assert.ok(sources.some((s) => s.includes(`${sep}src${sep}${d}${sep}`)), `no sources found under src/${d}`);
  const missing = sources.filter((s) => !existsSync(toDist(s))).map(display);
  assert.deepEqual(missing, [], 'compiled files missing; run `npx tsc -p tsconfig.json` first');
  const violations = findNodeImports(sources.map(toDist), {
    root: ROOT, remap: browserRemap(), builtinCallAllowed: new Set([ADDON_LOADER]), displayName: display, lineOf: sourceLine,
  });
  assert.deepEqual(violations.map(describe), [], `browser-safe modules reach Node.js:\n${violations.map(describe).join('\n')}`);
});

test('tensor, graph, message, nn and optim do not import the addon loader (they go through the backend registry)', () => {
  const nativeDir = join(ROOT, 'dist/src/kernels/native') + sep;
  const bad: string[] = [];
  for (const src of CORE.flatMap((d) => listFiles(join(ROOT, 'src', d), '.ts'))) {
    const js = toDist(src);
    for (const site of importsOf(js, readFileSync(js, 'utf8'))) {
      if (site.specifier.startsWith('.') && resolve(js, '..', site.specifier).startsWith(nativeDir)) {
        bad.push(`${display(js)}:${sourceLine(js, site)} ${site.kind} '${site.specifier}'`);
      }
    }
  }
  assert.deepEqual(bad, [], `core modules import the native addon loader directly:\n${bad.join('\n')}`);
});
