// Public surface of src/nn/conv (re-exports only): one line per layer file.
export { GINConv, type GINConvOptions, type GinAggregator } from './gin-conv.js';
export { TAGConv, type TAGConvOptions } from './tag-conv.js';
export { ChebConv, type ChebConvOptions, type LambdaMax } from './cheb-conv.js';
export { laplacianLambdaMax, type LambdaMaxOptions } from './lambda-max.js';
export { GCN2Conv, type GCN2ConvOptions } from './gcn2-conv.js';
export { EdgeConv, type EdgeConvOptions } from './edge-conv.js';
export { GatedGraphConv, type GatedGraphConvOptions } from './gated-graph-conv.js';
export { type Activation } from './helpers.js';
