/**
 * OGB's raw homogeneous layout (ogb/io/read_graph_raw.py read_csv_graph_raw): `edge.csv.gz` (one src,dst
 * per stored edge, node ids local to each graph, graphs concatenated), `num-node-list.csv.gz`,
 * `num-edge-list.csv.gz`, optional `node-feat.csv.gz` / `edge-feat.csv.gz`, and additional `node_*` /
 * `edge_*` files. Every count is checked against the others before any graph is built.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { graph, type Graph } from '../../graph/index.js';
import { toInt32, type CsvTable } from './csv-gz.js';
import { readOgbTable } from './table-source.js';

/** A per-row feature table: int32 when every value is an integer (OGB's int64 columns), else float32. */
export interface FeatureTable {
  rows: number;
  cols: number;
  data: Int32Array | Float32Array;
}

export interface OgbRawGraphs {
  numGraphs: number;
  /** Prefix sums of num-node-list / num-edge-list (length numGraphs + 1). */
  nodeOffsets: Float64Array;
  edgeOffsets: Float64Array;
  /** Stored edges (once each), ids local to their graph. */
  src: Int32Array;
  dst: Int32Array;
  nodeFeat: FeatureTable | null;
  edgeFeat: FeatureTable | null;
  /** Additional node_* / edge_* files by name (e.g. node_year). */
  nodeExtra: Map<string, FeatureTable>;
  edgeExtra: Map<string, FeatureTable>;
}

export function featureTable(t: CsvTable): FeatureTable {
  const ints = t.values.every((v) => Number.isInteger(v) && Math.abs(v) <= 2147483647);
  return { rows: t.rows, cols: t.cols, data: ints ? Int32Array.from(t.values) : Float32Array.from(t.values) };
}

/** A file's rows, which must be `expected`; the error names both counts and what they should match. */
export function checkRows(file: string, rows: number, expected: number, what: string): void {
  if (rows !== expected) throw new DataFormatError(`${file}: ${rows} rows, but ${what} says ${expected}`);
}

function readOptional(file: string, expectedRows: number, what: string): FeatureTable | null {
  if (!existsSync(file)) return null;
  const t = featureTable(readOgbTable(file));
  checkRows(file, t.rows, expectedRows, what);
  return t;
}

function countList(file: string): Float64Array {
  const t = readOgbTable(file);
  const out = new Float64Array(t.rows + 1);
  for (let i = 0; i < t.rows; i++) {
    if (t.values[i] < 0) throw new DataFormatError(`${file}: line ${i + 1}, column 1: a count cannot be negative (${t.values[i]})`);
    out[i + 1] = out[i] + t.values[i];
  }
  return out;
}

/** Reads and cross-checks a raw folder; throws DataFormatError naming the file on any mismatch. */
export function readOgbGraphsRaw(rawDir: string, extraNode: readonly string[] = [], extraEdge: readonly string[] = []): OgbRawGraphs {
  const f = (name: string): string => join(rawDir, name);
  for (const name of ['edge.csv.gz', 'num-node-list.csv.gz', 'num-edge-list.csv.gz']) {
    if (!existsSync(f(name))) throw new DataFormatError(`${f(name)}: missing (an OGB raw folder holds edge, num-node-list and num-edge-list .csv.gz)`);
  }
  const nodeOffsets = countList(f('num-node-list.csv.gz'));
  const edgeOffsets = countList(f('num-edge-list.csv.gz'));
  const numGraphs = nodeOffsets.length - 1;
  checkRows(f('num-edge-list.csv.gz'), edgeOffsets.length - 1, numGraphs, 'num-node-list.csv.gz');
  const numNodes = nodeOffsets[numGraphs], numEdges = edgeOffsets[numGraphs];
  const edgeTable = readOgbTable(f('edge.csv.gz'));
  checkRows(f('edge.csv.gz'), edgeTable.rows, numEdges, 'the sum of num-edge-list.csv.gz');
  const pairs = toInt32(edgeTable, f('edge.csv.gz'));
  const src = new Int32Array(numEdges), dst = new Int32Array(numEdges);
  for (let gi = 0; gi < numGraphs; gi++) {
    const n = nodeOffsets[gi + 1] - nodeOffsets[gi];
    for (let e = edgeOffsets[gi]; e < edgeOffsets[gi + 1]; e++) {
      const s = pairs[2 * e], d = pairs[2 * e + 1];
      if (s < 0 || s >= n || d < 0 || d >= n) {
        const col = s < 0 || s >= n ? 1 : 2;
        throw new DataFormatError(`${f('edge.csv.gz')}: line ${e + 1}, column ${col}: node ${col === 1 ? s : d} is outside graph ${gi}, which has ${n} nodes`);
      }
      src[e] = s; dst[e] = d;
    }
  }
  const nodeFeat = readOptional(f('node-feat.csv.gz'), numNodes, 'the sum of num-node-list.csv.gz');
  const edgeFeat = readOptional(f('edge-feat.csv.gz'), numEdges, 'the sum of num-edge-list.csv.gz');
  const extras = (names: readonly string[], rows: number, what: string): Map<string, FeatureTable> => {
    const m = new Map<string, FeatureTable>();
    for (const name of names) {
      const t = readOptional(f(`${name}.csv.gz`), rows, what);
      if (t === null) throw new DataFormatError(`${f(`${name}.csv.gz`)}: missing (OGB's master table lists ${name} for this dataset)`);
      m.set(name, t);
    }
    return m;
  };
  return {
    numGraphs, nodeOffsets, edgeOffsets, src, dst, nodeFeat, edgeFeat,
    nodeExtra: extras(extraNode, numNodes, 'the sum of num-node-list.csv.gz'),
    edgeExtra: extras(extraEdge, numEdges, 'the sum of num-edge-list.csv.gz'),
  };
}

/** Rows [r0, r1) of a table as a tensor [r1 - r0, cols], each row repeated `repeat` times (OGB's np.repeat). */
export function tableRows(t: FeatureTable, r0: number, r1: number, repeat = 1): Tensor {
  const c = t.cols, n = r1 - r0;
  const out = t.data instanceof Int32Array ? new Int32Array(n * c * repeat) : new Float32Array(n * c * repeat);
  for (let r = 0; r < n; r++) {
    const row = t.data.subarray((r0 + r) * c, (r0 + r + 1) * c);
    for (let k = 0; k < repeat; k++) out.set(row, (r * repeat + k) * c);
  }
  return new Tensor(out, [n * repeat, c], out instanceof Int32Array ? 'int32' : 'float32');
}

/**
 * Graph `gi` as OGB's loaders build it: with addInverseEdge each stored edge (u, v) becomes (u, v), (v, u)
 * in that order, and its features are repeated; ndata / edata 'feat' hold node-feat / edge-feat, and each
 * additional file is kept under its own name (e.g. ndata 'year' for node_year).
 */
export function buildOgbGraph(raw: OgbRawGraphs, gi: number, addInverseEdge: boolean): Graph {
  const n0 = raw.nodeOffsets[gi], n1 = raw.nodeOffsets[gi + 1], e0 = raw.edgeOffsets[gi], e1 = raw.edgeOffsets[gi + 1];
  const m = e1 - e0, rep = addInverseEdge ? 2 : 1;
  const src = new Int32Array(m * rep), dst = new Int32Array(m * rep);
  for (let e = 0; e < m; e++) {
    const u = raw.src[e0 + e], v = raw.dst[e0 + e];
    src[e * rep] = u; dst[e * rep] = v;
    if (addInverseEdge) { src[e * 2 + 1] = v; dst[e * 2 + 1] = u; }
  }
  const g = graph([src, dst], { numNodes: n1 - n0 });
  if (raw.nodeFeat !== null) g.ndata.set('feat', tableRows(raw.nodeFeat, n0, n1));
  if (raw.edgeFeat !== null) g.edata.set('feat', tableRows(raw.edgeFeat, e0, e1, rep));
  for (const [name, t] of raw.nodeExtra) g.ndata.set(name.slice('node_'.length), tableRows(t, n0, n1));
  for (const [name, t] of raw.edgeExtra) g.edata.set(name.slice('edge_'.length), tableRows(t, e0, e1, rep));
  return g;
}
