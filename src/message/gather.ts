import type { FloatArray } from '../kernels/backend.js';
import { getBackend } from '../kernels/registry.js';
import { ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { record } from '../tensor/tape.js';
import { numel } from '../tensor/shape.js';
import { floatData, newFloat } from './tensor-util.js';

/** Rows of x picked by idx (differentiable: the backward scatter-adds into x's rows). */
export function gatherRows(x: Tensor, idx: Int32Array): Tensor {
  floatData(x, 'gatherRows', 'input');
  const rowLen = numel(x.shape.slice(1));
  const out = newFloat(x.dtype as 'float32' | 'float64', [idx.length, ...x.shape.slice(1)]);
  getBackend().gatherRows(x.data, x.shape[0], rowLen, idx, out.data);
  return record(out, 'gatherRows', [x], (grad) => {
    const gx = newFloat(x.dtype as 'float32' | 'float64', x.shape);
    getBackend().scatterAddRows(grad.data as FloatArray, rowLen, idx, gx.data as FloatArray, x.shape[0]);
    return [gx];
  });
}

/**
 * A [numRows, ...] tensor whose rows `part.rows` hold `part.value` (disjoint row sets; other rows
 * are 0). The backward hands each part the gradient rows it filled.
 */
export function assembleRows(parts: readonly { rows: Int32Array; value: Tensor }[], numRows: number,
  featShape: readonly number[], dtype: 'float32' | 'float64'): Tensor {
  const out = newFloat(dtype, [numRows, ...featShape]);
  const rowLen = numel(featShape);
  for (const p of parts) {
    if (p.value.shape[0] !== p.rows.length || numel(p.value.shape.slice(1)) !== rowLen) {
      throw new ShapeError(`assembleRows: a part of shape ${formatShape(p.value.shape)} does not fit ${p.rows.length} rows ` +
        `of feature shape ${formatShape(featShape)}`);
    }
    getBackend().scatterAddRows(floatData(p.value, 'assembleRows', 'part'), rowLen, p.rows, out.data as FloatArray, numRows);
  }
  return record(out, 'assembleRows', parts.map((p) => p.value), (grad) =>
    parts.map((p) => gatherRows(grad, p.rows).reshape(p.value.shape)));
}

/** Stacks same-shape tensors [N, ...] into [N, k, ...] (the 'stack' cross-type reducer). */
export function stackRows(ts: readonly Tensor[]): Tensor {
  const first = ts[0];
  for (const t of ts) {
    if (t.shape.length !== first.shape.length || t.shape.some((d, i) => d !== first.shape[i])) {
      throw new ShapeError(`stack: shapes ${formatShape(first.shape)} and ${formatShape(t.shape)} differ`);
    }
  }
  const n = first.shape[0], k = ts.length;
  const parts = ts.map((t, i) => ({ rows: Int32Array.from({ length: n }, (_, r) => r * k + i), value: t }));
  return assembleRows(parts, n * k, first.shape.slice(1), first.dtype as 'float32' | 'float64')
    .reshape([n, k, ...first.shape.slice(1)]);
}
