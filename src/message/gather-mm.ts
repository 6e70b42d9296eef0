/**
 * Typed matrix products (DGL's segment_mm and gather_mm): each row of x is multiplied by the weight
 * matrix of its type. Rows of one type are contiguous (or are made so by one permutation), so each
 * type is a single dense matmul on views of the storage: no per-row JavaScript loop over features.
 */
import type { FloatArray } from '../kernels/backend.js';
import { getBackend } from '../kernels/registry.js';
import { DTypeError, ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { record } from '../tensor/tape.js';
import { commonDType, newFloat } from './tensor-util.js';
import { segmentOffsets, type SegmentLengths } from './segment.js';
import { gatherRows } from './gather.js';

function checkOperands(op: string, x: Tensor, w: Tensor): void {
  commonDType(op, [['x', x], ['w', w]]);
  if (x.ndim !== 2 || w.ndim !== 3 || x.shape[1] !== w.shape[1]) {
    throw new ShapeError(`${op}: x must be [rows, k] and w [types, k, n] with the same k, got x ${formatShape(x.shape)} ` +
      `and w ${formatShape(w.shape)}`);
  }
}

/**
 * out[r] = x[r] @ w[t] for the rows r of segment t (lengths[t] consecutive rows per type, DGL's
 * segment_mm). x is [M, k], w is [T, k, n], lengths has T entries summing to M; out is [M, n].
 */
export function segmentMm(x: Tensor, w: Tensor, lengths: SegmentLengths): Tensor {
  checkOperands('segmentMm', x, w);
  const [T, k, n] = w.shape;
  const offsets = segmentOffsets('segmentMm', lengths, x.shape[0]);
  if (offsets.length - 1 !== T) throw new ShapeError(`segmentMm: ${offsets.length - 1} segment lengths for w with ${T} types`);
  const M = x.shape[0];
  const out = newFloat(x.dtype as 'float32' | 'float64', [M, n]);
  const xd = x.data as FloatArray, wd = w.data as FloatArray, od = out.data as FloatArray;
  const kernels = getBackend();
  for (let t = 0; t < T; t++) {
    const a = offsets[t], len = offsets[t + 1] - a;
    if (len === 0) continue;
    kernels.matmul(xd.subarray(a * k, (a + len) * k), wd.subarray(t * k * n, (t + 1) * k * n),
      od.subarray(a * n, (a + len) * n), 1, len, k, n, false, false, 0, 0);
  }
  return record(out, 'segmentMm', [x, w], (grad) => {
    const gd = grad.data as FloatArray;
    let gx: Tensor | null = null, gw: Tensor | null = null;
    if (x.requiresGrad) gx = newFloat(x.dtype as 'float32' | 'float64', x.shape);
    if (w.requiresGrad) gw = newFloat(w.dtype as 'float32' | 'float64', w.shape);
    for (let t = 0; t < T; t++) {
      const a = offsets[t], len = offsets[t + 1] - a;
      if (len === 0) continue;
      const gSeg = gd.subarray(a * n, (a + len) * n);
      // dx = grad @ w[t]^T; dw[t] = x^T @ grad.
      if (gx !== null) {
        kernels.matmul(gSeg, wd.subarray(t * k * n, (t + 1) * k * n), (gx.data as FloatArray).subarray(a * k, (a + len) * k),
          1, len, n, k, false, true, 0, 0);
      }
      if (gw !== null) {
        kernels.matmul(xd.subarray(a * k, (a + len) * k), gSeg, (gw.data as FloatArray).subarray(t * k * n, (t + 1) * k * n),
          1, k, len, n, true, false, 0, 0);
      }
    }
    return [gx, gw];
  });
}

/** A stable counting sort of type ids: the row order grouping each type, and the count per type. */
export function groupByType(op: string, types: Int32Array, numTypes: number): { order: Int32Array; counts: Int32Array } {
  const counts = new Int32Array(numTypes);
  for (let i = 0; i < types.length; i++) {
    const t = types[i];
    if (!(t >= 0 && t < numTypes)) throw new RangeError(`${op}: type id ${t} at position ${i} is out of range [0, ${numTypes})`);
    counts[t]++;
  }
  const next = new Int32Array(numTypes);
  for (let t = 1; t < numTypes; t++) next[t] = next[t - 1] + counts[t - 1];
  const order = new Int32Array(types.length);
  for (let i = 0; i < types.length; i++) order[next[types[i]]++] = i;
  return { order, counts };
}

/** The inverse of a permutation. */
export function invertPermutation(order: Int32Array): Int32Array {
  const inv = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) inv[order[i]] = i;
  return inv;
}

/**
 * out[r] = x[r] @ w[idx[r]] (DGL's gather_mm with idx_b): x is [M, k], w is [T, k, n], idx holds M
 * type ids in [0, T). Rows are grouped by type once, multiplied per type, and put back in order.
 */
export function gatherMm(x: Tensor, w: Tensor, idx: Int32Array | Tensor | readonly number[]): Tensor {
  checkOperands('gatherMm', x, w);
  if (idx instanceof Tensor && idx.dtype !== 'int32') throw new DTypeError(`gatherMm: idx must be int32, got ${idx.dtype}`);
  const ids = idx instanceof Tensor ? idx.data as Int32Array : idx instanceof Int32Array ? idx : Int32Array.from(idx);
  if (ids.length !== x.shape[0]) throw new ShapeError(`gatherMm: ${ids.length} type ids for x with ${x.shape[0]} rows`);
  const { order, counts } = groupByType('gatherMm', ids, w.shape[0]);
  const sorted = segmentMm(gatherRows(x, order), w, counts);
  return gatherRows(sorted, invertPermutation(order));
}
