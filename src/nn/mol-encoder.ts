/**
 * OGB's AtomEncoder / BondEncoder (ogb/graphproppred/mol_encoder.py): one embedding table per integer
 * feature column, Xavier-uniform initialised, summed. The default column sizes are OGB's
 * get_atom_feature_dims() / get_bond_feature_dims() (ogb/utils/features.py).
 */
import { ShapeError, DTypeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { add } from '../tensor/elementwise.js';
import { Module } from './module.js';
import { ModuleList } from './container.js';
import { Embedding } from './embedding.js';
import { xavierUniform } from './init.js';
import { isTracing } from '../tensor/tape.js';
import { embeddingSum, embeddingSumFits } from './embedding-sum.js';

/** Atomic number, chirality, degree, formal charge, H count, radical electrons, hybridisation, aromatic, in ring. */
export const ATOM_FEATURE_DIMS: readonly number[] = [119, 5, 12, 12, 10, 6, 6, 2, 2];
/** Bond type, bond stereo, conjugated. */
export const BOND_FEATURE_DIMS: readonly number[] = [5, 6, 2];

/** Sum of per-column embeddings of an int32 [N, columns] feature matrix. */
export class FeatureEmbeddingSum extends Module {
  readonly embeddings: ModuleList<Embedding>;

  constructor(readonly featureDims: readonly number[], readonly embDim: number, private readonly label = 'FeatureEmbeddingSum') {
    super();
    this.embeddings = this.registerModule('embeddings', new ModuleList(featureDims.map((d) => new Embedding(d, embDim))));
    this.resetParameters();
  }

  /** Xavier-uniform re-initialisation of every table, as OGB initialises them. */
  resetParameters(): void {
    for (const e of this.embeddings) xavierUniform(e.weight);
  }

  /** x: int32 [N, k] with k <= the number of columns (OGB sums the first x.shape[1] tables). */
  forward(x: Tensor): Tensor {
    if (x.dtype !== 'int32') throw new DTypeError(`${this.label}: features must be int32, got ${x.dtype}`);
    if (x.ndim !== 2 || x.shape[1] > this.featureDims.length || x.shape[1] === 0) {
      throw new ShapeError(`${this.label}: expected int32 [N, ${this.featureDims.length}] features, got ${formatShape(x.shape)}`);
    }
    const [n, k] = x.shape;
    const src = x.data as Int32Array;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        const v = src[i * k + j], dim = this.featureDims[j];
        if (!(v >= 0 && v < dim)) throw new RangeError(`${this.label}: row ${i}, column ${j} holds ${v}, outside [0, ${dim})`);
      }
    }
    const tables = [...this.embeddings].slice(0, k).map((e) => e.weight as Tensor);
    const dims = this.featureDims.slice(0, k);
    if (!isTracing() && embeddingSumFits(dims) && tables.every((t) => t.dtype === tables[0].dtype)) return embeddingSum(tables, src, n, dims);
    // What the ONNX tracer sees: a gather per column, summed.
    let out: Tensor | null = null;
    for (let j = 0; j < k; j++) {
      const col = new Int32Array(n);
      for (let i = 0; i < n; i++) col[i] = src[i * k + j];
      const e = this.embeddings.get(j).forward(col);
      out = out === null ? e : add(out, e);
    }
    return out as Tensor;
  }

  override extraRepr(): string { return `[${this.featureDims.join(', ')}], ${this.embDim}`; }
}

/** OGB's AtomEncoder(embDim): int32 [N, 9] atom features to [N, embDim]. */
export class AtomEncoder extends FeatureEmbeddingSum {
  constructor(embDim: number, featureDims: readonly number[] = ATOM_FEATURE_DIMS) {
    super(featureDims, embDim, 'AtomEncoder');
  }
}

/** OGB's BondEncoder(embDim): int32 [E, 3] bond features to [E, embDim]. */
export class BondEncoder extends FeatureEmbeddingSum {
  constructor(embDim: number) {
    super(BOND_FEATURE_DIMS, embDim, 'BondEncoder');
  }
}
