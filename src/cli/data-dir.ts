/**
 * `--data DIR`: a folder of the user's own data. detectDataDir says what kind of folder it is
 * (one branch per format), loadDataDir reads it, and the task builders turn the loaded dataset
 * into what a training task needs (node, typed-entity, graph or link data).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CSVDataset } from '../data/csv/dataset.js';
import type { Graph } from '../graph/index.js';
import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../tensor/random.js';
import { UsageError } from './args.js';
import type { NodeData, NodeSplit } from './datasets.js';
import type { EntityData } from './entity-train.js';

/** The folder formats --data reads; each has its own branch in detectDataDir and loadDataDir. */
export type DataDirKind = 'csv';

/** What kind of dataset folder `dir` is: meta.yaml => DGL's CSVDataset. */
export function detectDataDir(dir: string): DataDirKind {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--data ${dir}: no such folder`);
  if (existsSync(join(dir, 'meta.yaml'))) return 'csv';
  throw new UsageError(`--data ${dir}: not a dataset folder deepgraph knows (a CSVDataset folder has meta.yaml)`);
}

/** A loaded --data folder: one or more graphs, and graph-level data when there is any. */
export interface UserDataset { kind: DataDirKind; name: string; graphs: Graph[]; graphData: Record<string, Tensor>; source: CSVDataset }

export async function loadDataDir(dir: string): Promise<UserDataset> {
  const kind = detectDataDir(dir);
  switch (kind) {
    case 'csv': {
      const ds = await CSVDataset.load(dir);
      return { kind, name: ds.name, graphs: ds.graphs, graphData: ds.data, source: ds };
    }
  }
}

export type DataTask = 'node' | 'graph' | 'link';

/** The task a dataset implies: graph-level labels => graph; else node (link only when asked). */
export function defaultTask(d: UserDataset): DataTask {
  return d.graphs.length > 1 || 'label' in d.graphData ? 'graph' : 'node';
}

/** Train / validation / test fractions of `--split` (default 0.8,0.1,0.1). */
export type SplitFractions = readonly [number, number, number];
export const DEFAULT_SPLIT: SplitFractions = [0.8, 0.1, 0.1];

export function parseSplit(text: string): SplitFractions {
  const parts = text.split(',').map((x) => Number(x.trim()));
  if (parts.length !== 3 || parts.some((x) => !Number.isFinite(x) || x < 0) || Math.abs(parts[0] + parts[1] + parts[2] - 1) > 1e-6) {
    throw new UsageError(`--split must be three non-negative fractions summing to 1 (train,val,test), got '${text}'`);
  }
  return [parts[0], parts[1], parts[2]];
}

/** A seeded random split of `ids` by the fractions (sorted index lists). */
export function randomSplit(ids: Int32Array, f: SplitFractions, seed: number): [Int32Array, Int32Array, Int32Array] {
  const a = ids.slice(), rng = new Generator(seed);
  for (let i = a.length - 1; i > 0; i--) { const j = rng.nextInt(i + 1); const t = a[i]; a[i] = a[j]; a[j] = t; }
  const nTrain = Math.round(f[0] * a.length), nVal = Math.round(f[1] * a.length);
  const part = (s: number, e: number): Int32Array => a.slice(s, e).sort();
  return [part(0, nTrain), part(nTrain, nTrain + nVal), part(nTrain + nVal, a.length)];
}

const MASKS = [['train_mask', 'trainMask'], ['val_mask', 'valMask'], ['test_mask', 'testMask']] as const;
const RESERVED = new Set(['label', ...MASKS.flat()]);

function maskIdx(t: Tensor): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < t.size; i++) if (t.data[i]) out.push(i);
  return Int32Array.from(out);
}

/** The node features of one type as float32 [N, F]: the 'feat' column, else every other numeric column side by side. */
export function nodeFeatures(g: Graph, ntype: string): Tensor | undefined {
  const f = g.nodeFrame(ntype), n = g.numNodes(ntype);
  const cols = f.has('feat') ? [f.get('feat')] : f.entries().filter(([k, t]) => !RESERVED.has(k) && t.dtype !== 'bool').map(([, t]) => t);
  if (cols.length === 0) return undefined;
  const widths = cols.map((t) => (t.shape.length === 1 ? 1 : t.size / n)), total = widths.reduce((a, b) => a + b, 0);
  const out = new Float32Array(n * total);
  let at = 0;
  cols.forEach((t, c) => {
    const w = widths[c];
    for (let i = 0; i < n; i++) for (let j = 0; j < w; j++) out[i * total + at + j] = t.data[i * w + j];
    at += w;
  });
  return new Tensor(out, [n, total], 'float32');
}

/** Masks from the data when all three exist, else a seeded split of the labelled nodes. */
function nodeSplit(g: Graph, ntype: string, labels: Tensor, split: SplitFractions | undefined, seed: number): NodeSplit {
  const f = g.nodeFrame(ntype);
  const names = MASKS.map((alts) => alts.find((k) => f.has(k)));
  if (split === undefined && names.every((k) => k !== undefined)) {
    const [trainIdx, valIdx, testIdx] = names.map((k) => maskIdx(f.get(k!)));
    return { trainIdx, valIdx, testIdx, splitNote: `masks from the data (${names.join(', ')})` };
  }
  const s = split ?? DEFAULT_SPLIT;
  const labelled = Int32Array.from(maskIdx(new Tensor(Int32Array.from(labels.data, (v) => (v >= 0 ? 1 : 0)), [labels.size], 'int32')));
  const [trainIdx, valIdx, testIdx] = randomSplit(labelled, s, seed);
  return { trainIdx, valIdx, testIdx, splitNote: `random split ${s.join('/')} of the labelled nodes (seed ${seed}${split === undefined ? '; the data has no train/val/test masks' : ''})` };
}

function intLabels(t: Tensor | undefined, where: string): Tensor {
  if (t === undefined) throw new UsageError(`${where}: no 'label' column to classify`);
  if (t.dtype !== 'int32' || t.shape.length !== 1) throw new UsageError(`${where}: the 'label' column must hold one integer class per row (got ${t.dtype} [${t.shape.join(', ')}])`);
  return t;
}

const numClassesOf = (labels: Tensor): number => { let m = -1; for (const v of labels.data) m = Math.max(m, v); return m + 1; };

/** Node classification data: NodeData on a homogeneous graph, EntityData (R-GCN) on a typed one. */
export function nodeTaskData(d: UserDataset, split: SplitFractions | undefined, seed: number): NodeData | EntityData {
  if (d.graphs.length !== 1) throw new UsageError(`${d.name}: node classification needs one graph; this dataset has ${d.graphs.length} (use --task graph)`);
  const g = d.graphs[0];
  if (g.ntypes.length === 1 && g.canonicalEtypes.length === 1) {
    const nt = g.ntypes[0], labels = intLabels(g.nodeFrame(nt).has('label') ? g.nodeFrame(nt).get('label') : undefined, d.name);
    const features = nodeFeatures(g, nt);
    if (features === undefined) throw new UsageError(`${d.name}: the nodes have no feature columns (add a 'feat' column, e.g. "0.1,0.2,...")`);
    return { kind: 'node', name: d.name, graph: g, features, labels, numClasses: numClassesOf(labels), ...nodeSplit(g, nt, labels, split, seed) };
  }
  const labelled = g.ntypes.filter((t) => g.nodeFrame(t).has('label'));
  if (labelled.length !== 1) {
    throw new UsageError(`${d.name}: a typed graph needs a 'label' column on exactly one node type to classify; found it on ${labelled.length === 0 ? 'none' : labelled.join(', ')}`);
  }
  const category = labelled[0], labels = intLabels(g.nodeFrame(category).get('label'), `${d.name} (${category})`);
  return { kind: 'entity', name: d.name, graph: g, category, labels, numClasses: numClassesOf(labels), ...nodeSplit(g, category, labels, split, seed) };
}
