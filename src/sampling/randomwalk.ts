import { type SparseAdj, type HasSparse, toAdj } from '../graph/sparse.js';
import { getBackend } from '../kernels/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { Graph } from '../graph/graph.js';
import { DeepGraphError } from '../errors.js';
import type { FloatArray, RandomWalkResult, WalkStep } from '../kernels/backend.js';
import { type IdsLike, type WeightsLike, resolveSeed, toEdgeWeights, toIds } from './common.js';

/** Walk traces [N, steps + 1] and the edge taken at each step [N, steps], both -1 after the walk stops. */
export interface Walks {
  traces: Tensor;
  eids: Tensor;
  /** Node type of each trace column (on a Graph walked by metapath; DGL's types). */
  types?: string[];
}

/** Transition weights: an edge feature name (on a Graph), one array for every step, or per relation name. */
export type StepWeights = string | WeightsLike | Readonly<Record<string, WeightsLike>>;

/** Options of `randomWalk`. */
export interface RandomWalkOptions {
  /** Relation names walked in order; the walk has metapath.length steps. */
  metapath?: readonly string[];
  /** Steps of a walk on the (single) relation; give this or metapath. */
  length?: number;
  /** Unnormalised transition weight per edge (zero-weight edges are never taken). */
  prob?: StepWeights;
  /**
   * Probability of stopping after each transition (default 0), or one per step (DGL's tensor
   * restart_prob: entry t applies after transition t).
   */
  restartProb?: number | readonly number[] | Float32Array | Float64Array | Tensor;
  seed?: number;
}

function weightsFor(op: string, g: SparseAdj | HasSparse, prob: StepWeights | undefined, etype: string | undefined,
  numEdges: number): FloatArray | null {
  if (prob === undefined) return null;
  if (typeof prob === 'string') {
    if (!(g instanceof Graph)) throw new DeepGraphError(`${op}: prob '${prob}' names a feature, which needs a Graph`);
    // DGL walks a relation without the feature uniformly.
    const frame = g.edgeFrame(etype);
    return frame.has(prob) ? toEdgeWeights(op, `prob '${prob}'`, frame.get(prob), numEdges, true) : null;
  }
  if (prob instanceof Tensor || ArrayBuffer.isView(prob)) return toEdgeWeights(op, 'prob', prob as WeightsLike, numEdges, true);
  const named = (prob as Record<string, WeightsLike>)[etype ?? ''];
  return named === undefined ? null : toEdgeWeights(op, `prob['${etype}']`, named, numEdges, true);
}

/** Per-step restart probabilities (null for one scalar, which the kernel applies itself). */
function restartPerStep(op: string, p: NonNullable<RandomWalkOptions['restartProb']>, steps: number): Float64Array | null {
  if (typeof p === 'number') { checkProbability(op, 'restartProb', p); return null; }
  const values = p instanceof Tensor ? p.data : p;
  if ((p instanceof Tensor && p.ndim !== 1) || values.length !== steps) {
    throw new RangeError(`${op}: restartProb per step must have one entry per step (${steps}), got ${p instanceof Tensor ? `shape [${p.shape.join(', ')}]` : `${values.length} entries`}`);
  }
  const out = Float64Array.from(values as ArrayLike<number>);
  out.forEach((v, t) => checkProbability(op, `restartProb[${t}]`, v));
  return out;
}

/** Cuts each walk after transition t with probability p[t] (in place; a seeded stream of its own). */
function applyRestarts(r: RandomWalkResult, steps: number, p: Float64Array, seed: number): void {
  const n = r.eids.length / Math.max(steps, 1);
  let s = (seed ^ 0x5bd1e995) >>> 0 || 1;
  const uniform = (): number => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
  for (let i = 0; i < n; i++) {
    for (let t = 0; t + 1 < steps; t++) {
      if (r.eids[i * steps + t] < 0) break;
      if (p[t] > 0 && uniform() < p[t]) {
        r.traces.fill(-1, i * (steps + 1) + t + 2, (i + 1) * (steps + 1));
        r.eids.fill(-1, i * steps + t + 1, (i + 1) * steps);
        break;
      }
    }
  }
}

function walksOf(r: RandomWalkResult, n: number, steps: number): Walks {
  return {
    traces: new Tensor(r.traces, [n, steps + 1], 'int32'),
    eids: new Tensor(r.eids, [n, steps], 'int32'),
  };
}

function checkProbability(op: string, name: string, v: number): void {
  if (!(v >= 0 && v <= 1)) throw new RangeError(`${op}: ${name} must be in [0, 1], got ${v}`);
}

/**
 * Random walks along out-edges (DGL's random_walk): from each start node follow `length` steps on
 * one relation or one step per relation of `metapath`; a dead end (no out-edge with positive
 * weight) stops the walk and the rest of its trace is -1.
 */
export function randomWalk(g: SparseAdj | HasSparse, nodes: IdsLike, opts: RandomWalkOptions): Walks {
  const op = 'randomWalk';
  if ((opts.metapath === undefined) === (opts.length === undefined)) {
    throw new RangeError(`${op}: give exactly one of metapath and length`);
  }
  if (opts.length !== undefined && !(Number.isInteger(opts.length) && opts.length >= 0)) {
    throw new RangeError(`${op}: length must be a non-negative integer, got ${opts.length}`);
  }
  // A walk of `length` steps on one relation passes that relation once (the kernel repeats it).
  const walkLength = opts.metapath !== undefined ? opts.metapath.length : opts.length!;
  const etypes: (string | undefined)[] = opts.metapath !== undefined ? [...opts.metapath]
    : opts.length! > 0 ? [undefined] : [];
  const adjs = etypes.map((et) => toAdj(g, et));
  for (let t = 0; t + 1 < adjs.length; t++) {
    if (adjs[t].numDst !== adjs[t + 1].numSrc) {
      throw new RangeError(`${op}: metapath step ${t} ('${etypes[t]}') ends on ${adjs[t].numDst} nodes but step ${t + 1} ('${etypes[t + 1]}') starts from ${adjs[t + 1].numSrc}`);
    }
  }
  let types: string[] | undefined;
  if (g instanceof Graph && opts.metapath !== undefined && opts.metapath.length > 0) {
    const canon = opts.metapath.map((et) => g.toCanonicalEtype(et));
    for (let t = 0; t + 1 < canon.length; t++) {
      if (canon[t][2] !== canon[t + 1][0]) {
        throw new RangeError(`${op}: metapath step ${t} ends on '${canon[t][2]}' nodes but step ${t + 1} starts from '${canon[t + 1][0]}'`);
      }
    }
    types = [canon[0][0], ...canon.map((c) => c[2])];
  }
  const perStep = restartPerStep(op, opts.restartProb ?? 0, walkLength);
  const restartProb = perStep === null ? (opts.restartProb as number | undefined) ?? 0 : 0;
  const numStart = adjs.length > 0 ? adjs[0].numSrc : toAdj(g).numSrc;
  const starts = toIds(op, 'start node', nodes, numStart);
  const cache = new Map<string | undefined, WalkStep>();
  const steps = etypes.map((et, t) => {
    let s = cache.get(et);
    if (s === undefined) {
      const c = adjs[t].csr();
      s = { indptr: c.indptr, indices: c.indices, eids: c.eids, prob: weightsFor(op, g, opts.prob, et, adjs[t].numEdges) };
      cache.set(et, s);
    }
    return s;
  });
  const seed = resolveSeed(op, opts.seed);
  const r = getBackend().randomWalk({ steps, length: walkLength, nodes: starts, restartProb, seed });
  if (perStep !== null) applyRestarts(r, walkLength, perStep, seed);
  const walks = walksOf(r, starts.length, walkLength);
  if (types !== undefined) walks.types = types;
  return walks;
}

/** Options of `node2vecRandomWalk`. */
export interface Node2vecOptions {
  prob?: string | WeightsLike;
  seed?: number;
  etype?: string;
}

/**
 * node2vec biased walks (DGL's node2vec_random_walk) of walkLength steps along out-edges:
 * return parameter p, in-out parameter q (1/p weights going back, 1/q moving away).
 */
export function node2vecRandomWalk(g: SparseAdj | HasSparse, nodes: IdsLike, p: number, q: number, walkLength: number,
  opts: Node2vecOptions = {}): Walks {
  const op = 'node2vecRandomWalk';
  if (!(p > 0 && p < Infinity)) throw new RangeError(`${op}: p must be a positive number, got ${p}`);
  if (!(q > 0 && q < Infinity)) throw new RangeError(`${op}: q must be a positive number, got ${q}`);
  if (!(Number.isInteger(walkLength) && walkLength >= 0)) {
    throw new RangeError(`${op}: walkLength must be a non-negative integer, got ${walkLength}`);
  }
  const adj = toAdj(g, opts.etype);
  if (adj.numSrc !== adj.numDst) {
    throw new RangeError(`${op}: needs a relation between nodes of one type, got ${adj.numSrc} sources and ${adj.numDst} destinations`);
  }
  const starts = toIds(op, 'start node', nodes, adj.numSrc);
  const c = adj.csr();
  const prob = weightsFor(op, g, opts.prob, opts.etype, adj.numEdges);
  const r = getBackend().node2vecWalk({
    indptr: c.indptr, indices: c.indices, eids: c.eids, nodes: starts, p, q, walkLength, prob,
    seed: resolveSeed(op, opts.seed),
  });
  return walksOf(r, starts.length, walkLength);
}
