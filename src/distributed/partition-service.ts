/**
 * What one partition answers for the others (DistDGL's sampling and KV-store requests): the
 * sampled in-neighbours of its inner nodes and the feature rows of its inner nodes, both in global
 * ids. `LocalPartitionService` answers from a part in memory; `GrpcPartitionClient`
 * (partition-grpc.ts) asks another process over gRPC with the same interface.
 */
import type { LoadedPartition } from '../storage/partition/read.js';

/** Rows of one feature: `data` holds ids.length rows of `rowShape` each. */
export interface GatheredRows {
  data: Float32Array | Float64Array | Int32Array | Uint8Array;
  rowShape: number[];
}

/** Sampled in-neighbours of some seeds: seed i's neighbours are src[offsets[i] .. offsets[i+1]), global ids. */
export interface SampledNeighbors {
  src: Int32Array;
  offsets: Int32Array;
}

/** The two requests a partition serves (DGL: the sampler RPC and the KV store pull). */
export interface PartitionService {
  /** The part this service answers for. */
  readonly part: number;
  /**
   * Up to `fanout` in-neighbours of every seed (all of them for fanout -1), without replacement,
   * drawn from a generator seeded with `rngSeed`; every seed must be an inner node of the part.
   */
  sampleNeighbors(seeds: Int32Array, fanout: number, rngSeed: number): Promise<SampledNeighbors>;
  /** The rows of node feature `feature` for `ids` (inner nodes of the part). */
  gatherRows(feature: string, ids: Int32Array): Promise<GatheredRows>;
  /** Releases connections (no-op in-process). */
  close(): Promise<void>;
}

/** mulberry32: a small seeded generator, so that a (seeds, fanout, rngSeed) request has one answer wherever it runs. */
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

  constructor(private readonly p: LoadedPartition) {
    this.part = p.part;
    const csc = p.graph.sparse().csc();
    this.indptr = csc.indptr;
    this.indices = csc.indices;
  }

  /** Local id of inner node `g`, or a RangeError naming the id and the part. */
  private innerLocal(g: number, op: string): number {
    const a = lowerBound(this.p.inner, g);
    if (!(Number.isInteger(g) && a < this.p.inner.length && this.p.inner[a] === g)) {
      throw new RangeError(`${op}: node ${g} is not an inner node of part ${this.part}`);
    }
    return a;
  }

  sampleNeighbors(seeds: Int32Array, fanout: number, rngSeed: number): Promise<SampledNeighbors> {
    return Promise.resolve(this.sampleNow(seeds, fanout, rngSeed));
  }

  /** sampleNeighbors without the promise (the gRPC server and the in-process client share it). */
  sampleNow(seeds: Int32Array, fanout: number, rngSeed: number): SampledNeighbors {
    if (!(Number.isInteger(fanout) && fanout >= -1)) throw new RangeError(`sampleNeighbors: fanout must be an integer >= -1, got ${fanout}`);
    const rand = seededRandom(rngSeed);
    const offsets = new Int32Array(seeds.length + 1);
    const out: number[] = [];
    const l2g = this.p.localToGlobal;
    for (let i = 0; i < seeds.length; i++) {
      const v = this.innerLocal(seeds[i], 'sampleNeighbors');
      const lo = this.indptr[v], deg = this.indptr[v + 1] - lo;
      if (fanout === -1 || deg <= fanout) {
        for (let q = lo; q < lo + deg; q++) out.push(l2g[this.indices[q]]);
      } else {
        // Floyd's algorithm: fanout distinct positions out of deg, order of drawing kept.
        const picked = new Set<number>();
        for (let j = deg - fanout; j < deg; j++) {
          const t = Math.floor(rand() * (j + 1));
          const pos = picked.has(t) ? j : t;
          picked.add(pos);
          out.push(l2g[this.indices[lo + pos]]);
        }
      }
      offsets[i + 1] = out.length;
    }
    return { src: Int32Array.from(out), offsets };
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
