/**
 * Naive reference gradients of g-SpMM and g-SDDMM: walk the COO edges one by one, work out
 * dLoss/dmessage for every edge and output position (sum: the destination's gradient; mean: that
 * over the in-degree; max/min: all of it to the first in-edge, by edge id, holding the extreme),
 * then apply the op's local derivative and accumulate into the operand element the position read
 * (size-1 broadcast dimensions pinned to 0). No reversed graphs, no kernels: a different route
 * from the library's backward (g-SpMM on the reversed graph plus g-SDDMM).
 */
import { messageShape, refMessage, type RefGraph, type RefOp, type RefOperand, type RefReduce, type RefTarget } from './sparse.js';

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) { idx[d] = flat % shape[d]; flat = Math.floor(flat / shape[d]); }
  return idx;
}

/** Flat position inside one row of x read at the output multi-index (right-aligned broadcasting). */
function offsetIn(x: RefOperand, outIdx: readonly number[], extra: readonly number[] = []): number {
  const own = x.shape.length - extra.length;
  const idx = [...outIdx.slice(outIdx.length - own), ...extra];
  let flat = 0;
  for (let d = 0; d < x.shape.length; d++) flat = flat * x.shape[d] + (x.shape[d] === 1 ? 0 : idx[d]);
  return flat;
}

export interface RefGrads { lhs: number[] | null; rhs: number[] | null }

/**
 * Adds the gradient of one message op(x[xRow], y[yRow]) to gx / gy, given dLoss/dmessage at every
 * message position (dm, laid out in the message shape).
 */
function accumulate(op: RefOp, x: RefOperand | null, xRow: number, y: RefOperand | null, yRow: number, dm: readonly number[],
  gx: number[] | null, gy: number[] | null): void {
  const shape = messageShape(op, x, y);
  const X = x === null ? 0 : prod(x.shape), Y = y === null ? 0 : prod(y.shape);
  for (let f = 0; f < prod(shape); f++) {
    const g = dm[f];
    if (g === 0) continue;
    const idx = unravel(f, shape);
    if (op === 'dot') {
      const D = x!.shape[x!.shape.length - 1], lead = idx.slice(0, -1);
      for (let d = 0; d < D; d++) {
        const xo = xRow * X + offsetIn(x!, lead, [d]), yo = yRow * Y + offsetIn(y!, lead, [d]);
        if (gx !== null) gx[xo] += g * y!.data[yo];
        if (gy !== null) gy[yo] += g * x!.data[xo];
      }
      continue;
    }
    const xo = x === null ? -1 : xRow * X + offsetIn(x, idx), yo = y === null ? -1 : yRow * Y + offsetIn(y, idx);
    const a = xo < 0 ? 0 : x!.data[xo], b = yo < 0 ? 0 : y!.data[yo];
    const [da, db] = op === 'add' ? [1, 1] : op === 'sub' ? [1, -1] : op === 'mul' ? [b, a] : op === 'div' ? [1 / b, -a / (b * b)]
      : op === 'copyLhs' ? [1, 0] : [0, 1];
    if (gx !== null && xo >= 0) gx[xo] += g * da;
    if (gy !== null && yo >= 0) gy[yo] += g * db;
  }
}

const zeros = (t: RefOperand | null, rows: number): number[] | null => (t === null ? null : new Array<number>(rows * prod(t.shape)).fill(0));

/** Gradients of refSpmm(g, op, reduce, x, y) for the output gradient `grad` ([numDst, ...message shape]). */
export function refSpmmGrad(g: RefGraph, op: RefOp, reduce: RefReduce, x: RefOperand | null, y: RefOperand | null,
  grad: ArrayLike<number>): RefGrads {
  const F = prod(messageShape(op, x, y)), E = g.src.length;
  const gx = zeros(x, g.numSrc), gy = zeros(y, E);
  const msgs = Array.from({ length: E }, (_, e) => refMessage(op, x, g.src[e], y, e));
  const deg = new Array<number>(g.numDst).fill(0);
  for (let e = 0; e < E; e++) deg[g.dst[e]]++;
  // For max/min: which edge wins each (destination, position); the lowest edge id among ties.
  const winner = new Array<number>(g.numDst * F).fill(-1);
  for (let e = 0; e < E; e++) {
    for (let k = 0; k < F; k++) {
      const i = g.dst[e] * F + k, w = winner[i];
      if (w < 0 || (reduce === 'max' ? msgs[e][k] > msgs[w][k] : msgs[e][k] < msgs[w][k])) winner[i] = e;
    }
  }
  for (let e = 0; e < E; e++) {
    const v = g.dst[e];
    const dm = Array.from({ length: F }, (_, k) => {
      const gv = grad[v * F + k];
      if (reduce === 'sum') return gv;
      if (reduce === 'mean') return gv / deg[v];
      return winner[v * F + k] === e ? gv : 0;
    });
    accumulate(op, x, g.src[e], y, e, dm, gx, gy);
  }
  return { lhs: gx, rhs: gy };
}

function rowOf(g: RefGraph, t: RefTarget, e: number): number {
  return t === 'u' ? g.src[e] : t === 'v' ? g.dst[e] : e;
}

function rowsOf(g: RefGraph, t: RefTarget): number {
  return t === 'u' ? g.numSrc : t === 'v' ? g.numDst : g.src.length;
}

/** Gradients of refSddmm for the output gradient `grad` ([numEdges, ...message shape]). */
export function refSddmmGrad(g: RefGraph, op: RefOp, x: RefOperand | null, xt: RefTarget, y: RefOperand | null, yt: RefTarget,
  grad: ArrayLike<number>): RefGrads {
  const F = prod(messageShape(op, x, y));
  const gx = zeros(x, rowsOf(g, xt)), gy = zeros(y, rowsOf(g, yt));
  for (let e = 0; e < g.src.length; e++) {
    const dm = Array.from({ length: F }, (_, k) => grad[e * F + k]);
    accumulate(op, x, rowOf(g, xt, e), y, rowOf(g, yt, e), dm, gx, gy);
  }
  return { lhs: gx, rhs: gy };
}
