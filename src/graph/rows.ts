// Row gather/concat with gradients, for carrying features through subgraphs, transforms and batching.
// They stand in for dg.indexSelect(x, 0, idx) / dg.concat(xs, 0) while those are being written.
import { DTypeError, ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { record } from '../tensor/tape.js';

function rowWidth(t: Tensor): number {
  if (t.shape.length === 0) throw new ShapeError(`rows: a 0-d tensor has no rows (shape ${formatShape(t.shape)})`);
  return t.shape.slice(1).reduce((a, b) => a * b, 1);
}

/** t[idx] along the first dimension; ids must be in range (callers pass validated ids). */
export function gatherRows(t: Tensor, idx: Int32Array): Tensor {
  const w = rowWidth(t);
  const out = allocate(t.dtype, idx.length * w);
  for (let i = 0; i < idx.length; i++) out.set(t.data.subarray(idx[i] * w, idx[i] * w + w), i * w);
  const res = new Tensor(out, [idx.length, ...t.shape.slice(1)], t.dtype);
  return record(res, 'gatherRows', [t], (g) => [scatterAddRows(g, idx, t.shape[0])]);
}

/** Zeros of n rows with g's rows added at idx (the adjoint of gatherRows). */
export function scatterAddRows(g: Tensor, idx: Int32Array, n: number): Tensor {
  const w = rowWidth(g);
  const out = allocate(g.dtype, n * w);
  for (let i = 0; i < idx.length; i++) {
    const o = idx[i] * w, s = i * w;
    for (let j = 0; j < w; j++) out[o + j] += g.data[s + j];
  }
  const res = new Tensor(out, [n, ...g.shape.slice(1)], g.dtype);
  return record(res, 'scatterAddRows', [g], (gg) => [gatherRows(gg, idx)]);
}

/** Tensors stacked along the first dimension; the other dimensions and dtypes must agree. */
export function concatRows(ts: readonly Tensor[]): Tensor {
  if (ts.length === 0) throw new ShapeError('concatRows: nothing to concatenate');
  const first = ts[0];
  let rows = 0;
  for (const t of ts) {
    if (t.dtype !== first.dtype) throw new DTypeError(`concatRows: dtypes differ (${first.dtype} and ${t.dtype})`);
    if (t.shape.length !== first.shape.length || t.shape.slice(1).some((d, i) => d !== first.shape[i + 1])) {
      throw new ShapeError(`concatRows: shapes ${formatShape(first.shape)} and ${formatShape(t.shape)} differ beyond the first dimension`);
    }
    rows += t.shape[0];
  }
  const w = rowWidth(first);
  const out = allocate(first.dtype, rows * w);
  const offsets: number[] = [];
  let r = 0;
  for (const t of ts) { offsets.push(r); out.set(t.data, r * w); r += t.shape[0]; }
  const res = new Tensor(out, [rows, ...first.shape.slice(1)], first.dtype);
  return record(res, 'concatRows', ts, (g) => ts.map((t, i) => sliceRows(g, offsets[i], offsets[i] + t.shape[0])));
}

export function sliceRows(t: Tensor, start: number, end: number): Tensor {
  const idx = new Int32Array(end - start);
  for (let i = 0; i < idx.length; i++) idx[i] = start + i;
  return gatherRows(t, idx);
}

/** Consecutive row blocks of the given sizes. */
export function splitRows(t: Tensor, sizes: ArrayLike<number>): Tensor[] {
  const out: Tensor[] = [];
  let r = 0;
  for (let i = 0; i < sizes.length; i++) { out.push(sliceRows(t, r, r + sizes[i])); r += sizes[i]; }
  if (r !== t.shape[0]) throw new ShapeError(`splitRows: sizes add up to ${r} but the tensor has ${t.shape[0]} rows`);
  return out;
}

/** Rows of t at map, with -1 entries given the constant fill. */
export function gatherRowsOrFill(t: Tensor, map: Int32Array, fill: number): Tensor {
  if (!map.includes(-1)) return gatherRows(t, map);
  const fillRow = new Tensor(allocate(t.dtype, rowWidth(t)).fill(fill), [1, ...t.shape.slice(1)], t.dtype);
  const n = t.shape[0];
  return gatherRows(concatRows([t, fillRow]), map.map((i) => (i < 0 ? n : i)));
}
