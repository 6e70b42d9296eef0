// Structure queries on one relation; Graph methods resolve the relation and validate ids first.
import type { SparseAdj, Compressed } from './sparse.js';

export interface EdgeList { src: Int32Array; dst: Int32Array; eid: Int32Array }

export function shapeEdges(e: EdgeList, form: 'uv' | 'eid' | 'all'): Int32Array | Int32Array[] {
  if (form === 'eid') return e.eid;
  if (form === 'all') return [e.src, e.dst, e.eid];
  if (form === 'uv') return [e.src, e.dst];
  throw new RangeError(`edges: form must be 'uv', 'eid' or 'all', got '${String(form)}'`);
}

export function pickDegrees(deg: Int32Array, ids: Int32Array | undefined, scalar: boolean): Int32Array | number {
  if (ids === undefined) return deg.slice();
  if (scalar) return deg[ids[0]];
  const out = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = deg[ids[i]];
  return out;
}

export function allEdges(adj: SparseAdj, order: 'eid' | 'srcdst'): EdgeList {
  const { src, dst } = adj.coo();
  const m = adj.numEdges;
  if (order === 'eid') {
    const eid = new Int32Array(m);
    for (let e = 0; e < m; e++) eid[e] = e;
    return { src: src.slice(), dst: dst.slice(), eid };
  }
  if (order !== 'srcdst') throw new RangeError(`edges: order must be 'eid' or 'srcdst', got '${String(order)}'`);
  const perm = Int32Array.from({ length: m }, (_, i) => i)
    .sort((a, b) => (src[a] - src[b]) || (dst[a] - dst[b]) || (a - b));
  return gatherEdges(src, dst, perm);
}

function gatherEdges(src: Int32Array, dst: Int32Array, eid: Int32Array): EdgeList {
  const s = new Int32Array(eid.length), d = new Int32Array(eid.length);
  for (let i = 0; i < eid.length; i++) { s[i] = src[eid[i]]; d[i] = dst[eid[i]]; }
  return { src: s, dst: d, eid };
}

/** For each row of `rows` (in order), its edges by increasing id, from a compressed format. */
function edgesOfRows(c: Compressed, rows: Int32Array): { row: Int32Array; col: Int32Array; eid: Int32Array } {
  let total = 0;
  for (let i = 0; i < rows.length; i++) total += c.indptr[rows[i] + 1] - c.indptr[rows[i]];
  const row = new Int32Array(total), col = new Int32Array(total), eid = new Int32Array(total);
  let k = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    for (let p = c.indptr[r]; p < c.indptr[r + 1]; p++, k++) {
      row[k] = r; col[k] = c.indices[p]; eid[k] = c.eids === null ? p : c.eids[p];
    }
  }
  return { row, col, eid };
}

export function inEdges(adj: SparseAdj, v: Int32Array): EdgeList {
  const { row, col, eid } = edgesOfRows(adj.csc(), v);
  return { src: col, dst: row, eid };
}

export function outEdges(adj: SparseAdj, u: Int32Array): EdgeList {
  const { row, col, eid } = edgesOfRows(adj.csr(), u);
  return { src: row, dst: col, eid };
}

/** Smallest edge id u[i]→v[i] or -1; a length-1 side is broadcast. */
export function edgeIdsBetween(adj: SparseAdj, u: Int32Array, v: Int32Array): number[] {
  const n = Math.max(u.length, v.length);
  if ((u.length !== n && u.length !== 1) || (v.length !== n && v.length !== 1)) {
    throw new RangeError(`edge query: ${u.length} source ids but ${v.length} destination ids`);
  }
  const c = adj.csr();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = u[u.length === 1 ? 0 : i], b = v[v.length === 1 ? 0 : i];
    let best = -1;
    for (let p = c.indptr[a]; p < c.indptr[a + 1]; p++) {
      if (c.indices[p] !== b) continue;
      const e = c.eids === null ? p : c.eids[p];
      if (best < 0 || e < best) best = e;
    }
    out.push(best);
  }
  return out;
}

export function findEdges(adj: SparseAdj, eids: Int32Array): [Int32Array, Int32Array] {
  const { src, dst } = gatherEdges(adj.coo().src, adj.coo().dst, eids);
  return [src, dst];
}

export function hasMultiEdges(adj: SparseAdj): boolean {
  const c = adj.csr();
  const seen = new Int32Array(adj.numDst).fill(-1);
  for (let r = 0; r < adj.numSrc; r++) {
    for (let p = c.indptr[r]; p < c.indptr[r + 1]; p++) {
      if (seen[c.indices[p]] === r) return true;
      seen[c.indices[p]] = r;
    }
  }
  return false;
}
