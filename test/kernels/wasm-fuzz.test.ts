/**
 * The 10,000-call fuzz (./fuzz-run.ts) on the WebAssembly backend's own kernels (the ones it takes
 * from the TypeScript backend, sampling among them, are that backend's and fuzzed as the addon's
 * reference), on one thread and on two: with two, every call is split between the calling thread
 * and a worker (src/kernels/wasm/threads.ts) and must give the one-thread result bit for bit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setBackend } from '../../src/kernels/registry.js';
import { WASM_KERNELS } from '../../src/kernels/wasm/index.js';
import { setMinPartWorkForTests, setWasmThreads, wasmThreads } from '../../src/kernels/wasm/threads.js';
import { fuzzBackend } from './fuzz-run.js';

type Typed = Float32Array | Float64Array | Int32Array | Uint8Array;
type AnyFn = (...xs: unknown[]) => unknown;

/** The typed arrays among a call's arguments (and one level into an arguments object). */
function arraysOf(args: unknown[]): Typed[] {
  const found: Typed[] = [];
  for (const a of args) {
    if (ArrayBuffer.isView(a)) found.push(a as Typed);
    else if (a !== null && typeof a === 'object') for (const v of Object.values(a)) if (ArrayBuffer.isView(v)) found.push(v as Typed);
  }
  return [...new Set(found)];
}

const bytes = (a: Typed): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * The wasm backend, each call made twice from the same inputs: on one thread, then split into two
 * parts; every array the call can reach must hold the same bytes after both, and an error the same message.
 */
function oneVersusTwoThreads(wasm: Record<string, unknown>): object {
  const wrapped: Record<string, AnyFn> = {};
  for (const k of WASM_KERNELS) {
    const fn = wasm[k] as AnyFn;
    wrapped[k] = (...args: unknown[]) => {
      const arrays = arraysOf(args), before = arrays.map((a) => bytes(a).slice());
      const attempt = (work: number): { result?: unknown; error?: unknown; after: Uint8Array[] } => {
        setMinPartWorkForTests(work);
        try {
          return { result: fn(...args), after: arrays.map((a) => bytes(a).slice()) };
        } catch (error) {
          return { error, after: [] };
        } finally {
          setMinPartWorkForTests(null);
        }
      };
      const one = attempt(Infinity);
      arrays.forEach((a, i) => bytes(a).set(before[i]));
      const two = attempt(1);
      if (one.error !== undefined || two.error !== undefined) {
        assert.equal(String(two.error), String(one.error), `${k}: one thread and two disagree on the error`);
        throw two.error;
      }
      arrays.forEach((a, i) => assert.ok(Buffer.compare(bytes(a), one.after[i]) === 0, `${k}: argument array ${i} differs between one thread and two`));
      assert.deepEqual(two.result, one.result, `${k}: result`);
      return two.result;
    };
  }
  return wrapped;
}

test('wasm backend: 10,000 random calls, invalid ones throw naming the kernel, valid ones equal the TypeScript backend', () => {
  // Fails (never skips) when the committed deepgraph.wasm does not load.
  const wasm = setBackend('wasm');
  setBackend('js');
  fuzzBackend(wasm, WASM_KERNELS);
});

test('wasm backend on 2 threads: the same 10,000 calls split between two threads equal one thread bit for bit', () => {
  const wasm = setBackend('wasm');
  setBackend('js');
  setWasmThreads(2);
  assert.equal(wasmThreads(), 2, 'the worker thread did not start');
  fuzzBackend(oneVersusTwoThreads(wasm as unknown as Record<string, unknown>), WASM_KERNELS);
});
