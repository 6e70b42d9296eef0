/** DGL's GraphDataLoader: minibatches of small graphs (graph classification), batched with dg.batch. */
import type { Graph } from '../graph/graph.js';
import { batch } from '../graph/batch.js';
import { DeepGraphError, ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { defaultGenerator } from '../tensor/random.js';
import { resolveSeed } from '../sampling/common.js';
import { checkOptionKeys } from './neighbor-sampler.js';
import { epochOrder, numBatches } from './order.js';

/** A dataset item: a graph, or a graph with its label (a number or a tensor). */
export type GraphItem = Graph | readonly [Graph, Tensor | number];
/** A batch: the batched graph, with the stacked labels when items have labels. */
export type GraphBatch<I extends GraphItem> = I extends Graph ? Graph : [Graph, Tensor];

/** What GraphDataLoader reads: an array, or a dataset with length and get(i) (src/data's Dataset). */
export type GraphSource<I> = readonly I[] | {
  readonly length: number;
  /** Item i. */
  get(i: number): I;
};

/** Options of `GraphDataLoader`: batch size, shuffling, drop-last, seed. */
export interface GraphDataLoaderOptions {
  batchSize?: number;
  shuffle?: boolean;
  dropLast?: boolean;
  /** uint32 seed of the shuffling; default drawn from the global generator. */
  seed?: number;
}

const KNOWN = ['batchSize', 'shuffle', 'dropLast', 'seed'];

/** Labels stacked along a new first dimension: numbers give int32 (all integers) or float32. */
export function stackLabels(labels: readonly (Tensor | number)[]): Tensor {
  if (labels.every((l) => typeof l === 'number')) {
    const nums = labels as readonly number[];
    return nums.every(Number.isInteger) ? new Tensor(Int32Array.from(nums), [nums.length], 'int32')
      : new Tensor(Float32Array.from(nums), [nums.length], 'float32');
  }
  const ts = labels.map((l, i) => {
    if (!(l instanceof Tensor)) throw new DeepGraphError(`GraphDataLoader: label ${i} is a number but others are tensors`);
    return l;
  });
  const first = ts[0];
  for (const t of ts) {
    if (t.dtype !== first.dtype || t.shape.join() !== first.shape.join()) {
      throw new ShapeError(`GraphDataLoader: labels differ: ${formatShape(first.shape)} ${first.dtype} vs ${formatShape(t.shape)} ${t.dtype}`);
    }
  }
  const out = allocate(first.dtype, ts.length * first.size);
  ts.forEach((t, i) => out.set(t.data as never, i * first.size));
  return new Tensor(out, [ts.length, ...first.shape], first.dtype);
}

/** Mini-batches of small graphs for graph classification, each batched with `dg.batch` (DGL's `GraphDataLoader`); iterate it once per epoch. */
export class GraphDataLoader<I extends GraphItem> implements Iterable<GraphBatch<I>>, AsyncIterable<GraphBatch<I>> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly seed: number;
  private epoch = 0;

  constructor(readonly dataset: GraphSource<I>, opts: GraphDataLoaderOptions = {}) {
    const op = 'GraphDataLoader';
    checkOptionKeys(op, opts, KNOWN);
    const bs = opts.batchSize ?? 1;
    if (!(Number.isInteger(bs) && bs >= 1)) throw new RangeError(`${op}: batchSize must be an integer >= 1, got ${bs}`);
    this.batchSize = bs;
    this.shuffle = opts.shuffle ?? false;
    this.dropLast = opts.dropLast ?? false;
    this.seed = opts.seed === undefined ? defaultGenerator.nextUint32() : resolveSeed(op, opts.seed);
  }

  get length(): number { return numBatches(this.dataset.length, this.batchSize, this.dropLast); }

  private item(i: number): I {
    const d = this.dataset;
    return Array.isArray(d) ? (d as readonly I[])[i] : (d as { get(i: number): I }).get(i);
  }

  private collate(items: readonly I[]): GraphBatch<I> {
    const labelled = items.map((it) => Array.isArray(it));
    if (labelled.some((l) => l !== labelled[0])) throw new DeepGraphError('GraphDataLoader: some items have labels and some do not');
    if (!labelled[0]) return batch(items as readonly Graph[]) as GraphBatch<I>;
    const pairs = items as readonly (readonly [Graph, Tensor | number])[];
    return [batch(pairs.map((p) => p[0])), stackLabels(pairs.map((p) => p[1]))] as GraphBatch<I>;
  }

  /** The batches of one epoch. */
  *[Symbol.iterator](): Iterator<GraphBatch<I>> {
    const order = epochOrder(this.dataset.length, this.shuffle, this.seed, this.epoch++);
    for (let b = 0; b < this.length; b++) {
      const from = b * this.batchSize, to = Math.min(order.length, from + this.batchSize);
      const items: I[] = [];
      for (let i = from; i < to; i++) items.push(this.item(order[i]));
      yield this.collate(items);
    }
  }

  /** The batches of one epoch, for `for await`. */
  async *[Symbol.asyncIterator](): AsyncIterator<GraphBatch<I>> {
    const it = this[Symbol.iterator]();
    for (let r = it.next(); !r.done; r = it.next()) yield r.value;
  }
}
