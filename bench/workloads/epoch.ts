/**
 * gcn-epoch, gat-epoch, sage-epoch: one full-graph training epoch (forward with dropout, cross
 * entropy on the training nodes, backward, Adam step) of the DGL-example models in bench/models.ts.
 * The line carries the epoch's dense FLOPs and sparse bytes (bench/cost-model.ts) for the roofline.
 */
import { crossEntropy } from '../../src/tensor/loss.js';
import { indexSelect } from '../../src/tensor/indexing.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { markReadOnly } from '../../src/tensor/read-only.js';
import { Adam } from '../../src/optim/adam.js';
import { manualSeed } from '../../src/tensor/random.js';
import type { BenchOptions } from '../args.js';
import { sparseRowsNonzeros } from '../../src/message/sparse-rows.js';
import { gatEpochCost, gcnEpochCost, sparseInputCost, sageEpochCost, type EpochCost } from '../cost-model.js';
import { KernelProfile } from '../profile.js';
import { log, peakRssMb, perSecond, printLine, resetPeakRss, resultLine, rssMb, time, type Context, type Timing } from '../harness.js';
import { buildModel, type ModelKind } from '../models.js';
import { IGNORE, loadNodeTask } from '../node-data.js';
import { SparseFeatures } from '../../src/cli/sparse-input.js';

const KIND: Record<string, ModelKind> = { 'gcn-epoch': 'gcn', 'gat-epoch': 'gat', 'sage-epoch': 'sage' };

function costOf(kind: ModelKind, n: number, e: number, fin: number, hidden: number, heads: number, classes: number): EpochCost {
  if (kind === 'gcn') return gcnEpochCost(n, e, fin, hidden, classes);
  if (kind === 'gat') return gatEpochCost(n, e, fin, hidden, heads, classes);
  return sageEpochCost(n, e, fin, hidden, classes);
}

export async function runEpoch(o: BenchOptions, ctx: Context): Promise<void> {
  const kind = KIND[o.workload];
  const task = await loadNodeTask(o, kind !== 'sage');
  const g = task.graph, n = g.numNodes(), e = g.numEdges(), fin = task.feat.shape[1];
  const hidden = o.hidden ?? (kind === 'gat' ? 8 : 16);
  log(`bench: ${o.workload} on ${JSON.stringify(task.describe)}: ${n} nodes, ${e} edges${kind === 'sage' ? '' : ' (with self-loops)'}, ` +
    `${fin} features, ${task.numClasses} classes, ${task.numTrain} training nodes`);
  manualSeed(o.seed);
  const sparseInput = kind !== 'sage' && o.input === 'sparse';
  // Built once, like the PyTorch side's sparse tensor: the features are constant across epochs.
  // Read-only: a backend may keep its copy across epochs (the wasm backend copies it into its memory once).
  // --input writable leaves them unpromised: then GraphConv / GATConv cannot cache their nonzeros
  // (src/message/sparse-rows.ts) and multiply densely, as PyTorch does.
  const input = sparseInput ? SparseFeatures.fromDense(task.feat) : o.input === 'writable' ? task.feat : markReadOnly(task.feat);
  const model = buildModel(kind, { inFeats: fin, hidden, classes: task.numClasses, heads: o.heads, sparseInput });
  model.module.train();
  const opt = new Adam(model.module.parameters(), { lr: model.lr, weightDecay: model.weightDecay });
  // The loss on the training rows only, as the PyTorch side does (model(x)[train_idx]).
  const targets = task.target.data as Int32Array;
  const trainIdx = Int32Array.from({ length: targets.length }, (_, i) => i).filter((i) => targets[i] !== IGNORE);
  const trainTarget = new Tensor(Int32Array.from(trainIdx, (i) => targets[i]), [trainIdx.length], 'int32');
  const epoch = (): void => {
    opt.zeroGrad();
    const loss = crossEntropy(indexSelect(model.forward(g, input), 0, trainIdx), trainTarget);
    loss.backward();
    opt.step();
  };
  const profile = o.profile ? new KernelProfile() : null;
  profile?.install();
  const notes: Record<string, unknown> = o.peakAfterSetup ? { setupPeakRssMb: resetPeakRss() } : {};
  const setupRss = rssMb();
  const params = { ...task.describe, nodes: n, edges: e, feats: fin, classes: task.numClasses, numTrain: task.numTrain, ...model.describe };
  let t: Timing;
  try {
    t = time(epoch, { runs: o.runs, warmup: o.warmup, label: o.workload, afterWarmup: () => profile?.reset() });
  } catch (err) {
    if (!outOfMemory(err)) throw err;
    // A finding, not a crash: the line says which allocation failed and how far the process got.
    const message = (err as Error).message;
    log(`bench: ${o.workload} ran out of memory: ${message}`);
    printLine({ name: o.workload, ...params, backend: ctx.backend, runs: 0, outOfMemory: true, error: message.slice(0, 300),
      peakRssMb: peakRssMb(), ...notes, setupRssMb: setupRss });
    return;
  }
  const denseCost = costOf(kind, n, e, fin, hidden, o.heads, task.numClasses);
  // The first x W runs on the nonzeros for SparseFeatures and, through GraphConv's and GATConv's
  // sparse-rows path, for read-only mostly-zero dense features too: the cost follows what ran.
  const nnz = input instanceof SparseFeatures ? input.values.length : kind === 'sage' ? null : sparseRowsNonzeros(input);
  const cost = nnz !== null ? sparseInputCost(denseCost, n, fin, nnz, kind === 'gat' ? hidden * o.heads : hidden) : denseCost;
  printLine(resultLine(o.workload, params,
    ctx, t, { epochsPerS: perSecond(1, t.minMs) }, {
      ...notes, setupRssMb: setupRss, denseFlops: cost.denseFlops, sparseBytes: cost.sparseBytes, costModel: cost.model,
      ...(profile === null ? {} : { profiled: true, kernelMs: profile.summarise(t.runs, t.meanMs) }),
    }));
}

/** A failed allocation: V8's (ArrayBuffer), the addon's ("out of memory", "cannot allocate"). */
function outOfMemory(err: unknown): boolean {
  return err instanceof Error && /Array buffer allocation failed|out of memory|cannot allocate|Invalid typed array length/i.test(err.message);
}
