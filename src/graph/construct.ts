import { DTypeError, DeepGraphError } from '../errors.js';
import { Generator } from '../tensor/random.js';
import { Graph, type CanonicalEtype, type RelationSpec } from './graph.js';
import { SparseAdj } from './sparse.js';
import { maxPlusOne } from './ids.js';

/** Node ids: an Int32Array or a number array. */
export type IdArray = Int32Array | readonly number[];
/** One relation's edges: COO pair, or CSR (rows = sources) / CSC (rows = destinations) with optional edge ids. */
export type EdgeData =
  | readonly [IdArray, IdArray]
  | { csr: readonly [IdArray, IdArray, IdArray?] }
  | { csc: readonly [IdArray, IdArray, IdArray?] };
/** Options of `dg.graph`: the node count (default: max id + 1). */
export interface GraphOptions { numNodes?: number; idtype?: 'int32' }
/** Options of `dg.heterograph`: node counts per type. */
export interface HeterographOptions { numNodes?: Readonly<Record<string, number>>; idtype?: 'int32' }
/** Options of `dg.bipartite`. */
export interface BipartiteOptions {
  numSrc?: number; numDst?: number; srcType?: string; etype?: string; dstType?: string; idtype?: 'int32';
}

function ids(x: IdArray, what: string): Int32Array {
  if (x instanceof Int32Array) return x;
  if (!Array.isArray(x)) throw new TypeError(`${what} must be an Int32Array or an array of numbers`);
  const out = Int32Array.from(x);
  for (let i = 0; i < x.length; i++) {
    if (out[i] !== x[i]) throw new RangeError(`${what}: id ${x[i]} at position ${i} is not an int32 integer`);
  }
  return out;
}

function checkIdtype(idtype: string | undefined): void {
  if (idtype !== undefined && idtype !== 'int32') throw new DTypeError(`graph: idtype must be 'int32', got '${idtype}'`);
}

/** Parsed edges plus the smallest node counts they imply on each side. */
interface Parsed { build: (numSrc: number, numDst: number) => SparseAdj; minSrc: number; minDst: number }

function parse(data: EdgeData, what: string): Parsed {
  if (Array.isArray(data)) {
    const [s, d] = data as readonly [IdArray, IdArray];
    const src = ids(s, `${what}: source ids`), dst = ids(d, `${what}: destination ids`);
    return { build: (ns, nd) => SparseAdj.fromCoo(src, dst, ns, nd, what), minSrc: maxPlusOne(src), minDst: maxPlusOne(dst) };
  }
  const kind = 'csr' in data ? 'csr' : 'csc' in data ? 'csc' : null;
  if (kind === null) throw new TypeError(`${what}: expected [src, dst], { csr: [...] } or { csc: [...] }`);
  const parts = kind === 'csr' ? (data as { csr: readonly [IdArray, IdArray, IdArray?] }).csr
    : (data as { csc: readonly [IdArray, IdArray, IdArray?] }).csc;
  const indptr = ids(parts[0], `${what}: indptr`), indices = ids(parts[1], `${what}: indices`);
  const eids = parts[2] === undefined ? null : ids(parts[2], `${what}: eids`);
  const rows = indptr.length - 1, cols = maxPlusOne(indices);
  return kind === 'csr'
    ? { build: (ns, nd) => SparseAdj.fromCsr(indptr, indices, eids, ns, nd, what), minSrc: rows, minDst: cols }
    : { build: (ns, nd) => SparseAdj.fromCsc(indptr, indices, eids, ns, nd, what), minSrc: cols, minDst: rows };
}

/**
 * A homogeneous graph (node type '_N', edge type '_E'); numNodes defaults to the largest id + 1
 * (DGL's `dgl.graph`). Edges come as [src, dst] id arrays (COO), or as ['csr' | 'csc', indptr, indices].
 * @example
 * ```ts
 * import * as dg from 'deepgraph';
 * const g = dg.graph([[0, 1, 2], [1, 2, 0]]);   // edges 0→1, 1→2, 2→0
 * console.log(g.numNodes(), g.numEdges());      // 3 3
 * console.log(g.inDegrees());                   // Int32Array [1, 1, 1]
 * ```
 */
export function graph(data: EdgeData, opts: GraphOptions = {}): Graph {
  checkIdtype(opts.idtype);
  const p = parse(data, 'graph');
  const n = opts.numNodes ?? Math.max(p.minSrc, p.minDst);
  return Graph.fromSpec({ ntypes: ['_N'], numNodes: [n], relations: [{ srcType: '_N', etype: '_E', dstType: '_N', adj: p.build(n, n) }] });
}

function splitKey(key: string): CanonicalEtype {
  const parts = key.split(':');
  if (parts.length !== 3 || parts.some((s) => s.length === 0)) {
    throw new DeepGraphError(`heterograph: relation key '${key}' must be 'srctype:etype:dsttype'`);
  }
  return [parts[0], parts[1], parts[2]];
}

/**
 * A graph with several node and edge types. Keys are 'srctype:etype:dsttype' strings (or, in a Map,
 * canonical triples); node counts default to the largest id + 1 seen for each type.
 */
export function heterograph(data: Readonly<Record<string, EdgeData>> | ReadonlyMap<string | CanonicalEtype, EdgeData>,
  opts: HeterographOptions = {}): Graph {
  checkIdtype(opts.idtype);
  const entries = data instanceof Map ? [...data.entries()] : Object.entries(data);
  const parsed = entries.map(([k, v]) => {
    const c = typeof k === 'string' ? splitKey(k) : k as CanonicalEtype;
    return { c, p: parse(v, `heterograph (${c.join(':')})`) };
  });
  const counts = new Map<string, number>();
  const need = (t: string, n: number): void => { counts.set(t, Math.max(counts.get(t) ?? 0, n)); };
  for (const { c, p } of parsed) { need(c[0], p.minSrc); need(c[2], p.minDst); }
  for (const [t, n] of Object.entries(opts.numNodes ?? {})) counts.set(t, n);
  const relations: RelationSpec[] = parsed.map(({ c, p }) => ({
    srcType: c[0], etype: c[1], dstType: c[2], adj: p.build(counts.get(c[0])!, counts.get(c[2])!),
  }));
  return Graph.fromSpec({ ntypes: [...counts.keys()], numNodes: [...counts.values()], relations });
}

/** One relation from srcType to dstType nodes (defaults '_U', '_E', '_V'). */
export function bipartite(data: EdgeData, opts: BipartiteOptions = {}): Graph {
  const s = opts.srcType ?? '_U', e = opts.etype ?? '_E', d = opts.dstType ?? '_V';
  const numNodes: Record<string, number> = {};
  if (opts.numSrc !== undefined) numNodes[s] = opts.numSrc;
  if (opts.numDst !== undefined) numNodes[d] = opts.numDst;
  if (s === d && opts.numSrc !== undefined && opts.numDst !== undefined && opts.numSrc !== opts.numDst) {
    throw new RangeError(`bipartite: source and destination type '${s}' are the same but numSrc ${opts.numSrc} != numDst ${opts.numDst}`);
  }
  return heterograph({ [`${s}:${e}:${d}`]: data }, { numNodes, idtype: opts.idtype });
}

/** n nodes and m distinct edges drawn uniformly from the n*n possible ones (as DGL's rand_graph). */
export function randGraph(n: number, m: number, opts: { seed?: number; generator?: Generator } = {}): Graph {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randGraph: n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(m) || m < 0 || m > n * n) throw new RangeError(`randGraph: m must be an integer in [0, ${n * n}], got ${m}`);
  const gen = opts.generator ?? new Generator(opts.seed ?? 0);
  // Floyd's sampling: m distinct positions of the n*n grid without materialising it.
  const chosen = new Set<number>();
  const order: number[] = [];
  for (let j = n * n - m; j < n * n; j++) {
    const t = gen.nextInt(j + 1);
    const pick = chosen.has(t) ? j : t;
    chosen.add(pick);
    order.push(pick);
  }
  const src = new Int32Array(m), dst = new Int32Array(m);
  for (let i = 0; i < m; i++) { src[i] = Math.floor(order[i] / n); dst[i] = order[i] % n; }
  return graph([src, dst], { numNodes: n });
}

/** Options of `createBlock` (DGL's `dgl.create_block`): node counts per side; `numDstNodes` as `numSrcNodes` for the destination side. */
export interface CreateBlockOptions {
  /** Source node count (one relation) or per source type; default the largest id + 1. */
  numSrcNodes?: number | Readonly<Record<string, number>>;
  numDstNodes?: number | Readonly<Record<string, number>>;
}

/**
 * A block (message-flow graph) from edge lists (DGL's create_block): [src, dst] gives one relation
 * '_N' -'_E'-> '_N' between separate source and destination node sets; a record keyed
 * 'srctype:etype:dsttype' gives several. No NID / EID features are set.
 */
export function createBlock(data: EdgeData | Readonly<Record<string, EdgeData>>, opts: CreateBlockOptions = {}): Graph {
  const plain = Array.isArray(data) || 'csr' in data || 'csc' in data;
  const entries: [CanonicalEtype, EdgeData][] = plain ? [[['_N', '_E', '_N'], data as EdgeData]]
    : Object.entries(data as Readonly<Record<string, EdgeData>>).map(([k, v]) => [splitKey(k), v]);
  const parsed = entries.map(([c, v]) => ({ c, p: parse(v, `createBlock (${c.join(':')})`) }));
  const srcCounts = new Map<string, number>(), dstCounts = new Map<string, number>();
  const need = (m: Map<string, number>, t: string, n: number): void => { m.set(t, Math.max(m.get(t) ?? 0, n)); };
  for (const { c, p } of parsed) { need(srcCounts, c[0], p.minSrc); need(dstCounts, c[2], p.minDst); }
  const given = (m: Map<string, number>, n: CreateBlockOptions['numSrcNodes'], what: string): void => {
    if (n === undefined) return;
    if (typeof n === 'number') {
      if (m.size > 1) throw new DeepGraphError(`createBlock: ${what} is one number but there are types [${[...m.keys()].join(', ')}]`);
      m.set([...m.keys()][0] ?? '_N', n);
    } else for (const [t, k] of Object.entries(n)) m.set(t, k);
  };
  given(srcCounts, opts.numSrcNodes, 'numSrcNodes');
  given(dstCounts, opts.numDstNodes, 'numDstNodes');
  return Graph.fromSpec({
    ntypes: [...srcCounts.keys()], numNodes: [...srcCounts.values()],
    dst: { ntypes: [...dstCounts.keys()], numNodes: [...dstCounts.values()] },
    relations: parsed.map(({ c, p }) => ({ srcType: c[0], etype: c[1], dstType: c[2], adj: p.build(srcCounts.get(c[0])!, dstCounts.get(c[2])!) })),
  });
}
