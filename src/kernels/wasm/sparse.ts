/**
 * The message-passing kernels of the wasm backend: arguments checked as the addon checks them
 * (./check.ts), copied into the module's memory, index arrays validated there (so the values
 * checked are the values read, even from shared memory), the kernel run, outputs copied back.
 */
import type { FloatArray, IndexArray, SddmmArgs, SpmmArgs, SpmmReduce } from '../backend.js';
import { broadcastOffsets, sameShape } from '../js/broadcast.js';
import * as c from './check.js';
import { f64Flag, Heap } from './heap.js';
import type { WasmExports } from './module.js';
import { csrSplits, evenSplits, partsFor, perRange, runParts } from './threads.js';

const BIN_OPS = ['add', 'sub', 'mul', 'div', 'copyLhs', 'copyRhs', 'dot'] as const;
const SPMM_OPS = BIN_OPS.slice(0, 6);
const REDUCERS = ['sum', 'max', 'min'] as const;
const TARGETS = ['u', 'v', 'e'] as const;

/** Per output position, the offset inside an operand's feature row; null when they coincide. */
function offsets(kernel: string, shape: readonly number[], outShape: readonly number[]): Int32Array | null {
  if (sameShape(shape, outShape)) return null;
  const lead = outShape.length - shape.length;
  if (!(lead >= 0 && shape.every((d, i) => d === 1 || d === outShape[lead + i]))) {
    throw new RangeError(`${kernel}: feature shape [${shape.join(', ')}] does not broadcast to [${outShape.join(', ')}]`);
  }
  return broadcastOffsets([shape], outShape)[0];
}

function argsObject(a: unknown, kernel: string): Record<string, unknown> {
  if (a === null || typeof a !== 'object') throw new TypeError(`${kernel}: expected an arguments object`);
  return a as Record<string, unknown>;
}

/** g-SpMM (see SpmmArgs). */
export function gspmm(ex: WasmExports, args: SpmmArgs): void {
  const a = argsObject(args, 'gspmm');
  const op = c.name(a.op, 'gspmm: op', SPMM_OPS), red = c.name(a.reduce, 'gspmm: reduce', REDUCERS);
  const numSrc = c.count(a.numSrc, 'gspmm: numSrc'), numDst = c.count(a.numDst, 'gspmm: numDst');
  const numEdges = c.count(a.numEdges, 'gspmm: numEdges');
  const indptr = c.indexArray(a.indptr, 'gspmm: indptr'), indices = c.indexArray(a.indices, 'gspmm: indices');
  const eids = c.indexArray(a.eids, 'gspmm: eids', true);
  const out = c.floatArray(a.out, 'gspmm: out');
  const needL = op !== 'copyRhs', needR = op !== 'copyLhs';
  const lhs = needL ? c.floatArray(a.lhs, 'gspmm: lhs') : null, rhs = needR ? c.floatArray(a.rhs, 'gspmm: rhs') : null;
  const outShape = c.shape(a.outShape, 'gspmm: outShape');
  const lhsShape = needL ? c.shape(a.lhsShape, 'gspmm: lhsShape') : outShape;
  const rhsShape = needR ? c.shape(a.rhsShape, 'gspmm: rhsShape') : lhsShape;
  const argU = red === 'sum' ? null : c.indexArray(a.argU, 'gspmm: argU', true);
  const argE = red === 'sum' ? null : c.indexArray(a.argE, 'gspmm: argE', true);
  const F = c.prod(outShape), L = c.prod(lhsShape), R = c.prod(rhsShape);
  const lo = needL ? offsets('gspmm', lhsShape, outShape) : null, ro = needR ? offsets('gspmm', rhsShape, outShape) : null;
  c.expectLength(indptr, numDst + 1, 'gspmm: indptr');
  c.expectLength(indices, numEdges, 'gspmm: indices');
  if (eids) c.expectLength(eids, numEdges, 'gspmm: eids');
  c.expectLength(out, numDst * F, 'gspmm: out');
  if (lhs) { c.sameDType(lhs, out, 'gspmm: lhs', 'out'); c.expectLength(lhs, numSrc * L, 'gspmm: lhs'); }
  if (rhs) { c.sameDType(rhs, out, 'gspmm: rhs', 'out'); c.expectLength(rhs, numEdges * R, 'gspmm: rhs'); }
  if (argU) c.expectLength(argU, numDst * F, 'gspmm: argU');
  if (argE) c.expectLength(argE, numDst * F, 'gspmm: argE');

  const h = new Heap(ex, 'gspmm', [indptr, indices, eids, lhs, rhs]);
  const pIndptr = h.allocFor(indptr), pIndices = h.allocFor(indices), pEids = h.allocFor(eids);
  const pLhs = h.allocFor(lhs), pRhs = h.allocFor(rhs), pOut = h.allocFor(out), pLo = h.allocFor(lo), pRo = h.allocFor(ro);
  const pArgU = h.allocFor(argU), pArgE = h.allocFor(argE);
  h.write(pIndptr, indptr); h.write(pIndices, indices); h.write(pEids, eids);
  h.write(pLhs, lhs); h.write(pRhs, rhs); h.write(pLo, lo); h.write(pRo, ro);
  h.checkOnce(indptr, `indptr ${numDst} ${numEdges}`, () => c.indptr(h.i32(pIndptr, numDst + 1), numDst, numEdges, 'gspmm: indptr'));
  h.checkOnce(indices, `ids < ${numSrc}`, () => c.ids(h.i32(pIndices, numEdges), numSrc, 'gspmm: indices'));
  if (eids) h.checkOnce(eids, `ids < ${numEdges}`, () => c.ids(h.i32(pEids, numEdges), numEdges, 'gspmm: eids'));
  // Threads split the destination rows (each output row written by one thread).
  const el = out.BYTES_PER_ELEMENT, parts = partsFor(ex, (numEdges + numDst) * Math.max(F, 1));
  const cuts = parts === 1 ? [0, numDst] : csrSplits(h.i32(pIndptr, numDst + 1), numDst, parts);
  const at = (p: number, v: number, bytes: number): number => (p === 0 ? 0 : p + v * bytes);
  runParts(ex, 'dg_spmm', perRange(cuts, (v0, v1) => [f64Flag(out), SPMM_OPS.indexOf(op), REDUCERS.indexOf(red), v1 - v0,
    numEdges, pIndptr + 4 * v0, pIndices, pEids, pLhs, pRhs, at(pOut, v0, F * el), at(pArgU, v0, F * 4), at(pArgE, v0, F * 4),
    F, L, R, pLo, pRo]));
  h.read(pOut, out); h.read(pArgU, argU); h.read(pArgE, argE);
}

/** g-SDDMM (see SddmmArgs). */
export function gsddmm(ex: WasmExports, args: SddmmArgs): void {
  const a = argsObject(args, 'gsddmm');
  const op = c.name(a.op, 'gsddmm: op', BIN_OPS);
  const numSrc = c.count(a.numSrc, 'gsddmm: numSrc'), numDst = c.count(a.numDst, 'gsddmm: numDst');
  const numEdges = c.count(a.numEdges, 'gsddmm: numEdges');
  const src = c.indexArray(a.src, 'gsddmm: src'), dst = c.indexArray(a.dst, 'gsddmm: dst');
  const out = c.floatArray(a.out, 'gsddmm: out');
  const needL = op !== 'copyRhs', needR = op !== 'copyLhs';
  const lhs = needL ? c.floatArray(a.lhs, 'gsddmm: lhs') : null, rhs = needR ? c.floatArray(a.rhs, 'gsddmm: rhs') : null;
  const lt = needL ? c.name(a.lhsTarget, 'gsddmm: lhsTarget', TARGETS) : 'e';
  const rt = needR ? c.name(a.rhsTarget, 'gsddmm: rhsTarget', TARGETS) : 'e';
  const outShape = c.shape(a.outShape, 'gsddmm: outShape');
  const lhsShape = needL ? c.shape(a.lhsShape, 'gsddmm: lhsShape') : outShape;
  const rhsShape = needR ? c.shape(a.rhsShape, 'gsddmm: rhsShape') : lhsShape;
  let D = 1, lLead = lhsShape, rLead = rhsShape, oLead = outShape;
  if (op === 'dot') {
    D = lhsShape[lhsShape.length - 1];
    if (lhsShape.length === 0 || rhsShape.length === 0 || rhsShape[rhsShape.length - 1] !== D || outShape[outShape.length - 1] !== 1) {
      throw new RangeError(`gsddmm: dot needs matching last dimensions and an outShape ending in 1, got [${lhsShape.join(', ')}], ` +
        `[${rhsShape.join(', ')}] -> [${outShape.join(', ')}]`);
    }
    lLead = lhsShape.slice(0, -1); rLead = rhsShape.slice(0, -1); oLead = outShape.slice(0, -1);
  }
  const lo = needL ? offsets('gsddmm', lLead, oLead) : null, ro = needR ? offsets('gsddmm', rLead, oLead) : null;
  const F = c.prod(outShape), L = c.prod(lhsShape), R = c.prod(rhsShape), P = c.prod(oLead);
  const rows = (t: string): number => (t === 'u' ? numSrc : t === 'v' ? numDst : numEdges);
  c.expectLength(src, numEdges, 'gsddmm: src');
  c.expectLength(dst, numEdges, 'gsddmm: dst');
  c.expectLength(out, numEdges * F, 'gsddmm: out');
  if (lhs) { c.sameDType(lhs, out, 'gsddmm: lhs', 'out'); c.expectLength(lhs, rows(lt) * L, 'gsddmm: lhs'); }
  if (rhs) { c.sameDType(rhs, out, 'gsddmm: rhs', 'out'); c.expectLength(rhs, rows(rt) * R, 'gsddmm: rhs'); }

  const h = new Heap(ex, 'gsddmm', [src, dst, lhs, rhs]);
  const pSrc = h.allocFor(src), pDst = h.allocFor(dst), pLhs = h.allocFor(lhs), pRhs = h.allocFor(rhs);
  const pOut = h.allocFor(out), pLo = h.allocFor(lo), pRo = h.allocFor(ro);
  h.write(pSrc, src); h.write(pDst, dst); h.write(pLhs, lhs); h.write(pRhs, rhs); h.write(pLo, lo); h.write(pRo, ro);
  c.ids(h.i32(pSrc, numEdges), numSrc, 'gsddmm: src');
  c.ids(h.i32(pDst, numEdges), numDst, 'gsddmm: dst');
  const rowPtr = (t: string): number => (t === 'u' ? pSrc : t === 'v' ? pDst : 0);
  // Threads split the edges; an operand read per edge (target 'e', no row array) moves with them.
  const el = out.BYTES_PER_ELEMENT, cuts = evenSplits(numEdges, partsFor(ex, numEdges * Math.max(F * D, 1)));
  const rowAt = (t: string, e0: number): number => (t === 'e' ? 0 : rowPtr(t) + 4 * e0);
  const opAt = (p: number, t: string, e0: number, len: number): number => (p === 0 || t !== 'e' ? p : p + e0 * len * el);
  runParts(ex, 'dg_sddmm', perRange(cuts, (e0, e1) => [f64Flag(out), BIN_OPS.indexOf(op), e1 - e0, rowAt(lt, e0), rowAt(rt, e0),
    opAt(pLhs, lt, e0, L), opAt(pRhs, rt, e0, R), pOut + e0 * F * el, F, L, R, op === 'dot' ? P : F, D, pLo, pRo]));
  h.read(pOut, out);
}

/** A CSC's indptr and eids copied in and validated; returns the pointers and the edge count. */
function csc(ex: WasmExports, kernel: string, indptrV: unknown, eidsV: unknown, more: (edges: number) => FloatArray[]) {
  const indptr = c.indexArray(indptrV, `${kernel}: indptr`);
  const eids = c.indexArray(eidsV, `${kernel}: eids`, true);
  if (indptr.length < 1) throw new RangeError(`${kernel}: indptr is empty (it needs numDst + 1 entries)`);
  const rows = indptr.length - 1;
  const last = indptr[rows], edges = last < 0 ? 0 : last;
  if (eids) c.expectLength(eids, edges, `${kernel}: eids`);
  const arrays = more(edges);
  const h = new Heap(ex, kernel, [indptr, eids, ...arrays]);
  const pIndptr = h.allocFor(indptr), pEids = h.allocFor(eids);
  const ptrs = arrays.map((x) => h.allocFor(x));
  h.write(pIndptr, indptr); h.write(pEids, eids);
  arrays.forEach((x, i) => h.write(ptrs[i], x));
  c.indptr(h.i32(pIndptr, rows + 1), rows, edges, `${kernel}: indptr`);
  if (eids) c.ids(h.i32(pEids, edges), edges, `${kernel}: eids`);
  return { h, rows, pIndptr, pEids, ptrs };
}

/** Destination-row ranges of an edge softmax (each edge's outputs written by the thread of its row). */
function groupCuts(ex: WasmExports, g: ReturnType<typeof csc>, cols: number): number[] {
  const indptr = g.h.i32(g.pIndptr, g.rows + 1), parts = partsFor(ex, 4 * (indptr[g.rows] + g.rows) * Math.max(cols, 1));
  return parts === 1 ? [0, g.rows] : csrSplits(indptr, g.rows, parts);
}

/** Softmax of edge logits per destination (see Backend.edgeSoftmax). */
export function edgeSoftmax(ex: WasmExports, indptr: IndexArray, eids: IndexArray | null, logits: FloatArray, cols: number,
  out: FloatArray): void {
  const g = csc(ex, 'edgeSoftmax', indptr, eids, (edges) => {
    const x = c.floatArray(logits, 'edgeSoftmax: logits');
    const C = c.count(cols, 'edgeSoftmax: cols');
    const o = c.floatArray(out, 'edgeSoftmax: out');
    c.sameDType(o, x, 'edgeSoftmax: out', 'logits');
    c.expectLength(x, edges * C, 'edgeSoftmax: logits');
    c.expectLength(o, edges * C, 'edgeSoftmax: out');
    return [x, o];
  });
  runParts(ex, 'dg_edge_softmax', perRange(groupCuts(ex, g, cols), (r0, r1) =>
    [f64Flag(out), r1 - r0, g.pIndptr + 4 * r0, g.pEids, g.ptrs[0], cols, g.ptrs[1]]));
  g.h.read(g.ptrs[1], out);
}

/** Backward of edgeSoftmax (see Backend.edgeSoftmaxBackward). */
export function edgeSoftmaxBackward(ex: WasmExports, indptr: IndexArray, eids: IndexArray | null, y: FloatArray,
  gradY: FloatArray, cols: number, gradLogits: FloatArray): void {
  const K = 'edgeSoftmaxBackward';
  const g = csc(ex, K, indptr, eids, (edges) => {
    const yy = c.floatArray(y, `${K}: y`), gy = c.floatArray(gradY, `${K}: gradY`);
    const C = c.count(cols, `${K}: cols`);
    const gx = c.floatArray(gradLogits, `${K}: gradLogits`);
    c.sameDType(gy, yy, `${K}: gradY`, 'y');
    c.sameDType(gx, yy, `${K}: gradLogits`, 'y');
    for (const [arr, nm] of [[yy, 'y'], [gy, 'gradY'], [gx, 'gradLogits']] as const) c.expectLength(arr, edges * C, `${K}: ${nm}`);
    return [yy, gy, gx];
  });
  runParts(ex, 'dg_edge_softmax_backward', perRange(groupCuts(ex, g, cols), (r0, r1) =>
    [f64Flag(y), r1 - r0, g.pIndptr + 4 * r0, g.pEids, g.ptrs[0], g.ptrs[1], cols, g.ptrs[2]]));
  g.h.read(g.ptrs[2], gradLogits);
}

/** Segment reduce (see Backend.segmentReduce). */
export function segmentReduce(ex: WasmExports, op: SpmmReduce, x: FloatArray, offsets: IndexArray, rowLen: number,
  out: FloatArray, arg: IndexArray | null): void {
  const K = 'segmentReduce';
  const red = c.name(op, `${K}: op`, REDUCERS);
  const xx = c.floatArray(x, `${K}: x`), off = c.indexArray(offsets, `${K}: offsets`);
  const F = c.count(rowLen, `${K}: rowLen`), o = c.floatArray(out, `${K}: out`);
  const ag = red === 'sum' ? null : c.indexArray(arg, `${K}: arg`, true);
  c.sameDType(o, xx, `${K}: out`, 'x');
  if (off.length === 0) throw new RangeError(`${K}: offsets is empty (it needs numSegments + 1 entries)`);
  const S = off.length - 1;
  c.expectLength(o, S * F, `${K}: out`);
  if (ag) c.expectLength(ag, S * F, `${K}: arg`);
  const h = new Heap(ex, K, [xx, off]);
  const pX = h.allocFor(xx), pOff = h.allocFor(off), pOut = h.allocFor(o), pArg = h.allocFor(ag);
  h.write(pX, xx); h.write(pOff, off);
  const p = h.i32(pOff, S + 1);
  if (p[0] !== 0) throw new RangeError(`${K}: offsets[0] must be 0, got ${p[0]}`);
  for (let i = 0; i < S; i++) {
    if (p[i + 1] < p[i]) throw new RangeError(`${K}: offsets decreases at ${i + 1} (${p[i]} > ${p[i + 1]})`);
  }
  if (p[S] * F !== xx.length) throw new RangeError(`${K}: offsets end at row ${p[S]} but x has ${xx.length} elements in rows of ${F}`);
  const parts = partsFor(ex, (p[S] + S) * Math.max(F, 1)), cuts = parts === 1 ? [0, S] : csrSplits(p, S, parts);
  const el = o.BYTES_PER_ELEMENT;
  runParts(ex, 'dg_segment_reduce', perRange(cuts, (s0, s1) => [f64Flag(o), REDUCERS.indexOf(red), pX, pOff + 4 * s0, s1 - s0, F,
    pOut + s0 * F * el, pArg === 0 ? 0 : pArg + s0 * F * 4]));
  h.read(pOut, o); h.read(pArg, ag);
}
