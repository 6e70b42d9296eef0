/**
 * Graph sugar over the functional core: read frames, lower with lower.ts, write frames.
 * Graph methods (g.updateAll, g.applyEdges, ...) are one-line calls into these functions.
 */
import { ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { where } from '../tensor/elementwise.js';
import type { Graph, EtypeKey } from '../graph/graph.js';
import type { Frame } from '../graph/frame.js';
import { SparseAdj } from '../graph/sparse.js';
import { toIds, type IdsLike } from '../graph/ids.js';
import { type NodeUdf, type RelationView, mappedSource, nodeBatchOf, recordSource } from './batch.js';
import { type Features, type MessageFn, type ReduceFn, checkedUdfResult, computeMessages, messagePassing } from './lower.js';
import { assembleRows, gatherRows } from './gather.js';

/** The whole relation `etype` of g as message passing sees it. */
export function relationView(g: Graph, etype?: EtypeKey): RelationView {
  const r = g.relation(etype);
  return { adj: r.sparse(), src: r.srcdata, dst: r.dstdata, edges: r.edata, edgeIds: null };
}

/** Only the edges `eids` of a relation (a sub-structure over the same nodes). */
function edgeSubset(rel: RelationView, eids: Int32Array): RelationView {
  const { src, dst } = rel.adj.coo();
  const adj = SparseAdj.fromCoo(eids.map((e) => src[e]), eids.map((e) => dst[e]), rel.adj.numSrc, rel.adj.numDst);
  return { adj, src: rel.src, dst: rel.dst, edges: mappedSource(rel.edges, (t) => gatherRows(t, eids)), edgeIds: eids };
}

/** Runs an apply-node UDF on all rows with `features` layered over the frame; returns the merged result. */
export function applyNodeFn(frame: Frame, features: Features, fn: NodeUdf | undefined, numRows: number): Features {
  if (fn === undefined) return features;
  const layered = recordSource({ ...Object.fromEntries(frame.entries()), ...features }, 'node data');
  return { ...features, ...checkedUdfResult(fn(nodeBatchOf(layered, null, numRows)), numRows, 'apply function') };
}

/** Writes features into rows `mask` of a frame (all rows when null), keeping the other rows' old values (or 0). */
function writeRows(frame: Frame, features: Features, rows: Int32Array | null): void {
  for (const [name, value] of Object.entries(features)) {
    if (rows === null) { frame.set(name, value); continue; }
    const maskData = new Uint8Array(frame.numRows);
    for (const r of rows) maskData[r] = 1;
    const mask = new Tensor(maskData, [frame.numRows, ...new Array<number>(value.ndim - 1).fill(1)], 'bool');
    const old = frame.has(name) ? frame.get(name) : 0;
    if (old instanceof Tensor && old.shape.join() !== value.shape.join()) {
      throw new ShapeError(`feature '${name}': new values of shape ${formatShape(value.shape)} do not match the existing ${formatShape(old.shape)}`);
    }
    frame.set(name, where(mask, value, old));
  }
}

/** Message passing along every edge of one relation (DGL's update_all); results go to dstdata. */
export function updateAll(g: Graph, msg: MessageFn, reduce: ReduceFn, applyNode?: NodeUdf, etype?: EtypeKey): void {
  const r = g.relation(etype);
  const out = messagePassing(relationView(g, etype), msg, reduce);
  writeRows(r.dstdata, applyNodeFn(r.dstdata, out, applyNode, r.numDstNodes()), null);
}

/** Edge ids from ids or an [u, v] pair of endpoint lists. */
function edgeIdsOf(g: Graph, edges: IdsLike | readonly [IdsLike, IdsLike], etype?: EtypeKey): Int32Array {
  if (Array.isArray(edges) && edges.length === 2 && typeof edges[0] !== 'number') {
    const [u, v] = edges as unknown as readonly [IdsLike, IdsLike];
    return Int32Array.from(g.edgeIds(u, v, etype) as Int32Array);
  }
  return toIds(edges as IdsLike, g.numEdges(etype), 'edge id');
}

function passOnEdges(g: Graph, eids: Int32Array, receivers: Int32Array | null, msg: MessageFn, reduce: ReduceFn,
  applyNode: NodeUdf | undefined, etype: EtypeKey | undefined): void {
  const r = g.relation(etype);
  const sub = edgeSubset(relationView(g, etype), eids);
  const recv = receivers ?? Int32Array.from(new Set(sub.adj.coo().dst));
  const out = messagePassing(sub, msg, reduce);
  writeRows(r.dstdata, applyNodeFn(r.dstdata, out, applyNode, r.numDstNodes()), recv);
}

/** Messages along the given edges only; only their destinations are updated (DGL's send_and_recv). */
export function sendAndRecv(g: Graph, edges: IdsLike | readonly [IdsLike, IdsLike], msg: MessageFn, reduce: ReduceFn,
  applyNode?: NodeUdf, etype?: EtypeKey): void {
  passOnEdges(g, edgeIdsOf(g, edges, etype), null, msg, reduce, applyNode, etype);
}

/** Nodes v pull messages along their in-edges; only v is updated (0 for v without in-edges). */
export function pull(g: Graph, v: IdsLike, msg: MessageFn, reduce: ReduceFn, applyNode?: NodeUdf, etype?: EtypeKey): void {
  const nodes = toIds(v, g.numDstNodes(g.toCanonicalEtype(etype)[2]), 'pull: node id');
  passOnEdges(g, g.inEdges(nodes, { form: 'eid', etype }), nodes, msg, reduce, applyNode, etype);
}

/** Nodes u push messages along their out-edges; the receivers are updated. */
export function push(g: Graph, u: IdsLike, msg: MessageFn, reduce: ReduceFn, applyNode?: NodeUdf, etype?: EtypeKey): void {
  passOnEdges(g, g.outEdges(u, { form: 'eid', etype }), null, msg, reduce, applyNode, etype);
}

/** Computes edge features with a builtin or an edge UDF (DGL's apply_edges); edges defaults to all. */
export function applyEdges(g: Graph, fn: MessageFn, edges?: IdsLike | readonly [IdsLike, IdsLike], etype?: EtypeKey): void {
  const r = g.relation(etype);
  if (edges === undefined) { writeRows(r.edata, computeMessages(relationView(g, etype), fn), null); return; }
  const eids = edgeIdsOf(g, edges, etype);
  const part = computeMessages(edgeSubset(relationView(g, etype), eids), fn);
  const full: Features = {};
  for (const [name, t] of Object.entries(part)) {
    full[name] = assembleRows([{ rows: eids, value: t }], r.numEdges(), t.shape.slice(1), t.dtype as 'float32' | 'float64');
  }
  writeRows(r.edata, full, eids);
}

/** Runs a node UDF on nodes of one type (all by default) and writes what it returns (DGL's apply_nodes). */
export function applyNodes(g: Graph, fn: NodeUdf, v?: IdsLike, ntype?: string): void {
  const frame = g.nodeFrame(ntype);
  const ids = v === undefined ? null : toIds(v, frame.numRows, 'applyNodes: node id');
  const out = checkedUdfResult(fn(nodeBatchOf(frame, ids, frame.numRows)), ids?.length ?? frame.numRows, 'apply function');
  if (ids === null) { writeRows(frame, out, null); return; }
  const full: Features = {};
  for (const [name, t] of Object.entries(out)) {
    full[name] = assembleRows([{ rows: ids, value: t }], frame.numRows, t.shape.slice(1), t.dtype as 'float32' | 'float64');
  }
  writeRows(frame, full, ids);
}
