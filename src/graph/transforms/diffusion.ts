// Diffusions behind GCNNorm, PPR and SIGNDiffusion (DGL's dgl.transforms module), as functions.
import { DeepGraphError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { CanonicalEtype, Graph } from '../graph.js';
import { copyESum, copyUMean, copyUSum, uMulESum, uMulV } from '../../message/shortcuts.js';
import { buildGraph, copyNodeFrames, nodeCounts, sameTypeRelation } from './util.js';

/** The diffusion operator of SIGNDiffusion (DGL's `diffuse_op`): `raw` sums neighbours (weighted when edge weights are given), `rw` averages them (random walk), `gcn` uses GCN-normalised weights, `ppr` is the GCN step mixed with the input as (1 - alpha) A h + alpha x. */
export type DiffuseOp = 'raw' | 'rw' | 'gcn' | 'ppr';

/** d^-1/2(u) w_uv d^-1/2(v) per edge with d the (weighted) in-degree, 0 where d = 0 (DGL's GCNNorm). float32 unless w is float64. */
export function gcnNormWeights(g: Graph, c: CanonicalEtype, eweightName: string | null = 'w'): Tensor {
  const adj = g.sparse(c);
  const frame = g.edgeFrame(c);
  const w = eweightName !== null && frame.has(eweightName) ? frame.get(eweightName).reshape([adj.numEdges, 1]) : null;
  const deg = w === null ? Float64Array.from(adj.inDegrees()) : Float64Array.from(copyESum(adj, w).data);
  const dtype = w?.dtype === 'float64' ? 'float64' : 'float32';
  const inv = Array.from(deg, (d) => (d > 0 ? 1 / Math.sqrt(d) : 0));
  const col = new Tensor(dtype === 'float64' ? Float64Array.from(inv) : Float32Array.from(inv), [deg.length, 1], dtype);
  const both = uMulV(adj, col, col);
  return (w === null ? both : both.mul(w)).reshape([adj.numEdges]);
}

/** k diffused copies of a node feature (DGL's SIGNDiffusion raw / rw / gcn / ppr operators). */
export function signDiffusion(g: Graph, k: number, o: { inFeatName?: string; eweightName?: string; diffuseOp?: DiffuseOp; alpha?: number } = {}): Tensor[] {
  const c = sameTypeRelation(g, 'signDiffusion');
  const adj = g.sparse(c);
  const x0 = g.nodeFrame(c[0]).get(o.inFeatName ?? 'feat');
  const frame = g.edgeFrame(c);
  const given = o.eweightName !== undefined && frame.has(o.eweightName) ? frame.get(o.eweightName).reshape([adj.numEdges, 1]) : null;
  const op = o.diffuseOp ?? 'raw', alpha = o.alpha ?? 0.2;
  let step: (h: Tensor) => Tensor;
  if (op === 'raw') step = (h) => (given === null ? copyUSum(adj, h) : uMulESum(adj, h, given));
  else if (op === 'rw') {
    const z = given === null ? null : copyESum(adj, given);
    step = (h) => (given === null ? copyUMean(adj, h) : uMulESum(adj, h, given).div(z!));
  } else if (op === 'gcn' || op === 'ppr') {
    // DGL normalises the named weights, or plain degrees when no name is given.
    const w = gcnNormWeights(g, c, o.eweightName ?? null).reshape([adj.numEdges, 1]).to(x0.dtype);
    step = op === 'gcn' ? (h) => uMulESum(adj, h, w) : (h) => uMulESum(adj, h, w).mul(1 - alpha).add(x0.mul(alpha));
  } else throw new DeepGraphError(`signDiffusion: unknown diffuseOp '${String(op)}'`);
  const out: Tensor[] = [];
  let h = x0;
  for (let i = 0; i < k; i++) { h = step(h); out.push(h); }
  return out;
}

/** Inverse of a dense n x n matrix by Gauss-Jordan elimination with partial pivoting. */
function invert(m: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(m), inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]) > Math.abs(a[piv * n + col])) piv = r;
    if (Math.abs(a[piv * n + col]) < 1e-14) throw new DeepGraphError('PPR: the diffusion matrix is singular');
    for (const x of [a, inv]) for (let j = 0; j < n; j++) { const t = x[col * n + j]; x[col * n + j] = x[piv * n + j]; x[piv * n + j] = t; }
    const d = a[col * n + col];
    for (let j = 0; j < n; j++) { a[col * n + j] /= d; inv[col * n + j] /= d; }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r * n + col];
      if (f === 0) continue;
      for (let j = 0; j < n; j++) { a[r * n + j] -= f * a[col * n + j]; inv[r * n + j] -= f * inv[col * n + j]; }
    }
  }
  return inv;
}

/**
 * Personalised-PageRank diffusion (DGL's PPR transform): S = α (I + (α - 1) A)^-1 with
 * A[v, u] = w_uv; the new graph has an edge u -> v for every S[v, u] >= eps (eps default: the
 * avgDegree * N-th largest entry), sorted by (v, u), with the score as edge weight; node features kept.
 */
export function pprGraph(g: Graph, o: { alpha?: number; eweightName?: string; eps?: number; avgDegree?: number } = {}): Graph {
  const c = sameTypeRelation(g, 'PPR');
  const n = g.numNodes(c[0]), alpha = o.alpha ?? 0.15, name = o.eweightName ?? 'w';
  const { src, dst } = g.sparse(c).coo();
  const frame = g.edgeFrame(c);
  const w = frame.has(name) ? frame.get(name).data : null;
  const mat = new Float64Array(n * n);
  for (let e = 0; e < src.length; e++) mat[dst[e] * n + src[e]] = (alpha - 1) * (w === null ? 1 : w[e]);
  for (let i = 0; i < n; i++) mat[i * n + i] += 1;
  const diff = invert(mat, n).map((x) => alpha * x);
  let eps = o.eps;
  if (eps === undefined) {
    const avg = o.avgDegree ?? 5;
    eps = avg > n ? -Infinity : [...diff].sort((a, b) => b - a)[avg * n - 1];
  }
  const us: number[] = [], vs: number[] = [], ws: number[] = [];
  for (let v = 0; v < n; v++) for (let u = 0; u < n; u++) if (diff[v * n + u] >= eps) { us.push(u); vs.push(v); ws.push(diff[v * n + u]); }
  const out = buildGraph(nodeCounts(g), [{ canonical: c, src: Int32Array.from(us), dst: Int32Array.from(vs) }]);
  copyNodeFrames(g, out);
  out.edgeFrame(c).set(name, new Tensor(Float32Array.from(ws), [ws.length], 'float32'));
  return out;
}
