// Public surface of src/dataloading (re-exports only).
export { toBlock, type ToBlockOptions } from './block.js';
export {
  NeighborSampler, MultiLayerFullNeighborSampler, matchLayers,
  type BlockSampler, type LayerFanout, type NeighborSamplerOptions, type SampleOptions,
} from './neighbor-sampler.js';
export { asEdgePredictionSampler, EdgePredictionSampler, type EdgePredictionOptions } from './edge-prediction.js';
export { DataLoader, type DataLoaderOptions, type BatchOf, type AnySampler, type RowStore } from './data-loader.js';
export type { NodeIds, NodeMiniBatch, EdgeMiniBatch } from './materialize.js';
export { GraphDataLoader, stackLabels, type GraphDataLoaderOptions, type GraphItem, type GraphBatch, type GraphSource } from './graph-data-loader.js';
export { shareTensor, sharedGraph, sharedArray } from './shared-memory.js';
export { powerLawNodeTask, type PowerLawTask, type PowerLawTaskOptions } from './power-law.js';
export { runEpoch, type EpochCounts } from './epoch.js';
export { ClusterGCNSampler, isSubgraphSampler, type SubgraphSampler, type ClusterGCNOptions } from './subgraph-sampler.js';
export { SAINTSampler, type SAINTMode, type SAINTOptions } from './saint-sampler.js';
export { LaborSampler, type LaborSamplerOptions } from './labor-sampler.js';
export { ShaDowKHopSampler, type ShaDowBatch } from './shadow-sampler.js';
