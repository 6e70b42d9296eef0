// Public surface of src/graph (re-exports only).
export { Graph, canonicalKey, type EdgesLike } from './graph.js';
export type { CanonicalEtype, EtypeKey, EdgeForm, EdgeResult, EdgesOptions, EdgeQueryOptions, WithData, GraphSpec, RelationSpec } from './graph.js';
export { Frame, PerTypeFrames } from './frame.js';
export { graph, heterograph, bipartite, randGraph, createBlock } from './construct.js';
export type { IdArray, EdgeData, GraphOptions, HeterographOptions, BipartiteOptions, CreateBlockOptions } from './construct.js';
export { NID, EID, NTYPE, ETYPE, type IdsLike } from './ids.js';
export { batch, unbatch, type BatchOptions } from './batch.js';
export { addSelfLoop, type AddSelfLoopOptions } from './transforms/add-self-loop.js';
export { removeSelfLoop } from './transforms/remove-self-loop.js';
export { toBidirected } from './transforms/to-bidirected.js';
export {
  metisPartitionAssignment, randomPartitionAssignment, hashPartitionAssignment, haveMetis,
  type PartitionMethod, type MetisOptions,
} from './transforms/partition-assign.js';
export { addReverseEdges, type AddReverseEdgesOptions } from './transforms/add-reverse-edges.js';
export { reverse } from './transforms/reverse.js';
export { toSimple, toSimpleWithMapping, type ToSimpleOptions, type ToSimpleResult } from './transforms/to-simple.js';
export { nodeSubgraph } from './transforms/node-subgraph.js';
export { edgeSubgraph, type EdgeSubgraphOptions } from './transforms/edge-subgraph.js';
export { inSubgraph } from './transforms/in-subgraph.js';
export { outSubgraph } from './transforms/out-subgraph.js';
export { khopGraph } from './transforms/khop-graph.js';
export { lineGraph } from './transforms/line-graph.js';
export { compactGraphs, type CompactGraphsOptions } from './transforms/compact-graphs.js';
export { toHomogeneous, type ToHomogeneousOptions } from './transforms/to-homogeneous.js';
export { toHeterogeneous } from './transforms/to-heterogeneous.js';
export { addNodes, type AddNodesOptions } from './transforms/add-nodes.js';
export { addEdges, type AddEdgesOptions } from './transforms/add-edges.js';
export { removeNodes, type RemoveNodesOptions } from './transforms/remove-nodes.js';
export { removeEdges, type RemoveEdgesOptions } from './transforms/remove-edges.js';
export { inc, type IncidenceType } from './transforms/inc.js';
export { metapathReachableGraph } from './transforms/metapath-reachable-graph.js';
export { nodeTypeSubgraph } from './transforms/node-type-subgraph.js';
export { edgeTypeSubgraph } from './transforms/edge-type-subgraph.js';
export { khopInSubgraph, khopOutSubgraph, type KhopSubgraph, type KhopSubgraphOptions } from './transforms/khop-subgraph.js';
export { khopAdj } from './transforms/khop-adj.js';
export { normByDst } from './transforms/norm-by-dst.js';
export { blockToGraph } from './transforms/block-to-graph.js';
export { reorderGraph, type ReorderGraphOptions } from './transforms/reorder-graph.js';
export { knnGraph, type KnnGraphOptions } from './transforms/knn-graph.js';
export { radiusGraph, type RadiusGraphOptions } from './transforms/radius-graph.js';
export { shortestDist } from './transforms/shortest-dist.js';
export { randomWalkPE } from './transforms/random-walk-pe.js';
export { lapPE, type LapPEOptions } from './transforms/lap-pe.js';
export * as transforms from './transforms/index.js';
