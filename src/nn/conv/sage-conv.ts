import { DeepGraphError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { zeros } from '../../tensor/creation.js';
import { add, mul } from '../../tensor/elementwise.js';
import { linear } from '../../tensor/linear.js';
import { relu } from '../../tensor/activation.js';
import { dropout } from '../../tensor/dropout.js';
import { isTracing } from '../../tensor/tape.js';
import type { SparseAdj } from '../../graph/sparse.js';
import { concat, narrow } from '../../tensor/movement.js';
import { indexSelect } from '../../tensor/indexing.js';
import { copyUMax, copyUMean, copyUSum, uMulEMax, uMulEMean, uMulESum } from '../../message/shortcuts.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { Linear } from '../linear.js';
import { LSTM } from '../lstm.js';
import { calculateGain, xavierUniform, zeros as zeroInit } from '../init.js';
import {
  type Activation, type ConvGraph, type ConvInput, adjOf, callableOf, checkRate, degreeNorm, dstRowsOfBlock, edgeColumn, expandAsPair, isBlock,
  featSizes, oneLine,
} from './util.js';

/** `SAGEConv`'s neighbour aggregator, as DGL names them. */
export type SAGEAggregator = 'mean' | 'gcn' | 'pool' | 'lstm';
const AGGREGATORS: readonly SAGEAggregator[] = ['mean', 'gcn', 'pool', 'lstm'];

/** Options of `SAGEConv`. */
export interface SAGEConvOptions {
  /** Dropout on the input features (default 0). */
  featDrop?: number;
  bias?: boolean;
  /** Applied to the output after the activation (e.g. an L2 normalisation or a LayerNorm module). */
  norm?: Activation | null;
  activation?: Activation | null;
  dtype?: FloatDType;
}

/** Per-call options of `SAGEConv.forward`. */
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
    const [xs, xd] = expandAsPair('SAGEConv', g, feat, [this.inSrcFeats, this.inDstFeats], { keepBlockWhole: true });
    const pair = !(feat instanceof Tensor);
    const src = dropout(xs, this.featDrop, this.training);
    const ew = opts.edgeWeight === undefined ? null : edgeColumn(opts.edgeWeight, adj.numEdges);
    if (this.aggregatorType === 'mean' && ew === null && !pair && isBlock(g) && this.projectsSourcesOnce(src)) {
      return this.finish(this.blockMeanProjected(adj, src));
    }
    // Dropout once, then the block's destinations are the first rows of the dropped sources (DGL).
    const dst = pair ? dropout(xd, this.featDrop, this.training) : dstRowsOfBlock(g, src);
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
        const hd = pair ? (linBefore ? this.fcNeigh.forward(dst) : dst) : dstRowsOfBlock(g, hs);
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
        neigh = this.fcNeigh.forward(this.lstmAggregate(adj, src, ew));
        break;
    }
    // fc_self(h) + b + neigh: the bias rides in the self projection's own op (added into its buffer).
    let rst: Tensor;
    if (this.fcSelf === null) rst = this.bias === null ? neigh : add(neigh, this.bias);
    else rst = add(linear(dst, this.fcSelf.weight, this.bias), neigh);
    return this.finish(rst);
  }

  private finish(rst: Tensor): Tensor {
    if (this.activation !== null) rst = this.activation(rst);
    return this.normFn === null ? rst : this.normFn(rst);
  }

  /**
   * Whether a block's sources go through one product with [W_neigh; W_self] rather than the self
   * projection reading a slice of them. The slice's backward builds a full-size [sources, in]
   * gradient and the tape adds it to the neighbour projection's: ~3 ns per element, more than the
   * 6·out FLOPs per element (forward and backward) that projecting every source row through W_self
   * costs while out is small. Only when the sources need a gradient (a hidden layer).
   */
  private projectsSourcesOnce(src: Tensor): boolean {
    return src.requiresGrad && !isTracing() && this.fcSelf !== null && this.inSrcFeats === this.inDstFeats && this.inSrcFeats > this.outFeats && this.outFeats <= 32;
  }

  /** Mean aggregator on a block: [h W_neigh^T | h W_self^T] for every source, the self half read at the destinations. */
  private blockMeanProjected(adj: SparseAdj, src: Tensor): Tensor {
    const out = this.outFeats;
    const both = linear(src, concat([this.fcNeigh.weight, this.fcSelf!.weight], 0));
    const neigh = copyUMean(adj, narrow(both, 1, 0, out));
    const self = narrow(narrow(both, 1, out, out), 0, 0, adj.numDst);
    const rst = add(self, neigh);
    return this.bias === null ? rst : add(rst, this.bias);
  }

  /**
   * The LSTM's last hidden state over each destination's neighbours in edge-id order (DGL's
   * mailbox order), run packed: destinations sorted by in-degree, step t batching every node
   * with more than t neighbours. Nodes without in-edges get 0.
   */
  private lstmAggregate(adj: SparseAdj, src: Tensor, ew: Tensor | null): Tensor {
    const pack = packNeighbours(adj);
    // Each step gathers its rows from the sources directly (its backward is an [N, F] scatter).
    const steps = pack.srcRows.map((rows, t) => {
      const x = indexSelect(src, 0, rows);
      return ew === null ? x : mul(x, indexSelect(ew, 0, pack.edgeRows[t]));
    });
    const last = this.lstm!.lastHiddenPacked(steps);
    // Row numDst-with-edges of `padded` is zero: where nodes without in-edges read.
    const padded = concat([last, zeros([1, this.inSrcFeats], { dtype: src.dtype })], 0);
    return indexSelect(padded, 0, pack.rowOfNode);
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

interface NeighbourPack {
  /** Per step t: the source node of the t-th in-edge of every destination with more than t. */
  srcRows: Int32Array[];
  /** Per step t: the ids of those edges. */
  edgeRows: Int32Array[];
  /** For each destination, its row in the sorted order (or the zero row past the end). */
  rowOfNode: Int32Array;
}

const packCache = new WeakMap<SparseAdj, NeighbourPack>();

/** The packed-sequence layout of every destination's in-edges, cached per (immutable) structure. */
function packNeighbours(adj: SparseAdj): NeighbourPack {
  const cached = packCache.get(adj);
  if (cached !== undefined) return cached;
  const { indptr, indices, eids } = adj.csc();
  const deg = adj.inDegrees();
  let maxDeg = 0;
  for (let v = 0; v < deg.length; v++) if (deg[v] > maxDeg) maxDeg = deg[v];
  // Counting sort by degree, longest first (ties by node id), nodes without edges last.
  const start = new Int32Array(maxDeg + 2);
  for (let v = 0; v < deg.length; v++) start[maxDeg - deg[v] + 1]++;
  for (let d = 1; d <= maxDeg + 1; d++) start[d] += start[d - 1];
  const sorted = new Int32Array(deg.length);
  for (let v = 0; v < deg.length; v++) sorted[start[maxDeg - deg[v]]++] = v;
  let alive = 0;
  while (alive < deg.length && deg[sorted[alive]] > 0) alive++;
  const rowOfNode = new Int32Array(deg.length).fill(alive);
  for (let i = 0; i < alive; i++) rowOfNode[sorted[i]] = i;
  const srcRows: Int32Array[] = [], edgeRows: Int32Array[] = [];
  for (let t = 0; t < maxDeg; t++) {
    while (deg[sorted[alive - 1]] <= t) alive--;
    const s = new Int32Array(alive), e = new Int32Array(alive);
    for (let i = 0; i < alive; i++) {
      const p = indptr[sorted[i]] + t;
      s[i] = indices[p];
      e[i] = eids === null ? p : eids[p];
    }
    srcRows.push(s);
    edgeRows.push(e);
  }
  const pack = { srcRows, edgeRows, rowOfNode };
  packCache.set(adj, pack);
  return pack;
}
