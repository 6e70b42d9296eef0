import type { IndexArray } from '../backend.js';

/** Checks a compressed row structure (indptr over `rows`, column ids below `numCols`, optional edge ids). */
export function checkCompressedArgs(kernel: string, indptr: IndexArray, rows: number, indices: IndexArray | null,
  numCols: number, eids: IndexArray | null, numEdges: number): void {
  if (indptr.length !== rows + 1) {
    throw new RangeError(`${kernel}: indptr has length ${indptr.length}, expected ${rows + 1}`);
  }
  if (indptr[0] !== 0 || indptr[rows] !== numEdges) {
    throw new RangeError(`${kernel}: indptr must run from 0 to ${numEdges}, got ${indptr[0]}..${indptr[rows]}`);
  }
  for (let r = 0; r < rows; r++) {
    if (indptr[r + 1] < indptr[r]) throw new RangeError(`${kernel}: indptr decreases at position ${r + 1}`);
  }
  if (indices !== null) checkIds(kernel, 'indices', indices, numEdges, numCols);
  if (eids !== null) checkIds(kernel, 'eids', eids, numEdges, numEdges);
}

/** Every id in [0, bound), and exactly `length` of them. */
export function checkIds(kernel: string, name: string, ids: IndexArray, length: number, bound: number): void {
  if (ids.length !== length) throw new RangeError(`${kernel}: ${name} has length ${ids.length}, expected ${length}`);
  for (let i = 0; i < length; i++) {
    const v = ids[i];
    if (!(v >= 0 && v < bound)) throw new RangeError(`${kernel}: ${name}[${i}] = ${v} is out of range [0, ${bound})`);
  }
}

/** Throws unless `arr` has exactly `expected` elements. */
export function checkLength(kernel: string, name: string, arr: ArrayLike<number> | null, expected: number): void {
  if (arr === null) throw new RangeError(`${kernel}: ${name} is required`);
  if (arr.length !== expected) throw new RangeError(`${kernel}: ${name} has ${arr.length} elements, expected ${expected}`);
}
