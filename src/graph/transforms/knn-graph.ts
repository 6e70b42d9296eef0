import type { Graph } from '../graph.js';
import { ShapeError, formatShape, DeepGraphError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { graph } from '../construct.js';
import { batch } from '../batch.js';

/** Options of `knnGraph` (DGL's `dgl.knn_graph`). */
export interface KnnGraphOptions {
  /** 'euclidean' (default) or 'cosine' (1 - cosine similarity), as DGL's dist. */
  dist?: 'euclidean' | 'cosine';
  /** Leave a point out of its own neighbours (default false: it is its own nearest, as DGL). */
  excludeSelf?: boolean;
}

/** Pairwise distances between the rows of an [n, d] block of points. */
function distances(x: ArrayLike<number>, offset: number, n: number, d: number, dist: 'euclidean' | 'cosine'): Float64Array {
  const out = new Float64Array(n * n);
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) { let s = 0; for (let f = 0; f < d; f++) s += x[offset + i * d + f] ** 2; norm[i] = Math.sqrt(s); }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let dot = 0, sq = 0;
      for (let f = 0; f < d; f++) {
        const a = x[offset + i * d + f], b = x[offset + j * d + f];
        dot += a * b; sq += (a - b) ** 2;
      }
      out[i * n + j] = dist === 'euclidean' ? sq : 1 - dot / Math.max(norm[i] * norm[j], 1e-12);
    }
  }
  return out;
}

function knnOne(x: ArrayLike<number>, offset: number, n: number, d: number, k: number, opts: KnnGraphOptions): Graph {
  const dist = opts.dist ?? 'euclidean';
  const exclude = opts.excludeSelf ?? false;
  const avail = exclude ? n - 1 : n;
  if (k > avail) throw new DeepGraphError(`knnGraph: k (${k}) is larger than the ${avail} candidate neighbours of a point`);
  const dm = distances(x, offset, n, d, dist);
  const pairs: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const cand = Array.from({ length: n }, (_, j) => j).filter((j) => !(exclude && j === i));
    cand.sort((a, b) => dm[i * n + a] - dm[i * n + b] || a - b);
    for (let r = 0; r < k; r++) pairs.push([cand[r], i]);
  }
  // DGL's result lists edges by (source, destination).
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return graph([Int32Array.from(pairs, (p) => p[0]), Int32Array.from(pairs, (p) => p[1])], { numNodes: n });
}

/**
 * The k-nearest-neighbour graph of points x (DGL's knn_graph): an edge j -> i from each of the k
 * points nearest to i (ties to the lower index), edges sorted by (j, i). x is [N, D], or [B, N, D]
 * for B point sets, giving a batched graph. Brute force, O(N^2 D) per set.
 */
export function knnGraph(x: Tensor, k: number, opts: KnnGraphOptions = {}): Graph {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`knnGraph: k must be a positive integer, got ${k}`);
  if (opts.dist !== undefined && opts.dist !== 'euclidean' && opts.dist !== 'cosine') {
    throw new DeepGraphError(`knnGraph: unknown dist '${String(opts.dist)}'; expected 'euclidean' or 'cosine'`);
  }
  if (x.ndim === 2) return knnOne(x.data, 0, x.shape[0], x.shape[1], k, opts);
  if (x.ndim !== 3) throw new ShapeError(`knnGraph: points must be [N, D] or [B, N, D], got ${formatShape(x.shape)}`);
  const [b, n, d] = x.shape;
  return batch(Array.from({ length: b }, (_, i) => knnOne(x.data, i * n * d, n, d, k, opts)));
}
