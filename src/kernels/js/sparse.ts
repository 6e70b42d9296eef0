// The message-passing kernels, one family per file.
export { gspmm } from './spmm.js';
export { gsddmm } from './sddmm.js';
export { segmentReduce } from './segment.js';
export { edgeSoftmax, edgeSoftmaxBackward } from './edge-softmax.js';
