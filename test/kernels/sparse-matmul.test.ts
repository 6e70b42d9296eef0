/**
 * Matmul with a mostly-zero left operand skips its zeros (native/matmul_sparse.cc,
 * src/kernels/js/matmul-sparse.ts). Forced on ('always') it must equal the dense path ('never')
 * and a naive float64 reference on random sparse and dense operands, including NaN / ±Infinity /
 * -0 in either operand: a zero of A times an Inf of B is NaN, so an operand B that is not
 * all-finite must fall back to the dense path. The TypeScript zero-skipping path sums in the
 * dense kernel's order, so it equals it exactly (up to the sign of zero sums).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FloatArray } from '../../src/kernels/backend.js';
import { jsBackend } from '../../src/kernels/js/index.js';
import { setSparseMatmulMode, type SparseMatmulMode } from '../../src/kernels/js/matmul-sparse.js';
import { expectClose } from '../helpers.js';
import { nativeOrSkip, TestRng } from './native-util.js';

const SPECIALS = [NaN, Infinity, -Infinity, -0];

function operand(r: TestRng, n: number, density: number, f32: boolean, specials: number): FloatArray {
  const x = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) if (r.next() < density) x[i] = r.next() * 2 - 1;
  for (let s = 0; s < specials && n > 0; s++) x[r.int(n)] = r.pick(SPECIALS);
  return x;
}

/** op(a) @ b in float64 with every product, zeros included (the IEEE dense result). */
function reference(a: FloatArray, b: FloatArray, m: number, k: number, n: number, transA: boolean): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += (transA ? a[q * m + i] : a[i * k + q]) * b[q * n + j];
      out[i * n + j] = s;
    }
  }
  return out;
}

interface Case { m: number; k: number; n: number; transA: boolean; f32: boolean; a: FloatArray; b: FloatArray; what: string }

function* cases(r: TestRng): Generator<Case> {
  // Sizes cross the kernels' 16-value blocks; the last one is large enough for the 'auto' choice
  // to sample it (and to split over threads natively).
  for (const [m, k, n] of [[1, 1, 1], [5, 37, 3], [53, 70, 16], [64, 300, 40], [300, 4000, 16]]) {
    for (const density of [0, 0.01, 0.2, 1]) {
      for (const [aSpecials, bSpecials] of [[0, 0], [3, 0], [0, 2], [2, 2]]) {
        if (m * k > 100000 && (density > 0.01 || aSpecials + bSpecials > 2)) continue;
        for (const transA of [false, true]) {
          for (const f32 of [false, true]) {
            const a = operand(r, m * k, density, f32, aSpecials), b = operand(r, k * n, 1, f32, bSpecials);
            yield { m, k, n, transA, f32, a, b, what: `${m}x${k}x${n} density ${density} specials ${aSpecials}/${bSpecials} transA ${transA} ${f32 ? 'f32' : 'f64'}` };
          }
        }
      }
    }
  }
}

function product(mm: typeof jsBackend.matmul, c: Case): FloatArray {
  const out = c.f32 ? new Float32Array(c.m * c.n) : new Float64Array(c.m * c.n);
  out.fill(7);
  mm(c.a, c.b, out, 1, c.m, c.k, c.n, c.transA, false, 0, 0);
  return out;
}

const tol = (c: Case) => (c.f32 ? { atol: 1e-4, rtol: 1e-4 } : { atol: 1e-10, rtol: 1e-10 });

test('TypeScript matmul: skipping zeros of the left operand gives the dense result exactly', () => {
  const r = new TestRng(71);
  let n = 0;
  try {
    for (const c of cases(r)) {
      const run = (mode: SparseMatmulMode) => { setSparseMatmulMode(mode); return product(jsBackend.matmul, c); };
      const dense = run('never'), sparse = run('always'), auto = run('auto');
      for (let i = 0; i < dense.length; i++) {
        const same = (x: number) => x === dense[i] || (Number.isNaN(x) && Number.isNaN(dense[i]));
        assert.ok(same(sparse[i]), `${c.what}: sparse[${i}] = ${sparse[i]}, dense ${dense[i]}`);
        assert.ok(same(auto[i]), `${c.what}: auto[${i}] = ${auto[i]}, dense ${dense[i]}`);
      }
      assert.doesNotThrow(() => expectClose(sparse, reference(c.a, c.b, c.m, c.k, c.n, c.transA), tol(c)), c.what);
      n++;
    }
  } finally {
    setSparseMatmulMode('auto');
  }
  assert.ok(n > 250, `${n} cases`);
});

test('native matmul: skipping zeros of the left operand equals the dense path and the reference', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(72);
  const before = a.getNumThreads();
  try {
    for (const threads of [1, 2]) {
      a.setNumThreads(threads);
      for (const c of cases(r)) {
        const run = (mode: 'auto' | 'never' | 'always') => { a.setSparseMatmul(mode); return product(a.matmul, c); };
        const dense = run('never'), sparse = run('always'), auto = run('auto');
        const ref = reference(c.a, c.b, c.m, c.k, c.n, c.transA);
        assert.doesNotThrow(() => expectClose(sparse, dense, tol(c)), `${c.what} (${threads} threads): sparse vs dense`);
        assert.doesNotThrow(() => expectClose(auto, dense, tol(c)), `${c.what} (${threads} threads): auto vs dense`);
        assert.doesNotThrow(() => expectClose(sparse, ref, tol(c)), `${c.what} (${threads} threads): sparse vs reference`);
      }
    }
  } finally {
    a.setSparseMatmul('auto');
    a.setNumThreads(before);
  }
  assert.throws(() => a.setSparseMatmul('sometimes' as 'auto'), RangeError);
});
