/**
 * Full-ranking evaluation of a recommender: every item is scored for every evaluated user, in
 * blocks of at most `blockSize` scores, so a users × items matrix is never built. Items the user
 * interacted with in training are excluded; the held-out interactions are the relevant items.
 */
import { ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../tensor/tape.js';
import { indexSelect } from '../tensor/indexing.js';
import { linear } from '../tensor/linear.js';
import { narrow } from '../tensor/movement.js';
import { type IdsLike, toIds } from '../sampling/common.js';
import { checkK, topKOfRow } from './scores.js';
import { dcg, userRecall } from './topk.js';

/** User-item pairs as two equally long id lists. */
export interface Interactions { users: IdsLike; items: IdsLike }

/** Scores [users.length, itemEnd - itemStart] (a tensor or row-major array) for items itemStart..itemEnd-1. */
export type BlockScorer = (users: Int32Array, itemStart: number, itemEnd: number) => Tensor | ArrayLike<number>;

/** What evaluateRanking ranks, against what, and in which block size. */
export interface FullRankingOptions {
  numUsers: number;
  numItems: number;
  score: BlockScorer;
  /** The relevant (held-out) interactions; users without one are not evaluated. */
  heldOut: Interactions;
  /** Interactions never ranked (training and validation edges). */
  exclude?: Interactions;
  /** Cut-offs; every metric is reported for each. */
  k: number | readonly number[];
  /** Most scores computed at once (default 2^20). */
  blockSize?: number;
}

/** Per cut-off means over the evaluated users, and how many users that was. */
export interface FullRankingResult {
  recall: Record<number, number>;
  ndcg: Record<number, number>;
  /** Fraction of users with at least one relevant item in the top k. */
  hitRate: Record<number, number>;
  numUsers: number;
}

/** Per-user sorted item lists from interaction pairs (a CSR over users). */
function byUser(op: string, name: string, x: Interactions, numUsers: number, numItems: number): { indptr: Int32Array; items: Int32Array } {
  const u = toIds(op, `${name} user`, x.users, numUsers, 'users');
  const it = toIds(op, `${name} item`, x.items, numItems, 'items');
  if (u.length !== it.length) throw new ShapeError(`${op}: ${name} has ${u.length} users but ${it.length} items`);
  const indptr = new Int32Array(numUsers + 1);
  for (const v of u) indptr[v + 1]++;
  for (let i = 0; i < numUsers; i++) indptr[i + 1] += indptr[i];
  const fill = indptr.slice(0, numUsers), items = new Int32Array(u.length);
  for (let e = 0; e < u.length; e++) items[fill[u[e]]++] = it[e];
  for (let i = 0; i < numUsers; i++) items.subarray(indptr[i], indptr[i + 1]).sort();
  return { indptr, items };
}

/** Recall@k, NDCG@k (binary gain) and hit rate@k with every item ranked (DGL's PinSAGE example, PyG's LinkPred metrics). */
export function evaluateRanking(opts: FullRankingOptions): FullRankingResult {
  const op = 'evaluateRanking';
  const { numUsers, numItems } = opts;
  const ks = (typeof opts.k === 'number' ? [opts.k] : [...opts.k]);
  if (ks.length === 0) throw new RangeError(`${op}: k lists no cut-off`);
  ks.forEach((k) => checkK(op, k));
  const kMax = Math.max(...ks);
  const blockSize = opts.blockSize ?? 1 << 20;
  if (!(Number.isInteger(blockSize) && blockSize > 0)) throw new RangeError(`${op}: blockSize must be a positive integer, got ${blockSize}`);
  const held = byUser(op, 'heldOut', opts.heldOut, numUsers, numItems);
  const excl = opts.exclude === undefined ? null : byUser(op, 'exclude', opts.exclude, numUsers, numItems);
  const users: number[] = [];
  for (let u = 0; u < numUsers; u++) if (held.indptr[u + 1] > held.indptr[u]) users.push(u);
  const itemBlock = Math.min(numItems, blockSize);
  const userBatch = Math.max(1, Math.floor(blockSize / Math.max(1, itemBlock)));
  const sums = { recall: new Float64Array(ks.length), ndcg: new Float64Array(ks.length), hit: new Float64Array(ks.length) };
  // One buffer for every block: the scorer's values are copied into it as doubles (and checked), then masked in place.
  const buffer = new Float64Array(userBatch * itemBlock);
  for (let b = 0; b < users.length; b += userBatch) {
    const batch = Int32Array.from(users.slice(b, b + userBatch));
    const best: { item: number; score: number }[][] = Array.from(batch, () => []);
    for (let start = 0; start < numItems; start += itemBlock) {
      const end = Math.min(numItems, start + itemBlock), width = end - start;
      const block = readBlock(op, opts.score(batch, start, end), batch.length, width, buffer);
      batch.forEach((u, r) => {
        if (excl !== null) {
          for (let e = excl.indptr[u]; e < excl.indptr[u + 1]; e++) {
            const it = excl.items[e];
            if (it >= start && it < end) block[r * width + it - start] = -Infinity;
          }
        }
        const merged = best[r].concat(topKOfRow(block, r * width, width, kMax).map((j) => ({ item: start + j, score: block[r * width + j] })));
        merged.sort((x, y) => (y.score - x.score) || (x.item - y.item));
        best[r] = merged.slice(0, kMax);
      });
    }
    batch.forEach((u, r) => {
      const rel = held.items.subarray(held.indptr[u], held.indptr[u + 1]);
      const relSet = new Set(rel);
      ks.forEach((k, i) => {
        const top = best[r].slice(0, k).map((c) => c.item);
        const recall = userRecall(top, (j) => relSet.has(j), relSet.size);
        sums.recall[i] += recall;
        sums.hit[i] += recall > 0 ? 1 : 0;
        sums.ndcg[i] += dcg(top.map((j) => (relSet.has(j) ? 1 : 0))) / dcg(new Array<number>(Math.min(k, relSet.size)).fill(1));
      });
    });
  }
  const mean = (a: Float64Array): Record<number, number> =>
    Object.fromEntries(ks.map((k, i) => [k, users.length === 0 ? NaN : a[i] / users.length]));
  return { recall: mean(sums.recall), ndcg: mean(sums.ndcg), hitRate: mean(sums.hit), numUsers: users.length };
}

/** The scorer's block as doubles in (the front of) `buffer`, after checking its shape and that it holds no NaN. */
function readBlock(op: string, x: Tensor | ArrayLike<number>, rows: number, cols: number, buffer: Float64Array): Float64Array {
  const data = x instanceof Tensor ? x.data : x;
  if (data.length !== rows * cols || (x instanceof Tensor && (x.ndim !== 2 || x.shape[0] !== rows))) {
    throw new ShapeError(`${op}: score returned ${x instanceof Tensor ? `shape [${x.shape.join(', ')}]` : `${data.length} values`} for a block of [${rows}, ${cols}]`);
  }
  const block = buffer.subarray(0, data.length);
  block.set(data as ArrayLike<number>);
  for (let i = 0; i < block.length; i++) if (Number.isNaN(block[i])) throw new RangeError(`${op}: score returned NaN at block index ${i}`);
  return block;
}

/** A BlockScorer of dot products between user embeddings [numUsers, d] and item embeddings [numItems, d], without gradients. */
export function dotProductScorer(userEmb: Tensor, itemEmb: Tensor): BlockScorer {
  if (userEmb.ndim !== 2 || itemEmb.ndim !== 2 || userEmb.shape[1] !== itemEmb.shape[1]) {
    throw new ShapeError(`dotProductScorer: embeddings must be [users, d] and [items, d], got [${userEmb.shape.join(', ')}] and [${itemEmb.shape.join(', ')}]`);
  }
  // linear multiplies by the item rows as stored (x W^T): no transposed copy of the items per block.
  return (users, start, end) => noGrad(() =>
    linear(indexSelect(userEmb, 0, new Tensor(users, [users.length], 'int32')), narrow(itemEmb, 0, start, end - start)));
}
