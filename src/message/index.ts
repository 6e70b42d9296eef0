// Public surface of src/message (re-exports only).
export * as fn from './fn.js';
export * as ops from './ops.js';
export { updateAll, applyEdges, applyNodes, pull, push, sendAndRecv } from './update-all.js';
export { multiUpdateAll, type CrossReducer, type RelationPass } from './multi-update.js';
export type { MessageFn, ReduceFn } from './lower.js';
export type { EdgeBatch, NodeBatch, MessageUdf, NodeUdf } from './batch.js';
export {
  sumNodes, meanNodes, maxNodes, minNodes, sumEdges, meanEdges, maxEdges, minEdges,
  softmaxNodes, softmaxEdges, broadcastNodes, broadcastEdges, topkNodes, topkEdges, readoutNodes, readoutEdges,
  type NodeReadoutOptions, type EdgeReadoutOptions, type TopkNodesOptions, type TopkEdgesOptions, type ReadoutOp,
} from './readout.js';
export { propNodes, propEdges, propNodesTopo, topologicalNodesGenerator, type PropOptions } from './propagate.js';
