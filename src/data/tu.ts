import { graph, type Graph } from '../graph/index.js';
import { tensor } from '../tensor/creation.js';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Dataset, fetchBytes, rawFolder, requireFiles, type DatasetOptions, type GraphTransform } from './dataset.js';
import { readTu, type TuArrays } from './tu-raw.js';
import { readZip } from './zip.js';
import { writeFileAtomic } from './atomic-write.js';

/** Where TU Dortmund publishes each dataset as <name>.zip. */
export const TU_URL = 'https://www.chrsmrrs.com/graphkerneldatasets';

/**
 * A TU Dortmund graph-classification dataset (Morris et al. 2020) read from its raw text files
 * DS_A, DS_graph_indicator, DS_graph_labels and, when present, DS_node_labels, DS_node_attributes,
 * DS_edge_labels (point rawDir at the folder holding them). Item i is [graph, label] with label in
 * 0..numClasses-1 (original values in sorted order, see labelValues).
 * ndata: feat = one-hot node labels (float32; the node attributes when there are no node labels),
 * nodeLabel (int32), nodeAttr (float32) when present; edata: edgeLabel (int32) when present.
 */
export class TUDataset extends Dataset<[Graph, number]> {
  readonly name: string;
  readonly numClasses: number;
  /** Graph labels remapped to 0..numClasses-1. */
  readonly labels: Int32Array;
  /** The original label value of each class. */
  readonly labelValues: readonly number[];
  /** Width of ndata feat (0 when the dataset has neither node labels nor attributes). */
  readonly numFeatures: number;
  private readonly raw: TuArrays;
  private readonly cache: Array<Graph | undefined>;
  private readonly transform: GraphTransform | undefined;

  constructor(name: string, opts: DatasetOptions = {}) {
    super();
    this.name = name;
    this.raw = readTu(rawFolder(name, opts), name, opts);
    this.labels = this.raw.graphLabels;
    this.labelValues = this.raw.labelValues;
    this.numClasses = this.raw.labelValues.length;
    this.numFeatures = this.raw.nodeLabels !== null ? this.raw.numNodeLabels : this.raw.nodeAttrDim;
    this.cache = new Array<Graph | undefined>(this.raw.numGraphs);
    this.transform = opts.transform;
  }

  /** Reads `name` from rawDir or the cache, first downloading and unpacking <name>.zip when it is missing. */
  static async load(name: string, opts: DatasetOptions = {}): Promise<TUDataset> {
    await TUDataset.download(name, opts);
    return new TUDataset(name, opts);
  }

  /** Downloads <name>.zip and unpacks its DS_*.txt files into the cache folder (atomically, file by file). */
  static async download(name: string, opts: DatasetOptions = {}): Promise<string> {
    const dir = rawFolder(name, opts);
    const required = ['A', 'graph_indicator', 'graph_labels'].map((s) => `${name}_${s}.txt`);
    if (required.every((f) => existsSync(join(dir, f)))) return dir;
    if (opts.rawDir !== undefined || opts.download === false) requireFiles(name, dir, required);
    const url = `${TU_URL}/${name}.zip`;
    for (const [path, data] of readZip(await fetchBytes(url), url)) {
      const file = basename(path);
      if (file.startsWith(`${name}_`) && file.endsWith('.txt')) writeFileAtomic(join(dir, file), data);
    }
    requireFiles(name, dir, required);
    return dir;
  }

  get length(): number { return this.raw.numGraphs; }

  protected item(i: number): [Graph, number] {
    let g = this.cache[i];
    if (g === undefined) {
      g = this.build(i);
      if (this.transform) g = this.transform(g);
      this.cache[i] = g;
    }
    return [g, this.labels[i]];
  }

  private build(i: number): Graph {
    const r = this.raw;
    const n0 = r.nodeOffsets[i], n1 = r.nodeOffsets[i + 1], e0 = r.edgeOffsets[i], e1 = r.edgeOffsets[i + 1];
    const n = n1 - n0;
    const g = graph([r.src.subarray(e0, e1), r.dst.subarray(e0, e1)], { numNodes: n });
    if (r.nodeLabels !== null) {
      const labels = r.nodeLabels.slice(n0, n1);
      const width = r.numNodeLabels;
      const oneHot = new Float32Array(n * width);
      for (let v = 0; v < n; v++) oneHot[v * width + labels[v]] = 1;
      g.ndata.set('feat', tensor(oneHot, { shape: [n, width] }));
      g.ndata.set('nodeLabel', tensor(labels));
    }
    if (r.nodeAttributes !== null) {
      const d = r.nodeAttrDim;
      const attr = tensor(r.nodeAttributes.slice(n0 * d, n1 * d), { shape: [n, d] });
      g.ndata.set('nodeAttr', attr);
      if (r.nodeLabels === null) g.ndata.set('feat', attr);
    }
    if (r.edgeLabels !== null) g.edata.set('edgeLabel', tensor(r.edgeLabels.slice(e0, e1)));
    return g;
  }
}
