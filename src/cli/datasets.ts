import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Graph } from '../graph/index.js';
import { eye } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { PlanetoidDataset, type PlanetoidName } from '../data/planetoid.js';
import { TUDataset } from '../data/tu.js';
import { KarateClubDataset } from '../data/karate.js';
import { SyntheticNodeDataset } from '../data/synthetic.js';
import { rowNormalize } from '../data/transforms.js';
import { loadRdfEntity, type EntityData } from './entity-train.js';

export const DATASETS = ['synthetic', 'karate', 'cora', 'citeseer', 'pubmed', 'mutag', 'proteins', 'aifb', 'mutag-rdf'] as const;
/** Typed graphs whose entities are classified (R-GCN). */
export const ENTITY_DATASETS: readonly DatasetName[] = ['aifb', 'mutag-rdf'];
export type DatasetName = typeof DATASETS[number];

/** Which nodes train, validate and test, and how that split was made. */
export interface NodeSplit {
  trainIdx: Int32Array;
  valIdx: Int32Array;
  testIdx: Int32Array;
  /** How the split was made, for `deepgraph info`. */
  splitNote: string;
}

/** One graph with node labels and a train / validation / test split of its nodes. */
export interface NodeData extends NodeSplit {
  kind: 'node';
  name: string;
  /** The dataset's graph as loaded (no self-loops added; models add what they need). */
  graph: Graph;
  /** [N, F] float32 (row-normalised for the citation datasets, as in the GCN paper). */
  features: Tensor;
  /** [N] int32. */
  labels: Tensor;
  numClasses: number;
}

/** A graph-classification dataset: graphs with one-hot node-label features, one class per graph. */
export interface GraphData {
  kind: 'graph';
  name: string;
  graphs: Graph[];
  /** [numGraphs] class of each graph. */
  labels: Int32Array;
  numClasses: number;
  numFeatures: number;
}

export type LoadedData = NodeData | GraphData | EntityData;

const TU_NAMES: Partial<Record<DatasetName, string>> = { mutag: 'MUTAG', proteins: 'PROTEINS' };

/**
 * Loads a dataset by its CLI name. The citation and TU datasets read their raw files from
 * `dataDir` (the folder holding them, or a parent such as a data root with planetoid/raw or
 * tu/MUTAG inside); without `dataDir` they use the cache folder and download when online.
 */
export async function loadData(name: DatasetName, dataDir?: string): Promise<LoadedData> {
  switch (name) {
    case 'synthetic': {
      const ds = new SyntheticNodeDataset();
      return nodeDataOf(name, ds.graph, ds.numClasses,
        'stochastic block model (seed 0): 20 training nodes per class, 500 validation, 1000 test', false);
    }
    case 'karate': return karateData();
    case 'cora': case 'citeseer': case 'pubmed': {
      const opts = dataDir === undefined ? {} : { rawDir: planetoidDir(dataDir, name) };
      if (dataDir === undefined) await PlanetoidDataset.download(name, opts);
      const ds = new PlanetoidDataset(name, opts);
      return nodeDataOf(name, ds.graph, ds.numClasses,
        'Planetoid public split: the first len(y) nodes train, the next 500 validate, test.index test', true);
    }
    case 'mutag': case 'proteins': {
      const tuName = TU_NAMES[name] as string;
      const opts = dataDir === undefined ? {} : { rawDir: tuDir(dataDir, tuName) };
      const ds = dataDir === undefined ? await TUDataset.load(tuName, opts) : new TUDataset(tuName, opts);
      const graphs: Graph[] = [];
      for (const [g] of ds) graphs.push(g);
      return { kind: 'graph', name, graphs, labels: ds.labels, numClasses: ds.numClasses, numFeatures: ds.numFeatures };
    }
    case 'aifb': case 'mutag-rdf': return loadRdfEntity(name, dataDir, rdfDir);
  }
}

function indicesOf(mask: ArrayLike<number>): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) out.push(i);
  return Int32Array.from(out);
}

function nodeDataOf(name: DatasetName, g: Graph, numClasses: number, splitNote: string, normalize: boolean): NodeData {
  const feat = g.ndata.get('feat');
  return {
    kind: 'node', name, graph: g, numClasses, splitNote,
    features: normalize ? rowNormalize(feat) : feat,
    labels: g.ndata.get('label'),
    trainIdx: indicesOf(g.ndata.get('trainMask').data),
    valIdx: indicesOf(g.ndata.get('valMask').data),
    testIdx: indicesOf(g.ndata.get('testMask').data),
  };
}

/**
 * Karate club has no features and no standard split: as in DGL's introductory tutorial the input is
 * a one-hot id per member and only the two leaders (0 and 33) are labelled; the other 32 members
 * are both the validation and the test set.
 */
function karateData(): NodeData {
  const ds = new KarateClubDataset();
  const n = ds.graph.numNodes();
  const rest = Int32Array.from({ length: n - 2 }, (_, i) => i + 1);
  return {
    kind: 'node', name: 'karate', graph: ds.graph, features: eye(n), labels: ds.graph.ndata.get('label'),
    numClasses: ds.numClasses, trainIdx: Int32Array.from([0, n - 1]), valIdx: rest, testIdx: rest,
    splitNote: 'no standard split: members 0 and 33 train, the other 32 validate and test (DGL tutorial)',
  };
}

/** The folder under `dir` that holds ind.<name>.* (dir itself, raw/, planetoid/raw/); dir when none does. */
export function planetoidDir(dir: string, name: PlanetoidName): string {
  return firstHolding([dir, join(dir, 'raw'), join(dir, 'planetoid', 'raw'), join(dir, 'planetoid')], `ind.${name}.`) ?? dir;
}

/** The folder under `dir` that holds <NAME>_*.txt (dir itself, NAME/, tu/NAME/, NAME/raw/); dir when none does. */
export function tuDir(dir: string, tuName: string): string {
  return firstHolding([dir, join(dir, tuName), join(dir, 'tu', tuName), join(dir, tuName, 'raw')], `${tuName}_`) ?? dir;
}

/** The folder under `dir` that holds <name>_stripped.nt.gz (dir itself, name/, rdf/name/); dir when none does. */
export function rdfDir(dir: string, name: string): string {
  return firstHolding([dir, join(dir, name), join(dir, 'rdf', name)], `${name}_stripped`) ?? dir;
}

function firstHolding(candidates: string[], prefix: string): string | undefined {
  return candidates.find((d) => existsSync(d) && readdirSync(d).some((f) => f.startsWith(prefix)));
}
