/**
 * A row cache with a byte budget in front of a (slower) feature store: SIEVE (Zhang et al., NSDI
 * 2024: a hand sweeps from the oldest entry, sparing and clearing visited ones) or LRU eviction,
 * with hit and miss counts (GraphBolt's CPUCachedFeature).
 */
import type { IdsLike } from '../graph/ids.js';
import type { Tensor } from '../tensor/tensor.js';
import { allocateStorage, DTYPE_BYTES, type StorageArray, type StorageDType } from './chunked.js';
import { type FeatureStore, readTensor, rowLengthOf } from './feature.js';

/** Eviction policy of a `CachedFeature`. */
export type CachePolicy = 'sieve' | 'lru';

/** Options of `CachedFeature`. */
export interface CachedFeatureOptions {
  /** Bytes of rows the cache may hold (rounded down to whole rows). */
  budgetBytes: number;
  /** Default 'sieve'. */
  policy?: CachePolicy;
}

/** Hit statistics of a cache since creation (or the last resetStats). */
export interface CacheStats {
  hits: number;
  misses: number;
  /** hits / (hits + misses); NaN before the first read. */
  hitRate: number;
  /** Rows held now, and at most. */
  rows: number;
  capacity: number;
}

const NONE = -1;

/** Rows of `store` cached in memory up to `budgetBytes`; reads go to the store only for missing rows. */
export class CachedFeature implements FeatureStore {
  readonly numRows: number;
  readonly rowShape: readonly number[];
  readonly dtype: StorageDType;
  readonly policy: CachePolicy;
  /** Rows the budget holds. */
  readonly capacity: number;
  private readonly rowLength: number;
  private readonly rows: StorageArray;
  private readonly slotOf = new Map<number, number>();
  private readonly idOf: Int32Array;
  // A doubly linked list of slots, head = newest; SIEVE's hand walks from the tail toward the head.
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private readonly visited: Uint8Array;
  private head = NONE;
  private tail = NONE;
  private hand = NONE;
  private used = 0;
  private hits = 0;
  private misses = 0;

  constructor(readonly store: FeatureStore, opts: CachedFeatureOptions) {
    const budget = opts.budgetBytes;
    if (!(Number.isSafeInteger(budget) && budget >= 0)) throw new RangeError(`CachedFeature: budgetBytes must be a non-negative integer, got ${budget}`);
    const policy = opts.policy ?? 'sieve';
    if (policy !== 'sieve' && policy !== 'lru') throw new RangeError(`CachedFeature: policy must be 'sieve' or 'lru', got '${String(policy)}'`);
    this.policy = policy;
    this.numRows = store.numRows;
    this.rowShape = store.rowShape;
    this.dtype = store.dtype;
    this.rowLength = rowLengthOf(store.rowShape);
    const rowBytes = Math.max(1, this.rowLength * DTYPE_BYTES[store.dtype]);
    this.capacity = Math.min(store.numRows, Math.floor(budget / rowBytes));
    this.rows = allocateStorage(store.dtype, this.capacity * this.rowLength);
    this.idOf = new Int32Array(this.capacity);
    this.prev = new Int32Array(this.capacity);
    this.next = new Int32Array(this.capacity);
    this.visited = new Uint8Array(this.capacity);
  }

  /** Hits, misses, hit rate and occupancy. */
  stats(): CacheStats {
    const total = this.hits + this.misses;
    return { hits: this.hits, misses: this.misses, hitRate: total === 0 ? NaN : this.hits / total, rows: this.used, capacity: this.capacity };
  }

  /** Zeroes the hit and miss counts (the cached rows stay). */
  resetStats(): void { this.hits = 0; this.misses = 0; }

  /** Rows by id as a tensor. */
  read(ids?: IdsLike | ArrayLike<number>): Tensor { return readTensor(this, ids, 'CachedFeature.read'); }

  /** Rows by id into out: hits from memory, the misses in one sorted read of the store, then cached. */
  readRows(ids: Int32Array, out: StorageArray): void {
    const k = this.rowLength, dst = out as Float32Array, cache = this.rows as Float32Array;
    const missAt: number[] = [];
    const missIds = new Map<number, number>();
    for (let i = 0; i < ids.length; i++) {
      const slot = this.slotOf.get(ids[i]);
      if (slot !== undefined) {
        this.hits++;
        this.touch(slot);
        dst.set(cache.subarray(slot * k, slot * k + k), i * k);
      } else {
        this.misses++;
        missAt.push(i);
        if (!missIds.has(ids[i])) missIds.set(ids[i], missIds.size);
      }
    }
    if (missAt.length === 0) return;
    const unique = Int32Array.from(missIds.keys());
    const fetched = allocateStorage(this.dtype, unique.length * k) as Float32Array;
    this.store.readRows(unique, fetched);
    for (const i of missAt) {
      const j = missIds.get(ids[i])!;
      dst.set(fetched.subarray(j * k, j * k + k), i * k);
    }
    if (this.capacity === 0) return;
    for (let j = 0; j < unique.length; j++) {
      const slot = this.insert(unique[j]);
      cache.set(fetched.subarray(j * k, j * k + k), slot * k);
    }
  }

  private touch(slot: number): void {
    if (this.policy === 'sieve') { this.visited[slot] = 1; return; }
    if (slot === this.head) return;
    this.unlink(slot);
    this.pushHead(slot);
  }

  private unlink(s: number): void {
    const p = this.prev[s], n = this.next[s];
    if (p !== NONE) this.next[p] = n; else this.head = n;
    if (n !== NONE) this.prev[n] = p; else this.tail = p;
  }

  private pushHead(s: number): void {
    this.prev[s] = NONE;
    this.next[s] = this.head;
    if (this.head !== NONE) this.prev[this.head] = s;
    this.head = s;
    if (this.tail === NONE) this.tail = s;
  }

  /** A slot for id (evicting one when full), linked as the newest entry. */
  private insert(id: number): number {
    let slot: number;
    if (this.used < this.capacity) {
      slot = this.used++;
    } else {
      slot = this.policy === 'lru' ? this.tail : this.sieveVictim();
      if (this.policy === 'sieve') this.hand = this.prev[slot];
      this.unlink(slot);
      this.slotOf.delete(this.idOf[slot]);
    }
    this.idOf[slot] = id;
    this.visited[slot] = 0;
    this.slotOf.set(id, slot);
    this.pushHead(slot);
    return slot;
  }

  private sieveVictim(): number {
    let h = this.hand === NONE ? this.tail : this.hand;
    while (this.visited[h] === 1) {
      this.visited[h] = 0;
      h = this.prev[h] === NONE ? this.tail : this.prev[h];
    }
    return h;
  }
}
