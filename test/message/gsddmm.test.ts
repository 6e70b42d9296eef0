import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import type { SddmmOp, Target } from '../../src/kernels/backend.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';
import { adjOf, graphCases, gradCases, SHAPE_PAIRS, DOT_SHAPE_PAIRS, type GraphCase } from '../cases/graphs.js';
import { refSddmm } from '../reference/sparse.js';
import { refSddmmGrad } from '../reference/sparse-grad.js';

const { ops } = dg;
const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const f64 = (shape: number[], seed: number, lo = -1, hi = 1): dg.Tensor =>
  dg.tensor(seededData(prod(shape), seed, lo, hi), { shape, dtype: 'float64', requiresGrad: true });
const rows = (c: GraphCase, t: Target): number => (t === 'u' ? c.numSrc : t === 'v' ? c.numDst : c.src.length);
const PAIRS: [Target, Target][] = [['u', 'v'], ['u', 'e'], ['v', 'u'], ['v', 'e'], ['e', 'u'], ['e', 'v']];
const OPS: SddmmOp[] = ['add', 'sub', 'mul', 'div', 'dot', 'copyLhs', 'copyRhs'];

function call(adj: dg.SparseAdj, op: SddmmOp, x: dg.Tensor, y: dg.Tensor, lt: Target, rt: Target): dg.Tensor {
  return ops.gsddmm(adj, op, op === 'copyRhs' ? null : x, op === 'copyLhs' ? null : y, { lhsTarget: lt, rhsTarget: rt });
}

test('gsddmm: every op and target pair agrees with the reference (forward)', () => forEachBackend((name) => {
  for (const c of graphCases()) {
    const adj = adjOf(c);
    for (const [lt, rt] of PAIRS) {
      for (const op of OPS) {
        for (const [lf, rf] of op === 'dot' ? DOT_SHAPE_PAIRS : SHAPE_PAIRS) {
          const x = f64([rows(c, lt), ...lf], 1), y = f64([rows(c, rt), ...rf], 2, 0.5, 2);
          const out = call(adj, op, x, y, lt, rt);
          const ref = refSddmm(c, op, op === 'copyRhs' ? null : { data: x.data, shape: lf }, lt,
            op === 'copyLhs' ? null : { data: y.data, shape: rf }, rt);
          const what = `${name} ${c.label} ${op} ${lt}${rt} ${JSON.stringify(lf)}x${JSON.stringify(rf)}`;
          assert.deepEqual([...out.shape], [c.src.length, ...ref.shape], what);
          assert.doesNotThrow(() => expectClose(out.data, ref.data, { atol: 1e-12, rtol: 1e-12 }), what);
        }
      }
    }
  }
}));

test('gsddmm: gradients match finite differences for every op and target pair', () => forEachBackend(() => {
  for (const c of gradCases()) {
    const adj = adjOf(c);
    for (const [lt, rt] of PAIRS) {
      for (const op of OPS) {
        const shapes: [number[], number[]][] = op === 'dot' ? [[[2, 3], [3]]] : [[[2], [2]], [[2, 1], [2, 3]]];
        for (const [lf, rf] of shapes) {
          const x = f64([rows(c, lt), ...lf], 3), y = f64([rows(c, rt), ...rf], 4, 0.5, 2);
          assert.doesNotThrow(() => dg.gradcheck((a, b) => call(adj, op, a, b, lt, rt), [x, y]),
            `${c.label} ${op} ${lt}${rt} ${JSON.stringify(lf)}x${JSON.stringify(rf)}`);
        }
      }
    }
  }
}));

test('gsddmm errors: dot needs equal last dimensions; broadcasting mismatch names both shapes', () => {
  const c = graphCases()[8], adj = adjOf(c);
  assert.throws(() => ops.uDotV(adj, f64([c.numSrc, 3], 1), f64([c.numDst, 4], 2)), (e: Error) =>
    e instanceof dg.ShapeError && e.message.includes(`[${c.numSrc}, 3]`) && e.message.includes(`[${c.numDst}, 4]`));
  assert.throws(() => ops.uAddV(adj, f64([c.numSrc, 2, 3], 1), f64([c.numDst, 4, 3], 2)), (e: Error) =>
    e instanceof dg.ShapeError && e.message.includes('[2, 3]') && e.message.includes('[4, 3]'));
  assert.throws(() => ops.uAddV(adj, f64([c.numDst + 3, 2], 1), f64([c.numDst, 2], 2)), (e: Error) =>
    e instanceof dg.ShapeError && /source nodes/.test(e.message));
});

test('gsddmm: backward agrees with the naive per-edge reference gradient on every graph case, op and target pair', () => forEachBackend((name) => {
  for (const c of graphCases()) {
    const adj = adjOf(c);
    for (const [lt, rt] of PAIRS) {
      for (const op of OPS) {
        for (const [lf, rf] of op === 'dot' ? DOT_SHAPE_PAIRS : SHAPE_PAIRS) {
          const x = f64([rows(c, lt), ...lf], 21), y = f64([rows(c, rt), ...rf], 22, 0.5, 2);
          const out = call(adj, op, x, y, lt, rt);
          const grad = dg.tensor(seededData(out.size, 23), { shape: out.shape, dtype: 'float64' });
          x.grad = null; y.grad = null;
          out.backward(grad);
          const lhs = op === 'copyRhs' ? null : { data: x.data, shape: lf }, rhs = op === 'copyLhs' ? null : { data: y.data, shape: rf };
          const ref = refSddmmGrad(c, op, lhs, lt, rhs, rt, grad.data);
          const what = `${name} ${c.label} ${op} ${lt}${rt} ${JSON.stringify(lf)}x${JSON.stringify(rf)}`;
          for (const [t, r, label] of [[x, ref.lhs, 'lhs'], [y, ref.rhs, 'rhs']] as const) {
            if (r === null) { assert.equal(t.grad, null, `${what} ${label}: unused operand got a gradient`); continue; }
            const got = t.grad === null ? new Array<number>(t.size).fill(0) : [...t.grad.data];
            assert.doesNotThrow(() => expectClose(got, r, { atol: 1e-12, rtol: 1e-10 }), `${what} ${label}`);
          }
        }
      }
    }
  }
}));
