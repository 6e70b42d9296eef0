/**
 * Producers for DatasetWriter: a loaded Graph, a CSV edge file read row by row, and a seeded
 * power-law (R-MAT) node-classification task generated in CSC order straight to disk.
 */
import type { Graph } from '../graph/graph.js';
import { canonicalKey } from '../graph/graph.js';
import { streamCsv } from '../data/csv/stream.js';
import { DataFormatError } from '../errors.js';
import { hashUint32 } from '../kernels/js/rng.js';
import { uniformStream } from '../dataloading/power-law.js';
import type { StorageArray } from './chunked.js';
import type { DatasetMetadata } from './metadata.js';
import { DatasetWriter, type TaskSpec } from './writer.js';
import { RmatSourceDrawer, rmatInDegrees } from './rmat-csc.js';

const EDGE_CHUNK = 1 << 20;

/** Options of `writeGraphDataset`. */
export interface WriteGraphOptions {
  name?: string;
  /** Node features to store (default: every node feature that is a float, int32 or uint8 tensor). */
  features?: readonly string[];
  /** Seed sets to record as a task. */
  task?: TaskSpec;
  bucketNodes?: number;
}

/** Writes a loaded graph (structure as per-type CSC, node features, an optional task) to `dir`. */
export function writeGraphDataset(dir: string, g: Graph, opts: WriteGraphOptions = {}): DatasetMetadata {
  const w = new DatasetWriter(dir, { name: opts.name, nodes: Object.fromEntries(g.ntypes.map((t) => [t, g.numNodes(t)])), bucketNodes: opts.bucketNodes });
  try {
    for (const c of g.canonicalEtypes) {
      const { src, dst } = g.sparse(canonicalKey(c)).coo();
      for (let at = 0; at < src.length; at += EDGE_CHUNK) w.addEdges(c.join(':'), src.subarray(at, at + EDGE_CHUNK), dst.subarray(at, at + EDGE_CHUNK));
      if (src.length === 0) w.addEdges(c.join(':'), src, dst);
    }
    for (const t of g.ntypes) {
      const frame = g.nodeFrame(t);
      for (const name of opts.features ?? frame.keys()) {
        if (name.startsWith('_')) continue;
        const x = frame.get(name);
        if (x.dtype === 'bool') continue;
        w.writeNodeFeature(t, name, x.data as StorageArray, x.shape.slice(1));
      }
    }
    if (opts.task !== undefined) w.setTask(opts.task);
    return w.finish();
  } catch (e) {
    w.abort();
    throw e;
  }
}

/** Options of `addCsvEdges`. */
export interface CsvEdgeOptions {
  /** Column of source ids (integers in [0, numNodes)). Default 'src_id' (DGL's CSVDataset). */
  srcField?: string;
  /** Column of destination ids. Default 'dst_id'. */
  dstField?: string;
  delimiter?: string;
}

/** Streams the edges of a CSV file (with a header row; .gz allowed) into the writer, a million rows at a time; returns the edge count. */
export async function addCsvEdges(w: DatasetWriter, etype: string, file: string, opts: CsvEdgeOptions = {}): Promise<number> {
  const srcField = opts.srcField ?? 'src_id', dstField = opts.dstField ?? 'dst_id';
  let si = -1, di = -1, n = 0, total = 0;
  let src = new Int32Array(EDGE_CHUNK), dst = new Int32Array(EDGE_CHUNK);
  const flush = (): void => { if (n > 0) w.addEdges(etype, src.subarray(0, n), dst.subarray(0, n)); total += n; src = new Int32Array(EDGE_CHUNK); dst = new Int32Array(EDGE_CHUNK); n = 0; };
  const id = (cell: string, line: number, field: string): number => {
    const v = Number(cell);
    if (cell.trim() === '' || !Number.isInteger(v) || v < 0 || v >= 2 ** 31) throw new DataFormatError(`${file}:${line}: ${field} '${cell.slice(0, 20)}' is not a node id (an integer >= 0)`);
    return v;
  };
  await streamCsv(file, opts.delimiter ?? ',', {
    header(names) {
      si = names.indexOf(srcField); di = names.indexOf(dstField);
      if (si < 0 || di < 0) throw new DataFormatError(`${file}: no '${si < 0 ? srcField : dstField}' column (columns: ${names.join(', ')})`);
    },
    row(cells, line) {
      src[n] = id(cells[si] ?? '', line, srcField); dst[n] = id(cells[di] ?? '', line, dstField); n++;
      if (n === EDGE_CHUNK) flush();
    },
  });
  flush();
  return total;
}

/** Options of `writePowerLawDataset`. */
export interface PowerLawDatasetOptions {
  nodes: number;
  edges: number;
  /** Features per node (float32). Default 128. */
  feats?: number;
  /** Classes of the label. Default 10. */
  classes?: number;
  seed?: number;
  /** Seed-set sizes; default min(1M, nodes/2) train, min(50k, nodes/10) validation and test. */
  numTrain?: number;
  numVal?: number;
  numTest?: number;
  /** Source ids buffered per write (the output does not depend on it). Default 2^22. */
  chunkEdges?: number;
  /** Called when a part ('edges', 'features') is written, e.g. to log phase times. */
  onProgress?: (part: 'edges' | 'features') => void;
}

function gcd(a: number, b: number): number { while (b !== 0) [a, b] = [b, a % b]; return a; }

/** Destinations whose sources are drawn from one seeded stream. */
const SOURCE_BLOCK = 4096;

/**
 * A seeded R-MAT graph (a=0.57, b=0.19, c=0.19) generated straight in CSC order (rmat-csc.ts:
 * in-degrees one multinomial draw, each block of 4096 destinations' sources from its own stream),
 * float32 features uniform in [-1, 1), label = argmax of a node's first `classes` features, and
 * disjoint train/validation/test seeds from a seeded affine permutation of the ids. Everything is
 * streamed: memory holds the in-degrees (4 bytes per node) and one buffer of sources or rows.
 */
export function writePowerLawDataset(dir: string, opts: PowerLawDatasetOptions): DatasetMetadata {
  const { nodes, edges } = opts;
  const feats = opts.feats ?? 128, classes = opts.classes ?? 10, seed = opts.seed ?? 0, chunk = opts.chunkEdges ?? 2 ** 22;
  if (!(Number.isInteger(nodes) && nodes >= 1 && nodes < 2 ** 31 && Number.isSafeInteger(edges) && edges >= 0)) throw new RangeError(`writePowerLawDataset: need nodes in [1, 2^31) and edges >= 0, got ${nodes}, ${edges}`);
  if (!(Number.isInteger(classes) && classes >= 2 && classes <= feats)) throw new RangeError(`writePowerLawDataset: classes must be in [2, feats], got ${classes}`);
  if (!(Number.isInteger(chunk) && chunk >= 1)) throw new RangeError(`writePowerLawDataset: chunkEdges must be a positive integer, got ${chunk}`);
  const numTrain = opts.numTrain ?? Math.min(1_000_000, Math.floor(nodes / 2));
  const numVal = opts.numVal ?? Math.min(50_000, Math.floor(nodes / 10)), numTest = opts.numTest ?? Math.min(50_000, Math.floor(nodes / 10));
  if (numTrain + numVal + numTest > nodes) throw new RangeError(`writePowerLawDataset: ${numTrain + numVal + numTest} seeds exceed ${nodes} nodes`);
  const w = new DatasetWriter(dir, { name: `power-law-${nodes}-${edges}`, nodes: { _N: nodes } });
  try {
    const csc = w.cscEdges('_E', edges);
    const degrees = rmatInDegrees(nodes, edges, seed);
    const drawer = new RmatSourceDrawer(nodes);
    let buf = new Int32Array(chunk), used = 0;
    for (let from = 0; from < nodes; from += SOURCE_BLOCK) {
      const deg = degrees.subarray(from, Math.min(nodes, from + SOURCE_BLOCK));
      let m = 0;
      for (let i = 0; i < deg.length; i++) m += deg[i];
      if (used + m > buf.length) {
        csc.appendSources(buf.subarray(0, used));
        used = 0;
        if (m > buf.length) buf = new Int32Array(m);
      }
      drawer.draw(from, deg, seed, buf.subarray(used, used + m));
      used += m;
      csc.appendDegrees(deg);
    }
    csc.appendSources(buf.subarray(0, used));
    opts.onProgress?.('edges');
    const feat = w.nodeFeature('_N', 'feat', [feats], 'float32');
    const label = w.nodeFeature('_N', 'label', [], 'int32');
    const rows = Math.max(1, Math.floor(2 ** 22 / feats));
    const next = uniformStream(hashUint32(seed, 0, 0xfea7));
    const xs = new Float32Array(rows * feats), ys = new Int32Array(rows);
    for (let at = 0; at < nodes; at += rows) {
      const r = Math.min(rows, nodes - at);
      const x = xs.subarray(0, r * feats), y = ys.subarray(0, r);
      for (let i = 0; i < x.length; i++) x[i] = 2 * next() - 1;
      for (let i = 0; i < r; i++) {
        let best = 0;
        for (let c = 1; c < classes; c++) if (x[i * feats + c] > x[i * feats + best]) best = c;
        y[i] = best;
      }
      feat.append(x); label.append(y);
    }
    opts.onProgress?.('features');
    // An affine map i -> (a i + c) mod n with gcd(a, n) = 1 is a permutation of the ids.
    let a = (hashUint32(seed, 1, 0x5e7) % nodes) || 1;
    while (gcd(a, nodes) !== 1) a = (a + 1) % nodes || 1;
    const c = hashUint32(seed, 2, 0x5e7) % nodes;
    const ids = (from: number, count: number): Int32Array => Int32Array.from({ length: count }, (_, i) => (a * (from + i) + c) % nodes);
    w.setTask({ name: 'node_classification', numClasses: classes, train: ids(0, numTrain), validation: ids(numTrain, numVal), test: ids(numTrain + numVal, numTest) });
    return w.finish();
  } catch (e) {
    w.abort();
    throw e;
  }
}
