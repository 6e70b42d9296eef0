// Public surface of src/nn/conv (re-exports only): one line per layer file, to ease merging.
export { edgeWeightNorm, type EdgeNorm, type Activation, type ConvGraph, type ConvInput } from './util.js';
export { EdgeWeightNorm } from './edge-weight-norm.js';
export { GraphConv, type GraphConvOptions, type GraphConvForwardOptions, type GraphConvNorm } from './graph-conv.js';
export { GATConv, type GATConvOptions, type GATConvForwardOptions, type GATConvResult } from './gat-conv.js';
export { SAGEConv, type SAGEConvOptions, type SAGEConvForwardOptions, type SAGEAggregator } from './sage-conv.js';
export { GATv2Conv, type GATv2ConvOptions } from './gatv2-conv.js';
export { APPNPConv, type APPNPConvOptions, type APPNPConvForwardOptions } from './appnp-conv.js';
export { SGConv, type SGConvOptions, type SGConvForwardOptions } from './sg-conv.js';
export { GINConv, type GINConvOptions, type GinAggregator } from './gin-conv.js';
export { TAGConv, type TAGConvOptions } from './tag-conv.js';
export { ChebConv, type ChebConvOptions, type LambdaMax } from './cheb-conv.js';
export { laplacianLambdaMax, type LambdaMaxOptions } from './lambda-max.js';
export { GCN2Conv, type GCN2ConvOptions } from './gcn2-conv.js';
export { EdgeConv, type EdgeConvOptions } from './edge-conv.js';
export { GatedGraphConv, type GatedGraphConvOptions } from './gated-graph-conv.js';
export { RelGraphConv, type RelGraphConvOptions, type RelGraphConvForwardOptions } from './rel-graph-conv.js';
export { HeteroGraphConv, type HeteroAggregate, type HeteroAggregateFn, type HeteroInputs, type HeteroForwardOptions } from './hetero-graph-conv.js';
