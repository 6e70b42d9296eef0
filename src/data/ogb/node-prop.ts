/**
 * OGB node property prediction (ogbn-*) from OGB's folder layout, as OGB's NodePropPredDataset reads it:
 * one graph (`raw/` homogeneous files, or the heterogeneous layout for ogbn-mag), node labels
 * (`raw/node-label.csv.gz`, or `raw/node-label/<type>/node-label.csv.gz` for the types that
 * `nodetype-has-label.csv.gz` marks) and the split (`split/<split>/{train,valid,test}.csv.gz`, or per type).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { Graph } from '../../graph/index.js';
import { readOgbTable, withStreamedTables } from './table-source.js';
import { OgbDataset, ogbDatasetDir, type OgbDatasetOptions } from './ogb-dataset.js';
import { buildOgbGraph, checkRows, featureTable, readOgbGraphsRaw, tableRows } from './read-raw.js';
import { buildOgbHeteroGraph, readOgbHeteroRaw } from './read-hetero.js';
import { readSplitDir, type OgbSplit } from './split.js';
import { parseBool, readHeaderRecord } from './text-csv.js';

/** Per-node-type split of a heterogeneous dataset (ogbn-mag: { paper: ... }). */
export interface OgbHeteroSplit {
  train: Record<string, Int32Array>;
  valid: Record<string, Int32Array>;
  test: Record<string, Int32Array>;
}

/** Node labels: a [N, numTasks] tensor, or one per labelled node type. */
export type OgbNodeLabels = Tensor | Record<string, Tensor>;

/**
 * `new OgbNodePropPredDataset('ogbn-arxiv', { root })` reads `root/ogbn_arxiv`. Item 0 is [graph, labels]
 * (DGL's DglNodePropPredDataset): ndata 'feat' from node-feat, 'year' from node_year and so on; edges
 * doubled (u,v),(v,u) where OGB's master table says add_inverse_edge (ogbn-proteins, ogbn-products).
 */
export class OgbNodePropPredDataset extends OgbDataset<[Graph, OgbNodeLabels]> {
  readonly graph: Graph;
  readonly labels: OgbNodeLabels;

  constructor(name: string, opts: OgbDatasetOptions = {}) {
    super(name, 'node', opts);
    const rawDir = this.rawDir;
    if (this.isHetero) {
      const raw = readOgbHeteroRaw(rawDir, this.meta.additionalNodeFiles, this.meta.additionalEdgeFiles);
      this.graph = buildOgbHeteroGraph(raw);
      this.labels = readHeteroLabels(rawDir, raw.numNodes);
    } else {
      const raw = readOgbGraphsRaw(rawDir, this.meta.additionalNodeFiles, this.meta.additionalEdgeFiles);
      if (raw.numGraphs !== 1) throw new DataFormatError(`${join(rawDir, 'num-node-list.csv.gz')}: ${raw.numGraphs} graphs; a node-property dataset holds one`);
      this.graph = buildOgbGraph(raw, 0, this.meta.addInverseEdge);
      this.labels = readLabelFile(join(rawDir, 'node-label.csv.gz'), raw.nodeOffsets[1]);
    }
    if (opts.transform) this.graph = opts.transform(this.graph);
  }

  /**
   * As the constructor, but every raw table is first stream-decompressed (node:zlib), one file at a time,
   * so a large dataset's text is never held whole.
   */
  static load(name: string, opts: OgbDatasetOptions = {}): Promise<OgbNodePropPredDataset> {
    return withStreamedTables([join(ogbDatasetDir(name, opts), 'raw')], () => new OgbNodePropPredDataset(name, opts));
  }

  get length(): number { return 1; }

  protected item(): [Graph, OgbNodeLabels] { return [this.graph, this.labels]; }

  /** OGB's get_idx_split(): node indices checked against the node count (of each labelled type). */
  getIdxSplit(splitName: string = this.meta.split): OgbSplit | OgbHeteroSplit {
    const dir = join(this.root, 'split', splitName);
    if (!this.isHetero) return readSplitDir(dir, this.graph.numNodes(), `nodes in ${this.name}`);
    const file = join(dir, 'nodetype-has-split.csv.gz');
    const out: OgbHeteroSplit = { train: {}, valid: {}, test: {} };
    [...readHeaderRecord(file)].forEach(([ty, cell], i) => {
      if (!parseBool(cell, file, i + 1)) return;
      if (!this.graph.ntypes.includes(ty)) throw new DataFormatError(`${file}: column ${i + 1}: node type '${ty}' is not in the graph (${this.graph.ntypes.join(', ')})`);
      const s = readSplitDir(join(dir, ty), this.graph.numNodes(ty), `${ty} nodes in ${this.name}`);
      out.train[ty] = s.train; out.valid[ty] = s.valid; out.test[ty] = s.test;
    });
    return out;
  }
}

/** A label file as [rows, cols]: int32 when every value is an integer, else float32 (NaN kept). */
export function readLabelFile(file: string, numNodes: number): Tensor {
  if (!existsSync(file)) throw new DataFormatError(`${file}: missing (node labels of an OGB node-property dataset)`);
  const t = featureTable(readOgbTable(file));
  checkRows(file, t.rows, numNodes, 'the node count');
  return tableRows(t, 0, t.rows);
}

function readHeteroLabels(rawDir: string, numNodes: Record<string, number>): Record<string, Tensor> {
  const file = join(rawDir, 'nodetype-has-label.csv.gz');
  const labels: Record<string, Tensor> = {};
  [...readHeaderRecord(file)].forEach(([ty, cell], i) => {
    if (!parseBool(cell, file, i + 1)) return;
    if (!(ty in numNodes)) throw new DataFormatError(`${file}: column ${i + 1}: node type '${ty}' is not in num-node-dict.csv.gz`);
    labels[ty] = readLabelFile(join(rawDir, 'node-label', ty, 'node-label.csv.gz'), numNodes[ty]);
  });
  if (Object.keys(labels).length === 0) throw new DataFormatError(`${file}: no node type has labels`);
  return labels;
}
