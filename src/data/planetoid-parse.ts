/**
 * The Planetoid raw-file parser on bytes (browser-safe): every file arrives through a
 * PlanetoidSource, so Node reads a folder and a page passes fetched or dropped files.
 */
import { DataFormatError } from '../errors.js';
import { readPickle, toAdjacency, toCsr, toNdArray, type CsrMatrix, type NdArray } from './pickle.js';
import type { RawReadOptions } from './checksums-known.js';

/** The eight raw files of a Planetoid dataset, as suffixes of `ind.<name>.`. */
export const PLANETOID_PARTS = ['x', 'y', 'tx', 'ty', 'allx', 'ally', 'graph', 'test.index'] as const;

/** A Planetoid citation graph as plain typed arrays (the standard DGL / PyG construction). */
export interface NodeClassificationArrays {
  numNodes: number;
  /** Directed edges, both directions, no self-loops, no duplicates, sorted by (src, dst). */
  src: Int32Array;
  dst: Int32Array;
  numFeatures: number;
  /** Row-major [numNodes, numFeatures]. */
  features: Float32Array;
  labels: Int32Array;
  numClasses: number;
  trainMask: Uint8Array;
  valMask: Uint8Array;
  testMask: Uint8Array;
}


/** Where the parser gets a raw file's bytes, and how an error names the file. */
export interface PlanetoidSource {
  /** The bytes of `file` (e.g. `ind.cora.x`); throws when it is missing. */
  read(file: string): Uint8Array;
  /** The file as an error message names it (a path or a URL). */
  where(file: string): string;
}

/**
 * Parses ind.<name>.{x,y,tx,ty,allx,ally,graph,test.index} from `source` (bytes, no file system).
 * Node test.index[i] gets row i of tx/ty; the first allx rows are allx/ally; ids inside the test
 * range missing from test.index (CiteSeer's isolated nodes) get zero features and label 0 and no split.
 * Train is the first len(y) nodes, validation the next 500, test the nodes of test.index.
 */
export function parsePlanetoid(name: string, source: PlanetoidSource, opts: RawReadOptions = {}): NodeClassificationArrays {
  const path = (p: string): string => source.where(`ind.${name}.${p}`);
  const bytesOf = (p: string): Uint8Array => source.read(`ind.${name}.${p}`);
  // Any failure inside a parser (a corrupt size field, an allocation it asked for) names the file.
  const parse = <T>(p: string, f: (bytes: Uint8Array) => T): T => {
    try {
      return f(bytesOf(p));
    } catch (e) {
      if (e instanceof DataFormatError) throw e;
      throw new DataFormatError(`${path(p)}: cannot be parsed (${(e as Error).message})`);
    }
  };
  const csr = (p: string): CsrMatrix => {
    const m = parse(p, (b) => toCsr(readPickle(b, path(p)), path(p)));
    if (!opts.allowNonFinite) {
      for (let i = 0; i < m.data.length; i++) {
        if (!Number.isFinite(m.data[i])) {
          throw new DataFormatError(`${path(p)}: feature value ${i} is ${m.data[i]} (pass { allowNonFinite: true } to load it)`);
        }
      }
    }
    return m;
  };
  const dense = (p: string): NdArray => {
    const a = parse(p, (b) => toNdArray(readPickle(b, path(p)), path(p)));
    if (a.shape.length !== 2) throw new DataFormatError(`${path(p)}: expected a 2-d label matrix, got shape [${a.shape.join(', ')}]`);
    // One-hot rows (all-zero allowed): anything else is not a label matrix.
    const w = a.shape[1];
    for (let r = 0; r < a.shape[0]; r++) {
      let ones = 0;
      for (let c = 0; c < w; c++) {
        const v = a.data[r * w + c];
        if (v !== 0 && v !== 1) throw new DataFormatError(`${path(p)}: label row ${r} holds ${v}, not a one-hot 0/1 value`);
        ones += v;
      }
      if (ones > 1) throw new DataFormatError(`${path(p)}: label row ${r} has ${ones} classes set, expected one`);
    }
    return a;
  };
  const x = csr('x'), tx = csr('tx'), allx = csr('allx');
  const y = dense('y'), ty = dense('ty'), ally = dense('ally');
  const testIndex = parse('test.index', (b) => readTestIndex(b, path('test.index')));
  const numFeatures = allx.shape[1];
  const numClasses = ally.shape[1];
  const expect = (ok: boolean, p: string, what: string): void => {
    if (!ok) throw new DataFormatError(`${path(p)}: ${what}`);
  };
  expect(x.shape[1] === numFeatures, 'x', `feature width ${x.shape[1]} differs from allx's ${numFeatures}`);
  expect(tx.shape[1] === numFeatures, 'tx', `feature width ${tx.shape[1]} differs from allx's ${numFeatures}`);
  expect(y.shape[1] === numClasses, 'y', `class count ${y.shape[1]} differs from ally's ${numClasses}`);
  expect(ty.shape[1] === numClasses, 'ty', `class count ${ty.shape[1]} differs from ally's ${numClasses}`);
  expect(x.shape[0] === y.shape[0], 'y', `${y.shape[0]} label rows for ${x.shape[0]} rows of x`);
  expect(allx.shape[0] === ally.shape[0], 'ally', `${ally.shape[0]} label rows for ${allx.shape[0]} rows of allx`);
  expect(tx.shape[0] === ty.shape[0], 'ty', `${ty.shape[0]} label rows for ${tx.shape[0]} rows of tx`);
  expect(testIndex.length === tx.shape[0], 'test.index', `${testIndex.length} ids for ${tx.shape[0]} rows of tx`);
  const adjacency = parse('graph', (b) => toAdjacency(readPickle(b, path('graph')), path('graph')));
  // Node ids end at the graph's last node (CiteSeer's test ids skip isolated nodes, so the test
  // range may be wider than tx): a test id past both is corrupt, not a reason for a bigger graph.
  let graphNodes = 0;
  for (const u of adjacency.keys()) graphNodes = Math.max(graphNodes, u + 1);
  const idBound = Math.max(allx.shape[0] + tx.shape[0], graphNodes);

  const numAll = allx.shape[0];
  let maxTest = -1;
  for (const t of testIndex) {
    expect(t >= numAll, 'test.index', `test id ${t} falls inside the allx rows [0, ${numAll})`);
    expect(t < idBound, 'test.index', `test id ${t} is past the last node ${idBound - 1} of the graph and of allx + tx`);
    if (t > maxTest) maxTest = t;
  }
  const numNodes = Math.max(numAll + tx.shape[0], maxTest + 1);
  const numTrain = y.shape[0];
  expect(numTrain + 500 <= numAll, 'y', `${numTrain} training rows leave no room for 500 validation rows in allx (${numAll})`);

  const features = new Float32Array(numNodes * numFeatures);
  const labels = new Int32Array(numNodes);
  const rowOf = new Int32Array(numNodes).fill(-1);
  for (let i = 0; i < numAll; i++) rowOf[i] = i;
  for (let i = 0; i < testIndex.length; i++) {
    expect(rowOf[testIndex[i]] === -1, 'test.index', `test id ${testIndex[i]} is listed twice`);
    rowOf[testIndex[i]] = numAll + i;
  }
  for (let node = 0; node < numNodes; node++) {
    const r = rowOf[node];
    if (r < 0) continue;
    const fromAll = r < numAll;
    const m = fromAll ? allx : tx, lab = fromAll ? ally : ty, row = fromAll ? r : r - numAll;
    for (let p = m.indptr[row]; p < m.indptr[row + 1]; p++) features[node * numFeatures + m.indices[p]] = m.data[p];
    labels[node] = argmaxRow(lab.data, row, numClasses);
  }

  const trainMask = new Uint8Array(numNodes), valMask = new Uint8Array(numNodes), testMask = new Uint8Array(numNodes);
  trainMask.fill(1, 0, numTrain);
  valMask.fill(1, numTrain, numTrain + 500);
  for (const t of testIndex) testMask[t] = 1;

  const { src, dst } = adjacencyToEdges(adjacency, numNodes, path('graph'));
  return { numNodes, src, dst, numFeatures, features, labels, numClasses, trainMask, valMask, testMask };
}

/** numpy's argmax: the first maximum, so an all-zero one-hot row is class 0. */
function argmaxRow(data: ArrayLike<number>, row: number, width: number): number {
  let best = 0;
  for (let c = 1; c < width; c++) if (data[row * width + c] > data[row * width + best]) best = c;
  return best;
}

function readTestIndex(bytes: Uint8Array, file: string): Int32Array {
  const text = new TextDecoder().decode(bytes);
  const lines = text.split('\n');
  const out: number[] = [];
  lines.forEach((line, i) => {
    const s = line.trim();
    if (s === '') return;
    if (!/^\d+$/.test(s)) throw new DataFormatError(`${file}: line ${i + 1} is not a node id (digits only)`);
    if (Number(s) > 2 ** 31 - 1) throw new DataFormatError(`${file}: line ${i + 1} holds a node id past 2^31 - 1`);
    out.push(Number(s));
  });
  return Int32Array.from(out);
}

/** Symmetrised, self-loop-free, duplicate-free edge list sorted by (src, dst). */
export function adjacencyToEdges(adj: Map<number, number[]>, numNodes: number, file: string): { src: Int32Array; dst: Int32Array } {
  let count = 0;
  for (const [u, vs] of adj) {
    if (u < 0 || u >= numNodes) throw new DataFormatError(`${file}: node ${u} is outside [0, ${numNodes})`);
    count += vs.length;
  }
  const keys = new Float64Array(2 * count);
  let k = 0;
  for (const [u, vs] of adj) {
    for (const v of vs) {
      if (v < 0 || v >= numNodes) throw new DataFormatError(`${file}: neighbour ${v} of node ${u} is outside [0, ${numNodes})`);
      if (u === v) continue;
      keys[k++] = u * numNodes + v;
      keys[k++] = v * numNodes + u;
    }
  }
  const sorted = keys.subarray(0, k).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i];
  const src = new Int32Array(n), dst = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    src[i] = Math.floor(sorted[i] / numNodes);
    dst[i] = sorted[i] - src[i] * numNodes;
  }
  return { src, dst };
}
