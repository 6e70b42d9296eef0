// GNN layers, one per file (re-exports only; one line per file).
export { RelGraphConv, type RelGraphConvOptions, type RelGraphConvForwardOptions } from './rel-graph-conv.js';
export { HeteroGraphConv, type HeteroAggregate, type HeteroAggregateFn, type HeteroInputs, type HeteroForwardOptions } from './hetero-graph-conv.js';
