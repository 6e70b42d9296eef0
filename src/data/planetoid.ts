import type { Graph } from '../graph/index.js';
import { Dataset, ensureRawFiles, rawFolder, type DatasetOptions } from './dataset.js';
import { nodeClassificationGraph } from './build.js';
import { PLANETOID_PARTS, readPlanetoid, type NodeClassificationArrays } from './planetoid-raw.js';

/** The Planetoid citation datasets. */
export type PlanetoidName = 'cora' | 'citeseer' | 'pubmed';

/** Where the Planetoid authors publish the raw files (the same files ship in tkipf/gcn). */
export const PLANETOID_URL = 'https://github.com/kimiyoung/planetoid/raw/master/data';

/**
 * A Planetoid citation graph (Yang et al. 2016) with the public split, built exactly as DGL and PyG
 * do (see readPlanetoid). Features are the raw bag-of-words values; apply `rowNormalize` for the
 * normalised features of the GCN paper. One item: the graph.
 */
export class PlanetoidDataset extends Dataset<Graph> {
  readonly name: string;
  readonly numClasses: number;
  readonly numFeatures: number;
  readonly graph: Graph;

  /** Reads the raw files synchronously from opts.rawDir (or the cache folder); use `load` to download. */
  constructor(name: PlanetoidName, opts: DatasetOptions = {}) {
    super();
    this.name = name;
    const arrays = PlanetoidDataset.process(rawFolder(name, opts), name, opts);
    this.numClasses = arrays.numClasses;
    this.numFeatures = arrays.numFeatures;
    const g = nodeClassificationGraph(arrays);
    this.graph = opts.transform ? opts.transform(g) : g;
  }

  /** Parses ind.<name>.* from a folder into typed arrays. */
  static process(dir: string, name: PlanetoidName, opts: DatasetOptions = {}): NodeClassificationArrays {
    return readPlanetoid(dir, name, opts);
  }

  /** Downloads the missing raw files of `name` into the cache (atomically) and returns the folder. */
  static download(name: PlanetoidName, opts: DatasetOptions = {}): Promise<string> {
    const files = PLANETOID_PARTS.map((p) => ({ file: `ind.${name}.${p}`, url: `${PLANETOID_URL}/ind.${name}.${p}` }));
    return ensureRawFiles(name, files, opts);
  }

  get length(): number { return 1; }
  protected item(): Graph { return this.graph; }
}

export class CoraGraphDataset extends PlanetoidDataset {
  constructor(opts: DatasetOptions = {}) { super('cora', opts); }
  /** Cora from the cache, downloading the raw files when they are missing (DGL's `CoraGraphDataset()`). */
  static async load(opts: DatasetOptions = {}): Promise<CoraGraphDataset> {
    await PlanetoidDataset.download('cora', opts);
    return new CoraGraphDataset(opts);
  }
}

export class CiteseerGraphDataset extends PlanetoidDataset {
  constructor(opts: DatasetOptions = {}) { super('citeseer', opts); }
  /** CiteSeer from the cache, downloading the raw files when they are missing. */
  static async load(opts: DatasetOptions = {}): Promise<CiteseerGraphDataset> {
    await PlanetoidDataset.download('citeseer', opts);
    return new CiteseerGraphDataset(opts);
  }
}

export class PubmedGraphDataset extends PlanetoidDataset {
  constructor(opts: DatasetOptions = {}) { super('pubmed', opts); }
  /** PubMed from the cache, downloading the raw files when they are missing. */
  static async load(opts: DatasetOptions = {}): Promise<PubmedGraphDataset> {
    await PlanetoidDataset.download('pubmed', opts);
    return new PubmedGraphDataset(opts);
  }
}
