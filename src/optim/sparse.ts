/**
 * Sparse optimizers for node embeddings (DGL's dgl.optim.SparseAdagrad / SparseAdam): a step
 * reads, updates and writes back only the rows the batch looked up, with the optimizer's state
 * kept per row beside the embedding (in memory for NodeEmbedding, in Redis Cluster for
 * DistEmbedding). Gradients of repeated ids are averaged before the update, as DGL does.
 */
import { isGradEnabled } from '../tensor/tape.js';
import { Tensor } from '../tensor/tensor.js';

/** A lookup an embedding recorded for the next optimizer step: the ids and the leaf tensor of their rows. */
export interface EmbeddingLookup {
  ids: Int32Array;
  rows: Tensor;
}

/**
 * A table of float32 rows addressed by id that a sparse optimizer can update: the embedding
 * ('weight', embeddingDim wide) and the optimizer's state tables (any name and width) beside it.
 * Rows never written read as the embedding's initial values ('weight') or zeros (state).
 */
export interface SparseRowTable {
  readonly name: string;
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  /** Rows `ids` (distinct) of `table`, `width` floats each, concatenated. */
  pullRows(table: string, width: number, ids: Int32Array): Promise<Float32Array>;
  /** Writes rows `ids` (distinct) of `table`. */
  pushRows(table: string, width: number, ids: Int32Array, rows: Float32Array): Promise<void>;
  /** The lookups since the last call (the optimizer's step takes them). */
  takeLookups(): EmbeddingLookup[];
}

/** Checks lookup ids (int32 ids in [0, numEmbeddings)) and returns them as an Int32Array. */
export function lookupIds(op: string, ids: Tensor | Int32Array, numEmbeddings: number): Int32Array {
  const data = ids instanceof Tensor ? ids.data : ids;
  if (!(data instanceof Int32Array) || (ids instanceof Tensor && ids.ndim !== 1)) throw new TypeError(`${op}: ids must be a 1-d int32 tensor or an Int32Array`);
  for (let i = 0; i < data.length; i++) {
    if (!(data[i] >= 0 && data[i] < numEmbeddings)) throw new RangeError(`${op}: id ${data[i]} at ${i} is outside [0, ${numEmbeddings})`);
  }
  return data;
}

/** Records a lookup for the next step (only while gradients are recorded, as DGL's trace). */
export function rowsForLookup(lookups: EmbeddingLookup[], ids: Int32Array, data: Float32Array, dim: number): Tensor {
  const rows = new Tensor(data, [ids.length, dim], 'float32', isGradEnabled());
  if (rows.requiresGrad) lookups.push({ ids: ids.slice(), rows });
  return rows;
}

/** Distinct ids of the lookups and the mean gradient of each (DGL: index_add_ then / count). */
function meanGradients(lookups: readonly EmbeddingLookup[], dim: number): { ids: Int32Array; grad: Float64Array } {
  const slot = new Map<number, number>();
  const order: number[] = [], counts: number[] = [], sums: number[][] = [];
  for (const { ids, rows } of lookups) {
    const g = rows.grad?.data;
    if (g === undefined) continue;
    for (let i = 0; i < ids.length; i++) {
      let k = slot.get(ids[i]);
      if (k === undefined) { k = order.length; slot.set(ids[i], k); order.push(ids[i]); counts.push(0); sums.push(new Array<number>(dim).fill(0)); }
      counts[k]++;
      for (let j = 0; j < dim; j++) sums[k][j] += g[i * dim + j];
    }
  }
  const grad = new Float64Array(order.length * dim);
  sums.forEach((s, k) => { for (let j = 0; j < dim; j++) grad[k * dim + j] = s[j] / counts[k]; });
  return { ids: Int32Array.from(order), grad };
}

/** Base of the sparse optimizers: gathers each table's lookups and updates its touched rows. */
abstract class SparseOptimizer {
  constructor(readonly params: readonly SparseRowTable[], readonly lr: number) {
    if (!(lr > 0)) throw new RangeError(`${new.target.name}: lr must be positive, got ${lr}`);
    if (!Array.isArray(params) || params.length === 0) throw new TypeError(`${new.target.name}: give a non-empty list of NodeEmbedding / DistEmbedding`);
  }

  /** Applies the gradients of every lookup since the last step or zeroGrad, then forgets them. */
  async step(): Promise<void> {
    await Promise.all(this.params.map(async (emb) => {
      const { ids, grad } = meanGradients(emb.takeLookups(), emb.embeddingDim);
      if (ids.length === 0) return;
      const width = this.stateWidth(emb.embeddingDim);
      const [weight, state] = await Promise.all([emb.pullRows('weight', emb.embeddingDim, ids), emb.pullRows(this.stateTable, width, ids)]);
      this.update(weight, state, grad, ids.length, emb.embeddingDim);
      await Promise.all([emb.pushRows('weight', emb.embeddingDim, ids, weight), emb.pushRows(this.stateTable, width, ids, state)]);
    }));
  }

  /** Drops the recorded lookups without updating (their gradients are not applied). */
  zeroGrad(): void {
    for (const emb of this.params) emb.takeLookups();
  }

  /** Name of the per-row state table. */
  protected abstract readonly stateTable: string;
  /** Floats of state per row. */
  protected abstract stateWidth(dim: number): number;
  /** Updates `weight` and `state` (n rows each) in place from the mean gradients. */
  protected abstract update(weight: Float32Array, state: Float32Array, grad: Float64Array, n: number, dim: number): void;
}

/**
 * DGL's SparseAdagrad: per touched row, sum += g^2; w -= lr * g / sqrt(sum + eps)
 * (eps inside the root, as DGL; torch.optim.Adagrad adds it outside).
 */
export class SparseAdagrad extends SparseOptimizer {
  protected readonly stateTable = 'adagrad';
  readonly eps: number;

  constructor(params: readonly SparseRowTable[], opts: { lr: number; eps?: number }) {
    super(params, opts.lr);
    this.eps = opts.eps ?? 1e-10;
    if (!(this.eps >= 0)) throw new RangeError(`SparseAdagrad: eps must be >= 0, got ${this.eps}`);
  }

  protected stateWidth(dim: number): number { return dim; }

  protected update(weight: Float32Array, sum: Float32Array, grad: Float64Array, n: number, dim: number): void {
    for (let q = 0; q < n * dim; q++) {
      sum[q] += grad[q] * grad[q];
      weight[q] -= this.lr * grad[q] / Math.sqrt(sum[q] + this.eps);
    }
  }
}

/**
 * DGL's SparseAdam: a step count per row (not per table), and per touched row
 * m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2, w -= lr * m / (1 - b1^t) / (sqrt(v / (1 - b2^t)) + eps).
 * State row layout: [t, m (dim), v (dim)].
 */
export class SparseAdam extends SparseOptimizer {
  protected readonly stateTable = 'adam';
  readonly betas: readonly [number, number];
  readonly eps: number;

  constructor(params: readonly SparseRowTable[], opts: { lr: number; betas?: readonly [number, number]; eps?: number }) {
    super(params, opts.lr);
    this.betas = opts.betas ?? [0.9, 0.999];
    this.eps = opts.eps ?? 1e-8;
    if (!this.betas.every((b) => b >= 0 && b < 1)) throw new RangeError(`SparseAdam: betas must lie in [0, 1), got [${this.betas.join(', ')}]`);
    if (!(this.eps >= 0)) throw new RangeError(`SparseAdam: eps must be >= 0, got ${this.eps}`);
  }

  protected stateWidth(dim: number): number { return 1 + 2 * dim; }

  protected update(weight: Float32Array, state: Float32Array, grad: Float64Array, n: number, dim: number): void {
    const [b1, b2] = this.betas, w = 1 + 2 * dim;
    for (let i = 0; i < n; i++) {
      const s = i * w, t = ++state[s];
      const c1 = 1 - b1 ** t, c2 = 1 - b2 ** t;
      for (let j = 0; j < dim; j++) {
        const g = grad[i * dim + j];
        // The moments are used as stored (float32), as DGL's float32 state is.
        state[s + 1 + j] = b1 * state[s + 1 + j] + (1 - b1) * g;
        state[s + 1 + dim + j] = b2 * state[s + 1 + dim + j] + (1 - b2) * g * g;
        weight[i * dim + j] -= this.lr * (state[s + 1 + j] / c1) / (Math.sqrt(state[s + 1 + dim + j] / c2) + this.eps);
      }
    }
  }
}
