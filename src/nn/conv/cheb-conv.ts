import { DeepGraphError, ShapeError, formatShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { add, mul, sub } from '../../tensor/elementwise.js';
import { relu } from '../../tensor/activation.js';
import { concat, narrow, permute, reshape } from '../../tensor/movement.js';
import { matmul } from '../../tensor/matmul.js';
import { Graph } from '../../graph/graph.js';
import type { SparseAdj } from '../../graph/sparse.js';
import { segmentBroadcast } from '../../message/segment.js';
import { Module } from '../module.js';
import { Linear } from '../linear.js';
import { type Activation, type ConvGraph, callableOf, oneLine } from './util.js';
import { checkFeatureSize, checkPositiveInt, describeActivation, homogeneousAdj, symmetricPropagator } from './helpers.js';
import { laplacianLambdaMax } from './lambda-max.js';

/** Options of `ChebConv`. */
export interface ChebConvOptions {
  /** Default dg.relu, as in DGL; pass null for none. */
  activation?: Activation | null;
  bias?: boolean;
  dtype?: FloatDType;
}

/** λ_max of each member graph: one number for all, one per graph, 'estimate' (laplacianLambdaMax), or 2 when omitted. */
export type LambdaMax = number | readonly number[] | Tensor | 'estimate';

/** h -> L h = h - D^-1/2 A D^-1/2 h. */
function laplacianApply(adj: SparseAdj, dtype: FloatDType): (h: Tensor) => Tensor {
  const propagate = symmetricPropagator(adj, dtype, null);
  return (h) => sub(h, propagate(h));
}

/**
 * Chebyshev spectral graph convolution (Defferrard et al.), DGL's ChebConv:
 *   h' = Σ_{k<K} Z_k W_k,  Z_0 = X, Z_1 = L̂ X, Z_k = 2 L̂ Z_{k-1} - Z_{k-2},  L̂ = 2 L / λ_max - I
 * with L the normalised Laplacian (in-degrees, clamped at 1). One Linear over [Z_0, ..., Z_{K-1}]
 * (weight [out, K in]); when outFeats < inFeats the same sum runs as Clenshaw's recurrence on
 * projected features, so the K - 1 propagations move outFeats columns.
 */
export class ChebConv extends Module {
  readonly linear: Linear;
  readonly activation: Activation | null;
  private readonly activationFn: ((x: Tensor) => Tensor) | null;

  constructor(readonly inFeats: number, readonly outFeats: number, readonly k: number, opts: ChebConvOptions = {}) {
    super();
    checkPositiveInt('ChebConv', 'k', k, 1);
    this.activation = opts.activation === undefined ? relu : opts.activation;
    this.linear = this.registerModule('linear', new Linear(k * inFeats, outFeats, { bias: opts.bias ?? true, dtype: opts.dtype }));
    this.activationFn = callableOf(this, 'activation', this.activation);
  }

  /** Re-initialises the linear layer. */
  resetParameters(): void { this.linear.resetParameters(); }

  /** feat: [N, inFeats]; lambdaMax per member graph (default 2, as DGL). Returns [N, outFeats]. */
  forward(g: ConvGraph, feat: Tensor, lambdaMax?: LambdaMax): Tensor {
    const adj = homogeneousAdj(g, 'ChebConv');
    checkFeatureSize('ChebConv', feat, adj.numDst, this.inFeats);
    const dtype = feat.dtype as FloatDType;
    const reNorm = this.rescaleFactor(g, lambdaMax, dtype);
    const lap = laplacianApply(adj, dtype);
    // L̂ h = (2/λ) L h - h, with 2/λ per node (each node takes its own graph's λ).
    const lhat = (h: Tensor): Tensor => sub(mul(reNorm, lap(h)), h);
    const rst = this.outFeats < this.inFeats ? this.clenshaw(feat, lhat) : this.recurrence(feat, lhat);
    return this.activationFn === null ? rst : this.activationFn(rst);
  }

  /** [N, 1] tensor of 2 / λ_max of each node's graph. */
  private rescaleFactor(g: ConvGraph, lambdaMax: LambdaMax | undefined, dtype: FloatDType): Tensor {
    const lengths = g instanceof Graph ? g.batchNumNodes() : Int32Array.of(homogeneousAdj(g, 'ChebConv').numDst);
    let lambdas: number[];
    if (lambdaMax === undefined) lambdas = new Array<number>(lengths.length).fill(2);
    else if (lambdaMax === 'estimate') lambdas = laplacianLambdaMax(g);
    else if (typeof lambdaMax === 'number') lambdas = new Array<number>(lengths.length).fill(lambdaMax);
    else lambdas = lambdaMax instanceof Tensor ? [...lambdaMax.data] : [...lambdaMax];
    if (lambdas.length !== lengths.length) {
      const shape = lambdaMax instanceof Tensor ? ` (shape ${formatShape(lambdaMax.shape)})` : '';
      throw new ShapeError(`ChebConv: lambdaMax has ${lambdas.length} values${shape} but the graph batches ${lengths.length} graphs`);
    }
    for (const l of lambdas) if (!(l > 0)) throw new DeepGraphError(`ChebConv: lambdaMax must be positive, got ${l}`);
    const data = dtype === 'float64' ? Float64Array.from(lambdas, (l) => 2 / l) : Float32Array.from(lambdas, (l) => 2 / l);
    return segmentBroadcast(lengths, new Tensor(data, [lambdas.length, 1], dtype));
  }

  private recurrence(feat: Tensor, lhat: (h: Tensor) => Tensor): Tensor {
    const z = [feat];
    if (this.k > 1) z.push(lhat(feat));
    for (let i = 2; i < this.k; i++) z.push(sub(mul(lhat(z[i - 1]), 2), z[i - 2]));
    return this.linear.forward(z.length === 1 ? feat : concat(z, 1));
  }

  private clenshaw(feat: Tensor, lhat: (h: Tensor) => Tensor): Tensor {
    const { inFeats: fin, outFeats: fout, k } = this;
    const w = reshape(permute(reshape(this.linear.weight, [fout, k, fin]), [2, 1, 0]), [fin, k * fout]);
    const projected = matmul(feat, w);
    const c = (i: number): Tensor => narrow(projected, 1, i * fout, fout);
    // b_i = c_i + 2 L̂ b_{i+1} - b_{i+2} for i = K-1..1, then the sum is c_0 + L̂ b_1 - b_2.
    let b1: Tensor | null = null, b2: Tensor | null = null;
    for (let i = k - 1; i >= 1; i--) {
      let b = c(i);
      if (b1 !== null) b = add(b, mul(lhat(b1), 2));
      if (b2 !== null) b = sub(b, b2);
      b2 = b1; b1 = b;
    }
    let acc = c(0);
    if (b1 !== null) acc = add(acc, lhat(b1));
    if (b2 !== null) acc = sub(acc, b2);
    return this.linear.bias === null ? acc : add(acc, this.linear.bias);
  }

  override extraRepr(): string {
    const parts = [`${this.inFeats}`, `${this.outFeats}`, `k=${this.k}`];
    if (this.linear.bias === null) parts.push('bias=false');
    parts.push(`activation=${describeActivation(this.activation)}`);
    return parts.join(', ');
  }

  override toString(): string { return oneLine(this); }
}
