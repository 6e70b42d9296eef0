#!/usr/bin/env node
// Builds the prebuilt addon shipped in the npm package (run by `prepack`):
//   prebuilds/<platform>-<arch>/deepgraph.node   N-API 8, so one binary serves every Node >= 20;
//                                                 OpenBLAS linked in statically (symbols hidden);
//                                                 AVX2 / AVX-512 kernels picked at run time
//   prebuilds/<platform>-<arch>/libgomp.so.1      the OpenMP runtime, found through RUNPATH $ORIGIN
//   prebuilds/<platform>-<arch>/build-info.json   what was built from what
// The build runs in build/prebuild/ (a copy of binding.gyp and native/), so the developer's
// build/Release is left alone; an unchanged source tree reuses the previous binary.
//   node scripts/prebuild.mjs [--from FILE]      --from: package FILE instead of building (tests)
import { spawnSync, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeDirArgs, nodeGypCommand, sourceHash } from './node-gyp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tuple = `${process.platform}-${process.arch}`;
const outDir = join(root, 'prebuilds', tuple);
const fromIdx = process.argv.indexOf('--from');
const from = fromIdx >= 0 ? process.argv[fromIdx + 1] : undefined;

function fail(msg) {
  console.error(`prebuild: ${msg}`);
  process.exit(1);
}

/** Loads the binary in a fresh Node and returns its buildInfo (proves it links and runs here). */
function loadCheck(file) {
  const r = spawnSync(process.execPath, ['-e', 'console.log(JSON.stringify(require(process.argv[1]).buildInfo()))', file], { encoding: 'utf8' });
  if (r.status !== 0) fail(`${file} does not load: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout);
}

function gomp() {
  const f = execFileSync('g++', ['-print-file-name=libgomp.so.1']).toString().trim();
  if (!existsSync(f)) fail(`libgomp.so.1 not found (g++ -print-file-name says ${f})`);
  return f;
}

if (process.platform !== 'linux') fail(`prebuilt binaries are made on Linux only (this is ${process.platform})`);
mkdirSync(outDir, { recursive: true });

if (from !== undefined) {
  if (!from || !existsSync(from)) fail(`--from needs an existing addon file, got '${from ?? ''}'`);
  cpSync(from, join(outDir, 'deepgraph.node'));
  const info = loadCheck(join(outDir, 'deepgraph.node'));
  writeFileSync(join(outDir, 'build-info.json'), JSON.stringify({ from: relative(root, from), ...info }, null, 2) + '\n');
  console.log(`prebuild: packaged ${from} as ${relative(root, outDir)}/deepgraph.node`);
  process.exit(0);
}

const hash = sourceHash(root, { ...process.env, DEEPGRAPH_BLAS_STATIC: '1' });
const work = join(root, 'build', 'prebuild');
const cached = join(work, 'out', 'deepgraph.node');
const stamp = join(work, 'out', 'hash');
if (!(existsSync(cached) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash)) {
  console.log(`prebuild: compiling the addon for ${tuple} with OpenBLAS linked statically (a few minutes)`);
  rmSync(join(work, 'native'), { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(join(root, 'binding.gyp'), join(work, 'binding.gyp'));
  cpSync(join(root, 'native'), join(work, 'native'), { recursive: true });
  if (!existsSync(join(work, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
  const [cmd, pre] = nodeGypCommand();
  const env = { ...process.env, DEEPGRAPH_BLAS_STATIC: '1' };
  const r = spawnSync(cmd, [...pre, 'rebuild', '--release', ...nodeDirArgs()], { cwd: work, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) fail(`node-gyp exited with ${r.status ?? r.error?.message}`);
  mkdirSync(join(work, 'out'), { recursive: true });
  // Symbols are not needed to run; stripping takes the binary from ~27 to ~25 MB (OpenBLAS's
  // kernels for every x86 CPU generation are most of it).
  execFileSync('strip', ['--strip-unneeded', join(work, 'build', 'Release', 'deepgraph.node'), '-o', cached]);
  writeFileSync(stamp, hash);
}
cpSync(cached, join(outDir, 'deepgraph.node'));
cpSync(realpathSync(gomp()), join(outDir, 'libgomp.so.1'));
const ldd = execFileSync('ldd', [join(outDir, 'deepgraph.node')]).toString();
if (/openblas/.test(ldd)) fail(`the prebuilt binary still links OpenBLAS dynamically:\n${ldd}`);
const info = loadCheck(join(outDir, 'deepgraph.node'));
if (!info.cblas) fail('the prebuilt binary was built without CBLAS (is libopenblas-dev installed?)');
writeFileSync(join(outDir, 'build-info.json'), JSON.stringify({
  sourceHash: hash, napi: 8, builtWith: process.version, blas: 'OpenBLAS (static, Debian libopenblas-dev)', ...info,
}, null, 2) + '\n');
const mb = (f) => (statSync(f).size / 1e6).toFixed(1);
console.log(`prebuild: ${relative(root, outDir)}/deepgraph.node (${mb(join(outDir, 'deepgraph.node'))} MB, simd ${info.simdLevels.join('/')}, cblas ${info.cblas})`);
