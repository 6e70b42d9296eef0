// Public surface of src/nn/conv (re-exports only): one line per layer file, to ease merging.
export { edgeWeightNorm, type Activation, type ConvGraph, type ConvInput } from './util.js';
export { GraphConv, type GraphConvOptions, type GraphConvForwardOptions, type GraphConvNorm } from './graph-conv.js';
export { GATConv, type GATConvOptions, type GATConvForwardOptions, type GATConvResult } from './gat-conv.js';
export { SAGEConv, type SAGEConvOptions, type SAGEConvForwardOptions, type SAGEAggregator } from './sage-conv.js';
export { GATv2Conv, type GATv2ConvOptions } from './gatv2-conv.js';
export { APPNPConv, type APPNPConvOptions, type APPNPConvForwardOptions } from './appnp-conv.js';
export { SGConv, type SGConvOptions, type SGConvForwardOptions } from './sg-conv.js';
