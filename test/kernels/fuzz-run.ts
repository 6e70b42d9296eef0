/**
 * The 10,000-call fuzz of a backend (the addon: native-fuzz.test.ts; the wasm module:
 * wasm-fuzz.test.ts) with 10,000 random calls, about half made invalid by one mutation (bad ids,
 * wrong lengths, negative / NaN / fractional sizes, wrong array types, missing arrays, bad names,
 * empty graphs). The process must survive all of them, every invalid call must throw a RangeError
 * or TypeError whose message starts with the kernel's name, and every valid call must give the
 * TypeScript backend's result. Sampling kernels validate only the entries they read: their cases
 * also corrupt entries outside the rows a call reads (still valid) and, as probes, entries a walk
 * may or may not reach (the addon must throw exactly when the TypeScript backend does).
 */
import { jsBackend } from '../../src/kernels/js/index.js';
import { GENERATORS, type FuzzCase } from './fuzz-cases.js';
import { sameInts, TestRng } from './native-util.js';

type AnyFn = (...xs: unknown[]) => unknown;

// A few assertions without node:assert, so that the same loop runs in a browser page
// (test/browser/chromium-wasm.test.ts); a failure throws an Error saying what differed.
interface MiniAssert {
  ok(cond: unknown, what: string): asserts cond;
  equal(got: unknown, want: unknown, what: string): void;
  throws(fn: () => unknown, check: (e: unknown) => boolean, what: string): void;
}
const assert: MiniAssert = {
  ok(cond: unknown, what: string): asserts cond {
    if (!cond) throw new Error(what);
  },
  equal(got: unknown, want: unknown, what: string): void {
    if (got !== want) throw new Error(`${what}: ${String(got)} !== ${String(want)}`);
  },
  throws(fn: () => unknown, check: (e: unknown) => boolean, what: string): void {
    try { fn(); } catch (e) { check(e); return; }
    throw new Error(what);
  },
};

/** Every element within atol + rtol * |want| (NaN matches NaN), else an Error naming the first miss. */
function close(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < got.length; i++) {
    const a = got[i], b = want[i];
    if (a === b || (Number.isNaN(a) && Number.isNaN(b))) continue;
    if (!(Math.abs(a - b) <= tol + tol * Math.abs(b))) throw new Error(`${what}: mismatch at ${i}: ${a} vs ${b}`);
  }
}

function run(backend: object, c: FuzzCase): { result: unknown; outs: unknown[] } {
  const args = { ...c.args };
  for (const k of c.outs) {
    const v = args[k];
    if (ArrayBuffer.isView(v)) args[k] = (v as Float64Array).slice();
  }
  const fn = (backend as Record<string, AnyFn>)[c.kernel];
  const result = c.order ? fn(...c.order.map((k) => args[k])) : fn(args);
  return { result, outs: c.outs.map((k) => args[k]) };
}

function sameValue(what: string, got: unknown, want: unknown, exactInts: boolean): void {
  if (got === null || got === undefined || want === null || want === undefined) {
    assert.equal(got ?? null, want ?? null, what);
    return;
  }
  if (got instanceof Int32Array || got instanceof Uint8Array) {
    if (exactInts) assert.ok(sameInts(got, want as Int32Array), `${what}: integers differ`);
    return;
  }
  if (got instanceof Float32Array || got instanceof Float64Array) {
    const f32 = got instanceof Float32Array;
    close(got, want as Float64Array, f32 ? 1e-5 : 1e-12, what);
    return;
  }
  if (typeof got === 'object') {
    for (const k of Object.keys(want as object)) {
      sameValue(`${what}.${k}`, (got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k], exactInts);
    }
  }
}

/**
 * Runs `calls` (10,000) calls on `native` (the backend under test) against the TypeScript backend;
 * with `kernels`, only calls of those kernels (generated until there are that many of them).
 * Returns the counts of valid and invalid calls.
 */
export function fuzzBackend(native: object, kernels?: readonly string[], calls = 10000): { valid: number; invalid: number } {
  const r = new TestRng(2024);
  const stats = { valid: 0, invalid: 0, probedValid: 0, probedInvalid: 0 };
  const perKernel = new Map<string, number>();
  for (let i = 0, g = 0; i < calls; g++) {
    const c = GENERATORS[g % GENERATORS.length](r);
    if (kernels !== undefined && !kernels.includes(c.kernel)) continue;
    i++;
    const mutate = c.mutations.length > 0 && r.next() < 0.5;
    const mutation = mutate ? r.pick(c.mutations) : null;
    mutation?.();
    const what = `call ${i} ${c.kernel}${mutation ? ` (mutated: ${mutation.name})` : ''}`;
    perKernel.set(c.kernel, (perKernel.get(c.kernel) ?? 0) + 1);
    if (mutate) {
      stats.invalid++;
      assert.throws(() => run(native, c), (e: unknown) => {
        assert.ok(e instanceof RangeError || e instanceof TypeError, `${what}: threw ${String(e)}`);
        assert.ok(e.message.startsWith(c.kernel), `${what}: message '${e.message}' does not name ${c.kernel}`);
        return true;
      }, `${what}: an invalid call did not throw`);
      continue;
    }
    const probe = c.probes !== undefined && c.probes.length > 0 && r.next() < 0.5 ? r.pick(c.probes) : null;
    if (probe !== null) {
      // The TypeScript backend decides whether the corrupt entry is read; the addon must agree.
      probe();
      let jsError: unknown = null;
      try { run(jsBackend, c); } catch (e) { jsError = e; }
      if (jsError !== null) {
        stats.probedInvalid++;
        assert.ok(jsError instanceof RangeError, `${what} (probe): the TypeScript backend threw ${String(jsError)}`);
        assert.throws(() => run(native, c), (e: unknown) => {
          assert.ok(e instanceof RangeError && e.message.startsWith(c.kernel), `${what} (probe): threw ${String(e)}`);
          return true;
        }, `${what} (probe): the TypeScript backend threw '${(jsError as Error).message}' but the addon did not`);
        continue;
      }
      stats.probedValid++;
    }
    stats.valid++;
    const want = run(jsBackend, c), got = run(native, c);
    // float32 products round differently, which can reorder near-ties of max/min over mul/add/...
    const approxArgs = c.kernel === 'gspmm' && c.args.out instanceof Float32Array && !String(c.args.op).startsWith('copy');
    sameValue(`${what} result`, got.result, want.result, true);
    got.outs.forEach((o, k) => sameValue(`${what} ${c.outs[k]}`, o, want.outs[k], !approxArgs));
  }
  // Probes exist only for the sampling kernels, which a `kernels` list may leave out.
  const probed = stats.probedValid > 20 && stats.probedInvalid > 20;
  assert.ok(stats.valid > calls * 0.3 && stats.invalid > calls * 0.3 && (probed || kernels !== undefined), JSON.stringify(stats));
  assert.ok(perKernel.size >= (kernels?.length ?? 18), `kernels fuzzed: ${[...perKernel.keys()].join(', ')}`);
  return { valid: stats.valid, invalid: stats.invalid };
}
