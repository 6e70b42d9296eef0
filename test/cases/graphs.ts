/** Labelled graph cases for the message-passing tests (DGL's graph_cases, in miniature). */
import { SparseAdj } from '../../src/graph/sparse.js';
import { seededData } from '../helpers.js';

export interface GraphCase {
  label: string;
  src: Int32Array;
  dst: Int32Array;
  numSrc: number;
  numDst: number;
}

function make(label: string, src: number[], dst: number[], numSrc: number, numDst = numSrc): GraphCase {
  return { label, src: Int32Array.from(src), dst: Int32Array.from(dst), numSrc, numDst };
}

/** A seeded random multigraph (self-loops and repeated edges can occur, edges unsorted). */
export function randomCase(label: string, numSrc: number, numDst: number, numEdges: number, seed: number): GraphCase {
  const r = seededData(2 * numEdges, seed, 0, 1);
  const src: number[] = [], dst: number[] = [];
  for (let e = 0; e < numEdges; e++) {
    src.push(Math.floor(r[2 * e] * numSrc));
    dst.push(Math.floor(r[2 * e + 1] * numDst));
  }
  return make(label, src, dst, numSrc, numDst);
}

/** Small cases: every structural corner, plus a seeded random graph at two sizes. */
export function graphCases(): GraphCase[] {
  return [
    make('empty graph', [], [], 0),
    make('one node', [], [], 1),
    make('isolated nodes', [0, 1], [1, 0], 5),
    make('zero in-degree destinations', [0, 0, 1], [2, 3, 3], 4),
    make('self-loops', [0, 1, 2, 2], [0, 1, 2, 0], 3),
    make('multi-edges', [0, 0, 0, 1, 1], [1, 1, 1, 2, 2], 3),
    make('unsorted COO', [3, 0, 2, 1, 3, 0], [0, 2, 1, 3, 1, 0], 4),
    make('bipartite (numSrc != numDst)', [0, 1, 2, 0, 2], [4, 0, 1, 1, 4], 3, 5),
    randomCase('random small', 6, 6, 14, 11),
    randomCase('random medium', 25, 25, 90, 12),
  ];
}

/** Every labelled case small enough for finite differences (all but the medium random graph). */
export function gradCases(): GraphCase[] {
  return graphCases().filter((c) => c.label !== 'random medium');
}

/** The tiny cases used for finite-difference gradient checks. */
export function tinyCases(): GraphCase[] {
  return [
    make('zero in-degree destinations', [0, 0, 1], [2, 3, 3], 4),
    make('self-loops + multi-edges', [0, 1, 1, 2, 0], [0, 2, 2, 1, 2], 3),
    make('bipartite (numSrc != numDst)', [0, 1, 2, 0], [1, 0, 1, 3], 3, 4),
  ];
}

export function adjOf(c: GraphCase): SparseAdj {
  return SparseAdj.fromCoo(c.src, c.dst, c.numSrc, c.numDst);
}

/** Feature-shape pairs [lhs, rhs] with DGL broadcasting, equal shapes and size-1 features included. */
export const SHAPE_PAIRS: [number[], number[]][] = [
  [[3], [3]],
  [[4, 1], [4, 8]],
  [[4, 8], [4, 1]],
  [[1, 5], [3, 1]],
  [[1], [3]],
  [[2, 3], [3]],
  [[], [2]],
  [[], []],
];

/** Pairs valid for dot (same last dimension). */
export const DOT_SHAPE_PAIRS: [number[], number[]][] = [
  [[3], [3]],
  [[4, 1, 5], [4, 2, 5]],
  [[2, 3], [3]],
];
