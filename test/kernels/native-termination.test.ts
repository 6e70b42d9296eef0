/**
 * A worker thread that is terminated (worker.terminate(), process.exit() inside it, a DataLoader
 * pool closed mid-batch) while it is inside an addon call must stop quietly, never abort the whole
 * process. Once a worker's environment is stopping, every N-API call that could run JavaScript
 * fails; node-addon-api turns that into a C++ Napi::Error, and unless the addon is built with
 * NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS it then throws again out of its own error handler
 * ("terminate called after throwing an instance of 'Napi::Error'") or calls napi_fatal_error
 * ("FATAL ERROR: Error::Error napi_define_properties"): SIGABRT. Also: a worker that ran a
 * parallel kernel and exits while no other thread holds the addon must not leave OpenMP threads
 * in unmapped code (SIGSEGV; the addon is linked -z nodelete), and a worker loading the addon must
 * not reset the process-wide SIMD level. The scenarios run in a child process so that a crash
 * fails this test instead of killing the runner.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { addonCandidates, NATIVE_KERNELS, type NativeAddon } from '../../src/kernels/native/binding.js';
import { nativeOrSkip } from './native-util.js';

/** The file the native backend loads (found as binding.ts finds it, from its compiled folder). */
function addonFile(): string {
  const bindingDir = path.dirname(fileURLToPath(new URL('../../src/kernels/native/binding.js', import.meta.url)));
  const found = addonCandidates(path, bindingDir).find((p) => existsSync(p));
  if (found === undefined) throw new Error('the native addon loaded but its file was not found');
  return found;
}

// Worker bodies (CommonJS, run with eval). Each deterministic one stops its own environment from
// inside a JavaScript callback the addon makes (a Proxy trap), so every later N-API call fails.
const EXIT_WHILE_READING_ARGS = `
const { workerData: { addon, kernel } } = require('node:worker_threads');
const a = require(addon);
a[kernel](new Proxy({}, { get() { process.exit(0); } }));
`;
// The exports object's set trap runs during the addon's module initialisation.
const EXIT_DURING_INIT = `
const { workerData: { addon } } = require('node:worker_threads');
process.dlopen({ exports: new Proxy({}, { set() { process.exit(0); } }) }, addon);
`;
// Kernel calls (valid and invalid) in a loop until the main thread terminates the worker.
const LOOP_UNTIL_TERMINATED = `
const { workerData: { addon }, parentPort } = require('node:worker_threads');
const a = require(addon);
const n = 2000, deg = 8;
const indptr = new Int32Array(n + 1), indices = new Int32Array(n * deg);
for (let i = 0; i < n; i++) { indptr[i + 1] = (i + 1) * deg; for (let j = 0; j < deg; j++) indices[i * deg + j] = (i * 7 + j * 13) % n; }
const seeds = Int32Array.from({ length: 500 }, (_, i) => (i * 3) % n);
const x = new Float32Array(n * 16).fill(1), out = new Float32Array(n * 16);
const spmm = { op: 'copyLhs', reduce: 'sum', numSrc: n, numDst: n, numEdges: n * deg, indptr, indices, eids: null,
  lhs: x, lhsShape: [16], rhs: null, rhsShape: [], out, outShape: [16], argU: null, argE: null };
parentPort.postMessage('ready');
for (let k = 0; ; k++) {
  a.sampleNeighbors({ indptr, indices, eids: null, seeds, fanout: 3, replace: false, prob: null, excludeMask: null, seed: k });
  a.randomWalk({ nodes: seeds, steps: [{ indptr, indices, eids: null, prob: null }, { indptr, indices, eids: null, prob: null }], restartProb: 0, seed: k });
  a.gspmm(spmm);
  try { a.sampleNeighbors({ indptr, indices, eids: null, seeds: Int32Array.of(-1), fanout: 3, replace: false, prob: null, excludeMask: null, seed: 1 }); } catch {}
  try { a.edgeSoftmax(null); } catch {}  // positional arguments: the TypeError is thrown without any JavaScript run
}
`;

// A kernel large enough for a thread team, then a normal exit. Run while no other thread holds
// the addon, so the worker's teardown dlclose()s it (and libgomp) while the team's threads, which
// only end with the worker's OS thread, still live: without -z nodelete they fault (SIGSEGV).
const PARALLEL_KERNEL_THEN_EXIT = `
const { workerData: { addon }, parentPort } = require('node:worker_threads');
const a = require(addon);
a.setNumThreads(2);
const x = new Float32Array(1 << 18).fill(0.5), out = new Float32Array(x.length);
a.unary('exp', x, out);
parentPort.postMessage(out[12345]);
`;

// The child: runs every scenario, then checks the addon still works on its own main thread.
const CHILD = `
const { Worker } = require('node:worker_threads');
const [addon, kernelsJson, roundsText] = process.argv.slice(1);
const sources = ${JSON.stringify({ PARALLEL_KERNEL_THEN_EXIT, EXIT_WHILE_READING_ARGS, EXIT_DURING_INIT, LOOP_UNTIL_TERMINATED })};
function start(source, data) {
  const w = new Worker(source, { eval: true, workerData: { addon, ...data } });
  const errors = [];
  w.on('error', (e) => errors.push(String(e)));
  const exited = new Promise((resolve) => w.once('exit', (code) => resolve({ code, errors })));
  return { w, exited };
}
(async () => {
  const report = { parallelThenExit: [], whileReadingArgs: {}, duringInit: null, terminated: [] };
  for (let i = 0; i < 2; i++) {  // the second worker loads the addon again after the first unloaded it
    const { w, exited } = start(sources.PARALLEL_KERNEL_THEN_EXIT, {});
    const value = await new Promise((resolve) => { w.once('message', resolve); w.once('exit', () => resolve(null)); });
    report.parallelThenExit.push({ value, ...(await exited) });
  }
  const kernels = JSON.parse(kernelsJson);
  const runs = kernels.map((kernel) => start(sources.EXIT_WHILE_READING_ARGS, { kernel }).exited);
  (await Promise.all(runs)).forEach((r, i) => { report.whileReadingArgs[kernels[i]] = r; });
  report.duringInit = await start(sources.EXIT_DURING_INIT, {}).exited;
  for (let i = 0; i < Number(roundsText); i++) {
    const { w, exited } = start(sources.LOOP_UNTIL_TERMINATED, {});
    await new Promise((resolve) => w.once('message', resolve));
    await new Promise((resolve) => setTimeout(resolve, (i % 4) * 1.5));
    await w.terminate();
    report.terminated.push(await exited);
  }
  const a = require(addon);
  const rows = a.sampleNeighbors({ indptr: Int32Array.of(0, 1), indices: Int32Array.of(0), eids: null,
    seeds: Int32Array.of(0), fanout: 1, replace: false, prob: null, excludeMask: null, seed: 3 }).rows;
  report.mainThreadStillSamples = Array.from(rows);
  console.log(JSON.stringify(report));
})();
`;

interface Exit { code: number; errors: string[] }
interface Report {
  parallelThenExit: { value: number | null; code: number; errors: string[] }[];
  whileReadingArgs: Record<string, Exit>;
  duringInit: Exit;
  terminated: Exit[];
  mainThreadStillSamples: number[];
}

/** The kernels that take one arguments object (the others take positional typed arrays and numbers). */
function kernelsReadingAnObject(a: NativeAddon): string[] {
  const marker = new Error('read');
  const reads = (kernel: string): boolean => {
    const call = a[kernel as keyof NativeAddon] as (x: unknown) => unknown;
    try {
      call(new Proxy({}, { get() { throw marker; } }));
    } catch (e) {
      return e === marker;
    }
    return false;
  };
  return NATIVE_KERNELS.filter(reads);
}

test('workers stopped inside addon calls (args read, module init, mid-kernel) leave the process running', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const kernels = kernelsReadingAnObject(a);
  for (const k of ['gspmm', 'gsddmm', 'sampleNeighbors', 'randomWalk']) assert.ok(kernels.includes(k), `${k} takes an arguments object`);
  const rounds = 16;
  const r = spawnSync(process.execPath, ['-e', CHILD, addonFile(), JSON.stringify(kernels), String(rounds)], {
    // Idle OpenMP threads spin before they sleep (libgomp's default; 'active' spins until the next
    // region): a spinning thread runs libgomp code, so an unloaded libgomp faults at once.
    encoding: 'utf8', timeout: 120_000, env: { ...process.env, OMP_WAIT_POLICY: 'active' },
  });
  const tail = `\nstderr: ${r.stderr.slice(-2000)}`;
  assert.equal(r.signal, null, `the child process was killed by ${r.signal}${tail}`);
  assert.equal(r.status, 0, `the child process exited with ${r.status}${tail}`);
  const report = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as Report;
  const e05 = Math.fround(Math.exp(0.5));
  for (const [i, e] of report.parallelThenExit.entries()) {
    assert.ok(e.code === 0 && e.errors.length === 0 && e.value !== null, `worker ${i} ran a parallel kernel: ${JSON.stringify(e)}`);
    assert.ok(Math.abs(e.value - e05) < 1e-6, `worker ${i}: exp(0.5) = ${e.value}`);
  }
  assert.deepEqual(Object.keys(report.whileReadingArgs), kernels);
  for (const [kernel, e] of Object.entries(report.whileReadingArgs)) {
    assert.deepEqual(e, { code: 0, errors: [] }, `process.exit(0) while ${kernel} read its arguments`);
  }
  assert.deepEqual(report.duringInit, { code: 0, errors: [] }, 'process.exit(0) during the module initialisation');
  assert.equal(report.terminated.length, rounds);
  // terminate() ends a worker with exit code 1 and no error event.
  for (const [i, e] of report.terminated.entries()) assert.deepEqual(e, { code: 1, errors: [] }, `round ${i}`);
  assert.deepEqual(report.mainThreadStillSamples, [0]);
});

test("a worker loading the addon keeps the process's SIMD level (settings are process-wide)", async (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const levels = a.buildInfo().simdLevels;
  const lowest = levels[levels.length - 1];
  if (levels.length < 2) t.diagnostic(`only '${lowest}' on this CPU: a reset to 'auto' cannot be told apart`);
  a.setSimd(lowest);
  try {
    const w = new Worker(`const { parentPort, workerData } = require('node:worker_threads');
      parentPort.postMessage(require(workerData).buildInfo().simd);`, { eval: true, workerData: addonFile() });
    const inWorker = await new Promise<string>((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
    await w.terminate();
    assert.equal(inWorker, lowest, 'the worker sees the level the main thread chose');
    assert.equal(a.buildInfo().simd, lowest, 'the main thread keeps its level after a worker loaded the addon');
  } finally {
    a.setSimd('auto');
  }
});
