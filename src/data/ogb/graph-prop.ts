/**
 * OGB graph property prediction (ogbg-*) read from OGB's own folder layout, as DGL's
 * DglGraphPropPredDataset / PyG's PygGraphPropPredDataset build it from the raw files.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { Graph } from '../../graph/index.js';
import type { GraphTransform } from '../dataset.js';
import { readOgbTable, withStreamedTables } from './table-source.js';
import type { OgbMasterRow } from './master.js';
import { OgbDataset, ogbDatasetDir, type OgbDatasetOptions } from './ogb-dataset.js';
import { buildOgbGraph, checkRows, readOgbGraphsRaw, type OgbRawGraphs } from './read-raw.js';
import { readSplitDir, type OgbSplit } from './split.js';

/**
 * `new OgbGraphPropPredDataset('ogbg-molbace', { root })` reads `root/ogbg_molbace/raw/*.csv.gz`.
 * Item i is [graph, label]: ndata 'feat' int32 [n, 9] atom features, edata 'feat' int32 [2m, 3] bond
 * features, every bond stored in both directions ((u,v) then (v,u), as OGB's loaders add them);
 * label float32 [numTasks] with NaN where a task is unlabelled (multiclass datasets: int32 class ids).
 */
export class OgbGraphPropPredDataset extends OgbDataset<[Graph, Tensor]> {
  /** [numGraphs, numTasks] labels (float32 with NaN, or int32 for multiclass). */
  readonly labels: Tensor;
  private readonly raw: OgbRawGraphs;
  private readonly cache: Array<Graph | undefined>;
  private readonly transform: GraphTransform | undefined;

  constructor(name: string, opts: OgbDatasetOptions = {}) {
    super(name, 'graph', opts);
    const rawDir = this.rawDir;
    this.raw = readOgbGraphsRaw(rawDir, this.meta.additionalNodeFiles, this.meta.additionalEdgeFiles);
    this.labels = readGraphLabels(join(rawDir, 'graph-label.csv.gz'), this.raw.numGraphs, this.meta);
    this.cache = new Array<Graph | undefined>(this.raw.numGraphs);
    this.transform = opts.transform;
  }

  /**
   * As the constructor, but every raw table is first stream-decompressed (node:zlib), one file at a time,
   * so a large dataset's text is never held whole.
   */
  static load(name: string, opts: OgbDatasetOptions = {}): Promise<OgbGraphPropPredDataset> {
    return withStreamedTables([join(ogbDatasetDir(name, opts), 'raw')], () => new OgbGraphPropPredDataset(name, opts));
  }

  get length(): number { return this.raw.numGraphs; }

  /** Total nodes and stored (undirected) edges over all graphs, as OGB's tables count them. */
  get numNodesTotal(): number { return this.raw.nodeOffsets[this.raw.numGraphs]; }
  get numEdgesStored(): number { return this.raw.edgeOffsets[this.raw.numGraphs]; }

  /** OGB's get_idx_split(): `split/<split>/{train,valid,test}.csv.gz`, each index checked against length. */
  getIdxSplit(splitName: string = this.meta.split): OgbSplit {
    return readSplitDir(join(this.root, 'split', splitName), this.length, `graphs in ${this.name}`);
  }

  protected item(i: number): [Graph, Tensor] {
    let g = this.cache[i];
    if (g === undefined) {
      g = buildOgbGraph(this.raw, i, this.meta.addInverseEdge);
      if (this.transform) g = this.transform(g);
      this.cache[i] = g;
    }
    const t = this.numTasks;
    const row = this.labels.data.slice(i * t, (i + 1) * t) as Float32Array | Int32Array;
    return [g, new Tensor(row, [t], this.labels.dtype)];
  }
}

function readGraphLabels(file: string, numGraphs: number, meta: OgbMasterRow): Tensor {
  if (!existsSync(file)) throw new DataFormatError(`${file}: missing (graph labels of an OGB graph-property dataset)`);
  const multiclass = meta.taskType === 'multiclass classification';
  const t = readOgbTable(file);
  checkRows(file, t.rows, numGraphs, 'num-node-list.csv.gz');
  if (t.cols !== meta.numTasks) throw new DataFormatError(`${file}: ${t.cols} label columns, but OGB's master table gives ${meta.numTasks} tasks`);
  if (multiclass) {
    const bad = t.values.findIndex((v) => !Number.isInteger(v));
    if (bad >= 0) throw new DataFormatError(`${file}: line ${Math.floor(bad / t.cols) + 1}, column ${(bad % t.cols) + 1}: class label ${t.values[bad]} is not an integer`);
    return new Tensor(Int32Array.from(t.values), [t.rows, t.cols], 'int32');
  }
  return new Tensor(Float32Array.from(t.values), [t.rows, t.cols], 'float32');
}
