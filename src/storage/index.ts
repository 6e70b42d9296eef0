/**
 * dg.storage (Node.js only): on-disk datasets (metadata.yaml + .npy, GraphBolt's OnDiskDataset
 * layout) opened by memory-mapping or by ranged reads, chunked arrays, feature stores and a row
 * cache, streaming writers, sampling from on-disk structure, and layer-wise inference.
 */
export {
  ChunkedArray, DEFAULT_CHUNK_BYTES, DTYPE_BYTES, closeStorageFiles,
  type StorageDType, type StorageArray, type StorageAccess, type FilePiece, type ChunkOptions,
} from './chunked.js';
export {
  type DatasetMetadata, type EdgeTopology, type FeatureEntry, type ItemSet, type TaskEntry, type ArrayRef,
  METADATA_FILE, STORAGE_FORMAT_VERSION, readMetadata, validateMetadata,
} from './metadata.js';
export { openNpyArray, type OpenArrayOptions, type OpenedArray } from './npy-array.js';
export { NpyStreamWriter } from './npy-writer.js';
export { type FeatureStore, InMemoryFeature, DiskFeature } from './feature.js';
export { CachedFeature, type CachePolicy, type CacheStats, type CachedFeatureOptions } from './cache.js';
export { OnDiskDataset, type OpenDatasetOptions, type CscArrays, type DatasetTask } from './dataset.js';
export { DatasetWriter, type DatasetWriterOptions, type TaskSpec } from './writer.js';
export { CscColumnWriter } from './csc-writer.js';
export {
  writeGraphDataset, addCsvEdges, writePowerLawDataset,
  type WriteGraphOptions, type CsvEdgeOptions, type PowerLawDatasetOptions,
} from './sources.js';
export { OnDiskNeighborSampler, sampleNeighborsOnDisk } from './sampler.js';
export { layerwiseInference, type InferenceOptions, type LayerFunction } from './inference.js';
export * from './partition/index.js';
