// Shared plumbing of the transforms: build a graph from new edge lists and carry features over.
import { Graph, canonicalKey, type CanonicalEtype } from '../graph.js';
import { SparseAdj } from '../sparse.js';
import type { Frame } from '../frame.js';
import { concatRows, gatherRows, gatherRowsOrFill } from '../rows.js';
import { Tensor } from '../../tensor/tensor.js';
import { toIds, type IdsLike } from '../ids.js';
import { ShapeError, formatShape } from '../../errors.js';

export interface NewRelation {
  canonical: CanonicalEtype;
  src: Int32Array;
  dst: Int32Array;
}

/** Sizes of the members of a batched graph (per node type / canonical key), for transforms that keep them. */
export interface BatchSizes { nodes: ReadonlyMap<string, Int32Array>; edges: ReadonlyMap<string, Int32Array> }

/** A graph of the given node types and counts (as records) and relations. */
export function buildGraph(numNodes: ReadonlyMap<string, number>, rels: readonly NewRelation[], batch?: BatchSizes,
  keepRelationOrder = false): Graph {
  return Graph.fromSpec({
    keepRelationOrder,
    ntypes: [...numNodes.keys()], numNodes: [...numNodes.values()],
    batchNumNodes: batch?.nodes, batchNumEdges: batch?.edges,
    relations: rels.map((r) => ({
      srcType: r.canonical[0], etype: r.canonical[1], dstType: r.canonical[2],
      adj: SparseAdj.fromCoo(r.src, r.dst, numNodes.get(r.canonical[0])!, numNodes.get(r.canonical[2])!),
    })),
  });
}

export function nodeCounts(g: Graph): Map<string, number> {
  return new Map(g.ntypes.map((t) => [t, g.numNodes(t)]));
}

/** Every feature of `from`, rows picked by map (all rows when null; -1 rows filled with `fill`). */
export function copyFrame(from: Frame, to: Frame, map: Int32Array | null = null, fill = 0): void {
  for (const [name, t] of from) to.set(name, map === null ? t : gatherRowsOrFill(t, map, fill));
}

/** Node features of every type, rows picked per type when a map is given. */
export function copyNodeFrames(from: Graph, to: Graph, maps?: ReadonlyMap<string, Int32Array>): void {
  for (const t of to.ntypes) {
    if (!from.ntypes.includes(t)) continue;
    const m = maps?.get(t);
    copyFrame(from.nodeFrame(t), to.nodeFrame(t), m ?? null);
  }
}

export function gatherFrame(from: Frame, to: Frame, rows: Int32Array): void {
  for (const [name, t] of from) to.set(name, gatherRows(t, rows));
}

/** The relation's src/dst/eid arrays in edge-id order. */
export function cooOf(g: Graph, c: CanonicalEtype): { src: Int32Array; dst: Int32Array } {
  return g.sparse(canonicalKey(c)).coo();
}

/** The one relation whose source and destination types agree, or the named one. */
export function sameTypeRelation(g: Graph, what: string, etype?: string | CanonicalEtype): CanonicalEtype {
  const c = g.toCanonicalEtype(etype);
  if (c[0] !== c[2]) throw new RangeError(`${what}: edge type ${canonicalKey(c)} joins different node types`);
  return c;
}

export function concatIds(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a); out.set(b, a.length);
  return out;
}

export interface RelationEdit { src: Int32Array; dst: Int32Array; /** Old edge id per new edge; -1 for an added edge. */ edgeMap: Int32Array }
export interface CopyOptions {
  copyNdata?: boolean;
  copyEdata?: boolean;
  /** Value of added edges' features, or per feature name a tensor of their rows. */
  fill?: number;
  fillRows?: ReadonlyMap<string, Tensor>;
  batch?: BatchSizes;
}

/**
 * The graph with some relations' edges replaced (same node types and counts); node features and
 * the features of untouched relations are kept, edited relations take rows through their edgeMap.
 */
export function editRelations(g: Graph, edits: ReadonlyMap<string, RelationEdit>, opts: CopyOptions = {}): Graph {
  const rels = g.canonicalEtypes.map((c) => {
    const e = edits.get(canonicalKey(c));
    return e === undefined ? { canonical: c, ...cooOf(g, c) } : { canonical: c, src: e.src, dst: e.dst };
  });
  const out = buildGraph(nodeCounts(g), rels, opts.batch);
  if (opts.copyNdata ?? true) copyNodeFrames(g, out);
  if (opts.copyEdata ?? true) {
    for (const c of g.canonicalEtypes) {
      const e = edits.get(canonicalKey(c));
      if (e === undefined) { copyFrame(g.edgeFrame(c), out.edgeFrame(c)); continue; }
      for (const [name, t] of g.edgeFrame(c)) out.edgeFrame(c).set(name, carryRows(t, e.edgeMap, opts.fillRows?.get(name), opts.fill ?? 0));
    }
  }
  return out;
}

/** Rows of t through an edge map; added (-1) rows take the rows of `added` in turn, or the constant fill. */
function carryRows(t: Tensor, edgeMap: Int32Array, added: Tensor | undefined, fill: number): Tensor {
  if (added === undefined) return gatherRowsOrFill(t, edgeMap, fill);
  let k = 0;
  const map = edgeMap.map((i) => (i >= 0 ? i : t.shape[0] + k++));
  return gatherRows(concatRows([t, added]), map);
}

/** Sorted unique (src, dst) pairs of a COO, with the new id of every old edge and each pair's multiplicity. */
export function coalesce(src: Int32Array, dst: Int32Array): { src: Int32Array; dst: Int32Array; mapping: Int32Array; counts: Int32Array } {
  const m = src.length;
  const perm = Int32Array.from({ length: m }, (_, i) => i).sort((a, b) => (src[a] - src[b]) || (dst[a] - dst[b]) || (a - b));
  const us: number[] = [], vs: number[] = [], counts: number[] = [];
  const mapping = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const e = perm[i];
    const k = us.length - 1;
    if (k >= 0 && us[k] === src[e] && vs[k] === dst[e]) counts[k]++;
    else { us.push(src[e]); vs.push(dst[e]); counts.push(1); }
    mapping[e] = us.length - 1;
  }
  return { src: Int32Array.from(us), dst: Int32Array.from(vs), mapping, counts: Int32Array.from(counts) };
}

export type PerType<T> = T | Readonly<Record<string, T>>;

function isRecord<T>(x: PerType<T>): x is Readonly<Record<string, T>> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x) && !(x instanceof Tensor);
}

/** Ids, or the positions where a bool mask tensor (one entry per node / edge) is set, as DGL accepts both. */
function idsOrMask(x: IdsLike, bound: number, what: string): Int32Array {
  if (!(x instanceof Tensor) || x.dtype !== 'bool') return toIds(x, bound, what);
  if (x.ndim !== 1 || x.shape[0] !== bound) {
    throw new ShapeError(`${what}: a bool mask must have shape [${bound}], got ${formatShape(x.shape)}`);
  }
  const out: number[] = [];
  for (let i = 0; i < bound; i++) if (x.data[i]) out.push(i);
  return Int32Array.from(out);
}

/** Node ids (or bool masks) per node type, validated; a bare id list needs a graph with one node type. */
export function nodesPerType(g: Graph, x: PerType<IdsLike>, what: string): Map<string, Int32Array> {
  if (!isRecord(x) && g.ntypes.length !== 1) {
    throw new RangeError(`${what}: the graph has node types [${g.ntypes.join(', ')}]; pass ids as { ntype: ids }`);
  }
  const rec: Record<string, IdsLike> = isRecord(x) ? { ...x } : { [g.ntypes[0]]: x };
  const out = new Map<string, Int32Array>();
  for (const [t, ids] of Object.entries(rec)) out.set(t, idsOrMask(ids, g.numNodes(t), `${what}: node id of type '${t}'`));
  return out;
}

/** Edge ids (or bool masks) per relation key, validated; a bare id list needs a graph with one edge type. */
export function edgesPerType(g: Graph, x: PerType<IdsLike>, what: string): Map<string, Int32Array> {
  const rec: [string | undefined, IdsLike][] = isRecord(x) ? Object.entries(x) : [[undefined, x]];
  const out = new Map<string, Int32Array>();
  for (const [et, ids] of rec) {
    const key = canonicalKey(g.toCanonicalEtype(et));
    out.set(key, idsOrMask(ids, g.numEdges(key), `${what}: edge id of ${key}`));
  }
  return out;
}
