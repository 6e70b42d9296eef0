/**
 * Learnable node embeddings held in a Redis Cluster (DGL's DistEmbedding, whose rows DGL keeps
 * in its own KV store): row v of table T is the key `{tag_p}name:T:v`, a raw little-endian float32
 * string, where p is v's partition and tag_p a hash tag whose slot the cluster master assigned to
 * partition p serves, so every row of a partition, and the optimizer state beside it, lives on
 * that master. Reads and writes are batched: one MGET / MSET per partition and call (one slot
 * each), the partitions in parallel. Concurrent trainers update rows without locks, as DGL's
 * (Hogwild-style). A master that does not answer becomes a StoreUnavailableError naming it.
 */
import type { Cluster } from 'ioredis';
import { DataFormatError } from '../errors.js';
import { checkEmbeddingShape, initialRows, type NodeEmbeddingOptions } from '../nn/node-embedding.js';
import { lookupIds, rowsForLookup, type EmbeddingLookup, type SparseRowTable } from '../optim/sparse.js';
import type { Tensor } from '../tensor/tensor.js';
import { StoreUnavailableError } from './store.js';

/** Options of DistEmbedding.connect. */
export interface DistEmbeddingOptions extends NodeEmbeddingOptions {
  /** Partition of every row (a partbook's assignment); default row v in partition v mod (number of masters). */
  assignment?: Int32Array;
  /** Time a command may take before it fails, ms (default 5000). */
  timeoutMs?: number;
}

/** One master of the cluster: address and slot ranges. */
interface Master { address: string; ranges: [number, number][] }

/** The cluster's masters ordered by their first slot (CLUSTER SLOTS). */
async function mastersOf(cluster: Cluster): Promise<Master[]> {
  const slots = await cluster.cluster('SLOTS');
  const byAddress = new Map<string, Master>();
  for (const [lo, hi, [host, port]] of slots) {
    const address = `${host}:${port}`;
    const m = byAddress.get(address) ?? { address, ranges: [] };
    m.ranges.push([lo, hi]);
    byAddress.set(address, m);
  }
  const masters = [...byAddress.values()];
  for (const m of masters) m.ranges.sort((a, b) => a[0] - b[0]);
  return masters.sort((a, b) => a.ranges[0][0] - b.ranges[0][0]);
}

/** A node embedding table in a Redis Cluster, updated by SparseAdagrad / SparseAdam (DGL's DistEmbedding). */
export class DistEmbedding implements SparseRowTable {
  private lookups: EmbeddingLookup[] = [];

  private constructor(private readonly cluster: Cluster, readonly name: string, readonly numEmbeddings: number, readonly embeddingDim: number,
    private readonly partOf: (v: number) => number, private readonly tags: string[], private readonly owners: Master[],
    private readonly opts: DistEmbeddingOptions) {}

  /**
   * Connects to the cluster reachable at `nodes` ('host:port' of any of its nodes) and maps every
   * partition to a master (partition p to the p mod M-th master by first slot) and a hash tag it serves.
   */
  static async connect(nodes: readonly string[], name: string, numEmbeddings: number, embeddingDim: number,
    opts: DistEmbeddingOptions = {}): Promise<DistEmbedding> {
    checkEmbeddingShape('DistEmbedding', numEmbeddings, embeddingDim, name);
    const a = opts.assignment;
    if (a !== undefined && a.length !== numEmbeddings) throw new RangeError(`DistEmbedding: the assignment has ${a.length} entries for ${numEmbeddings} rows`);
    const numParts = a === undefined ? 0 : a.reduce((m, p) => Math.max(m, p + 1), 0);
    if (a !== undefined && a.some((p) => !(Number.isInteger(p) && p >= 0))) throw new RangeError('DistEmbedding: assignment entries must be partition ids >= 0');
    const timeoutMs = opts.timeoutMs ?? 5000;
    // Loaded on first use, as RedisStore: `import 'deepgraph'` must not load a Redis client.
    const { Cluster: ClusterClass } = await import('ioredis');
    const startup = nodes.map((n) => { const [host, port] = n.split(':'); return { host, port: Number(port) }; });
    if (startup.length === 0 || startup.some((s) => !s.host || !(s.port > 0))) throw new RangeError(`DistEmbedding: nodes must be 'host:port' strings, got ${JSON.stringify(nodes)}`);
    // No offline queue and no retries: a lost master must surface as an error, not a wait.
    const cluster = new ClusterClass(startup, {
      enableOfflineQueue: false, clusterRetryStrategy: () => null, maxRedirections: 2, retryDelayOnFailover: 50, retryDelayOnClusterDown: 50,
      redisOptions: { connectTimeout: timeoutMs, commandTimeout: timeoutMs, maxRetriesPerRequest: 0 },
    });
    let lastError = '';
    cluster.on('error', (e: Error) => { lastError = e.message; });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms${lastError ? ` (${lastError})` : ''}`)), timeoutMs);
        cluster.once('ready', () => { clearTimeout(timer); resolve(); });
        cluster.once('end', () => { clearTimeout(timer); reject(new Error(lastError || 'connection closed')); });
      });
      const masters = await mastersOf(cluster);
      const parts = Math.max(numParts, masters.length);
      const owners = Array.from({ length: parts }, (_, p) => masters[p % masters.length]);
      const tags: string[] = [];
      for (let p = 0; p < parts; p++) {
        // The cluster computes the slot of a candidate tag itself (CLUSTER KEYSLOT): no CRC16 here.
        for (let k = 0; tags.length === p; k++) {
          const tag = `p${p}.${k}`, slot = Number(await cluster.cluster('KEYSLOT', tag));
          if (owners[p].ranges.some(([lo, hi]) => slot >= lo && slot <= hi)) tags.push(tag);
        }
      }
      const partOf = a === undefined ? (v: number) => v % masters.length : (v: number) => a[v];
      return new DistEmbedding(cluster, name, numEmbeddings, embeddingDim, partOf, tags, owners, opts);
    } catch (e) {
      cluster.disconnect();
      throw new StoreUnavailableError(`Redis Cluster at ${nodes.join(', ')}`, (e as Error).message);
    }
  }

  /** Rows `ids` as a leaf tensor [ids.length, embeddingDim] whose gradient the next optimizer step applies. */
  async lookup(ids: Tensor | Int32Array): Promise<Tensor> {
    const idx = lookupIds('DistEmbedding.lookup', ids, this.numEmbeddings);
    return rowsForLookup(this.lookups, idx, await this.pullRows('weight', this.embeddingDim, idx), this.embeddingDim);
  }

  private key(table: string, v: number): string {
    return `{${this.tags[this.partOf(v)]}}${this.name}:${table}:${v}`;
  }

  /** Positions of ids grouped by partition. */
  private byPart(ids: Int32Array): Map<number, number[]> {
    const groups = new Map<number, number[]>();
    ids.forEach((v, i) => {
      const p = this.partOf(v);
      const g = groups.get(p);
      if (g === undefined) groups.set(p, [i]); else g.push(i);
    });
    return groups;
  }

  /** Runs a command for partition p's rows, naming p's master when it fails. */
  private async onMaster<T>(p: number, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (e) {
      throw new StoreUnavailableError(`Redis Cluster master ${this.owners[p].address} (partition ${p}'s rows of '${this.name}')`, (e as Error).message);
    }
  }

  async pullRows(table: string, width: number, ids: Int32Array): Promise<Float32Array> {
    const out = new Float32Array(ids.length * width), bytes = width * 4;
    await Promise.all([...this.byPart(ids)].map(async ([p, pos]) => {
      const keys = pos.map((i) => this.key(table, ids[i]));
      const values = await this.onMaster(p, () => this.cluster.mgetBuffer(...keys));
      const missing: number[] = [];
      values.forEach((buf, k) => {
        if (buf === null) { missing.push(pos[k]); return; }
        if (buf.byteLength !== bytes) throw new DataFormatError(`DistEmbedding '${this.name}': key ${keys[k]} holds ${buf.byteLength} bytes, expected ${bytes} (${width} float32)`);
        out.set(new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + bytes)), pos[k] * width);
      });
      if (missing.length > 0 && table === 'weight') {
        const init = initialRows('DistEmbedding', this.opts, Int32Array.from(missing, (i) => ids[i]), width);
        missing.forEach((i, k) => out.set(init.subarray(k * width, (k + 1) * width), i * width));
      }
    }));
    return out;
  }

  async pushRows(table: string, width: number, ids: Int32Array, rows: Float32Array): Promise<void> {
    if (rows.length !== ids.length * width) throw new RangeError(`DistEmbedding.pushRows: ${rows.length} floats for ${ids.length} rows of ${width}`);
    await Promise.all([...this.byPart(ids)].map(([p, pos]) => {
      const args: (string | Buffer)[] = [];
      for (const i of pos) args.push(this.key(table, ids[i]), Buffer.from(rows.buffer, rows.byteOffset + i * width * 4, width * 4));
      return this.onMaster(p, () => this.cluster.mset(...args));
    }));
  }

  takeLookups(): EmbeddingLookup[] {
    const out = this.lookups;
    this.lookups = [];
    return out;
  }

  /** The master holding partition `p`'s rows ('host:port'). */
  masterOf(p: number): string {
    return this.owners[p].address;
  }

  /** Closes the connections. */
  async close(): Promise<void> {
    this.cluster.disconnect();
  }
}
