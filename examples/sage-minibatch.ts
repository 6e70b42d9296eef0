/**
 * GraphSAGE node classification with neighbour sampling (DGL's examples/pytorch/graphsage,
 * minibatch version): a DataLoader samples blocks for each batch of training nodes, the model
 * runs one SAGEConv per block, and features/labels arrive already gathered in the blocks.
 *
 *   node dist/examples/sage-minibatch.js                       # 2M-node power-law graph, 50M edges, 100 features
 *   node dist/examples/sage-minibatch.js --nodes 200000 --edges 5000000 --epochs 3
 *   node dist/examples/sage-minibatch.js --dataset cora --data-dir ../shared/data
 *   options: --fanouts 10,25 --batch-size 1024 --hidden 256 --epochs N --lr 0.003 --workers 1 --seed 0
 */
import * as dg from 'deepgraph';
import { pathToFileURL } from 'node:url';

/** SAGEConv layers with ReLU and dropout between them; forward(blocks, x) takes one block per layer. */
export class SAGE extends dg.nn.Module {
  readonly layers: dg.nn.ModuleList<dg.nn.SAGEConv>;

  constructor(inFeats: number, hidden: number, numClasses: number, numLayers: number, readonly dropout = 0.5,
    readonly inputDropout = 0) {
    super();
    const sizes = [inFeats, ...new Array<number>(numLayers - 1).fill(hidden), numClasses];
    this.layers = this.registerModule('layers', new dg.nn.ModuleList(
      sizes.slice(0, -1).map((n, i) => new dg.nn.SAGEConv(n, sizes[i + 1], 'mean'))));
  }

  forward(blocks: readonly dg.Graph[], x: dg.Tensor): dg.Tensor {
    const L = this.layers.length;
    if (blocks.length !== L) throw new RangeError(`SAGE: got ${blocks.length} blocks for ${L} layers; give the sampler one fanout per layer`);
    let h = dg.dropout(x, this.inputDropout, this.training);
    for (let i = 0; i < L; i++) {
      h = this.layers.get(i).forward(blocks[i], h);
      if (i < L - 1) h = dg.dropout(dg.relu(h), this.dropout, this.training);
    }
    return h;
  }
}

export interface NodeTask {
  /** ndata: feat (float), label (int32). */
  graph: dg.Graph;
  trainIds: Int32Array;
  valIds: Int32Array;
  testIds: Int32Array;
  numClasses: number;
}

export interface MinibatchOptions {
  fanouts?: number[];
  /** Fanouts for evaluation; default every neighbour (exact). */
  evalFanouts?: number[];
  batchSize?: number;
  hidden?: number;
  epochs?: number;
  lr?: number;
  weightDecay?: number;
  dropout?: number;
  /** Dropout on the input features (DGL's full-graph SAGE on Cora uses the same rate as between layers). Default 0. */
  inputDropout?: number;
  numWorkers?: number;
  seed?: number;
  /** Evaluate on the validation nodes every this many epochs (and keep the test accuracy of the best). Default 1. */
  evalEvery?: number;
  log?: (line: string) => void;
}

export interface MinibatchResult {
  valAcc: number;
  testAcc: number;
  bestEpoch: number;
  epochMs: number[];
  sampledEdges: number;
}

/** Accuracy of the model on ids, with blocks from `sampler` (eval mode, no gradients). */
export async function accuracy(model: SAGE, g: dg.Graph, ids: Int32Array, sampler: dg.NeighborSampler,
  batchSize: number, numWorkers: number): Promise<number> {
  if (ids.length === 0) return NaN;
  model.train(false);
  let correct = 0;
  const loader = new dg.DataLoader(g, ids, sampler, { batchSize, numWorkers, seed: 0 });
  for await (const [, , blocks] of loader) {
    dg.noGrad(() => {
      const logits = model.forward(blocks, blocks[0].srcdata.get('feat'));
      const pred = dg.argmax(logits, 1).data, label = blocks[blocks.length - 1].dstdata.get('label').data;
      for (let i = 0; i < pred.length; i++) if (pred[i] === label[i]) correct++;
    });
  }
  model.train(true);
  return correct / ids.length;
}

/** Trains SAGE with NeighborSampler(fanouts); returns the test accuracy at the best validation epoch. */
export async function trainSageMinibatch(task: NodeTask, opts: MinibatchOptions = {}): Promise<MinibatchResult> {
  const fanouts = opts.fanouts ?? [10, 25];
  const batchSize = opts.batchSize ?? 1024, numWorkers = opts.numWorkers ?? 0, epochs = opts.epochs ?? 10;
  const log = opts.log ?? (() => undefined);
  dg.manualSeed(opts.seed ?? 0);
  const g = task.graph;
  const inFeats = g.ndata.get('feat').shape[1];
  const model = new SAGE(inFeats, opts.hidden ?? 256, task.numClasses, fanouts.length, opts.dropout ?? 0.5, opts.inputDropout ?? 0);
  const sampler = new dg.NeighborSampler(fanouts, { prefetchNodeFeats: ['feat'], prefetchLabels: ['label'] });
  dg.matchLayers(sampler, model.layers.length, 'SAGE');
  const evalSampler = new dg.NeighborSampler(opts.evalFanouts ?? fanouts.map(() => -1), { prefetchNodeFeats: ['feat'], prefetchLabels: ['label'] });
  const opt = new dg.optim.Adam(model.parameters(), { lr: opts.lr ?? 3e-3, weightDecay: opts.weightDecay ?? 0 });
  // Persistent workers: the pool is started once, not every epoch (closed below).
  const loader = new dg.DataLoader(g, task.trainIds, sampler, { batchSize, shuffle: true, numWorkers, seed: opts.seed ?? 0, persistentWorkers: true });
  const result: MinibatchResult = { valAcc: -1, testAcc: NaN, bestEpoch: -1, epochMs: [], sampledEdges: 0 };
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const t0 = performance.now();
      let lossSum = 0;
      const counts = await dg.runEpoch(loader, ([, , blocks]) => {
        const logits = model.forward(blocks, blocks[0].srcdata.get('feat'));
        const loss = dg.crossEntropy(logits, blocks[blocks.length - 1].dstdata.get('label'));
        opt.zeroGrad();
        loss.backward();
        opt.step();
        lossSum += loss.item();
      });
      const ms = performance.now() - t0;
      result.epochMs.push(ms);
      result.sampledEdges += counts.sampledEdges;
      let line = `epoch ${epoch}: loss ${(lossSum / counts.batches).toFixed(4)}, ${counts.batches} batches in ${(ms / 1000).toFixed(2)} s`;
      if ((epoch + 1) % (opts.evalEvery ?? 1) === 0 || epoch === epochs - 1) {
        const val = await accuracy(model, g, task.valIds, evalSampler, batchSize, numWorkers);
        line += `, val acc ${(100 * val).toFixed(2)}%`;
        if (val > result.valAcc) {
          result.valAcc = val;
          result.bestEpoch = epoch;
          result.testAcc = await accuracy(model, g, task.testIds, evalSampler, batchSize, numWorkers);
          line += ` (test ${(100 * result.testAcc).toFixed(2)}%)`;
        }
      }
      log(line);
    }
  } finally {
    await loader.close();
  }
  return result;
}

/** Ids of the nodes whose mask is set. */
export function maskIds(mask: dg.Tensor): Int32Array {
  const out: number[] = [];
  mask.data.forEach((m, i) => { if (m) out.push(i); });
  return Int32Array.from(out);
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const dataset = arg('dataset', 'power-law');
  let task: NodeTask;
  const t0 = performance.now();
  if (dataset === 'cora') {
    const ds = new dg.data.CoraGraphDataset({ rawDir: `${arg('data-dir', '../shared/data')}/planetoid/raw`, transform: dg.data.normalizeFeatures() });
    const g = ds.graph;
    task = { graph: g, numClasses: ds.numClasses, trainIds: maskIds(g.ndata.get('trainMask')), valIds: maskIds(g.ndata.get('valMask')), testIds: maskIds(g.ndata.get('testMask')) };
  } else if (dataset === 'power-law') {
    task = dg.powerLawNodeTask({ nodes: Number(arg('nodes', '2000000')), edges: Number(arg('edges', '50000000')), feats: Number(arg('feats', '100')), seed: Number(arg('seed', '0')) });
  } else {
    throw new RangeError(`--dataset must be 'power-law' or 'cora', got '${dataset}'`);
  }
  const g = task.graph;
  console.error(`${dataset}: ${g.numNodes()} nodes, ${g.numEdges()} edges, ${task.trainIds.length} training nodes (built in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const fanouts = arg('fanouts', '10,25').split(',').map(Number);
  const large = dataset !== 'cora';
  const r = await trainSageMinibatch(task, {
    fanouts, evalFanouts: large ? fanouts : undefined, batchSize: Number(arg('batch-size', '1024')), hidden: Number(arg('hidden', large ? '256' : '32')),
    epochs: Number(arg('epochs', large ? '3' : '30')), lr: Number(arg('lr', large ? '0.003' : '0.02')), weightDecay: large ? 0 : 5e-4,
    inputDropout: large ? 0 : 0.5, evalEvery: large ? 1 : 5,
    numWorkers: Number(arg('workers', '1')), seed: Number(arg('seed', '0')), log: (l) => console.error(l),
  });
  console.log(JSON.stringify({ dataset, bestEpoch: r.bestEpoch, valAcc: r.valAcc, testAcc: r.testAcc, epochMs: r.epochMs.map(Math.round) }));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
}
