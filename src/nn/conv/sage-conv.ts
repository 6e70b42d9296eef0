import { DeepGraphError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { zeros } from '../../tensor/creation.js';
import { add, mul } from '../../tensor/elementwise.js';
import { relu } from '../../tensor/activation.js';
import { dropout } from '../../tensor/dropout.js';
import type { SparseAdj } from '../../graph/sparse.js';
import { copyU, copyUMax, copyUMean, copyUSum, uMulE, uMulEMax, uMulEMean, uMulESum } from '../../message/shortcuts.js';
import { reduceUdf } from '../../message/lower.js';
import { recordSource } from '../../message/batch.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { Linear } from '../linear.js';
import { LSTM } from '../lstm.js';
import { calculateGain, xavierUniform, zeros as zeroInit } from '../init.js';
import {
  type Activation, type ConvGraph, type ConvInput, adjOf, callableOf, checkRate, degreeNorm, dstRowsOfBlock, edgeColumn, expandAsPair,
  featSizes, oneLine,
} from './util.js';

export type SAGEAggregator = 'mean' | 'gcn' | 'pool' | 'lstm';
const AGGREGATORS: readonly SAGEAggregator[] = ['mean', 'gcn', 'pool', 'lstm'];

export interface SAGEConvOptions {
  /** Dropout on the input features (default 0). */
  featDrop?: number;
  bias?: boolean;
  /** Applied to the output after the activation (e.g. an L2 normalisation or a LayerNorm module). */
  norm?: Activation | null;
  activation?: Activation | null;
  dtype?: FloatDType;
}

export interface SAGEConvForwardOptions {
  /** One scalar per edge ([E] or [E, 1]) multiplying each neighbour's features before aggregation. */
  edgeWeight?: Tensor;
}

/**
 * GraphSAGE layer (Hamilton et al., DGL's SAGEConv): h_i = norm(act(W_self h_i + W_neigh agg_j h_j + b)).
 * 'mean' averages neighbours; 'gcn' averages neighbours and the node itself and has no W_self;
 * 'pool' takes the max of relu(W_pool h_j + b_pool); 'lstm' runs an LSTM over the neighbours in
 * edge-id order (nodes are grouped by in-degree) and takes its last hidden state. Takes
 * homogeneous graphs, bipartite graphs ([featSrc, featDst]) and blocks (as sampled minibatches).
 */
export class SAGEConv extends Module {
  readonly inSrcFeats: number;
  readonly inDstFeats: number;
  readonly fcPool: Linear | null;
  readonly lstm: LSTM | null;
  readonly fcSelf: Linear | null;
  readonly fcNeigh: Linear;
  readonly bias: Parameter | null;
  readonly featDrop: number;
  private readonly activation: ((x: Tensor) => Tensor) | null;
  private readonly normFn: ((x: Tensor) => Tensor) | null;

  constructor(inFeats: number | readonly [number, number], readonly outFeats: number, readonly aggregatorType: SAGEAggregator,
    opts: SAGEConvOptions = {}) {
    super();
    if (!AGGREGATORS.includes(aggregatorType)) {
      throw new DeepGraphError(`SAGEConv: unknown aggregator '${String(aggregatorType)}'; expected one of ${AGGREGATORS.map((a) => `'${a}'`).join(', ')}`);
    }
    [this.inSrcFeats, this.inDstFeats] = featSizes(inFeats);
    if (aggregatorType === 'gcn' && this.inSrcFeats !== this.inDstFeats) {
      throw new DeepGraphError(`SAGEConv: the 'gcn' aggregator needs equal source and destination sizes, got ${this.inSrcFeats} and ${this.inDstFeats}`);
    }
    const dtype = opts.dtype ?? 'float32';
    this.featDrop = checkRate('featDrop', opts.featDrop ?? 0);
    this.fcPool = aggregatorType === 'pool' ? this.registerModule('fcPool', new Linear(this.inSrcFeats, this.inSrcFeats, { dtype })) : null;
    this.lstm = aggregatorType === 'lstm'
      ? this.registerModule('lstm', new LSTM(this.inSrcFeats, this.inSrcFeats, { batchFirst: true, dtype })) : null;
    this.fcSelf = aggregatorType === 'gcn' ? null : this.registerModule('fcSelf', new Linear(this.inDstFeats, outFeats, { bias: false, dtype }));
    this.fcNeigh = this.registerModule('fcNeigh', new Linear(this.inSrcFeats, outFeats, { bias: false, dtype }));
    this.bias = this.registerParameter('bias', (opts.bias ?? true) ? new Parameter(zeros([outFeats], { dtype })) : null);
    this.activation = callableOf(this, 'activation', opts.activation);
    this.normFn = callableOf(this, 'norm', opts.norm);
    this.resetParameters();
  }

  /** Xavier-uniform (ReLU gain) projections, PyTorch's LSTM init, zero bias (DGL). */
  resetParameters(): void {
    const gain = calculateGain('relu');
    if (this.fcPool !== null) { this.fcPool.resetParameters(); xavierUniform(this.fcPool.weight, gain); }
    this.lstm?.resetParameters();
    if (this.fcSelf !== null) xavierUniform(this.fcSelf.weight, gain);
    xavierUniform(this.fcNeigh.weight, gain);
    if (this.bias !== null) zeroInit(this.bias);
  }

  forward(g: ConvGraph, feat: ConvInput, opts: SAGEConvForwardOptions = {}): Tensor {
    const adj = adjOf(g);
    const [xs, xd] = expandAsPair('SAGEConv', g, feat, [this.inSrcFeats, this.inDstFeats]);
    const pair = !(feat instanceof Tensor);
    const src = dropout(xs, this.featDrop, this.training);
    // Dropout once, then the block's destinations are the first rows of the dropped sources (DGL).
    const dst = pair ? dropout(xd, this.featDrop, this.training) : xs === xd ? src : dstRowsOfBlock(g, src);
    const ew = opts.edgeWeight === undefined ? null : edgeColumn(opts.edgeWeight, adj.numEdges);
    // Project before aggregating when that shrinks what the sparse pass moves: A(XW) = (AX)W.
    const linBefore = this.inSrcFeats > this.outFeats;
    let neigh: Tensor;
    switch (this.aggregatorType) {
      case 'mean': {
        const h = linBefore ? this.fcNeigh.forward(src) : src;
        neigh = ew === null ? copyUMean(adj, h) : uMulEMean(adj, h, ew);
        if (!linBefore) neigh = this.fcNeigh.forward(neigh);
        break;
      }
      case 'gcn': {
        const hs = linBefore ? this.fcNeigh.forward(src) : src;
        const hd = pair ? (linBefore ? this.fcNeigh.forward(dst) : dst) : xs === xd ? hs : dstRowsOfBlock(g, hs);
        const summed = ew === null ? copyUSum(adj, hs) : uMulESum(adj, hs, ew);
        neigh = mul(add(summed, hd), degreeNorm(adj, 'in', -1, hs.dtype as FloatDType, true));
        if (!linBefore) neigh = this.fcNeigh.forward(neigh);
        break;
      }
      case 'pool': {
        const h = relu(this.fcPool!.forward(src));
        neigh = this.fcNeigh.forward(ew === null ? copyUMax(adj, h) : uMulEMax(adj, h, ew));
        break;
      }
      case 'lstm':
        neigh = this.fcNeigh.forward(this.lstmAggregate(adj, ew === null ? copyU(adj, src) : uMulE(adj, src, ew)));
        break;
    }
    let rst = this.fcSelf === null ? neigh : add(this.fcSelf.forward(dst), neigh);
    if (this.bias !== null) rst = add(rst, this.bias);
    if (this.activation !== null) rst = this.activation(rst);
    return this.normFn === null ? rst : this.normFn(rst);
  }

  /** The LSTM's last hidden state over each destination's messages [E, F], nodes bucketed by in-degree. */
  private lstmAggregate(adj: SparseAdj, messages: Tensor): Tensor {
    const none = recordSource({}, 'SAGEConv');
    const out = reduceUdf({ adj, src: none, dst: none, edges: none, edgeIds: null }, { m: messages }, (nodes) => {
      const [, [h]] = this.lstm!.forward(nodes.mailbox.m);
      return { neigh: h.reshape([nodes.batchSize, this.inSrcFeats]) };
    });
    return out.neigh ?? zeros([adj.numDst, this.inSrcFeats], { dtype: messages.dtype });
  }

  override extraRepr(): string {
    const inText = this.inSrcFeats === this.inDstFeats ? `${this.inSrcFeats}` : `(${this.inSrcFeats}, ${this.inDstFeats})`;
    const extra = [`${inText}, ${this.outFeats}, aggr=${this.aggregatorType}`];
    if (this.featDrop > 0) extra.push(`featDrop=${this.featDrop}`);
    if (this.bias === null) extra.push('bias=false');
    return extra.join(', ');
  }

  override toString(): string { return oneLine(this); }
}
