// Public surface of src/graph (re-exports only).
export { Graph, canonicalKey } from './graph.js';
export type { CanonicalEtype, EtypeKey, EdgeForm, EdgeResult, EdgesOptions, EdgeQueryOptions, WithData, GraphSpec, RelationSpec } from './graph.js';
export { Frame, PerTypeFrames } from './frame.js';
export { graph, heterograph, bipartite, randGraph } from './construct.js';
export type { IdArray, EdgeData, GraphOptions, HeterographOptions, BipartiteOptions } from './construct.js';
export { NID, EID, NTYPE, ETYPE, type IdsLike } from './ids.js';
