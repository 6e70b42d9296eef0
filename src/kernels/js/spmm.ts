import type { FloatArray, IndexArray, SpmmArgs, SpmmOp } from '../backend.js';
import { ShapeError, formatShape } from '../../errors.js';
import { broadcastOffsets, numel, sameShape } from './broadcast.js';
import { checkCompressedArgs, checkLength } from './sparse-check.js';

/**
 * Flat offsets of each output feature position inside an operand of `shape` broadcast to
 * `outShape` (DGL broadcasting: shapes aligned at the right); null means "the same position".
 */
export function featureOffsets(kernel: string, name: string, shape: readonly number[],
  outShape: readonly number[]): Int32Array | null {
  if (sameShape(shape, outShape)) return null;
  const lead = outShape.length - shape.length;
  const ok = lead >= 0 && shape.every((d, i) => d === 1 || d === outShape[lead + i]);
  if (!ok) throw new ShapeError(`${kernel}: ${name} feature shape ${formatShape(shape)} does not broadcast to ${formatShape(outShape)}`);
  return broadcastOffsets([shape], outShape)[0];
}

export function binaryValue(op: SpmmOp, x: number, y: number): number {
  switch (op) {
    case 'add': return x + y;
    case 'sub': return x - y;
    case 'mul': return x * y;
    case 'div': return x / y;
    case 'copyLhs': return x;
    case 'copyRhs': return y;
  }
}

/** g-SpMM over the CSC (see SpmmArgs). Never materialises a per-edge message tensor. */
export function gspmm(a: SpmmArgs): void {
  const { op, numSrc, numDst, numEdges, indptr, indices, eids, out } = a;
  checkCompressedArgs('gspmm', indptr, numDst, indices, numSrc, eids, numEdges);
  const F = numel(a.outShape), L = numel(a.lhsShape), R = numel(a.rhsShape);
  const useLhs = op !== 'copyRhs', useRhs = op !== 'copyLhs';
  if (useLhs) checkLength('gspmm', 'lhs', a.lhs, numSrc * L);
  if (useRhs) checkLength('gspmm', 'rhs', a.rhs, numEdges * R);
  checkLength('gspmm', 'out', out, numDst * F);
  const lo = useLhs ? featureOffsets('gspmm', 'lhs', a.lhsShape, a.outShape) : null;
  const ro = useRhs ? featureOffsets('gspmm', 'rhs', a.rhsShape, a.outShape) : null;
  const lhs = a.lhs ?? out, rhs = a.rhs ?? out;
  if (a.reduce === 'sum') {
    out.fill(0);
    for (let v = 0; v < numDst; v++) {
      const ob = v * F;
      for (let p = indptr[v]; p < indptr[v + 1]; p++) {
        const e = eids === null ? p : eids[p];
        accumulateRow(op, out, ob, F, lhs, indices[p] * L, lo, rhs, e * R, ro, R);
      }
    }
    return;
  }
  extremeRows(a, F, L, R, lo, ro, lhs, rhs);
}

/** out[ob + k] += op(lhs[lb + lo[k]], rhs[rb + ro[k]]) for one edge; tight loops for the common cases. */
function accumulateRow(op: SpmmOp, out: FloatArray, ob: number, F: number, lhs: FloatArray, lb: number,
  lo: Int32Array | null, rhs: FloatArray, rb: number, ro: Int32Array | null, R: number): void {
  if (op === 'copyLhs' && lo === null) {
    for (let k = 0; k < F; k++) out[ob + k] += lhs[lb + k];
  } else if (op === 'copyRhs' && ro === null) {
    for (let k = 0; k < F; k++) out[ob + k] += rhs[rb + k];
  } else if (op === 'mul' && lo === null && ro === null) {
    for (let k = 0; k < F; k++) out[ob + k] += lhs[lb + k] * rhs[rb + k];
  } else if (op === 'mul' && lo === null && R === 1) {
    // A scalar weight per edge (GCN-style edge weights): scale the source row.
    const w = rhs[rb];
    for (let k = 0; k < F; k++) out[ob + k] += lhs[lb + k] * w;
  } else {
    for (let k = 0; k < F; k++) {
      const x = lhs[lb + (lo === null ? k : lo[k])];
      const y = rhs[rb + (ro === null ? k : ro[k])];
      out[ob + k] += binaryValue(op, x, y);
    }
  }
}

function extremeRows(a: SpmmArgs, F: number, L: number, R: number, lo: Int32Array | null, ro: Int32Array | null,
  lhs: FloatArray, rhs: FloatArray): void {
  const { op, numDst, indptr, indices, eids, out } = a;
  const argU: IndexArray | null = a.argU, argE: IndexArray | null = a.argE;
  if (argU !== null) checkLength('gspmm', 'argU', argU, numDst * F);
  if (argE !== null) checkLength('gspmm', 'argE', argE, numDst * F);
  const isMax = a.reduce === 'max';
  for (let v = 0; v < numDst; v++) {
    const ob = v * F, start = indptr[v], end = indptr[v + 1];
    for (let k = 0; k < F; k++) {
      let best = 0, bu = -1, be = -1;
      for (let p = start; p < end; p++) {
        const u = indices[p], e = eids === null ? p : eids[p];
        const x = lhs[u * L + (lo === null ? k : lo[k])];
        const y = rhs[e * R + (ro === null ? k : ro[k])];
        const m = binaryValue(op, x, y);
        // The first in-edge (lowest edge id) wins ties, as argmax does in PyTorch.
        if (p === start || (isMax ? m > best : m < best)) { best = m; bu = u; be = e; }
      }
      out[ob + k] = best;
      if (argU !== null) argU[ob + k] = bu;
      if (argE !== null) argE[ob + k] = be;
    }
  }
}
