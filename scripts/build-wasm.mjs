#!/usr/bin/env node
// Builds native/wasm/deepgraph.wasm (the WebAssembly backend, src/kernels/wasm) from the addon's
// C++ with Debian's clang + lld (wasm32, freestanding, SIMD128), and records a hash of every
// source file and flag in native/wasm/deepgraph.wasm.json. The same objects are linked twice: once
// with its own memory (a page that is not cross-origin isolated), once as deepgraph-threads.wasm
// importing a shared memory that several worker instances run on (src/kernels/wasm/threads.ts). The .wasm is committed, so installing
// deepgraph needs no toolchain; `--check` (run by the test suite, no clang needed) fails when the
// sources changed since the committed build, so the file cannot go stale silently.
//
//   node scripts/build-wasm.mjs           rebuild (apt-get install -y clang lld)
//   node scripts/build-wasm.mjs --check   verify the committed .wasm against the sources
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'native/wasm/deepgraph.wasm');
const outThreads = join(root, 'native/wasm/deepgraph-threads.wasm');
const record = `${out}.json`;
const UNITS = ['native/wasm/runtime.cc', 'native/wasm/sparse.cc', 'native/wasm/dense.cc'];
// Everything the units include: a change to any of them changes the hash.
const HEADERS = ['native/wasm/wasm.h', 'native/wasm/shim/cstdint', 'native/wasm/shim/cstring', 'native/wasm/shim/cmath',
  'native/ops.h', 'native/prefetch.h', 'native/sampling/rng.h', 'native/simd/kernels.h', 'native/simd/kernels_impl.h'];
const CFLAGS = ['--target=wasm32', '-std=c++17', '-O3', '-msimd128', '-mbulk-memory', '-matomics', '-mmutable-globals', '-ffreestanding', '-nostdlib',
  '-fno-exceptions', '-fno-rtti', '-DDG_FREESTANDING', '-Inative/wasm/shim'];
const LDFLAGS = ['--no-entry', '--export-dynamic', '--export=__heap_base', '-z', 'stack-size=1048576',
  '--initial-memory=2097152', '--max-memory=4294967296', '--strip-debug'];
// Each worker instance sets its own __stack_pointer (a region of its own in the shared memory).
const THREAD_LDFLAGS = ['--shared-memory', '--import-memory', '--export=__stack_pointer'];

function sourcesHash() {
  const h = createHash('sha256');
  for (const f of [...UNITS, ...HEADERS]) h.update(`${f}\0`).update(readFileSync(join(root, f))).update('\0');
  h.update(JSON.stringify([CFLAGS, LDFLAGS, THREAD_LDFLAGS]));
  return h.digest('hex');
}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

if (process.argv.includes('--check')) {
  let rec;
  try {
    rec = JSON.parse(readFileSync(record, 'utf8'));
  } catch (err) {
    console.error(`build-wasm --check: cannot read ${record}: ${err.message}`);
    process.exit(1);
  }
  const problems = [];
  if (rec.sourcesSha256 !== sourcesHash()) problems.push('the C++ sources or flags changed since deepgraph.wasm was built');
  if (rec.wasmSha256 !== sha256(readFileSync(out))) problems.push('deepgraph.wasm is not the file that build produced');
  if (rec.threads?.wasmSha256 !== sha256(readFileSync(outThreads))) problems.push('deepgraph-threads.wasm is not the file that build produced');
  if (problems.length > 0) {
    console.error(`build-wasm --check: ${problems.join('; ')}: run \`node scripts/build-wasm.mjs\` (needs clang and lld)`);
    process.exit(1);
  }
  console.log(`build-wasm --check: deepgraph.wasm matches its sources (${rec.sourcesSha256.slice(0, 12)})`);
  process.exit(0);
}

const tmp = mkdtempSync(join(tmpdir(), 'dg-wasm-'));
try {
  const objects = UNITS.map((u) => {
    const o = join(tmp, u.replace(/\W/g, '_') + '.o');
    execFileSync('clang', [...CFLAGS, '-c', u, '-o', o], { cwd: root, stdio: 'inherit' });
    return o;
  });
  const link = (extra, name) => {
    const linked = join(tmp, name);
    execFileSync('wasm-ld', [...LDFLAGS, ...extra, ...objects, '-o', linked], { cwd: root, stdio: 'inherit' });
    return readFileSync(linked);
  };
  const bytes = link([], 'deepgraph.wasm'), threadBytes = link(THREAD_LDFLAGS, 'deepgraph-threads.wasm');
  const version = execFileSync('clang', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  const iface = Number(/#define DG_WASM_INTERFACE (\d+)/.exec(readFileSync(join(root, 'native/wasm/wasm.h'), 'utf8'))[1]);
  for (const [file, b] of [[out, bytes], [outThreads, threadBytes]]) {
    writeFileSync(`${file}.tmp`, b);
    renameSync(`${file}.tmp`, file);
  }
  const rec = { interface: iface, sourcesSha256: sourcesHash(), wasmSha256: sha256(bytes), bytes: bytes.length,
    threads: { wasmSha256: sha256(threadBytes), bytes: threadBytes.length }, toolchain: version };
  writeFileSync(`${record}.tmp`, `${JSON.stringify(rec, null, 2)}\n`);
  renameSync(`${record}.tmp`, record);
  console.log(`built ${out} (${bytes.length} bytes) and ${outThreads} (${threadBytes.length} bytes) with ${version}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
