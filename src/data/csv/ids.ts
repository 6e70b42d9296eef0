/**
 * Node ids as DGL's CSVDataset numbers them: per graph and node type, the distinct ids in sorted
 * order become 0..N-1 (so ids that already are 0..N-1 keep their values, in any row order, and
 * other integer or string ids get contiguous ids with the mapping kept).
 */

/** Original id -> contiguous id of one node type in one graph. */
export interface IdMap {
  readonly size: number;
  /** The contiguous id of an id cell's text, or -1 when the id is unknown. */
  lookup(cell: string): number;
  /** The original id of each contiguous id (null when they are equal: ids were 0..N-1). */
  readonly originals: Float64Array | string[] | null;
}

const INT_TEXT = /^\s*[-+]?\d+\s*$/;

class IdentityMap implements IdMap {
  readonly originals = null;
  constructor(readonly size: number) {}
  lookup(cell: string): number {
    if (!INT_TEXT.test(cell)) return -1;
    const v = Number(cell);
    return v >= 0 && v < this.size ? v : -1;
  }
}

class NumberMap implements IdMap {
  private readonly index = new Map<number, number>();
  constructor(readonly originals: Float64Array) { originals.forEach((v, i) => this.index.set(v, i)); }
  get size(): number { return this.originals.length; }
  lookup(cell: string): number { return INT_TEXT.test(cell) ? this.index.get(Number(cell)) ?? -1 : -1; }
}

class StringMap implements IdMap {
  private readonly index = new Map<string, number>();
  constructor(readonly originals: string[]) { originals.forEach((v, i) => this.index.set(v, i)); }
  get size(): number { return this.originals.length; }
  lookup(cell: string): number { return this.index.get(cell.trim()) ?? -1; }
}

/** The canonical text of an integer or string id cell ("007" and "7" are the same integer id). */
export function idKey(cell: string): string {
  return INT_TEXT.test(cell) ? String(Number(cell)) : cell.trim();
}

export interface NumberedIds {
  /** One map per graph. */
  maps: IdMap[];
  /** The contiguous id of each row within its graph. */
  newIds: Int32Array;
}

/**
 * Numbers the ids of one node file. `graphOf[row]` is the row's graph (0..numGraphs-1);
 * `duplicate(row)` builds the error for a row whose id repeats an earlier one in its graph.
 */
export function numberIds(ids: Int32Array | Float64Array | string[], graphOf: Int32Array, numGraphs: number,
  duplicate: (row: number) => Error): NumberedIds {
  const n = ids.length;
  const counts = new Int32Array(numGraphs + 1);
  for (let r = 0; r < n; r++) counts[graphOf[r] + 1]++;
  for (let g = 0; g < numGraphs; g++) counts[g + 1] += counts[g];
  const rows = new Int32Array(n), fill = counts.slice(0, numGraphs);
  for (let r = 0; r < n; r++) rows[fill[graphOf[r]]++] = r;
  const newIds = new Int32Array(n), maps: IdMap[] = [];
  for (let g = 0; g < numGraphs; g++) {
    const group = rows.subarray(counts[g], counts[g + 1]);
    maps.push(typeof ids[0] === 'string' || Array.isArray(ids)
      ? numberStrings(ids as string[], group, newIds, duplicate)
      : numberNumbers(ids as Int32Array | Float64Array, group, newIds, duplicate));
  }
  return { maps, newIds };
}

function numberNumbers(ids: Int32Array | Float64Array, group: Int32Array, newIds: Int32Array, duplicate: (row: number) => Error): IdMap {
  const m = group.length;
  // The common case costs one pass: every id in 0..m-1 exactly once.
  const seen = new Uint8Array(m);
  let identity = true;
  for (const r of group) {
    const v = ids[r];
    if (v >= 0 && v < m) {
      if (seen[v] === 1) throw duplicate(r);
      seen[v] = 1;
    } else { identity = false; break; }
  }
  if (identity) {
    for (const r of group) newIds[r] = ids[r];
    return new IdentityMap(m);
  }
  const order = Int32Array.from(group).sort((a, b) => ids[a] - ids[b]);
  const originals = new Float64Array(m);
  order.forEach((r, i) => {
    if (i > 0 && ids[r] === ids[order[i - 1]]) throw duplicate(Math.max(r, order[i - 1]));
    originals[i] = ids[r];
    newIds[r] = i;
  });
  return new NumberMap(originals);
}

function numberStrings(ids: string[], group: Int32Array, newIds: Int32Array, duplicate: (row: number) => Error): IdMap {
  const order = Array.from(group).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : a - b));
  const originals: string[] = [];
  order.forEach((r, i) => {
    if (i > 0 && ids[r] === ids[order[i - 1]]) throw duplicate(Math.max(r, order[i - 1]));
    originals.push(ids[r]);
    newIds[r] = i;
  });
  return new StringMap(originals);
}
