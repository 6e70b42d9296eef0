import { DeepGraphError, ShapeError, formatShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { zeros } from '../../tensor/creation.js';
import { add, mul } from '../../tensor/elementwise.js';
import { matmul } from '../../tensor/matmul.js';
import { copyUSum, uMulESum } from '../../message/shortcuts.js';
import { sparseRowsMatmul } from '../../message/sparse-rows.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { xavierUniform, zeros as zeroInit } from '../init.js';
import { type Activation, type ConvGraph, type ConvInput, adjOf, callableOf, checkZeroInDegree, edgeColumn, edgeDegreeNorm, expandAsPair, oneLine } from './util.js';

/** x [N, *, F] times W [F, O] on the last dimension (x as [N*, F] rows). */
function rowMatmul(x: Tensor, w: Tensor): Tensor {
  if (x.ndim === 2) return sparseRowsMatmul(x, w) ?? matmul(x, w);
  const rows = x.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  return matmul(x.reshape([rows, x.shape[x.ndim - 1]]), w).reshape([...x.shape.slice(0, -1), w.shape[1]]);
}

/** `GraphConv`'s normalisation: both sides (1/√(d_out d_in), the GCN paper's), right (1/d_in, mean), left (1/d_out) or none. */
export type GraphConvNorm = 'both' | 'right' | 'left' | 'none';

/** Options of `GraphConv`. */
export interface GraphConvOptions {
  /**
   * 'both' (default): sum_j h_j / sqrt(outdeg(j) indeg(i)) as in the GCN paper; 'right': divide the
   * sum by the in-degree (a mean); 'left': divide each message by its source's out-degree; 'none'.
   * Degrees are edge counts clamped to at least 1, also when edge weights are given.
   */
  norm?: GraphConvNorm;
  /** Own a learnable [inFeats, outFeats] weight (default true); without one, forward may take opts.weight. */
  weight?: boolean;
  bias?: boolean;
  activation?: Activation | null;
  /** Skip the check that every destination has an in-edge (default false: the check throws). */
  allowZeroInDegree?: boolean;
  dtype?: FloatDType;
}

/** Per-call options of `GraphConv.forward`. */
export interface GraphConvForwardOptions {
  /** One scalar per edge ([E] or [E, 1]) that multiplies each message. */
  edgeWeight?: Tensor;
  /** An external [inFeats, outFeats] weight, for a layer built with weight: false. */
  weight?: Tensor;
}

const NORMS: readonly GraphConvNorm[] = ['both', 'right', 'left', 'none'];

/**
 * Graph convolution of Kipf & Welling (DGL's GraphConv): h_i = act(b + sum_{j in N(i)} h_j W / c_ji).
 * Runs on homogeneous graphs, bipartite graphs and blocks (source features in, destination
 * features out); features may be [N, *, inFeats], as DGL's. When inFeats > outFeats the features are multiplied by W before aggregation,
 * so the sparse pass moves the narrower rows.
 * @example
 * ```ts
 * import * as dg from 'deepgraph';
 * const g = dg.addSelfLoop(dg.graph([[0, 1, 2], [1, 2, 0]]));
 * const conv = new dg.nn.GraphConv(4, 2, { activation: dg.relu });
 * const h = conv.forward(g, dg.randn([3, 4]));  // shape [3, 2]
 * h.sum().backward();                           // gradients reach conv.weight.grad
 * ```
 */
export class GraphConv extends Module {
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly norm: GraphConvNorm;
  allowZeroInDegree: boolean;
  private readonly activation: ((x: Tensor) => Tensor) | null;

  constructor(readonly inFeats: number, readonly outFeats: number, opts: GraphConvOptions = {}) {
    super();
    this.norm = opts.norm ?? 'both';
    if (!NORMS.includes(this.norm)) {
      throw new DeepGraphError(`GraphConv: invalid norm '${String(this.norm)}'; expected one of ${NORMS.map((n) => `'${n}'`).join(', ')}`);
    }
    const dtype = opts.dtype ?? 'float32';
    this.weight = this.registerParameter('weight', (opts.weight ?? true) ? new Parameter(zeros([inFeats, outFeats], { dtype })) : null);
    this.bias = this.registerParameter('bias', (opts.bias ?? true) ? new Parameter(zeros([outFeats], { dtype })) : null);
    this.allowZeroInDegree = opts.allowZeroInDegree ?? false;
    this.activation = callableOf(this, 'activation', opts.activation);
    this.resetParameters();
  }

  /** Glorot-uniform weight, zero bias (DGL). */
  resetParameters(): void {
    if (this.weight !== null) xavierUniform(this.weight);
    if (this.bias !== null) zeroInit(this.bias);
  }

  forward(g: ConvGraph, feat: ConvInput, opts: GraphConvForwardOptions = {}): Tensor {
    const adj = adjOf(g);
    if (!this.allowZeroInDegree) checkZeroInDegree('GraphConv', adj);
    const [src] = expandAsPair('GraphConv', g, feat, [this.weight === null && opts.weight === undefined ? null : this.inFeats, null],
      { extraDims: true, srcOnly: true });
    const weight = this.resolveWeight(opts.weight);
    // Both degree scalings ride on the edges of the one g-SpMM (cached per graph), times the
    // edge weights when given: sum_j e_ji h_j / c_ji.
    const power = this.norm === 'both' ? -0.5 : -1;
    const srcPower = this.norm === 'left' || this.norm === 'both' ? power : null;
    const dstPower = this.norm === 'right' || this.norm === 'both' ? power : null;
    let edgeValues = srcPower === null && dstPower === null ? null : edgeDegreeNorm(adj, srcPower, dstPower, src.dtype as FloatDType);
    if (opts.edgeWeight !== undefined) {
      const w = edgeColumn(opts.edgeWeight, adj.numEdges);
      edgeValues = edgeValues === null ? w : mul(w, edgeValues);
    }
    const aggregate = (h: Tensor): Tensor => (edgeValues === null ? copyUSum(adj, h) : uMulESum(adj, h, edgeValues));
    // Aggregation commutes with the right-multiplication by W: multiply on the narrower side.
    const narrowFirst = weight !== null && this.inFeats > this.outFeats;
    let rst = narrowFirst ? aggregate(rowMatmul(src, weight)) : aggregate(src);
    if (weight !== null && !narrowFirst) rst = rowMatmul(rst, weight);
    if (this.bias !== null) rst = add(rst, this.bias);
    return this.activation === null ? rst : this.activation(rst);
  }

  private resolveWeight(external: Tensor | undefined): Tensor | null {
    if (external === undefined) return this.weight;
    if (this.weight !== null) {
      throw new DeepGraphError('GraphConv: an external weight was given but the layer has its own weight parameter; ' +
        'build the layer with weight: false to pass weights in forward');
    }
    if (external.ndim !== 2 || external.shape[0] !== this.inFeats || external.shape[1] !== this.outFeats) {
      throw new ShapeError(`GraphConv: external weight has shape ${formatShape(external.shape)}, expected [${this.inFeats}, ${this.outFeats}]`);
    }
    return external;
  }

  override extraRepr(): string {
    const extra: string[] = [];
    if (this.norm !== 'both') extra.push(`norm=${this.norm}`);
    if (this.weight === null) extra.push('weight=false');
    if (this.bias === null) extra.push('bias=false');
    return [`${this.inFeats}, ${this.outFeats}`, ...extra].join(', ');
  }

  override toString(): string { return oneLine(this); }
}

