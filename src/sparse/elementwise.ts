// Element-wise arithmetic of dgl.sparse (add, sub, mul, div, power, neg, transpose): on a shared
// pattern the values combine directly; otherwise the union (add, sub) or intersection (mul, div)
// of the patterns is built once and the values move through differentiable gathers.
import { ShapeError, DeepGraphError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { indexAdd, indexSelect } from '../tensor/indexing.js';
import { zeros } from '../tensor/creation.js';
import { pow } from '../tensor/elementwise.js';
import { SparseMatrix } from './matrix.js';

function checkSame(op: string, a: SparseMatrix, b: SparseMatrix): void {
  if (a.shape[0] !== b.shape[0] || a.shape[1] !== b.shape[1]) {
    throw new ShapeError(`${op}: sparse matrices of shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}] differ`);
  }
  if ((a.valDim ?? 0) !== (b.valDim ?? 0)) throw new ShapeError(`${op}: value shapes [nnz${a.valDim === null ? '' : `, ${a.valDim}`}] and [nnz${b.valDim === null ? '' : `, ${b.valDim}`}] differ`);
}

function samePattern(a: SparseMatrix, b: SparseMatrix): boolean {
  if (a.row === b.row && a.col === b.col) return true;
  if (a.nnz !== b.nnz) return false;
  for (let i = 0; i < a.nnz; i++) if (a.row[i] !== b.row[i] || a.col[i] !== b.col[i]) return false;
  return true;
}

/** The union of two patterns, duplicates merged: entry positions of each input in the result. */
function union(a: SparseMatrix, b: SparseMatrix): { row: Int32Array; col: Int32Array; ia: Int32Array; ib: Int32Array } {
  const n = a.shape[1], slot = new Map<number, number>(), row: number[] = [], col: number[] = [];
  const place = (r: number, c: number): number => {
    const key = r * n + c;
    let s = slot.get(key);
    if (s === undefined) { s = row.length; slot.set(key, s); row.push(r); col.push(c); }
    return s;
  };
  const ia = Int32Array.from(a.row, (r, i) => place(r, a.col[i]));
  const ib = Int32Array.from(b.row, (r, i) => place(r, b.col[i]));
  return { row: Int32Array.from(row), col: Int32Array.from(col), ia, ib };
}

function scatter(val: Tensor, idx: Int32Array, nnz: number): Tensor {
  return indexAdd(zeros([nnz, ...val.shape.slice(1)], { dtype: val.dtype }), 0, idx, val);
}

/** A + B on the union of the patterns (DGL's add); a dense B must be a number 0 only if you want A back. */
export function add(a: SparseMatrix, b: SparseMatrix): SparseMatrix {
  checkSame('add', a, b);
  if (samePattern(a, b)) return a.withVal(a.val.add(b.val));
  const u = union(a, b);
  const val = scatter(a.val, u.ia, u.row.length).add(scatter(b.val.to(a.val.dtype), u.ib, u.row.length));
  return new SparseMatrix(u.row, u.col, val, a.shape);
}

/** A - B on the union of the patterns (DGL's sub). */
export function sub(a: SparseMatrix, b: SparseMatrix): SparseMatrix { return add(a, neg(b)); }

/** -A. */
export function neg(a: SparseMatrix): SparseMatrix { return a.withVal(a.val.neg()); }

/**
 * A * B: with a number, every value scaled; with a sparse matrix, the product on the entries both
 * have (DGL's mul). Duplicate entries are summed first.
 */
export function mul(a: SparseMatrix, b: SparseMatrix | number): SparseMatrix {
  if (typeof b === 'number') return a.withVal(a.val.mul(b));
  return intersect('mul', a, b, (x, y) => x.mul(y));
}

/** A / B: by a number, or entrywise on the entries both have (DGL's div). */
export function div(a: SparseMatrix, b: SparseMatrix | number): SparseMatrix {
  if (typeof b === 'number') {
    if (b === 0) throw new DeepGraphError('div: division of a sparse matrix by 0');
    return a.withVal(a.val.div(b));
  }
  return intersect('div', a, b, (x, y) => x.div(y));
}

function intersect(op: string, a: SparseMatrix, b: SparseMatrix, f: (x: Tensor, y: Tensor) => Tensor): SparseMatrix {
  checkSame(op, a, b);
  if (samePattern(a, b)) return a.withVal(f(a.val, b.val));
  const u = union(a, b);
  const inA = new Uint8Array(u.row.length), inB = new Uint8Array(u.row.length);
  for (const s of u.ia) inA[s] = 1;
  for (const s of u.ib) inB[s] = 1;
  const both = Int32Array.from({ length: u.row.length }, (_, i) => i).filter((i) => inA[i] && inB[i]);
  const va = indexSelect(scatter(a.val, u.ia, u.row.length), 0, both);
  const vb = indexSelect(scatter(b.val.to(a.val.dtype), u.ib, u.row.length), 0, both);
  return new SparseMatrix(both.map((i) => u.row[i]), both.map((i) => u.col[i]), f(va, vb), a.shape);
}

/** A ** e on the stored values (DGL's power; zeros stay implicit). */
export function power(a: SparseMatrix, e: number): SparseMatrix { return a.withVal(pow(a.val, e)); }

/** A^T (DGL's A.T): the pattern transposed, values shared. */
export function transpose(a: SparseMatrix): SparseMatrix {
  return new SparseMatrix(a.col, a.row, a.val, [a.shape[1], a.shape[0]]);
}

/** Entries with duplicates summed, sorted by (row, col) (DGL's coalesce). */
export function coalesce(a: SparseMatrix): SparseMatrix {
  const order = Int32Array.from({ length: a.nnz }, (_, i) => i).sort((x, y) => a.row[x] - a.row[y] || a.col[x] - a.col[y]);
  const sorted = new SparseMatrix(Int32Array.from(order, (i) => a.row[i]), Int32Array.from(order, (i) => a.col[i]), indexSelect(a.val, 0, order), a.shape);
  const empty = new SparseMatrix(new Int32Array(0), new Int32Array(0), zeros([0, ...a.val.shape.slice(1)], { dtype: a.val.dtype }), a.shape);
  return add(sorted, empty);
}
