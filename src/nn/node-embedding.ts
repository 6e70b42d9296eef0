/**
 * Learnable node embeddings updated sparsely (DGL's dgl.nn.NodeEmbedding): a float32 table in
 * memory, outside the module's parameters; a lookup returns a leaf tensor of the rows, and
 * SparseAdagrad / SparseAdam apply its gradient to those rows only.
 */
import { lookupIds, rowsForLookup, type EmbeddingLookup, type SparseRowTable } from '../optim/sparse.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of NodeEmbedding and DistEmbedding. */
export interface NodeEmbeddingOptions {
  /** Initial values of rows `ids` (ids.length * dim floats); default zeros (DGL's DistEmbedding default). */
  init?: (ids: Int32Array, dim: number) => Float32Array;
}

/** Checks the size arguments of an embedding table. */
export function checkEmbeddingShape(op: string, numEmbeddings: number, embeddingDim: number, name: string): void {
  if (!(Number.isInteger(numEmbeddings) && numEmbeddings > 0 && numEmbeddings <= 0x7fffffff)) throw new RangeError(`${op}: numEmbeddings must be a positive int32, got ${numEmbeddings}`);
  if (!(Number.isInteger(embeddingDim) && embeddingDim > 0)) throw new RangeError(`${op}: embeddingDim must be a positive integer, got ${embeddingDim}`);
  if (typeof name !== 'string' || name.length === 0) throw new TypeError(`${op}: name must be a non-empty string`);
}

/** Initial rows from opts.init, checked for length. */
export function initialRows(op: string, opts: NodeEmbeddingOptions, ids: Int32Array, dim: number): Float32Array {
  if (opts.init === undefined) return new Float32Array(ids.length * dim);
  const rows = opts.init(ids, dim);
  if (!(rows instanceof Float32Array) || rows.length !== ids.length * dim) throw new RangeError(`${op}: init must return a Float32Array of ${ids.length * dim} values for ${ids.length} rows`);
  return rows;
}

/** A node embedding table in memory for the sparse optimizers (DGL's NodeEmbedding). */
export class NodeEmbedding implements SparseRowTable {
  /** The embedding, [numEmbeddings, embeddingDim] row-major. */
  readonly weight: Float32Array;
  private readonly tables = new Map<string, Float32Array>();
  private lookups: EmbeddingLookup[] = [];

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, readonly name: string, opts: NodeEmbeddingOptions = {}) {
    checkEmbeddingShape('NodeEmbedding', numEmbeddings, embeddingDim, name);
    this.weight = initialRows('NodeEmbedding', opts, Int32Array.from({ length: numEmbeddings }, (_, i) => i), embeddingDim);
    this.tables.set('weight', this.weight);
  }

  /** Rows `ids` as a leaf tensor [ids.length, embeddingDim] whose gradient the next optimizer step applies. */
  lookup(ids: Tensor | Int32Array): Tensor {
    const idx = lookupIds('NodeEmbedding.lookup', ids, this.numEmbeddings), d = this.embeddingDim;
    const data = new Float32Array(idx.length * d);
    idx.forEach((v, i) => data.set(this.weight.subarray(v * d, (v + 1) * d), i * d));
    return rowsForLookup(this.lookups, idx, data, d);
  }

  private table(name: string, width: number): Float32Array {
    let t = this.tables.get(name);
    if (t === undefined) { t = new Float32Array(this.numEmbeddings * width); this.tables.set(name, t); }
    if (t.length !== this.numEmbeddings * width) throw new RangeError(`NodeEmbedding '${this.name}': table '${name}' has rows of ${t.length / this.numEmbeddings} floats, asked for ${width}`);
    return t;
  }

  pullRows(table: string, width: number, ids: Int32Array): Promise<Float32Array> {
    const t = this.table(table, width), out = new Float32Array(ids.length * width);
    ids.forEach((v, i) => out.set(t.subarray(v * width, (v + 1) * width), i * width));
    return Promise.resolve(out);
  }

  pushRows(table: string, width: number, ids: Int32Array, rows: Float32Array): Promise<void> {
    const t = this.table(table, width);
    ids.forEach((v, i) => t.set(rows.subarray(i * width, (i + 1) * width), v * width));
    return Promise.resolve();
  }

  takeLookups(): EmbeddingLookup[] {
    const out = this.lookups;
    this.lookups = [];
    return out;
  }
}
