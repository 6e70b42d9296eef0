/**
 * Builds an on-disk dataset without holding the graph in memory: edges arrive in chunks and are
 * appended to per-destination-range bucket files; `finish` sorts one bucket at a time into the
 * CSC (memory: one bucket's edges), features are appended row block by row block, and the
 * manifest is written last, atomically, so a folder without metadata.yaml is an unfinished write.
 */
import { closeSync, mkdirSync, openSync, readSync, rmSync, writeSync, fstatSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../data/atomic-write.js';
import { writeNpy } from '../data/npy.js';
import { DataFormatError } from '../errors.js';
import type { StorageArray, StorageDType } from './chunked.js';
import { type DatasetMetadata, type FeatureEntry, type TaskEntry, METADATA_FILE, STORAGE_FORMAT_VERSION, metadataText } from './metadata.js';
import { NpyStreamWriter } from './npy-writer.js';
import { dtypeOf } from './feature.js';
import { CscColumnWriter, edgeFolder } from './csc-writer.js';

/** Options of `DatasetWriter`. */
export interface DatasetWriterOptions {
  /** dataset_name in the manifest. */
  name?: string;
  /** Node count per node type (one type: { _N: n }). */
  nodes: Readonly<Record<string, number>>;
  /** Destination nodes per sort bucket: bounds the memory of building the CSC. Default 2^20. */
  bucketNodes?: number;
}

/** A task's seed sets (node ids of one type) as given to `setTask`. */
export interface TaskSpec {
  name?: string;
  numClasses?: number;
  /** Node type of the seeds; default the only one. */
  type?: string;
  train?: Int32Array;
  validation?: Int32Array;
  test?: Int32Array;
}

interface Relation {
  type: string;
  srcType: string;
  dstType: string;
  numSrc: number;
  numDst: number;
  buckets: number[];
  edges: number;
}

const safe = (s: string): string => s.replace(/[^\w.-]/g, '_');

/** Streams edges, features and seed sets into `dir` as an on-disk dataset (docs/formats/on-disk-dataset.md). */
export class DatasetWriter {
  private readonly relations = new Map<string, Relation>();
  private readonly features: FeatureEntry[] = [];
  private readonly open = new Set<NpyStreamWriter>();
  private readonly tasks: TaskEntry[] = [];
  private readonly columns = new Map<string, CscColumnWriter>();
  private readonly bucketNodes: number;
  private readonly tmpDir: string;
  private finished = false;

  constructor(readonly dir: string, private readonly opts: DatasetWriterOptions) {
    const types = Object.entries(opts.nodes);
    if (types.length === 0) throw new RangeError('DatasetWriter: nodes must name at least one node type with its count');
    for (const [t, n] of types) if (!(Number.isInteger(n) && n >= 0 && n < 2 ** 31)) throw new RangeError(`DatasetWriter: node count of '${t}' must be an integer in [0, 2^31), got ${n}`);
    this.bucketNodes = opts.bucketNodes ?? 2 ** 20;
    if (!(Number.isInteger(this.bucketNodes) && this.bucketNodes >= 1)) throw new RangeError(`DatasetWriter: bucketNodes must be a positive integer, got ${this.bucketNodes}`);
    mkdirSync(dir, { recursive: true });
    this.tmpDir = join(dir, `.edges-${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
    mkdirSync(this.tmpDir);
  }

  private canonical(etype: string): string[] {
    const ntypes = Object.keys(this.opts.nodes);
    const parts = etype.split(':');
    const canon = parts.length === 3 ? parts : ntypes.length === 1 ? [ntypes[0], etype, ntypes[0]] : null;
    if (canon === null || !(canon[0] in this.opts.nodes) || !(canon[2] in this.opts.nodes)) {
      throw new RangeError(`DatasetWriter: edge type '${etype}' must be 'srcType:etype:dstType' over the node types ${ntypes.join(', ')}`);
    }
    return canon;
  }

  private relation(etype: string): Relation {
    const canon = this.canonical(etype);
    const key = canon.join(':');
    if (this.columns.has(key)) throw new RangeError(`DatasetWriter.addEdges: edge type '${key}' is already written column by column (cscEdges)`);
    let r = this.relations.get(key);
    if (r === undefined) {
      const numDst = this.opts.nodes[canon[2]];
      const nb = Math.max(1, Math.ceil(numDst / this.bucketNodes));
      const idx = this.relations.size;
      r = {
        type: key, srcType: canon[0], dstType: canon[2], numSrc: this.opts.nodes[canon[0]], numDst, edges: 0,
        buckets: Array.from({ length: nb }, (_, b) => openSync(join(this.tmpDir, `${idx}-${b}.bin`), 'w+')),
      };
      this.relations.set(key, r);
    }
    return r;
  }

  /** Appends edges src[i] -> dst[i] of one edge type ('_E' when there is one node type). */
  addEdges(etype: string, src: Int32Array, dst: Int32Array): void {
    this.checkOpen();
    if (src.length !== dst.length) throw new RangeError(`DatasetWriter.addEdges: ${src.length} sources but ${dst.length} destinations`);
    const r = this.relation(etype);
    const nb = r.buckets.length, bn = this.bucketNodes;
    const counts = new Int32Array(nb + 1);
    for (let i = 0; i < src.length; i++) {
      const s = src[i], d = dst[i];
      if (!(s >= 0 && s < r.numSrc)) throw new RangeError(`DatasetWriter.addEdges: source id ${s} at position ${i} is outside [0, ${r.numSrc}) of '${r.srcType}'`);
      if (!(d >= 0 && d < r.numDst)) throw new RangeError(`DatasetWriter.addEdges: destination id ${d} at position ${i} is outside [0, ${r.numDst}) of '${r.dstType}'`);
      counts[Math.floor(d / bn) + 1]++;
    }
    for (let b = 0; b < nb; b++) counts[b + 1] += counts[b];
    const pairs = new Int32Array(src.length * 2);
    const at = counts.slice(0, nb);
    for (let i = 0; i < src.length; i++) {
      const p = at[Math.floor(dst[i] / bn)]++;
      pairs[2 * p] = src[i]; pairs[2 * p + 1] = dst[i];
    }
    for (let b = 0; b < nb; b++) {
      const bytes = new Uint8Array(pairs.buffer, counts[b] * 8, (counts[b + 1] - counts[b]) * 8);
      let w = 0;
      while (w < bytes.length) w += writeSync(r.buckets[b], bytes, w, bytes.length - w);
    }
    r.edges += src.length;
  }

  /**
   * A writer of edge type `etype`'s CSC for producers that emit edges grouped by destination in
   * increasing order: no bucket files, no sort (`numEdges` is fixed up front). Closed by `finish`.
   */
  cscEdges(etype: string, numEdges: number): CscColumnWriter {
    this.checkOpen();
    const canon = this.canonical(etype);
    const key = canon.join(':');
    if (this.relations.has(key) || this.columns.has(key)) throw new RangeError(`DatasetWriter.cscEdges: edge type '${key}' is already being written`);
    const w = new CscColumnWriter(this.dir, key, this.opts.nodes[canon[0]], this.opts.nodes[canon[2]], numEdges);
    this.columns.set(key, w);
    return w;
  }

  /** A streaming writer of node feature `name` of `type` ([numNodes, ...rowShape]); append rows in id order. */
  nodeFeature(type: string, name: string, rowShape: readonly number[], dtype: StorageDType): NpyStreamWriter {
    this.checkOpen();
    const n = this.opts.nodes[type];
    if (n === undefined) throw new RangeError(`DatasetWriter.nodeFeature: unknown node type '${type}' (${Object.keys(this.opts.nodes).join(', ')})`);
    const path = `features/node/${safe(type)}/${safe(name)}.npy`;
    const w = new NpyStreamWriter(join(this.dir, path), dtype, [n, ...rowShape]);
    this.features.push({ domain: 'node', type, name, format: 'numpy', path, shape: [...rowShape] });
    this.open.add(w);
    return w;
  }

  /** Writes a whole node feature at once (rows of `rowShape`, in id order). */
  writeNodeFeature(type: string, name: string, data: StorageArray, rowShape: readonly number[] = []): void {
    const w = this.nodeFeature(type, name, rowShape, dtypeOf(data));
    w.append(data);
    w.close();
  }

  /** Records a task and writes its seed sets. */
  setTask(spec: TaskSpec): void {
    this.checkOpen();
    const type = spec.type ?? Object.keys(this.opts.nodes)[0];
    const n = this.opts.nodes[type];
    const name = spec.name ?? 'node_classification';
    const set = (kind: string, ids: Int32Array | undefined): TaskEntry['train_set'] => {
      if (ids === undefined) return undefined;
      for (let i = 0; i < ids.length; i++) if (!(ids[i] >= 0 && ids[i] < n)) throw new RangeError(`DatasetWriter.setTask: ${kind} id ${ids[i]} at position ${i} is outside [0, ${n})`);
      const path = `set/${safe(name)}-${kind}.npy`;
      writeNpy(join(this.dir, path), ids);
      return [{ type, data: [{ name: 'seeds', format: 'numpy', path }] }];
    };
    this.tasks.push({ name, num_classes: spec.numClasses, train_set: set('train', spec.train), validation_set: set('validation', spec.validation), test_set: set('test', spec.test) });
  }

  private checkOpen(): void {
    if (this.finished) throw new Error(`DatasetWriter: ${this.dir} is already finished`);
  }

  /** Sorts each edge type into its CSC, closes the features, writes metadata.yaml; returns the manifest. */
  finish(): DatasetMetadata {
    this.checkOpen();
    this.finished = true;
    try {
      for (const w of this.open) {
        if (w.count === 0 && w.shape.reduce((a, b) => a * b, 1) > 0) throw new DataFormatError(`DatasetWriter: feature ${w.file} was never written`);
        w.close();
      }
      const edges = [...[...this.relations.values()].map((r, i) => this.buildCsc(r, i)), ...[...this.columns.values()].map((c) => c.close())];
      const meta: DatasetMetadata = {
        dataset_name: this.opts.name ?? '', version: STORAGE_FORMAT_VERSION,
        graph_topology: { type: 'CSC', nodes: Object.entries(this.opts.nodes).map(([type, num]) => ({ type, num })), edges },
        feature_data: this.features, tasks: this.tasks,
      };
      writeFileAtomic(join(this.dir, METADATA_FILE), metadataText(meta));
      return meta;
    } finally {
      for (const w of this.open) w.abort();
      for (const c of this.columns.values()) c.abort();
      for (const r of this.relations.values()) for (const fd of r.buckets) { try { closeSync(fd); } catch { /* closed */ } }
      rmSync(this.tmpDir, { recursive: true, force: true });
    }
  }

  /** Abandons the write: temporary files are removed, no manifest is written. */
  abort(): void {
    if (this.finished) return;
    this.finished = true;
    for (const w of this.open) w.abort();
    for (const c of this.columns.values()) c.abort();
    for (const r of this.relations.values()) for (const fd of r.buckets) closeSync(fd);
    rmSync(this.tmpDir, { recursive: true, force: true });
  }

  private buildCsc(r: Relation, index: number): DatasetMetadata['graph_topology']['edges'][number] {
    const base = edgeFolder(r.type);
    const wide = r.edges >= 2 ** 31;
    const indptr = new NpyStreamWriter(join(this.dir, base, 'indptr.npy'), wide ? 'int64' : 'int32', [r.numDst + 1]);
    const indices = new NpyStreamWriter(join(this.dir, base, 'indices.npy'), 'int32', [r.edges]);
    try {
      let offset = 0;
      indptr.append(wide ? new BigInt64Array(1) : new Int32Array(1));
      r.buckets.forEach((fd, b) => {
        const lo = b * this.bucketNodes, hi = Math.min(r.numDst, lo + this.bucketNodes);
        const m = fstatSync(fd).size / 8;
        const pairs = new Int32Array(m * 2);
        const bytes = new Uint8Array(pairs.buffer);
        let got = 0;
        while (got < bytes.length) {
          const n = readSync(fd, bytes, got, bytes.length - got, got);
          if (n === 0) throw new DataFormatError(`DatasetWriter: bucket file ${index}-${b} ended early`);
          got += n;
        }
        // Counting sort by destination; stable, so a destination's in-edges keep their arrival order.
        const ptr = new Float64Array(hi - lo + 1);
        for (let e = 0; e < m; e++) ptr[pairs[2 * e + 1] - lo + 1]++;
        for (let v = 0; v < hi - lo; v++) ptr[v + 1] += ptr[v];
        const at = ptr.slice(0, hi - lo);
        const out = new Int32Array(m);
        for (let e = 0; e < m; e++) out[at[pairs[2 * e + 1] - lo]++] = pairs[2 * e];
        indices.append(out);
        const p = wide ? new BigInt64Array(hi - lo) : new Int32Array(hi - lo);
        for (let v = 0; v < hi - lo; v++) p[v] = (wide ? BigInt(offset + ptr[v + 1]) : offset + ptr[v + 1]) as never;
        indptr.append(p);
        offset += m;
      });
      indptr.close();
      indices.close();
    } catch (e) {
      indptr.abort(); indices.abort();
      throw e;
    }
    return { type: r.type, num: r.edges, indptr: { path: `${base}/indptr.npy` }, indices: { path: `${base}/indices.npy` } };
  }
}
