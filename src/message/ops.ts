// The functional message-passing core, exported as `dg.ops`: tensors in, tensors out, no graph mutation.
export { gspmm, type GraphLike, type ReduceName } from './gspmm.js';
export { gsddmm, type SddmmOptions } from './gsddmm.js';
export { edgeSoftmax, type EdgeSoftmaxOptions } from './edge-softmax.js';
export { segmentReduce, segmentSoftmax, segmentBroadcast, type SegmentLengths } from './segment.js';
export * from './shortcuts.js';
export { segmentMm, gatherMm } from './gather-mm.js';
