import { DeepGraphError, ShapeError } from '../errors.js';
import { Frame, PerTypeFrames } from './frame.js';
import { Tensor } from '../tensor/tensor.js';
import type { EtypeKey, HasSparse, SparseAdj } from './sparse.js';

/** An edge type as [source node type, edge type name, destination node type]. */
export type CanonicalEtype = readonly [string, string, string];
export type { EtypeKey };
/** Ids with the frame of their type attached, as DGL's g.nodes[ntype].data. */
export type WithData<T> = T & { readonly data: Frame };

/** One relation of a graph under construction: its types and its adjacency. */
export interface RelationSpec { srcType: string; etype: string; dstType: string; adj: SparseAdj }
/** Everything a Graph is built from: node types with counts, and relations. */
export interface GraphSpec {
  ntypes: readonly string[];
  numNodes: readonly number[];
  /** Separate destination node types (blocks); ordinary graphs omit it. */
  dst?: { ntypes: readonly string[]; numNodes: readonly number[] };
  relations: readonly RelationSpec[];
  /** Per node type / per canonical key 'src:etype:dst': the size of each batched member. */
  batchNumNodes?: ReadonlyMap<string, Int32Array>;
  /** Per canonical edge key: the number of edges of each batched member. */
  batchNumEdges?: ReadonlyMap<string, Int32Array>;
  /** Keep the relations in the given order instead of sorting them (DGL's reverse keeps edge-type ids). */
  keepRelationOrder?: boolean;
}

export interface NodeSide { types: readonly string[]; counts: readonly number[]; frames: readonly Frame[] }
export interface Relation { canonical: CanonicalEtype; key: string; src: number; dst: number; adj: SparseAdj; frame: Frame }
export interface BatchInfo { nodes: ReadonlyMap<string, Int32Array>; edges: ReadonlyMap<string, Int32Array> }

/** The string key of a canonical edge type: 'src:etype:dst'. */
export function canonicalKey(c: CanonicalEtype): string { return c.join(':'); }

type Sizes = ArrayLike<number> | Tensor;

function isSizeRecord(x: unknown): x is Readonly<Record<string, Sizes>> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x) && !(x instanceof Tensor);
}

function checkedSizes(op: string, what: string, given: Sizes, total: number): Int32Array {
  const sizes = given instanceof Tensor ? given.data : given;
  const out = Int32Array.from(sizes);
  let sum = 0;
  for (let i = 0; i < sizes.length; i++) {
    if (!Number.isInteger(sizes[i]) || sizes[i] < 0) throw new RangeError(`${op}: ${what} size ${sizes[i]} at position ${i} is not a non-negative integer`);
    sum += sizes[i];
  }
  if (sum !== total) throw new RangeError(`${op}: ${what} sizes add up to ${sum} but there are ${total}`);
  return out;
}

export function pickSide(side: NodeSide, idx: readonly number[]): NodeSide {
  return { types: idx.map((i) => side.types[i]), counts: idx.map((i) => side.counts[i]), frames: idx.map((i) => side.frames[i]) };
}

export function attachData<T extends object>(value: T, data: Frame): WithData<T> {
  Object.defineProperty(value, 'data', { value: data, enumerable: false });
  return value as WithData<T>;
}

export type ConstructorParts = [NodeSide, NodeSide, Relation[], boolean, BatchInfo];

/**
 * Types, per-type resolvers, counts and frames of a graph (DGL's heterograph model). Graph, in
 * graph.ts, adds the structure queries and message passing; this base keeps each file small.
 */
export abstract class GraphCore implements HasSparse {
  protected readonly srcSide: NodeSide;
  protected readonly dstSide: NodeSide;
  protected readonly rels: readonly Relation[];
  protected batch: BatchInfo;
  /** The nodes srcdata/dstdata/srctypes/dsttypes see: for a uni-bipartite graph only the types edges leave / enter (DGL). */
  protected readonly srcView: NodeSide;
  protected readonly dstView: NodeSide;
  readonly isBlock: boolean;

  protected constructor(src: NodeSide, dst: NodeSide, rels: Relation[], isBlock: boolean, batch: BatchInfo) {
    this.srcSide = src; this.dstSide = dst; this.rels = rels; this.isBlock = isBlock; this.batch = batch;
    this.srcView = src; this.dstView = dst;
    const srcIdx = [...new Set(rels.map((r) => r.src))].sort((a, b) => a - b);
    const dstIdx = [...new Set(rels.map((r) => r.dst))].sort((a, b) => a - b);
    if (!isBlock && rels.length > 0 && !srcIdx.some((i) => dstIdx.includes(i))) {
      this.srcView = pickSide(src, srcIdx);
      this.dstView = pickSide(src, dstIdx);
    }
  }

  /** Validated node sides and relations of a spec, sorted as in DGL (the arguments of the constructor). */
  protected static parseSpec(spec: GraphSpec): ConstructorParts {
    const makeSide = (types: readonly string[], counts: readonly number[]): NodeSide => {
      if (types.length !== counts.length) throw new ShapeError(`graph: ${types.length} node types but ${counts.length} counts`);
      for (const t of types) if (t.includes(':')) throw new RangeError(`graph: node type '${t}' must not contain ':'`);
      if (new Set(types).size !== types.length) throw new RangeError(`graph: node types repeat: [${types.join(', ')}]`);
      const order = types.map((_, i) => i).sort((a, b) => (types[a] < types[b] ? -1 : types[a] > types[b] ? 1 : 0));
      const sortedTypes = order.map((i) => types[i]);
      const sortedCounts = order.map((i) => counts[i]);
      return { types: sortedTypes, counts: sortedCounts, frames: sortedTypes.map((t, i) => new Frame(sortedCounts[i], `node type '${t}'`)) };
    };
    const src = makeSide(spec.ntypes, spec.numNodes);
    const dst = spec.dst === undefined ? src : makeSide(spec.dst.ntypes, spec.dst.numNodes);
    const rels: Relation[] = spec.relations.map((r) => {
      const canonical: CanonicalEtype = [r.srcType, r.etype, r.dstType];
      const key = canonicalKey(canonical);
      if (r.etype.includes(':')) throw new RangeError(`graph: edge type '${r.etype}' must not contain ':'`);
      const s = src.types.indexOf(r.srcType), d = dst.types.indexOf(r.dstType);
      if (s < 0 || d < 0) throw new RangeError(`graph: relation ${key} uses a node type that is not declared`);
      if (r.adj.numSrc !== src.counts[s] || r.adj.numDst !== dst.counts[d]) {
        throw new ShapeError(`graph: relation ${key} is ${r.adj.numSrc}x${r.adj.numDst} but the node types have `
          + `${src.counts[s]} and ${dst.counts[d]} nodes`);
      }
      return { canonical, key, src: s, dst: d, adj: r.adj, frame: new Frame(r.adj.numEdges, `edge type '${key}'`) };
    });
    if (!spec.keepRelationOrder) rels.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const seen = new Set<string>();
    for (const r of rels) {
      if (seen.has(r.key)) throw new RangeError(`graph: relation ${r.key} given twice`);
      seen.add(r.key);
    }
    return [src, dst, rels, spec.dst !== undefined, {
      nodes: spec.batchNumNodes ?? new Map(), edges: spec.batchNumEdges ?? new Map(),
    }];
  }

  // ---- types ----
  get ntypes(): string[] {
    if (!this.isBlock) return [...this.srcSide.types];
    return [...new Set([...this.srcSide.types, ...this.dstSide.types])].sort();
  }
  get srctypes(): string[] { return [...this.srcView.types]; }
  get dsttypes(): string[] { return [...this.dstView.types]; }
  /** One name per relation, in canonical order (a name may repeat). */
  get etypes(): string[] { return this.rels.map((r) => r.canonical[1]); }
  get canonicalEtypes(): CanonicalEtype[] { return this.rels.map((r) => r.canonical); }
  get isHomogeneous(): boolean { return this.ntypes.length === 1 && this.rels.length === 1; }

  /** The canonical triple of an edge type (resolving a bare name). */
  toCanonicalEtype(etype?: EtypeKey): CanonicalEtype { return this.rel(etype).canonical; }

  // ---- the per-type resolvers every method goes through ----
  protected rel(etype?: EtypeKey): Relation {
    const list = (): string => this.rels.map((r) => r.key).join(', ');
    if (etype === undefined) {
      if (this.rels.length === 1) return this.rels[0];
      throw new DeepGraphError(`graph has ${this.rels.length} edge types; pass one of [${list()}]`);
    }
    if (typeof etype !== 'string' || etype.includes(':')) {
      const key = typeof etype === 'string' ? etype : canonicalKey(etype);
      const r = this.rels.find((x) => x.key === key);
      if (r === undefined) throw new DeepGraphError(`unknown edge type '${key}'; valid edge types: [${list()}]`);
      return r;
    }
    const matches = this.rels.filter((x) => x.canonical[1] === etype);
    if (matches.length === 1) return matches[0];
    if (matches.length === 0) throw new DeepGraphError(`unknown edge type '${etype}'; valid edge types: [${list()}]`);
    throw new DeepGraphError(`edge type '${etype}' is ambiguous: it names ${matches.map((m) => m.key).join(' and ')}; `
      + 'pass the canonical type instead');
  }

  protected ntypeIndex(side: NodeSide, ntype: string | undefined, what: string): number {
    if (ntype === undefined) {
      if (side.types.length === 1) return 0;
      throw new DeepGraphError(`graph has ${side.types.length} ${what} types; pass one of [${side.types.join(', ')}]`);
    }
    const i = side.types.indexOf(ntype);
    if (i < 0) throw new DeepGraphError(`unknown ${what} type '${ntype}'; valid: [${side.types.join(', ')}]`);
    return i;
  }

  /** A node type on either side (blocks keep src and dst types apart). */
  protected anySide(ntype: string | undefined): [NodeSide, number] {
    if (this.isBlock && ntype !== undefined && !this.srcSide.types.includes(ntype)) {
      return [this.dstSide, this.ntypeIndex(this.dstSide, ntype, 'node')];
    }
    return [this.srcSide, this.ntypeIndex(this.srcSide, ntype, 'node')];
  }

  // ---- counts ----
  /** Nodes of one type; with no type, the total over all types (DGL). */
  numNodes(ntype?: string): number {
    if (ntype === undefined) {
      const total = (s: NodeSide): number => s.counts.reduce((a, b) => a + b, 0);
      return this.isBlock ? total(this.srcSide) + total(this.dstSide) : total(this.srcSide);
    }
    const [side, i] = this.anySide(ntype);
    return side.counts[i];
  }
  /** Number of source nodes of a type (all nodes of an ordinary graph; a block's input side). */
  numSrcNodes(ntype?: string): number {
    return ntype === undefined ? this.srcView.counts.reduce((a, b) => a + b, 0) : this.srcSide.counts[this.ntypeIndex(this.srcSide, ntype, 'source node')];
  }
  /** Number of destination nodes of a type (all nodes of an ordinary graph; a block's output side). */
  numDstNodes(ntype?: string): number {
    return ntype === undefined ? this.dstView.counts.reduce((a, b) => a + b, 0) : this.dstSide.counts[this.ntypeIndex(this.dstSide, ntype, 'destination node')];
  }
  /** Edges of one type; with no type, the total over all relations (DGL). */
  numEdges(etype?: EtypeKey): number {
    if (etype === undefined) return this.rels.reduce((a, r) => a + r.adj.numEdges, 0);
    return this.rel(etype).adj.numEdges;
  }

  /** The structure of one relation (what message passing consumes). */
  sparse(etype?: EtypeKey): SparseAdj { return this.rel(etype).adj; }

  // ---- frames ----
  protected single(side: NodeSide, what: string): Frame {
    if (side.frames.length === 1) return side.frames[0];
    throw new DeepGraphError(`${what}: the graph has node types [${side.types.join(', ')}]; `
      + `use g.nodes(ntype).data or g.${what}PerType`);
  }
  get ndata(): Frame {
    if (this.isBlock) throw new DeepGraphError('ndata: a block has separate source and destination nodes; use srcdata or dstdata');
    return this.single(this.srcSide, 'ndata');
  }
  get srcdata(): Frame { return this.single(this.srcView, 'srcdata'); }
  get dstdata(): Frame { return this.single(this.dstView, 'dstdata'); }
  get edata(): Frame {
    if (this.rels.length === 1) return this.rels[0].frame;
    throw new DeepGraphError(`edata: the graph has edge types [${this.rels.map((r) => r.key).join(', ')}]; `
      + 'use g.edges(etype).data or g.edataPerType');
  }
  get ndataPerType(): PerTypeFrames { return new PerTypeFrames(new Map(this.srcSide.types.map((t, i) => [t, this.srcSide.frames[i]])), 'node type'); }
  get srcdataPerType(): PerTypeFrames { return new PerTypeFrames(new Map(this.srcView.types.map((t, i) => [t, this.srcView.frames[i]])), 'node type'); }
  get dstdataPerType(): PerTypeFrames { return new PerTypeFrames(new Map(this.dstView.types.map((t, i) => [t, this.dstView.frames[i]])), 'node type'); }
  /** Keyed by canonical 'src:etype:dst'. */
  get edataPerType(): PerTypeFrames { return new PerTypeFrames(new Map(this.rels.map((r) => [r.key, r.frame])), 'edge type'); }

  /** Frame of one node type (either side for blocks). */
  nodeFrame(ntype?: string): Frame { const [side, i] = this.anySide(ntype); return side.frames[i]; }
  /** The feature frame of a source node type (srcdata). */
  srcFrame(ntype?: string): Frame {
    return ntype === undefined ? this.srcView.frames[this.ntypeIndex(this.srcView, ntype, 'source node')]
      : this.srcSide.frames[this.ntypeIndex(this.srcSide, ntype, 'source node')];
  }
  /** The feature frame of a destination node type (dstdata). */
  dstFrame(ntype?: string): Frame {
    return ntype === undefined ? this.dstView.frames[this.ntypeIndex(this.dstView, ntype, 'destination node')]
      : this.dstSide.frames[this.ntypeIndex(this.dstSide, ntype, 'destination node')];
  }
  /** The feature frame of an edge type (edata). */
  edgeFrame(etype?: EtypeKey): Frame { return this.rel(etype).frame; }

  /**
   * Runs fn; feature changes made inside (set/delete on any frame of this graph) are discarded
   * afterwards. In-place writes into a tensor's storage are not undone (as in DGL).
   */
  localScope<T>(fn: (g: this) => T): T {
    const frames = new Set<Frame>([...this.srcSide.frames, ...this.dstSide.frames, ...this.rels.map((r) => r.frame)]);
    for (const f of frames) f.pushScope();
    let async = false;
    try {
      const out = fn(this);
      if (out instanceof Promise) {
        async = true;
        return out.finally(() => { for (const f of frames) f.popScope(); }) as T;
      }
      return out;
    } finally {
      if (!async) for (const f of frames) f.popScope();
    }
  }

  // ---- batching ----
  get batchSize(): number {
    const first = this.batch.nodes.values().next();
    return first.done ? 1 : first.value.length;
  }
  /** Nodes of each batched member (one entry for an unbatched graph). */
  batchNumNodes(ntype?: string): Int32Array {
    const [side, i] = this.anySide(ntype);
    return this.batch.nodes.get(side.types[i]) ?? Int32Array.of(side.counts[i]);
  }
  /** The number of edges of each member of a batched graph (DGL's `batch_num_edges`). */
  batchNumEdges(etype?: EtypeKey): Int32Array {
    const r = this.rel(etype);
    return this.batch.edges.get(r.key) ?? Int32Array.of(r.adj.numEdges);
  }

  /**
   * Marks the graph as a batch of members with these node counts (DGL's set_batch_num_nodes): one
   * array for a single node type, else per type. Each array must add up to the type's node count.
   * Metadata only: the structure is unchanged.
   */
  setBatchNumNodes(sizes: Sizes | Readonly<Record<string, Sizes>>): void {
    const rec = isSizeRecord(sizes) ? sizes : { [this.ntypeOfSingle('setBatchNumNodes')]: sizes };
    const nodes = new Map(this.batch.nodes);
    for (const [t, s] of Object.entries(rec)) nodes.set(t, checkedSizes('setBatchNumNodes', `node type '${t}'`, s, this.numNodes(t)));
    this.batch = { nodes, edges: this.batch.edges };
  }

  /** As setBatchNumNodes for edges (DGL's set_batch_num_edges): one array, or per edge type. */
  setBatchNumEdges(sizes: Sizes | Readonly<Record<string, Sizes>>): void {
    const rec: [EtypeKey | undefined, Sizes][] = isSizeRecord(sizes) ? Object.entries(sizes) : [[undefined, sizes]];
    const edges = new Map(this.batch.edges);
    for (const [et, s] of rec) {
      const r = this.rel(et);
      edges.set(r.key, checkedSizes('setBatchNumEdges', `edge type '${r.key}'`, s, r.adj.numEdges));
    }
    this.batch = { nodes: this.batch.nodes, edges };
  }

  private ntypeOfSingle(op: string): string {
    const types = this.srcSide.types;
    if (types.length !== 1) throw new DeepGraphError(`${op}: the graph has node types [${types.join(', ')}]; pass sizes per type`);
    return types[0];
  }

  toString(): string {
    const nodes = this.srcSide.types.map((t, i) => `${t}: ${this.srcSide.counts[i]}`).join(', ');
    const edges = this.rels.map((r) => `${r.key}: ${r.adj.numEdges}`).join(', ');
    return `Graph(numNodes={${nodes}}, numEdges={${edges}})`;
  }
}
