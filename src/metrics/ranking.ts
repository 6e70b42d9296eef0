/**
 * Ranking of each positive among its own negatives, as OGB's link prediction evaluator ranks
 * (ogb.linkproppred.Evaluator, 'mrr' datasets): rank = 1 + #(neg > pos) + #(neg == pos) / 2, the
 * mean of the optimistic and pessimistic ranks, so ties neither help nor hurt a model.
 */
import { ShapeError } from '../errors.js';
import { type ScoreInput, type ScoreMatrix, checkK, matrixOf, vectorOf } from './scores.js';

/** The OGB rank of every positive: pos [n], neg [n, m] (m negatives for each positive). */
export function positiveRanks(pos: ScoreInput, neg: ScoreInput, op = 'positiveRanks'): Float64Array {
  const p = vectorOf(op, 'pos', pos);
  const n = matrixOf(op, 'neg', neg);
  if (n.rows !== p.length) throw new ShapeError(`${op}: pos has ${p.length} scores but neg has ${n.rows} rows; neg must be [n, negatives]`);
  return ranksAmongOwnNegatives(p, n);
}

/** positiveRanks on checked inputs: neg is row-major [pos.length, cols]. */
export function ranksAmongOwnNegatives(pos: ArrayLike<number>, neg: ScoreMatrix): Float64Array {
  const ranks = new Float64Array(pos.length);
  for (let i = 0; i < pos.length; i++) {
    let above = 0, tied = 0;
    for (let j = 0; j < neg.cols; j++) {
      const s = neg.data[i * neg.cols + j];
      if (s > pos[i]) above++;
      else if (s === pos[i]) tied++;
    }
    ranks[i] = 1 + above + tied / 2;
  }
  return ranks;
}

/**
 * OGB's Hits@K with one shared list of negatives (ogbl-collab, -ppa, -ddi): the share of positives
 * scored strictly above the K-th highest negative; 1 when there are fewer than K negatives.
 */
export function hitsAboveKthNegative(pos: ArrayLike<number>, neg: ArrayLike<number>, k: number): number {
  if (neg.length < k) return 1;
  const kth = Float64Array.from(neg).sort()[neg.length - k];
  let hits = 0;
  for (let i = 0; i < pos.length; i++) if (pos[i] > kth) hits++;
  return hits / pos.length;
}

function meanOf(op: string, values: Float64Array, f: (r: number) => number): number {
  if (values.length === 0) throw new RangeError(`${op}: no positives to rank`);
  let s = 0;
  for (const v of values) s += f(v);
  return s / values.length;
}

/** Fraction of positives whose OGB rank among their own negatives is at most k (pos [n], neg [n, m]). */
export function hitsAtK(pos: ScoreInput, neg: ScoreInput, k: number): number {
  checkK('hitsAtK', k);
  return meanOf('hitsAtK', positiveRanks(pos, neg, 'hitsAtK'), (r) => (r <= k ? 1 : 0));
}

/** Mean reciprocal OGB rank of each positive among its own negatives (pos [n], neg [n, m]). */
export function mrr(pos: ScoreInput, neg: ScoreInput): number {
  return meanOf('mrr', positiveRanks(pos, neg, 'mrr'), (r) => 1 / r);
}
