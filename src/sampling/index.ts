// Public surface of src/sampling (re-exports only).
export type { IdsLike as SamplingIds, WeightsLike, EdgeDir } from './common.js';
export { sampleNeighborEdges, selectTopkEdges, type EdgeSample, type EdgeSampleOptions, type TopkOptions } from './neighbor.js';
export {
  sampleNeighbors, selectTopk,
  type SampleNeighborsOptions, type SelectTopkOptions, type SeedsLike, type PerRelation,
} from './frontier.js';
export { randomWalk, node2vecRandomWalk, type Walks, type RandomWalkOptions, type Node2vecOptions, type StepWeights } from './randomwalk.js';
export {
  globalUniformNegativeSampling, PerSourceUniform, Uniform, GlobalUniform,
  type NegativePairs, type NegativeSampler, type GlobalNegativeOptions, type GlobalUniformOptions,
} from './negative.js';
export { RandomWalkNeighborSampler, PinSAGESampler, type RandomWalkNeighborOptions } from './pinsage.js';
export {
  metisPartitionAssignment, randomPartitionAssignment, hashPartitionAssignment, haveMetis,
  type PartitionMethod, type MetisOptions,
} from './partition-assign.js';
