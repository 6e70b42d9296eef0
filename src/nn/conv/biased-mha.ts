import { DeepGraphError, ShapeError, formatShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { matmul } from '../../tensor/matmul.js';
import { permute } from '../../tensor/movement.js';
import { softmax } from '../../tensor/softmax.js';
import { maskedFill } from '../../tensor/indexing.js';
import { Module } from '../module.js';
import { Linear } from '../linear.js';
import { Dropout } from '../dropout.js';
import { constant, xavierUniform } from '../init.js';
import { oneLine } from './util.js';

/** Options of BiasedMHA (DGL's `dgl.nn.BiasedMHA`): bias of the projections (default true), whether the bias is added or multiplied (default 'add'), attention dropout (default 0.1) and dtype. */
export interface BiasedMHAOptions { bias?: boolean; attnBiasType?: 'add' | 'mul'; attnDrop?: number; dtype?: FloatDType }

/**
 * Dense multi-head attention with an additive (or multiplicative) bias per node pair and head
 * (DGL's BiasedMHA, the attention of Graphormer): on padded batches ndata [B, N, F],
 * attnBias [B, N, N, H], attnMask [B, N, N] (true = not attended).
 */
export class BiasedMHA extends Module {
  readonly qProj: Linear;
  readonly kProj: Linear;
  readonly vProj: Linear;
  readonly outProj: Linear;
  readonly dropout: Dropout;
  readonly headDim: number;
  readonly attnBiasType: 'add' | 'mul';

  constructor(readonly featSize: number, readonly numHeads: number, opts: BiasedMHAOptions = {}) {
    super();
    this.headDim = Math.floor(featSize / numHeads);
    if (this.headDim * numHeads !== featSize) throw new DeepGraphError(`BiasedMHA: featSize ${featSize} must be divisible by numHeads ${numHeads}`);
    this.attnBiasType = opts.attnBiasType ?? 'add';
    if (this.attnBiasType !== 'add' && this.attnBiasType !== 'mul') throw new DeepGraphError(`BiasedMHA: attnBiasType must be 'add' or 'mul', got '${String(this.attnBiasType)}'`);
    const lin = (): Linear => new Linear(featSize, featSize, { bias: opts.bias ?? true, dtype: opts.dtype });
    this.qProj = this.registerModule('qProj', lin());
    this.kProj = this.registerModule('kProj', lin());
    this.vProj = this.registerModule('vProj', lin());
    this.outProj = this.registerModule('outProj', lin());
    this.dropout = this.registerModule('dropout', new Dropout(opts.attnDrop ?? 0.1));
    this.resetParameters();
  }

  /** Xavier-uniform (gain 2^-1/2 for q, k, v), zero output bias (DGL). */
  resetParameters(): void {
    for (const l of [this.qProj, this.kProj, this.vProj]) xavierUniform(l.weight, 2 ** -0.5);
    xavierUniform(this.outProj.weight);
    if (this.outProj.bias !== null) constant(this.outProj.bias, 0);
  }

  forward(ndata: Tensor, attnBias: Tensor | null = null, attnMask: Tensor | null = null): Tensor {
    if (ndata.ndim !== 3 || ndata.shape[2] !== this.featSize) {
      throw new ShapeError(`BiasedMHA: ndata must be [B, N, ${this.featSize}], got ${formatShape(ndata.shape)}`);
    }
    const [B, N] = ndata.shape, H = this.numHeads, d = this.headDim;
    // [B, N, F] -> [B*H, N, d]
    const heads = (x: Tensor): Tensor => permute(x.reshape([B, N, H, d]), [0, 2, 1, 3]).reshape([B * H, N, d]);
    const q = heads(this.qProj.forward(ndata)).mul(d ** -0.5), k = heads(this.kProj.forward(ndata)), v = heads(this.vProj.forward(ndata));
    // Scores as [B, N, N, H], DGL's layout for the bias.
    let scores = permute(matmul(q, permute(k, [0, 2, 1])).reshape([B, H, N, N]), [0, 2, 3, 1]);
    if (attnBias !== null) {
      if (attnBias.shape.join() !== [B, N, N, H].join()) throw new ShapeError(`BiasedMHA: attnBias must be [${B}, ${N}, ${N}, ${H}], got ${formatShape(attnBias.shape)}`);
      scores = this.attnBiasType === 'add' ? scores.add(attnBias) : scores.mul(attnBias);
    }
    if (attnMask !== null) {
      if (attnMask.shape.join() !== [B, N, N].join()) throw new ShapeError(`BiasedMHA: attnMask must be [${B}, ${N}, ${N}], got ${formatShape(attnMask.shape)}`);
      const mask = attnMask.dtype === 'bool' ? attnMask : new Tensor(Uint8Array.from(attnMask.data, (x) => (x ? 1 : 0)), attnMask.shape, 'bool');
      scores = maskedFill(scores, mask.reshape([B, N, N, 1]), -Infinity);
    }
    const weights = this.dropout.forward(softmax(permute(scores, [0, 3, 1, 2]).reshape([B * H, N, N]), -1));
    const attn = permute(matmul(weights, v).reshape([B, H, N, d]), [0, 2, 1, 3]).reshape([B, N, this.featSize]);
    return this.outProj.forward(attn);
  }

  override extraRepr(): string { return `${this.featSize}, numHeads=${this.numHeads}, attnBiasType=${this.attnBiasType}`; }
  override toString(): string { return oneLine(this); }
}
