import assert from 'node:assert/strict';
import { Tensor } from '../src/tensor/tensor.js';
import { formatShape } from '../src/errors.js';
import type { Backend } from '../src/kernels/backend.js';
import { availableBackends, getBackend, setBackend } from '../src/kernels/registry.js';
import { setMinPartWorkForTests, setWasmThreads } from '../src/kernels/wasm/threads.js';

export interface CloseOptions { atol?: number; rtol?: number }

/**
 * Asserts elementwise |a - e| <= atol + rtol * |e|, with equal shapes when both are tensors.
 * The message names the shapes, the first bad index and both values.
 */
export function expectClose(actual: Tensor | ArrayLike<number>, expected: Tensor | ArrayLike<number>,
  opts: CloseOptions = {}): void {
  const atol = opts.atol ?? 1e-5, rtol = opts.rtol ?? 1e-5;
  if (actual instanceof Tensor && expected instanceof Tensor) {
    assert.deepEqual([...actual.shape], [...expected.shape],
      `shape mismatch: actual ${formatShape(actual.shape)} vs expected ${formatShape(expected.shape)}`);
  }
  const a = actual instanceof Tensor ? actual.data : actual;
  const e = expected instanceof Tensor ? expected.data : expected;
  assert.equal(a.length, e.length, `length mismatch: actual ${a.length} vs expected ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const av = a[i], ev = e[i];
    if (Number.isNaN(ev) && Number.isNaN(av)) continue;
    if (av === ev) continue;
    if (!(Math.abs(av - ev) <= atol + rtol * Math.abs(ev))) {
      const shape = actual instanceof Tensor ? ` (shape ${formatShape(actual.shape)})` : '';
      assert.fail(`mismatch at flat index ${i}${shape}: actual ${av} vs expected ${ev} (atol ${atol}, rtol ${rtol})`);
    }
  }
}

/**
 * Runs `body` once per available backend with that backend active (restoring the previous one).
 * With DEEPGRAPH_REQUIRE_NATIVE=1 a missing native backend is a failure, not a skip.
 */
export function forEachBackend(body: (name: string, backend: Backend) => void | Promise<void>): Promise<void> {
  const names = availableBackends();
  if (process.env.DEEPGRAPH_REQUIRE_NATIVE === '1' && !names.includes('native')) {
    throw new Error('DEEPGRAPH_REQUIRE_NATIVE=1 but the native backend did not load');
  }
  const prev = getBackend().name;
  return (async () => {
    try {
      for (const name of names) {
        const b = setBackend(name);
        // wasm runs on 2 threads with every call split between them (the 1-thread path is the
        // fuzz's, test/kernels/wasm-fuzz.test.ts, which also checks the two agree bit for bit).
        if (name === 'wasm') { setWasmThreads(2); setMinPartWorkForTests(1); }
        try {
          await body(name, b);
        } finally {
          if (name === 'wasm') setMinPartWorkForTests(null);
        }
      }
    } finally {
      setBackend(prev);
    }
  })();
}

/** Seeded uniform float64 data in [lo, hi), for tests. */
export function seededData(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  let s = seed >>> 0 || 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = lo + (hi - lo) * (s / 4294967296);
  }
  return out;
}
