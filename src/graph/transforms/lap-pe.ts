import type { Graph } from '../graph.js';
import { DeepGraphError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { defaultGenerator, type Generator } from '../../tensor/random.js';

/** Eigenvalues and eigenvectors (columns) of a symmetric matrix by cyclic Jacobi rotations. */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = m[k * n + p], akq = m[k * n + q];
          m[k * n + p] = c * akp - s * akq; m[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p * n + k], aqk = m[q * n + k];
          m[p * n + k] = c * apk - s * aqk; m[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p], vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq; v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => m[i * n + i]), vectors: v };
}

/** Options of `lapPE` (DGL's `dgl.lap_pe`); `generator` draws the random sign flips. */
export interface LapPEOptions {
  /** Pad with zero columns (and NaN eigenvalues) when the graph has at most k nodes, instead of throwing. */
  padding?: boolean;
  /** Flip each eigenvector's sign at random (DGL always does); default true. */
  randomFlip?: boolean;
  generator?: Generator;
}

/**
 * Laplacian positional encoding (Dwivedi et al.; DGL's lap_pe): the eigenvectors of the k
 * smallest non-trivial eigenvalues of L = I - D^-1/2 A D^-1/2 (in-degrees clamped at 1; the
 * symmetric part of L for a directed graph), random signs. float32 [N, k] and the eigenvalues [k].
 */
export function lapPE(g: Graph, k: number, opts: LapPEOptions = {}): { pe: Tensor; eigvals: Tensor } {
  const n = g.numNodes();
  if (!opts.padding && n <= k) throw new DeepGraphError(`lapPE: the number of eigenvectors k (${k}) must be smaller than the number of nodes (${n}) without padding`);
  const { src, dst } = g.sparse().coo();
  const deg = g.inDegrees();
  const lap = new Float64Array(n * n);
  for (let i = 0; i < n; i++) lap[i * n + i] = 1;
  for (let e = 0; e < src.length; e++) {
    const w = 1 / Math.sqrt(Math.max(deg[src[e]], 1) * Math.max(deg[dst[e]], 1));
    lap[src[e] * n + dst[e]] -= w / 2; lap[dst[e] * n + src[e]] -= w / 2;
  }
  const { values, vectors } = symmetricEigen(lap, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]).slice(1, 1 + Math.min(n - 1, k));
  const gen = opts.generator ?? defaultGenerator;
  const pe = new Float32Array(n * k), eig = new Float32Array(k).fill(NaN);
  order.forEach((col, j) => {
    const sign = (opts.randomFlip ?? true) && gen.nextFloat() > 0.5 ? -1 : 1;
    eig[j] = values[col];
    for (let i = 0; i < n; i++) pe[i * k + j] = sign * vectors[i * n + col];
  });
  return { pe: new Tensor(pe, [n, k], 'float32'), eigvals: new Tensor(eig, [k], 'float32') };
}
