// Public surface of src/sparse (re-exports only): DGL's dgl.sparse SparseMatrix API.
export { SparseMatrix } from './matrix.js';
export { spmatrix, diag, identity, toDense, fromDense } from './create.js';
export { spmm, bspmm, sddmm, bsddmm, spspmm, matmul } from './matmul.js';
export { add, sub, mul, div, neg, power, transpose, coalesce } from './elementwise.js';
export { sum, smax, smin, smean, softmax } from './reduce.js';
