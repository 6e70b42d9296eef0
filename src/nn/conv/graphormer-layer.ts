import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { Module } from '../module.js';
import { Linear } from '../linear.js';
import { Dropout } from '../dropout.js';
import { LayerNorm } from '../norm.js';
import { Sequential } from '../container.js';
import { ReLU } from '../activation.js';
import { BiasedMHA } from './biased-mha.js';
import { oneLine } from './util.js';

/** Options of GraphormerLayer (DGL's `dgl.nn.GraphormerLayer`): attention bias type, pre- or post-LN, dropout and attention dropout (default 0.1 each), FFN activation (default ReLU) and dtype. */
export interface GraphormerLayerOptions {
  attnBiasType?: 'add' | 'mul';
  /** Layer norm before attention and FFN (pre-LN) instead of after (default false). */
  normFirst?: boolean;
  dropout?: number;
  attnDropout?: number;
  activation?: Module;
  dtype?: FloatDType;
}

/**
 * A Graphormer encoder layer (Ying et al.; DGL's GraphormerLayer): biased multi-head attention and
 * a feed-forward block, each with a residual connection and layer norm, on padded batches
 * nfeat [B, N, F] with attnBias [B, N, N, H] (e.g. from SpatialEncoder) and attnMask [B, N, N].
 */
export class GraphormerLayer extends Module {
  readonly attn: BiasedMHA;
  readonly ffn: Sequential;
  readonly dropout: Dropout;
  readonly attnLayerNorm: LayerNorm;
  readonly ffnLayerNorm: LayerNorm;
  readonly normFirst: boolean;

  constructor(readonly featSize: number, readonly hiddenSize: number, readonly numHeads: number, opts: GraphormerLayerOptions = {}) {
    super();
    const dtype = opts.dtype ?? 'float32';
    const p = opts.dropout ?? 0.1;
    this.normFirst = opts.normFirst ?? false;
    this.attn = this.registerModule('attn', new BiasedMHA(featSize, numHeads, { attnBiasType: opts.attnBiasType, attnDrop: opts.attnDropout ?? 0.1, dtype }));
    this.ffn = this.registerModule('ffn', new Sequential(new Linear(featSize, hiddenSize, { dtype }), opts.activation ?? new ReLU(),
      new Dropout(p), new Linear(hiddenSize, featSize, { dtype }), new Dropout(p)));
    this.dropout = this.registerModule('dropout', new Dropout(p));
    this.attnLayerNorm = this.registerModule('attnLayerNorm', new LayerNorm(featSize, { dtype }));
    this.ffnLayerNorm = this.registerModule('ffnLayerNorm', new LayerNorm(featSize, { dtype }));
  }

  forward(nfeat: Tensor, attnBias: Tensor | null = null, attnMask: Tensor | null = null): Tensor {
    let h = this.normFirst ? this.attnLayerNorm.forward(nfeat) : nfeat;
    h = nfeat.add(this.dropout.forward(this.attn.forward(h, attnBias, attnMask)));
    if (!this.normFirst) h = this.attnLayerNorm.forward(h);
    const residual = h;
    h = this.ffn.forward(this.normFirst ? this.ffnLayerNorm.forward(h) : h) as Tensor;
    h = residual.add(h);
    return this.normFirst ? h : this.ffnLayerNorm.forward(h);
  }

  override extraRepr(): string { return `${this.featSize}, ${this.hiddenSize}, numHeads=${this.numHeads}, normFirst=${this.normFirst}`; }
  override toString(): string { return oneLine(this); }
}
