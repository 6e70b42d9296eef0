/** Shared helpers of the native-vs-TypeScript agreement tests (sparse and dense kernels). */
import assert from 'node:assert/strict';
import type { FloatArray } from '../../src/kernels/backend.js';
import { expectClose } from '../helpers.js';
import type { TestRng } from './native-util.js';

export const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
/** Element by element with Object.is: NaN equals NaN, -0 differs from 0. */
export const sameValues = (a: ArrayLike<number>, b: ArrayLike<number>): boolean =>
  a.length === b.length && Array.from({ length: a.length }, (_, i) => Object.is(a[i], b[i])).every(Boolean);

export function floats(r: TestRng, n: number, f32: boolean, lo = -1, hi = 1): FloatArray {
  const a = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.next();
  return a;
}

export const tol = (f32: boolean) => (f32 ? { atol: 1e-5, rtol: 1e-5 } : { atol: 1e-12, rtol: 1e-12 });

export function close(what: string, got: ArrayLike<number>, want: ArrayLike<number>, f32: boolean): void {
  assert.doesNotThrow(() => expectClose(got, want, tol(f32)), what);
}
