// Sparse products of dgl.sparse (spmm, bspmm, sddmm, bsddmm, spspmm, matmul) on the message
// kernels: a SparseMatrix is the relation col -> row, so A @ X is one g-SpMM and the sampled
// dense product is one g-SDDMM; gradients come from those ops' backward rules.
import { ShapeError, formatShape, DeepGraphError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { permute, transpose as swapDims } from '../tensor/movement.js';
import { indexAdd, indexSelect } from '../tensor/indexing.js';
import { zeros } from '../tensor/creation.js';
import { gspmm } from '../message/gspmm.js';
import { gsddmm } from '../message/gsddmm.js';
import { SparseMatrix } from './matrix.js';

function mismatch(op: string, a: SparseMatrix, x: Tensor, why: string): never {
  throw new ShapeError(`${op}: sparse matrix [${a.shape.join(', ')}] (values ${formatShape(a.val.shape)}) and dense ${formatShape(x.shape)} do not fit: ${why}`);
}

/** A [m, n] @ X [n] or [n, d] -> [m] or [m, d] (DGL's spmm); scalar values only (use bspmm for [nnz, h]). */
export function spmm(a: SparseMatrix, x: Tensor): Tensor {
  if (a.valDim !== null) return bspmm(a, x);
  if ((x.ndim !== 1 && x.ndim !== 2) || x.shape[0] !== a.shape[1]) mismatch('spmm', a, x, `X must be [${a.shape[1]}] or [${a.shape[1]}, d]`);
  const x2 = x.ndim === 1 ? x.reshape([x.shape[0], 1]) : x;
  const out = gspmm(a.adj(), 'mul', 'sum', x2, a.val.reshape([a.nnz, 1]));
  return x.ndim === 1 ? out.reshape([a.shape[0]]) : out;
}

/** A [m, n] with values [nnz, h] @ X [n, d, h] -> [m, d, h], one product per head (DGL's bspmm). */
export function bspmm(a: SparseMatrix, x: Tensor): Tensor {
  const h = a.valDim;
  if (h === null) mismatch('bspmm', a, x, 'the sparse matrix needs [nnz, h] values');
  if (x.ndim !== 3 || x.shape[0] !== a.shape[1] || x.shape[2] !== h) mismatch('bspmm', a, x, `X must be [${a.shape[1]}, d, ${h}]`);
  return gspmm(a.adj(), 'mul', 'sum', x, a.val.reshape([a.nnz, 1, h]));
}

/** A ⊙ (X1 @ X2): values A.val[i] * (X1 X2)[row_i, col_i] on A's pattern (DGL's sddmm); X1 [m, k], X2 [k, n]. */
export function sddmm(a: SparseMatrix, x1: Tensor, x2: Tensor): SparseMatrix {
  if (x1.ndim === 3) return bsddmm(a, x1, x2);
  if (x1.ndim !== 2 || x2.ndim !== 2 || x1.shape[0] !== a.shape[0] || x2.shape[1] !== a.shape[1] || x1.shape[1] !== x2.shape[0]) {
    throw new ShapeError(`sddmm: sparse [${a.shape.join(', ')}] with ${formatShape(x1.shape)} @ ${formatShape(x2.shape)} does not fit (expected [${a.shape[0]}, k] @ [k, ${a.shape[1]}])`);
  }
  // Edges run col -> row: the source side holds X2's columns, the destination side X1's rows.
  const prod = gsddmm(a.adj(), 'dot', swapDims(x2, 0, 1), x1, { lhsTarget: 'u', rhsTarget: 'v' }).reshape([a.nnz]);
  return a.withVal(a.val.ndim === 1 ? prod.mul(a.val) : prod.reshape([a.nnz, 1]).mul(a.val));
}

/** Per head: X1 [m, k, h], X2 [k, n, h] -> values [nnz, h] times A's (DGL's bsddmm). */
export function bsddmm(a: SparseMatrix, x1: Tensor, x2: Tensor): SparseMatrix {
  if (x1.ndim !== 3 || x2.ndim !== 3 || x1.shape[0] !== a.shape[0] || x2.shape[1] !== a.shape[1] || x1.shape[1] !== x2.shape[0] || x1.shape[2] !== x2.shape[2]) {
    throw new ShapeError(`bsddmm: sparse [${a.shape.join(', ')}] with ${formatShape(x1.shape)} @ ${formatShape(x2.shape)} does not fit (expected [${a.shape[0]}, k, h] @ [k, ${a.shape[1]}, h])`);
  }
  const h = x1.shape[2];
  const lhs = permute(x2, [1, 2, 0]);
  const rhs = permute(x1, [0, 2, 1]);
  const prod = gsddmm(a.adj(), 'dot', lhs, rhs, { lhsTarget: 'u', rhsTarget: 'v' }).reshape([a.nnz, h]);
  return a.withVal(a.val.ndim === 1 ? prod.mul(a.val.reshape([a.nnz, 1])) : prod.mul(a.val));
}

/**
 * Sparse times sparse, A [m, k] @ B [k, n] -> sparse [m, n] whose pattern holds every pair
 * reached through some k (DGL's spspmm; entries that cancel to 0 are kept). Differentiable in
 * both value tensors: each output value is a sum of A.val[p] * B.val[q] over matching pairs.
 */
export function spspmm(a: SparseMatrix, b: SparseMatrix): SparseMatrix {
  if (a.shape[1] !== b.shape[0]) throw new ShapeError(`spspmm: [${a.shape.join(', ')}] @ [${b.shape.join(', ')}]: inner sizes ${a.shape[1]} and ${b.shape[0]} differ`);
  if (a.val.ndim !== 1 || b.val.ndim !== 1) throw new DeepGraphError('spspmm: needs scalar values ([nnz]) on both matrices');
  const [bIndptr, bCols, bIds] = b.csr();
  const n = b.shape[1];
  const slot = new Map<number, number>();
  const rows: number[] = [], cols: number[] = [], pa: number[] = [], pb: number[] = [], pc: number[] = [];
  const [aIndptr, aCols, aIds] = a.csr();
  for (let i = 0; i < a.shape[0]; i++) {
    for (let p = aIndptr[i]; p < aIndptr[i + 1]; p++) {
      const k = aCols[p];
      for (let q = bIndptr[k]; q < bIndptr[k + 1]; q++) {
        const key = i * n + bCols[q];
        let s = slot.get(key);
        if (s === undefined) { s = rows.length; slot.set(key, s); rows.push(i); cols.push(bCols[q]); }
        pa.push(aIds[p]); pb.push(bIds[q]); pc.push(s);
      }
    }
  }
  const terms = indexSelect(a.val, 0, Int32Array.from(pa)).mul(indexSelect(b.val.to(a.val.dtype), 0, Int32Array.from(pb)));
  const val = indexAdd(zeros([rows.length], { dtype: a.val.dtype }), 0, Int32Array.from(pc), terms);
  return new SparseMatrix(Int32Array.from(rows), Int32Array.from(cols), val, [a.shape[0], n]);
}

/** A @ B for sparse and dense operands (DGL's dgl.sparse.matmul / the @ operator). */
export function matmul(a: SparseMatrix, b: Tensor | SparseMatrix): Tensor | SparseMatrix {
  return b instanceof SparseMatrix ? spspmm(a, b) : spmm(a, b);
}
