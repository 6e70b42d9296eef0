import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { Module } from '../module.js';
import { ModuleDict } from '../container.js';
import { Embedding } from '../embedding.js';
import { xavierUniform } from '../init.js';
import type { Parameter } from '../parameter.js';
import { type TypeKeyed, describeSizes, moduleForKey, perTypeModules } from './hetero-linear.js';

/** Options of HeteroEmbedding. */
export interface HeteroEmbeddingOptions { dtype?: FloatDType }

/**
 * One embedding table per type (DGL's HeteroEmbedding): learnable input features for featureless
 * node types. numEmbeddings maps each type to its row count; parameters are `embeds.<type>.weight`,
 * initialised N(0, 1) as nn.Embedding; resetParameters() re-draws them xavier-uniform (DGL).
 */
export class HeteroEmbedding extends Module {
  readonly embeds: ModuleDict<Embedding>;

  constructor(readonly numEmbeddings: TypeKeyed<number>, readonly embeddingDim: number, opts: HeteroEmbeddingOptions = {}) {
    super();
    this.embeds = this.registerModule('embeds', perTypeModules('HeteroEmbedding', numEmbeddings, 'numEmbeddings',
      (n) => new Embedding(n, embeddingDim, { dtype: opts.dtype })));
  }

  /** The table of every type (DGL's `weight` property). */
  get weight(): Record<string, Parameter> {
    return Object.fromEntries(this.embeds.entries().map(([key, e]) => [key, e.weight]));
  }

  /** Re-draws every table xavier-uniform (DGL's reset_parameters). */
  resetParameters(): void { for (const e of this.embeds.values()) xavierUniform(e.weight); }

  /** inputIds: int32 ids per type (any subset of the types); returns [ids, embeddingDim] per given type. */
  forward(inputIds: TypeKeyed<Tensor | Int32Array>): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [key, ids] of Object.entries(inputIds)) {
      const emb = moduleForKey('HeteroEmbedding', this.embeds, key);
      const raw = ids instanceof Int32Array ? ids : ids.data;
      for (let i = 0; i < raw.length; i++) {
        if (!(raw[i] >= 0 && raw[i] < emb.numEmbeddings)) {
          throw new RangeError(`HeteroEmbedding: id ${raw[i]} (position ${i}) of type '${key}' is out of range [0, ${emb.numEmbeddings})`);
        }
      }
      out[key] = emb.forward(ids);
    }
    return out;
  }

  override extraRepr(): string {
    return `numEmbeddings=${describeSizes(this.numEmbeddings)}, embeddingDim=${this.embeddingDim}`;
  }
}
