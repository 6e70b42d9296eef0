/**
 * Native reductions against the TypeScript kernel, bit for bit where the summation order is the
 * same by construction (sums of contiguous rows, which the addon runs 16 rows at a time).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FloatArray } from '../../src/kernels/backend.js';
import { jsBackend } from '../../src/kernels/js/index.js';
import { nativeOrSkip, TestRng } from './native-util.js';

/** Element by element with Object.is: -0 differs from 0. */
const sameValues = (a: ArrayLike<number>, b: ArrayLike<number>): boolean =>
  a.length === b.length && Array.from({ length: a.length }, (_, i) => Object.is(a[i], b[i])).every(Boolean);

function floats(r: TestRng, n: number, f32: boolean, lo: number, hi: number): FloatArray {
  const a = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.next();
  return a;
}

test('reduce sum over contiguous rows (16 at a time natively) equals the TypeScript kernel bit for bit', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(77);
  const before = a.getNumThreads();
  try {
    for (const threads of [1, 2]) {
      a.setNumThreads(threads);
      // Row counts around the groups of 16, a long row, and one large enough for a thread team.
      for (const [outer, size] of [[15, 9], [16, 2], [33, 7], [1000, 64], [20_001, 64], [40, 1433]]) {
        for (const f32 of [true, false]) {
          const x = floats(r, outer * size, f32, -1e3, 1e3);
          x[3] = -0;
          const want = f32 ? new Float32Array(outer) : new Float64Array(outer), got = want.slice();
          jsBackend.reduce('sum', x, outer, size, 1, want);
          a.reduce('sum', x, outer, size, 1, got);
          assert.ok(sameValues(got, want), `row sums [${outer}, ${size}] ${f32 ? 'f32' : 'f64'} threads ${threads}`);
        }
      }
    }
  } finally {
    a.setNumThreads(before);
  }
});
