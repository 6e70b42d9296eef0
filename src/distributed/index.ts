/**
 * `dg.distributed` (Node.js only): data-parallel training across processes and machines on
 * existing engines. Gloo's collectives (in the addon) or a TypeScript ring over TCP, membership
 * from the scheduler's environment, rendezvous and heartbeats in Redis, a shared folder or rank 0's
 * MASTER_ADDR store, and DistributedDataParallel.
 */
export { initProcessGroup, ProcessGroup, type ProcessGroupOptions } from './process-group.js';
export { DistributedDataParallel, type DDPOptions } from './ddp.js';
export { membershipFromEnv, type Membership } from './env.js';
export { FileStore, StoreUnavailableError, waitForKey, type Store } from './store.js';
export { RedisStore } from './redis-store.js';
export { MasterStoreServer } from './master-store.js';
export { RankLostError } from './heartbeat.js';
export { RingCollectives, type RingOptions } from './ring.js';
export { GlooCollectives, glooAvailable, type GlooOptions, type GlooStoreSpec } from './gloo.js';
export { PeerError, type AnyArray, type Collectives, type FloatArray } from './collectives.js';
export { shardIndices } from './shard.js';
export { DistGraph, readAssignment, type DistGraphStats } from './dist-graph.js';
export { LocalPartitionService, seededRandom, type PartitionService, type GatheredRows, type SampledNeighbors } from './partition-service.js';
export { GrpcPartitionClient, servePartition, PARTITION_CALL_DEADLINE_MS, type PartitionServer } from './partition-grpc.js';
export { openDistGraph, type OpenedDistGraph, type OpenDistGraphOptions } from './dist-open.js';
export { DistEmbedding, type DistEmbeddingOptions } from './dist-embedding.js';
