import type { IndexArray, SddmmArgs, SpmmOp, Target } from '../backend.js';
import { ShapeError, formatShape } from '../../errors.js';
import { numel } from './broadcast.js';
import { checkIds, checkLength } from './sparse-check.js';
import { binaryValue, featureOffsets } from './spmm.js';

function rowsOf(a: SddmmArgs, t: Target): number {
  return t === 'u' ? a.numSrc : t === 'v' ? a.numDst : a.numEdges;
}

/** Which row of an operand edge e reads. */
function rowIds(a: SddmmArgs, t: Target): IndexArray | null {
  return t === 'u' ? a.src : t === 'v' ? a.dst : null;
}

/** g-SDDMM over the COO edges (see SddmmArgs): out[e] = op(lhs[target(e)], rhs[target(e)]). */
export function gsddmm(a: SddmmArgs): void {
  const { op, numEdges, out } = a;
  checkIds('gsddmm', 'src', a.src, numEdges, a.numSrc);
  checkIds('gsddmm', 'dst', a.dst, numEdges, a.numDst);
  const useLhs = op !== 'copyRhs', useRhs = op !== 'copyLhs';
  // For dot the last dimension is contracted: broadcast the leading dims, walk D inside.
  const D = op === 'dot' ? lastDim(a) : 1;
  const lShape = op === 'dot' ? a.lhsShape.slice(0, -1) : a.lhsShape;
  const rShape = op === 'dot' ? a.rhsShape.slice(0, -1) : a.rhsShape;
  const oShape = op === 'dot' ? a.outShape.slice(0, -1) : a.outShape;
  const F = numel(a.outShape), L = numel(a.lhsShape), R = numel(a.rhsShape);
  if (useLhs) checkLength('gsddmm', 'lhs', a.lhs, rowsOf(a, a.lhsTarget) * L);
  if (useRhs) checkLength('gsddmm', 'rhs', a.rhs, rowsOf(a, a.rhsTarget) * R);
  checkLength('gsddmm', 'out', out, numEdges * F);
  const lo = useLhs ? featureOffsets('gsddmm', 'lhs', lShape, oShape) : null;
  const ro = useRhs ? featureOffsets('gsddmm', 'rhs', rShape, oShape) : null;
  const lhs = a.lhs ?? out, rhs = a.rhs ?? out;
  const lIds = rowIds(a, a.lhsTarget), rIds = rowIds(a, a.rhsTarget);
  const P = numel(oShape);
  for (let e = 0; e < numEdges; e++) {
    const lb = (lIds === null ? e : lIds[e]) * L, rb = (rIds === null ? e : rIds[e]) * R, ob = e * F;
    if (op === 'dot') {
      for (let k = 0; k < P; k++) {
        const xo = lb + (lo === null ? k : lo[k]) * D, yo = rb + (ro === null ? k : ro[k]) * D;
        let s = 0;
        for (let d = 0; d < D; d++) s += lhs[xo + d] * rhs[yo + d];
        out[ob + k] = s;
      }
    } else if (lo === null && ro === null && op === 'copyLhs') {
      for (let k = 0; k < F; k++) out[ob + k] = lhs[lb + k];
    } else {
      const bop: SpmmOp = op;
      for (let k = 0; k < F; k++) {
        out[ob + k] = binaryValue(bop, lhs[lb + (lo === null ? k : lo[k])], rhs[rb + (ro === null ? k : ro[k])]);
      }
    }
  }
}

function lastDim(a: SddmmArgs): number {
  const dl = a.lhsShape[a.lhsShape.length - 1], dr = a.rhsShape[a.rhsShape.length - 1];
  if (a.lhsShape.length === 0 || a.rhsShape.length === 0 || dl !== dr || a.outShape[a.outShape.length - 1] !== 1) {
    throw new ShapeError(`gsddmm(dot): feature shapes ${formatShape(a.lhsShape)} and ${formatShape(a.rhsShape)} ` +
      `must end in the same dimension, and the output ${formatShape(a.outShape)} in 1`);
  }
  return dl;
}
