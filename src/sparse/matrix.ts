import { ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { SparseAdj } from '../graph/sparse.js';
import { checkIndexRange } from '../errors.js';

/**
 * A sparse matrix of shape [rows, cols] with nonzeros (row[i], col[i]) = val[i] (DGL's
 * dgl.sparse.SparseMatrix). val is [nnz] or [nnz, D] (D values per nonzero, for batched
 * heads). The sparsity pattern is fixed; val may require gradients. Duplicate entries are allowed
 * and add up (as in COO). Its SparseAdj view (edges col -> row) is what the kernels consume.
 */
export class SparseMatrix {
  readonly row: Int32Array;
  readonly col: Int32Array;
  readonly val: Tensor;
  readonly shape: readonly [number, number];
  private adjCache: SparseAdj | null = null;

  constructor(row: Int32Array, col: Int32Array, val: Tensor, shape: readonly [number, number]) {
    const [m, n] = shape;
    if (!Number.isInteger(m) || !Number.isInteger(n) || m < 0 || n < 0) throw new ShapeError(`SparseMatrix: bad shape [${shape.join(', ')}]`);
    if (row.length !== col.length) throw new ShapeError(`SparseMatrix: ${row.length} row indices but ${col.length} column indices`);
    if (val.ndim < 1 || val.ndim > 2 || val.shape[0] !== row.length) {
      throw new ShapeError(`SparseMatrix: values of shape ${formatShape(val.shape)} must be [nnz] or [nnz, D] with nnz = ${row.length}`);
    }
    checkIndexRange('SparseMatrix: row index', row, m);
    checkIndexRange('SparseMatrix: column index', col, n);
    this.row = row; this.col = col; this.val = val; this.shape = [m, n];
  }

  get nnz(): number { return this.row.length; }
  get dtype(): Tensor['dtype'] { return this.val.dtype; }
  /** D of [nnz, D] values, or null for scalar values. */
  get valDim(): number | null { return this.val.ndim === 2 ? this.val.shape[1] : null; }

  /** [row, col] index arrays (DGL's A.coo()). */
  coo(): [Int32Array, Int32Array] { return [this.row, this.col]; }
  /** The [row, col] index arrays, the same as `coo()` (DGL's `A.indices()`). */
  indices(): [Int32Array, Int32Array] { return this.coo(); }

  /** The structure as a graph relation: an edge col -> row per nonzero (edge id = nonzero index). */
  adj(): SparseAdj {
    if (this.adjCache === null) this.adjCache = SparseAdj.fromCoo(this.col, this.row, this.shape[1], this.shape[0], 'SparseMatrix');
    return this.adjCache;
  }

  /** CSR (indptr over rows, column indices, nonzero ids), as DGL's A.csr(). */
  csr(): [Int32Array, Int32Array, Int32Array] {
    const c = this.adj().csc();
    return [c.indptr, c.indices, c.eids ?? Int32Array.from({ length: this.nnz }, (_, i) => i)];
  }

  /** CSC (indptr over columns, row indices, nonzero ids), as DGL's A.csc(). */
  csc(): [Int32Array, Int32Array, Int32Array] {
    const c = this.adj().csr();
    return [c.indptr, c.indices, c.eids ?? Int32Array.from({ length: this.nnz }, (_, i) => i)];
  }

  /** The same pattern with other values (DGL's val_like). */
  withVal(val: Tensor): SparseMatrix {
    const m = new SparseMatrix(this.row, this.col, val, this.shape);
    m.adjCache = this.adjCache;
    return m;
  }

  /** `SparseMatrix(shape=[...], nnz=..., val=[...] dtype)`. */
  toString(): string {
    return `SparseMatrix(shape=[${this.shape.join(', ')}], nnz=${this.nnz}, val=${formatShape(this.val.shape)} ${this.dtype})`;
  }
}
