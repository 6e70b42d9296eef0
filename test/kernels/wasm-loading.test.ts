/**
 * Loading the WebAssembly backend: the committed deepgraph.wasm matches its C++ sources, a corrupt
 * or wrong-version file falls back to the TypeScript backend with one message naming the file,
 * and `ready()` loads the module asynchronously (as a page does) from bytes or a path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWasm, resetWasmForTests, wasmExports } from '../../src/kernels/wasm/module.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const LIB = join(ROOT, 'dist/src/index.js');

/** A valid wasm module whose dg_interface_version() returns `v` (hand-assembled). */
function versionModule(v: number): Uint8Array {
  const name = [...'dg_interface_version'].map((ch) => ch.charCodeAt(0));
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,            // type: () -> i32
    0x03, 0x02, 0x01, 0x00,                              // one function of that type
    0x07, 0x18, 0x01, 0x14, ...name, 0x00, 0x00,         // exported by name
    0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, v, 0x0b]);       // body: i32.const v
}

function child(env: Record<string, string>, script: string, nodeFlags: string[] = []) {
  const base = { ...process.env };
  for (const k of ['DEEPGRAPH_REQUIRE_NATIVE', 'DEEPGRAPH_BACKEND', 'DEEPGRAPH_DISABLE_WASM', 'DEEPGRAPH_WASM_PATH']) delete base[k];
  const r = spawnSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', script], { env: { ...base, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the committed deepgraph.wasm was built from the current C++ sources (scripts/build-wasm.mjs --check)', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build-wasm.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /matches its sources/);
});

test('a corrupt or wrong-version wasm file falls back to TypeScript with one message naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-wasm-test-'));
  const corrupt = join(dir, 'corrupt.wasm'), old = join(dir, 'old.wasm');
  writeFileSync(corrupt, Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0xff]));
  writeFileSync(old, versionModule(0));
  const script = `const dg = await import(${JSON.stringify(LIB)});
const g = dg.graph([[0, 1], [1, 0]], { numNodes: 2 });
const y = dg.ops.copyUSum(g, dg.tensor([1, 2], { shape: [2, 1] }));
console.log(JSON.stringify({ backend: dg.backendName(), y: Array.from(y.data) }));`;
  for (const [file, why] of [[corrupt, /did not load/], [old, /not deepgraph's wasm kernels of interface 1 \(it reports 0\)/]] as const) {
    const r = child({ DEEPGRAPH_DISABLE_NATIVE: '1', DEEPGRAPH_WASM_PATH: file }, script);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { backend: 'js', y: [2, 1] });
    const lines = r.stderr.split('\n').filter((l) => l.length > 0);
    assert.equal(lines.length, 1, r.stderr);
    assert.ok(lines[0].startsWith('deepgraph: using the TypeScript backend (native: disabled'), lines[0]);
    assert.ok(lines[0].includes(`wasm: ${file}`), lines[0]);
    assert.match(lines[0], why);
  }
});

test('ready() loads the module asynchronously and reports a bad one without throwing', async () => {
  resetWasmForTests();
  try {
    assert.match(await loadWasm(versionModule(7)) ?? '', /the given wasm bytes is not deepgraph's wasm kernels of interface 1 \(it reports 7\)/);
    assert.throws(() => wasmExports(), /it reports 7/);
    resetWasmForTests();
    assert.match(await loadWasm('/nonexistent/deepgraph.wasm') ?? '', /\/nonexistent\/deepgraph\.wasm did not load: ENOENT/);
    resetWasmForTests();
    assert.equal(await loadWasm(join(ROOT, 'native/wasm/deepgraph.wasm')), null);
    assert.equal(wasmExports().dg_interface_version(), 1);
  } finally {
    resetWasmForTests();
  }
  // The public entry: a process without the addon picks wasm after ready(), as a page does.
  const r = child({ DEEPGRAPH_DISABLE_NATIVE: '1' },
    `const dg = await import(${JSON.stringify(LIB)}); console.log(await dg.ready(), dg.backendName());`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'wasm wasm');
});

test('a process started with a V8 flag (node --max-old-space-size) still gets its wasm worker threads', () => {
  // worker_threads refuses per-process V8 flags in execArgv; the pool then starts its workers without them.
  const script = `const dg = await import(${JSON.stringify(LIB)});
await dg.ready();
dg.setNumThreads(2);
const g = dg.graph([[0, 1], [1, 0]], { numNodes: 2 });
const y = dg.ops.copyUSum(g, dg.tensor([1, 2], { shape: [2, 1] }));
console.log(JSON.stringify({ backend: dg.backendName(), threads: dg.getNumThreads(), y: Array.from(y.data) }));`;
  const r = child({ DEEPGRAPH_DISABLE_NATIVE: '1' }, script, ['--max-old-space-size=3000']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { backend: 'wasm', threads: 2, y: [2, 1] });
});
