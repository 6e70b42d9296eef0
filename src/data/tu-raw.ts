import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../errors.js';
import { requireFiles } from './dataset.js';
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
export function readTu(dir: string, name: string): TuArrays {
  const file = (suffix: string): string => join(dir, `${name}_${suffix}.txt`);
  requireFiles(name, dir, ['A', 'graph_indicator', 'graph_labels'].map((s) => `${name}_${s}.txt`));

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
    const raw = perRow(readNumberTable(file('node_labels'), 1, 'int'), numNodes, file('node_labels'));
    let lo = Infinity, hi = -Infinity;
    for (const x of raw) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
    nodeLabels = Int32Array.from(raw, (x) => x - lo);
    numNodeLabels = numNodes === 0 ? 0 : hi - lo + 1;
  }
  let nodeAttributes: Float32Array | null = null, nodeAttrDim = 0;
  if (existsSync(file('node_attributes'))) {
    nodeAttrDim = firstLineWidth(file('node_attributes'));
    const t = readNumberTable(file('node_attributes'), nodeAttrDim, 'float');
    nodeAttributes = Float32Array.from(perRow(t, numNodes, file('node_attributes')));
  }
  let edgeLabels: Int32Array | null = null;
  if (existsSync(file('edge_labels'))) {
    const raw = perRow(readNumberTable(file('edge_labels'), 1, 'int'), numEdges, file('edge_labels'));
    edgeLabels = Int32Array.from(order, (e) => raw[e]);
  }
  return { numGraphs, nodeOffsets, edgeOffsets, src, dst, graphLabels, labelValues, nodeLabels, numNodeLabels, nodeAttributes, nodeAttrDim, edgeLabels };
}

function perRow(t: { values: number[]; rows: number }, expected: number, file: string): number[] {
  if (t.rows !== expected) throw new DataFormatError(`${file}: ${t.rows} lines, expected one per item (${expected})`);
  return t.values;
}
