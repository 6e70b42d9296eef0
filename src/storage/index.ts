// Public surface of src/storage (re-exports only): on-disk graphs, feature stores, partitions.
export * from './partition/index.js';
