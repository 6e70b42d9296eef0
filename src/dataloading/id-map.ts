/**
 * Global -> local relabelling for one node type, in order of first insertion (DGL's IdHashMap).
 * A dense scratch array of numNodes slots replaces the hash map: inserting n ids costs O(n), and
 * clear() resets only the touched slots, so one map serves every batch of a loader without
 * reallocating (a 2M-node type costs 8 MB once, not per batch).
 */
export class IdMap {
  /** slot[v] = local id + 1, 0 when v is absent. */
  private slot: Int32Array;
  private order: Int32Array;
  private count = 0;

  constructor(readonly numNodes: number) {
    this.slot = new Int32Array(numNodes);
    this.order = new Int32Array(16);
  }

  get size(): number { return this.count; }

  /** The local id of v, inserting it at the end when new. */
  insert(v: number): number {
    const s = this.slot[v];
    if (s !== 0) return s - 1;
    if (this.count === this.order.length) {
      const grown = new Int32Array(this.order.length * 2);
      grown.set(this.order);
      this.order = grown;
    }
    this.order[this.count] = v;
    this.slot[v] = ++this.count;
    return this.count - 1;
  }

  /** Room for `more` further ids without growing (so the loops below need no capacity check); never more than numNodes. */
  private reserve(more: number): void {
    const need = Math.min(this.count + more, this.numNodes);
    if (need <= this.order.length) return;
    const grown = new Int32Array(Math.max(need, this.order.length * 2));
    grown.set(this.order.subarray(0, this.count));
    this.order = grown;
  }

  /** Inserts every id of ids. */
  insertAll(ids: Int32Array): void {
    this.insertEach(ids, null);
  }

  /**
   * Inserts every id of ids and, when `local` is given, writes each one's local id there: the
   * relabelling loop of a block's sources (one slot read per id, no per-id capacity check).
   */
  insertEach(ids: Int32Array, local: Int32Array | null): void {
    this.reserve(ids.length);
    const slot = this.slot, order = this.order;
    let count = this.count;
    for (let i = 0; i < ids.length; i++) {
      const v = ids[i];
      let s = slot[v];
      if (s === 0) {
        order[count] = v;
        s = slot[v] = ++count;
      }
      if (local !== null) local[i] = s - 1;
    }
    this.count = count;
  }

  /** The local id of v, or -1. */
  get(v: number): number { return this.slot[v] - 1; }

  /** Local ids of ids (each must be present, else -1 at that position). */
  map(ids: Int32Array): Int32Array {
    const out = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = this.slot[ids[i]] - 1;
    return out;
  }

  /** The inserted ids in insertion order (a copy). */
  ids(): Int32Array { return this.order.slice(0, this.count); }

  clear(): void {
    for (let i = 0; i < this.count; i++) this.slot[this.order[i]] = 0;
    this.count = 0;
  }
}

/**
 * Free IdMaps by node count, reused between calls on one thread. At most `maxSizes` node counts
 * are kept (the oldest is dropped), so calls on many different graphs do not pile up scratch.
 */
export class IdMapPool {
  private readonly maps = new Map<number, IdMap[]>();

  constructor(private readonly maxSizes = 8) {}

  acquire(numNodes: number): IdMap {
    const free = this.maps.get(numNodes);
    return free !== undefined && free.length > 0 ? free.pop()! : new IdMap(numNodes);
  }

  release(m: IdMap): void {
    m.clear();
    const free = this.maps.get(m.numNodes) ?? [];
    free.push(m);
    this.maps.delete(m.numNodes);
    this.maps.set(m.numNodes, free);
    if (this.maps.size > this.maxSizes) this.maps.delete(this.maps.keys().next().value!);
  }
}

/** The pool of this thread (the main thread, or one loader worker). */
export const idMaps = new IdMapPool();
