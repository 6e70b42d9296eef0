import { Graph, canonicalKey, type CanonicalEtype } from '../graph/graph.js';
import { SparseAdj } from '../graph/sparse.js';
import { EID } from '../graph/ids.js';
import { DeepGraphError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { record } from '../tensor/tape.js';
import { getBackend } from '../kernels/registry.js';
import { hashUint32 } from '../kernels/js/sampling.js';
import { type EdgeDir, type IdsLike, type WeightsLike, checkFanout, resolveSeed } from './common.js';
import { type EdgeSample, sampleNeighborEdges, selectTopkEdges } from './neighbor.js';

/** Per node type on typed graphs; a plain id list when the seed side has one node type. */
export type SeedsLike = IdsLike | Readonly<Record<string, IdsLike>>;
/** One value for every relation, or per relation (by edge type name or 'src:etype:dst'). */
export type PerRelation<T> = T | Readonly<Record<string, T>>;

export interface SampleNeighborsOptions {
  edgeDir?: EdgeDir;
  /** Edge feature name (on every relation), a weight tensor (single relation) or weights per relation. */
  prob?: string | WeightsLike | Readonly<Record<string, WeightsLike>>;
  replace?: boolean;
  excludeEdges?: PerRelation<IdsLike>;
  seed?: number;
  /** Share the node features with the frontier. Default true. */
  copyNdata?: boolean;
  /** Copy the features of the sampled edges. Default true. */
  copyEdata?: boolean;
}

const isIds = (x: unknown): x is IdsLike => x instanceof Tensor || x instanceof Int32Array || Array.isArray(x);

function perRelation<T>(value: PerRelation<T> | undefined, c: CanonicalEtype, isPlain: (v: unknown) => v is T): T | undefined {
  if (value === undefined || isPlain(value)) return value as T | undefined;
  const rec = value as Readonly<Record<string, T>>;
  return rec[canonicalKey(c)] ?? rec[c[1]];
}

function seedsOf(g: Graph, seeds: SeedsLike, ntype: string): IdsLike | undefined {
  if (isIds(seeds)) {
    if (g.ntypes.length !== 1) {
      throw new DeepGraphError(`sampleNeighbors: the graph has node types [${g.ntypes.join(', ')}]; pass seeds as { ntype: ids }`);
    }
    return seeds;
  }
  return (seeds as Readonly<Record<string, IdsLike>>)[ntype];
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

function weightsFor(g: Graph, c: CanonicalEtype, prob: SampleNeighborsOptions['prob']): WeightsLike | undefined {
  if (typeof prob === 'string') return g.edgeFrame(canonicalKey(c)).get(prob);
  if (prob instanceof Tensor || prob instanceof Float32Array || prob instanceof Float64Array) {
    if (g.canonicalEtypes.length !== 1) throw new DeepGraphError('sampleNeighbors: give prob per edge type on a graph with several');
    return prob;
  }
  return perRelation<WeightsLike>(prob, c, (v): v is WeightsLike => false);
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
  const base = resolveSeed(op, opts.seed);
  const rels = g.canonicalEtypes;
  const samples = new Map<string, EdgeSample>();
  rels.forEach((c, r) => {
    const k = perRelation<number>(fanout, c, (v): v is number => typeof v === 'number');
    if (k === undefined) throw new DeepGraphError(`${op}: no fanout for edge type ${canonicalKey(c)}`);
    checkFanout(op, k, `fanout of ${canonicalKey(c)}`);
    const ids = seedsOf(g, seeds, edgeDir === 'in' ? c[2] : c[0]) ?? [];
    samples.set(canonicalKey(c), sampleNeighborEdges(g, ids, k, {
      etype: canonicalKey(c), edgeDir, replace: opts.replace, prob: weightsFor(g, c, opts.prob),
      excludeEdges: perRelation<IdsLike>(opts.excludeEdges, c, isIds),
      // One relation keeps the caller's seed (so it matches sampleNeighborEdges); several get one stream each.
      seed: rels.length === 1 ? base : hashUint32(base, r, 0x7e1a7105),
    }));
  });
  return frontierOf(g, samples, opts.copyNdata ?? true, opts.copyEdata ?? true);
}

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
  const samples = new Map<string, EdgeSample>();
  for (const c of g.canonicalEtypes) {
    const key = canonicalKey(c);
    const kk = perRelation<number>(k, c, (v): v is number => typeof v === 'number');
    if (kk === undefined) throw new DeepGraphError(`${op}: no k for edge type ${key}`);
    const side = edgeDir === 'in' ? c[2] : c[0];
    const ids = nodes === undefined ? undefined : seedsOf(g, nodes, side) ?? [];
    samples.set(key, selectTopkEdges(g, kk, g.edgeFrame(key).get(weight), ids, {
      etype: key, edgeDir, ascending: opts.ascending, excludeEdges: perRelation<IdsLike>(opts.excludeEdges, c, isIds),
    }));
  }
  return frontierOf(g, samples, opts.copyNdata ?? true, opts.copyEdata ?? true);
}
