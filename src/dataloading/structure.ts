/**
 * The raw arrays the sampling work reads: per relation the in-edge CSC (and, when needed, the
 * edge endpoints, the out-edge CSR, sampling weights), per node and edge type the feature arrays
 * to gather. Plain typed arrays, so the same object can live in SharedArrayBuffers and be handed
 * to loader workers without copying (structured clone shares SharedArrayBuffer memory).
 */
import type { Graph } from '../graph/graph.js';
import { canonicalKey } from '../graph/graph.js';
import type { DType, AnyTypedArray } from '../tensor/dtype.js';
import type { FloatArray } from '../kernels/backend.js';
import { toEdgeWeights } from '../sampling/common.js';

export interface CompressedArrays {
  indptr: Int32Array;
  indices: Int32Array;
  eids: Int32Array | null;
}

export interface RelationArrays {
  key: string;
  etype: string;
  /** Indices into GraphArrays.ntypes. */
  srcType: number;
  dstType: number;
  numSrc: number;
  numDst: number;
  numEdges: number;
  /** In-edges by destination (what neighbour sampling reads). */
  csc: CompressedArrays;
  /** Endpoints by edge id (edge prediction). */
  coo: { src: Int32Array; dst: Int32Array } | null;
  /** Out-edges by source (global negative sampling). */
  csr: CompressedArrays | null;
  /** Validated sampling weights by edge id. */
  prob: FloatArray | null;
  /** Reverse edge of each edge (edge prediction with exclude 'reverseId'). */
  reverseEids: Int32Array | null;
}

/** A feature as raw rows: data holds numRows rows of rowShape. */
export interface FeatureArrays {
  data: AnyTypedArray;
  rowShape: number[];
  dtype: DType;
}

export interface GraphArrays {
  ntypes: string[];
  numNodes: number[];
  relations: RelationArrays[];
  /** Per node type index, the features named by the plan. */
  nodeFeatures: Record<string, FeatureArrays>[];
  /** Per relation index, the edge features named by the plan. */
  edgeFeatures: Record<string, FeatureArrays>[];
}

/** Which arrays a sampling plan reads. */
export interface ArrayNeeds {
  coo?: boolean;
  csr?: boolean;
  /** Edge feature used as sampling weights. */
  prob?: string | null;
  reverseEids?: Int32Array | null;
  /** The relation coo, csr and reverseEids are for (default: coo and csr for every relation). */
  relation?: number;
  nodeFeatures?: readonly string[];
  edgeFeatures?: readonly string[];
}

function featureOf(data: AnyTypedArray, shape: readonly number[], dtype: DType): FeatureArrays {
  return { data, rowShape: shape.slice(1), dtype };
}

/**
 * The arrays of g that a plan needs (shared with g's caches, no copies). Features that require
 * gradients are left out: the main thread gathers those itself, differentiably.
 */
export function graphArrays(g: Graph, needs: ArrayNeeds, op: string): GraphArrays {
  const ntypes = g.ntypes;
  const relations = g.canonicalEtypes.map((c, r): RelationArrays => {
    const target = needs.relation === undefined || needs.relation === r;
    const key = canonicalKey(c);
    const adj = g.sparse(key);
    const csc = adj.csc();
    let prob: FloatArray | null = null;
    if (needs.prob != null) prob = toEdgeWeights(op, `prob '${needs.prob}' of ${key}`, g.edgeFrame(key).get(needs.prob), adj.numEdges);
    return {
      key, etype: c[1], srcType: ntypes.indexOf(c[0]), dstType: ntypes.indexOf(c[2]),
      numSrc: adj.numSrc, numDst: adj.numDst, numEdges: adj.numEdges,
      csc: { indptr: csc.indptr, indices: csc.indices, eids: csc.eids },
      coo: needs.coo && target ? adj.coo() : null,
      csr: needs.csr && target ? { ...adj.csr() } : null,
      prob,
      reverseEids: target ? needs.reverseEids ?? null : null,
    };
  });
  const nodeFeatures = ntypes.map((t) => {
    const frame = g.nodeFrame(t), out: Record<string, FeatureArrays> = {};
    for (const name of needs.nodeFeatures ?? []) {
      if (!frame.has(name) && ntypes.length > 1) continue; // typed graphs: a feature may live on some types only
      const x = frame.get(name);
      if (!x.requiresGrad) out[name] = featureOf(x.data, x.shape, x.dtype);
    }
    return out;
  });
  const edgeFeatures = g.canonicalEtypes.map((c) => {
    const frame = g.edgeFrame(canonicalKey(c)), out: Record<string, FeatureArrays> = {};
    for (const name of needs.edgeFeatures ?? []) {
      if (!frame.has(name) && relations.length > 1) continue;
      const x = frame.get(name);
      if (!x.requiresGrad) out[name] = featureOf(x.data, x.shape, x.dtype);
    }
    return out;
  });
  return { ntypes, numNodes: ntypes.map((t) => g.numNodes(t)), relations, nodeFeatures, edgeFeatures };
}

/** A copy of a typed array in a SharedArrayBuffer (the array itself when it already is one). */
export function sharedCopyOf<T extends AnyTypedArray>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const cached = copies.get(a);
  if (cached !== undefined) return cached as T;
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer, offset: number, length: number) => T;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength), 0, a.length);
  out.set(a as never);
  copies.set(a, out);
  return out;
}

// The graph's arrays are immutable and features are read-only to the loader, so one shared copy
// per source array serves every loader and epoch; it lives as long as the source array does.
const copies = new WeakMap<AnyTypedArray, AnyTypedArray>();

const shareCompressed = (c: CompressedArrays): CompressedArrays =>
  ({ indptr: sharedCopyOf(c.indptr), indices: sharedCopyOf(c.indices), eids: c.eids === null ? null : sharedCopyOf(c.eids) });

const shareFeatures = (fs: Record<string, FeatureArrays>): Record<string, FeatureArrays> =>
  Object.fromEntries(Object.entries(fs).map(([k, f]) => [k, { ...f, data: sharedCopyOf(f.data) }]));

/** The same arrays, every one in shared memory (copied once per source array, then reused). */
export function shareArrays(a: GraphArrays): GraphArrays {
  return {
    ...a,
    relations: a.relations.map((r) => ({
      ...r,
      csc: shareCompressed(r.csc),
      coo: r.coo === null ? null : { src: sharedCopyOf(r.coo.src), dst: sharedCopyOf(r.coo.dst) },
      csr: r.csr === null ? null : shareCompressed(r.csr),
      prob: r.prob === null ? null : sharedCopyOf(r.prob),
      reverseEids: r.reverseEids === null ? null : sharedCopyOf(r.reverseEids),
    })),
    nodeFeatures: a.nodeFeatures.map(shareFeatures),
    edgeFeatures: a.edgeFeatures.map(shareFeatures),
  };
}
