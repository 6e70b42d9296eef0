import { DTypeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { FloatDType } from '../tensor/dtype.js';
import { zeros } from '../tensor/creation.js';
import { indexSelect } from '../tensor/indexing.js';
import { reshape } from '../tensor/movement.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { normal } from './init.js';

/** Options of `Embedding`. */
export interface EmbeddingOptions { dtype?: FloatDType }

/** A lookup table [numEmbeddings, embeddingDim] initialised N(0, 1); forward takes int32 indices of any shape. */
export class Embedding extends Module {
  readonly weight: Parameter;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, opts: EmbeddingOptions = {}) {
    super();
    this.weight = this.registerParameter('weight',
      new Parameter(zeros([numEmbeddings, embeddingDim], { dtype: opts.dtype ?? 'float32' })));
    this.resetParameters();
  }

  /** Re-draws the table from N(0, 1), as PyTorch. */
  resetParameters(): void { normal(this.weight); }

  forward(indices: Tensor | Int32Array): Tensor {
    const idx = indices instanceof Tensor ? indices : new Tensor(indices, [indices.length], 'int32');
    if (idx.dtype !== 'int32') throw new DTypeError(`Embedding: indices must be int32, got ${idx.dtype}`);
    const rows = indexSelect(this.weight, 0, idx.ndim === 1 ? idx : reshape(idx, [-1]));
    return idx.ndim === 1 ? rows : reshape(rows, [...idx.shape, this.embeddingDim]);
  }

  override extraRepr(): string { return `${this.numEmbeddings}, ${this.embeddingDim}`; }
}
