import { Graph, canonicalKey, type CanonicalEtype } from '../graph/graph.js';
import { SparseAdj } from '../graph/sparse.js';
import { EID } from '../graph/ids.js';
import { DeepGraphError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { record } from '../tensor/tape.js';
import { getBackend } from '../kernels/registry.js';
import { hashUint32 } from '../kernels/js/sampling.js';
import type { FloatArray } from '../kernels/backend.js';
import {
  type EdgeDir, type IdsLike, type WeightsLike, checkFanout, excludeMaskOf, resolveSeed, toEdgeWeights, toIds,
} from './common.js';
import { type EdgeSample, checkEdgeDir, sampleChecked, selectTopkEdges } from './neighbor.js';

/** Per node type on typed graphs; a plain id list when the seed side has one node type. */
export type SeedsLike = IdsLike | Readonly<Record<string, IdsLike>>;
/** One value for every relation, or per relation (by edge type name or 'src:etype:dst'). */
export type PerRelation<T> = T | Readonly<Record<string, T>>;

/** Options of `sampleNeighbors`. */
export interface SampleNeighborsOptions {
  edgeDir?: EdgeDir;
  /**
   * Edge feature name (relations without it are sampled uniformly, as DGL; a name no relation has
   * is an error), a weight tensor
   * (single relation) or weights per relation.
   */
  prob?: string | WeightsLike | Readonly<Record<string, WeightsLike>>;
  replace?: boolean;
  excludeEdges?: PerRelation<IdsLike>;
  seed?: number;
  /** Share the node features with the frontier. Default true. */
  copyNdata?: boolean;
  /** Copy the features of the sampled edges. Default true. */
  copyEdata?: boolean;
}

const isIds = (x: unknown): x is IdsLike => isIdsInput(x);
import { checkIdsOrRecord, isIdsInput } from '../graph/validate-ids.js';

function perRelation<T>(value: PerRelation<T> | undefined, c: CanonicalEtype, isPlain: (v: unknown) => v is T): T | undefined {
  if (value === undefined || isPlain(value)) return value as T | undefined;
  const rec = value as Readonly<Record<string, T>>;
  return rec[canonicalKey(c)] ?? rec[c[1]];
}

function seedsOf(op: string, g: Graph, seeds: SeedsLike, ntype: string): IdsLike | undefined {
  if (isIds(seeds)) {
    if (g.ntypes.length !== 1) {
      throw new DeepGraphError(`${op}: the graph has node types [${g.ntypes.join(', ')}]; pass seeds as { ntype: ids }`);
    }
    return seeds;
  }
  return (seeds as Readonly<Record<string, IdsLike>>)[ntype];
}

function checkSeedTypes(op: string, g: Graph, seeds: SeedsLike | undefined): void {
  if (seeds === undefined) return;
  checkIdsOrRecord(seeds, `${op}: seeds`);
  if (isIds(seeds)) return;
  for (const [t, ids] of Object.entries(seeds)) {
    if (!g.ntypes.includes(t)) throw new DeepGraphError(`${op}: seeds given for unknown node type '${t}'; node types: [${g.ntypes.join(', ')}]`);
    if (!isIdsInput(ids)) checkIdsOrRecord(ids, `${op}: seeds of type '${t}'`);
  }
}

/** A per-relation record must only name relations of g (by edge type name or canonical key). */
export function checkRelationKeys(op: string, g: Graph, value: unknown, what: string): void {
  if (value === null || typeof value !== 'object' || isIds(value) || ArrayBuffer.isView(value)) return;
  const names = new Set(g.canonicalEtypes.flatMap((c) => [c[1], canonicalKey(c)]));
  for (const k of Object.keys(value)) {
    if (!names.has(k)) {
      throw new DeepGraphError(`${op}: ${what} names unknown edge type '${k}'; edge types: [${g.canonicalEtypes.map(canonicalKey).join(', ')}]`);
    }
  }
}

/** The seed of relation r (of numRelations) in a sampling call seeded with base: base itself when there is one. */
export function relationSeed(base: number, r: number, numRelations: number): number {
  return numRelations === 1 ? base : hashUint32(base, r, 0x7e1a7105);
}

/** Edge features of the picked edges, differentiable back to the originals. */
function gatherEdges(t: Tensor, eid: Int32Array): Tensor {
  const rowLen = t.shape.slice(1).reduce((a, b) => a * b, 1);
  const out = allocate(t.dtype, eid.length * rowLen);
  getBackend().gatherRows(t.data, t.shape[0], rowLen, eid, out);
  const res = new Tensor(out, [eid.length, ...t.shape.slice(1)], t.dtype);
  return record(res, 'sampleNeighbors.gatherEdges', [t], (grad) => {
    const g = allocate(grad.dtype, t.size) as Float32Array | Float64Array;
    getBackend().scatterAddRows(grad.data as Float32Array | Float64Array, rowLen, eid, g, t.shape[0]);
    return [new Tensor(g, t.shape, grad.dtype)];
  });
}

/** A graph with all of g's nodes and only the sampled edges; edata[EID] holds their original ids. */
function frontierOf(g: Graph, samples: Map<string, EdgeSample>, copyNdata: boolean, copyEdata: boolean): Graph {
  const ntypes = g.ntypes;
  const counts = ntypes.map((t) => g.numNodes(t));
  const relations = g.canonicalEtypes.map((c) => {
    const s = samples.get(canonicalKey(c))!;
    return { srcType: c[0], etype: c[1], dstType: c[2], adj: SparseAdj.fromCoo(s.src, s.dst, g.numNodes(c[0]), g.numNodes(c[2])) };
  });
  const out = Graph.fromSpec({ ntypes, numNodes: counts, relations });
  if (copyNdata) for (const t of ntypes) for (const [name, x] of g.nodeFrame(t)) out.nodeFrame(t).set(name, x);
  for (const c of g.canonicalEtypes) {
    const key = canonicalKey(c), eid = samples.get(key)!.eid;
    const frame = out.edgeFrame(key);
    if (copyEdata) for (const [name, x] of g.edgeFrame(key)) frame.set(name, gatherEdges(x, eid));
    frame.set(EID, new Tensor(eid, [eid.length], 'int32'));
  }
  return out;
}

function checkGraph(op: string, g: Graph): void {
  if (g.isBlock) throw new DeepGraphError(`${op}: expects a graph, not a block`);
}

/** Validated sampling weights of relation c, named after the feature (or 'prob') in errors. */
function weightsFor(op: string, g: Graph, c: CanonicalEtype, prob: SampleNeighborsOptions['prob']): FloatArray | null {
  const key = canonicalKey(c);
  let w: WeightsLike | undefined, name = 'prob';
  if (typeof prob === 'string') {
    // DGL: a relation without the feature is sampled uniformly.
    if (!g.edgeFrame(key).has(prob)) return null;
    w = g.edgeFrame(key).get(prob);
    name = `prob '${prob}' of ${key}`;
  } else if (prob instanceof Tensor || prob instanceof Float32Array || prob instanceof Float64Array) {
    if (g.canonicalEtypes.length !== 1) throw new DeepGraphError(`${op}: give prob per edge type on a graph with several`);
    w = prob;
  } else if (prob !== undefined) {
    w = perRelation<WeightsLike>(prob, c, (v): v is WeightsLike => false);
    name = `prob of ${key}`;
  }
  return w === undefined ? null : toEdgeWeights(op, name, w, g.numEdges(key));
}

/**
 * DGL's sample_neighbors: for each seed node, up to `fanout` of its in-edges (edgeDir 'in') or
 * out-edges per relation. Returns the frontier: all nodes of g, the sampled edges, edata[EID]
 * the original edge ids. The default seed comes from the global generator (dg.manualSeed).
 */
export function sampleNeighbors(g: Graph, seeds: SeedsLike, fanout: PerRelation<number>,
  opts: SampleNeighborsOptions = {}): Graph {
  const op = 'sampleNeighbors';
  checkGraph(op, g);
  const edgeDir = opts.edgeDir ?? 'in';
  checkEdgeDir(op, edgeDir);
  const base = resolveSeed(op, opts.seed);
  const rels = g.canonicalEtypes;
  checkSeedTypes(op, g, seeds);
  checkRelationKeys(op, g, fanout, 'fanout');
  checkRelationKeys(op, g, opts.excludeEdges, 'excludeEdges');
  if (typeof opts.prob === 'object' && !(opts.prob instanceof Tensor)) checkRelationKeys(op, g, opts.prob, 'prob');
  if (typeof opts.prob === 'string' && !rels.some((c) => g.edgeFrame(c).has(opts.prob as string))) {
    g.edgeFrame(rels[0]).get(opts.prob); // no relation has it: a typo, named with the features that exist
  }
  const samples = new Map<string, EdgeSample>();
  rels.forEach((c, r) => {
    const key = canonicalKey(c);
    const k = perRelation<number>(fanout, c, (v): v is number => typeof v === 'number');
    if (k === undefined) throw new DeepGraphError(`${op}: no fanout for edge type ${key}`);
    checkFanout(op, k, `fanout of ${key}`);
    const adj = g.sparse(key);
    const side = edgeDir === 'in' ? c[2] : c[0];
    const what = g.ntypes.length === 1 ? 'seed node' : `seed node of type '${side}'`;
    const ids = toIds(op, what, seedsOf(op, g, seeds, side) ?? [], edgeDir === 'in' ? adj.numDst : adj.numSrc);
    samples.set(key, sampleChecked(adj, edgeDir, ids, k, {
      replace: opts.replace ?? false, prob: weightsFor(op, g, c, opts.prob),
      excludeMask: excludeMaskOf(op, perRelation<IdsLike>(opts.excludeEdges, c, isIds), adj.numEdges),
      // One relation keeps the caller's seed (so it matches sampleNeighborEdges); several get one stream each.
      seed: relationSeed(base, r, rels.length),
    }));
  });
  return frontierOf(g, samples, opts.copyNdata ?? true, opts.copyEdata ?? true);
}

/** Options of `selectTopk`. */
export interface SelectTopkOptions {
  edgeDir?: EdgeDir;
  ascending?: boolean;
  excludeEdges?: PerRelation<IdsLike>;
  copyNdata?: boolean;
  copyEdata?: boolean;
}

/**
 * DGL's select_topk: per node, the k edges with the largest edge feature `weight` (smallest when
 * ascending), as a frontier graph like sampleNeighbors. nodes defaults to every node.
 */
export function selectTopk(g: Graph, k: PerRelation<number>, weight: string, nodes?: SeedsLike,
  opts: SelectTopkOptions = {}): Graph {
  const op = 'selectTopk';
  checkGraph(op, g);
  const edgeDir = opts.edgeDir ?? 'in';
  checkSeedTypes(op, g, nodes);
  const samples = new Map<string, EdgeSample>();
  for (const c of g.canonicalEtypes) {
    const key = canonicalKey(c);
    const kk = perRelation<number>(k, c, (v): v is number => typeof v === 'number');
    if (kk === undefined) throw new DeepGraphError(`${op}: no k for edge type ${key}`);
    const side = edgeDir === 'in' ? c[2] : c[0];
    const ids = nodes === undefined ? undefined : seedsOf(op, g, nodes, side) ?? [];
    samples.set(key, selectTopkEdges(g, kk, g.edgeFrame(key).get(weight), ids, {
      etype: key, edgeDir, ascending: opts.ascending, excludeEdges: perRelation<IdsLike>(opts.excludeEdges, c, isIds),
    }));
  }
  return frontierOf(g, samples, opts.copyNdata ?? true, opts.copyEdata ?? true);
}
