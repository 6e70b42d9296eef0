import { ShapeError, formatShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { zeros } from '../../tensor/creation.js';
import { add, mul } from '../../tensor/elementwise.js';
import { narrow } from '../../tensor/movement.js';
import { matmul } from '../../tensor/matmul.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { normal } from '../init.js';
import { type Activation, type ConvGraph, callableOf, checkZeroInDegree, oneLine } from './util.js';
import { checkFeatureSize, checkPositiveInt, describeActivation, homogeneousAdj, symmetricPropagator } from './helpers.js';

/** Options of `GCN2Conv`. */
export interface GCN2ConvOptions {
  /** Fraction α of the initial features mixed back in (default 0.1). */
  alpha?: number;
  /** λ in β_l = log(λ / l + 1) (default 1). */
  lambda?: number;
  /** Project h + h0 with one weight (default true); false gives h0 its own weight2. */
  projectInitialFeatures?: boolean;
  /** Skip the check that every node has an in-edge (default false). */
  allowZeroInDegree?: boolean;
  bias?: boolean;
  activation?: Activation | null;
  dtype?: FloatDType;
}

/**
 * GCNII layer (Chen et al., "Simple and Deep Graph Convolutional Networks"), DGL's GCN2Conv:
 *   h' = ((1 - α) Â h + α h0) ((1 - β) I + β W),  β = log(λ / layer + 1)
 * with Â = D^-1/2 A D^-1/2 from in-degrees (add self-loops to the graph for the paper's Ã), or
 * EdgeWeightNorm('both') of given edge weights. Features keep their size (weight [in, in]).
 */
export class GCN2Conv extends Module {
  readonly alpha: number;
  readonly lambda: number;
  readonly beta: number;
  readonly projectInitialFeatures: boolean;
  readonly allowZeroInDegree: boolean;
  readonly activation: Activation | null;
  private readonly activationFn: ((x: Tensor) => Tensor) | null;
  readonly weight1: Parameter;
  readonly weight2: Parameter | null;
  readonly bias: Parameter | null;

  constructor(readonly inFeats: number, readonly layer: number, opts: GCN2ConvOptions = {}) {
    super();
    checkPositiveInt('GCN2Conv', 'inFeats', inFeats, 1);
    checkPositiveInt('GCN2Conv', 'layer', layer, 1);
    this.alpha = opts.alpha ?? 0.1;
    this.lambda = opts.lambda ?? 1;
    this.beta = Math.log(this.lambda / layer + 1);
    this.projectInitialFeatures = opts.projectInitialFeatures ?? true;
    this.allowZeroInDegree = opts.allowZeroInDegree ?? false;
    this.activation = opts.activation ?? null;
    const dtype = opts.dtype ?? 'float32';
    this.weight1 = this.registerParameter('weight1', new Parameter(zeros([inFeats, inFeats], { dtype })));
    this.weight2 = this.registerParameter('weight2',
      this.projectInitialFeatures ? null : new Parameter(zeros([inFeats, inFeats], { dtype })));
    this.bias = this.registerParameter('bias', (opts.bias ?? true) ? new Parameter(zeros([inFeats], { dtype })) : null);
    this.activationFn = callableOf(this, 'activation', this.activation);
    this.resetParameters();
  }

  /** DGL's initialisation: standard normal weights, zero bias. */
  resetParameters(): void {
    normal(this.weight1);
    if (this.weight2 !== null) normal(this.weight2);
    this.bias?.data.fill(0);
  }

  /**
   * feat: [N, inFeats] (this layer's input); feat0: the initial features [N', inFeats] with N' >= N
   * (its first N rows are used, as DGL); edgeWeight: optional positive [E] or [E, 1].
   */
  forward(g: ConvGraph, feat: Tensor, feat0: Tensor, edgeWeight: Tensor | null = null): Tensor {
    const adj = homogeneousAdj(g, 'GCN2Conv');
    checkFeatureSize('GCN2Conv', feat, adj.numDst, this.inFeats);
    if (feat0.ndim !== 2 || feat0.shape[1] !== this.inFeats || feat0.shape[0] < feat.shape[0]) {
      throw new ShapeError(`GCN2Conv: initial features of shape ${formatShape(feat0.shape)} must be ` +
        `[>= ${feat.shape[0]}, ${this.inFeats}]`);
    }
    if (!this.allowZeroInDegree) checkZeroInDegree('GCN2Conv', adj);
    const propagate = symmetricPropagator(adj, feat.dtype as FloatDType, edgeWeight);
    const h = mul(propagate(feat), 1 - this.alpha);
    const h0 = mul(feat0.shape[0] === feat.shape[0] ? feat0 : narrow(feat0, 0, 0, feat.shape[0]), this.alpha);
    const support = add(h, h0);
    const projected = this.weight2 === null
      ? matmul(support, this.weight1)
      : add(matmul(h, this.weight1), matmul(h0, this.weight2));
    let rst = add(mul(support, 1 - this.beta), mul(projected, this.beta));
    if (this.bias !== null) rst = add(rst, this.bias);
    return this.activationFn === null ? rst : this.activationFn(rst);
  }

  override extraRepr(): string {
    const parts = [`${this.inFeats}`, `layer=${this.layer}`, `alpha=${this.alpha}`, `lambda=${this.lambda}`,
      `beta=${Number(this.beta.toPrecision(6))}`, `projectInitialFeatures=${this.projectInitialFeatures}`];
    if (this.bias === null) parts.push('bias=false');
    if (this.allowZeroInDegree) parts.push('allowZeroInDegree=true');
    if (this.activation !== null) parts.push(`activation=${describeActivation(this.activation)}`);
    return parts.join(', ');
  }

  override toString(): string { return oneLine(this); }
}
