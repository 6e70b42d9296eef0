import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { full } from '../../tensor/creation.js';
import { relu } from '../../tensor/activation.js';
import { gsddmm } from '../../message/gsddmm.js';
import { copyESum } from '../../message/shortcuts.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { type Activation, type ConvGraph, type ConvInput, adjOf, callableOf, dstRowsOfBlock, oneLine } from './util.js';
import { describeActivation, resetModule } from './helpers.js';

/** Options of GINEConv (DGL's `dgl.nn.GINEConv`): the function applied to the result, the initial ε (default 0), whether ε is learnt (default false) and dtype. */
export interface GINEConvOptions { applyFunc?: Activation | null; initEps?: number; learnEps?: boolean; dtype?: FloatDType }

/**
 * GIN with edge features (Hu et al., "Strategies for Pre-training GNNs"; DGL's GINEConv):
 *   h_i' = f_Θ((1 + ε) h_i + Σ_{j ∈ N(i)} ReLU(h_j + e_ji))
 * Edge features must have the node feature size. The messages are one g-SDDMM (u + e), the sum
 * one g-SpMM.
 */
export class GINEConv extends Module {
  readonly eps: Tensor;
  readonly initEps: number;
  readonly learnEps: boolean;
  private readonly applyFn: ((x: Tensor) => Tensor) | null;

  constructor(readonly opts: GINEConvOptions = {}) {
    super();
    this.initEps = opts.initEps ?? 0;
    this.learnEps = opts.learnEps ?? false;
    this.applyFn = callableOf(this, 'applyFunc', opts.applyFunc);
    const eps = full([1], this.initEps, { dtype: opts.dtype ?? 'float32' });
    this.eps = this.learnEps ? this.registerParameter('eps', new Parameter(eps)) : this.registerBuffer('eps', eps);
  }

  /** Sets ε back to initEps and resets applyFunc when it is a Module. */
  resetParameters(): void {
    this.eps.data.fill(this.initEps);
    if (this.opts.applyFunc instanceof Module) resetModule(this.opts.applyFunc);
  }

  /** nodeFeat [N, D] (or a pair), edgeFeat [E, D]; returns [numDst, D] through applyFunc. */
  forward(g: ConvGraph, nodeFeat: ConvInput, edgeFeat: Tensor): Tensor {
    const adj = adjOf(g);
    const [src, dst] = Array.isArray(nodeFeat) ? nodeFeat as readonly [Tensor, Tensor] : [nodeFeat as Tensor, dstRowsOfBlock(g, nodeFeat as Tensor)];
    const messages = relu(gsddmm(adj, 'add', src, edgeFeat, { lhsTarget: 'u', rhsTarget: 'e' }));
    const rst = this.eps.add(1).mul(dst).add(copyESum(adj, messages));
    return this.applyFn === null ? rst : this.applyFn(rst);
  }

  override extraRepr(): string {
    return `applyFunc=${describeActivation(this.opts.applyFunc ?? null)}, initEps=${this.initEps}, learnEps=${this.learnEps}`;
  }

  override toString(): string { return oneLine(this); }
}
