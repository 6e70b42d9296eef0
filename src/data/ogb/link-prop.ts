/**
 * OGB link property prediction (ogbl-*) from OGB's folder layout: the graph as OGB's LinkPropPredDataset
 * reads it, and the edge split. OGB ships each split part as a torch file (`split/<split>/train.pt`, a dict
 * such as { edge, edge_neg, weight, year } or { source_node, target_node, target_node_neg }); the CSV
 * equivalent read here holds each key as `split/<split>/<part>/<key>.csv.gz` (one row per edge / query).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { Graph } from '../../graph/index.js';
import { readOgbTable, withStreamedTables } from './table-source.js';
import { OgbDataset, ogbDatasetDir, type OgbDatasetOptions } from './ogb-dataset.js';
import { buildOgbGraph, featureTable, readOgbGraphsRaw, tableRows } from './read-raw.js';
import { buildOgbHeteroGraph, readOgbHeteroRaw } from './read-hetero.js';
import { SPLIT_PARTS } from './split.js';

/** One part of the edge split: OGB's dict keys (edge, edge_neg, weight, year, source_node, ...) to tensors. */
export type OgbEdgeSplitPart = Record<string, Tensor>;
/** OGB's get_edge_split() result: the train, valid and test parts. */
export interface OgbEdgeSplit { train: OgbEdgeSplitPart; valid: OgbEdgeSplitPart; test: OgbEdgeSplitPart }

/** Keys whose values are node ids (checked against the node count). */
const NODE_KEYS = new Set(['edge', 'edge_neg', 'source_node', 'target_node', 'target_node_neg', 'head', 'tail', 'head_neg', 'tail_neg']);

/** `new OgbLinkPropPredDataset('ogbl-collab', { root })` reads `root/ogbl_collab`; item 0 is the graph. */
export class OgbLinkPropPredDataset extends OgbDataset<Graph> {
  readonly graph: Graph;

  constructor(name: string, opts: OgbDatasetOptions = {}) {
    super(name, 'link', opts);
    const rawDir = this.rawDir;
    if (this.isHetero) {
      this.graph = buildOgbHeteroGraph(readOgbHeteroRaw(rawDir, this.meta.additionalNodeFiles, this.meta.additionalEdgeFiles));
    } else {
      const raw = readOgbGraphsRaw(rawDir, this.meta.additionalNodeFiles, this.meta.additionalEdgeFiles);
      if (raw.numGraphs !== 1) throw new DataFormatError(`${join(rawDir, 'num-node-list.csv.gz')}: ${raw.numGraphs} graphs; a link-property dataset holds one`);
      this.graph = buildOgbGraph(raw, 0, this.meta.addInverseEdge);
    }
    if (opts.transform) this.graph = opts.transform(this.graph);
  }

  /**
   * As the constructor, but every raw table is first stream-decompressed (node:zlib), one file at a time,
   * so a large dataset's text is never held whole.
   */
  static load(name: string, opts: OgbDatasetOptions = {}): Promise<OgbLinkPropPredDataset> {
    return withStreamedTables([join(ogbDatasetDir(name, opts), 'raw')], () => new OgbLinkPropPredDataset(name, opts));
  }

  get length(): number { return 1; }

  protected item(): Graph { return this.graph; }

  /** OGB's get_edge_split(): every `<key>.csv.gz` of each part folder; node ids checked against the node count. */
  getEdgeSplit(splitName: string = this.meta.split): OgbEdgeSplit {
    const dir = join(this.root, 'split', splitName);
    const bound = Math.max(...this.graph.ntypes.map((t) => this.graph.numNodes(t)));
    const parts = SPLIT_PARTS.map((p) => {
      const partDir = join(dir, p);
      if (!existsSync(partDir)) throw new DataFormatError(`${partDir}: missing (the CSV form of OGB's ${p}.pt: one <key>.csv.gz per dict key)`);
      const out: OgbEdgeSplitPart = {};
      for (const f of readdirSync(partDir).filter((x) => x.endsWith('.csv.gz')).sort()) {
        const key = f.slice(0, -'.csv.gz'.length), file = join(partDir, f);
        const t = featureTable(readOgbTable(file));
        if (NODE_KEYS.has(key)) {
          const bad = t.data.findIndex((v) => !(v >= 0 && v < bound && Number.isInteger(v)));
          if (bad >= 0) {
            throw new DataFormatError(`${file}: line ${Math.floor(bad / t.cols) + 1}, column ${(bad % t.cols) + 1}: node ${t.data[bad]} is out of range (${bound} nodes)`);
          }
        }
        const tensor = tableRows(t, 0, t.rows);
        out[key] = t.cols === 1 && !key.endsWith('_neg') ? new Tensor(tensor.data, [t.rows], tensor.dtype) : tensor;
      }
      if (Object.keys(out).length === 0) throw new DataFormatError(`${partDir}: no .csv.gz files`);
      return out;
    });
    return { train: parts[0], valid: parts[1], test: parts[2] };
  }
}
