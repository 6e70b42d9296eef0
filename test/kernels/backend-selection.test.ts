/**
 * Backend selection: the native backend is the default when it loads, DEEPGRAPH_BACKEND and
 * setBackend pick one by name, and without the addon the library runs on the TypeScript backend
 * and says so exactly once (checked in child processes, which start with a fresh registry).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as dg from '../../src/index.js';
import { jsBackend } from '../../src/kernels/js/index.js';
import { NATIVE_KERNELS } from '../../src/kernels/native/index.js';
import { forEachBackend } from '../helpers.js';
import { nativeOrSkip } from './native-util.js';

const LIB = fileURLToPath(new URL('../../src/index.js', import.meta.url));

// A small end-to-end use: message passing with autograd, a matmul, neighbour sampling.
const SCRIPT = `
const dg = await import(${JSON.stringify(LIB)});
const g = dg.graph([[0, 1, 2, 3, 0], [1, 2, 3, 0, 2]], { numNodes: 4 });
const x = dg.tensor(Array.from({ length: 32 }, (_, i) => Math.sin(i)), { shape: [4, 8], requiresGrad: true });
const y = dg.ops.copyUSum(g, x);
y.sum().backward();
const s = dg.sampleNeighborEdges(g, [0, 2], 1, { seed: 3 });
console.log(JSON.stringify({ backend: dg.backendName(), y: Array.from(y.data).slice(0, 4), grad: Array.from(x.grad.data).slice(0, 8),
  eid: Array.from(s.eid), threads: dg.getNumThreads() }));
`;

function child(env: Record<string, string | undefined>): { status: number | null; stdout: string; stderr: string } {
  const base = { ...process.env };
  delete base.DEEPGRAPH_REQUIRE_NATIVE;
  delete base.DEEPGRAPH_BACKEND;
  delete base.DEEPGRAPH_DISABLE_NATIVE;
  delete base.DEEPGRAPH_DISABLE_WASM;
  delete base.DEEPGRAPH_WASM_PATH;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { env: { ...base, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('without the addon (and wasm) the library works on the TypeScript backend and warns exactly once', () => {
  const r = child({ DEEPGRAPH_DISABLE_NATIVE: '1', DEEPGRAPH_DISABLE_WASM: '1' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.backend, 'js');
  assert.equal(out.threads, 1);
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  assert.equal(lines.length, 1, `stderr: ${r.stderr}`);
  assert.match(lines[0], /^deepgraph: using the TypeScript backend \(native: disabled by DEEPGRAPH_DISABLE_NATIVE=1; wasm: disabled by DEEPGRAPH_DISABLE_WASM=1\)$/);
  // Without the addon but with the wasm module, the wasm backend runs, with one note, the same numbers.
  const w = child({ DEEPGRAPH_DISABLE_NATIVE: '1' });
  assert.equal(w.status, 0, w.stderr);
  const wout = JSON.parse(w.stdout);
  assert.equal(wout.backend, 'wasm');
  assert.equal(w.stderr, 'deepgraph: using the WebAssembly backend (native: disabled by DEEPGRAPH_DISABLE_NATIVE=1)\n');
  assert.deepEqual(wout.eid, out.eid);
  wout.y.forEach((v: number, i: number) => assert.ok(Math.abs(v - out.y[i]) < 1e-6));
  wout.grad.forEach((v: number, i: number) => assert.ok(Math.abs(v - out.grad[i]) < 1e-6));
  // The same computation under the native backend (when it loads) gives the same numbers.
  if (dg.availableBackends().includes('native')) {
    const n = child({});
    assert.equal(n.status, 0, n.stderr);
    const nout = JSON.parse(n.stdout);
    assert.equal(nout.backend, 'native');
    assert.equal(n.stderr, '', 'no warning when the addon loads');
    assert.deepEqual(nout.eid, out.eid);
    nout.y.forEach((v: number, i: number) => assert.ok(Math.abs(v - out.y[i]) < 1e-6));
    nout.grad.forEach((v: number, i: number) => assert.ok(Math.abs(v - out.grad[i]) < 1e-6));
  }
});

test('a missing addon file is reported with the paths looked at; DEEPGRAPH_REQUIRE_NATIVE turns it into an error', () => {
  const r = child({ DEEPGRAPH_NATIVE_PATH: '/nonexistent/deepgraph.node' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).backend, 'wasm');
  assert.match(r.stderr, /native addon not found \(looked for \/nonexistent\/deepgraph\.node/);
  const req = child({ DEEPGRAPH_DISABLE_NATIVE: '1', DEEPGRAPH_REQUIRE_NATIVE: '1' });
  assert.notEqual(req.status, 0);
  assert.match(req.stderr, /DEEPGRAPH_REQUIRE_NATIVE=1 but the native backend did not load/);
});

test('DEEPGRAPH_BACKEND selects a backend by name and rejects one that cannot load', () => {
  const js = child({ DEEPGRAPH_BACKEND: 'js' });
  assert.equal(js.status, 0, js.stderr);
  assert.equal(JSON.parse(js.stdout).backend, 'js');
  assert.equal(js.stderr, '');
  const bad = child({ DEEPGRAPH_BACKEND: 'native', DEEPGRAPH_DISABLE_NATIVE: '1' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /backend 'native' failed to load: disabled by DEEPGRAPH_DISABLE_NATIVE=1/);
  const unknown = child({ DEEPGRAPH_BACKEND: 'gpu' });
  assert.notEqual(unknown.status, 0);
  assert.match(unknown.stderr, /unknown backend 'gpu' \(registered: native, wasm, js\)/);
});

test('the native backend is the default when it loads and carries the addon kernels, the rest from TypeScript', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const prev = dg.backendName();
  try {
    const b = dg.setBackend('native');
    for (const k of NATIVE_KERNELS) assert.equal(b[k], a[k], `${k} is the addon's`);
    assert.equal(b.compare, jsBackend.compare, 'compare falls back to TypeScript');
    assert.equal(b.argReduce, jsBackend.argReduce);
    assert.equal(dg.setBackend('js').gspmm, jsBackend.gspmm);
  } finally {
    dg.setBackend(prev);
  }
  // Unless DEEPGRAPH_BACKEND chose another, the addon's backend is the default.
  if (process.env.DEEPGRAPH_BACKEND === undefined) assert.equal(prev, 'native');
});

test('forEachBackend visits native, wasm and js with each one active', async () => {
  const seen: string[] = [];
  await forEachBackend((name, b) => {
    assert.equal(dg.backendName(), name);
    assert.equal(b.name, name);
    seen.push(name);
  });
  assert.deepEqual(seen, dg.availableBackends());
  if (process.env.DEEPGRAPH_REQUIRE_NATIVE === '1') assert.ok(seen.includes('native'));
  assert.ok(seen.includes('wasm'), 'the committed deepgraph.wasm loads');
});

test('setNumThreads / getNumThreads control the native kernels (default: the core count)', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const before = dg.getNumThreads();
  try {
    assert.ok(before >= 1);
    dg.setNumThreads(1);
    assert.equal(dg.getNumThreads(), 1);
    dg.setNumThreads(3);
    assert.equal(a.getNumThreads(), 3);
    assert.throws(() => dg.setNumThreads(0), RangeError);
    assert.throws(() => dg.setNumThreads(1.5), RangeError);
  } finally {
    dg.setNumThreads(before);
  }
});
