/**
 * Neighbour sampling straight from an on-disk CSC, across chunks: each batch copies its seeds'
 * in-edge ranges into a small compact CSC and runs the backend's sampling kernel on it. The kernel
 * draws per seed position, so the picks equal those of the in-memory NeighborSampler for the same
 * seed, whatever the chunking.
 */
import type { Graph } from '../graph/graph.js';
import { DeepGraphError } from '../errors.js';
import { getBackend } from '../kernels/registry.js';
import { checkFanout, resolveSeed } from '../sampling/common.js';
import type { SeedsLike } from '../sampling/frontier.js';
import { type EdgeIds, idsPerType, schemaOf } from '../dataloading/block.js';
import { nodeMiniBatch, type NodeMiniBatch } from '../dataloading/materialize.js';
import type { BlockSampler, SampleOptions } from '../dataloading/neighbor-sampler.js';
import { sampleLayers } from '../dataloading/run-plan.js';
import type { NeighborPlan } from '../dataloading/plan.js';
import type { CscArrays, OnDiskDataset } from './dataset.js';
import { allocateStorage } from './chunked.js';

/**
 * Samples `fanout` in-edges (-1: all) of each seed from a (chunked) CSC; edge ids are CSC positions.
 * Seeds must already be valid destination ids.
 */
export function sampleNeighborsOnDisk(csc: CscArrays, seeds: Int32Array, fanout: number, seed: number, replace = false): EdgeIds {
  const n = seeds.length;
  const lo = new Float64Array(n), indptr = new Int32Array(n + 1);
  // Both offsets of a seed in one read (one system call with 'read' access).
  const pair = allocateStorage(csc.indptr.dtype, 2);
  for (let i = 0; i < n; i++) {
    const s = seeds[i];
    if (!(s >= 0 && s < csc.numDst)) throw new RangeError(`sampleNeighborsOnDisk: seed ${s} at position ${i} is outside [0, ${csc.numDst})`);
    csc.indptr.readInto(s, 2, pair);
    const a = Number(pair[0]), b = Number(pair[1]);
    if (!(b >= a)) throw new DeepGraphError(`sampleNeighborsOnDisk: ${csc.type} indptr decreases at node ${s} (${a} > ${b}): the file is corrupt`);
    lo[i] = a;
    indptr[i + 1] = indptr[i] + (b - a);
    if (indptr[i + 1] !== indptr[i] + (b - a)) throw new RangeError(`sampleNeighborsOnDisk: the batch's seeds have more than 2^31 in-edges`);
  }
  const m = indptr[n];
  const indices = new Int32Array(m);
  for (let i = 0; i < n; i++) {
    const k = indptr[i + 1] - indptr[i];
    if (k > 0) csc.indices.readInto(lo[i], k, indices, indptr[i]);
  }
  for (let p = 0; p < m; p++) {
    if (!(indices[p] >= 0 && indices[p] < csc.numSrc)) throw new DeepGraphError(`sampleNeighborsOnDisk: ${csc.type} source id ${indices[p]} is outside [0, ${csc.numSrc}): the file is corrupt`);
  }
  const local = new Int32Array(n);
  for (let i = 0; i < n; i++) local[i] = i;
  const s = getBackend().sampleNeighbors({ indptr, indices, eids: null, seeds: local, fanout, replace, prob: null, excludeMask: null, seed });
  // Rows are seed positions and edge ids compact positions: back to node ids and on-disk CSC positions.
  const dst = new Int32Array(s.rows.length), eid = new Int32Array(s.rows.length);
  for (let k = 0; k < dst.length; k++) {
    const i = s.rows[k];
    dst[k] = seeds[i];
    eid[k] = lo[i] + (s.eids[k] - indptr[i]);
  }
  return { src: s.cols, dst, eid };
}

/**
 * NeighborSampler over an OnDiskDataset's structure (chunked or not): the same blocks as
 * `new NeighborSampler(fanouts)` on the in-memory graph for the same batch seed. Use it with a
 * DataLoader over `dataset.nodesOnlyGraph()` (or `dataset.graph()`), features from stores.
 */
export class OnDiskNeighborSampler implements BlockSampler {
  readonly fanouts: readonly number[];
  readonly replace: boolean;

  constructor(readonly dataset: OnDiskDataset, fanouts: readonly number[], opts: { replace?: boolean } = {}) {
    if (!Array.isArray(fanouts) || fanouts.length === 0) throw new RangeError(`OnDiskNeighborSampler: fanouts must be a non-empty list, got ${JSON.stringify(fanouts)}`);
    fanouts.forEach((f, l) => checkFanout('OnDiskNeighborSampler', f, `fanouts[${l}]`));
    this.fanouts = [...fanouts];
    this.replace = opts.replace ?? false;
  }

  get numLayers(): number { return this.fanouts.length; }

  /** One batch around seeds: [inputNodes, outputNodes, blocks]; g supplies only node counts and edge types. */
  sample(g: Graph, seeds: SeedsLike, opts: SampleOptions = {}): NodeMiniBatch {
    const op = 'OnDiskNeighborSampler.sample';
    const ds = this.dataset;
    const schema = schemaOf(g);
    if (schema.ntypes.join() !== ds.ntypes.join() || schema.numNodes.some((n, t) => n !== ds.numNodes(ds.ntypes[t]))
      || g.canonicalEtypes.map((c) => c.join(':')).join() !== ds.edges.map((e) => e.type).join()) {
      throw new DeepGraphError(`${op}: the graph's node and edge types or counts differ from the dataset's (use dataset.nodesOnlyGraph())`);
    }
    if (opts.excludeEdges !== undefined) throw new DeepGraphError(`${op}: excludeEdges is not supported on disk`);
    const seedIds = idsPerType(op, g, seeds, 'seed node');
    const fanouts = this.fanouts.map((f) => ds.edges.map(() => f));
    const s = sampleLayers(schema, fanouts, seedIds, resolveSeed(op, opts.seed),
      (r, cur, fanout, seed) => sampleNeighborsOnDisk(ds.edges[r], cur, fanout, seed, this.replace));
    const plan: NeighborPlan = { kind: 'neighbor', fanouts, replace: this.replace, prob: null, nodeFeatures: [], labels: [], edgeFeatures: [] };
    return nodeMiniBatch(g, plan, {
      index: 0, ...s, pair: null, negPair: null,
      nodeFeatures: s.inputNodes.map(() => ({})), labels: s.outputNodes.map(() => ({})),
      edgeFeatures: s.blocks.map((b) => b.edges.map(() => ({}))),
    });
  }
}
