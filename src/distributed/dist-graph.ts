/**
 * The client side of a partitioned graph (DGL's DistGraph / DistTensor): node ids are global,
 * every request goes to the part that owns the node (partbook's assignment), the caller's own
 * part in-process and the others through their PartitionService (gRPC between processes).
 * `sampleBlocks` builds the blocks NeighborSampler builds on the unpartitioned graph under the
 * same seed (each owner draws with the kernel's random stream of the seed's position), with 'feat'
 * on blocks[0].srcdata and 'label' on the last block's dstdata, so the minibatch training step
 * runs on it unchanged.
 */
import { join } from 'node:path';
import { readNpy } from '../data/npy.js';
import { DataFormatError } from '../errors.js';
import type { Graph } from '../graph/graph.js';
import { blockFromSpec, type BlockSchema } from '../dataloading/block.js';
import { LAYER_SALT } from '../dataloading/plan.js';
import { sampledBlockSpec } from '../dataloading/sampled-block.js';
import { hashUint32 } from '../kernels/js/rng.js';
import { Tensor } from '../tensor/tensor.js';
import type { NodeMiniBatch } from '../dataloading/materialize.js';
import type { Partbook } from '../storage/partition/partbook.js';
import type { GatheredRows, PartitionService, SampledNeighbors } from './partition-service.js';

/** Traffic of a DistGraph since construction (or the last resetStats). */
export interface DistGraphStats {
  /** Requests sent to other parts' services. */
  remoteRequests: number;
  /** Payload bytes of ids sent to and ids/rows received from other parts. */
  remoteBytes: number;
  /** Wall time spent waiting for other parts' gatherRows answers, ms. */
  remoteGatherMs: number;
  /** Wall time spent waiting for other parts' sampleNeighbors answers, ms. */
  remoteSampleMs: number;
}

/** Reads the partbook's node-to-part assignment (int32 [numNodes], every entry a part id). */
export function readAssignment(dir: string, book: Partbook): Int32Array {
  const file = join(dir, book.assignmentFile);
  const { data } = readNpy(file);
  if (!(data instanceof Int32Array) || data.length !== book.numNodes) throw new DataFormatError(`${file}: expected ${book.numNodes} int32 part ids`);
  for (let i = 0; i < data.length; i++) if (!(data[i] >= 0 && data[i] < book.numParts)) throw new DataFormatError(`${file}: entry ${i} is ${data[i]}, outside [0, ${book.numParts})`);
  return data;
}

/** Ids without repeats, first occurrences in order (NeighborSampler's output nodes). */
function uniqueIds(ids: Int32Array): Int32Array {
  const seen = new Set<number>();
  return Int32Array.from(Array.from(ids).filter((v) => !seen.has(v) && seen.add(v) !== undefined));
}

/** A graph split over PartitionServices, addressed by global node ids (DGL's DistGraph). */
export class DistGraph {
  /** Traffic to the other parts (resetStats zeroes it). */
  readonly stats: DistGraphStats = { remoteRequests: 0, remoteBytes: 0, remoteGatherMs: 0, remoteSampleMs: 0 };

  /**
   * @param assignment owner part of every node (readAssignment)
   * @param services one per part, index = part id; `localPart` is the caller's own (not counted as remote)
   */
  constructor(readonly book: Partbook, readonly assignment: Int32Array, readonly services: readonly PartitionService[], readonly localPart: number) {
    if (services.length !== book.numParts) throw new RangeError(`DistGraph: ${services.length} services for ${book.numParts} parts`);
    services.forEach((s, i) => { if (s.part !== i) throw new RangeError(`DistGraph: services[${i}] answers for part ${s.part}`); });
  }

  /** Node count of the whole graph. */
  numNodes(): number {
    return this.book.numNodes;
  }

  /** Groups positions of `ids` by owner part (throws on ids outside the graph). */
  private byOwner(ids: Int32Array, op: string): Int32Array[] {
    const lists: number[][] = Array.from({ length: this.book.numParts }, () => []);
    for (let i = 0; i < ids.length; i++) {
      const v = ids[i];
      if (!(Number.isInteger(v) && v >= 0 && v < this.book.numNodes)) throw new RangeError(`${op}: node id ${v} is outside [0, ${this.book.numNodes})`);
      lists[this.assignment[v]].push(i);
    }
    return lists.map((l) => Int32Array.from(l));
  }

  private async timed<T>(part: number, key: 'remoteGatherMs' | 'remoteSampleMs', sent: number, call: () => Promise<T>, received: (r: T) => number): Promise<T> {
    if (part === this.localPart) return call();
    const t0 = performance.now();
    const r = await call();
    this.stats[key] += performance.now() - t0;
    this.stats.remoteRequests++;
    this.stats.remoteBytes += sent + received(r);
    return r;
  }

  /**
   * Sampled in-neighbours of `seeds` (global ids), each asked of its owner with its position in
   * `seeds` as its random stream: the same picks as the sampling kernel on the unpartitioned
   * graph with kernel seed `rngSeed` (dg.sampleNeighbors(g, seeds, fanout, { seed })).
   */
  async sampleNeighbors(seeds: Int32Array, fanout: number, rngSeed: number): Promise<SampledNeighbors> {
    const groups = this.byOwner(seeds, 'sampleNeighbors');
    const answers = await Promise.all(groups.map((pos, part) => (pos.length === 0 ? null
      : this.timed(part, 'remoteSampleMs', pos.length * 8, () => this.services[part].sampleNeighbors(Int32Array.from(pos, (i) => seeds[i]), fanout, rngSeed, pos),
        (r) => (2 * r.src.length + r.offsets.length) * 4))));
    const counts = new Int32Array(seeds.length);
    answers.forEach((a, part) => { if (a) groups[part].forEach((i, k) => { counts[i] = a.offsets[k + 1] - a.offsets[k]; }); });
    const offsets = new Int32Array(seeds.length + 1);
    for (let i = 0; i < seeds.length; i++) offsets[i + 1] = offsets[i] + counts[i];
    const src = new Int32Array(offsets[seeds.length]), eids = new Int32Array(src.length);
    answers.forEach((a, part) => {
      if (a) groups[part].forEach((i, k) => {
        src.set(a.src.subarray(a.offsets[k], a.offsets[k + 1]), offsets[i]);
        eids.set(a.eids.subarray(a.offsets[k], a.offsets[k + 1]), offsets[i]);
      });
    });
    return { src, offsets, eids };
  }

  /** Rows of node feature `feature` for global `ids`, in the order of ids (DGL's DistTensor indexing). */
  async gatherRows(feature: string, ids: Int32Array): Promise<Tensor> {
    const f = this.book.nodeFeatures[feature];
    if (f === undefined) throw new RangeError(`gatherRows: the partition has no node feature '${feature}' (it has ${Object.keys(this.book.nodeFeatures).join(', ') || 'none'})`);
    const width = f.rowShape.reduce((a, b) => a * b, 1);
    const groups = this.byOwner(ids, 'gatherRows');
    const answers = await Promise.all(groups.map((pos, part) => (pos.length === 0 ? null
      : this.timed(part, 'remoteGatherMs', pos.length * 4, () => this.services[part].gatherRows(feature, Int32Array.from(pos, (i) => ids[i])), (r: GatheredRows) => r.data.byteLength))));
    const Ctor = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint8: Uint8Array }[f.dtype];
    const data = new Ctor(ids.length * width);
    answers.forEach((a, part) => {
      if (a === null) return;
      if (a.data.length !== groups[part].length * width) throw new DataFormatError(`gatherRows: part ${part} answered ${a.data.length} values for ${groups[part].length} rows of width ${width}`);
      groups[part].forEach((i, k) => data.set(a.data.subarray(k * width, (k + 1) * width), i * width));
    });
    return new Tensor(data, [ids.length, ...f.rowShape], f.dtype === 'uint8' ? 'bool' : f.dtype);
  }

  /**
   * Blocks for `seeds` with one fanout per layer (input layer first), sampled output layer first
   * as NeighborSampler does; returns [inputNodes, seeds, blocks] with NID on every block side and
   * EID on the edges. Under the same `batchSeed` the blocks equal
   * `new NeighborSampler(fanouts).sample(g, seeds, { seed: batchSeed })` on the unpartitioned g:
   * the same layer seeds, random streams, relabelling and repeat removal.
   */
  async sampleBlocks(seeds: Int32Array, fanouts: readonly number[], batchSeed: number, opts: { feature?: string; label?: string } = {}): Promise<NodeMiniBatch> {
    if (!(Number.isInteger(batchSeed) && batchSeed >= 0 && batchSeed <= 0xffffffff)) throw new RangeError(`sampleBlocks: batchSeed must be an integer in [0, 2^32), got ${batchSeed}`);
    this.byOwner(seeds, 'sampleBlocks');
    const schema: BlockSchema = { ntypes: ['_N'], numNodes: [this.book.numNodes], relations: [{ srcType: 0, etype: '_E', dstType: 0 }] };
    const output = uniqueIds(seeds);
    const blocks: Graph[] = new Array<Graph>(fanouts.length);
    let cur = output;
    for (let l = fanouts.length - 1; l >= 0; l--) {
      const { src, offsets, eids } = await this.sampleNeighbors(cur, fanouts[l], hashUint32(batchSeed, l, LAYER_SALT));
      const dst = new Int32Array(src.length);
      for (let i = 0; i < cur.length; i++) dst.fill(cur[i], offsets[i], offsets[i + 1]);
      const spec = sampledBlockSpec(schema, [cur], [{ src, dst, eid: eids }], 'DistGraph.sampleBlocks');
      blocks[l] = blockFromSpec(schema, spec);
      cur = spec.srcNodes[0];
    }
    const feature = opts.feature ?? 'feat', label = opts.label ?? 'label';
    const [x, y] = await Promise.all([this.gatherRows(feature, cur), this.gatherRows(label, output)]);
    blocks[0].srcdata.set(feature, x);
    blocks[blocks.length - 1].dstdata.set(label, y);
    return [new Tensor(cur, [cur.length], 'int32'), new Tensor(output, [output.length], 'int32'), blocks];
  }

  /** Zeroes the traffic counters. */
  resetStats(): void {
    Object.assign(this.stats, { remoteRequests: 0, remoteBytes: 0, remoteGatherMs: 0, remoteSampleMs: 0 });
  }

  /** Closes every service's connection. */
  async close(): Promise<void> {
    await Promise.all(this.services.map((s) => s.close()));
  }
}
