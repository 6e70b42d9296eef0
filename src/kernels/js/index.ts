import type { Backend } from '../backend.js';
import { unary, binary, compare, where } from './elementwise.js';
import { reduce, argReduce } from './reduce.js';
import { permute } from './movement.js';
import { matmul } from './matmul.js';
import { gatherRows, scatterAddRows } from './indexing.js';
import { softmax } from './softmax.js';
import { dropoutMask } from './dropout.js';
import { gspmm, gsddmm, edgeSoftmax, edgeSoftmaxBackward, segmentReduce } from './sparse.js';
// sampling (owner: src/sampling)
import { sampleNeighbors, selectTopk, randomWalk, node2vecWalk, globalUniformNegative } from './sampling.js';

/** The portable TypeScript backend: runs everywhere, and defines what every kernel means. */
export const jsBackend = {
  name: 'js',
  unary, binary, compare, where,
  reduce, argReduce,
  permute,
  matmul,
  gatherRows, scatterAddRows,
  softmax,
  dropoutMask,
  gspmm, gsddmm, edgeSoftmax, edgeSoftmaxBackward, segmentReduce,
  // sampling (owner: src/sampling)
  sampleNeighbors, selectTopk, randomWalk, node2vecWalk, globalUniformNegative,
} satisfies Backend;
