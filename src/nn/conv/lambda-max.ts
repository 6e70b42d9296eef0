/**
 * λ_max of the normalised Laplacian per member graph (DGL's laplacian_lambda_max), for ChebConv.
 * DGL calls ARPACK; here a Lanczos iteration runs on every member graph of a batch at once: one
 * g-SpMM per step, per-graph inner products by segment sums, and the largest eigenvalue of each
 * graph's small tridiagonal matrix by Sturm-sequence bisection.
 */
import { Tensor } from '../../tensor/tensor.js';
import { mul, sqrt, sub } from '../../tensor/elementwise.js';
import { zeros } from '../../tensor/creation.js';
import { noGrad } from '../../tensor/tape.js';
import { Graph } from '../../graph/graph.js';
import { segmentBroadcast, segmentReduce } from '../../message/segment.js';
import type { ConvGraph } from './util.js';
import { homogeneousAdj, symmetricPropagator } from './helpers.js';

/** Options of `laplacianLambdaMax`. */
export interface LambdaMaxOptions {
  /** Stop a graph once its estimate moves by at most tol * max(1, λ) between checks (default 1e-10). */
  tol?: number;
  /** Upper bound on Lanczos steps (default 1000). */
  maxIter?: number;
}

const CHECK_EVERY = 5;

/**
 * Largest eigenvalue of L = I - D^-1/2 A D^-1/2 (D from in-degrees clamped at 1) of every graph in a
 * batch (a structure without batch information is one graph). Exact up to `tol` for undirected graphs; for directed ones (L not symmetric) an estimate.
 * The start vector is a fixed pseudo-random one: results are reproducible and the global random
 * stream is untouched.
 */
export function laplacianLambdaMax(g: ConvGraph, opts: LambdaMaxOptions = {}): number[] {
  const adj = homogeneousAdj(g, 'laplacianLambdaMax');
  const tol = opts.tol ?? 1e-10, maxIter = opts.maxIter ?? 1000;
  const lengths = g instanceof Graph ? g.batchNumNodes() : Int32Array.of(adj.numDst);
  const numGraphs = lengths.length, n = adj.numDst;
  return noGrad(() => {
    const propagate = symmetricPropagator(adj, 'float64', null);
    const lap = (h: Tensor): Tensor => sub(h, propagate(h));
    const dot = (a: Tensor, b: Tensor): Float64Array => segmentReduce(lengths, mul(a, b), 'sum').data as Float64Array;
    const perNode = (v: Float64Array): Tensor => segmentBroadcast(lengths, new Tensor(v, [numGraphs, 1], 'float64'));

    const start = new Float64Array(n);
    let s = 0x9e3779b9;
    for (let i = 0; i < n; i++) { s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0; start[i] = s / 4294967296 - 0.5; }
    let q = new Tensor(start, [n, 1], 'float64');
    q = mul(q, perNode(dot(q, q).map((v) => (v > 0 ? 1 / Math.sqrt(v) : 0))));
    let qPrev = zeros([n, 1], { dtype: 'float64' });
    let betaPrev = new Float64Array(numGraphs);
    const alphas: number[][] = Array.from({ length: numGraphs }, () => []);
    const betas: number[][] = Array.from({ length: numGraphs }, () => []);
    const active = Array.from(lengths, (len) => len > 0);
    const estimate = new Float64Array(numGraphs);

    for (let step = 1; step <= maxIter && active.some(Boolean); step++) {
      let w = sub(lap(q), mul(perNode(betaPrev), qPrev));
      const alpha = dot(w, q);
      w = sub(w, mul(perNode(alpha), q));
      const beta = Float64Array.from(sqrt(segmentReduce(lengths, mul(w, w), 'sum')).data);
      const check = step % CHECK_EVERY === 0 || step === maxIter;
      for (let b = 0; b < numGraphs; b++) {
        if (!active[b]) { beta[b] = 0; continue; }
        alphas[b].push(alpha[b]);
        // A vanishing β means the Krylov space is invariant: the tridiagonal matrix holds the exact answer.
        const broke = beta[b] <= 1e-12 * Math.max(1, Math.abs(alpha[b]));
        if (broke || check) {
          const next = largestEigenvalue(alphas[b], betas[b]);
          if (broke || Math.abs(next - estimate[b]) <= tol * Math.max(1, Math.abs(next))) active[b] = false;
          estimate[b] = next;
        }
        if (active[b]) betas[b].push(beta[b]); else beta[b] = 0;
      }
      const inv = beta.map((v) => (v > 0 ? 1 / v : 0));
      qPrev = q;
      q = mul(w, perNode(inv));
      betaPrev = beta;
    }
    return [...estimate];
  });
}

/** Largest eigenvalue of the symmetric tridiagonal matrix (diagonal a, off-diagonal b) by bisection on Sturm counts. */
function largestEigenvalue(a: readonly number[], b: readonly number[]): number {
  const m = a.length;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < m; i++) {
    const r = (i > 0 ? Math.abs(b[i - 1]) : 0) + (i < m - 1 ? Math.abs(b[i]) : 0);
    lo = Math.min(lo, a[i] - r); hi = Math.max(hi, a[i] + r);
  }
  // Number of eigenvalues below x (LDL^T pivots of T - xI that are negative).
  const below = (x: number): number => {
    let count = 0, d = 1;
    for (let i = 0; i < m; i++) {
      d = a[i] - x - (i > 0 ? (b[i - 1] * b[i - 1]) / d : 0);
      if (d === 0) d = -1e-300;
      if (d < 0) count++;
    }
    return count;
  };
  for (let it = 0; it < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(hi)); it++) {
    const mid = 0.5 * (lo + hi);
    if (below(mid) === m) hi = mid; else lo = mid;
  }
  return 0.5 * (lo + hi);
}
