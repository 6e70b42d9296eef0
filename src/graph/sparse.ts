import { checkIndexRange, ShapeError } from '../errors.js';
import { markReadOnly } from '../kernels/read-only.js';

/** Compressed rows: row r owns positions [indptr[r], indptr[r+1]); eids[p] is the edge id at position p. */
export interface Compressed {
  indptr: Int32Array;
  indices: Int32Array;
  /** Edge id per position; null when position p is edge p. */
  eids: Int32Array | null;
}

export interface Coo {
  src: Int32Array;
  dst: Int32Array;
}

/**
 * The structure of one relation: edges from numSrc source nodes to numDst destination nodes.
 * Edge ids are the COO order. COO, CSR (out-edges by source) and CSC (in-edges by destination)
 * are built on first use and cached. Immutable.
 */
export class SparseAdj {
  readonly numSrc: number;
  readonly numDst: number;
  readonly numEdges: number;
  private cooCache: Coo | null = null;
  private csrCache: Compressed | null = null;
  private cscCache: Compressed | null = null;
  private inDegCache: Int32Array | null = null;
  private outDegCache: Int32Array | null = null;
  /**
   * The reverse, once made (and its reverse is this): a format built on either side then serves
   * both, so a backward pass that aggregates on the reversed graph builds its CSC once, not per step.
   */
  private partner: SparseAdj | null = null;

  private constructor(numSrc: number, numDst: number, numEdges: number) {
    for (const [name, v] of [['numSrc', numSrc], ['numDst', numDst], ['numEdges', numEdges]] as const) {
      if (!Number.isInteger(v) || v < 0 || v > 2 ** 31 - 1) throw new RangeError(`SparseAdj: ${name} must be an integer in [0, 2^31 - 1], got ${v}`);
    }
    this.numSrc = numSrc;
    this.numDst = numDst;
    this.numEdges = numEdges;
  }

  /** From edge lists; ids are validated against the node counts. */
  static fromCoo(src: Int32Array, dst: Int32Array, numSrc: number, numDst: number, what = 'graph'): SparseAdj {
    if (src.length !== dst.length) {
      throw new ShapeError(`${what}: src has ${src.length} entries but dst has ${dst.length}`);
    }
    checkIndexRange(`${what}: source node id`, src, numSrc);
    checkIndexRange(`${what}: destination node id`, dst, numDst);
    const a = new SparseAdj(numSrc, numDst, src.length);
    a.cooCache = { src, dst };
    return a;
  }

  /** From a CSR (rows = sources, indices = destinations). */
  static fromCsr(indptr: Int32Array, indices: Int32Array, eids: Int32Array | null, numSrc: number, numDst: number,
    what = 'graph'): SparseAdj {
    checkCompressed(`${what} (csr)`, indptr, indices, eids, numSrc, numDst);
    const a = new SparseAdj(numSrc, numDst, indices.length);
    a.csrCache = { indptr, indices, eids };
    return a;
  }

  /** From a CSC (rows = destinations, indices = sources). */
  static fromCsc(indptr: Int32Array, indices: Int32Array, eids: Int32Array | null, numSrc: number, numDst: number,
    what = 'graph'): SparseAdj {
    checkCompressed(`${what} (csc)`, indptr, indices, eids, numDst, numSrc);
    const a = new SparseAdj(numSrc, numDst, indices.length);
    a.cscCache = { indptr, indices, eids };
    return a;
  }

  /** Which formats exist right now (for tests of laziness). */
  formats(): { coo: boolean; csr: boolean; csc: boolean } {
    return { coo: this.cooCache !== null, csr: this.csrCache !== null, csc: this.cscCache !== null };
  }

  /** The COO form (src, dst, edge ids), built on first use. */
  coo(): Coo {
    if (this.cooCache === null) {
      const shared = this.partner?.cooCache ?? null;
      if (shared !== null) {
        this.cooCache = { src: shared.dst, dst: shared.src };
      } else {
        const src = new Int32Array(this.numEdges), dst = new Int32Array(this.numEdges);
        if (this.csrCache !== null) expand(this.csrCache, src, dst);
        else expand(this.cscCache!, dst, src);
        this.cooCache = { src, dst };
      }
      if (this.partner !== null) this.partner.cooCache ??= { src: this.cooCache.dst, dst: this.cooCache.src };
    }
    return this.cooCache;
  }

  /** Out-edges grouped by source; within a source, edges in increasing id. */
  csr(): Compressed {
    if (this.csrCache === null) {
      const shared = this.partner?.cscCache ?? null;
      if (shared !== null) this.csrCache = shared;
      else { const { src, dst } = this.coo(); this.csrCache = compress(src, dst, this.numSrc); }
      if (this.partner !== null) this.partner.cscCache = this.csrCache;
    }
    return this.csrCache;
  }

  /** In-edges grouped by destination; within a destination, edges in increasing id. */
  csc(): Compressed {
    if (this.cscCache === null) {
      const shared = this.partner?.csrCache ?? null;
      if (shared !== null) this.cscCache = shared;
      else { const { src, dst } = this.coo(); this.cscCache = compress(dst, src, this.numDst); }
      if (this.partner !== null) this.partner.csrCache = this.cscCache;
    }
    return this.cscCache;
  }

  /** The in-degree of every destination node. */
  inDegrees(): Int32Array {
    if (this.inDegCache === null) this.inDegCache = degreesOf(this.cscCache, () => this.coo(), this.numDst, 'dst');
    return this.inDegCache;
  }

  /** The out-degree of every source node. */
  outDegrees(): Int32Array {
    if (this.outDegCache === null) this.outDegCache = degreesOf(this.csrCache, () => this.coo(), this.numSrc, 'src');
    return this.outDegCache;
  }

  /** Every edge reversed; edge ids are kept, cached formats are shared (CSR becomes CSC). */
  reverse(): SparseAdj {
    if (this.partner !== null) return this.partner;
    const r = new SparseAdj(this.numDst, this.numSrc, this.numEdges);
    r.partner = this;
    this.partner = r;
    if (this.cooCache) r.cooCache = { src: this.cooCache.dst, dst: this.cooCache.src };
    r.csrCache = this.cscCache;
    r.cscCache = this.csrCache;
    r.inDegCache = this.outDegCache;
    r.outDegCache = this.inDegCache;
    return r;
  }
}

function degreesOf(c: Compressed | null, coo: () => Coo, n: number, side: 'src' | 'dst'): Int32Array {
  const deg = new Int32Array(n);
  if (c !== null) {
    for (let i = 0; i < n; i++) deg[i] = c.indptr[i + 1] - c.indptr[i];
  } else {
    const ids = coo()[side];
    for (let i = 0; i < ids.length; i++) deg[ids[i]]++;
  }
  return deg;
}

/** Counting sort of edges by `rows`; stable, so ties stay in edge-id order. */
function compress(rows: Int32Array, cols: Int32Array, numRows: number): Compressed {
  const m = rows.length;
  const indptr = new Int32Array(numRows + 1);
  for (let e = 0; e < m; e++) indptr[rows[e] + 1]++;
  for (let r = 0; r < numRows; r++) indptr[r + 1] += indptr[r];
  const fill = indptr.slice(0, numRows);
  const indices = new Int32Array(m), eids = new Int32Array(m);
  let identity = true;
  for (let e = 0; e < m; e++) {
    const p = fill[rows[e]]++;
    indices[p] = cols[e];
    eids[p] = e;
    if (p !== e) identity = false;
  }
  // Built here and never written again: a backend may keep its copy across calls (kernels/read-only.ts).
  return { indptr: markReadOnly(indptr), indices: markReadOnly(indices), eids: identity ? null : markReadOnly(eids) };
}

function expand(c: Compressed, rows: Int32Array, cols: Int32Array): void {
  const n = c.indptr.length - 1;
  for (let r = 0; r < n; r++) {
    for (let p = c.indptr[r]; p < c.indptr[r + 1]; p++) {
      const e = c.eids === null ? p : c.eids[p];
      rows[e] = r;
      cols[e] = c.indices[p];
    }
  }
}

function checkCompressed(kind: string, indptr: Int32Array, indices: Int32Array, eids: Int32Array | null,
  numRows: number, numCols: number): void {
  if (indptr.length !== numRows + 1) {
    throw new ShapeError(`${kind}: indptr has length ${indptr.length}, expected ${numRows + 1}`);
  }
  if (indptr[0] !== 0 || indptr[numRows] !== indices.length) {
    throw new RangeError(`${kind}: indptr must start at 0 and end at ${indices.length} (the number of indices)`);
  }
  for (let r = 0; r < numRows; r++) {
    if (indptr[r + 1] < indptr[r]) throw new RangeError(`${kind}: indptr decreases at row ${r}`);
  }
  checkIndexRange(`${kind}: indices`, indices, numCols);
  if (eids !== null) {
    if (eids.length !== indices.length) throw new ShapeError(`${kind}: eids has length ${eids.length}, expected ${indices.length}`);
    checkIndexRange(`${kind}: eids`, eids, indices.length);
    const seen = new Uint8Array(eids.length);
    for (let i = 0; i < eids.length; i++) {
      if (seen[eids[i]]) throw new RangeError(`${kind}: edge id ${eids[i]} appears twice in eids`);
      seen[eids[i]] = 1;
    }
  }
}

/** An edge type: its name, 'src:etype:dst', or the canonical triple. */
export type EtypeKey = string | readonly [string, string, string];

/** Anything that can hand out the structure of one relation (a Graph does, for its relation `etype`). */
export interface HasSparse {
  sparse(etype?: EtypeKey): SparseAdj;
}

export function toAdj(g: SparseAdj | HasSparse, etype?: EtypeKey): SparseAdj {
  return g instanceof SparseAdj ? g : g.sparse(etype);
}
