/**
 * A graph from an edge table and an optional node table (readTable's result, e.g. two Parquet
 * files), with CSVDataset's id rules: node ids in sorted order become 0..N-1 (ids already 0..N-1
 * keep their values), every other node column a feature, every other edge column an edge feature.
 */
import { DataFormatError } from '../../errors.js';
import { graph, type Graph } from '../../graph/index.js';
import { Tensor } from '../../tensor/tensor.js';
import { numberIds, type IdMap } from '../csv/ids.js';
import type { Table } from './read-table.js';

/** Options of `graphFromTables`: the column names of the endpoints and node ids (`dst` defaults to 'dst_id'). */
export interface TableGraphOptions {
  /** Edge table columns of the endpoints (default 'src_id', 'dst_id'). */
  src?: string;
  dst?: string;
  /** Node table column of the node ids (default 'node_id'). */
  nodeId?: string;
}

/** What `graphFromTables` returns: the graph and the original id of each node. */
export interface TableGraph {
  graph: Graph;
  /** The original id of each node (null when ids were 0..N-1 or there was no node table). */
  originalIds: Float64Array | string[] | null;
}

function idColumn(t: Table, name: string, what: string): Int32Array | string[] {
  const c = t.columns[name];
  if (c === undefined) throw new DataFormatError(`${what}: no column '${name}' (have ${Object.keys(t.columns).map((k) => `'${k}'`).join(', ')})`);
  if (Array.isArray(c)) return c;
  if (c.dtype !== 'int32' || c.shape.length !== 1) throw new DataFormatError(`${what}: column '${name}' must hold integer or string ids, got ${c.dtype} [${c.shape.join(', ')}]`);
  return c.data as Int32Array;
}

/** Rows of `t` reordered so that row r goes to position to[r]. */
function permuted(t: Tensor, to: Int32Array): Tensor {
  const w = t.shape.length === 1 ? 1 : t.size / t.shape[0];
  const out = new (t.data.constructor as new (n: number) => typeof t.data)(t.size);
  to.forEach((p, r) => out.set(t.data.subarray(r * w, (r + 1) * w), p * w));
  return new Tensor(out, [...t.shape], t.dtype);
}

/** Builds the graph; an edge naming an id the node table lacks is an error naming the row. */
export function graphFromTables(edges: Table, nodes?: Table, opts: TableGraphOptions = {}): TableGraph {
  const srcName = opts.src ?? 'src_id', dstName = opts.dst ?? 'dst_id', idName = opts.nodeId ?? 'node_id';
  const src = idColumn(edges, srcName, 'edge table'), dst = idColumn(edges, dstName, 'edge table');
  let map: IdMap | null = null, n = 0, newIds: Int32Array | null = null;
  if (nodes !== undefined) {
    const ids = idColumn(nodes, idName, 'node table');
    const numbered = numberIds(ids, new Int32Array(ids.length), 1, (r) => new DataFormatError(`node table row ${r}: node id '${ids[r]}' appears twice`));
    map = numbered.maps[0]; newIds = numbered.newIds; n = map.size;
  }
  const m = edges.numRows, s = new Int32Array(m), d = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    for (const [col, out, name] of [[src, s, srcName], [dst, d, dstName]] as const) {
      const raw = col[e];
      const v = map === null ? (typeof raw === 'number' && raw >= 0 ? raw : -1) : map.lookup(String(raw));
      if (v < 0) throw new DataFormatError(`edge table row ${e}, column '${name}': ${map === null ? `id ${String(raw)} is not a non-negative integer (give a node table to map other ids)` : `unknown node id '${String(raw)}' (not in the node table)`}`);
      out[e] = v;
      if (map === null) n = Math.max(n, v + 1);
    }
  }
  const g = graph([s, d], { numNodes: n });
  for (const [k, c] of Object.entries(edges.columns)) if (k !== srcName && k !== dstName && !Array.isArray(c)) g.edata.set(k, c);
  if (nodes !== undefined) {
    for (const [k, c] of Object.entries(nodes.columns)) if (k !== idName && !Array.isArray(c)) g.ndata.set(k, map!.originals === null && newIds!.every((v, r) => v === r) ? c : permuted(c, newIds!));
  }
  return { graph: g, originalIds: map?.originals ?? null };
}
