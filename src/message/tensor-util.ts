import type { FloatArray, Target } from '../kernels/backend.js';
import { DTypeError, ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate, allocateUninit, type FloatDType } from '../tensor/dtype.js';
import { numel } from '../tensor/shape.js';
import { sumToShape } from '../tensor/reduce.js';
import type { SparseAdj } from '../graph/sparse.js';

/** A float tensor's storage (ints are refused: message passing works on float features). */
export function floatData(t: Tensor, op: string, name: string): FloatArray {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new DTypeError(`${op}: ${name} must be float32 or float64, got ${t.dtype}`);
  }
  return t.data as FloatArray;
}

/** The common float dtype of the given operands (which must agree). */
export function commonDType(op: string, operands: readonly (readonly [string, Tensor | null])[]): FloatDType {
  let dtype: FloatDType | null = null;
  for (const [name, t] of operands) {
    if (t === null) continue;
    floatData(t, op, name);
    const d = t.dtype as FloatDType;
    if (dtype !== null && d !== dtype) throw new DTypeError(`${op}: operands must share a dtype, got ${dtype} and ${d} (${name})`);
    dtype = d;
  }
  return dtype ?? 'float32';
}

export function newFloat(dtype: FloatDType, shape: readonly number[]): Tensor {
  return new Tensor(allocate(dtype, numel(shape)), shape, dtype);
}

/** A float tensor with unspecified contents, for a kernel output written in full. */
export function newFloatUninit(dtype: FloatDType, shape: readonly number[]): Tensor {
  return new Tensor(allocateUninit(dtype, numel(shape)), shape, dtype);
}

/** DGL broadcasting of two feature shapes (aligned at the right); the error names both full shapes. */
export function broadcastFeatures(op: string, lhs: Tensor, rhs: Tensor, lf: readonly number[],
  rf: readonly number[]): number[] {
  const nd = Math.max(lf.length, rf.length);
  const out: number[] = [];
  for (let i = 0; i < nd; i++) {
    const a = i < nd - lf.length ? 1 : lf[i - (nd - lf.length)];
    const b = i < nd - rf.length ? 1 : rf[i - (nd - rf.length)];
    if (a !== b && a !== 1 && b !== 1) {
      throw new ShapeError(`${op}: lhs of shape ${formatShape(lhs.shape)} and rhs of shape ${formatShape(rhs.shape)} ` +
        `have feature shapes ${formatShape(lf)} and ${formatShape(rf)} that cannot be broadcast together`);
    }
    out.push(a === 1 ? b : a);
  }
  return out;
}

/**
 * Sums a gradient [rows, ...broadcastFeat] back to an operand's shape [rows, ...feat]. Feature
 * dims align at the right, so the operand shape is padded with ones after its row dimension first.
 */
export function reduceFeatures(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length) return sumToShape(g, shape);
  const padded = [shape[0], ...new Array<number>(g.ndim - shape.length).fill(1), ...shape.slice(1)];
  return sumToShape(g, padded).reshape(shape);
}

export function rowsOfTarget(adj: SparseAdj, t: Target): number {
  return t === 'u' ? adj.numSrc : t === 'v' ? adj.numDst : adj.numEdges;
}

const TARGET_NAMES: Record<Target, string> = { u: 'source nodes', v: 'destination nodes', e: 'edges' };

export function checkRows(op: string, name: string, t: Tensor, rows: number, target: Target): void {
  if (t.ndim === 0 || t.shape[0] !== rows) {
    throw new ShapeError(`${op}: ${name} of shape ${formatShape(t.shape)} must have ${rows} rows ` +
      `(the graph has ${rows} ${TARGET_NAMES[target]})`);
  }
}
