import { type SparseAdj, type HasSparse, toAdj } from '../graph/sparse.js';
import { getBackend } from '../kernels/registry.js';
import type { FloatArray, SampledEdges } from '../kernels/backend.js';
import {
  type EdgeDir, type IdsLike, type WeightsLike,
  checkFanout, excludeMaskOf, perEdgeFloats, resolveSeed, toEdgeWeights, toIds,
} from './common.js';

/** Sampled edges of one relation, in original ids: eid[i] is the id of edge src[i] -> dst[i]. */
export interface EdgeSample {
  src: Int32Array;
  dst: Int32Array;
  eid: Int32Array;
}

/** Options of the edge-level sampling kernels. */
export interface EdgeSampleOptions {
  /** 'in' samples in-edges of the seeds (seeds are destinations), 'out' out-edges. Default 'in'. */
  edgeDir?: EdgeDir;
  /** Unnormalised probability per edge; zero-weight edges are never picked. */
  prob?: WeightsLike;
  /** Sample with replacement (exactly fanout edges per seed with any eligible edge). Default false. */
  replace?: boolean;
  /** Edge ids that are never returned. */
  excludeEdges?: IdsLike;
  /** uint32 seed; default: drawn from the global generator. */
  seed?: number;
  /** The relation, when g is a typed graph. */
  etype?: string;
}

function orient(edgeDir: EdgeDir, s: SampledEdges): EdgeSample {
  // Kernel rows are the seeds: destinations for in-edges, sources for out-edges.
  return edgeDir === 'in' ? { src: s.cols, dst: s.rows, eid: s.eids } : { src: s.rows, dst: s.cols, eid: s.eids };
}

export function checkEdgeDir(op: string, edgeDir: string): asserts edgeDir is EdgeDir {
  if (edgeDir !== 'in' && edgeDir !== 'out') throw new RangeError(`${op}: edgeDir must be 'in' or 'out', got '${edgeDir}'`);
}

/**
 * Neighbour sampling on one relation (DGL's sample_neighbors semantics): per seed, up to `fanout`
 * of its in-edges (edgeDir 'in') or out-edges ('out'); without replacement exactly
 * min(fanout, degree) distinct edges, with replacement exactly fanout. fanout -1 takes all.
 */
export function sampleNeighborEdges(g: SparseAdj | HasSparse, seeds: IdsLike, fanout: number,
  opts: EdgeSampleOptions = {}): EdgeSample {
  const op = 'sampleNeighbors';
  const adj = toAdj(g, opts.etype);
  const edgeDir = opts.edgeDir ?? 'in';
  checkEdgeDir(op, edgeDir);
  checkFanout(op, fanout);
  const numSeedSide = edgeDir === 'in' ? adj.numDst : adj.numSrc;
  return sampleChecked(adj, edgeDir, toIds(op, 'seed node', seeds, numSeedSide), fanout, {
    prob: opts.prob === undefined ? null : toEdgeWeights(op, 'prob', opts.prob, adj.numEdges),
    replace: opts.replace ?? false,
    excludeMask: excludeMaskOf(op, opts.excludeEdges, adj.numEdges),
    seed: resolveSeed(op, opts.seed),
  });
}

/** The kernel call behind sampleNeighborEdges, for callers that validated their arguments. */
export function sampleChecked(adj: SparseAdj, edgeDir: EdgeDir, seeds: Int32Array, fanout: number,
  o: { prob: FloatArray | null; replace: boolean; excludeMask: Uint8Array | null; seed: number }): EdgeSample {
  const c = edgeDir === 'in' ? adj.csc() : adj.csr();
  const s = getBackend().sampleNeighbors({
    indptr: c.indptr, indices: c.indices, eids: c.eids, seeds, fanout, ...o,
  });
  return orient(edgeDir, s);
}

/** Options of the top-k selection kernel. */
export interface TopkOptions {
  edgeDir?: EdgeDir;
  /** Pick the k smallest weights instead of the largest. Default false. */
  ascending?: boolean;
  excludeEdges?: IdsLike;
  etype?: string;
}

/**
 * Per node the k edges of largest weight (DGL's select_topk); ties go to the lower edge position.
 * nodes defaults to every node on the seed side; k -1 keeps all edges.
 */
export function selectTopkEdges(g: SparseAdj | HasSparse, k: number, weights: WeightsLike, nodes?: IdsLike,
  opts: TopkOptions = {}): EdgeSample {
  const op = 'selectTopk';
  const adj = toAdj(g, opts.etype);
  const edgeDir = opts.edgeDir ?? 'in';
  checkEdgeDir(op, edgeDir);
  checkFanout(op, k, 'k');
  const numSeedSide = edgeDir === 'in' ? adj.numDst : adj.numSrc;
  const seedIds = nodes === undefined ? allIds(numSeedSide) : toIds(op, 'node', nodes, numSeedSide);
  const w = toScores(op, weights, adj.numEdges);
  const c = edgeDir === 'in' ? adj.csc() : adj.csr();
  const s = getBackend().selectTopk({
    indptr: c.indptr, indices: c.indices, eids: c.eids, seeds: seedIds, k, weights: w,
    ascending: opts.ascending ?? false, excludeMask: excludeMaskOf(op, opts.excludeEdges, adj.numEdges),
  });
  return orient(edgeDir, s);
}

export function allIds(n: number): Int32Array {
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  return ids;
}

/** Top-k weights are scores (any sign) but never NaN. */
function toScores(op: string, w: WeightsLike, numEdges: number): FloatArray {
  const data = perEdgeFloats(op, 'weight', w, numEdges);
  for (let e = 0; e < data.length; e++) {
    if (Number.isNaN(data[e])) throw new RangeError(`${op}: weight of edge ${e} is NaN`);
  }
  return data;
}
