import { FeatureNotFoundError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { SparseAdj } from '../graph/sparse.js';
import { gatherRows } from './gather.js';

/** Where features come from: a Frame, or anything with get (throwing with the names present) and keys. */
export interface FeatureSource {
  get(name: string): Tensor;
  has(name: string): boolean;
  keys(): string[];
}

export type FeatureRecord = Readonly<Record<string, Tensor>>;

/** A batch of edges as a message UDF sees it (DGL's EdgeBatch); src/dst/data rows follow the edges. */
export interface EdgeBatch {
  readonly src: FeatureRecord;
  readonly dst: FeatureRecord;
  readonly data: FeatureRecord;
  readonly srcIds: Int32Array;
  readonly dstIds: Int32Array;
  readonly edgeIds: Int32Array;
  readonly batchSize: number;
}

/** A batch of nodes (DGL's NodeBatch): mailbox[name] is [nodes, degree, ...] for a reduce UDF. */
export interface NodeBatch {
  readonly data: FeatureRecord;
  readonly mailbox: FeatureRecord;
  readonly nodes: Int32Array;
  readonly batchSize: number;
}

/** A message (or apply-edges) function: from a batch of edges to named edge tensors. */
export type MessageUdf = (edges: EdgeBatch) => Record<string, Tensor>;
/** A reduce or apply-nodes function: from a batch of nodes to named node tensors. */
export type NodeUdf = (nodes: NodeBatch) => Record<string, Tensor>;

/** One relation as message passing sees it: structure plus the three feature sources. */
export interface RelationView {
  adj: SparseAdj;
  src: FeatureSource;
  dst: FeatureSource;
  edges: FeatureSource;
  /** Graph edge id of each edge of adj (null: the same ids). */
  edgeIds: Int32Array | null;
}

/** A feature source over a plain record; unknown names list the names present. */
export function recordSource(rec: Readonly<Record<string, Tensor>>, owner: string): FeatureSource {
  return {
    get(name) {
      const t = rec[name];
      if (t === undefined) throw new FeatureNotFoundError(`${owner}: no feature '${name}'; features present: [${Object.keys(rec).join(', ')}]`);
      return t;
    },
    has: (name) => rec[name] !== undefined,
    keys: () => Object.keys(rec),
  };
}

/** A source whose tensors are mapped on first access (row gathers for batches), cached per name. */
export function mappedSource(src: FeatureSource, map: (t: Tensor) => Tensor): FeatureSource {
  const cache = new Map<string, Tensor>();
  return {
    get(name) {
      let t = cache.get(name);
      if (t === undefined) { t = map(src.get(name)); cache.set(name, t); }
      return t;
    },
    has: (name) => src.has(name),
    keys: () => src.keys(),
  };
}

const PASS_THROUGH = new Set(['then', 'toJSON', 'constructor']);

/** A read-only record view of a source: fields load lazily, and a missing name throws listing the present ones. */
export function lazyRecord(src: FeatureSource): FeatureRecord {
  return new Proxy({} as Record<string, Tensor>, {
    get: (_t, name) => (typeof name !== 'string' || PASS_THROUGH.has(name) ? undefined : src.get(name)),
    has: (_t, name) => typeof name === 'string' && src.has(name),
    ownKeys: () => src.keys(),
    getOwnPropertyDescriptor: (_t, name) => (typeof name === 'string' && src.has(name)
      ? { enumerable: true, configurable: true, writable: false, value: src.get(name) } : undefined),
    set: () => { throw new TypeError('batch features are read-only; return new features from the function instead'); },
  });
}

function arange(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/** Every edge of a relation as one EdgeBatch. */
export function edgeBatchOf(rel: RelationView): EdgeBatch {
  const { src, dst } = rel.adj.coo();
  return {
    src: lazyRecord(mappedSource(rel.src, (t) => gatherRows(t, src))),
    dst: lazyRecord(mappedSource(rel.dst, (t) => gatherRows(t, dst))),
    data: lazyRecord(rel.edges),
    srcIds: src, dstIds: dst, edgeIds: rel.edgeIds ?? arange(rel.adj.numEdges),
    batchSize: rel.adj.numEdges,
  };
}

/** Nodes `ids` of a source as a NodeBatch with an empty mailbox (for apply functions). */
export function nodeBatchOf(src: FeatureSource, ids: Int32Array | null, numRows: number): NodeBatch {
  const nodes = ids ?? arange(numRows);
  return {
    data: lazyRecord(ids === null ? src : mappedSource(src, (t) => gatherRows(t, ids))),
    mailbox: lazyRecord(recordSource({}, 'mailbox')),
    nodes, batchSize: nodes.length,
  };
}
