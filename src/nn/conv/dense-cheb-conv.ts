import { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { eye, zeros } from '../../tensor/creation.js';
import { matmul } from '../../tensor/matmul.js';
import { narrow } from '../../tensor/movement.js';
import { noGrad } from '../../tensor/tape.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { calculateGain, xavierNormal, zeros as zeroInit } from '../init.js';
import { oneLine } from './util.js';
import { checkDenseAdj } from './dense-graph-conv.js';

/** The largest eigenvalue of a symmetric matrix by power iteration (DGL calls torch.eig). */
function largestEigenvalue(m: Tensor): number {
  const n = m.shape[0];
  // A start with no symmetry (a uniform start is L's eigenvector of eigenvalue 0).
  let v = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % 13) / 13);
  let lambda = 0;
  for (let it = 0; it < 2000; it++) {
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += m.data[i * n + j] * v[j]; w[i] = s; }
    const norm = Math.hypot(...w);
    if (norm === 0) return 0;
    const next = w.map((x) => x / norm);
    const done = Math.abs(norm - lambda) < 1e-12 * Math.max(1, norm);
    lambda = norm; v = next;
    if (done) break;
  }
  return lambda;
}

/**
 * Chebyshev convolution on a dense adjacency (DGL's DenseChebConv): L = I - D^-1/2 A D^-1/2,
 * L̂ = 2L/λ_max - I, Z_0 = I, Z_1 = L̂, Z_k = 2 L̂ Z_{k-1} - Z_{k-2}; h' = Σ_k Z_k X W_k + b.
 * Without lambdaMax, λ_max of L is found by power iteration (L is symmetric positive semi-definite).
 */
export class DenseChebConv extends Module {
  readonly W: Parameter;
  readonly bias: Parameter | null;

  constructor(readonly inFeats: number, readonly outFeats: number, readonly k: number, opts: { bias?: boolean; dtype?: FloatDType } = {}) {
    super();
    const dtype = opts.dtype ?? 'float32';
    this.W = this.registerParameter('W', new Parameter(zeros([k, inFeats, outFeats], { dtype })));
    this.bias = this.registerParameter('bias', (opts.bias ?? true) ? new Parameter(zeros([outFeats], { dtype })) : null);
    this.resetParameters();
  }

  /** Zero bias; each of the k weight slices Xavier-normal with ReLU gain (as DGL). */
  resetParameters(): void {
    if (this.bias !== null) zeroInit(this.bias);
    const per = this.inFeats * this.outFeats;
    for (let i = 0; i < this.k; i++) {
      const slice = xavierNormal(zeros([this.inFeats, this.outFeats], { dtype: this.W.dtype as FloatDType }), calculateGain('relu'));
      this.W.data.set(slice.data, i * per);
    }
  }

  forward(adj: Tensor, feat: Tensor, lambdaMax?: number): Tensor {
    checkDenseAdj('DenseChebConv', adj, feat, this.inFeats);
    const n = adj.shape[0];
    const a = adj.dtype === feat.dtype ? adj : adj.to(feat.dtype);
    const dtype = feat.dtype as FloatDType;
    const identity = eye(n, n, { dtype });
    const lhat = noGrad(() => {
      const dInv = a.sum(1).clamp(1).sqrt().reciprocal();
      const lap = identity.sub(a.mul(dInv.reshape([n, 1])).mul(dInv.reshape([1, n])));
      const lmax = lambdaMax ?? largestEigenvalue(lap.double());
      return lap.mul(2 / lmax).sub(identity);
    });
    const Z: Tensor[] = [identity];
    if (this.k > 1) Z.push(lhat);
    for (let i = 2; i < this.k; i++) Z.push(matmul(lhat, Z[i - 1]).mul(2).sub(Z[i - 2]));
    let out: Tensor | null = null;
    Z.forEach((z, i) => {
      const term = matmul(matmul(z, feat), narrow(this.W, 0, i, 1).reshape([this.inFeats, this.outFeats]));
      out = out === null ? term : out.add(term);
    });
    const rst = out as unknown as Tensor;
    return this.bias === null ? rst : rst.add(this.bias);
  }

  override extraRepr(): string { return `${this.inFeats}, ${this.outFeats}, k=${this.k}`; }
  override toString(): string { return oneLine(this); }
}
