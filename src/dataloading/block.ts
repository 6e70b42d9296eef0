/**
 * Blocks (message-flow graphs): bipartite graphs whose source nodes begin with their destination
 * nodes, so that a layer reads h_src and writes h_dst = first numDst rows' successors (DGL's
 * to_block). The relabelling works on plain id arrays (BlockSpec) so that loader workers can do
 * it; blockFromSpec turns a spec into a Graph on the main thread.
 */
import { checkIdsOrRecord, isIdsInput } from '../graph/validate-ids.js';
import { Graph, canonicalKey } from '../graph/graph.js';
import { SparseAdj } from '../graph/sparse.js';
import { EID, NID, idTensor } from '../graph/ids.js';
import { gatherRows } from '../graph/rows.js';
import { DeepGraphError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { toIds, type IdsLike } from '../sampling/common.js';
import type { SeedsLike } from '../sampling/frontier.js';
import { type IdMap, idMaps } from './id-map.js';

/** The edges of one relation: endpoints (global ids in, local ids in a spec) and original edge ids. */
export interface EdgeIds {
  src: Int32Array;
  dst: Int32Array;
  eid: Int32Array;
  /**
   * In a spec, when the edges are grouped by local destination in increasing order (as sampled
   * edges are): the CSC row offsets, so the block is built as a CSC with no sort and no COO.
   */
  indptr?: Int32Array;
}

/** A block as arrays: node ids per node type index, local edges per relation index. */
export interface BlockSpec {
  srcNodes: Int32Array[];
  dstNodes: Int32Array[];
  edges: EdgeIds[];
}

/** Node types and relations of the graph a block is cut from. */
export interface BlockSchema {
  ntypes: readonly string[];
  numNodes: readonly number[];
  relations: readonly { srcType: number; etype: string; dstType: number }[];
}

/**
 * Relabels the given edges (global ids) into a block with destination nodes dstNodes (per type,
 * without repeats; every edge's destination must be among them). Source nodes are the destination
 * nodes (when includeDstInSrc) followed by the other edge sources in order of first appearance,
 * relation by relation; srcNodes, when given, fixes that list instead.
 */
export function blockSpecOf(schema: BlockSchema, dstNodes: readonly Int32Array[], edges: readonly EdgeIds[],
  opts: { includeDstInSrc?: boolean; srcNodes?: readonly Int32Array[] } = {}, op = 'toBlock'): BlockSpec {
  const T = schema.ntypes.length;
  const taken: IdMap[] = [];
  const take = (n: number): IdMap => { const m = idMaps.acquire(n); taken.push(m); return m; };
  try {
    const dstMaps = dstNodes.map((ids, t) => {
      const m = take(schema.numNodes[t]);
      m.insertAll(ids);
      if (m.size !== ids.length) {
        throw new DeepGraphError(`${op}: destination nodes of type '${schema.ntypes[t]}' repeat a node (${ids.length} ids, ${m.size} distinct)`);
      }
      return m;
    });
    const srcMaps = Array.from({ length: T }, (_, t) => {
      const m = take(schema.numNodes[t]);
      if (opts.includeDstInSrc ?? true) m.insertAll(dstNodes[t]);
      if (opts.srcNodes !== undefined) m.insertAll(opts.srcNodes[t]);
      return m;
    });
    const local = schema.relations.map((rel, r): EdgeIds => {
      const e = edges[r], sm = srcMaps[rel.srcType], dm = dstMaps[rel.dstType];
      const src = new Int32Array(e.src.length), dst = new Int32Array(e.dst.length);
      let sorted = true;
      for (let i = 0; i < e.src.length; i++) {
        const d = dm.get(e.dst[i]);
        if (d < 0) {
          throw new DeepGraphError(`${op}: node ${e.dst[i]} of type '${schema.ntypes[rel.dstType]}' has an in-edge but is not among the destination nodes`);
        }
        if (i > 0 && d < dst[i - 1]) sorted = false;
        dst[i] = d;
        const s = opts.srcNodes === undefined ? sm.insert(e.src[i]) : sm.get(e.src[i]);
        if (s < 0) throw new DeepGraphError(`${op}: node ${e.src[i]} of type '${schema.ntypes[rel.srcType]}' has an out-edge but is not among the source nodes`);
        src[i] = s;
      }
      return sorted ? { src, dst, eid: e.eid, indptr: offsetsOf(dst, dm.size) } : { src, dst, eid: e.eid };
    });
    return { srcNodes: srcMaps.map((m) => m.ids()), dstNodes: dstMaps.map((m) => m.ids()), edges: local };
  } finally {
    for (const m of taken) idMaps.release(m);
  }
}

/** Row offsets of sorted row ids (counts, then a prefix sum). */
function offsetsOf(rows: Int32Array, numRows: number): Int32Array {
  const indptr = new Int32Array(numRows + 1);
  for (let i = 0; i < rows.length; i++) indptr[rows[i] + 1]++;
  for (let r = 0; r < numRows; r++) indptr[r + 1] += indptr[r];
  return indptr;
}

/** The block a spec describes, with srcdata/dstdata[NID] and edata[EID] set. */
export function blockFromSpec(schema: BlockSchema, spec: BlockSpec): Graph {
  const { ntypes } = schema;
  const b = Graph.fromSpec({
    ntypes, numNodes: spec.srcNodes.map((a) => a.length),
    dst: { ntypes, numNodes: spec.dstNodes.map((a) => a.length) },
    relations: schema.relations.map((rel, r) => {
      const e = spec.edges[r], numSrc = spec.srcNodes[rel.srcType].length, numDst = spec.dstNodes[rel.dstType].length;
      const adj = e.indptr !== undefined ? SparseAdj.fromCsc(e.indptr, e.src, null, numSrc, numDst)
        : SparseAdj.fromCoo(e.src, e.dst, numSrc, numDst);
      return { srcType: ntypes[rel.srcType], etype: rel.etype, dstType: ntypes[rel.dstType], adj };
    }),
  });
  ntypes.forEach((t, i) => {
    b.srcFrame(t).set(NID, idTensor(spec.srcNodes[i]));
    b.dstFrame(t).set(NID, idTensor(spec.dstNodes[i]));
  });
  schema.relations.forEach((rel, r) => {
    b.edgeFrame(`${ntypes[rel.srcType]}:${rel.etype}:${ntypes[rel.dstType]}`).set(EID, idTensor(spec.edges[r].eid));
  });
  return b;
}

export function schemaOf(g: Graph): BlockSchema {
  const ntypes = g.ntypes;
  return {
    ntypes, numNodes: ntypes.map((t) => g.numNodes(t)),
    relations: g.canonicalEtypes.map((c) => ({ srcType: ntypes.indexOf(c[0]), etype: c[1], dstType: ntypes.indexOf(c[2]) })),
  };
}

/** Ids per node type index from a plain id list (one node type) or a record by type name. */
export function idsPerType(op: string, g: Graph, ids: SeedsLike, what: string): Int32Array[] {
  checkIdsOrRecord(ids, `${op}: ${what}s`);
  const plain = isIdsInput(ids);  // a single number is one seed, not a per-type record
  if (plain && g.ntypes.length !== 1) {
    throw new DeepGraphError(`${op}: the graph has node types [${g.ntypes.join(', ')}]; pass ${what}s as { ntype: ids }`);
  }
  if (!plain) {
    for (const t of Object.keys(ids)) {
      if (!g.ntypes.includes(t)) throw new DeepGraphError(`${op}: ${what} given for unknown node type '${t}'; node types: [${g.ntypes.join(', ')}]`);
    }
  }
  return g.ntypes.map((t) => {
    const given = plain ? ids as IdsLike : (ids as Readonly<Record<string, IdsLike>>)[t];
    const raw: IdsLike = given === undefined ? [] : given;  // null is a TypeError in toIds, not "none"
    return toIds(op, g.ntypes.length === 1 ? what : `${what} of type '${t}'`, raw, g.numNodes(t));
  });
}

function uniqueSortedDestinations(g: Graph): Int32Array[] {
  return g.ntypes.map((t) => {
    const seen = new Uint8Array(g.numNodes(t));
    for (const c of g.canonicalEtypes) {
      if (c[2] !== t) continue;
      const { dst } = g.sparse(c).coo();
      for (let i = 0; i < dst.length; i++) seen[dst[i]] = 1;
    }
    const out: number[] = [];
    for (let v = 0; v < seen.length; v++) if (seen[v]) out.push(v);
    return Int32Array.from(out);
  });
}

/** Options of `toBlock`. */
export interface ToBlockOptions {
  /** Source nodes begin with the destination nodes. Default true. */
  includeDstInSrc?: boolean;
  /** The source nodes (after the destination nodes when includeDstInSrc). Default: edge sources in order of appearance. */
  srcNodes?: SeedsLike;
  /** Copy node features (gathered, differentiable) to srcdata/dstdata. Default true. */
  copyNdata?: boolean;
  /** Share edge features (the block keeps the frontier's edge order). Default true. */
  copyEdata?: boolean;
}

/**
 * DGL's to_block: the frontier's edges as a block whose destination nodes are dstNodes (default:
 * every node with an in-edge, in increasing id; a type left out of a dstNodes record has none, and
 * the relations into it keep no edges) and whose source nodes begin with them. Edges keep
 * the frontier's order. srcdata/dstdata[NID] hold frontier node ids; edata[EID] holds the
 * frontier's own EID feature when it has one (a frontier from sampleNeighbors: ids in the sampled
 * graph), else frontier edge ids.
 */
export function toBlock(frontier: Graph, dstNodes?: SeedsLike, opts: ToBlockOptions = {}): Graph {
  const op = 'toBlock';
  if (frontier.isBlock) throw new DeepGraphError(`${op}: expects a graph (a frontier), not a block`);
  const schema = schemaOf(frontier);
  const dst = dstNodes === undefined ? uniqueSortedDestinations(frontier) : idsPerType(op, frontier, dstNodes, 'destination node');
  const keys = frontier.canonicalEtypes.map(canonicalKey);
  // DGL: a node type missing from a dstNodes record has no destination nodes, so its relations keep no edges.
  const isRecord = dstNodes !== undefined && !isIdsInput(dstNodes);
  const noDst = (t: string): boolean => isRecord && !(t in (dstNodes as Readonly<Record<string, IdsLike>>));
  const edges = keys.map((key, r): EdgeIds => {
    if (noDst(frontier.canonicalEtypes[r][2])) return { src: new Int32Array(0), dst: new Int32Array(0), eid: new Int32Array(0) };
    const { src, dst: d } = frontier.sparse(key).coo();
    const frame = frontier.edgeFrame(key);
    const eid = frame.has(EID) ? toIds(op, `edge id (edata ${EID}) of ${key}`, frame.get(EID), 2 ** 31 - 1, 'edges')
      : Int32Array.from({ length: src.length }, (_, i) => i);
    return { src, dst: d, eid };
  });
  const spec = blockSpecOf(schema, dst, edges, {
    includeDstInSrc: opts.includeDstInSrc,
    srcNodes: opts.srcNodes === undefined ? undefined : idsPerType(op, frontier, opts.srcNodes, 'source node'),
  });
  const block = blockFromSpec(schema, spec);
  if (opts.copyNdata ?? true) {
    schema.ntypes.forEach((t, i) => {
      for (const [name, x] of frontier.nodeFrame(t)) {
        if (name === NID) continue;
        block.srcFrame(t).set(name, gatherRows(x, spec.srcNodes[i]));
        block.dstFrame(t).set(name, gatherRows(x, spec.dstNodes[i]));
      }
    });
  }
  if (opts.copyEdata ?? true) {
    keys.forEach((key, r) => {
      const kept = edges[r].src.length === frontier.numEdges(key);
      for (const [name, x] of frontier.edgeFrame(key)) if (name !== EID) block.edgeFrame(key).set(name, kept ? x : gatherRows(x, new Int32Array(0)));
    });
  }
  return block;
}
