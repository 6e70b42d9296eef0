/**
 * What one partition answers for the others (DistDGL's sampling and KV-store requests): the
 * sampled in-neighbours of its inner nodes and the feature rows of its inner nodes, both in global
 * ids. `LocalPartitionService` answers from a part in memory; `GrpcPartitionClient`
 * (partition-grpc.ts) asks another process over gRPC with the same interface.
 */
import { EID } from '../graph/ids.js';
import { floyd, ItemStream } from '../kernels/js/sampling.js';
import type { LoadedPartition } from '../storage/partition/read.js';

/** Rows of one feature: `data` holds ids.length rows of `rowShape` each. */
export interface GatheredRows {
  data: Float32Array | Float64Array | Int32Array | Uint8Array;
  rowShape: number[];
}

/**
 * Sampled in-neighbours of some seeds: seed i's neighbours are src[offsets[i] .. offsets[i+1]),
 * global ids, reached through the global edges eids[offsets[i] .. offsets[i+1]).
 */
export interface SampledNeighbors {
  src: Int32Array;
  offsets: Int32Array;
  eids: Int32Array;
}

/** The two requests a partition serves (DGL: the sampler RPC and the KV store pull). */
export interface PartitionService {
  /** The part this service answers for. */
  readonly part: number;
  /**
   * Up to `fanout` in-neighbours of every seed (all of them for fanout -1), without replacement;
   * every seed must be an inner node of the part. Seed i draws from the sampling kernel's random
   * stream `streams[i]` under `rngSeed` (default: its position i), the stream the kernel gives the
   * seed at that position of a layer, so a client that sends each seed's position in its whole
   * layer gets exactly NeighborSampler's picks on the unpartitioned graph.
   */
  sampleNeighbors(seeds: Int32Array, fanout: number, rngSeed: number, streams?: Int32Array): Promise<SampledNeighbors>;
  /** The rows of node feature `feature` for `ids` (inner nodes of the part). */
  gatherRows(feature: string, ids: Int32Array): Promise<GatheredRows>;
  /** Releases connections (no-op in-process). */
  close(): Promise<void>;
}

/** mulberry32: a small seeded generator (the partition trainer's seeded shuffles). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function lowerBound(a: Int32Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; }
  return lo;
}

/** A partition's service answered from the part in memory (the co-located, in-process path). */
export class LocalPartitionService implements PartitionService {
  readonly part: number;
  private readonly indptr: Int32Array;
  private readonly indices: Int32Array;
  /** Global edge id per CSC position. */
  private readonly globalEids: Int32Array;

  constructor(private readonly p: LoadedPartition) {
    this.part = p.part;
    const csc = p.graph.sparse().csc();
    this.indptr = csc.indptr;
    this.indices = csc.indices;
    const eid = p.graph.edata.get(EID).data as Int32Array;
    this.globalEids = csc.eids === null ? eid : Int32Array.from(csc.eids, (e) => eid[e]);
  }

  /** Local id of inner node `g`, or a RangeError naming the id and the part. */
  private innerLocal(g: number, op: string): number {
    const a = lowerBound(this.p.inner, g);
    if (!(Number.isInteger(g) && a < this.p.inner.length && this.p.inner[a] === g)) {
      throw new RangeError(`${op}: node ${g} is not an inner node of part ${this.part}`);
    }
    return a;
  }

  sampleNeighbors(seeds: Int32Array, fanout: number, rngSeed: number, streams?: Int32Array): Promise<SampledNeighbors> {
    return Promise.resolve(this.sampleNow(seeds, fanout, rngSeed, streams));
  }

  /**
   * sampleNeighbors without the promise (the gRPC server and the in-process client share it).
   * The part's CSC keeps each inner node's in-edges in the whole graph's CSC order, so the
   * kernel's unweighted draw (Floyd's algorithm on stream streams[i]) picks the same edges here.
   */
  sampleNow(seeds: Int32Array, fanout: number, rngSeed: number, streams?: Int32Array): SampledNeighbors {
    if (!(Number.isInteger(fanout) && fanout >= -1)) throw new RangeError(`sampleNeighbors: fanout must be an integer >= -1, got ${fanout}`);
    if (!(Number.isInteger(rngSeed) && rngSeed >= 0 && rngSeed <= 0xffffffff)) throw new RangeError(`sampleNeighbors: rngSeed must be an integer in [0, 2^32), got ${rngSeed}`);
    if (streams !== undefined && streams.length !== seeds.length) throw new RangeError(`sampleNeighbors: ${streams.length} streams for ${seeds.length} seeds`);
    const rng = new ItemStream();
    const offsets = new Int32Array(seeds.length + 1);
    let cap = 0;
    const rows = Int32Array.from(seeds, (g) => {
      const v = this.innerLocal(g, 'sampleNeighbors'), deg = this.indptr[v + 1] - this.indptr[v];
      cap += fanout === -1 ? deg : Math.min(fanout, deg);
      return v;
    });
    const src = new Int32Array(cap), eids = new Int32Array(cap);
    const picked = new Int32Array(Math.max(fanout, 0));
    const l2g = this.p.localToGlobal;
    let out = 0;
    for (let i = 0; i < rows.length; i++) {
      const lo = this.indptr[rows[i]], deg = this.indptr[rows[i] + 1] - lo;
      if (fanout === -1 || deg <= fanout) {
        for (let q = lo; q < lo + deg; q++) { src[out] = l2g[this.indices[q]]; eids[out++] = this.globalEids[q]; }
      } else {
        floyd(rng.reset(rngSeed, streams === undefined ? i : streams[i]), deg, fanout, picked);
        for (let j = 0; j < fanout; j++) { src[out] = l2g[this.indices[lo + picked[j]]]; eids[out++] = this.globalEids[lo + picked[j]]; }
      }
      offsets[i + 1] = out;
    }
    return { src, offsets, eids };
  }

  gatherRows(feature: string, ids: Int32Array): Promise<GatheredRows> {
    return Promise.resolve(this.gatherNow(feature, ids));
  }

  /** gatherRows without the promise. */
  gatherNow(feature: string, ids: Int32Array): GatheredRows {
    const f = this.p.features[feature];
    if (f === undefined) throw new RangeError(`gatherRows: part ${this.part} has no node feature '${feature}' (it has ${Object.keys(this.p.features).join(', ') || 'none'})`);
    const rowShape = f.shape.slice(1);
    const width = rowShape.reduce((a, b) => a * b, 1);
    const src = f.data as GatheredRows['data'];
    const Ctor = src.constructor as new (n: number) => GatheredRows['data'];
    const data = new Ctor(ids.length * width);
    for (let i = 0; i < ids.length; i++) {
      const r = this.innerLocal(ids[i], 'gatherRows');
      data.set(src.subarray(r * width, (r + 1) * width), i * width);
    }
    return { data, rowShape };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
