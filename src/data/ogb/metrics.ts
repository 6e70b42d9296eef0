/**
 * The per-task scores OGB's evaluators use, written as sklearn defines them (OGB calls roc_auc_score and
 * average_precision_score): tied scores share their rank, so ROC-AUC counts a tied positive/negative pair
 * as one half, and average precision steps at each distinct score.
 */

import { binaryAuc } from '../../metrics/topk.js';

/** Indices of `scores` sorted by score, descending (stable). */
function descending(scores: ArrayLike<number>): Int32Array {
  const idx = Int32Array.from({ length: scores.length }, (_, i) => i);
  return idx.sort((a, b) => scores[b] - scores[a] || a - b);
}

/**
 * Area under the ROC curve of binary labels (1 positive, 0 negative) against scores; equals the
 * Mann-Whitney statistic with ties counted one half (sklearn's roc_auc_score for binary labels).
 * NaN when one class is absent.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  return binaryAuc(scores, labels, 0, scores.length) ?? NaN;
}

/** sklearn's average_precision_score: sum over distinct score thresholds of (R_k - R_{k-1}) P_k. */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const order = descending(scores);
  let totalPos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) totalPos++;
  if (totalPos === 0) return NaN;
  let tp = 0, fp = 0, prevRecall = 0, ap = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j < order.length && scores[order[j]] === scores[order[i]]) {
      if (labels[order[j]] === 1) tp++; else fp++;
      j++;
    }
    const recall = tp / totalPos;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
    i = j;
  }
  return ap;
}
