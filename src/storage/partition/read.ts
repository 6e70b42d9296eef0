/** Reads one part written by partitionGraph back as a local graph (DGL's dgl.distributed.load_partition). */
import { join } from 'node:path';
import { readNpy, type NpyArray } from '../../data/npy.js';
import { DataFormatError } from '../../errors.js';
import { Graph } from '../../graph/graph.js';
import { EID, NID } from '../../graph/ids.js';
import { SparseAdj } from '../../graph/sparse.js';
import { Tensor } from '../../tensor/tensor.js';
import { readPartbook, type Partbook } from './partbook.js';

/** One part in memory: its local graph, id maps and inner nodes' features. */
export interface LoadedPartition {
  book: Partbook;
  part: number;
  /**
   * The local graph over inner + halo nodes (inner first) with every in-edge of the inner nodes;
   * ndata `_ID` = global node id, `innerNode` = 1 for inner nodes; edata `_ID` = global edge id.
   */
  graph: Graph;
  /** Global ids of the inner nodes, ascending (local ids 0..numInner-1). */
  inner: Int32Array;
  /** Global ids of the halo nodes, ascending (local ids numInner..). */
  halo: Int32Array;
  /** Global id per local id (inner then halo). */
  localToGlobal: Int32Array;
  /** Inner nodes' feature rows by name. */
  features: Record<string, Tensor>;
  /** Local id of each global id (-1 where the part has no such node). */
  globalToLocal(ids: Int32Array): Int32Array;
}

function readChecked(file: string, want: 'int32' | 'any', length?: number): NpyArray {
  const { data, shape } = readNpy(file);
  if (want === 'int32' && !(data instanceof Int32Array)) throw new DataFormatError(`${file}: expected int32 ids`);
  if (length !== undefined && (shape.length !== 1 || data.length !== length)) {
    throw new DataFormatError(`${file}: expected ${length} entries, found shape [${shape.join(', ')}]`);
  }
  return data;
}

function lowerBound(a: Int32Array, x: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; }
  return lo;
}

/** Loads part `part` of the partition in `dir` (sizes and ids checked against the partition book). */
export function loadPartition(dir: string, part: number): LoadedPartition {
  const book = readPartbook(dir);
  if (!(Number.isInteger(part) && part >= 0 && part < book.numParts)) throw new RangeError(`loadPartition: part must be an integer in [0, ${book.numParts}), got ${part}`);
  const p = book.parts[part];
  const pdir = join(dir, p.dir);
  const numLocal = p.numInner + p.numHalo;
  const localToGlobal = readChecked(join(pdir, 'local-to-global.npy'), 'int32', numLocal) as Int32Array;
  for (let i = 0; i < numLocal; i++) {
    const v = localToGlobal[i];
    if (!(v >= 0 && v < book.numNodes)) throw new DataFormatError(`${join(pdir, 'local-to-global.npy')}: entry ${i} is ${v}, outside [0, ${book.numNodes})`);
    if (i > 0 && i !== p.numInner && v <= localToGlobal[i - 1]) throw new DataFormatError(`${join(pdir, 'local-to-global.npy')}: inner and halo ids must each ascend (entry ${i})`);
  }
  const indptr = readChecked(join(pdir, 'indptr.npy'), 'int32', numLocal + 1) as Int32Array;
  const indices = readChecked(join(pdir, 'indices.npy'), 'int32', p.numEdges) as Int32Array;
  const eids = readChecked(join(pdir, 'eids.npy'), 'int32', p.numEdges) as Int32Array;
  for (let i = 0; i < eids.length; i++) {
    if (!(eids[i] >= 0 && eids[i] < book.numEdges)) throw new DataFormatError(`${join(pdir, 'eids.npy')}: entry ${i} is ${eids[i]}, outside [0, ${book.numEdges})`);
  }
  const adj = SparseAdj.fromCsc(indptr, indices, null, numLocal, numLocal, `${pdir} (local CSC)`);
  const graph = Graph.fromSpec({ ntypes: ['_N'], numNodes: [numLocal], relations: [{ srcType: '_N', etype: '_E', dstType: '_N', adj }] });
  graph.ndata.set(NID, new Tensor(localToGlobal, [numLocal], 'int32'));
  graph.ndata.set('innerNode', new Tensor(Uint8Array.from({ length: numLocal }, (_, i) => (i < p.numInner ? 1 : 0)), [numLocal], 'uint8'));
  // The CSC's positions are the local edge ids in COO order; map each to its global id.
  const cooEid = adj.csc().eids;
  const globalEid = new Int32Array(p.numEdges);
  for (let q = 0; q < p.numEdges; q++) globalEid[cooEid === null ? q : cooEid[q]] = eids[q];
  graph.edata.set(EID, new Tensor(globalEid, [p.numEdges], 'int32'));
  const features: Record<string, Tensor> = {};
  for (const [name, f] of Object.entries(book.nodeFeatures)) {
    const file = join(pdir, f.file);
    const { data, shape } = readNpy(file);
    const want = [p.numInner, ...f.rowShape];
    if (shape.length !== want.length || shape.some((s, i) => s !== want[i])) throw new DataFormatError(`${file}: shape [${shape.join(', ')}], expected [${want.join(', ')}]`);
    features[name] = new Tensor(data, want, f.dtype);
  }
  const inner = localToGlobal.subarray(0, p.numInner), halo = localToGlobal.subarray(p.numInner);
  const globalToLocal = (ids: Int32Array): Int32Array => Int32Array.from(ids, (g) => {
    const a = lowerBound(inner, g);
    if (a < inner.length && inner[a] === g) return a;
    const b = lowerBound(halo, g);
    return b < halo.length && halo[b] === g ? p.numInner + b : -1;
  });
  return { book, part, graph, inner, halo, localToGlobal, features, globalToLocal };
}
