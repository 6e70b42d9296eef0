/**
 * Samplers that yield whole subgraphs rather than blocks (DGL's ClusterGCNSampler, SAINTSampler,
 * ShaDowKHopSampler). The DataLoader hands them a batch of indices (cluster ids, iteration
 * numbers or seed nodes) and yields what `sample` returns.
 */
import type { Graph } from '../graph/graph.js';
import { nodeSubgraph } from '../graph/transforms/node-subgraph.js';
import {
  hashPartitionAssignment, metisPartitionAssignment, randomPartitionAssignment, type MetisOptions, type PartitionMethod,
} from '../sampling/partition-assign.js';
import { DeepGraphError } from '../errors.js';
import { checkOptionKeys } from './neighbor-sampler.js';

/** A sampler whose batches are subgraphs (or [inputNodes, outputNodes, subgraph] for ShaDow-KHop). */
export interface SubgraphSampler<R = Graph> {
  /** Marks the sampler for the DataLoader. */
  readonly kind: 'subgraph';
  /** Indices the loader may pass are integers in [0, indexBound(g)). */
  indexBound(g: Graph): number;
  /** The batch for these indices; `seed` makes it reproducible. */
  sample(g: Graph, indices: Int32Array, opts?: { seed?: number }): R;
}

/** True for samplers that yield subgraphs. */
export function isSubgraphSampler(s: unknown): s is SubgraphSampler<unknown> {
  return typeof s === 'object' && s !== null && (s as { kind?: unknown }).kind === 'subgraph';
}

/** Throws unless g has one node type and one edge type. */
export function checkHomogeneous(op: string, g: Graph): void {
  if (g.ntypes.length !== 1 || g.canonicalEtypes.length !== 1) {
    throw new DeepGraphError(`${op}: expects a graph with one node type and one edge type (got ${g.ntypes.length} and ${g.canonicalEtypes.length})`);
  }
  if (g.isBlock) throw new DeepGraphError(`${op}: expects a graph, not a block`);
}

/** Options of `ClusterGCNSampler`. */
export interface ClusterGCNOptions extends MetisOptions {
  /** How the clusters are made: 'metis' (default, as DGL), 'random' or 'hash'. */
  method?: PartitionMethod;
  /** A ready cluster id per node instead of partitioning (DGL caches it in cache_path). */
  assignment?: Int32Array;
}

/**
 * Cluster-GCN (Chiang et al. 2019; DGL's dgl.dataloading.ClusterGCNSampler): the graph is split
 * into k clusters once (METIS by default); a batch of cluster ids yields the subgraph induced by
 * the union of those clusters' nodes, with every node and edge feature and ndata/edata `_ID`.
 * Use with `new DataLoader(g, arange(k), sampler, { batchSize, shuffle: true })`.
 */
export class ClusterGCNSampler implements SubgraphSampler<Graph> {
  readonly kind = 'subgraph' as const;
  /** The cluster id of every node. */
  readonly assignment: Int32Array;
  /** Node ids of each cluster, ascending. */
  readonly clusters: readonly Int32Array[];

  constructor(readonly graph: Graph, readonly k: number, opts: ClusterGCNOptions = {}) {
    const op = 'ClusterGCNSampler';
    checkOptionKeys(op, opts, ['method', 'assignment', 'balanceNtypes', 'balanceEdges', 'seed']);
    checkHomogeneous(op, graph);
    const n = graph.numNodes();
    if (opts.assignment !== undefined) {
      if (!(opts.assignment instanceof Int32Array) || opts.assignment.length !== n) throw new RangeError(`${op}: assignment must be an Int32Array of ${n} cluster ids`);
      if (!Number.isInteger(k) || k < 1) throw new RangeError(`${op}: k must be a positive integer, got ${k}`);
      for (let i = 0; i < n; i++) if (!(opts.assignment[i] >= 0 && opts.assignment[i] < k)) throw new RangeError(`${op}: assignment[${i}] = ${opts.assignment[i]} is outside [0, ${k})`);
      this.assignment = opts.assignment;
    } else {
      const method = opts.method ?? 'metis';
      const { balanceNtypes, balanceEdges, seed } = opts;
      this.assignment = method === 'metis' ? metisPartitionAssignment(graph, k, { balanceNtypes, balanceEdges, seed })
        : method === 'random' ? randomPartitionAssignment(n, k, seed ?? 0) : hashPartitionAssignment(n, k);
    }
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) counts[this.assignment[i]]++;
    const clusters = Array.from(counts, (c) => new Int32Array(c));
    const fill = new Int32Array(k);
    for (let i = 0; i < n; i++) clusters[this.assignment[i]][fill[this.assignment[i]]++] = i;
    this.clusters = clusters;
  }

  indexBound(): number { return this.k; }

  /** The subgraph induced by the nodes of the given clusters (in cluster order). */
  sample(g: Graph, clusterIds: Int32Array): Graph {
    if (g !== this.graph && g.numNodes() !== this.graph.numNodes()) {
      throw new DeepGraphError(`ClusterGCNSampler.sample: the sampler was built for a graph of ${this.graph.numNodes()} nodes, got ${g.numNodes()}`);
    }
    let total = 0;
    for (const c of clusterIds) {
      if (!(Number.isInteger(c) && c >= 0 && c < this.k)) throw new RangeError(`ClusterGCNSampler.sample: cluster id ${c} is outside [0, ${this.k})`);
      total += this.clusters[c].length;
    }
    const nodes = new Int32Array(total);
    let at = 0;
    for (const c of clusterIds) { nodes.set(this.clusters[c], at); at += this.clusters[c].length; }
    return nodeSubgraph(g, nodes);
  }
}
