/**
 * DGL's CSVDataset: a folder with meta.yaml and node / edge / graph CSV files becomes one graph
 * (node or link tasks) or many graphs with graph-level data (graph tasks), read as DGL reads it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../../errors.js';
import { heterograph, type CanonicalEtype, type Graph } from '../../graph/index.js';
import { Tensor } from '../../tensor/tensor.js';
import type { AnyTypedArray } from '../../tensor/dtype.js';
import { Dataset, type GraphTransform } from '../dataset.js';
import type { ParsedColumn } from './columns.js';
import { numberIds, type IdMap } from './ids.js';
import { readMeta, type CsvMeta } from './meta.js';
import { readEdgeTable, readGraphTable, readNodeTable, type GraphIndex } from './tables.js';

/** A graph, or a graph with its row of the graph-level data (DGL returns `(g, {k: v[i]})` when there is any). */
export type CSVItem = Graph | [Graph, Record<string, Tensor>];

/** Options of `CSVDataset.load` (DGL's `dgl.data.CSVDataset` `transform`). */
export interface CSVDatasetOptions {
  /** Applied to each graph once, after loading. */
  transform?: GraphTransform;
}

function columnTensor(c: ParsedColumn, rows: number, values: AnyTypedArray = c.values): Tensor {
  const dtype = c.kind === 'bool' ? 'bool' : c.kind;
  return new Tensor(values, c.width === 1 ? [rows] : [rows, c.width], dtype);
}

/** Copies rows of `c` to positions `to[row]` (an id permutation within [0, rows)). */
function scatterRows(c: ParsedColumn, to: (row: number) => number, rows: number): AnyTypedArray {
  const w = c.width, src = c.values;
  const out = new (src.constructor as new (n: number) => AnyTypedArray)(rows * w);
  for (let r = 0; r < rows; r++) {
    const p = to(r);
    if (w === 1) out[p] = src[r]; else out.set(src.subarray(r * w, (r + 1) * w), p * w);
  }
  return out;
}

/** Rows [start, end) of a column's values. */
function rowRange(c: ParsedColumn, values: AnyTypedArray, start: number, end: number): AnyTypedArray {
  return values.subarray(start * c.width, end * c.width);
}

/** A stable grouping of rows by graph: `order` lists rows graph by graph, `offsets[g]` where graph g starts. */
function groupByGraph(graphOf: Int32Array, numGraphs: number): { order: Int32Array; offsets: Int32Array } {
  const offsets = new Int32Array(numGraphs + 1);
  for (const g of graphOf) offsets[g + 1]++;
  for (let g = 0; g < numGraphs; g++) offsets[g + 1] += offsets[g];
  const fill = offsets.slice(0, numGraphs), order = new Int32Array(graphOf.length);
  graphOf.forEach((g, r) => { order[fill[g]++] = r; });
  return { order, offsets };
}

/**
 * `dgl.data.CSVDataset`: load with `await CSVDataset.load(dir)`. `graphs` holds every graph (one
 * unless meta.yaml has graph_data), `data` the graph-level columns as [numGraphs, width] tensors
 * (DGL's `dataset.data`), `labels` the one graph-level column when there is exactly one.
 * Node ids are renumbered as DGL does (sorted distinct ids -> 0..N-1); `originalIds` gives them back.
 * Node.js only.
 */
export class CSVDataset extends Dataset<CSVItem> {
  readonly name: string;
  readonly labels: Tensor | undefined;

  private constructor(readonly meta: CsvMeta, readonly dir: string, readonly graphs: Graph[], readonly data: Record<string, Tensor>,
    readonly graphIds: string[], private readonly idMaps: Map<string, IdMap[]>) {
    super();
    this.name = meta.datasetName;
    const cols = Object.values(data);
    this.labels = cols.length === 1 ? cols[0] : undefined;
  }

  /** Reads `dir/meta.yaml` and the files it lists (streamed; plain or .gz). */
  static async load(dir: string, opts: CSVDatasetOptions = {}): Promise<CSVDataset> {
    const metaPath = join(dir, 'meta.yaml');
    if (!existsSync(metaPath)) throw new DataFormatError(`CSVDataset: 'meta.yaml' cannot be found under ${dir}`);
    const meta = readMeta(metaPath);
    const sep = meta.separator;
    const gt = meta.graphData === undefined ? undefined : await readGraphTable(dir, meta.graphData.fileName, sep, meta.graphData.graphIdField);
    const graphIds = gt?.keys ?? ['0'];
    const gi: GraphIndex = { index: new Map(graphIds.map((k, i) => [k, i])), declared: gt !== undefined };
    const numGraphs = graphIds.length;

    const idMaps = new Map<string, IdMap[]>(), nodeFile = new Map<string, string>();
    const nodeCols = new Map<string, { col: ParsedColumn; values: AnyTypedArray }[]>(), nodeOffsets = new Map<string, Int32Array>();
    for (const m of meta.nodeData) {
      const t = await readNodeTable(dir, m.fileName, sep, m.nodeIdField, m.graphIdField, gi);
      const file = join(dir, m.fileName);
      const { maps, newIds } = numberIds(t.ids, t.graphOf, numGraphs,
        (r) => new DataFormatError(`${file} line ${t.lines[r]}, column '${m.nodeIdField}': node id '${t.ids[r]}' appears twice${numGraphs > 1 ? ' in the same graph' : ''}`));
      const offsets = new Int32Array(numGraphs + 1);
      maps.forEach((mp, g) => { offsets[g + 1] = offsets[g] + mp.size; });
      const rows = t.graphOf.length;
      const identity = newIds.every((v, r) => offsets[t.graphOf[r]] + v === r);
      nodeCols.set(m.ntype, t.columns.map((col) => ({ col, values: identity ? col.values : scatterRows(col, (r) => offsets[t.graphOf[r]] + newIds[r], rows) })));
      idMaps.set(m.ntype, maps); nodeFile.set(m.ntype, file); nodeOffsets.set(m.ntype, offsets);
    }

    const edgeTables: { etype: CanonicalEtype; src: Int32Array; dst: Int32Array; cols: ParsedColumn[]; order: Int32Array | null; offsets: Int32Array }[] = [];
    for (const m of meta.edgeData) {
      const [st, , dt] = m.etype;
      for (const t of [st, dt]) {
        if (!idMaps.has(t)) throw new DataFormatError(`${metaPath}: edge file ${m.fileName} has type [${m.etype.join(', ')}] but no node_data entry declares node type '${t}'`);
      }
      const e = await readEdgeTable(dir, m.fileName, sep, {
        src: m.srcIdField, dst: m.dstIdField, graph: m.graphIdField, srcType: st, dstType: dt, srcNodeFile: nodeFile.get(st)!, dstNodeFile: nodeFile.get(dt)!,
      }, gi, idMaps.get(st)!, idMaps.get(dt)!);
      if (numGraphs === 1 || e.graphOf === null) {
        const offsets = new Int32Array(numGraphs + 1).fill(e.src.length);
        offsets[0] = 0;
        edgeTables.push({ etype: m.etype, src: e.src, dst: e.dst, cols: e.columns, order: null, offsets });
      } else {
        const { order, offsets } = groupByGraph(e.graphOf, numGraphs);
        edgeTables.push({ etype: m.etype, src: Int32Array.from(order, (r) => e.src[r]), dst: Int32Array.from(order, (r) => e.dst[r]), cols: e.columns, order, offsets });
      }
    }

    const graphs: Graph[] = [];
    for (let g = 0; g < numGraphs; g++) {
      const numNodes: Record<string, number> = {};
      for (const [nt, maps] of idMaps) numNodes[nt] = maps[g].size;
      const rel = new Map<CanonicalEtype, readonly [Int32Array, Int32Array]>();
      for (const e of edgeTables) rel.set(e.etype, [e.src.subarray(e.offsets[g], e.offsets[g + 1]), e.dst.subarray(e.offsets[g], e.offsets[g + 1])]);
      let graph = heterograph(rel, { numNodes });
      for (const [nt, cols] of nodeCols) {
        const off = nodeOffsets.get(nt)!, n = off[g + 1] - off[g];
        for (const { col, values } of cols) graph.nodeFrame(nt).set(col.name, columnTensor(col, n, rowRange(col, values, off[g], off[g + 1])));
      }
      for (const e of edgeTables) {
        const n = e.offsets[g + 1] - e.offsets[g];
        for (const col of e.cols) {
          const values = e.order === null ? col.values : gatherRows(col, e.order.subarray(e.offsets[g], e.offsets[g + 1]));
          graph.edgeFrame(e.etype).set(col.name, columnTensor(col, n, values));
        }
      }
      if (opts.transform !== undefined) graph = opts.transform(graph);
      graphs.push(graph);
    }
    const data: Record<string, Tensor> = {};
    for (const c of gt?.columns ?? []) data[c.name] = new Tensor(c.values, [numGraphs, c.width], c.kind);
    return new CSVDataset(meta, dir, graphs, data, graphIds, idMaps);
  }

  get length(): number { return this.graphs.length; }

  /** One more than the largest value of the integer `label` column (graph-level, else node-level); 0 when there is none. */
  get numClasses(): number {
    const labels = this.data.label !== undefined ? [this.data.label]
      : this.graphs.flatMap((g) => g.ntypes.filter((t) => g.nodeFrame(t).has('label')).map((t) => g.nodeFrame(t).get('label')));
    let max = -1;
    for (const t of labels) if (t.dtype === 'int32') for (const v of t.data) max = Math.max(max, v);
    return max + 1;
  }

  /** The original id of each node of `ntype` in graph `graph` (its CSV node_id), or null when they equal the node ids. */
  originalIds(ntype: string, graph = 0): Float64Array | string[] | null {
    const maps = this.idMaps.get(ntype);
    if (maps === undefined) throw new DataFormatError(`${this.name}: no node type '${ntype}' (have ${[...this.idMaps.keys()].join(', ')})`);
    return maps[graph].originals;
  }

  protected item(i: number): CSVItem {
    const names = Object.keys(this.data);
    if (names.length === 0) return this.graphs[i];
    const row: Record<string, Tensor> = {};
    for (const k of names) {
      const t = this.data[k], w = t.shape[1];
      row[k] = new Tensor(t.data.slice(i * w, (i + 1) * w), [w], t.dtype);
    }
    return [this.graphs[i], row];
  }
}

function gatherRows(c: ParsedColumn, rows: Int32Array): AnyTypedArray {
  const w = c.width, src = c.values;
  const out = new (src.constructor as new (n: number) => AnyTypedArray)(rows.length * w);
  rows.forEach((r, i) => { if (w === 1) out[i] = src[r]; else out.set(src.subarray(r * w, (r + 1) * w), i * w); });
  return out;
}
