import type { FloatArray, SpmmReduce } from '../kernels/backend.js';
import { MAX_COUNT } from '../graph/validate-ids.js';
import { getBackend } from '../kernels/registry.js';
import { ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { record, traceDerived } from '../tensor/tape.js';
import { numel } from '../tensor/shape.js';
import { floatData, newFloat } from './tensor-util.js';
import { groupSoftmax } from './edge-softmax.js';

/** Segment lengths: a tensor, an Int32Array or a number array. */
export type SegmentLengths = Tensor | Int32Array | readonly number[];

/** Offsets (length S + 1) of consecutive segments with the given lengths; checks they cover `rows`. */
export function segmentOffsets(op: string, lengths: SegmentLengths, rows: number): Int32Array {
  const lens = lengths instanceof Tensor ? lengths.data : lengths;
  const offsets = new Int32Array(lens.length + 1);
  let sum = 0;  // a double: an Int32Array offset would wrap past 2^31
  for (let s = 0; s < lens.length; s++) {
    const n = lens[s];
    if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`${op}: segment length ${n} at position ${s} must be a non-negative integer`);
    sum += n;
    if (sum > MAX_COUNT) throw new RangeError(`${op}: segment lengths sum past 2^31 - 1 at position ${s}`);
    offsets[s + 1] = sum;
  }
  if (offsets[lens.length] !== rows) {
    throw new ShapeError(`${op}: segment lengths sum to ${offsets[lens.length]} but the input has ${rows} rows`);
  }
  return offsets;
}

function checkInput(op: string, x: Tensor): void {
  floatData(x, op, 'input');
  if (x.ndim === 0) throw new ShapeError(`${op}: input of shape ${formatShape(x.shape)} needs a row dimension`);
}

/**
 * Reduces consecutive row segments of x (DGL's segment_reduce): out[s] = reduce(x[offsets[s]:offsets[s+1]]).
 * Empty segments give 0.
 */
export function segmentReduce(lengths: SegmentLengths, x: Tensor, reducer: SpmmReduce | 'mean' = 'sum'): Tensor {
  checkInput('segmentReduce', x);
  const offsets = segmentOffsets('segmentReduce', lengths, x.shape[0]);
  return reduceByOffsets(offsets, x, reducer);
}

export function reduceByOffsets(offsets: Int32Array, x: Tensor, reducer: SpmmReduce | 'mean'): Tensor {
  const S = offsets.length - 1, rowLen = numel(x.shape.slice(1));
  const dtype = x.dtype as 'float32' | 'float64';
  if (reducer === 'mean') {
    const summed = reduceByOffsets(offsets, x, 'sum');
    const inv = newFloat(dtype, [S, ...new Array<number>(x.ndim - 1).fill(1)]);
    for (let s = 0; s < S; s++) inv.data[s] = 1 / Math.max(offsets[s + 1] - offsets[s], 1);
    return summed.mul(traceDerived(inv, { kind: 'segmentInverseCount', offsets }));
  }
  const out = newFloat(dtype, [S, ...x.shape.slice(1)]);
  const arg = reducer === 'sum' ? null : new Int32Array(out.size);
  getBackend().segmentReduce(reducer, x.data as FloatArray, offsets, rowLen, out.data as FloatArray, arg);
  return record(out, `segmentReduce(${reducer})`, [x], (grad) => {
    if (arg === null) return [broadcastByOffsets(offsets, grad)];
    const gx = newFloat(dtype, x.shape);
    for (let i = 0; i < arg.length; i++) if (arg[i] >= 0) gx.data[arg[i] * rowLen + (i % rowLen)] += grad.data[i];
    return [gx];
  }, { offsets, reducer });
}

/** Repeats row s of x offsets[s+1] - offsets[s] times (the adjoint of a segment sum). */
export function broadcastByOffsets(offsets: Int32Array, x: Tensor): Tensor {
  const S = offsets.length - 1, rows = offsets[S], rowLen = numel(x.shape.slice(1));
  const ids = new Int32Array(rows);
  for (let s = 0; s < S; s++) ids.fill(s, offsets[s], offsets[s + 1]);
  const out = newFloat(x.dtype as 'float32' | 'float64', [rows, ...x.shape.slice(1)]);
  getBackend().gatherRows(x.data, S, rowLen, ids, out.data);
  return record(out, 'segmentBroadcast', [x], (grad) => [reduceByOffsets(offsets, grad, 'sum')]);
}

/** Repeats row s of x lengths[s] times (repeat-interleave); the backward is a segment sum. */
export function segmentBroadcast(lengths: SegmentLengths, x: Tensor): Tensor {
  checkInput('segmentBroadcast', x);
  const lens = lengths instanceof Tensor ? lengths.data : lengths;
  if (lens.length !== x.shape[0]) {
    throw new ShapeError(`segmentBroadcast: ${lens.length} segment lengths for an input with ${x.shape[0]} rows`);
  }
  let total = 0;
  for (let s = 0; s < lens.length; s++) total += lens[s];
  // segmentOffsets names a bad length; a sum past 2^31 - 1 is refused there too.
  return broadcastByOffsets(segmentOffsets('segmentBroadcast', lengths, Number.isFinite(total) ? total : -1), x);
}

/** Softmax over the rows of each segment, per feature column (DGL's segment_softmax). */
export function segmentSoftmax(lengths: SegmentLengths, x: Tensor): Tensor {
  checkInput('segmentSoftmax', x);
  return groupSoftmax('segmentSoftmax', segmentOffsets('segmentSoftmax', lengths, x.shape[0]), null, x);
}
