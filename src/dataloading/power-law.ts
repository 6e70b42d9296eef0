/**
 * A seeded node-classification task on a large power-law (R-MAT) graph, built straight into
 * shared memory so DataLoader workers read it without a copy: the workload of the minibatch
 * example and of `deepgraph bench sample` (2M nodes, 50M edges, 100 features fit in ~2 GB).
 */
import type { Graph } from '../graph/graph.js';
import { rmatGraph } from '../data/generators.js';
import { Tensor } from '../tensor/tensor.js';
import { ItemStream } from '../kernels/js/sampling.js';
import { sharedArray, sharedGraph } from './shared-memory.js';

/** Options of `powerLawTask`. */
export interface PowerLawTaskOptions {
  nodes?: number;
  edges?: number;
  feats?: number;
  classes?: number;
  numTrain?: number;
  numVal?: number;
  numTest?: number;
  seed?: number;
}

/** A synthetic node-classification task on a power-law graph (for benchmarks at scale). */
export interface PowerLawTask {
  /** ndata: feat [N, feats] float32, label [N] int32; structure as a shared CSC. */
  graph: Graph;
  trainIds: Int32Array;
  valIds: Int32Array;
  testIds: Int32Array;
  numClasses: number;
}

/** mulberry32: a fast seeded stream for bulk feature values (setup only, not sampling). */
export function uniformStream(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function check(name: string, v: number, min: number): void {
  if (!(Number.isInteger(v) && v >= min)) throw new RangeError(`powerLawNodeTask: ${name} must be an integer >= ${min}, got ${v}`);
}

/**
 * Features are uniform in [-1, 1); the label of v is the argmax over the first `classes` feature
 * columns of x_v + 2 * mean of x_u over v's in-neighbours u, so it depends on the neighbourhood
 * (a GNN can learn it; the node's own features alone are not enough). Train/val/test ids are
 * disjoint random nodes.
 */
export function powerLawNodeTask(opts: PowerLawTaskOptions = {}): PowerLawTask {
  const nodes = opts.nodes ?? 2_000_000, edges = opts.edges ?? 50_000_000, feats = opts.feats ?? 100;
  const classes = opts.classes ?? 10, seed = opts.seed ?? 0;
  const numTrain = opts.numTrain ?? Math.min(200_000, Math.floor(nodes / 2));
  const numVal = opts.numVal ?? Math.min(10_000, Math.floor(nodes / 10));
  const numTest = opts.numTest ?? Math.min(20_000, Math.floor(nodes / 10));
  check('nodes', nodes, 1); check('edges', edges, 0); check('feats', feats, 1); check('classes', classes, 2);
  check('numTrain', numTrain, 0); check('numVal', numVal, 0); check('numTest', numTest, 0);
  if (classes > feats) throw new RangeError(`powerLawNodeTask: classes (${classes}) must not exceed feats (${feats})`);
  if (numTrain + numVal + numTest > nodes) throw new RangeError(`powerLawNodeTask: ${numTrain + numVal + numTest} split nodes exceed ${nodes} nodes`);

  const { src, dst } = rmatGraph({ nodes, edges, seed });
  const graph = sharedGraph(src, dst, nodes);
  const feat = sharedArray('float32', nodes * feats) as Float32Array;
  const next = uniformStream(seed ^ 0x2545f491);
  for (let i = 0; i < feat.length; i++) feat[i] = 2 * next() - 1;

  // score[v] = x_v[:classes] + 2 * mean over in-edges (u -> v) of x_u[:classes]
  const score = new Float32Array(nodes * classes);
  const deg = new Int32Array(nodes);
  for (let e = 0; e < edges; e++) {
    const u = src[e] * feats, v = dst[e];
    deg[v]++;
    for (let c = 0; c < classes; c++) score[v * classes + c] += feat[u + c];
  }
  const label = new Int32Array(nodes);
  for (let v = 0; v < nodes; v++) {
    let best = 0, bestScore = -Infinity;
    const k = deg[v] > 0 ? 2 / deg[v] : 0;
    for (let c = 0; c < classes; c++) {
      const s = feat[v * feats + c] + k * score[v * classes + c];
      if (s > bestScore) { bestScore = s; best = c; }
    }
    label[v] = best;
  }
  graph.ndata.set('feat', new Tensor(feat, [nodes, feats], 'float32'));
  graph.ndata.set('label', new Tensor(label, [nodes], 'int32'));

  // Split: the first numTrain + numVal + numTest positions of a seeded shuffle.
  const want = numTrain + numVal + numTest;
  const perm = new Int32Array(nodes);
  for (let i = 0; i < nodes; i++) perm[i] = i;
  const rng = new ItemStream().reset(seed, 0x5b1177);
  for (let i = 0; i < want; i++) {
    const j = i + rng.int(nodes - i);
    const t = perm[i]; perm[i] = perm[j]; perm[j] = t;
  }
  return {
    graph, numClasses: classes,
    trainIds: perm.slice(0, numTrain), valIds: perm.slice(numTrain, numTrain + numVal), testIds: perm.slice(numTrain + numVal, want),
  };
}
