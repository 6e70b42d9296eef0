/**
 * The node-classification task an epoch workload trains on: Cora or CiteSeer from their raw Planetoid
 * files (--data-dir), or a synthetic graph (--nodes/--edges or --edges-npy) with uniform random
 * features and labels. GCN and GAT get a self-loop per node, as DGL's examples add.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PlanetoidDataset } from '../src/data/planetoid.js';
import { rowNormalize } from '../src/data/transforms.js';
import { graph, addSelfLoop, type Graph } from '../src/graph/index.js';
import { Generator } from '../src/tensor/random.js';
import { Tensor } from '../src/tensor/tensor.js';
import type { BenchOptions } from './args.js';
import { loadEdges } from './graph-input.js';
import { uniformTensor } from './workloads/data.js';

/** Labels outside the training set carry this value, which the loss ignores (PyTorch's default ignore_index). */
export const IGNORE = -100;

export interface NodeTask {
  graph: Graph;
  feat: Tensor;
  /** int32 labels, IGNORE outside the training nodes. */
  target: Tensor;
  numClasses: number;
  numTrain: number;
  describe: Record<string, unknown>;
}

/** Training nodes of the synthetic task: the first tenth (at least one), so another system can pick the same ones. */
export function syntheticTrainCount(nodes: number): number {
  return Math.max(1, Math.ceil(nodes / 10));
}

/** --data-dir may be the folder with ind.<name>.* or a data root holding planetoid/raw. */
export function planetoidDir(dataDir: string, name: string): string {
  const nested = join(dataDir, 'planetoid', 'raw');
  return !existsSync(join(dataDir, `ind.${name}.graph`)) && existsSync(join(nested, `ind.${name}.graph`)) ? nested : dataDir;
}

function planetoidTask(name: 'cora' | 'citeseer', dir: string | undefined): NodeTask {
  const ds = new PlanetoidDataset(name, dir === undefined ? {} : { rawDir: dir });
  const g = ds.graph;
  const labels = g.ndata.get('label').data as Int32Array, train = g.ndata.get('trainMask').data as Uint8Array;
  const target = new Int32Array(labels.length);
  let numTrain = 0;
  for (let i = 0; i < labels.length; i++) {
    target[i] = train[i] ? labels[i] : IGNORE;
    numTrain += train[i];
  }
  return {
    graph: g, feat: rowNormalize(g.ndata.get('feat')), target: new Tensor(target, [labels.length], 'int32'),
    numClasses: ds.numClasses, numTrain, describe: { dataset: name },
  };
}

function syntheticTask(o: BenchOptions): NodeTask {
  const input = loadEdges(o);
  const n = input.numNodes;
  const g = graph([input.src, input.dst], { numNodes: n });
  const gen = new Generator(o.seed + 7);
  const numTrain = syntheticTrainCount(n);
  const target = new Int32Array(n).fill(IGNORE);
  for (let i = 0; i < numTrain; i++) target[i] = gen.nextInt(o.classes);
  return {
    graph: g, feat: uniformTensor([n, o.feats], o.seed + 1), target: new Tensor(target, [n], 'int32'),
    numClasses: o.classes, numTrain, describe: { dataset: 'synthetic', ...input.describe },
  };
}

/** Loads (or downloads into the cache, when no --data-dir is given) and prepares the task. */
export async function loadNodeTask(o: BenchOptions, selfLoops: boolean): Promise<NodeTask> {
  let task: NodeTask;
  if (o.dataset === 'synthetic') task = syntheticTask(o);
  else {
    const dir = o.dataDir === undefined ? await PlanetoidDataset.download(o.dataset) : planetoidDir(o.dataDir, o.dataset);
    task = planetoidTask(o.dataset, dir);
  }
  if (selfLoops) task = { ...task, graph: addSelfLoop(task.graph) };
  return task;
}
