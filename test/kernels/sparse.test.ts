import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Backend, SpmmOp, SpmmReduce, SddmmOp, Target } from '../../src/kernels/backend.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';
import { adjOf, graphCases, SHAPE_PAIRS, DOT_SHAPE_PAIRS, type GraphCase } from '../cases/graphs.js';
import { messageShape, refMessage, refSddmm, refSpmm, refEdgeSoftmax, refSegmentReduce } from '../reference/sparse.js';

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const SPMM_OPS: SpmmOp[] = ['add', 'sub', 'mul', 'div', 'copyLhs', 'copyRhs'];
const SDDMM_OPS: SddmmOp[] = ['add', 'sub', 'mul', 'div', 'copyLhs', 'copyRhs'];
const TARGET_PAIRS: [Target, Target][] = [['u', 'v'], ['u', 'e'], ['e', 'v'], ['v', 'u'], ['e', 'u'], ['v', 'e'], ['u', 'u']];

function rows(c: GraphCase, t: Target): number {
  return t === 'u' ? c.numSrc : t === 'v' ? c.numDst : c.src.length;
}

function runSpmm(b: Backend, c: GraphCase, op: SpmmOp, reduce: SpmmReduce, lf: number[], rf: number[], seed: number) {
  const adj = adjOf(c), csc = adj.csc();
  // Positive rhs keeps div well away from zero.
  const x = seededData(c.numSrc * prod(lf), seed), y = seededData(c.src.length * prod(rf), seed + 1, 0.5, 2);
  const lhs = op === 'copyRhs' ? null : { data: x, shape: lf }, rhs = op === 'copyLhs' ? null : { data: y, shape: rf };
  const outF = messageShape(op, lhs, rhs);
  const out = new Float64Array(c.numDst * prod(outF));
  const argU = reduce === 'sum' ? null : new Int32Array(out.length), argE = reduce === 'sum' ? null : new Int32Array(out.length);
  b.gspmm({ op, reduce, numSrc: c.numSrc, numDst: c.numDst, numEdges: c.src.length, indptr: csc.indptr,
    indices: csc.indices, eids: csc.eids, lhs: lhs ? x : null, lhsShape: lf, rhs: rhs ? y : null, rhsShape: rf,
    out, outShape: outF, argU, argE });
  return { out, outF, argU, argE, lhs, rhs, ref: refSpmm(c, op, reduce, lhs, rhs) };
}

test('gspmm agrees with the naive reference on every graph case, op, reducer and broadcast shape', () => forEachBackend((name, b) => {
  for (const c of graphCases()) {
    for (const [lf, rf] of SHAPE_PAIRS) {
      for (const op of SPMM_OPS) {
        for (const reduce of ['sum', 'max', 'min'] as SpmmReduce[]) {
          const r = runSpmm(b, c, op, reduce, lf, rf, 7);
          const what = `${name} ${c.label} ${op}/${reduce} ${JSON.stringify(lf)}x${JSON.stringify(rf)}`;
          assert.deepEqual(r.outF, r.ref.shape, what);
          assert.doesNotThrow(() => expectClose(r.out, r.ref.data, { atol: 1e-12, rtol: 1e-12 }), what);
          if (r.argU === null) continue;
          // The recorded winners must reproduce the output value.
          const F = prod(r.outF);
          for (let i = 0; i < r.out.length; i++) {
            if (r.argE![i] < 0) { assert.equal(r.out[i], 0, what); continue; }
            const m = refMessage(op, r.lhs, r.argU[i], r.rhs, r.argE![i]);
            assert.equal(m[i % F], r.out[i], `${what}: winner at ${i}`);
            assert.equal(c.src[r.argE![i]], r.argU[i], `${what}: argU is the source of argE`);
          }
        }
      }
    }
  }
}));

test('gsddmm agrees with the naive reference for every op, target pair and broadcast shape', () => forEachBackend((name, b) => {
  for (const c of graphCases()) {
    const coo = adjOf(c).coo();
    const run = (op: SddmmOp, lt: Target, rt: Target, lf: number[], rf: number[]): void => {
      const x = seededData(rows(c, lt) * prod(lf), 3), y = seededData(rows(c, rt) * prod(rf), 4, 0.5, 2);
      const lhs = op === 'copyRhs' ? null : { data: x, shape: lf }, rhs = op === 'copyLhs' ? null : { data: y, shape: rf };
      const ref = refSddmm(c, op, lhs, lt, rhs, rt);
      const out = new Float64Array(c.src.length * prod(ref.shape));
      b.gsddmm({ op, numSrc: c.numSrc, numDst: c.numDst, numEdges: c.src.length, src: coo.src, dst: coo.dst,
        lhs: lhs ? x : null, lhsTarget: lt, lhsShape: lf, rhs: rhs ? y : null, rhsTarget: rt, rhsShape: rf,
        out, outShape: ref.shape });
      assert.doesNotThrow(() => expectClose(out, ref.data, { atol: 1e-12, rtol: 1e-12 }),
        `${name} ${c.label} ${op} ${lt}${rt} ${JSON.stringify(lf)}x${JSON.stringify(rf)}`);
    };
    for (const [lt, rt] of TARGET_PAIRS) {
      for (const [lf, rf] of SHAPE_PAIRS) for (const op of SDDMM_OPS) run(op, lt, rt, lf, rf);
      for (const [lf, rf] of DOT_SHAPE_PAIRS) run('dot', lt, rt, lf, rf);
    }
  }
}));

test('gspmm and gsddmm work in float32', () => forEachBackend((name, b) => {
  const c = graphCases()[8];
  const csc = adjOf(c).csc();
  const x = Float32Array.from(seededData(c.numSrc * 3, 5)), y = Float32Array.from(seededData(c.src.length * 3, 6));
  const out = new Float32Array(c.numDst * 3);
  b.gspmm({ op: 'mul', reduce: 'sum', numSrc: c.numSrc, numDst: c.numDst, numEdges: c.src.length, indptr: csc.indptr,
    indices: csc.indices, eids: csc.eids, lhs: x, lhsShape: [3], rhs: y, rhsShape: [3], out, outShape: [3], argU: null, argE: null });
  const ref = refSpmm(c, 'mul', 'sum', { data: x, shape: [3] }, { data: y, shape: [3] });
  expectClose(out, ref.data, { atol: 1e-5, rtol: 1e-5 });
  assert.ok(name.length > 0);
}));

test('edgeSoftmax matches the reference, sums to 1 per group and survives logits of ±1e4', () => forEachBackend((name, b) => {
  for (const c of graphCases()) {
    const adj = adjOf(c);
    for (const normBy of ['dst', 'src'] as const) {
      const grp = normBy === 'dst' ? adj.csc() : adj.csr();
      const cols = 2, E = c.src.length;
      const logits = seededData(E * cols, 9, -1e4, 1e4);
      const out = new Float64Array(E * cols);
      b.edgeSoftmax(grp.indptr, grp.eids, logits, cols, out);
      expectClose(out, refEdgeSoftmax(c, logits, cols, normBy), { atol: 1e-12, rtol: 1e-9 });
      assert.ok(out.every(Number.isFinite), `${name} ${c.label}: finite`);
      const sums = new Float64Array((normBy === 'dst' ? c.numDst : c.numSrc) * cols);
      const key = normBy === 'dst' ? c.dst : c.src;
      for (let e = 0; e < E; e++) for (let k = 0; k < cols; k++) sums[key[e] * cols + k] += out[e * cols + k];
      for (let i = 0; i < sums.length; i++) if (sums[i] !== 0) assert.ok(Math.abs(sums[i] - 1) < 1e-12, `${c.label}: sum ${sums[i]}`);
    }
  }
}));

test('edgeSoftmaxBackward equals y * (g - sum(g * y)) computed per group', () => forEachBackend((_name, b) => {
  const c = graphCases()[9], csc = adjOf(c).csc(), E = c.src.length;
  const y = Float64Array.from(refEdgeSoftmax(c, seededData(E, 1), 1, 'dst'));
  const gy = seededData(E, 2), gx = new Float64Array(E);
  b.edgeSoftmaxBackward(csc.indptr, csc.eids, y, gy, 1, gx);
  const dot = new Float64Array(c.numDst);
  for (let e = 0; e < E; e++) dot[c.dst[e]] += gy[e] * y[e];
  expectClose(gx, Array.from(y, (v, e) => v * (gy[e] - dot[c.dst[e]])), { atol: 1e-12 });
}));

test('segmentReduce matches the reference (empty segments give 0 and arg -1)', () => forEachBackend((_name, b) => {
  const lengths = [2, 0, 3, 1, 0];
  const offsets = Int32Array.from([0, 2, 2, 5, 6, 6]);
  const x = seededData(6 * 3, 4);
  for (const op of ['sum', 'max', 'min'] as const) {
    const out = new Float64Array(5 * 3), arg = new Int32Array(15);
    b.segmentReduce(op, x, offsets, 3, out, op === 'sum' ? null : arg);
    expectClose(out, refSegmentReduce(lengths, x, 3, op), { atol: 1e-12 });
    if (op !== 'sum') for (let i = 0; i < 15; i++) assert.equal(arg[i] < 0 ? 0 : x[arg[i] * 3 + (i % 3)], out[i]);
  }
}));

test('bad indices throw a RangeError naming the argument', () => forEachBackend((_name, b) => {
  const out = new Float64Array(2), x = new Float64Array(2);
  const base = { op: 'copyLhs' as const, reduce: 'sum' as const, numSrc: 2, numDst: 2, numEdges: 1, eids: null,
    lhs: x, lhsShape: [], rhs: null, rhsShape: [], out, outShape: [], argU: null, argE: null };
  assert.throws(() => b.gspmm({ ...base, indptr: Int32Array.from([0, 1, 1]), indices: Int32Array.from([5]) }),
    (e: Error) => e instanceof RangeError && /indices/.test(e.message) && /5/.test(e.message));
  assert.throws(() => b.gspmm({ ...base, indptr: Int32Array.from([0, 2, 1]), indices: Int32Array.from([0]) }),
    (e: Error) => e instanceof RangeError && /indptr/.test(e.message));
  assert.throws(() => b.gspmm({ ...base, indptr: Int32Array.from([0, 1, 1]), indices: Int32Array.from([0]),
    eids: Int32Array.from([3]) }), (e: Error) => e instanceof RangeError && /eids/.test(e.message));
  assert.throws(() => b.gsddmm({ op: 'copyLhs', numSrc: 2, numDst: 2, numEdges: 1, src: Int32Array.from([-1]),
    dst: Int32Array.from([0]), lhs: x, lhsTarget: 'u', lhsShape: [], rhs: null, rhsTarget: 'v', rhsShape: [],
    out: new Float64Array(1), outShape: [] }), (e: Error) => e instanceof RangeError && /src/.test(e.message));
  assert.throws(() => b.segmentReduce('sum', x, Int32Array.from([0, 3]), 1, new Float64Array(1), null),
    (e: Error) => e instanceof RangeError);
  assert.throws(() => b.edgeSoftmax(Int32Array.from([0, 1]), Int32Array.from([2]), x.subarray(0, 1), 1, new Float64Array(1)),
    (e: Error) => e instanceof RangeError && /eids/.test(e.message));
}));
