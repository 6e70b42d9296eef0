// dg.sparse against dense references: every op's values equal the dense computation on
// toDense(A), gradients pass float64 gradcheck, bad shapes are named; on every backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';

const sp = dg.sparse;
type SpM = dg.sparse.SparseMatrix;
const f64 = (shape: number[], seed: number, requiresGrad = true): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad });
// A 4 x 5 pattern with a duplicate entry (2, 3) and an empty row 1.
const ROW = [0, 0, 2, 2, 3, 2, 3], COL = [0, 3, 1, 3, 4, 3, 0];
const A = (val: dg.Tensor): SpM => sp.spmatrix([ROW, COL], { val, shape: [4, 5] });

test('spmatrix / diag / identity / toDense / fromDense / transpose / coalesce', () => forEachBackend(() => {
  const v = f64([7], 1);
  const a = A(v);
  const d = sp.toDense(a);
  assert.deepEqual([...d.shape], [4, 5]);
  expectClose([d.data[2 * 5 + 3]], [v.data[3] + v.data[5]], { atol: 1e-12 });
  expectClose(sp.toDense(sp.transpose(a)), dg.transpose(d, 0, 1), { atol: 1e-12 });
  const c = sp.coalesce(a);
  assert.equal(c.nnz, 6);
  expectClose(sp.toDense(c), d, { atol: 1e-12 });
  expectClose(sp.toDense(sp.fromDense(d)), d, { atol: 1e-12 });
  expectClose(sp.toDense(sp.diag(dg.tensor([1, 2, 3], { dtype: 'float64' }))), [1, 0, 0, 0, 2, 0, 0, 0, 3]);
  expectClose(sp.toDense(sp.identity([2, 3])), [1, 0, 0, 0, 1, 0]);
  assert.equal(sp.spmatrix([[0, 1], [2, 0]]).shape.join(), '2,3');
  dg.gradcheck((x) => sp.toDense(sp.coalesce(A(x))), [v]);
  assert.throws(() => sp.spmatrix([[0, 4], [0, 0]], { shape: [4, 4] }), /row index.*4/);
  assert.throws(() => sp.spmatrix([[0, 1], [0]], { shape: [4, 4] }), /2 row indices but 1 column/);
  assert.throws(() => sp.diag(dg.ones([3]), [2, 2]), /do not fit/);
}));

test('spmm / bspmm equal dense products; gradients reach the values and the dense operand', () => forEachBackend(() => {
  const v = f64([7], 2), x = f64([5, 3], 3);
  expectClose(sp.spmm(A(v), x), dg.matmul(sp.toDense(A(v)), x), { atol: 1e-12 });
  expectClose(sp.spmm(A(v), f64([5], 4, false)), dg.matmul(sp.toDense(A(v)), f64([5, 1], 4, false)).reshape([4]), { atol: 1e-12 });
  dg.gradcheck((a, b) => sp.spmm(A(a), b), [v, x]);
  const vh = f64([7, 2], 5), xh = f64([5, 3, 2], 6);
  const out = sp.bspmm(A(vh), xh);
  const dense = sp.toDense(A(vh));
  for (let h = 0; h < 2; h++) {
    const dh = dg.narrow(dense, 2, h, 1).reshape([4, 5]), xhh = dg.narrow(xh, 2, h, 1).reshape([5, 3]);
    expectClose(dg.narrow(out, 2, h, 1).reshape([4, 3]), dg.matmul(dh, xhh), { atol: 1e-12 });
  }
  dg.gradcheck((a, b) => sp.bspmm(A(a), b), [vh, xh]);
  expectClose(sp.matmul(A(v), x) as dg.Tensor, sp.spmm(A(v), x));
  assert.throws(() => sp.spmm(A(v), f64([4, 3], 1)), /do not fit: X must be \[5\] or \[5, d\]/);
  assert.throws(() => sp.bspmm(A(vh), f64([5, 3, 3], 1)), /X must be \[5, d, 2\]/);
}));

test('sddmm / bsddmm sample the dense product on the pattern, times the values', () => forEachBackend(() => {
  const v = f64([7], 7), x1 = f64([4, 3], 8), x2 = f64([3, 5], 9);
  const s = sp.sddmm(A(v), x1, x2);
  const full = dg.matmul(x1, x2);
  expectClose(s.val, ROW.map((r, i) => full.data[r * 5 + COL[i]] * v.data[i]), { atol: 1e-12 });
  dg.gradcheck((a, b, c) => sp.sddmm(A(a), b, c).val, [v, x1, x2]);
  const y1 = f64([4, 3, 2], 10), y2 = f64([3, 5, 2], 11);
  const bs = sp.bsddmm(A(dg.ones([7], { dtype: 'float64' })), y1, y2);
  assert.deepEqual([...bs.val.shape], [7, 2]);
  for (let h = 0; h < 2; h++) {
    const fh = dg.matmul(dg.narrow(y1, 2, h, 1).reshape([4, 3]), dg.narrow(y2, 2, h, 1).reshape([3, 5]));
    expectClose(dg.narrow(bs.val, 1, h, 1).reshape([7]), ROW.map((r, i) => fh.data[r * 5 + COL[i]]), { atol: 1e-12 });
  }
  dg.gradcheck((a, b) => sp.bsddmm(A(dg.ones([7], { dtype: 'float64' })), a, b).val, [y1, y2]);
  assert.throws(() => sp.sddmm(A(v), f64([4, 2], 1), x2), /does not fit \(expected \[4, k\] @ \[k, 5\]\)/);
}));

test('spspmm equals the dense product on its pattern; gradients in both value tensors', () => forEachBackend(() => {
  const va = f64([7], 12), b = sp.spmatrix([[0, 1, 3, 4, 4], [1, 0, 2, 2, 0]], { val: f64([5], 13), shape: [5, 3] });
  const c = sp.spspmm(A(va), b);
  expectClose(sp.toDense(c), dg.matmul(sp.toDense(A(va)), sp.toDense(b)), { atol: 1e-12 });
  dg.gradcheck((x, y) => sp.spspmm(A(x), sp.spmatrix([[0, 1, 3, 4, 4], [1, 0, 2, 2, 0]], { val: y, shape: [5, 3] })).val, [va, b.val]);
  assert.throws(() => sp.spspmm(A(va), A(va)), /inner sizes 5 and 4 differ/);
}));

test('add / sub / mul / div / power / neg against dense element-wise results', () => forEachBackend(() => {
  const va = f64([7], 14), vb = f64([3], 15);
  const b = (v: dg.Tensor): SpM => sp.spmatrix([[0, 1, 2], [0, 2, 3]], { val: v, shape: [4, 5] });
  const da = sp.toDense(A(va)), db = sp.toDense(b(vb));
  expectClose(sp.toDense(sp.add(A(va), b(vb))), da.add(db), { atol: 1e-12 });
  expectClose(sp.toDense(sp.sub(A(va), b(vb))), da.sub(db), { atol: 1e-12 });
  expectClose(sp.toDense(sp.mul(A(va), b(vb))), da.mul(db), { atol: 1e-12 });
  expectClose(sp.toDense(sp.mul(A(va), 3)), da.mul(3), { atol: 1e-12 });
  expectClose(sp.toDense(sp.div(A(va), 2)), da.div(2), { atol: 1e-12 });
  const pos = f64([3], 16).abs().add(0.5);
  const dp = sp.toDense(b(pos));
  expectClose(sp.toDense(sp.div(b(vb), b(pos))), db.div(dp.add(dg.eq(dp, 0).double())), { atol: 1e-12 });
  expectClose(sp.toDense(sp.power(b(pos), 2)), dp.square(), { atol: 1e-12 });
  expectClose(sp.toDense(sp.neg(A(va))), da.neg(), { atol: 1e-12 });
  dg.gradcheck((x, y) => sp.toDense(sp.add(A(x), b(y))), [va, vb]);
  dg.gradcheck((x, y) => sp.mul(A(x), b(y)).val, [va, vb]);
  assert.throws(() => sp.add(A(va), sp.spmatrix([[0], [0]], { val: f64([1], 1), shape: [4, 4] })), /shapes \[4, 5\] and \[4, 4\] differ/);
  assert.throws(() => sp.div(A(va), 0), /by 0/);
}));

test('sum / smax / smin / smean by row, column and overall; softmax by row and column, per head', () => forEachBackend(() => {
  const v = f64([7], 17);
  const d = sp.toDense(A(v));
  expectClose(sp.sum(A(v), 1), dg.sum(d, 1), { atol: 1e-12 });
  expectClose(sp.sum(A(v), 0), dg.sum(d, 0), { atol: 1e-12 });
  expectClose(sp.sum(A(v)), [Array.from(v.data).reduce((a, b) => a + b, 0)], { atol: 1e-12 });
  const rows = [0, 1, 2, 3].map((r) => ROW.map((rr, i) => (rr === r ? v.data[i] : null)).filter((x): x is number => x !== null));
  expectClose(sp.smax(A(v), 1), rows.map((r) => (r.length ? Math.max(...r) : 0)), { atol: 1e-12 });
  expectClose(sp.smin(A(v), 1), rows.map((r) => (r.length ? Math.min(...r) : 0)), { atol: 1e-12 });
  expectClose(sp.smean(A(v), 1), rows.map((r) => (r.length ? r.reduce((a, b) => a + b, 0) / r.length : 0)), { atol: 1e-12 });
  const sm = sp.softmax(A(v));
  rows.forEach((r, ri) => {
    const z = r.reduce((a, b) => a + Math.exp(b), 0);
    ROW.forEach((rr, i) => { if (rr === ri) expectClose([sm.val.data[i]], [Math.exp(v.data[i]) / z], { atol: 1e-12 }); });
  });
  expectClose(dg.sum(sp.toDense(sp.softmax(A(v), 0)), 0), [1, 1, 0, 1, 1], { atol: 1e-12 });
  const vh = f64([7, 3], 18);
  assert.deepEqual([...sp.softmax(A(vh)).val.shape], [7, 3]);
  assert.deepEqual([...sp.sum(A(vh), 1).shape], [4, 3]);
  dg.gradcheck((x) => sp.softmax(A(x)).val, [vh]);
  dg.gradcheck((x) => sp.smax(A(x), 0), [v]);
  dg.gradcheck((x) => sp.smean(A(x), 1), [vh]);
  assert.throws(() => sp.sum(A(v), 2 as 0), /dim must be 0, 1 or undefined/);
}));
