/**
 * Sampling plans: plain, structured-cloneable descriptions of what a built-in sampler does, so
 * that the main thread and loader workers run the very same code on the same arrays (and so give
 * the same batches for a seed whatever the number of workers).
 */
import type { NegativeSamplerSpec } from '../sampling/negative.js';

/** Multi-layer neighbour sampling (NeighborSampler, MultiLayerFullNeighborSampler). */
export interface NeighborPlan {
  kind: 'neighbor';
  /** fanouts[l][r]: edges per destination node in layer l (0 = the input side) along relation r; -1 = all. */
  fanouts: number[][];
  replace: boolean;
  /** Edge feature holding sampling weights. */
  prob: string | null;
  /** Node features gathered for the input nodes (blocks[0].srcdata). */
  nodeFeatures: string[];
  /** Node features gathered for the output nodes (blocks[last].dstdata). */
  labels: string[];
  /** Edge features gathered for every block's edges. */
  edgeFeatures: string[];
}

export type EdgeExclusion = 'none' | 'self' | 'reverseId' | 'reverseTypes';

/** Edge prediction around a neighbour plan (asEdgePredictionSampler). */
export interface EdgePlan {
  kind: 'edge';
  blocks: NeighborPlan;
  /** The relation whose edges are the seeds. */
  relation: number;
  exclude: EdgeExclusion;
  /** With exclude 'reverseTypes': the relation whose edge i is the reverse of seed-relation edge i. */
  reverseRelation?: number | null;
  negative: NegativeSamplerSpec | null;
}

export type SamplerPlan = NeighborPlan | EdgePlan;

/** One batch of work: seed ids per node type (node plans) or seed edge ids (edge plans), and its seed. */
export interface BatchTask {
  index: number;
  seeds: Int32Array[];
  seed: number;
}

/** A pair graph as arrays: its nodes per type (global ids) and local edges of the seed relation. */
export interface PairSpec {
  nodes: Int32Array[];
  src: Int32Array;
  dst: Int32Array;
  /** Seed edge ids (positive pairs); empty for negative pairs. */
  eid: Int32Array;
}

/** Raw rows of a gathered feature. */
export interface GatheredFeature {
  data: Float32Array | Float64Array | Int32Array | Uint8Array;
  rowShape: number[];
  dtype: 'float32' | 'float64' | 'int32' | 'uint8' | 'bool';
}

/** What running a plan on one batch yields: ids, relabelled blocks, pair graphs, gathered features. */
export interface BatchResult {
  index: number;
  inputNodes: Int32Array[];
  outputNodes: Int32Array[];
  blocks: import('./block.js').BlockSpec[];
  pair: PairSpec | null;
  negPair: PairSpec | null;
  /** Per node type, features of the input nodes. */
  nodeFeatures: Record<string, GatheredFeature>[];
  /** Per node type, features of the output nodes. */
  labels: Record<string, GatheredFeature>[];
  /** Per block, per relation, features of its edges. */
  edgeFeatures: Record<string, GatheredFeature>[][];
  /** Set by a loader worker: the native thread count its kernels ran this batch with. */
  kernelThreads?: number;
}

/** Salts that keep the random streams of a batch's layers and its negatives apart. */
export const LAYER_SALT = 0x1a7e5eed;
export const NEGATIVE_SALT = 0x0e9a71fe;
