/**
 * graphology interop (DGL's from_networkx / to_networkx for JavaScript's graph library).
 * graphology is an optional peer dependency: nothing here imports it. fromGraphology reads any
 * object with graphology's interface; toGraphology takes the Graph class from the caller, or in
 * Node.js resolves the installed 'graphology' package when it is called.
 */
import { DataFormatError } from '../errors.js';
import { heterograph, type CanonicalEtype, type Graph } from '../graph/index.js';
import { Tensor } from '../tensor/tensor.js';

type Attrs = Record<string, unknown>;

/** The part of graphology's Graph interface read here. */
export interface GraphologyLike {
  readonly order: number;
  readonly size: number;
  readonly type: string;
  /** Calls `cb` with each node's key and attributes (graphology's `forEachNode`); read by `fromGraphology`. */
  forEachNode(cb: (key: string, attrs: Attrs) => void): void;
  /** Calls `cb` for each edge with its key, attributes, endpoints and whether it is undirected (graphology's `forEachEdge`); read by `fromGraphology`. */
  forEachEdge(cb: (key: string, attrs: Attrs, source: string, target: string, sa: Attrs, ta: Attrs, undirected: boolean) => void): void;
  /** Adds a node with the given key and attributes (graphology's `addNode`); used by `toGraphology`. */
  addNode(key: string, attrs?: Attrs): unknown;
  /** Adds a directed edge with the given key (graphology's `addDirectedEdgeWithKey`); `toGraphology` uses it to keep the keys of a graph from `fromGraphology`. */
  addDirectedEdgeWithKey?(key: string, source: string, target: string, attrs?: Attrs): unknown;
  /** Adds a directed edge with a generated key (graphology's `addDirectedEdge`); used by `toGraphology`. */
  addDirectedEdge(source: string, target: string, attrs?: Attrs): unknown;
}

/** Options of `fromGraphology` (DGL's `dgl.from_networkx` `node_attrs` / `edge_attrs`): which attributes become features and which hold the types. */
export interface FromGraphologyOptions {
  /** Node attributes to turn into ndata features (numbers or equal-length number arrays). Default: every attribute numeric on all nodes (of a type). */
  nodeAttributes?: string[];
  /** Edge attributes to turn into edata features. Default: every attribute numeric on all edges (of a type). */
  edgeAttributes?: string[];
  /** The node attribute holding the node type (a typed graph); default: one node type '_N'. */
  nodeTypeAttribute?: string;
  /** The edge attribute holding the edge type; default: '_E'. */
  edgeTypeAttribute?: string;
}

/** graphology keys of a converted graph: per node type the key of each node, per edge type the key of each edge. */
export interface GraphologyKeys { nodes: Record<string, string[]>; edges: Record<string, string[]> }

const KEYS = new WeakMap<Graph, GraphologyKeys>();

/** The graphology keys of a graph made by fromGraphology (undefined for other graphs). */
export function graphologyKeys(g: Graph): GraphologyKeys | undefined { return KEYS.get(g); }

function numericWidth(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number')) return v.length;
  return -1;
}

/** Feature tensors from per-item attribute objects: [n] for numbers, [n, d] for arrays of d numbers. */
function features(items: Attrs[], keys: string[], names: string[] | undefined, what: string): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  if (items.length === 0) return out;
  const candidates = names ?? Object.keys(items[0]).filter((k) => numericWidth(items[0][k]) >= 0);
  for (const name of candidates) {
    const w = numericWidth(items[0][name]);
    const bad = items.findIndex((a) => numericWidth(a[name]) !== w);
    if (w < 0 || bad >= 0) {
      if (names === undefined) continue; // only attributes numeric everywhere become features by default
      const i = w < 0 ? 0 : bad;
      throw new DataFormatError(`fromGraphology: ${what} '${keys[i]}' attribute '${name}' is ${JSON.stringify(items[i][name]) ?? 'missing'}, ` +
        `expected ${w <= 0 ? 'a number' : `an array of ${w} numbers`} as on the first ${what}`);
    }
    const data = new Float32Array(items.length * Math.max(w, 1));
    items.forEach((a, i) => { if (w === 0) data[i] = a[name] as number; else data.set(a[name] as number[], i * w); });
    out.set(name, new Tensor(data, w === 0 ? [items.length] : [items.length, w], 'float32'));
  }
  return out;
}

/**
 * A graphology graph as a deepgraph Graph (DGL's from_networkx): nodes numbered in graphology's
 * order within each type, numeric attributes as float32 features, undirected edges stored in both
 * directions (as DGL does with an undirected networkx graph). graphologyKeys(result) gives the keys.
 */
export function fromGraphology(src: GraphologyLike, opts: FromGraphologyOptions = {}): Graph {
  const nta = opts.nodeTypeAttribute, eta = opts.edgeTypeAttribute;
  const nodeIndex = new Map<string, [string, number]>();
  const perType = new Map<string, { keys: string[]; attrs: Attrs[] }>();
  src.forEachNode((key, attrs) => {
    const t = nta === undefined ? '_N' : attrs[nta];
    if (typeof t !== 'string') throw new DataFormatError(`fromGraphology: node '${key}' has no string attribute '${nta}' (its node type)`);
    let slot = perType.get(t);
    if (slot === undefined) perType.set(t, slot = { keys: [], attrs: [] });
    nodeIndex.set(key, [t, slot.keys.length]);
    slot.keys.push(key); slot.attrs.push(attrs);
  });
  type Rel = { c: CanonicalEtype; src: number[]; dst: number[]; keys: string[]; attrs: Attrs[] };
  const rels = new Map<string, Rel>();
  let last: Rel | undefined;
  src.forEachEdge((key, attrs, s, t, _sa, _ta, undirected) => {
    const [st, si] = nodeIndex.get(s)!, [dt, di] = nodeIndex.get(t)!;
    const et = eta === undefined ? '_E' : attrs[eta];
    if (typeof et !== 'string') throw new DataFormatError(`fromGraphology: edge '${key}' has no string attribute '${eta}' (its edge type)`);
    const add = (a: string, ai: number, b: string, bi: number): void => {
      // Consecutive edges mostly share a relation: skip building its key then.
      let r = last !== undefined && last.c[0] === a && last.c[1] === et && last.c[2] === b ? last : undefined;
      if (r === undefined) {
        const k = `${a}:${et}:${b}`;
        r = rels.get(k);
        if (r === undefined) rels.set(k, r = { c: [a, et, b], src: [], dst: [], keys: [], attrs: [] });
        last = r;
      }
      r.src.push(ai); r.dst.push(bi); r.keys.push(key); r.attrs.push(attrs);
    };
    add(st, si, dt, di);
    if (undirected && s !== t) add(dt, di, st, si);
  });
  if (rels.size === 0) rels.set('_N:_E:_N', { c: ['_N', '_E', '_N'], src: [], dst: [], keys: [], attrs: [] });
  const numNodes: Record<string, number> = {};
  for (const [t, slot] of perType) numNodes[t] = slot.keys.length;
  const g = heterograph(new Map([...rels.values()].map((r) => [r.c, [Int32Array.from(r.src), Int32Array.from(r.dst)] as const])), { numNodes });
  const keys: GraphologyKeys = { nodes: {}, edges: {} };
  for (const [t, slot] of perType) {
    keys.nodes[t] = slot.keys;
    for (const [name, x] of features(slot.attrs, slot.keys, opts.nodeAttributes, 'node')) if (name !== nta) g.nodeFrame(t).set(name, x);
  }
  for (const [k, r] of rels) {
    keys.edges[k] = r.keys;
    for (const [name, x] of features(r.attrs, r.keys, opts.edgeAttributes, 'edge')) if (name !== eta) g.edgeFrame(r.c).set(name, x);
  }
  KEYS.set(g, keys);
  return g;
}

/** Options of `toGraphology` (DGL's `dgl.to_networkx`): graphology's class and the attributes that receive the types. */
export interface ToGraphologyOptions {
  /** graphology's Graph class (e.g. `import Graph from 'graphology'`); in Node.js the installed package is used when omitted. */
  Graph?: new (opts: { type: string; multi: boolean }) => GraphologyLike;
  /** Attribute that receives the node type on a typed graph (default 'type'). */
  nodeTypeAttribute?: string;
  /** Attribute that receives the edge type on a typed graph (default 'type'). */
  edgeTypeAttribute?: string;
}

function graphologyClass(opts: ToGraphologyOptions): NonNullable<ToGraphologyOptions['Graph']> {
  if (opts.Graph !== undefined) return opts.Graph;
  const get = typeof process !== 'undefined' ? process.getBuiltinModule : undefined;
  if (typeof get !== 'function') throw new DataFormatError('toGraphology: pass { Graph } (graphology\'s class) outside Node.js');
  const { createRequire } = get('node:module') as typeof import('node:module');
  try {
    const mod = createRequire(import.meta.url)('graphology') as { default?: unknown } & Record<string, unknown>;
    return (mod.default ?? mod) as NonNullable<ToGraphologyOptions['Graph']>;
  } catch {
    throw new DataFormatError("toGraphology: the optional dependency 'graphology' is not installed (npm install graphology), or pass { Graph }");
  }
}

const cellOf = (t: Tensor, i: number): number | number[] => {
  const w = t.shape.length === 1 ? 0 : t.size / t.shape[0];
  return w === 0 ? t.data[i] : Array.from(t.data.subarray(i * w, (i + 1) * w));
};

/**
 * A deepgraph Graph as a directed multi graphology graph (DGL's to_networkx): features of rank 1
 * or 2 become attributes (numbers or arrays); node keys and edge keys are the original ones for a
 * graph from fromGraphology, else the node id (`ntype:id` on a typed graph); types become attributes.
 */
export function toGraphology(g: Graph, opts: ToGraphologyOptions = {}): GraphologyLike {
  const Ctor = graphologyClass(opts);
  const out = new Ctor({ type: 'directed', multi: true });
  const known = KEYS.get(g), typed = g.ntypes.length > 1 || g.canonicalEtypes.length > 1;
  const nta = opts.nodeTypeAttribute ?? 'type', eta = opts.edgeTypeAttribute ?? 'type';
  const nodeKey = (t: string, i: number): string => known?.nodes[t]?.[i] ?? (typed ? `${t}:${i}` : String(i));
  for (const t of g.ntypes) {
    const feats = g.nodeFrame(t).entries().filter(([, x]) => x.shape.length <= 2);
    for (let i = 0; i < g.numNodes(t); i++) {
      const attrs: Attrs = typed ? { [nta]: t } : {};
      for (const [name, x] of feats) attrs[name] = cellOf(x, i);
      out.addNode(nodeKey(t, i), attrs);
    }
  }
  for (const c of g.canonicalEtypes) {
    const [src, dst] = g.edges({ etype: c }) as unknown as [Int32Array, Int32Array];
    const feats = g.edgeFrame(c).entries().filter(([, x]) => x.shape.length <= 2);
    const ekeys = known?.edges[c.join(':')];
    for (let e = 0; e < src.length; e++) {
      const attrs: Attrs = typed ? { [eta]: c[1] } : {};
      for (const [name, x] of feats) attrs[name] = cellOf(x, e);
      const s = nodeKey(c[0], src[e]), d = nodeKey(c[2], dst[e]);
      // An undirected source edge became two edges with one key: the reverse gets a fresh key.
      if (ekeys !== undefined && out.addDirectedEdgeWithKey !== undefined && !(out as unknown as { hasEdge(k: string): boolean }).hasEdge(ekeys[e])) {
        out.addDirectedEdgeWithKey(ekeys[e], s, d, attrs);
      } else out.addDirectedEdge(s, d, attrs);
    }
  }
  return out;
}
