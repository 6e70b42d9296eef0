import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import type { SpmmOp } from '../../src/kernels/backend.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';
import { adjOf, graphCases, gradCases, SHAPE_PAIRS } from '../cases/graphs.js';
import { refSpmm, type RefReduce } from '../reference/sparse.js';
import { refSpmmGrad } from '../reference/sparse-grad.js';

const { ops } = dg;
const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const f64 = (shape: number[], seed: number, lo = -1, hi = 1): dg.Tensor =>
  dg.tensor(seededData(prod(shape), seed, lo, hi), { shape, dtype: 'float64', requiresGrad: true });
const REDUCERS: RefReduce[] = ['sum', 'mean', 'max', 'min'];
const OPS: SpmmOp[] = ['add', 'sub', 'mul', 'div', 'copyLhs', 'copyRhs'];

test('gspmm: every op x reducer agrees with the reference (forward) on every graph case and shape', () => forEachBackend((name) => {
  for (const c of graphCases()) {
    const adj = adjOf(c);
    for (const [lf, rf] of SHAPE_PAIRS) {
      const x = f64([c.numSrc, ...lf], 1), y = f64([c.src.length, ...rf], 2, 0.5, 2);
      for (const op of OPS) {
        for (const reduce of REDUCERS) {
          const out = ops.gspmm(adj, op, reduce, op === 'copyRhs' ? null : x, op === 'copyLhs' ? null : y);
          const ref = refSpmm(c, op, reduce, op === 'copyRhs' ? null : { data: x.data, shape: lf },
            op === 'copyLhs' ? null : { data: y.data, shape: rf });
          assert.deepEqual([...out.shape], [c.numDst, ...ref.shape], `${name} ${c.label} ${op}/${reduce}`);
          assert.doesNotThrow(() => expectClose(out.data, ref.data, { atol: 1e-12, rtol: 1e-12 }),
            `${name} ${c.label} ${op}/${reduce} ${JSON.stringify(lf)}x${JSON.stringify(rf)}`);
        }
      }
    }
  }
}));

test('gspmm: gradients match finite differences for every op x reducer, with broadcasting', () => forEachBackend(() => {
  // [2, 3] x [2, 1] and [3] x [] are the edge-broadcast shapes whose rhs gradient is a g-SDDMM dot.
  const shapes: [number[], number[]][] = [[[2], [2]], [[2, 1], [2, 3]], [[1], [3]], [[2, 3], [2, 1]], [[3], []]];
  for (const c of gradCases()) {
    const adj = adjOf(c);
    for (const [lf, rf] of shapes) {
      for (const op of OPS) {
        for (const reduce of REDUCERS) {
          // Distinct values keep max/min away from ties, where the gradient is not defined.
          const x = f64([c.numSrc, ...lf], 3), y = f64([c.src.length, ...rf], 4, 0.5, 2);
          const fn = (a: dg.Tensor, b: dg.Tensor): dg.Tensor =>
            ops.gspmm(adj, op, reduce, op === 'copyRhs' ? null : a, op === 'copyLhs' ? null : b);
          assert.doesNotThrow(() => dg.gradcheck(fn, [x, y]), `${c.label} ${op}/${reduce} ${JSON.stringify(lf)}x${JSON.stringify(rf)}`);
        }
      }
    }
  }
}));

test('gspmm: max ties send the whole gradient to the first in-edge', () => {
  const adj = dg.SparseAdj.fromCoo(Int32Array.from([0, 1]), Int32Array.from([2, 2]), 3, 3);
  const x = dg.tensor([5, 5, 1], { dtype: 'float64', requiresGrad: true });
  ops.copyUMax(adj, x).sum().backward();
  expectClose(x.grad!, [1, 0, 0]);
});

test('named shortcuts equal the generic calls', () => {
  const c = graphCases()[8], adj = adjOf(c);
  const x = f64([c.numSrc, 3], 5), e = f64([c.src.length, 3], 6, 0.5, 2), xv = f64([c.numDst, 3], 7);
  expectClose(ops.copyUSum(adj, x), ops.gspmm(adj, 'copyLhs', 'sum', x, null));
  expectClose(ops.copyEMean(adj, e), ops.gspmm(adj, 'copyRhs', 'mean', null, e));
  expectClose(ops.uMulESum(adj, x, e), ops.gspmm(adj, 'mul', 'sum', x, e));
  expectClose(ops.uDivEMax(adj, x, e), ops.gspmm(adj, 'div', 'max', x, e));
  expectClose(ops.uDotV(adj, x, xv), ops.gsddmm(adj, 'dot', x, xv, { lhsTarget: 'u', rhsTarget: 'v' }));
  expectClose(ops.eSubU(adj, e, x), ops.gsddmm(adj, 'sub', e, x, { lhsTarget: 'e', rhsTarget: 'u' }));
  expectClose(ops.copyV(adj, xv), ops.gsddmm(adj, 'copyLhs', xv, null, { lhsTarget: 'v' }));
});

test('gspmm errors: broadcasting mismatch names both shapes; wrong row count; dtype', () => {
  const c = graphCases()[8], adj = adjOf(c);
  const x = f64([c.numSrc, 4], 1), e = f64([c.src.length, 3], 2);
  assert.throws(() => ops.uMulESum(adj, x, e), (err: Error) =>
    err instanceof dg.ShapeError && err.message.includes(`[${c.numSrc}, 4]`) && err.message.includes(`[${c.src.length}, 3]`));
  assert.throws(() => ops.copyUSum(adj, f64([c.numSrc + 1, 2], 3)), (err: Error) =>
    err instanceof dg.ShapeError && /rows/.test(err.message));
  assert.throws(() => ops.uMulESum(adj, dg.zeros([c.numSrc, 3]), e), (err: Error) => err instanceof dg.DTypeError);
  assert.throws(() => ops.copyUSum(adj, dg.zeros([c.numSrc, 3], { dtype: 'int32' })), (err: Error) => err instanceof dg.DTypeError);
});

test('gspmm accepts anything with sparse(etype)', () => {
  const c = graphCases()[6], adj = adjOf(c);
  const seen: (string | undefined)[] = [];
  const g = { sparse: (etype?: string) => { seen.push(etype); return adj; } };
  const x = f64([c.numSrc, 2], 1);
  expectClose(ops.gspmm(g, 'copyLhs', 'sum', x, null, 'follows'), ops.copyUSum(adj, x));
  assert.deepEqual(seen, ['follows']);
});

test('gspmm: backward agrees with the naive per-edge reference gradient on every graph case and shape', () => forEachBackend((name) => {
  for (const c of graphCases()) {
    const adj = adjOf(c);
    for (const [lf, rf] of SHAPE_PAIRS) {
      for (const op of OPS) {
        for (const reduce of REDUCERS) {
          const x = f64([c.numSrc, ...lf], 11), y = f64([c.src.length, ...rf], 12, 0.5, 2);
          const lhs = op === 'copyRhs' ? null : x, rhs = op === 'copyLhs' ? null : y;
          const out = ops.gspmm(adj, op, reduce, lhs, rhs);
          const grad = dg.tensor(seededData(out.size, 13), { shape: out.shape, dtype: 'float64' });
          out.backward(grad);
          const ref = refSpmmGrad(c, op, reduce, lhs === null ? null : { data: x.data, shape: lf },
            rhs === null ? null : { data: y.data, shape: rf }, grad.data);
          const what = `${name} ${c.label} ${op}/${reduce} ${JSON.stringify(lf)}x${JSON.stringify(rf)}`;
          for (const [t, r, label] of [[lhs, ref.lhs, 'lhs'], [rhs, ref.rhs, 'rhs']] as const) {
            if (t === null) { assert.equal(r, null, what); continue; }
            // An operand whose rows receive no message gets a zero gradient (or none at all).
            const got = t.grad === null ? new Array<number>(t.size).fill(0) : [...t.grad.data];
            assert.doesNotThrow(() => expectClose(got, r!, { atol: 1e-12, rtol: 1e-10 }), `${what} ${label}`);
          }
        }
      }
    }
  }
}));

test('the reversed structure is made once: the backward CSC built on it is the forward CSR, shared both ways', () => {
  const adj = dg.SparseAdj.fromCoo(Int32Array.from([0, 0, 1, 2, 2]), Int32Array.from([1, 2, 2, 0, 1]), 3, 3);
  const rev = adj.reverse();
  assert.equal(adj.reverse(), rev);
  assert.equal(rev.reverse(), adj);
  assert.equal(adj.formats().csr, false);
  // A sum g-SpMM's backward aggregates on the reverse: its CSC is built there once and is adj's CSR.
  const x = dg.tensor(seededData(6, 3), { shape: [3, 2], dtype: 'float64', requiresGrad: true });
  ops.copyUSum(adj, x).sum().backward();
  assert.equal(adj.formats().csr, true);
  assert.equal(rev.csc(), adj.csr());
  assert.deepEqual([...adj.csr().indptr], [0, 2, 3, 5]);
  assert.deepEqual([...rev.coo().src], [...adj.coo().dst]);
  // Gradient of sum over rows of A X: each source row gets its out-degree.
  assert.deepEqual([...x.grad!.data], [2, 2, 1, 1, 2, 2]);
});
