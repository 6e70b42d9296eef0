// Shared graph cases and brute-force helpers for the graph tests.
import { Generator } from '../../src/tensor/random.js';

/** Seeded random multigraph edges (self-loops and duplicates included). */
export function randomEdges(n: number, m: number, seed: number): [Int32Array, Int32Array] {
  const gen = new Generator(seed);
  const src = new Int32Array(m), dst = new Int32Array(m);
  for (let i = 0; i < m; i++) { src[i] = gen.nextInt(n); dst[i] = gen.nextInt(n); }
  return [src, dst];
}

/** Sorted multiset of 'u-v' strings, for comparing edge sets. */
export function edgeSet(src: ArrayLike<number>, dst: ArrayLike<number>): string[] {
  const out: string[] = [];
  for (let i = 0; i < src.length; i++) out.push(`${src[i]}-${dst[i]}`);
  return out.sort();
}

/** Brute-force CSR of a COO list (rows = src, edges by id within a row). */
export function bruteCsr(src: Int32Array, dst: Int32Array, n: number): { indptr: Int32Array; indices: Int32Array; eids: Int32Array } {
  const rows: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < src.length; e++) rows[src[e]].push(e);
  const indptr = new Int32Array(n + 1);
  const eids: number[] = [];
  for (let r = 0; r < n; r++) { eids.push(...rows[r]); indptr[r + 1] = eids.length; }
  return { indptr, indices: Int32Array.from(eids, (e) => dst[e]), eids: Int32Array.from(eids) };
}
