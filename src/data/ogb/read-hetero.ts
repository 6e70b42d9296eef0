/**
 * OGB's raw heterogeneous layout (read_csv_heterograph_raw), for the single-graph datasets (ogbn-mag,
 * ogbl-biokg): `num-node-dict.csv.gz` (header of node types), `triplet-type-list.csv.gz` (head,relation,tail
 * rows), `relations/<head>___<relation>___<tail>/{edge,num-edge-list,edge_*}.csv.gz`, and
 * `node-feat/<type>/{node-feat,node_*}.csv.gz`. Types and relations are sorted, as OGB sorts them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../../errors.js';
import { heterograph, type Graph } from '../../graph/index.js';
import type { CanonicalEtype } from '../../graph/index.js';
import { toInt32 } from './csv-gz.js';
import { readOgbTable } from './table-source.js';
import { checkRows, featureTable, tableRows, type FeatureTable } from './read-raw.js';
import { readHeaderRecord, readTextRows } from './text-csv.js';

export interface OgbHeteroRaw {
  numNodes: Record<string, number>;
  relations: Array<{ canonical: CanonicalEtype; src: Int32Array; dst: Int32Array; extra: Map<string, FeatureTable> }>;
  /** node-feat and node_* tables by file name, then node type. */
  nodeTables: Map<string, Map<string, FeatureTable>>;
}

function count(file: string, cell: string, column: number): number {
  const v = Number(cell);
  if (!Number.isInteger(v) || v < 0) throw new DataFormatError(`${file}: line 2, column ${column}: '${cell}' is not a node count`);
  return v;
}

/** Python's sorted() order of (head, relation, tail) tuples: element by element, by code point. */
function byCodePoint(a: CanonicalEtype, b: CanonicalEtype): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

export function readOgbHeteroRaw(rawDir: string, extraNode: readonly string[], extraEdge: readonly string[]): OgbHeteroRaw {
  const nodeDictFile = join(rawDir, 'num-node-dict.csv.gz');
  const rows = readTextRows(nodeDictFile);
  if (rows.length !== 2) throw new DataFormatError(`${nodeDictFile}: ${rows.length - 1} graphs; the node and link datasets hold one`);
  const numNodes: Record<string, number> = {};
  [...readHeaderRecord(nodeDictFile)].forEach(([t, c], i) => { numNodes[t] = count(nodeDictFile, c, i + 1); });
  const tripletFile = join(rawDir, 'triplet-type-list.csv.gz');
  const triplets = readTextRows(tripletFile).map((r, i) => {
    if (r.length !== 3) throw new DataFormatError(`${tripletFile}: line ${i + 1} has ${r.length} values, expected head,relation,tail`);
    for (const [k, t] of [[0, r[0]], [2, r[2]]] as const) {
      if (!(t in numNodes)) throw new DataFormatError(`${tripletFile}: line ${i + 1}, column ${k + 1}: node type '${t}' is not in num-node-dict.csv.gz`);
    }
    return r as unknown as CanonicalEtype;
  }).sort(byCodePoint);
  const relations = triplets.map((c) => {
    const dir = join(rawDir, 'relations', c.join('___'));
    const edgeFile = join(dir, 'edge.csv.gz');
    const t = readOgbTable(edgeFile);
    const numEdges = readOgbTable(join(dir, 'num-edge-list.csv.gz')).values[0] ?? 0;
    checkRows(edgeFile, t.rows, numEdges, 'num-edge-list.csv.gz');
    const pairs = toInt32(t, edgeFile);
    const src = new Int32Array(t.rows), dst = new Int32Array(t.rows);
    for (let e = 0; e < t.rows; e++) {
      src[e] = pairs[2 * e]; dst[e] = pairs[2 * e + 1];
      for (const [col, v, ty] of [[1, src[e], c[0]], [2, dst[e], c[2]]] as const) {
        if (v < 0 || v >= numNodes[ty]) throw new DataFormatError(`${edgeFile}: line ${e + 1}, column ${col}: ${ty} node ${v} is out of range (${numNodes[ty]} ${ty} nodes)`);
      }
    }
    const extra = new Map<string, FeatureTable>();
    for (const name of extraEdge) {
      const file = join(dir, `${name}.csv.gz`);
      if (!existsSync(file)) continue;
      const ft = featureTable(readOgbTable(file));
      checkRows(file, ft.rows, t.rows, 'edge.csv.gz');
      extra.set(name, ft);
    }
    return { canonical: c, src, dst, extra };
  });
  const nodeTables = new Map<string, Map<string, FeatureTable>>();
  for (const name of ['node-feat', ...extraNode]) {
    const perType = new Map<string, FeatureTable>();
    for (const ty of Object.keys(numNodes).sort()) {
      const file = join(rawDir, 'node-feat', ty, `${name}.csv.gz`);
      if (!existsSync(file)) continue;
      const ft = featureTable(readOgbTable(file));
      checkRows(file, ft.rows, numNodes[ty], 'num-node-dict.csv.gz');
      perType.set(ty, ft);
    }
    nodeTables.set(name, perType);
  }
  return { numNodes, relations, nodeTables };
}

/** The typed graph: ndata 'feat' from node-feat, each node_* / edge_* file under its name without the prefix. */
export function buildOgbHeteroGraph(raw: OgbHeteroRaw): Graph {
  const data = new Map<CanonicalEtype, readonly [Int32Array, Int32Array]>(raw.relations.map((r) => [r.canonical, [r.src, r.dst] as const]));
  const g = heterograph(data, { numNodes: raw.numNodes });
  for (const [name, perType] of raw.nodeTables) {
    const key = name === 'node-feat' ? 'feat' : name.slice('node_'.length);
    for (const [ty, t] of perType) g.nodeFrame(ty).set(key, tableRows(t, 0, t.rows));
  }
  for (const r of raw.relations) {
    for (const [name, t] of r.extra) g.edgeFrame(r.canonical).set(name.slice('edge_'.length), tableRows(t, 0, t.rows));
  }
  return g;
}
