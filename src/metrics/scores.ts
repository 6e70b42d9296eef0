import { ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

/** Scores or labels: a tensor, a typed array, or nested number arrays (one row per user / positive). */
export type ScoreInput = Tensor | ArrayLike<number> | readonly (readonly number[])[];

/** A dense row-major matrix read from any ScoreInput, with its shape checked. */
export interface ScoreMatrix { data: ArrayLike<number>; rows: number; cols: number }

/** Reads a 1-D input of any length (NaN refused: a NaN score has no rank). */
export function vectorOf(op: string, name: string, x: ScoreInput): ArrayLike<number> {
  let data: ArrayLike<number>;
  if (x instanceof Tensor) {
    if (x.ndim !== 1) throw new ShapeError(`${op}: ${name} must be 1-D, got shape ${formatShape(x.shape)}`);
    data = x.data;
  } else if (isNested(x)) {
    throw new ShapeError(`${op}: ${name} must be 1-D, got nested arrays`);
  } else {
    data = x as ArrayLike<number>;
  }
  checkFinite(op, name, data);
  return data;
}

/** Reads a 2-D input [rows, cols]; nested arrays must be rectangular. */
export function matrixOf(op: string, name: string, x: ScoreInput): ScoreMatrix {
  let m: ScoreMatrix;
  if (x instanceof Tensor) {
    if (x.ndim !== 2) throw new ShapeError(`${op}: ${name} must be 2-D, got shape ${formatShape(x.shape)}`);
    m = { data: x.data, rows: x.shape[0], cols: x.shape[1] };
  } else if (isNested(x)) {
    const rows = x.length, cols = rows > 0 ? x[0].length : 0;
    const data = new Float64Array(rows * cols);
    x.forEach((row, r) => {
      if (row.length !== cols) throw new ShapeError(`${op}: ${name} row ${r} has ${row.length} entries, row 0 has ${cols}`);
      data.set(row, r * cols);
    });
    m = { data, rows, cols };
  } else {
    throw new ShapeError(`${op}: ${name} must be 2-D (a [rows, cols] tensor or nested arrays), got a flat array`);
  }
  checkFinite(op, name, m.data);
  return m;
}

function isNested(x: ScoreInput): x is readonly (readonly number[])[] {
  return Array.isArray(x) && x.length > 0 && Array.isArray(x[0]);
}

function checkFinite(op: string, name: string, data: ArrayLike<number>): void {
  for (let i = 0; i < data.length; i++) {
    if (Number.isNaN(data[i])) throw new RangeError(`${op}: ${name} has NaN at flat index ${i}`);
  }
}

export function checkK(op: string, k: number): void {
  if (!(Number.isInteger(k) && k > 0)) throw new RangeError(`${op}: k must be a positive integer, got ${k}`);
}

export function sameShape(op: string, a: ScoreMatrix, b: ScoreMatrix, names: [string, string]): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new ShapeError(`${op}: ${names[0]} [${a.rows}, ${a.cols}] and ${names[1]} [${b.rows}, ${b.cols}] must have the same shape`);
  }
}

/**
 * The first min(k, n) column indices of one row by descending score; equal scores keep the lower
 * index first, so results do not depend on the sort implementation. -Infinity entries are excluded.
 * A bounded heap keeps the k best seen so far, so a row costs O(n log k), not a sort of all n
 * (full-ranking evaluation calls this once per user over every item).
 */
export function topKOfRow(data: ArrayLike<number>, offset: number, n: number, k: number): number[] {
  // heap[0] is the worst kept entry: lowest score, and of equal scores the highest index.
  const heap: number[] = [];
  const worse = (a: number, b: number): boolean => {
    const sa = data[offset + a], sb = data[offset + b];
    return sa < sb || (sa === sb && a > b);
  };
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l], heap[m])) m = l;
      if (r < heap.length && worse(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  // Columns come in increasing order, so a later column that only ties the worst kept one loses:
  // one comparison with the worst kept score rejects most of a long row.
  let worstScore = -Infinity;
  for (let j = 0; j < n; j++) {
    const v = data[offset + j];
    if (v === -Infinity) continue;
    if (heap.length < k) {
      heap.push(j);
      for (let i = heap.length - 1; i > 0;) {
        const p = (i - 1) >> 1;
        if (!worse(heap[i], heap[p])) break;
        [heap[i], heap[p]] = [heap[p], heap[i]];
        i = p;
      }
      worstScore = data[offset + heap[0]];
    } else if (v > worstScore) {
      heap[0] = j;
      siftDown(0);
      worstScore = data[offset + heap[0]];
    }
  }
  return heap.sort((a, b) => (data[offset + b] - data[offset + a]) || (a - b));
}
