import { DeepGraphError, ShapeError, formatShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { full } from '../../tensor/creation.js';
import { add, mul } from '../../tensor/elementwise.js';
import type { SparseAdj } from '../../graph/sparse.js';
import { gspmm } from '../../message/gspmm.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { type Activation, type ConvGraph, type ConvInput, adjOf, callableOf, dstRowsOfBlock, edgeColumn, isBlock, oneLine } from './util.js';
import { describeActivation, resetModule } from './helpers.js';

/** How `GINConv` aggregates neighbours. */
export type GinAggregator = 'sum' | 'mean' | 'max';

/** Options of `GINConv`. */
export interface GINConvOptions {
  /** f_Θ applied to (1 + ε) h_i + aggregate(h_j): usually an MLP module (registered, so its parameters train). */
  applyFunc?: Activation | null;
  /** How neighbour features are combined: 'sum' (default, as in the paper), 'mean' or 'max'. */
  aggregatorType?: GinAggregator;
  /** Initial ε (default 0). */
  initEps?: number;
  /** Learn ε as a parameter (default false: ε is a fixed buffer). */
  learnEps?: boolean;
  /** Applied after applyFunc (default none). */
  activation?: Activation | null;
  /** dtype of ε (default float32). */
  dtype?: FloatDType;
}

const AGGREGATORS: readonly GinAggregator[] = ['sum', 'mean', 'max'];

/**
 * Graph Isomorphism Network layer (Xu et al., "How Powerful are Graph Neural Networks?"), DGL's GINConv:
 *   h_i' = f_Θ((1 + ε) h_i + aggregate_{j ∈ N(i)} e_ji h_j)
 * The aggregation is one fused g-SpMM (copyU or uMulE with edge weights, reduced by sum / mean / max);
 * nodes without in-edges aggregate to 0. Bipartite graphs take [srcFeat, dstFeat]; blocks take the
 * source features and use their first numDstNodes rows as destination features.
 */
export class GINConv extends Module {
  readonly applyFunc: Activation | null;
  readonly aggregatorType: GinAggregator;
  readonly initEps: number;
  readonly learnEps: boolean;
  readonly activation: Activation | null;
  private readonly applyFn: ((x: Tensor) => Tensor) | null;
  private readonly activationFn: ((x: Tensor) => Tensor) | null;
  /** ε as a [1] tensor: a Parameter when learnEps, else a buffer. */
  readonly eps: Tensor;

  constructor(opts: GINConvOptions = {}) {
    super();
    this.aggregatorType = opts.aggregatorType ?? 'sum';
    if (!AGGREGATORS.includes(this.aggregatorType)) {
      throw new DeepGraphError(`GINConv: aggregatorType must be one of ${AGGREGATORS.join(', ')}, got '${String(opts.aggregatorType)}'`);
    }
    this.initEps = opts.initEps ?? 0;
    this.learnEps = opts.learnEps ?? false;
    this.applyFunc = opts.applyFunc ?? null;
    this.activation = opts.activation ?? null;
    this.applyFn = callableOf(this, 'applyFunc', this.applyFunc);
    this.activationFn = callableOf(this, 'activation', this.activation);
    const eps = full([1], this.initEps, { dtype: opts.dtype ?? 'float32' });
    this.eps = this.learnEps ? this.registerParameter('eps', new Parameter(eps)) : this.registerBuffer('eps', eps);
  }

  /** ε back to initEps; applyFunc re-initialised when it is a module. */
  resetParameters(): void {
    this.eps.data.fill(this.initEps);
    if (this.applyFunc instanceof Module) resetModule(this.applyFunc);
  }

  /**
   * feat: [N, *] (or [srcFeat, dstFeat] on a bipartite graph); edgeWeight: [E] or [E, *] broadcastable
   * with the features. Returns [numDst, *] passed through applyFunc and activation.
   */
  forward(g: ConvGraph, feat: ConvInput, edgeWeight: Tensor | null = null): Tensor {
    const adj = adjOf(g);
    const [src, dst] = featurePair(g, adj, feat);
    const neigh = edgeWeight === null
      ? gspmm(adj, 'copyLhs', this.aggregatorType, src, null)
      : gspmm(adj, 'mul', this.aggregatorType, src, edgeWeight.ndim === 1 ? edgeColumn(edgeWeight, adj.numEdges) : edgeWeight);
    let rst = add(mul(add(this.eps, 1), dst), neigh);
    if (this.applyFn !== null) rst = this.applyFn(rst);
    return this.activationFn === null ? rst : this.activationFn(rst);
  }

  override extraRepr(): string {
    const parts = [`applyFunc=${describeActivation(this.applyFunc)}`, `aggregator=${this.aggregatorType}`,
      `initEps=${this.initEps}`, `learnEps=${this.learnEps}`];
    if (this.activation !== null) parts.push(`activation=${describeActivation(this.activation)}`);
    return parts.join(', ');
  }

  override toString(): string { return oneLine(this); }
}

/** DGL's expand_as_pair for features of any trailing shape [N, *]: a pair, a block's first rows, or x twice. */
function featurePair(g: ConvGraph, adj: SparseAdj, feat: ConvInput): [Tensor, Tensor] {
  if (!(feat instanceof Tensor)) return [feat[0], feat[1]];
  if (!isBlock(g) && adj.numSrc !== adj.numDst) {
    throw new ShapeError(`GINConv: the graph is bipartite (${adj.numSrc} source and ${adj.numDst} destination nodes); ` +
      `pass features as a [featSrc, featDst] pair, not one tensor of shape ${formatShape(feat.shape)}`);
  }
  return [feat, dstRowsOfBlock(g, feat)];
}
