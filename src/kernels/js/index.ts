import type { Backend } from '../backend.js';
import { unary, binary, compare, where } from './elementwise.js';
import { reduce, argReduce } from './reduce.js';
import { permute } from './movement.js';
import { matmul } from './matmul.js';
import { gatherRows, scatterAddRows } from './indexing.js';
import { softmax } from './softmax.js';
import { dropoutMask } from './dropout.js';
import { adamStep } from './optim.js';
import { reluBackward } from './activation-backward.js';
import { gspmm, gsddmm, edgeSoftmax, edgeSoftmaxBackward, segmentReduce } from './sparse.js';
import { pinFields, pinIndex } from './pin-shared.js';
// sampling (owner: src/sampling)
import { sampleNeighbors, selectTopk, randomWalk, node2vecWalk, globalUniformNegative } from './sampling.js';

/** The portable TypeScript backend: runs everywhere, and defines what every kernel means. */
export const jsBackend = {
  name: 'js',
  unary, binary, compare, where,
  reduce, argReduce,
  permute,
  matmul,
  // Index arguments in shared memory are copied first (pin-shared.ts).
  gatherRows: (src, numRows, rowLen, idx, out) => gatherRows(src, numRows, rowLen, pinIndex(idx), out),
  scatterAddRows: (src, rowLen, idx, out, numRows) => scatterAddRows(src, rowLen, pinIndex(idx), out, numRows),
  softmax,
  dropoutMask,
  adamStep,
  reluBackward,
  gspmm: (args) => gspmm(pinFields(args, ['indptr', 'indices', 'eids'])),
  gsddmm: (args) => gsddmm(pinFields(args, ['src', 'dst'])),
  edgeSoftmax: (indptr, eids, logits, cols, out) => edgeSoftmax(pinIndex(indptr), pinIndex(eids), logits, cols, out),
  edgeSoftmaxBackward: (indptr, eids, y, gradY, cols, gradLogits) =>
    edgeSoftmaxBackward(pinIndex(indptr), pinIndex(eids), y, gradY, cols, gradLogits),
  segmentReduce: (op, x, offsets, rowLen, out, arg) => segmentReduce(op, x, pinIndex(offsets), rowLen, out, arg),
  // sampling (owner: src/sampling)
  sampleNeighbors, selectTopk, randomWalk, node2vecWalk, globalUniformNegative,
} satisfies Backend;
