/**
 * Top-k metrics over per-user score rows: scores [users, items] and relevance [users, items]
 * (relevance > 0 marks a relevant item; NDCG uses the value as the gain). Items scored -Infinity
 * are excluded from the ranking (how training interactions are masked). Equal scores rank the
 * lower item index first. Users without a relevant item are skipped, as PyG's LinkPred metrics
 * and most recommender evaluations do; k above the item count ranks every item.
 */
import { ShapeError } from '../errors.js';
import { type ScoreInput, type ScoreMatrix, checkK, matrixOf, sameShape, topKOfRow, vectorOf } from './scores.js';

/** Recall@k of one user: relevant items in the top k over all relevant items. */
export function userRecall(top: readonly number[], isRelevant: (item: number) => boolean, numRelevant: number): number {
  let hits = 0;
  for (const j of top) if (isRelevant(j)) hits++;
  return hits / numRelevant;
}

/** DCG of gains at ranks 0.. (log2(rank + 2) discount). */
export function dcg(gains: readonly number[]): number {
  let s = 0;
  for (let r = 0; r < gains.length; r++) s += gains[r] / Math.log2(r + 2);
  return s;
}

function perUser(op: string, scores: ScoreInput, relevance: ScoreInput, k: number,
  f: (top: number[], rel: ScoreMatrix, row: number) => number): number {
  checkK(op, k);
  const s = matrixOf(op, 'scores', scores), rel = matrixOf(op, 'relevance', relevance);
  sameShape(op, s, rel, ['scores', 'relevance']);
  let total = 0, users = 0;
  for (let u = 0; u < s.rows; u++) {
    let any = false;
    for (let j = 0; j < s.cols; j++) if (rel.data[u * s.cols + j] > 0) { any = true; break; }
    if (!any) continue;
    total += f(topKOfRow(s.data, u * s.cols, s.cols, k), rel, u);
    users++;
  }
  if (users === 0) throw new RangeError(`${op}: no user has a relevant item`);
  return total / users;
}

/** Mean over users (with at least one relevant item) of |top-k ∩ relevant| / |relevant|. */
export function recallAtK(scores: ScoreInput, relevance: ScoreInput, k: number): number {
  return perUser('recallAtK', scores, relevance, k, (top, rel, u) => {
    let numRelevant = 0;
    for (let j = 0; j < rel.cols; j++) if (rel.data[u * rel.cols + j] > 0) numRelevant++;
    return userRecall(top, (j) => rel.data[u * rel.cols + j] > 0, numRelevant);
  });
}

/** Mean over users of DCG@k / ideal DCG@k with the relevance value as the gain (linear gain, as sklearn's ndcg_score). */
export function ndcgAtK(scores: ScoreInput, relevance: ScoreInput, k: number): number {
  return perUser('ndcgAtK', scores, relevance, k, (top, rel, u) => {
    const row = (j: number): number => Math.max(0, rel.data[u * rel.cols + j]);
    const ideal: number[] = [];
    for (let j = 0; j < rel.cols; j++) if (row(j) > 0) ideal.push(row(j));
    ideal.sort((a, b) => b - a);
    return dcg(top.map(row)) / dcg(ideal.slice(0, k));
  });
}

/**
 * ROC AUC of one list (n entries from offset; label > 0 is positive): the probability a positive
 * outscores a negative, ties counting 1/2 (Mann-Whitney); null when a class is absent. The one AUC
 * of the project: `auc`, the OGB evaluator and the link task's report use it.
 */
export function binaryAuc(s: ArrayLike<number>, y: ArrayLike<number>, offset: number, n: number): number | null {
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s[offset + a] - s[offset + b]);
  let pos = 0, rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && s[offset + order[j + 1]] === s[offset + order[i]]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) if (y[offset + order[t]] > 0) { pos++; rankSum += midRank; }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSum - pos * (pos + 1) / 2) / (pos * neg);
}

/**
 * ROC AUC. With scores and labels (label > 0 is positive) both of shape [n], one AUC over all
 * pairs; with both of shape [users, items], the mean of the per-user AUCs over the users that
 * have a positive and a negative.
 */
export function auc(scores: ScoreInput, labels: ScoreInput): number {
  const op = 'auc';
  const twoD = (x: ScoreInput): boolean => (Array.isArray(x) && x.length > 0 && Array.isArray(x[0])) ||
    (typeof x === 'object' && 'ndim' in x && (x as { ndim: number }).ndim === 2);
  if (!twoD(scores) && !twoD(labels)) {
    const s = vectorOf(op, 'scores', scores), y = vectorOf(op, 'labels', labels);
    if (s.length !== y.length) throw new ShapeError(`${op}: ${s.length} scores for ${y.length} labels`);
    const a = binaryAuc(s, y, 0, s.length);
    if (a === null) throw new RangeError(`${op}: needs at least one positive and one negative label`);
    return a;
  }
  const s = matrixOf(op, 'scores', scores), y = matrixOf(op, 'labels', labels);
  sameShape(op, s, y, ['scores', 'labels']);
  let total = 0, users = 0;
  for (let u = 0; u < s.rows; u++) {
    const a = binaryAuc(s.data, y.data, u * s.cols, s.cols);
    if (a !== null) { total += a; users++; }
  }
  if (users === 0) throw new RangeError(`${op}: no row has both a positive and a negative label`);
  return total / users;
}
