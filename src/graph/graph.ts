import { DeepGraphError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { Compressed } from './sparse.js';
import { type IdsLike, arangeIds, toIds } from './ids.js';
import * as q from './query.js';
import {
  GraphCore, attachData, pickSide, canonicalKey,
  type CanonicalEtype, type EtypeKey, type GraphSpec, type NodeSide, type Relation, type RelationSpec, type WithData,
} from './graph-core.js';
import type { MessageFn, ReduceFn } from '../message/lower.js';
import type { NodeUdf } from '../message/batch.js';
import * as mp from '../message/update-all.js';
import { multiUpdateAll, type CrossReducer, type RelationPass } from '../message/multi-update.js';

export { canonicalKey };
export type { CanonicalEtype, EtypeKey, GraphSpec, RelationSpec, WithData };
/** What edge queries return: 'uv' (source and destination ids), 'eid' (edge ids) or 'all' (all three), as DGL's `form`. */
export type EdgeForm = 'uv' | 'eid' | 'all';
/** The result of an edge query for a given form. */
export type EdgeResult<F extends EdgeForm> =
  F extends 'eid' ? Int32Array : F extends 'all' ? [Int32Array, Int32Array, Int32Array] : [Int32Array, Int32Array];
/** Options of `Graph.edges`: form, order (by edge id, or by source then destination) and edge type. */
export interface EdgesOptions<F extends EdgeForm> { form?: F; order?: 'eid' | 'srcdst'; etype?: EtypeKey }
/** Options of `inEdges` / `outEdges`: form and edge type. */
export interface EdgeQueryOptions<F extends EdgeForm> { form?: F; etype?: EtypeKey }
/** Edges as ids, or as [u, v] endpoint lists. */
export type EdgesLike = IdsLike | readonly [IdsLike, IdsLike];

/**
 * A graph with typed nodes and edges (DGL's heterograph model): a homogeneous graph is the
 * one-node-type, one-edge-type case. Structure is immutable; features live in frames. The
 * methods here resolve one relation and call graph/query.ts or message/update-all.ts.
 */
export class Graph extends GraphCore {
  /** Builds a graph with empty frames; node types and relations are sorted as in DGL. */
  static fromSpec(spec: GraphSpec): Graph {
    return new Graph(...GraphCore.parseSpec(spec));
  }

  /** A single-relation graph sharing this graph's frames (DGL's g[etype]). */
  relation(etype?: EtypeKey): Graph {
    const r = this.rel(etype);
    let src: NodeSide, dst: NodeSide, rs: number, rd: number;
    if (this.isBlock) {
      src = pickSide(this.srcSide, [r.src]); dst = pickSide(this.dstSide, [r.dst]); rs = 0; rd = 0;
    } else {
      const idx = [...new Set([r.src, r.dst])].sort((a, b) => a - b);
      src = dst = pickSide(this.srcSide, idx);
      rs = idx.indexOf(r.src); rd = idx.indexOf(r.dst);
    }
    const nodes = new Map([...this.batch.nodes].filter(([t]) => src.types.includes(t) || dst.types.includes(t)));
    const edges = new Map([...this.batch.edges].filter(([k]) => k === r.key));
    const rels: Relation[] = [{ ...r, src: rs, dst: rd }];
    return new Graph(src, dst, rels, this.isBlock, { nodes, edges });
  }

  // ---- queries ----
  /** The node ids of a type, 0..n−1, with that type's features attached as `.data`. */
  nodes(ntype?: string): WithData<Int32Array> {
    const [side, i] = this.anySide(ntype);
    return attachData(arangeIds(side.counts[i]), side.frames[i]);
  }

  /** Whether each id is a node of the type (DGL's has_nodes): an integer in [0, numNodes). */
  hasNodes(vid: number, ntype?: string): boolean;
  hasNodes(vid: IdsLike, ntype?: string): boolean[];
  hasNodes(vid: IdsLike, ntype?: string): boolean | boolean[] {
    const [side, i] = this.anySide(ntype);
    const n = side.counts[i];
    const list: ArrayLike<number> = typeof vid === 'number' ? [vid] : vid instanceof Tensor ? vid.data : vid;
    const out = Array.from(list, (v) => Number.isInteger(v) && v >= 0 && v < n);
    return typeof vid === 'number' ? out[0] : out;
  }

  /** All edges of one relation: (src, dst) by default, or ids, or all three. */
  edges<F extends EdgeForm = 'uv'>(opts: EdgesOptions<F> | EtypeKey = {}): WithData<EdgeResult<F>> {
    const o: EdgesOptions<F> = typeof opts === 'string' || Array.isArray(opts) ? { etype: opts as EtypeKey } : opts as EdgesOptions<F>;
    const r = this.rel(o.etype);
    return attachData(q.shapeEdges(q.allEdges(r.adj, o.order ?? 'eid'), o.form ?? 'uv') as EdgeResult<F>, r.frame);
  }

  private dstIds(v: IdsLike, r: Relation): Int32Array { return toIds(v, r.adj.numDst, `destination node id of ${r.key}`); }
  private srcIds(u: IdsLike, r: Relation): Int32Array { return toIds(u, r.adj.numSrc, `source node id of ${r.key}`); }

  /** The in-degree of every destination node, or of the given nodes (DGL's `in_degrees`). */
  inDegrees(): Int32Array;
  inDegrees(v: number, etype?: EtypeKey): number;
  inDegrees(v: IdsLike | undefined, etype?: EtypeKey): Int32Array;
  inDegrees(v?: IdsLike, etype?: EtypeKey): Int32Array | number {
    const r = this.rel(etype);
    return q.pickDegrees(r.adj.inDegrees(), v === undefined ? undefined : this.dstIds(v, r), typeof v === 'number');
  }
  /** The out-degree of every source node, or of the given nodes (DGL's `out_degrees`). */
  outDegrees(): Int32Array;
  outDegrees(u: number, etype?: EtypeKey): number;
  outDegrees(u: IdsLike | undefined, etype?: EtypeKey): Int32Array;
  outDegrees(u?: IdsLike, etype?: EtypeKey): Int32Array | number {
    const r = this.rel(etype);
    return q.pickDegrees(r.adj.outDegrees(), u === undefined ? undefined : this.srcIds(u, r), typeof u === 'number');
  }

  /** Edges into v (for each node of v in order, its edges by increasing id). */
  inEdges<F extends EdgeForm = 'uv'>(v: IdsLike, opts: EdgeQueryOptions<F> = {}): EdgeResult<F> {
    const r = this.rel(opts.etype);
    return q.shapeEdges(q.inEdges(r.adj, this.dstIds(v, r)), opts.form ?? 'uv') as EdgeResult<F>;
  }
  /** The out-edges of nodes u (DGL's `out_edges`). */
  outEdges<F extends EdgeForm = 'uv'>(u: IdsLike, opts: EdgeQueryOptions<F> = {}): EdgeResult<F> {
    const r = this.rel(opts.etype);
    return q.shapeEdges(q.outEdges(r.adj, this.srcIds(u, r)), opts.form ?? 'uv') as EdgeResult<F>;
  }
  /** Sources of v's in-edges, one per edge (repeated for multi-edges), by edge id. */
  predecessors(v: number, etype?: EtypeKey): Int32Array {
    const r = this.rel(etype);
    return q.inEdges(r.adj, this.dstIds(v, r)).src;
  }
  /** The destinations of u's out-edges (with repeats for multi-edges). */
  successors(u: number, etype?: EtypeKey): Int32Array {
    const r = this.rel(etype);
    return q.outEdges(r.adj, this.srcIds(u, r)).dst;
  }

  /** Whether an edge u → v exists (per pair for arrays; DGL's `has_edges_between`). */
  hasEdgesBetween(u: number, v: number, etype?: EtypeKey): boolean;
  hasEdgesBetween(u: IdsLike, v: IdsLike, etype?: EtypeKey): boolean[];
  hasEdgesBetween(u: IdsLike, v: IdsLike, etype?: EtypeKey): boolean | boolean[] {
    const r = this.rel(etype);
    const found = q.edgeIdsBetween(r.adj, this.srcIds(u, r), this.dstIds(v, r)).map((e) => e >= 0);
    return typeof u === 'number' && typeof v === 'number' ? found[0] : found;
  }

  /** Id of the edge u→v (the smallest, for multi-edges); an error if there is none. */
  edgeIds(u: number, v: number, etype?: EtypeKey): number;
  edgeIds(u: IdsLike, v: IdsLike, etype?: EtypeKey): Int32Array;
  edgeIds(u: IdsLike, v: IdsLike, etype?: EtypeKey): number | Int32Array {
    const r = this.rel(etype);
    const su = this.srcIds(u, r), dv = this.dstIds(v, r);
    const ids = q.edgeIdsBetween(r.adj, su, dv);
    const missing = ids.indexOf(-1);
    if (missing >= 0) {
      const i = su.length === 1 ? 0 : missing, j = dv.length === 1 ? 0 : missing;
      throw new DeepGraphError(`edgeIds: there is no edge ${su[i]} -> ${dv[j]} in ${r.key}`);
    }
    return typeof u === 'number' && typeof v === 'number' ? ids[0] : Int32Array.from(ids);
  }

  /** Endpoints of the given edges. */
  findEdges(eids: IdsLike, etype?: EtypeKey): [Int32Array, Int32Array] {
    const r = this.rel(etype);
    return q.findEdges(r.adj, toIds(eids, r.adj.numEdges, `edge id of ${r.key}`));
  }

  /** True when some relation has two edges with the same endpoints. */
  isMultigraph(): boolean { return this.rels.some((r) => q.hasMultiEdges(r.adj)); }

  /** Adjacency of one relation as CSR (rows = sources), or CSC with transpose; cached. */
  adj(opts: { etype?: EtypeKey; transpose?: boolean } = {}): Compressed {
    const a = this.rel(opts.etype).adj;
    return opts.transpose ? a.csc() : a.csr();
  }
  /** Which sparse formats (COO, CSR, CSC) of a relation exist now; they are built on first use. */
  formats(etype?: EtypeKey): { coo: boolean; csr: boolean; csc: boolean } { return this.rel(etype).adj.formats(); }

  // ---- message passing (DGL's update_all, apply_edges, ...; see message/update-all.ts) ----
  /**
   * Messages along every edge of one relation, reduced into dstdata (one fused g-SpMM for builtins;
   * DGL's `update_all`).
   * @example
   * ```ts
   * import * as dg from 'deepgraph';
   * const g = dg.graph([[0, 1, 2], [1, 2, 2]]);
   * g.ndata.set('h', dg.tensor([[1], [2], [3]]));
   * g.updateAll(dg.fn.copyU('h', 'm'), dg.fn.sum('m', 'h'));
   * console.log(g.ndata.get('h').toArray());      // [[0], [1], [5]]: each node sums its in-neighbours' h
   * ```
   */
  updateAll(msg: MessageFn, reduce: ReduceFn, applyNode?: NodeUdf, etype?: EtypeKey): void {
    mp.updateAll(this, msg, reduce, applyNode, etype);
  }
  /** Edge features from a builtin (one g-SDDMM) or an edge UDF, on all edges or the given ones. */
  applyEdges(fn: MessageFn, edges?: EdgesLike, etype?: EtypeKey): void { mp.applyEdges(this, fn, edges, etype); }
  /** Replaces node features with what the UDF returns, on all nodes or the given ones (DGL's `apply_nodes`). */
  applyNodes(fn: NodeUdf, v?: IdsLike, ntype?: string): void { mp.applyNodes(this, fn, v, ntype); }
  /** Nodes v receive along their in-edges; only v is updated. */
  pull(v: IdsLike, msg: MessageFn, reduce: ReduceFn, applyNode?: NodeUdf, etype?: EtypeKey): void {
    mp.pull(this, v, msg, reduce, applyNode, etype);
  }
  /** Nodes u send along their out-edges; the receivers are updated. */
  push(u: IdsLike, msg: MessageFn, reduce: ReduceFn, applyNode?: NodeUdf, etype?: EtypeKey): void {
    mp.push(this, u, msg, reduce, applyNode, etype);
  }
  /** Messages along the given edges only; their destinations are updated. */
  sendAndRecv(edges: EdgesLike, msg: MessageFn, reduce: ReduceFn, applyNode?: NodeUdf, etype?: EtypeKey): void {
    mp.sendAndRecv(this, edges, msg, reduce, applyNode, etype);
  }
  /** Per-relation [message, reduce(, apply)]; results on the same node type merged by crossReducer. */
  multiUpdateAll(perEtype: Readonly<Record<string, RelationPass>>, crossReducer: CrossReducer = 'sum',
    applyNode?: NodeUdf): void {
    multiUpdateAll(this, perEtype, crossReducer, applyNode);
  }
}
