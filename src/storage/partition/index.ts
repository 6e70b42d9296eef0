// Public surface of src/storage/partition (re-exports only).
export {
  metisPartitionAssignment, randomPartitionAssignment, hashPartitionAssignment, hashId, haveMetis,
  type PartitionMethod, type MetisOptions,
} from '../../sampling/partition-assign.js';
export { edgeCut, forEachPart, innerNodes, type PartLayout } from './layout.js';
export { partitionGraph, type PartitionGraphOptions, type PartitionResult } from './partition-graph.js';
export { readPartbook, PARTBOOK_FORMAT, PARTBOOK_VERSION, type Partbook, type PartbookPart, type PartbookFeature } from './partbook.js';
export { loadPartition, type LoadedPartition } from './read.js';
