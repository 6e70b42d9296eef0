// Public surface of src/sparse (re-exports only): DGL's dgl.sparse SparseMatrix API.
export { SparseMatrix } from './matrix.js';
export { spmatrix, diag, identity, toDense, fromDense } from './create.js';
