/**
 * Validation on read for the sampling kernels: a minibatch call touches a few rows of a graph
 * with 10^8 edges, so instead of scanning the whole structure every call, each kernel checks
 * exactly the entries it reads (the native addon does the same), and a corrupt entry elsewhere
 * does not fail the call.
 */
import type { CompressedRows } from '../backend.js';

/** Throws unless row r's positions form a range inside [0, indices.length]. */
export function checkRow(op: string, c: CompressedRows, r: number): void {
  const lo = c.indptr[r], hi = c.indptr[r + 1], E = c.indices.length;
  if (!(lo >= 0 && lo <= hi && hi <= E)) {
    throw new RangeError(`${op}: indptr[${r}], indptr[${r + 1}] = ${lo}, ${hi} is not a range of positions within [0, ${E}]`);
  }
}

/** The column id at position p (inside a checked row), which must lie in [0, bound). */
export function colAt(op: string, c: CompressedRows, p: number, bound = 2 ** 31): number {
  const v = c.indices[p];
  if (!(v >= 0 && v < bound)) throw new RangeError(`${op}: indices[${p}] = ${v} is out of range [0, ${bound})`);
  return v;
}

/** The edge id at position p (inside a checked row): eids[p] in [0, numEdges), or p itself. */
export function eidAt(op: string, c: CompressedRows, p: number): number {
  if (c.eids === null) return p;
  const e = c.eids[p], E = c.indices.length;
  if (!(e >= 0 && e < E)) throw new RangeError(`${op}: eids[${p}] = ${e} is out of range [0, ${E})`);
  return e;
}

/** The O(1) part of the structure check: eids, when given, has one entry per position. */
export function checkEidsLength(op: string, c: CompressedRows): void {
  if (c.eids !== null && c.eids.length !== c.indices.length) {
    throw new RangeError(`${op}: eids has length ${c.eids.length}, expected ${c.indices.length}`);
  }
}

/** An optional per-edge array (weights, masks) has one entry per edge. */
export function checkEdgeArray(op: string, name: string, arr: ArrayLike<number> | null, numEdges: number): void {
  if (arr !== null && arr.length !== numEdges) throw new RangeError(`${op}: ${name} has length ${arr.length}, expected ${numEdges}`);
}
