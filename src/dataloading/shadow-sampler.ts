/**
 * ShaDow-GNN's k-hop sampler (Zeng et al. 2021; DGL's dgl.dataloading.ShaDowKHopSampler): sample a
 * neighbourhood around the seeds layer by layer as NeighborSampler does, then return the subgraph
 * induced by every node reached, so that a GNN of any depth runs on that small graph.
 */
import type { Graph } from '../graph/graph.js';
import { nodeSubgraph } from '../graph/transforms/node-subgraph.js';
import type { Tensor } from '../tensor/tensor.js';
import { type LayerFanout, NeighborSampler, type NeighborSamplerOptions } from './neighbor-sampler.js';
import { type SubgraphSampler, checkHomogeneous } from './subgraph-sampler.js';

/** A ShaDow-KHop batch: the subgraph's nodes (global ids; the seeds first), the seeds, and the induced subgraph. */
export type ShaDowBatch = [inputNodes: Tensor, outputNodes: Tensor, subgraph: Graph];

/**
 * fanouts as NeighborSampler's (one per hop; -1 takes every in-edge). The subgraph holds every node
 * and edge feature and ndata/edata `_ID`; the seeds are its nodes 0..numSeeds-1, in order.
 * Use with `new DataLoader(g, seedNodes, sampler, { batchSize })`.
 */
export class ShaDowKHopSampler implements SubgraphSampler<ShaDowBatch> {
  readonly kind = 'subgraph' as const;
  private readonly hops: NeighborSampler;

  constructor(readonly fanouts: readonly LayerFanout[], opts: Pick<NeighborSamplerOptions, 'replace' | 'prob'> = {}) {
    this.hops = new NeighborSampler(fanouts, opts);
  }

  /** Seeds are node ids. */
  indexBound(g: Graph): number { return g.numNodes(); }

  /** The induced k-hop subgraph around `seeds` (repeats dropped). */
  sample(g: Graph, seeds: Int32Array, opts: { seed?: number } = {}): ShaDowBatch {
    checkHomogeneous('ShaDowKHopSampler.sample', g);
    const [input, output] = this.hops.sample(g, seeds, opts) as [Tensor, Tensor, Graph[]];
    return [input, output, nodeSubgraph(g, input.data as Int32Array)];
  }
}
