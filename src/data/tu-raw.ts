import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../errors.js';
import { requireFiles } from './dataset.js';
import { verifyChecksum, type RawReadOptions } from './checksums.js';
import { firstLineWidth, readNumberTable } from './text-table.js';

/** A TU graph-classification dataset as typed arrays; graph g owns nodes [nodeOffsets[g], nodeOffsets[g+1]). */
export interface TuArrays {
  numGraphs: number;
  nodeOffsets: Int32Array;
  edgeOffsets: Int32Array;
  /** Per-graph local node ids, edges grouped by graph in file order. */
  src: Int32Array;
  dst: Int32Array;
  /** Graph labels remapped to 0..C-1 in sorted order of the original values. */
  graphLabels: Int32Array;
  labelValues: number[];
  /** Node labels shifted to start at 0 (null without DS_node_labels.txt). */
  nodeLabels: Int32Array | null;
  numNodeLabels: number;
  nodeAttributes: Float32Array | null;
  nodeAttrDim: number;
  /** Edge labels in the same order as src/dst (null without DS_edge_labels.txt). */
  edgeLabels: Int32Array | null;
}

/** Reads DS_A, DS_graph_indicator, DS_graph_labels (+ optional node labels / attributes, edge labels) from `dir`. */
export function readTu(dir: string, name: string, opts: RawReadOptions = {}): TuArrays {
  const file = (suffix: string): string => join(dir, `${name}_${suffix}.txt`);
  requireFiles(name, dir, ['A', 'graph_indicator', 'graph_labels'].map((s) => `${name}_${s}.txt`));
  for (const part of ['A', 'graph_indicator', 'graph_labels', 'node_labels', 'node_attributes', 'edge_labels']) {
    if (existsSync(file(part))) verifyChecksum(file(part), opts);
  }

  const indicator = readNumberTable(file('graph_indicator'), 1, 'int').values;
  const numNodes = indicator.length;
  const rawLabels = readNumberTable(file('graph_labels'), 1, 'int').values;
  const numGraphs = rawLabels.length;
  const nodeOffsets = new Int32Array(numGraphs + 1);
  const graphOf = new Int32Array(numNodes);
  for (let v = 0; v < numNodes; v++) {
    const g = indicator[v] - 1;
    if (g < 0 || g >= numGraphs) {
      throw new DataFormatError(`${file('graph_indicator')}: line ${v + 1} names graph ${g + 1}, but ${file('graph_labels')} has ${numGraphs} graph labels`);
    }
    if (v > 0 && g < graphOf[v - 1]) throw new DataFormatError(`${file('graph_indicator')}: line ${v + 1} goes back to graph ${g + 1}; nodes must be grouped by graph`);
    graphOf[v] = g;
    nodeOffsets[g + 1]++;
  }
  for (let g = 0; g < numGraphs; g++) nodeOffsets[g + 1] += nodeOffsets[g];

  const labelValues = [...new Set(rawLabels)].sort((a, b) => a - b);
  checkLabelSet(labelValues, file('graph_labels'), true);
  const labelIndex = new Map(labelValues.map((v, i) => [v, i]));
  const graphLabels = Int32Array.from(rawLabels, (v) => labelIndex.get(v) as number);

  const a = readNumberTable(file('A'), 2, 'int');
  const numEdges = a.rows;
  const edgeOffsets = new Int32Array(numGraphs + 1);
  for (let e = 0; e < numEdges; e++) {
    const u = a.values[2 * e] - 1, v = a.values[2 * e + 1] - 1;
    for (const x of [u, v]) {
      if (x < 0 || x >= numNodes) {
        throw new DataFormatError(`${file('A')}: line ${e + 1} names node ${x + 1}, outside the 1..${numNodes} that ${file('graph_indicator')} lists`);
      }
    }
    if (graphOf[u] !== graphOf[v]) throw new DataFormatError(`${file('A')}: line ${e + 1} joins nodes of graphs ${graphOf[u] + 1} and ${graphOf[v] + 1}`);
    edgeOffsets[graphOf[u] + 1]++;
  }
  for (let g = 0; g < numGraphs; g++) edgeOffsets[g + 1] += edgeOffsets[g];
  // Stable counting sort by graph, so each graph's edges stay in file order.
  const order = new Int32Array(numEdges);
  const cursor = edgeOffsets.slice(0, numGraphs);
  for (let e = 0; e < numEdges; e++) order[cursor[graphOf[a.values[2 * e] - 1]]++] = e;
  const src = new Int32Array(numEdges), dst = new Int32Array(numEdges);
  for (let k = 0; k < numEdges; k++) {
    const e = order[k];
    const u = a.values[2 * e] - 1, v = a.values[2 * e + 1] - 1;
    src[k] = u - nodeOffsets[graphOf[u]];
    dst[k] = v - nodeOffsets[graphOf[v]];
  }

  let nodeLabels: Int32Array | null = null, numNodeLabels = 0;
  if (existsSync(file('node_labels'))) {
    const raw = perRow(readNumberTable(file('node_labels'), 1, 'int'), numNodes, file('node_labels'), file('graph_indicator'));
    let lo = Infinity, hi = -Infinity;
    for (const x of raw) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
    checkLabelSet([...new Set(raw)].sort((x, y) => x - y), file('node_labels'), false);
    nodeLabels = Int32Array.from(raw, (x) => x - lo);
    numNodeLabels = numNodes === 0 ? 0 : hi - lo + 1;
  }
  let nodeAttributes: Float32Array | null = null, nodeAttrDim = 0;
  if (existsSync(file('node_attributes'))) {
    nodeAttrDim = firstLineWidth(file('node_attributes'));
    const t = readNumberTable(file('node_attributes'), nodeAttrDim, 'float');
    nodeAttributes = Float32Array.from(perRow(t, numNodes, file('node_attributes'), file('graph_indicator')));
  }
  let edgeLabels: Int32Array | null = null;
  if (existsSync(file('edge_labels'))) {
    const raw = perRow(readNumberTable(file('edge_labels'), 1, 'int'), numEdges, file('edge_labels'), file('A'));
    checkLabelSet([...new Set(raw)].sort((x, y) => x - y), file('edge_labels'), false);
    edgeLabels = Int32Array.from(order, (e) => raw[e]);
  }
  return { numGraphs, nodeOffsets, edgeOffsets, src, dst, graphLabels, labelValues, nodeLabels, numNodeLabels, nodeAttributes, nodeAttrDim, edgeLabels };
}

/**
 * Label values of the TU collection are class ids: a contiguous range of integers (graph labels
 * may also be the pair {-1, 1}), non-negative for node and edge labels. A value outside that
 * (a corrupt line) would otherwise become a class of its own, or a one-hot width of millions.
 */
function checkLabelSet(sorted: readonly number[], file: string, graphLabels: boolean): void {
  if (sorted.length === 0) return;
  const lo = sorted[0], hi = sorted[sorted.length - 1];
  if (graphLabels && sorted.length === 2 && lo === -1 && hi === 1) return;
  if (!graphLabels && lo < 0) throw new DataFormatError(`${file}: label ${lo} is negative`);
  if (hi - lo + 1 !== sorted.length) {
    throw new DataFormatError(`${file}: the labels are not a contiguous range of class ids (${sorted.length} distinct values ` +
      `between ${lo} and ${hi})`);
  }
}

/** The rows of a per-node / per-edge file, which must number as many as `countFile` lists: a mismatch names both (either may be the truncated one). */
function perRow(t: { values: number[]; rows: number }, expected: number, file: string, countFile: string): number[] {
  if (t.rows !== expected) {
    throw new DataFormatError(`${file}: ${t.rows} lines, but ${countFile} lists ${expected} (one of the two files is truncated or corrupt)`);
  }
  return t.values;
}
