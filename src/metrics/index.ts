// Public surface of src/metrics (re-exports only).
export { hitsAtK, mrr, positiveRanks } from './ranking.js';
export { recallAtK, ndcgAtK, auc } from './topk.js';
export type { ScoreInput } from './scores.js';
export {
  evaluateRanking, dotProductScorer,
  type FullRankingOptions, type FullRankingResult, type BlockScorer, type Interactions,
} from './full-ranking.js';
