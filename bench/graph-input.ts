/**
 * The graph a sparse workload runs on: a seeded uniform or R-MAT (a=0.57, b=0.19, c=0.19) edge list,
 * or two .npy files (`--edges-npy src.npy dst.npy`) so that another system can time the same graph.
 * or the Reddit stand-in (`reddit`: a symmetric Chung-Lu power-law graph whose largest degree is
 * Reddit's multiple of its mean degree). Self-loops and multi-edges are kept as generated (like dgl.rand_graph).
 */
import { basename } from 'node:path';
import { randomGraph, rmatGraph, type EdgeList } from '../src/data/generators.js';
import { chungLuGraph, REDDIT_SHAPE } from '../src/data/chung-lu.js';
import { readNpyEdges } from '../src/data/npy.js';
import type { BenchOptions } from './args.js';

export interface EdgeInput {
  src: Int32Array;
  dst: Int32Array;
  numNodes: number;
  numEdges: number;
  /** What to print in the result line about where the graph came from. */
  describe: Record<string, unknown>;
}

export const RMAT = { a: 0.57, b: 0.19, c: 0.19 } as const;

/** Generates a `--graph` kind; `reddit` at Reddit's size gives its 21,657 maximum degree, smaller sizes the same ratio to the mean. */
export function generateEdges(kind: 'uniform' | 'rmat' | 'reddit', nodes: number, edges: number, seed: number): EdgeList {
  if (kind === 'rmat') return rmatGraph({ nodes, edges, seed, ...RMAT });
  if (kind === 'uniform') return randomGraph({ nodes, edges, seed });
  const ratio = REDDIT_SHAPE.maxDegree / (REDDIT_SHAPE.edges / REDDIT_SHAPE.nodes);
  return chungLuGraph({ nodes, edges, seed, maxDegree: Math.min(edges, Math.round((ratio * edges) / nodes)) });
}

function maxPlusOne(ids: Int32Array): number {
  let m = -1;
  for (let i = 0; i < ids.length; i++) if (ids[i] > m) m = ids[i];
  return m + 1;
}

/** Generates or reads the edge list described by the options (outside any timed region). */
export function loadEdges(o: Pick<BenchOptions, 'edgesNpy' | 'nodes' | 'nodesGiven' | 'edges' | 'graph' | 'seed'>): EdgeInput {
  if (o.edgesNpy !== null) {
    const [srcPath, dstPath] = o.edgesNpy;
    const { src, dst } = readNpyEdges(srcPath, dstPath);
    for (const [what, ids] of [['source', src], ['destination', dst]] as const) {
      for (let i = 0; i < ids.length; i++) {
        if (ids[i] < 0) throw new RangeError(`bench: ${what} id ${ids[i]} at position ${i} of ${what === 'source' ? srcPath : dstPath} is negative`);
      }
    }
    const implied = Math.max(maxPlusOne(src), maxPlusOne(dst), 1);
    if (o.nodesGiven && o.nodes < implied) throw new RangeError(`bench: --nodes ${o.nodes} is smaller than the largest id + 1 (${implied}) in ${srcPath} / ${dstPath}`);
    const numNodes = o.nodesGiven ? o.nodes : implied;
    return { src, dst, numNodes, numEdges: src.length, describe: { graph: 'npy', srcNpy: basename(srcPath), dstNpy: basename(dstPath) } };
  }
  const { src, dst } = generateEdges(o.graph, o.nodes, o.edges, o.seed);
  return { src, dst, numNodes: o.nodes, numEdges: o.edges, describe: { graph: o.graph, seed: o.seed } };
}
