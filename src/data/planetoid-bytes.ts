/**
 * The Planetoid datasets from bytes, for browsers (and Node): files a page fetched or a user
 * dropped, or a base URL to fetch them from. Node's folder-reading classes (planetoid.ts) extend
 * these; the browser entry exports these under the same names, so that `new CoraGraphDataset()`
 * (which reads a folder) is a compile error there.
 */
import { DataFormatError } from '../errors.js';
import type { Graph } from '../graph/index.js';
import { nodeClassificationGraph } from './build.js';
import { verifyChecksumBytes, type RawReadOptions } from './checksums-known.js';
import { Dataset, fetchBytes, type GraphTransform } from './dataset-base.js';
import { PLANETOID_PARTS, parsePlanetoid, type NodeClassificationArrays } from './planetoid-parse.js';

/** The Planetoid citation datasets. */
export type PlanetoidName = 'cora' | 'citeseer' | 'pubmed';

const NAMES: readonly PlanetoidName[] = ['cora', 'citeseer', 'pubmed'];

/** A dropped `File` or any `Blob`, declared structurally so that the types need no DOM lib. */
export interface BlobLike {
  /** The bytes (Blob.arrayBuffer). */
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Raw file bytes as a page has them: fetched buffers, typed arrays, or dropped `File`s (Blobs). */
export type RawBytes = Uint8Array | ArrayBuffer | BlobLike;

/** Raw files by name (`ind.cora.x`, ...); a key may carry a folder (`cora/ind.cora.x`). */
export type RawFiles = ReadonlyMap<string, RawBytes> | Readonly<Record<string, RawBytes>>;

/** Options of `fromFiles` / `fromUrl`. */
export interface PlanetoidBytesOptions extends RawReadOptions {
  /** Which dataset (implied by CoraGraphDataset & co; PlanetoidDataset infers it from the file names). */
  name?: PlanetoidName;
  /** Applied once to the graph (DGL's `transform=`). */
  transform?: GraphTransform;
}

const baseName = (key: string): string => key.slice(Math.max(key.lastIndexOf('/'), key.lastIndexOf('\\')) + 1);

async function bytesOf(b: RawBytes): Promise<Uint8Array> {
  if (b instanceof Uint8Array) return b;
  if (b instanceof ArrayBuffer) return new Uint8Array(b);
  return new Uint8Array(await b.arrayBuffer());
}

function inferName(names: readonly string[]): PlanetoidName {
  const found = NAMES.filter((n) => names.includes(`ind.${n}.graph`));
  if (found.length !== 1) {
    throw new DataFormatError(`PlanetoidDataset.fromFiles: cannot tell the dataset from the files (${names.join(', ') || 'none'}); ` +
      `pass { name: 'cora' | 'citeseer' | 'pubmed' } or the eight ind.<name>.* files of one dataset`);
  }
  return found[0];
}

/**
 * A Planetoid citation graph (Yang et al. 2016) with the public split, built exactly as DGL and PyG
 * do, from raw-file bytes. One item: the graph (ndata feat, label, trainMask, valMask, testMask).
 */
export class PlanetoidDataset extends Dataset<Graph> {
  readonly name: string;
  readonly numClasses: number;
  readonly numFeatures: number;
  readonly graph: Graph;

  /** The Planetoid name a subclass stands for (CoraGraphDataset: 'cora'); fromFiles infers it otherwise. */
  static readonly datasetName: PlanetoidName | undefined = undefined;

  /** Builds the dataset from parsed arrays (use fromFiles / fromUrl, or Node's folder constructors). */
  protected constructor(name: string, arrays: NodeClassificationArrays, transform?: GraphTransform) {
    super();
    this.name = name;
    this.numClasses = arrays.numClasses;
    this.numFeatures = arrays.numFeatures;
    const g = nodeClassificationGraph(arrays);
    this.graph = transform ? transform(g) : g;
  }

  /**
   * Parses the eight `ind.<name>.*` files from memory (a Map or object keyed by file name, e.g.
   * the files a user dropped on a page), checking the published SHA-256 of each with WebCrypto.
   * A missing file is a DataFormatError naming it.
   */
  static async fromFiles(files: RawFiles, opts: PlanetoidBytesOptions = {}): Promise<PlanetoidDataset> {
    const entries: [string, RawBytes][] = files instanceof Map ? [...files] : Object.entries(files);
    const byName = new Map<string, RawBytes>(entries.map(([k, v]) => [baseName(k), v]));
    const name = opts.name ?? this.datasetName ?? inferName([...byName.keys()]);
    const wanted = PLANETOID_PARTS.map((p) => `ind.${name}.${p}`);
    const missing = wanted.filter((f) => !byName.has(f));
    if (missing.length > 0) throw new DataFormatError(`${name}: missing raw file${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
    const bytes = new Map<string, Uint8Array>();
    for (const f of wanted) {
      const b = await bytesOf(byName.get(f) as RawBytes);
      await verifyChecksumBytes(f, b, opts);
      bytes.set(f, b);
    }
    return PlanetoidDataset.fromArrays(name, parsePlanetoid(name, { read: (f) => bytes.get(f) as Uint8Array, where: (f) => f }, opts), opts.transform);
  }

  /** Fetches `<base>/ind.<name>.*` (relative URLs resolve against the page) and parses them as fromFiles does. */
  static async fromUrl(base: string | { readonly href: string }, opts: PlanetoidBytesOptions = {}): Promise<PlanetoidDataset> {
    const name = opts.name ?? this.datasetName;
    if (name === undefined) throw new DataFormatError("PlanetoidDataset.fromUrl: pass { name: 'cora' | 'citeseer' | 'pubmed' }");
    const root = (typeof base === 'string' ? base : base.href).replace(/\/+$/, '');
    const fetched = await Promise.all(PLANETOID_PARTS.map((p) => fetchBytes(`${root}/ind.${name}.${p}`)));
    const files = new Map<string, RawBytes>(PLANETOID_PARTS.map((p, i) => [`ind.${name}.${p}`, fetched[i]]));
    return PlanetoidDataset.fromFiles(files, { ...opts, name });
  }

  /** Wraps already-parsed arrays (e.g. from readPlanetoid) as a dataset. */
  static fromArrays(name: string, arrays: NodeClassificationArrays, transform?: GraphTransform): PlanetoidDataset {
    return new PlanetoidDataset(name, arrays, transform);
  }

  get length(): number { return 1; }
  protected item(): Graph { return this.graph; }
}

/** Cora (2708 papers, 7 classes) from bytes: `await CoraGraphDataset.fromUrl('data/cora')`. */
export class CoraGraphDataset extends PlanetoidDataset {
  /** The Planetoid name fromFiles / fromUrl read. */
  static override readonly datasetName: PlanetoidName | undefined = 'cora';
}

/** CiteSeer (3327 papers, 6 classes) from bytes. */
export class CiteseerGraphDataset extends PlanetoidDataset {
  /** The Planetoid name fromFiles / fromUrl read. */
  static override readonly datasetName: PlanetoidName | undefined = 'citeseer';
}

/** PubMed (19717 papers, 3 classes) from bytes. */
export class PubmedGraphDataset extends PlanetoidDataset {
  /** The Planetoid name fromFiles / fromUrl read. */
  static override readonly datasetName: PlanetoidName | undefined = 'pubmed';
}
