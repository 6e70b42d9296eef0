import { ensureRawFiles, rawFolder, type DatasetOptions } from './dataset.js';
import { readPlanetoid, type NodeClassificationArrays } from './planetoid-raw.js';
import { PLANETOID_PARTS } from './planetoid-parse.js';
import { PlanetoidDataset as PlanetoidBytes, type PlanetoidName } from './planetoid-bytes.js';

export type { PlanetoidName } from './planetoid-bytes.js';

/** Where the Planetoid authors publish the raw files (the same files ship in tkipf/gcn). */
export const PLANETOID_URL = 'https://github.com/kimiyoung/planetoid/raw/master/data';

/**
 * A Planetoid citation graph (Yang et al. 2016) with the public split, built exactly as DGL and PyG
 * do (see readPlanetoid), read from a folder. Features are the raw bag-of-words values; apply
 * `rowNormalize` for the normalised features of the GCN paper. One item: the graph. The bytes
 * constructors (fromFiles, fromUrl) come from the browser-safe base class.
 */
export class PlanetoidDataset extends PlanetoidBytes {
  /** Reads the raw files synchronously from opts.rawDir (or the cache folder); use `load` to download. */
  constructor(name: PlanetoidName, opts: DatasetOptions = {}) {
    super(name, PlanetoidDataset.process(rawFolder(name, opts), name, opts), opts.transform);
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
}

/** Cora (DGL's CoraGraphDataset) from a folder, or downloaded with `load`. */
export class CoraGraphDataset extends PlanetoidDataset {
  static override readonly datasetName: PlanetoidName | undefined = 'cora';
  constructor(opts: DatasetOptions = {}) { super('cora', opts); }
  /** Cora from the cache, downloading the raw files when they are missing (DGL's `CoraGraphDataset()`). */
  static async load(opts: DatasetOptions = {}): Promise<CoraGraphDataset> {
    await PlanetoidDataset.download('cora', opts);
    return new CoraGraphDataset(opts);
  }
}

/** CiteSeer (DGL's CiteseerGraphDataset) from a folder, or downloaded with `load`. */
export class CiteseerGraphDataset extends PlanetoidDataset {
  static override readonly datasetName: PlanetoidName | undefined = 'citeseer';
  constructor(opts: DatasetOptions = {}) { super('citeseer', opts); }
  /** CiteSeer from the cache, downloading the raw files when they are missing. */
  static async load(opts: DatasetOptions = {}): Promise<CiteseerGraphDataset> {
    await PlanetoidDataset.download('citeseer', opts);
    return new CiteseerGraphDataset(opts);
  }
}

/** PubMed (DGL's PubmedGraphDataset) from a folder, or downloaded with `load`. */
export class PubmedGraphDataset extends PlanetoidDataset {
  static override readonly datasetName: PlanetoidName | undefined = 'pubmed';
  constructor(opts: DatasetOptions = {}) { super('pubmed', opts); }
  /** PubMed from the cache, downloading the raw files when they are missing. */
  static async load(opts: DatasetOptions = {}): Promise<PubmedGraphDataset> {
    await PlanetoidDataset.download('pubmed', opts);
    return new PubmedGraphDataset(opts);
  }
}
