/**
 * The dense kernels of the wasm backend (matmul, elementwise, reductions, softmax, dropout, rows by
 * index), checked as the addon checks them. Variants the module does not implement (transcendental
 * unary ops, pow, broadcasts that are not a [rows, cols] pattern) run the TypeScript kernel after
 * the same checks.
 */
import type { ArithOp, DataArray, FloatArray, IndexArray, ReduceOp, UnaryOp, UnaryParams } from '../backend.js';
import { broadcastStrides } from '../js/broadcast.js';
import { jsBackend } from '../js/index.js';
import { skipsZeros } from '../js/matmul-sparse.js';
import * as c from './check.js';
import { f64Flag, Heap } from './heap.js';
import type { WasmExports } from './module.js';
import { evenSplits, partsFor, perRange, runParts } from './threads.js';

const UNARY_OPS = ['neg', 'exp', 'log', 'sqrt', 'abs', 'sign', 'reciprocal', 'square', 'relu', 'sigmoid', 'tanh',
  'softplus', 'gelu', 'elu', 'leakyRelu', 'clamp', 'powScalar'] as const;
/** The unary ops compiled to wasm, by their code in native/wasm/dense.cc. */
const WASM_UNARY: Partial<Record<UnaryOp, number>> = {
  neg: 0, abs: 1, sqrt: 2, reciprocal: 3, square: 4, relu: 5, sign: 6, leakyRelu: 7, clamp: 8, exp: 9, log: 10,
};
const ARITH_OPS = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'] as const;
const WASM_ARITH: Partial<Record<ArithOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 7, minimum: 8 };
const REDUCE_OPS = ['sum', 'max', 'min', 'prod'] as const;

/** Batched matmul (see Backend.matmul). */
export function matmul(ex: WasmExports, a: FloatArray, b: FloatArray, out: FloatArray, batch: number, m: number, k: number,
  n: number, transA: boolean, transB: boolean, aBatchStride: number, bBatchStride: number): void {
  const K = 'matmul';
  c.floatArray(a, `${K}: a`); c.floatArray(b, `${K}: b`); c.floatArray(out, `${K}: out`);
  c.count(batch, `${K}: batch`); c.count(m, `${K}: m`); c.count(k, `${K}: k`); c.count(n, `${K}: n`);
  c.bool(transA, `${K}: transA`); c.bool(transB, `${K}: transB`);
  c.count(aBatchStride, `${K}: aBatchStride`, true); c.count(bBatchStride, `${K}: bBatchStride`, true);
  c.sameDType(b, a, `${K}: b`, 'a');
  c.sameDType(out, a, `${K}: out`, 'a');
  c.expectLength(out, batch * m * n, `${K}: out`);
  if (batch === 0) return;
  const aNeed = (batch - 1) * aBatchStride + m * k, bNeed = (batch - 1) * bBatchStride + k * n;
  if (a.length < aNeed) throw new RangeError(`${K}: a has length ${a.length}, needs at least ${aNeed}`);
  if (b.length < bNeed) throw new RangeError(`${K}: b has length ${b.length}, needs at least ${bNeed}`);
  if (m * n === 0) return;
  // The whole array when all of it is used: a read-only one then keeps its copy in the module.
  const aUsed = aNeed === a.length ? a : a.subarray(0, aNeed), bUsed = bNeed === b.length ? b : b.subarray(0, bNeed);
  const h = new Heap(ex, K, [aUsed, bUsed]), el = a.BYTES_PER_ELEMENT;
  const pA = h.allocFor(aUsed), pB = h.allocFor(bUsed), pOut = h.allocFor(out);
  // A mostly-zero left operand (bag-of-words features) skips its zeros, with the TypeScript
  // backend's decision and sums.
  // Threads split the rows of out when a is not transposed (one matrix): blocks of four rows, the
  // kernel's own row block, so that every row is computed by the same code whatever the split.
  // A transposed b is transposed again by every chunk, so then one chunk per thread.
  const parts = batch === 1 && !transA ? partsFor(ex, m * k * n, transB ? 1 : undefined) : 1;
  const cuts = evenSplits(m, parts, 4);
  if (batch === 1 && !transB && skipsZeros(a, 0, b, 0, m, k, n)) {
    h.write(pA, aUsed); h.write(pB, bUsed);
    runParts(ex, 'dg_matmul_skip_zeros', perRange(cuts, (r0, r1) =>
      [f64Flag(a), pA + r0 * k * el, pB, pOut + r0 * n * el, r1 - r0, k, n, transA ? 1 : 0]));
    h.read(pOut, out);
    return;
  }
  const pSa = transA ? h.alloc(m * k * el) : 0;
  // Each part transposes b into a scratch of its own.
  const pSb = transB ? cuts.slice(1).map(() => h.alloc(k * n * el)) : [];
  h.write(pA, aUsed); h.write(pB, bUsed);
  runParts(ex, 'dg_matmul', perRange(cuts, (r0, r1) => [f64Flag(a), pA + r0 * k * el, pB, pOut + r0 * n * el, batch, r1 - r0, k, n,
    transA ? 1 : 0, transB ? 1 : 0, aBatchStride, bBatchStride, pSa, transB ? pSb[cuts.indexOf(r0)] : 0]));
  h.read(pOut, out);
}

function optNumber(p: Record<string, unknown>, key: string, dflt: number): number {
  const v = p[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'number') throw new TypeError(`unary: params.${key} must be a number`);
  return v;
}

/** out = op(x) (see Backend.unary). */
export function unary(ex: WasmExports, op: UnaryOp, x: FloatArray, out: FloatArray, params?: UnaryParams): void {
  c.name(op, 'unary: op', UNARY_OPS);
  c.floatArray(x, 'unary: x'); c.floatArray(out, 'unary: out');
  c.sameDType(out, x, 'unary: out', 'x');
  c.expectLength(out, x.length, 'unary: out');
  let p: Record<string, unknown> = {};
  if (params !== undefined) {
    if (params === null || typeof params !== 'object') throw new TypeError('unary: params must be an object');
    p = params as Record<string, unknown>;
  }
  const alpha = optNumber(p, 'alpha', op === 'leakyRelu' ? 0.01 : 1);
  const lo = optNumber(p, 'min', -Infinity), hi = optNumber(p, 'max', Infinity);
  optNumber(p, 'exponent', 1);
  const code = WASM_UNARY[op];
  if (code === undefined) { jsBackend.unary(op, x, out, params); return; }
  const h = new Heap(ex, 'unary');
  const pX = h.allocFor(x), pOut = x === out ? pX : h.allocFor(out);
  h.write(pX, x);
  const el = x.BYTES_PER_ELEMENT, cuts = evenSplits(x.length, partsFor(ex, x.length), 4);
  runParts(ex, 'dg_unary', perRange(cuts, (i0, i1) =>
    [f64Flag(x), code, pX + i0 * el, pOut + i0 * el, i1 - i0, op === 'clamp' ? lo : alpha, hi]));
  h.read(pOut, out);
}

/**
 * An operand broadcast to outShape seen as [rows, cols] (cols = the last output dimension):
 * [row stride, column stride] when its offsets are i * rowStride + j * colStride, else null.
 */
function rowColStrides(shape: readonly number[], outShape: readonly number[]): [number, number] | null {
  const nd = outShape.length;
  if (nd === 0) return [0, 0];
  const s = broadcastStrides(shape, outShape), cols = outShape[nd - 1];
  const colStride = s[nd - 1];
  // The leading dimensions must flatten to one stride: all broadcast, or contiguous at width cols.
  if (s.slice(0, nd - 1).every((v) => v === 0)) return [0, colStride];
  let want = colStride === 0 ? 1 : cols;
  for (let d = nd - 2; d >= 0; d--) {
    if (outShape[d] === 1) continue;
    if (s[d] !== want) return null;
    want *= outShape[d];
  }
  return [colStride === 0 ? 1 : cols, colStride];
}

/** out = a op b with broadcasting (see Backend.binary). */
export function binary(ex: WasmExports, op: ArithOp, a: FloatArray, aShape: readonly number[], b: FloatArray,
  bShape: readonly number[], out: FloatArray, outShape: readonly number[]): void {
  c.name(op, 'binary: op', ARITH_OPS);
  c.floatArray(a, 'binary: a');
  const as = c.shape(aShape, 'binary: aShape');
  c.floatArray(b, 'binary: b');
  const bs = c.shape(bShape, 'binary: bShape');
  c.floatArray(out, 'binary: out');
  const os = c.shape(outShape, 'binary: outShape');
  c.sameDType(b, a, 'binary: b', 'a');
  c.sameDType(out, a, 'binary: out', 'a');
  c.expectLength(a, c.prod(as), 'binary: a');
  c.expectLength(b, c.prod(bs), 'binary: b');
  c.expectLength(out, c.prod(os), 'binary: out');
  const fits = (s: number[]): boolean => s.length <= os.length && s.every((d, i) => d === 1 || d === os[os.length - s.length + i]);
  const exact = os.every((d, i) => {
    const da = as[as.length - os.length + i] ?? 1, db = bs[bs.length - os.length + i] ?? 1;
    return d === Math.max(da, db) || (d === 0 && (da === 0 || db === 0));
  });
  if (!fits(as) || !fits(bs) || !exact) {
    throw new RangeError(`binary: shapes [${as.join(', ')}] and [${bs.join(', ')}] do not broadcast to [${os.join(', ')}]`);
  }
  const code = WASM_ARITH[op], sa = rowColStrides(as, os), sb = rowColStrides(bs, os);
  if (code === undefined || sa === null || sb === null) { jsBackend.binary(op, a, as, b, bs, out, os); return; }
  const cols = os.length === 0 ? 1 : os[os.length - 1], rows = cols === 0 ? 0 : out.length / cols;
  const h = new Heap(ex, 'binary');
  const pA = h.allocFor(a), pB = b === a ? pA : h.allocFor(b);
  const pOut = out === a ? pA : out === b ? pB : h.allocFor(out);
  h.write(pA, a);
  if (pB !== pA) h.write(pB, b);
  const el = a.BYTES_PER_ELEMENT, cuts = evenSplits(rows, partsFor(ex, rows * cols));
  runParts(ex, 'dg_binary', perRange(cuts, (r0, r1) => [f64Flag(a), code, pA + r0 * sa[0] * el, sa[0], sa[1], pB + r0 * sb[0] * el,
    sb[0], sb[1], pOut + r0 * cols * el, r1 - r0, cols]));
  h.read(pOut, out);
}

/** Reduction over the middle axis (see Backend.reduce). */
export function reduce(ex: WasmExports, op: ReduceOp, x: FloatArray, outer: number, size: number, inner: number,
  out: FloatArray): void {
  const red = c.name(op, 'reduce: op', REDUCE_OPS);
  c.floatArray(x, 'reduce: x');
  c.count(outer, 'reduce: outer', true); c.count(size, 'reduce: size', true); c.count(inner, 'reduce: inner', true);
  c.floatArray(out, 'reduce: out');
  c.sameDType(out, x, 'reduce: out', 'x');
  c.expectLength(x, outer * inner * size, 'reduce: x');
  c.expectLength(out, outer * inner, 'reduce: out');
  const h = new Heap(ex, 'reduce');
  const pX = h.allocFor(x), pOut = h.allocFor(out);
  h.write(pX, x);
  const el = x.BYTES_PER_ELEMENT, cuts = evenSplits(outer, partsFor(ex, outer * size * inner));
  runParts(ex, 'dg_reduce', perRange(cuts, (o0, o1) => [f64Flag(x), red === 'sum' ? 0 : red === 'max' ? 1 : red === 'min' ? 2 : 3,
    pX + o0 * size * inner * el, o1 - o0, size, inner, pOut + o0 * inner * el]));
  h.read(pOut, out);
}

/** Row softmax / log-softmax (see Backend.softmax). */
export function softmax(ex: WasmExports, x: FloatArray, rows: number, cols: number, out: FloatArray, log: boolean): void {
  c.floatArray(x, 'softmax: x');
  c.count(rows, 'softmax: rows', true); c.count(cols, 'softmax: cols', true);
  c.floatArray(out, 'softmax: out');
  c.bool(log, 'softmax: log');
  c.sameDType(out, x, 'softmax: out', 'x');
  c.expectLength(x, rows * cols, 'softmax: x');
  c.expectLength(out, rows * cols, 'softmax: out');
  const h = new Heap(ex, 'softmax');
  const pX = h.allocFor(x), pOut = x === out ? pX : h.allocFor(out);
  h.write(pX, x);
  const el = x.BYTES_PER_ELEMENT, cuts = evenSplits(rows, partsFor(ex, 4 * rows * cols));
  runParts(ex, 'dg_softmax', perRange(cuts, (r0, r1) => [f64Flag(x), pX + r0 * cols * el, r1 - r0, cols, pOut + r0 * cols * el,
    log ? 1 : 0]));
  h.read(pOut, out);
}

/** Inverted-dropout multipliers, optionally times an input (see Backend.dropoutMask). */
export function dropoutMask(ex: WasmExports, mask: FloatArray, p: number, seed: number, input?: FloatArray): void {
  const K = 'dropoutMask';
  c.floatArray(mask, `${K}: mask`);
  if (typeof p !== 'number') throw new TypeError(`${K}: p must be a number`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${K}: p must be in [0, 1], got ${p}`);
  if (typeof seed !== 'number') throw new TypeError(`${K}: seed must be a number`);
  if (!Number.isFinite(seed)) throw new RangeError(`${K}: seed must be a finite number`);
  const inp = input === undefined ? null : c.floatArray(input, `${K}: input`);
  if (inp) {
    c.sameDType(inp, mask, `${K}: input`, 'mask');
    c.expectLength(inp, mask.length, `${K}: input`);
    if (inp === mask && mask.length > 0) throw new RangeError(`${K}: input must not be the mask array itself`);
  }
  const threshold = Math.ceil(p * 4294967296), keep = 1 / (1 - p);
  const h = new Heap(ex, K);
  const pMask = h.allocFor(mask), pIn = h.allocFor(inp);
  h.write(pIn, inp);
  ex.dg_dropout(f64Flag(mask), pMask, mask.length, seed >>> 0, threshold, mask instanceof Float32Array ? Math.fround(keep) : keep,
    pIn);
  h.read(pMask, mask);
}

/** out[i, :] = src[idx[i], :] (see Backend.gatherRows). */
export function gatherRows(ex: WasmExports, src: DataArray, numRows: number, rowLen: number, idx: IndexArray,
  out: DataArray): void {
  const K = 'gatherRows';
  c.dataArray(src, `${K}: src`);
  c.count(numRows, `${K}: numRows`); c.count(rowLen, `${K}: rowLen`, true);
  c.indexArray(idx, `${K}: idx`);
  c.dataArray(out, `${K}: out`);
  c.sameDType(out, src, `${K}: out`, 'src');
  c.expectLength(src, numRows * rowLen, `${K}: src`);
  c.expectLength(out, idx.length * rowLen, `${K}: out`);
  const h = new Heap(ex, K, [src, idx]);
  const pSrc = h.allocFor(src), pIdx = h.allocFor(idx), pOut = h.allocFor(out);
  h.write(pSrc, src); h.write(pIdx, idx);
  c.ids(h.i32(pIdx, idx.length), numRows, `${K}: idx`);
  const rowBytes = rowLen * src.BYTES_PER_ELEMENT, cuts = evenSplits(idx.length, partsFor(ex, idx.length * rowLen));
  runParts(ex, 'dg_gather_rows', perRange(cuts, (i0, i1) => [pSrc, rowBytes, pIdx + 4 * i0, i1 - i0, pOut + i0 * rowBytes]));
  h.read(pOut, out);
}

/** out[idx[i], :] += src[i, :] (see Backend.scatterAddRows). */
export function scatterAddRows(ex: WasmExports, src: FloatArray, rowLen: number, idx: IndexArray, out: FloatArray,
  numRows: number): void {
  const K = 'scatterAddRows';
  c.floatArray(src, `${K}: src`);
  c.count(rowLen, `${K}: rowLen`, true);
  c.indexArray(idx, `${K}: idx`);
  c.floatArray(out, `${K}: out`);
  c.count(numRows, `${K}: numRows`);
  c.sameDType(out, src, `${K}: out`, 'src');
  c.expectLength(src, idx.length * rowLen, `${K}: src`);
  c.expectLength(out, numRows * rowLen, `${K}: out`);
  const h = new Heap(ex, K);
  const pSrc = h.allocFor(src), pIdx = h.allocFor(idx), pOut = h.allocFor(out);
  h.write(pSrc, src); h.write(pIdx, idx); h.write(pOut, out);
  c.ids(h.i32(pIdx, idx.length), numRows, `${K}: idx`);
  ex.dg_scatter_add_rows(f64Flag(src), pSrc, rowLen, pIdx, idx.length, pOut);
  h.read(pOut, out);
}
