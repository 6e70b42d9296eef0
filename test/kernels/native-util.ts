/** Helpers for the tests that compare the native addon with the TypeScript backend. */
import type { TestContext } from 'node:test';
import type { CompressedRows } from '../../src/kernels/backend.js';
import { tryLoadAddon, type NativeAddon } from '../../src/kernels/native/index.js';
import { backendFailure } from '../../src/kernels/registry.js';

/**
 * The addon, or null after marking the test skipped (only allowed when the addon is not required:
 * CI sets DEEPGRAPH_REQUIRE_NATIVE=1, which turns a missing addon into a failure).
 */
export function nativeOrSkip(t: TestContext): NativeAddon | null {
  const a = tryLoadAddon();
  if (a !== null) return a;
  const why = backendFailure('native') ?? 'unknown reason';
  if (process.env.DEEPGRAPH_REQUIRE_NATIVE === '1') throw new Error(`the native addon is required but did not load: ${why}`);
  t.skip(`native addon not available: ${why}`);
  return null;
}

/** xorshift32 stream for test data. */
export class TestRng {
  private s: number;
  constructor(seed: number) { this.s = (seed >>> 0) || 1; }
  next(): number {
    let s = this.s;
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    this.s = s;
    return s / 4294967296;
  }
  int(n: number): number { return Math.floor(this.next() * n); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]; }
}

/**
 * A random compressed adjacency with `rows` rows over `cols` columns: degrees mix zeros, small
 * ones and a few heavy rows; multi-edges happen; eids a random permutation or null.
 */
export function randomCompressed(r: TestRng, rows: number, cols: number, heavy: number, withEids: boolean): CompressedRows {
  const deg = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const u = r.next();
    deg[i] = u < 0.2 ? 0 : u < 0.9 ? r.int(8) : r.int(heavy + 1);
  }
  const indptr = new Int32Array(rows + 1);
  for (let i = 0; i < rows; i++) indptr[i + 1] = indptr[i] + deg[i];
  const E = indptr[rows];
  const indices = new Int32Array(E);
  for (let p = 0; p < E; p++) indices[p] = cols > 0 ? r.int(cols) : 0;
  let eids: Int32Array | null = null;
  if (withEids) {
    eids = new Int32Array(E);
    for (let i = 0; i < E; i++) eids[i] = i;
    for (let i = E - 1; i > 0; i--) { const j = r.int(i + 1); const t = eids[i]; eids[i] = eids[j]; eids[j] = t; }
  }
  return { indptr, indices, eids };
}

export function sameInts(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
