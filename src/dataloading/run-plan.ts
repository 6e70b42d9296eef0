/**
 * Runs a sampling plan on raw arrays: the whole of a batch's sampling, relabelling and feature
 * gathering. Called on the main thread (numWorkers 0, and sampler.sample) and in loader workers,
 * so both give identical batches.
 */
import { getBackend } from '../kernels/registry.js';
import { hashUint32 } from '../kernels/js/sampling.js';
import { type AnyTypedArray, allocate } from '../tensor/dtype.js';
import { relationSeed } from '../sampling/frontier.js';
import { globalNegativesOf, perSourceNegativesOf } from '../sampling/negative.js';
import { DeepGraphError } from '../errors.js';
import type { BlockSchema, BlockSpec, EdgeIds } from './block.js';
import { sampledBlockSpec } from './sampled-block.js';
import { type IdMap, idMaps } from './id-map.js';
import type { FeatureArrays, GraphArrays } from './structure.js';
import {
  type BatchResult, type BatchTask, type EdgePlan, type GatheredFeature, type NeighborPlan, type PairSpec,
  type SamplerPlan, LAYER_SALT, NEGATIVE_SALT,
} from './plan.js';

/** Ids without repeats, first occurrences kept in order. */
function unique(ids: Int32Array, numNodes: number): Int32Array {
  const m = idMaps.acquire(numNodes);
  try {
    m.insertAll(ids);
    return m.size === ids.length ? ids : m.ids();
  } finally {
    idMaps.release(m);
  }
}

export interface SampledBlocks {
  inputNodes: Int32Array[];
  outputNodes: Int32Array[];
  blocks: BlockSpec[];
}

/** Samples `fanout` in-edges of each of `seeds` along relation r with the kernel seed `seed`. */
export type RelationSampler = (r: number, seeds: Int32Array, fanout: number, seed: number) => EdgeIds;

/**
 * Layer by layer from the output side (DGL's NeighborSampler.sample_blocks): sample the in-edges
 * of the current nodes, make them a block, continue from its source nodes. The structure is
 * reached only through sampleRelation (in-memory CSC here, chunked on-disk CSC in src/storage).
 */
export function sampleLayers(schema: BlockSchema, fanouts: readonly (readonly number[])[], seeds: readonly Int32Array[], batchSeed: number,
  sampleRelation: RelationSampler): SampledBlocks {
  const R = schema.relations.length, L = fanouts.length;
  const outputNodes = seeds.map((s, t) => unique(s, schema.numNodes[t]));
  let cur = outputNodes;
  const blocks: BlockSpec[] = new Array<BlockSpec>(L);
  for (let l = L - 1; l >= 0; l--) {
    const layerSeed = hashUint32(batchSeed, l, LAYER_SALT);
    const edges = schema.relations.map((rel, r): EdgeIds => sampleRelation(r, cur[rel.dstType], fanouts[l][r], relationSeed(layerSeed, r, R)));
    const spec = sampledBlockSpec(schema, cur, edges, 'NeighborSampler');
    blocks[l] = spec;
    cur = spec.srcNodes;
  }
  return { inputNodes: cur, outputNodes, blocks };
}

/** sampleLayers over the in-memory CSC of each relation. */
export function sampleBlockSpecs(a: GraphArrays, plan: NeighborPlan, seeds: readonly Int32Array[], batchSeed: number,
  excludeMasks: readonly (Uint8Array | null)[] | null): SampledBlocks {
  const backend = getBackend();
  return sampleLayers(a, plan.fanouts, seeds, batchSeed, (r, cur, fanout, seed) => {
    const rel = a.relations[r];
    const s = backend.sampleNeighbors({
      indptr: rel.csc.indptr, indices: rel.csc.indices, eids: rel.csc.eids, seeds: cur,
      fanout, replace: plan.replace, prob: rel.prob, excludeMask: excludeMasks?.[r] ?? null, seed,
    });
    return { src: s.cols, dst: s.rows, eid: s.eids };
  });
}

/** Node's Buffer.allocUnsafeSlow where it exists (own, transferable, not zeroed memory); undefined in browsers. */
const allocUnsafeSlow = (globalThis as { Buffer?: { allocUnsafeSlow(size: number): Uint8Array } }).Buffer?.allocUnsafeSlow;

/**
 * An array the gather kernel overwrites completely (it checks every index before writing, and a
 * failed call discards the array): in Node.js uninitialised memory, which skips zeroing ~14 MB a
 * batch on the 2M-node task (0.5-0.7 ms of a ~2.5 ms gather).
 */
function overwritten(dtype: FeatureArrays['dtype'], n: number): AnyTypedArray {
  const bytes = dtype === 'float64' ? 8 : dtype === 'uint8' || dtype === 'bool' ? 1 : 4;
  if (allocUnsafeSlow === undefined || n * bytes < 1 << 16) return allocate(dtype, n);
  const buf = allocUnsafeSlow(n * bytes).buffer as ArrayBuffer;
  switch (dtype) {
    case 'float32': return new Float32Array(buf, 0, n);
    case 'float64': return new Float64Array(buf, 0, n);
    case 'int32': return new Int32Array(buf, 0, n);
    default: return new Uint8Array(buf, 0, n);
  }
}

function gather(f: FeatureArrays, ids: Int32Array): GatheredFeature {
  const rowLen = f.rowShape.reduce((x, y) => x * y, 1);
  const out = overwritten(f.dtype, ids.length * rowLen);
  getBackend().gatherRows(f.data, f.data.length / Math.max(rowLen, 1), rowLen, ids, out);
  return { data: out, rowShape: f.rowShape, dtype: f.dtype };
}

function gatherAll(fs: Record<string, FeatureArrays>, ids: Int32Array): Record<string, GatheredFeature> {
  const out: Record<string, GatheredFeature> = {};
  for (const [name, f] of Object.entries(fs)) out[name] = gather(f, ids);
  return out;
}

function withFeatures(a: GraphArrays, plan: NeighborPlan, index: number, s: SampledBlocks,
  pair: PairSpec | null, negPair: PairSpec | null): BatchResult {
  const pick = (fs: Record<string, FeatureArrays>, names: readonly string[]): Record<string, FeatureArrays> =>
    Object.fromEntries(names.filter((n) => fs[n] !== undefined).map((n) => [n, fs[n]]));
  return {
    index, ...s, pair, negPair,
    nodeFeatures: s.inputNodes.map((ids, t) => gatherAll(pick(a.nodeFeatures[t], plan.nodeFeatures), ids)),
    labels: s.outputNodes.map((ids, t) => gatherAll(pick(a.nodeFeatures[t], plan.labels), ids)),
    edgeFeatures: s.blocks.map((b) => b.edges.map((e, r) => gatherAll(pick(a.edgeFeatures[r], plan.edgeFeatures), e.eid))),
  };
}

/** Per-thread exclusion masks (one byte per edge), set for a batch and cleared after it. */
const maskCache = new WeakMap<object, Uint8Array>();

function maskFor(rel: object, numEdges: number): Uint8Array {
  let m = maskCache.get(rel);
  if (m === undefined || m.length !== numEdges) { m = new Uint8Array(numEdges); maskCache.set(rel, m); }
  return m;
}

function edgeBatch(a: GraphArrays, plan: EdgePlan, task: BatchTask): BatchResult {
  const r = plan.relation, rel = a.relations[r];
  const eids = task.seeds[0];
  if (rel.coo === null) throw new DeepGraphError('edge prediction: the loader did not provide edge endpoints');
  const { src, dst } = rel.coo;
  const posSrc = new Int32Array(eids.length), posDst = new Int32Array(eids.length);
  for (let i = 0; i < eids.length; i++) { posSrc[i] = src[eids[i]]; posDst[i] = dst[eids[i]]; }
  let neg: { src: Int32Array; dst: Int32Array } | null = null;
  const negSeed = hashUint32(task.seed, 0, NEGATIVE_SALT);
  if (plan.negative?.kind === 'perSourceUniform') {
    neg = perSourceNegativesOf(src, eids, rel.numDst, plan.negative.k, negSeed);
  } else if (plan.negative?.kind === 'globalUniform') {
    if (rel.csr === null) throw new DeepGraphError('edge prediction: the loader did not provide the CSR for GlobalUniform');
    neg = globalNegativesOf({ ...rel.csr, numSrc: rel.numSrc, numDst: rel.numDst, numEdges: rel.numEdges },
      eids.length * plan.negative.k, plan.negative.opts, negSeed);
  }
  // Pair-graph nodes: positive sources, positive destinations, then negatives (DGL's compact_graphs order).
  const maps: (IdMap | null)[] = a.ntypes.map(() => null);
  const mapOf = (t: number): IdMap => (maps[t] ??= idMaps.acquire(a.numNodes[t]));
  let pair: PairSpec, negPair: PairSpec | null = null, nodes: Int32Array[];
  try {
    const sm = mapOf(rel.srcType), dm = mapOf(rel.dstType);
    const local = (m: IdMap, ids: Int32Array): Int32Array => { m.insertAll(ids); return m.map(ids); };
    const ps = local(sm, posSrc), pd = local(dm, posDst);
    const ns = neg === null ? null : local(sm, neg.src), nd = neg === null ? null : local(dm, neg.dst);
    nodes = a.ntypes.map((_, t) => (maps[t] === null ? new Int32Array(0) : maps[t]!.ids()));
    pair = { nodes, src: ps, dst: pd, eid: eids };
    if (neg !== null) negPair = { nodes, src: ns!, dst: nd!, eid: new Int32Array(0) };
  } finally {
    for (const m of maps) if (m !== null) idMaps.release(m);
  }
  let masks: (Uint8Array | null)[] | null = null, excluded: Int32Array | null = null;
  if (plan.exclude !== 'none') {
    const rev = rel.reverseEids;
    if (plan.exclude === 'reverseId' && rev === null) throw new DeepGraphError("edge prediction: exclude 'reverseId' needs reverseEids");
    excluded = plan.exclude === 'reverseId' ? concat(eids, rev!, eids) : eids;
    // DGL's reverse_types: edge i of the reverse relation is the reverse of seed edge i, so the same ids go.
    const rr = plan.exclude === 'reverseTypes' ? plan.reverseRelation ?? null : null;
    if (plan.exclude === 'reverseTypes' && rr === null) throw new DeepGraphError("edge prediction: exclude 'reverseTypes' needs the reverse relation");
    masks = a.relations.map((x, i) => (i === r || i === rr ? maskFor(x, x.numEdges) : null));
    for (const mask of masks) if (mask !== null) for (let i = 0; i < excluded.length; i++) mask[excluded[i]] = 1;
  }
  try {
    const s = sampleBlockSpecs(a, plan.blocks, nodes, task.seed, masks);
    return withFeatures(a, plan.blocks, task.index, s, pair, negPair);
  } finally {
    if (excluded !== null) {
      for (const mask of masks!) if (mask !== null) for (let i = 0; i < excluded.length; i++) mask[excluded[i]] = 0;
    }
  }
}

/** eids followed by rev[eids]. */
function concat(eids: Int32Array, rev: Int32Array, idx: Int32Array): Int32Array {
  const out = new Int32Array(eids.length * 2);
  out.set(eids);
  for (let i = 0; i < idx.length; i++) out[eids.length + i] = rev[idx[i]];
  return out;
}

/** One batch of a plan; excludeMasks (node plans only) marks edges never sampled, per relation. */
export function runPlan(a: GraphArrays, plan: SamplerPlan, task: BatchTask,
  excludeMasks: readonly (Uint8Array | null)[] | null = null): BatchResult {
  if (plan.kind === 'edge') return edgeBatch(a, plan, task);
  return withFeatures(a, plan, task.index, sampleBlockSpecs(a, plan, task.seeds, task.seed, excludeMasks), null, null);
}

/** The ArrayBuffers of a result, to transfer (not copy) it to another thread. */
export function transferables(b: BatchResult): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (x: ArrayBufferView): void => { if (x.buffer instanceof ArrayBuffer) out.add(x.buffer); };
  for (const ids of [...b.inputNodes, ...b.outputNodes]) add(ids);
  for (const blk of b.blocks) {
    for (const ids of [...blk.srcNodes, ...blk.dstNodes]) add(ids);
    for (const e of blk.edges) { add(e.src); add(e.dst); add(e.eid); if (e.indptr !== undefined) add(e.indptr); }
  }
  for (const p of [b.pair, b.negPair]) if (p !== null) { for (const n of p.nodes) add(n); add(p.src); add(p.dst); add(p.eid); }
  for (const rec of [...b.nodeFeatures, ...b.labels, ...b.edgeFeatures.flat()]) for (const f of Object.values(rec)) add(f.data);
  return [...out];
}
