import type { Graph } from '../graph.js';
import { Tensor } from '../../tensor/tensor.js';

/**
 * Random-walk positional encoding (Dwivedi et al.; DGL's random_walk_pe): for each node the
 * probabilities of returning to itself after 1..k steps of the walk that moves along out-edges
 * with probability proportional to the edge weight (eweightName) or uniformly. float32 [N, k].
 */
export function randomWalkPE(g: Graph, k: number, opts: { eweightName?: string } = {}): Tensor {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`randomWalkPE: k must be a positive integer, got ${k}`);
  const n = g.numNodes();
  const { src, dst } = g.sparse().coo();
  const w = opts.eweightName === undefined ? null : g.edata.get(opts.eweightName).data;
  const rw = new Float64Array(n * n);
  for (let e = 0; e < src.length; e++) rw[src[e] * n + dst[e]] += w === null ? 1 : w[e];
  for (let u = 0; u < n; u++) {
    let s = 0;
    for (let v = 0; v < n; v++) s += rw[u * n + v];
    for (let v = 0; v < n; v++) rw[u * n + v] /= s + 1e-30;
  }
  const out = new Float32Array(n * k);
  let power = rw;
  for (let step = 0; step < k; step++) {
    if (step > 0) {
      const next = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let m = 0; m < n; m++) {
        const a = power[i * n + m];
        if (a !== 0) for (let j = 0; j < n; j++) next[i * n + j] += a * rw[m * n + j];
      }
      power = next;
    }
    for (let i = 0; i < n; i++) out[i * k + step] = power[i * n + i];
  }
  return new Tensor(out, [n, k], 'float32');
}
