import { ShapeError, formatShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { zeros } from '../../tensor/creation.js';
import { add, mul } from '../../tensor/elementwise.js';
import { matmul } from '../../tensor/matmul.js';
import { narrow, reshape } from '../../tensor/movement.js';
import { gatherRows } from '../../message/gather.js';
import { groupByType, invertPermutation, segmentMm } from '../../message/gather-mm.js';
import { copyESum } from '../../message/shortcuts.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { Dropout } from '../dropout.js';
import { LayerNorm } from '../norm.js';
import { calculateGain, xavierUniform, zeros as zeroInit } from '../init.js';
import { TypedLinear, typeIds, type TypedRegularizer } from '../typed-linear.js';
import { adjOf, callableOf, checkRate, type Activation, type ConvGraph } from './util.js';

/** Options of `RelGraphConv`. */
export interface RelGraphConvOptions {
  /** Weight decomposition: 'basis', 'bdd' (block-diagonal) or null (one full matrix per relation; default). */
  regularizer?: TypedRegularizer | null;
  /** Number of bases / blocks; defaults to numRels when a regularizer is set (DGL). */
  numBases?: number;
  bias?: boolean;
  /** A function such as dg.relu, or a module (registered as 'activation'). */
  activation?: Activation | null;
  /** Add W_0 h_i (default true). */
  selfLoop?: boolean;
  dropout?: number;
  /** LayerNorm on the aggregated messages, before the bias (default false). */
  layerNorm?: boolean;
  dtype?: FloatDType;
}

/** Per-call options of `RelGraphConv.forward`. */
export interface RelGraphConvForwardOptions {
  /** Edge normaliser e_{j,i}, [E, 1] (e.g. 1 / in-degree of the destination per relation). */
  norm?: Tensor | null;
  /** Edges are already sorted by type (skips the grouping permutation). */
  presorted?: boolean;
}

/**
 * Relational graph convolution (Schlichtkrull et al. 2018; DGL's RelGraphConv):
 *   h_i' = act( sum_r sum_{j in N_r(i)} e_ji W_r h_j  +  W_0 h_i  + b ),
 * on a homogeneous graph (or block) whose edges carry relation ids `etypes` in [0, numRels).
 * Messages are computed relation by relation as one matmul per relation on the gathered source
 * rows (DGL's gather_mm), then summed per destination by one g-SpMM.
 */
export class RelGraphConv extends Module {
  readonly linearR: TypedLinear;
  readonly hBias: Parameter | null;
  readonly layerNormWeight: LayerNorm | null;
  readonly loopWeight: Parameter | null;
  readonly dropout: Dropout;
  /** The output activation, or null. */
  readonly activation: ((x: Tensor) => Tensor) | null;

  constructor(readonly inFeat: number, readonly outFeat: number, readonly numRels: number, opts: RelGraphConvOptions = {}) {
    super();
    const dtype = opts.dtype ?? 'float32';
    const regularizer = opts.regularizer ?? null;
    const numBases = regularizer === null ? undefined : opts.numBases ?? numRels;
    this.linearR = this.registerModule('linearR', new TypedLinear(inFeat, outFeat, numRels, { regularizer, numBases, dtype }));
    this.hBias = this.registerParameter('hBias', (opts.bias ?? true) ? new Parameter(zeros([outFeat], { dtype })) : null);
    this.layerNormWeight = opts.layerNorm ? this.registerModule('layerNormWeight', new LayerNorm(outFeat, { dtype })) : null;
    this.loopWeight = this.registerParameter('loopWeight',
      (opts.selfLoop ?? true) ? new Parameter(zeros([inFeat, outFeat], { dtype })) : null);
    this.dropout = this.registerModule('dropout', new Dropout(checkRate('RelGraphConv: dropout', opts.dropout ?? 0)));
    this.activation = callableOf(this, 'activation', opts.activation);
    this.resetParameters();
  }

  /** DGL's initialisation: TypedLinear's, bias zero, self-loop weight xavier uniform with relu gain. */
  resetParameters(): void {
    this.linearR.resetParameters();
    if (this.hBias !== null) zeroInit(this.hBias);
    if (this.loopWeight !== null) xavierUniform(this.loopWeight, calculateGain('relu'));
    if (this.layerNormWeight !== null) {
      this.layerNormWeight.weight?.data.fill(1);
      this.layerNormWeight.bias?.data.fill(0);
    }
  }

  /**
   * g: one relation (a homogeneous graph, a block, or its SparseAdj); feat [numSrc, inFeat]; etypes: one relation id
   * per edge (int32 tensor, Int32Array or numbers, as DGL's g.edata[dgl.ETYPE]). Returns [numDst, outFeat].
   */
  forward(g: ConvGraph, feat: Tensor, etypes: Tensor | Int32Array | readonly number[], opts: RelGraphConvForwardOptions = {}): Tensor {
    const adj = adjOf(g);
    if (feat.ndim !== 2 || feat.shape[0] !== adj.numSrc || feat.shape[1] !== this.inFeat) {
      throw new ShapeError(`RelGraphConv: feat of shape ${formatShape(feat.shape)} must be [${adj.numSrc}, ${this.inFeat}] ` +
        `(source nodes, inFeat)`);
    }
    const E = adj.numEdges;
    const types = typeIds('RelGraphConv: etypes', etypes, E, this.numRels);
    const { src } = adj.coo();
    let messages: Tensor;
    if (this.linearR.regularizer === 'bdd') {
      messages = this.linearR.forward(gatherRows(feat, src), types, opts.presorted ?? false);
    } else {
      // One gather brings every edge's source row into relation order; each relation is then one matmul.
      const { order, counts } = opts.presorted ? { order: null, counts: countSorted(types, this.numRels) }
        : groupByType('RelGraphConv: etypes', types, this.numRels);
      let srcRows = src;
      if (order !== null) {
        srcRows = new Int32Array(E);
        for (let i = 0; i < E; i++) srcRows[i] = src[order[i]];
      }
      const sorted = segmentMm(gatherRows(feat, srcRows), this.linearR.getWeight(), counts);
      messages = order === null ? sorted : gatherRows(sorted, invertPermutation(order));
    }
    if (opts.norm !== undefined && opts.norm !== null) messages = mul(messages, edgeNorm(opts.norm, E));
    let h = copyESum(adj, messages);
    if (this.layerNormWeight !== null) h = this.layerNormWeight.forward(h);
    if (this.hBias !== null) h = add(h, this.hBias);
    if (this.loopWeight !== null) h = add(h, matmul(narrow(feat, 0, 0, adj.numDst), this.loopWeight));
    if (this.activation !== null) h = this.activation(h);
    return this.dropout.forward(h);
  }

  override extraRepr(): string {
    const reg = this.linearR.regularizer === null ? '' : `, regularizer=${this.linearR.regularizer}, numBases=${this.linearR.numBases}`;
    const flags = [this.hBias === null ? 'bias=false' : '', this.loopWeight === null ? 'selfLoop=false' : '',
      this.layerNormWeight !== null ? 'layerNorm=true' : '', this.dropout.p > 0 ? `dropout=${this.dropout.p}` : '']
      .filter((s) => s !== '').map((s) => `, ${s}`).join('');
    return `${this.inFeat}, ${this.outFeat}, numRels=${this.numRels}${reg}${flags}`;
  }

  override toString(): string { return `RelGraphConv(${this.extraRepr()})`; }
}

function countSorted(types: Int32Array, numTypes: number): Int32Array {
  const counts = new Int32Array(numTypes);
  for (let i = 0; i < types.length; i++) {
    if (i > 0 && types[i] < types[i - 1]) throw new RangeError(`RelGraphConv: presorted but etypes decrease at edge ${i}`);
    counts[types[i]]++;
  }
  return counts;
}

/** The edge normaliser as [E, 1] (an [E] vector is accepted). */
function edgeNorm(norm: Tensor, E: number): Tensor {
  if (norm.shape[0] !== E || norm.size !== E) {
    throw new ShapeError(`RelGraphConv: norm of shape ${formatShape(norm.shape)} must be [${E}, 1] (one value per edge)`);
  }
  return norm.ndim === 2 ? norm : reshape(norm, [E, 1]);
}
