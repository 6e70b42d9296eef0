import { SparseAdj } from '../../src/graph/sparse.js';
import { seededData } from '../helpers.js';

/**
 * A random multigraph with self loops, repeated edges and (for numEdges small enough) isolated
 * nodes, built from a seed; sources and destinations from separate node sets when numDst is given.
 */
export function randomAdj(numSrc: number, numEdges: number, seed: number, numDst = numSrc): SparseAdj {
  const u = seededData(numEdges, seed, 0, 1), v = seededData(numEdges, seed + 7919, 0, 1);
  const src = new Int32Array(numEdges), dst = new Int32Array(numEdges);
  for (let e = 0; e < numEdges; e++) {
    // Skewed towards low ids so that degrees vary a lot (and high ids are often isolated).
    src[e] = Math.floor(u[e] * u[e] * numSrc);
    dst[e] = Math.floor(v[e] * v[e] * numDst);
  }
  return SparseAdj.fromCoo(src, dst, numSrc, numDst);
}

/** Five standard deviations of a binomial count: generous enough never to flake, tight enough to catch bias. */
export function assertBinomial(count: number, n: number, p: number, what: string): void {
  const sigma = Math.sqrt(n * p * (1 - p));
  const diff = Math.abs(count - n * p);
  if (diff > 5 * sigma + 1e-9) {
    throw new Error(`${what}: observed ${count} of ${n}, expected ${(n * p).toFixed(1)} (p = ${p.toFixed(4)}, 5 sigma = ${(5 * sigma).toFixed(1)})`);
  }
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
