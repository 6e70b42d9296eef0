import { DeepGraphError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { abs, pow, sqrt } from '../../tensor/elementwise.js';
import { leakyRelu, relu } from '../../tensor/activation.js';
import { concat, narrow } from '../../tensor/movement.js';
import { noGrad } from '../../tensor/tape.js';
import type { SparseAdj } from '../../graph/sparse.js';
import { Graph } from '../../graph/graph.js';
import { gspmm } from '../../message/gspmm.js';
import { copyV } from '../../message/shortcuts.js';
import { gsddmm } from '../../message/gsddmm.js';
import { Module } from '../module.js';
import { ModuleList } from '../container.js';
import { Linear } from '../linear.js';
import { BatchNorm1d } from '../norm.js';
import { Dropout } from '../dropout.js';
import { type ConvGraph, adjOf, oneLine } from './util.js';
import { hasInEdgesMask } from './helpers.js';

/** A PNAConv neighbour aggregator (DGL's `aggregators` names): mean, max, min, std, var, sum, or the n-th root of the n-th central moment (moment3 .. moment5). */
export type PNAAggregator = 'mean' | 'max' | 'min' | 'std' | 'var' | 'sum' | 'moment3' | 'moment4' | 'moment5';
/** A PNAConv degree scaler (DGL's `scalers` names): identity, amplification (× log(d + 1) / delta) or attenuation (× delta / log(d + 1)). */
export type PNAScaler = 'identity' | 'amplification' | 'attenuation';
const AGGREGATORS: readonly PNAAggregator[] = ['mean', 'max', 'min', 'std', 'var', 'sum', 'moment3', 'moment4', 'moment5'];
const SCALERS: readonly PNAScaler[] = ['identity', 'amplification', 'attenuation'];

/** Options of PNAConv (DGL's `dgl.nn.PNAConv`): dropout (default 0), number of towers (default 1), edge feature size (default 0: none), residual (default true, used when inSize = outSize) and dtype. */
export interface PNAConvOptions { dropout?: number; numTowers?: number; edgeFeatSize?: number; residual?: boolean; dtype?: FloatDType }

/** A constant tensor of per-element signs (the sign's gradient is zero almost everywhere). */
function signOf(x: Tensor): Tensor {
  return noGrad(() => new Tensor((x.data as Float64Array).map(Math.sign), x.shape, x.dtype));
}

/** One aggregator over the in-edge messages of each destination (DGL's PNA aggregators); 0 without in-edges. */
function aggregate(adj: SparseAdj, msg: Tensor, agg: PNAAggregator): Tensor {
  const mean = (m: Tensor): Tensor => gspmm(adj, 'copyRhs', 'mean', null, m);
  const variance = (): Tensor => relu(mean(msg.square()).sub(mean(msg).square()));
  switch (agg) {
    case 'mean': return mean(msg);
    case 'sum': case 'max': case 'min': return gspmm(adj, 'copyRhs', agg, null, msg);
    case 'var': return variance();
    case 'std': return sqrt(variance().add(1e-30));
    default: {
      const n = Number(agg.slice(-1));
      const dev = msg.sub(copyV(adj, mean(msg)));
      const hn = mean(pow(dev, n));
      return signOf(hn).mul(pow(abs(hn).add(1e-30), 1 / n));
    }
  }
}

/** One PNA tower: M on [h_u ‖ h_v (‖ e)], aggregators × scalers, U on [h ‖ aggregated], graph-size norm, batch norm. */
class PNAConvTower extends Module {
  readonly M: Linear;
  readonly U: Linear;
  readonly batchnorm: BatchNorm1d;
  readonly dropout: Dropout;

  constructor(readonly inSize: number, readonly outSize: number, readonly aggregators: readonly PNAAggregator[],
    readonly scalers: readonly PNAScaler[], readonly delta: number, dropout: number, readonly edgeFeatSize: number, dtype: FloatDType) {
    super();
    this.M = this.registerModule('M', new Linear(2 * inSize + edgeFeatSize, inSize, { dtype }));
    this.U = this.registerModule('U', new Linear((aggregators.length * scalers.length + 1) * inSize, outSize, { dtype }));
    this.dropout = this.registerModule('dropout', new Dropout(dropout));
    this.batchnorm = this.registerModule('batchnorm', new BatchNorm1d(outSize, { dtype }));
  }

  forward(g: ConvGraph, h: Tensor, edgeFeat: Tensor | null): Tensor {
    const adj = adjOf(g);
    // M(cat[h_u, h_v, e]) = M_u h_u + M_v h_v + M_e e: split the weight instead of materialising the concatenation.
    const w = this.M.weight, n = this.inSize;
    const part = (x: Tensor, from: number, len: number): Tensor => x.matmul(narrow(w, 1, from, len).transpose(0, 1));
    let msg = gsddmm(adj, 'add', part(h, 0, n), part(h, n, n), { lhsTarget: 'u', rhsTarget: 'v' });
    if (this.edgeFeatSize > 0) {
      if (edgeFeat === null) throw new DeepGraphError('PNAConv: edgeFeatSize > 0 but no edge features were given');
      msg = msg.add(part(edgeFeat, 2 * n, this.edgeFeatSize));
    }
    msg = msg.add(this.M.bias!);
    const mask = hasInEdgesMask(adj, h.dtype as FloatDType);
    const aggregated = concat(this.aggregators.map((a) => aggregate(adj, msg, a)), 1).mul(mask);
    const deg = adj.inDegrees();
    const logd = (f: (l: number) => number): Tensor => {
      const vals = Array.from(deg, (d) => (d === 0 ? 0 : f(Math.log(d + 1))));
      return new Tensor(h.dtype === 'float64' ? Float64Array.from(vals) : Float32Array.from(vals), [deg.length, 1], h.dtype);
    };
    const scaled = this.scalers.map((s) => (s === 'identity' ? aggregated
      : aggregated.mul(logd(s === 'amplification' ? (l) => l / this.delta : (l) => this.delta / l))));
    let out = this.U.forward(concat([h, ...scaled], 1));
    // DGL scales by sqrt(1 / size of the node's graph) (snorm_n).
    const sizes = g instanceof Graph ? g.batchNumNodes() : Int32Array.of(adj.numDst);
    const snorm: number[] = [];
    for (const sz of sizes) for (let i = 0; i < sz; i++) snorm.push(Math.sqrt(1 / sz));
    out = out.mul(new Tensor(h.dtype === 'float64' ? Float64Array.from(snorm) : Float32Array.from(snorm), [snorm.length, 1], h.dtype));
    return this.dropout.forward(this.batchnorm.forward(out));
  }
}

/**
 * Principal Neighbourhood Aggregation (Corso et al.; DGL's PNAConv): towers of
 *   h_i' = U(h_i, ⊕_{j ∈ N(i)} M(h_i, h_j, e_ij)), ⊕ = aggregators × degree scalers,
 * concatenated and mixed by Linear + LeakyReLU, plus h when inSize = outSize and residual.
 * delta is E[log(d + 1)] over the training graphs.
 */
export class PNAConv extends Module {
  readonly towers: ModuleList;
  readonly mixingLayer: Linear;
  readonly residual: boolean;
  readonly towerInSize: number;

  constructor(readonly inSize: number, readonly outSize: number, readonly aggregators: readonly PNAAggregator[],
    readonly scalers: readonly PNAScaler[], readonly delta: number, opts: PNAConvOptions = {}) {
    super();
    for (const a of aggregators) if (!AGGREGATORS.includes(a)) throw new DeepGraphError(`PNAConv: unknown aggregator '${a}'; expected one of ${AGGREGATORS.join(', ')}`);
    for (const s of scalers) if (!SCALERS.includes(s)) throw new DeepGraphError(`PNAConv: unknown scaler '${s}'; expected one of ${SCALERS.join(', ')}`);
    const towers = opts.numTowers ?? 1;
    if (inSize % towers !== 0 || outSize % towers !== 0) throw new DeepGraphError(`PNAConv: inSize ${inSize} and outSize ${outSize} must be divisible by numTowers ${towers}`);
    this.towerInSize = inSize / towers;
    const dtype = opts.dtype ?? 'float32';
    this.towers = this.registerModule('towers', new ModuleList(Array.from({ length: towers }, () => new PNAConvTower(
      inSize / towers, outSize / towers, aggregators, scalers, delta, opts.dropout ?? 0, opts.edgeFeatSize ?? 0, dtype))));
    this.mixingLayer = this.registerModule('mixingLayer', new Linear(outSize, outSize, { dtype }));
    this.residual = (opts.residual ?? true) && inSize === outSize;
  }

  /** nodeFeat [N, inSize], edgeFeat [E, edgeFeatSize] when configured; returns [N, outSize]. */
  forward(g: ConvGraph, nodeFeat: Tensor, edgeFeat: Tensor | null = null): Tensor {
    const parts = [...this.towers].map((t, i) => (t as PNAConvTower).forward(g, narrow(nodeFeat, 1, i * this.towerInSize, this.towerInSize), edgeFeat));
    const out = leakyRelu(this.mixingLayer.forward(concat(parts, 1)));
    return this.residual ? out.add(nodeFeat) : out;
  }

  override extraRepr(): string {
    return `${this.inSize}, ${this.outSize}, aggregators=[${this.aggregators.join(', ')}], scalers=[${this.scalers.join(', ')}], delta=${this.delta}`;
  }
  override toString(): string { return oneLine(this); }
}
