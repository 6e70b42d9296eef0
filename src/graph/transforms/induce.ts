// The one builder behind every subgraph: kept nodes per type, kept edges per relation, ids recorded.
import { Graph, canonicalKey } from '../graph.js';
import { EID, NID, idTensor } from '../ids.js';
import { gatherRows } from '../rows.js';
import { type BatchSizes, buildGraph, cooOf } from './util.js';

export interface InduceSpec {
  /** Kept node ids per type, in their new order; a type absent from the map keeps all its nodes. */
  nodes: ReadonlyMap<string, Int32Array>;
  /** Kept edge ids per relation key, in their new order; a relation absent keeps none. */
  edges: ReadonlyMap<string, Int32Array>;
  /** Record original ids in ndata NID for the node types listed in `nodes` (DGL: only relabelled nodes). */
  storeNodeIds: boolean;
  /** Record original edge ids in edata EID. */
  storeEdgeIds: boolean;
  /** Carry node / edge features over (default true). */
  copyNdata?: boolean;
  copyEdata?: boolean;
  /** Member sizes of a batched result (mutation keeps them; subgraphs drop them, as DGL). */
  batch?: BatchSizes;
}

export function induce(g: Graph, spec: InduceSpec): Graph {
  const kept = new Map<string, Int32Array | null>();
  const newId = new Map<string, Int32Array | null>();
  for (const t of g.ntypes) {
    const ids = spec.nodes.get(t) ?? null;
    kept.set(t, ids);
    if (ids === null) { newId.set(t, null); continue; }
    const inv = new Int32Array(g.numNodes(t)).fill(-1);
    for (let i = 0; i < ids.length; i++) inv[ids[i]] = i;
    newId.set(t, inv);
  }
  const relabel = (t: string, x: number): number => {
    const inv = newId.get(t)!;
    if (inv === null) return x;
    if (inv[x] < 0) throw new RangeError(`subgraph: edge endpoint ${x} of node type '${t}' is not among the kept nodes`);
    return inv[x];
  };
  const rels = g.canonicalEtypes.map((c) => {
    const eids = spec.edges.get(canonicalKey(c)) ?? new Int32Array(0);
    const { src, dst } = cooOf(g, c);
    return { canonical: c, src: eids.map((e) => relabel(c[0], src[e])), dst: eids.map((e) => relabel(c[2], dst[e])) };
  });
  const counts = new Map(g.ntypes.map((t) => [t, kept.get(t)?.length ?? g.numNodes(t)]));
  const out = buildGraph(counts, rels, spec.batch, true);
  for (const t of g.ntypes) {
    const ids = kept.get(t)!;
    const to = out.nodeFrame(t);
    if (spec.copyNdata ?? true) for (const [name, x] of g.nodeFrame(t)) to.set(name, ids === null ? x : gatherRows(x, ids));
    if (spec.storeNodeIds && ids !== null) to.set(NID, idTensor(ids));
  }
  for (const c of g.canonicalEtypes) {
    const eids = spec.edges.get(canonicalKey(c)) ?? new Int32Array(0);
    const to = out.edgeFrame(c);
    if (spec.copyEdata ?? true) for (const [name, x] of g.edgeFrame(c)) to.set(name, isIdentity(eids, x.shape[0]) ? x : gatherRows(x, eids));
    if (spec.storeEdgeIds) to.set(EID, idTensor(eids));
  }
  return out;
}

/** True when ids is 0, 1, ..., n-1 (the rows can be shared instead of copied). */
function isIdentity(ids: Int32Array, n: number): boolean {
  if (ids.length !== n) return false;
  for (let i = 0; i < n; i++) if (ids[i] !== i) return false;
  return true;
}

/**
 * Distinct values in order of first appearance: how DGL relabels the nodes an edge set touches
 * (its Relabel_ / IdHashMap walk the id arrays in order).
 */
export function uniqueInOrder(...arrays: Int32Array[]): Int32Array {
  const seen = new Set<number>();
  for (const a of arrays) for (const x of a) seen.add(x);
  return Int32Array.from(seen);
}
