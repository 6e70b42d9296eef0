/**
 * An opened on-disk dataset (GraphBolt's OnDiskDataset): the manifest checked, every array's
 * header and file size checked, nothing read beyond that; arrays are mapped (or read by ranges)
 * and paged in on demand.
 */
import { Graph } from '../graph/graph.js';
import { SparseAdj } from '../graph/sparse.js';
import { DataFormatError, DeepGraphError } from '../errors.js';
import { readNpy } from '../data/npy.js';
import { join } from 'node:path';
import type { ChunkedArray, StorageAccess } from './chunked.js';
import { DiskFeature } from './feature.js';
import { type DatasetMetadata, type ItemSet, readMetadata } from './metadata.js';
import { openNpyArray } from './npy-array.js';

/** Options of `OnDiskDataset.open`. */
export interface OpenDatasetOptions {
  /** 'mmap' (default when the addon is built) or 'read' (byte ranges with fs: the TypeScript path). */
  access?: StorageAccess;
  /** Largest chunk of any array in bytes (default 1 GiB); small values exercise chunking. */
  chunkBytes?: number;
}

/** One edge type's in-edge CSC, as (possibly chunked) arrays. */
export interface CscArrays {
  /** Canonical 'srcType:etype:dstType'. */
  type: string;
  srcType: string;
  dstType: string;
  numSrc: number;
  numDst: number;
  numEdges: number;
  /** numDst + 1 offsets (int32, or int64 past 2^31 edges). */
  indptr: ChunkedArray;
  /** Source id of each in-edge, grouped by destination. */
  indices: ChunkedArray;
}

/** A task's seed sets, read into memory (they are small). */
export interface DatasetTask {
  name: string;
  numClasses: number | undefined;
  /** Node type of the seeds. */
  type: string;
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/** A dataset folder opened for reading: structure, features and tasks (docs/formats/on-disk-dataset.md). */
export class OnDiskDataset {
  readonly edges: readonly CscArrays[];
  private readonly features = new Map<string, DiskFeature>();
  private readonly numNodesByType: Map<string, number>;

  private constructor(readonly dir: string, readonly metadata: DatasetMetadata, readonly options: OpenDatasetOptions) {
    const m = metadata.graph_topology;
    this.numNodesByType = new Map(m.nodes.map((n) => [n.type, n.num]));
    const common = { access: options.access, chunkBytes: options.chunkBytes };
    this.edges = m.edges.map((e): CscArrays => {
      const [srcType, , dstType] = e.type.split(':');
      const numSrc = this.numNodesByType.get(srcType)!, numDst = this.numNodesByType.get(dstType)!;
      const indptr = openNpyArray(dir, e.indptr.path, { ...common, what: `edges ${e.type} indptr` }).array;
      const indices = openNpyArray(dir, e.indices.path, { ...common, what: `edges ${e.type} indices` }).array;
      if (indptr.dtype !== 'int32' && indptr.dtype !== 'int64') throw new DataFormatError(`${dir}: edges ${e.type} indptr must be int32 or int64, got ${indptr.dtype}`);
      if (indices.dtype !== 'int32') throw new DataFormatError(`${dir}: edges ${e.type} indices must be int32, got ${indices.dtype}`);
      if (indptr.length !== numDst + 1) throw new DataFormatError(`${dir}: edges ${e.type} indptr has ${indptr.length} entries, expected ${numDst + 1} (${dstType} nodes + 1)`);
      if (indices.length !== e.num) throw new DataFormatError(`${dir}: edges ${e.type} indices has ${indices.length} entries, the manifest says ${e.num} edges`);
      if (indptr.at(0) !== 0 || indptr.at(numDst) !== e.num) {
        throw new DataFormatError(`${dir}: edges ${e.type} indptr must run from 0 to ${e.num}, got ${indptr.at(0)} .. ${indptr.at(numDst)}`);
      }
      return { type: e.type, srcType, dstType, numSrc, numDst, numEdges: e.num, indptr, indices };
    });
    for (const f of metadata.feature_data) {
      const key = `${f.domain}/${f.type}/${f.name}`;
      const opened = openNpyArray(dir, f.path, { ...common, what: `feature ${key}`, rowShape: f.shape });
      const rows = f.domain === 'node' ? this.numNodesByType.get(f.type) : m.edges.find((e) => e.type === f.type)?.num;
      if (rows === undefined) throw new DataFormatError(`${dir}: feature ${key} names an unknown ${f.domain} type '${f.type}'`);
      if (opened.numRows !== rows) throw new DataFormatError(`${dir}: feature ${key} has ${opened.numRows} rows, the ${f.domain} type '${f.type}' has ${rows}`);
      this.features.set(key, new DiskFeature(opened.array, opened.rowShape, `feature ${key}`));
    }
  }

  /** Opens `dir` (reads metadata.yaml, checks every array it names). */
  static open(dir: string, opts: OpenDatasetOptions = {}): OnDiskDataset {
    return new OnDiskDataset(dir, readMetadata(dir), opts);
  }

  /** Node types in manifest order. */
  get ntypes(): string[] { return [...this.numNodesByType.keys()]; }

  /** Nodes of `type` (default: the only type). */
  numNodes(type?: string): number {
    const t = type ?? this.onlyType('numNodes');
    const n = this.numNodesByType.get(t);
    if (n === undefined) throw new DeepGraphError(`OnDiskDataset.numNodes: unknown node type '${t}' (${this.ntypes.join(', ')})`);
    return n;
  }

  private onlyType(op: string): string {
    if (this.numNodesByType.size !== 1) throw new DeepGraphError(`OnDiskDataset.${op}: the dataset has several node types (${this.ntypes.join(', ')}); name one`);
    return this.ntypes[0];
  }

  /** The CSC of an edge type (canonical or bare etype; default: the only one). */
  csc(etype?: string): CscArrays {
    if (etype === undefined) {
      if (this.edges.length !== 1) throw new DeepGraphError(`OnDiskDataset.csc: the dataset has ${this.edges.length} edge types; name one`);
      return this.edges[0];
    }
    const e = this.edges.find((x) => x.type === etype || x.type.split(':')[1] === etype);
    if (e === undefined) throw new DeepGraphError(`OnDiskDataset.csc: unknown edge type '${etype}' (${this.edges.map((x) => x.type).join(', ')})`);
    return e;
  }

  /** A node (or edge) feature store; the error lists the features that exist. */
  feature(name: string, opts: { domain?: 'node' | 'edge'; type?: string } = {}): DiskFeature {
    const domain = opts.domain ?? 'node';
    const type = opts.type ?? (domain === 'node' ? this.onlyType('feature') : this.csc().type);
    const f = this.features.get(`${domain}/${type}/${name}`);
    if (f === undefined) throw new DeepGraphError(`OnDiskDataset.feature: no ${domain} feature '${name}' of type '${type}'; features: ${[...this.features.keys()].join(', ') || 'none'}`);
    return f;
  }

  /**
   * The structure as an in-memory Graph whose CSC arrays are the mapped files (no copy with 'mmap';
   * validated once, which reads them). Needs every array in one chunk; chunked structure is sampled
   * with OnDiskNeighborSampler instead. Features stay in the stores.
   */
  graph(): Graph {
    const relations = this.edges.map((e) => {
      if (e.indptr.chunks.length > 1 || e.indices.chunks.length > 1) {
        throw new DeepGraphError(`OnDiskDataset.graph: edges ${e.type} are stored in ${Math.max(e.indptr.chunks.length, e.indices.chunks.length)} chunks, `
          + 'more than one in-memory array holds; sample them with OnDiskNeighborSampler and nodesOnlyGraph()');
      }
      const indptr = e.indptr.whole();
      const ptr = indptr instanceof Int32Array ? indptr : Int32Array.from(indptr as BigInt64Array, Number);
      const adj = SparseAdj.fromCsc(ptr, e.indices.whole() as Int32Array, null, e.numSrc, e.numDst, `${this.dir}: edges ${e.type}`);
      const [srcType, etype, dstType] = e.type.split(':');
      return { srcType, etype, dstType, adj };
    });
    return Graph.fromSpec({ ntypes: this.ntypes, numNodes: this.ntypes.map((t) => this.numNodes(t)), relations });
  }

  /** A graph with the dataset's node types and counts and its edge types, but no edges (what a DataLoader over OnDiskNeighborSampler needs). */
  nodesOnlyGraph(): Graph {
    const empty = new Int32Array(0);
    return Graph.fromSpec({
      ntypes: this.ntypes, numNodes: this.ntypes.map((t) => this.numNodes(t)),
      relations: this.edges.map((e) => ({ srcType: e.srcType, etype: e.type.split(':')[1], dstType: e.dstType, adj: SparseAdj.fromCoo(empty, empty, e.numSrc, e.numDst) })),
    });
  }

  /** A task's seed sets (default: the first task). */
  task(name?: string): DatasetTask {
    const t = name === undefined ? this.metadata.tasks[0] : this.metadata.tasks.find((x) => x.name === name);
    if (t === undefined) throw new DeepGraphError(`OnDiskDataset.task: no task ${name === undefined ? '' : `'${name}' `}(tasks: ${this.metadata.tasks.map((x) => x.name).join(', ') || 'none'})`);
    const type = t.train_set?.[0]?.type ?? this.ntypes[0];
    const seeds = (sets: ItemSet[] | undefined, kind: string): Int32Array => {
      const path = sets?.[0]?.data[0]?.path;
      if (path === undefined) return new Int32Array(0);
      const { data, shape } = readNpy(join(this.dir, path));
      if (!(data instanceof Int32Array) || shape.length !== 1) throw new DataFormatError(`${join(this.dir, path)}: ${kind} seeds must be a 1-d int32 or int64 array`);
      const n = this.numNodes(type);
      for (let i = 0; i < data.length; i++) if (!(data[i] >= 0 && data[i] < n)) throw new DataFormatError(`${join(this.dir, path)}: seed ${data[i]} at position ${i} is outside [0, ${n})`);
      return data;
    };
    return { name: t.name, numClasses: t.num_classes, type, train: seeds(t.train_set, 'train'), validation: seeds(t.validation_set, 'validation'), test: seeds(t.test_set, 'test') };
  }
}
