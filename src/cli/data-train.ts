/**
 * Training on typed graphs and on --data folders: R-GCN entity classification (the RDF
 * benchmarks and typed CSV graphs), and the node / graph / link tasks of a user's dataset.
 * Each task runs `runs` seeds (seed, seed + 1, ...) and returns the same TrainSummary as the
 * named benchmarks, with `metric` naming what testAccMean holds when it is not accuracy.
 */
import { backendName } from '../kernels/registry.js';
import { UsageError } from './args.js';
import { loadDataDir, defaultTask, nodeTaskData } from './data-dir.js';
import { AUTHORS_SETUP, rgcnDefaults, RGCN_REFERENCE, trainEntityRun, type EntityData, type RgcnHyper } from './entity-train.js';
import { exportTrained } from './export-onnx.js';
import { graphSplitHyper, graphTaskData, trainGraphSplitRun } from './graph-split-train.js';
import { LINK_DEFAULTS, linkTaskData, trainLinkRun } from './link-train.js';
import { trainTypedLinkTask } from './typed-link-train.js';
import type { Progress } from './progress.js';
import { mean, median, std } from './stats.js';
import type { TrainConfig, TrainSummary } from './train.js';

function rgcnHyper(cfg: TrainConfig, dataset: string): RgcnHyper {
  const o = cfg.overrides;
  if (o.batchSize !== undefined) throw new UsageError('--batch-size does not apply to full-graph R-GCN');
  const h = { ...rgcnDefaults(dataset), ...(cfg.rgcnSetup === 'authors' ? AUTHORS_SETUP : {}) };
  if (o.epochs !== undefined) h.epochs = o.epochs;
  if (o.lr !== undefined) h.lr = o.lr;
  if (o.weightDecay !== undefined) h.weightDecay = o.weightDecay;
  if (o.hidden !== undefined) h.hidden = o.hidden;
  // The authors' L2 is Keras's l2 * sum w^2: the same coefficient is twice the weight decay.
  if (cfg.rgcnSetup === 'authors') h.weightDecay *= 2;
  return h;
}

/** R-GCN over `runs` seeds on a typed graph; test accuracy after the last epoch. */
export function trainEntityTask(data: EntityData, cfg: TrainConfig, progress: Progress): TrainSummary {
  if (cfg.model !== 'rgcn') throw new UsageError(`${data.name} is a typed graph: it trains with --model rgcn, not ${cfg.model}`);
  const h = rgcnHyper(cfg, data.name);
  const accs: number[] = [], epochMs: number[] = [];
  for (let r = 0; r < cfg.runs; r++) {
    progress.start(`run ${r + 1}/${cfg.runs}`, h.epochs);
    const keepModel = cfg.exportOnnx !== undefined && r === cfg.runs - 1;
    const res = trainEntityRun(data, h, cfg.seed + r, (e) => progress.update(e), keepModel);
    if (keepModel) exportTrained(cfg.exportOnnx!, res.entity, { ...res.entity!.sample });
    progress.stop(`test acc ${(100 * res.testAcc).toFixed(2)}% (seed ${res.seed})`);
    accs.push(res.testAcc); epochMs.push(...res.epochMs);
  }
  return {
    dataset: data.name, model: 'rgcn', runs: cfg.runs, testAccMean: mean(accs), testAccStd: std(accs), epochMsMedian: median(epochMs),
    backend: backendName(), testAccs: accs, protocol: `${data.splitNote}; test after the last of ${h.epochs} epochs; settings ${JSON.stringify(h)}`,
    ...(RGCN_REFERENCE[data.name] === undefined ? {} : { reference: RGCN_REFERENCE[data.name] }),
  };
}

/** `deepgraph train --data DIR`: loads the folder, picks the task (or --task) and trains. */
export async function runDataTraining(cfg: TrainConfig, progress: Progress,
  trainNode: (data: import('./datasets.js').NodeData) => Promise<TrainSummary>): Promise<TrainSummary> {
  const d = await loadDataDir(cfg.data!);
  const task = cfg.task ?? defaultTask(d);
  if (task !== 'link' && (cfg.etype !== undefined || cfg.reverseEtype !== undefined)) throw new UsageError('--etype and --reverse-etype apply to --task link');
  if (task === 'node') {
    const data = nodeTaskData(d, cfg.split, cfg.seed);
    if (data.kind === 'entity') return trainEntityTask(data, { ...cfg, model: cfg.modelGiven ? cfg.model : 'rgcn' }, progress);
    if (cfg.model === 'rgcn' || cfg.model === 'gin') throw new UsageError(`${d.name} is a homogeneous graph: node classification takes gcn, gat, sage, ...; not ${cfg.model}`);
    return { ...(await trainNode(data)), dataset: d.name, protocol: `${data.splitNote}` };
  }
  if (cfg.exportOnnx !== undefined) throw new UsageError(`--export-onnx applies to node classification and R-GCN; ${d.name} trains the ${task} task`);
  if (task === 'graph') {
    const data = graphTaskData(d, cfg.split, cfg.seed);
    const h = graphSplitHyper(cfg.overrides);
    const vals: number[] = [], epochMs: number[] = [];
    for (let r = 0; r < cfg.runs; r++) {
      progress.start(`run ${r + 1}/${cfg.runs}`, h.epochs);
      const res = trainGraphSplitRun(data, h, cfg.seed + r, (e) => progress.update(e));
      progress.stop(`test ${data.regression ? 'rmse' : 'acc'} ${res.test.toFixed(4)} (epoch ${res.selectedEpoch + 1})`);
      vals.push(res.test); epochMs.push(...res.epochMs);
    }
    return {
      dataset: d.name, model: 'gin', runs: cfg.runs, testAccMean: mean(vals), testAccStd: std(vals), epochMsMedian: median(epochMs),
      backend: backendName(), testAccs: vals, metric: data.regression ? 'rmse' : 'accuracy',
      protocol: `GIN (${h.numLayers} layers, ${h.hidden} hidden, batch ${h.batchSize}, lr ${h.lr}, ${h.epochs} epochs); ${data.splitNote}; test at the best validation epoch`,
    };
  }
  const g = d.graphs[0];
  if (d.graphs.length === 1 && (g.ntypes.length > 1 || g.canonicalEtypes.length > 1)) return trainTypedLinkTask(d, cfg, progress);
  if (cfg.etype !== undefined || cfg.reverseEtype !== undefined) throw new UsageError(`--etype and --reverse-etype apply to typed graphs; ${d.name} has one node and one edge type`);
  const data = linkTaskData(d, cfg.split, cfg.seed);
  const h = { ...LINK_DEFAULTS, ...(cfg.overrides.epochs === undefined ? {} : { epochs: cfg.overrides.epochs }),
    ...(cfg.overrides.lr === undefined ? {} : { lr: cfg.overrides.lr }), ...(cfg.overrides.hidden === undefined ? {} : { hidden: cfg.overrides.hidden }) };
  const aucs: number[] = [], hits: number[] = [], mrrs: number[] = [], epochMs: number[] = [];
  for (let r = 0; r < cfg.runs; r++) {
    progress.start(`run ${r + 1}/${cfg.runs}`, h.epochs);
    const res = trainLinkRun(data, h, cfg.seed + r, (e) => progress.update(e));
    progress.stop(`test auc ${res.auc.toFixed(4)}, hits@${h.hitsK} ${res.hits.toFixed(4)}, mrr ${res.mrr.toFixed(4)}`);
    aucs.push(res.auc); hits.push(res.hits); mrrs.push(res.mrr); epochMs.push(...res.epochMs);
  }
  return {
    dataset: d.name, model: 'sage', runs: cfg.runs, testAccMean: mean(aucs), testAccStd: std(aucs), epochMsMedian: median(epochMs),
    backend: backendName(), testAccs: aucs, metric: 'auc', extra: { [`hits@${h.hitsK}`]: mean(hits), mrr: mean(mrrs) },
    protocol: `GraphSAGE (2 mean layers, ${h.hidden} hidden) + dot product, BCE with one uniform negative per edge, ${h.epochs} epochs; ` +
      `${data.splitNote}; test at the best validation AUC; Hits@${h.hitsK} against the test negatives, MRR among 100 negatives per positive`,
  };
}
