/** `dg.storage.partitionGraph`: assigns nodes to parts and, with outDir, writes every part and the partition book (DGL's dgl.distributed.partition_graph). */
import { join } from 'node:path';
import { writeFileAtomic } from '../../data/atomic-write.js';
import { writeNpy } from '../../data/npy.js';
import { DeepGraphError } from '../../errors.js';
import type { Graph } from '../../graph/graph.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkPartCount, hashPartitionAssignment, metisPartitionAssignment, randomPartitionAssignment, type MetisOptions, type PartitionMethod } from '../../sampling/partition-assign.js';
import { checkAssignment, edgeCut, forEachPart, toRanges, type PartLayout } from './layout.js';
import { PARTBOOK_FORMAT, PARTBOOK_VERSION, type Partbook, type PartbookFeature, type PartbookPart } from './partbook.js';

/** Options of `partitionGraph`. */
export interface PartitionGraphOptions extends MetisOptions {
  /** 'metis' (default, as DGL's part_method), 'random' or 'hash'. */
  method?: PartitionMethod;
  /** Write the parts and partbook.json into this folder (created if needed). */
  outDir?: string;
  /** Book the inner nodes of a part as id ranges when they form at most this many runs. Default 64. */
  maxRanges?: number;
}

/** What `partitionGraph` returns: the assignment and the statistics of the partition. */
export interface PartitionResult {
  /** Part id per node (int32 [numNodes]). */
  assignment: Int32Array;
  numParts: number;
  method: PartitionMethod;
  /** Directed edges whose endpoints lie in different parts (self loops never count). */
  edgeCut: number;
  /** edgeCut / numEdges (0 for a graph without edges). */
  edgeCutFraction: number;
  /** Inner (owned) nodes per part. */
  partSizes: number[];
  /** Halo nodes per part. */
  haloSizes: number[];
  /** Local edges (in-edges of inner nodes) per part. */
  partEdges: number[];
  /** Largest part size over the mean part size (1 = perfectly balanced). */
  imbalance: number;
  /** The partition book written, when outDir was given. */
  book: Partbook | null;
}

const KNOWN = ['method', 'outDir', 'maxRanges', 'balanceNtypes', 'balanceEdges', 'seed'];
const METHODS: readonly PartitionMethod[] = ['metis', 'random', 'hash'];

function featureFiles(g: Graph): Map<string, { t: Tensor; meta: PartbookFeature }> {
  const out = new Map<string, { t: Tensor; meta: PartbookFeature }>();
  const frame = g.nodeFrame(g.ntypes[0]);
  for (const name of frame.keys()) {
    const t = frame.get(name);
    const dtype = t.dtype === 'bool' ? 'uint8' : t.dtype;
    if (dtype !== 'float32' && dtype !== 'float64' && dtype !== 'int32' && dtype !== 'uint8') {
      throw new DeepGraphError(`partitionGraph: node feature '${name}' has dtype ${t.dtype}, which a part cannot store`);
    }
    out.set(name, { t, meta: { file: `node-feat/${encodeURIComponent(name)}.npy`, dtype, rowShape: t.shape.slice(1) } });
  }
  return out;
}

function writePart(outDir: string, p: PartLayout, features: Map<string, { t: Tensor; meta: PartbookFeature }>): void {
  const dir = join(outDir, `part-${p.part}`);
  const local = new Int32Array(p.inner.length + p.halo.length);
  local.set(p.inner, 0);
  local.set(p.halo, p.inner.length);
  writeNpy(join(dir, 'local-to-global.npy'), local);
  writeNpy(join(dir, 'indptr.npy'), p.indptr);
  writeNpy(join(dir, 'indices.npy'), p.indices);
  writeNpy(join(dir, 'eids.npy'), p.eids);
  for (const { t, meta } of features.values()) {
    const row = meta.rowShape.reduce((a, b) => a * b, 1);
    const src = t.data as Float32Array | Float64Array | Int32Array | Uint8Array;
    const rows = new (src.constructor as new (n: number) => typeof src)(p.inner.length * row);
    for (let i = 0; i < p.inner.length; i++) rows.set(src.subarray(p.inner[i] * row, (p.inner[i] + 1) * row), i * row);
    writeNpy(join(dir, meta.file), rows, [p.inner.length, ...meta.rowShape]);
  }
}

/**
 * Splits g's nodes into k parts and reports the edge cut; with outDir writes, per part, its local
 * CSC, id maps, halo and feature rows, then `partbook.json` (docs/partition-format.md).
 * Homogeneous graphs only (DGL partitions a typed graph through its homogeneous form the same way).
 * @example
 * ```ts
 * import * as dg from 'deepgraph';
 * const g = dg.randGraph(1000, 5000, { seed: 0 });
 * const r = dg.storage.partitionGraph(g, 4, { method: 'random' });
 * console.log(r.partSizes, r.edgeCut);  // [250, 250, 250, 250] ~3750
 * ```
 */
export function partitionGraph(g: Graph, k: number, opts: PartitionGraphOptions = {}): PartitionResult {
  const op = 'partitionGraph';
  for (const key of Object.keys(opts)) if (!KNOWN.includes(key)) throw new RangeError(`${op}: unknown option '${key}'; options: ${KNOWN.join(', ')}`);
  if (g.ntypes.length !== 1 || g.canonicalEtypes.length !== 1) {
    throw new DeepGraphError(`${op}: expects a graph with one node type and one edge type (got ${g.ntypes.length} and ${g.canonicalEtypes.length}); convert it with toHomogeneous first`);
  }
  const method = opts.method ?? 'metis';
  if (!METHODS.includes(method)) throw new RangeError(`${op}: method must be one of ${METHODS.join(', ')}, got '${String(method)}'`);
  const n = g.numNodes();
  checkPartCount(op, k, n);
  if (method !== 'metis' && (opts.balanceNtypes !== undefined || opts.balanceEdges === true)) {
    throw new RangeError(`${op}: balanceNtypes and balanceEdges apply to method 'metis' only`);
  }
  const maxRanges = opts.maxRanges ?? 64;
  if (!(Number.isInteger(maxRanges) && maxRanges >= 0)) throw new RangeError(`${op}: maxRanges must be a non-negative integer, got ${maxRanges}`);
  const assignment = method === 'metis' ? metisPartitionAssignment(g, k, opts)
    : method === 'random' ? randomPartitionAssignment(n, k, opts.seed ?? 0) : hashPartitionAssignment(n, k);
  checkAssignment(op, assignment, n, k);
  const features = opts.outDir === undefined ? new Map() : featureFiles(g);
  const partSizes: number[] = [], haloSizes: number[] = [], partEdges: number[] = [], bookParts: PartbookPart[] = [];
  forEachPart(g, assignment, k, (p) => {
    partSizes.push(p.inner.length);
    haloSizes.push(p.halo.length);
    partEdges.push(p.eids.length);
    if (opts.outDir === undefined) return;
    writePart(opts.outDir, p, features);
    const ranges = toRanges(p.inner);
    bookParts.push({
      id: p.part, dir: `part-${p.part}`, numInner: p.inner.length, numHalo: p.halo.length, numEdges: p.eids.length,
      ranges: ranges.length <= maxRanges ? ranges : null, nodeFile: `part-${p.part}/local-to-global.npy`,
    });
  });
  const cut = edgeCut(g, assignment);
  let book: Partbook | null = null;
  if (opts.outDir !== undefined) {
    writeNpy(join(opts.outDir, 'assignment.npy'), assignment);
    book = {
      format: PARTBOOK_FORMAT, version: PARTBOOK_VERSION, numNodes: n, numEdges: g.numEdges(), numParts: k, method, edgeCut: cut,
      assignmentFile: 'assignment.npy', nodeFeatures: Object.fromEntries([...features].map(([name, f]) => [name, f.meta])), parts: bookParts,
    };
    // Written last: a folder with a partition book is complete.
    writeFileAtomic(join(opts.outDir, 'partbook.json'), `${JSON.stringify(book, null, 1)}\n`);
  }
  return {
    assignment, numParts: k, method, edgeCut: cut, edgeCutFraction: g.numEdges() === 0 ? 0 : cut / g.numEdges(),
    partSizes, haloSizes, partEdges, imbalance: Math.max(...partSizes) / (n / k), book,
  };
}
