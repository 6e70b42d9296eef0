/**
 * A small test-local reader of OGB's raw graph-property CSV layout (raw/*.csv.gz, split/scaffold);
 * the library's own OGB loader is written elsewhere. Edges are stored once and made bidirected,
 * as OGB's read_csv_graph_raw does for the molecule datasets.
 */
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as dg from '../../src/index.js';

function rows(dir: string, name: string): number[][] {
  const text = gunzipSync(readFileSync(join(dir, name))).toString('utf8').trim();
  return text.length === 0 ? [] : text.split('\n').map((l) => l.split(',').map(Number));
}

export interface OgbGraphSet {
  graphs: dg.Graph[];
  labels: Float32Array;
  split: { train: Int32Array; valid: Int32Array; test: Int32Array };
  /** Categories per node / edge feature column (largest value + 1 over the dataset). */
  atomDims: number[];
  bondDims: number[];
}

/** Each graph with ndata 'feat' (int32 [n, 9]) and edata 'feat' (int32 [2e, 3]). */
export function readOgbGraphs(dir: string): OgbGraphSet {
  const nodeCounts = rows(dir, 'raw/num-node-list.csv.gz').map((r) => r[0]);
  const edgeCounts = rows(dir, 'raw/num-edge-list.csv.gz').map((r) => r[0]);
  const edges = rows(dir, 'raw/edge.csv.gz'), nodeFeat = rows(dir, 'raw/node-feat.csv.gz'), edgeFeat = rows(dir, 'raw/edge-feat.csv.gz');
  const labels = Float32Array.from(rows(dir, 'raw/graph-label.csv.gz'), (r) => r[0]);
  if (nodeFeat.length !== nodeCounts.reduce((a, b) => a + b, 0) || edges.length !== edgeCounts.reduce((a, b) => a + b, 0)) {
    throw new Error(`${dir}: node / edge rows do not match num-node-list / num-edge-list`);
  }
  const dims = (table: number[][]): number[] => table[0].map((_, c) => 1 + Math.max(...table.map((r) => r[c])));
  let n0 = 0, e0 = 0;
  const graphs = nodeCounts.map((n, i) => {
    const m = edgeCounts[i];
    const es = edges.slice(e0, e0 + m), efs = edgeFeat.slice(e0, e0 + m);
    const src = Int32Array.from([...es.map((e) => e[0]), ...es.map((e) => e[1])]);
    const dst = Int32Array.from([...es.map((e) => e[1]), ...es.map((e) => e[0])]);
    const g = dg.graph([src, dst], { numNodes: n });
    g.ndata.set('feat', dg.tensor(Int32Array.from(nodeFeat.slice(n0, n0 + n).flat()), { shape: [n, nodeFeat[0].length], dtype: 'int32' }));
    g.edata.set('feat', dg.tensor(Int32Array.from([...efs, ...efs].flat()), { shape: [2 * m, edgeFeat[0].length], dtype: 'int32' }));
    n0 += n; e0 += m;
    return g;
  });
  const split = (name: string): Int32Array => Int32Array.from(rows(dir, `split/scaffold/${name}.csv.gz`), (r) => r[0]);
  return { graphs, labels, split: { train: split('train'), valid: split('valid'), test: split('test') }, atomDims: dims(nodeFeat), bondDims: dims(edgeFeat) };
}

/** OGB's AtomEncoder / BondEncoder: one embedding per categorical column, summed. */
export class CategoricalEncoder extends dg.nn.Module {
  readonly tables: dg.nn.ModuleList<dg.nn.Embedding>;
  constructor(dims: readonly number[], readonly size: number) {
    super();
    this.tables = this.registerModule('tables', new dg.nn.ModuleList(dims.map((d) => {
      const e = new dg.nn.Embedding(d, size);
      dg.nn.init.xavierUniform(e.weight);
      return e;
    })));
  }
  forward(x: dg.Tensor): dg.Tensor {
    const cols = x.shape[1];
    let out: dg.Tensor | null = null;
    for (let c = 0; c < cols; c++) {
      const idx = Int32Array.from({ length: x.shape[0] }, (_, r) => x.data[r * cols + c]);
      const e = this.tables.get(c).forward(idx);
      out = out === null ? e : out.add(e);
    }
    return out!;
  }
}
