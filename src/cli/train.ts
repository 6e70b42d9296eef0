/**
 * `deepgraph train`: trains one of the known models on one of the known datasets with the
 * paper's settings (each overridable), over several seeds, and prints the mean and spread.
 */
import { setDetectAnomaly } from '../tensor/tape.js';
import { backendName } from '../kernels/registry.js';
import { UsageError, choiceOption, numberOption, parseOptions, withUsage } from './args.js';
import { batch } from '../graph/index.js';
import { DATASETS, ENTITY_DATASETS, loadData, type DatasetName, type GraphData, type NodeData } from './datasets.js';
import {
  GIN_INFO, MINIBATCH_DEFAULTS, MINIBATCH_INFO, MODELS, MODEL_INFO, TYPED_LINK_ONLY, type GraphHyper, type ModelName, type NodeHyper,
} from './models.js';
import { trainNodeRun, type NodeRunner } from './node-train.js';
import type { NodeModelName } from './models.js';
import { parseSplit, type DataTask, type SplitFractions } from './data-dir.js';
import { runDataTraining, trainEntityTask } from './data-train.js';
import { RGCN_DESCRIBE } from './entity-train.js';
import { checkMinibatch, checkPartitionsOptions, isMinibatchModel, minibatchProtocol, minibatchRunner, parseFanoutsOption, type MinibatchOptions } from './minibatch-run.js';
import { featureOnly, stratifiedFolds, summariseFolds, trainGraphFold, type FoldResult } from './graph-train.js';
import { createProgress, type Progress } from './progress.js';
import type { TrainIO } from './checkpointing.js';
import { exportTrained } from './export-onnx.js';
import { joinTrainingJob } from './data-parallel.js';
import type { ProcessGroup } from '../distributed/process-group.js';
import { mean, median, round, std } from './stats.js';
import { ogbDataDirOf, ogbTrainMain } from './ogb-train.js';

import { TRAIN_HELP } from './train-help.js';

export { TRAIN_HELP };

/** Everything a training invocation needs; the CLI fills it from its options. */
export interface TrainConfig {
  dataset: DatasetName;
  /** --data: a dataset folder (then dataset is unused). */
  data?: string;
  task?: DataTask; split?: SplitFractions;
  /** --etype / --reverse-etype: the relation a typed --task link predicts and its reverse. */
  etype?: string; reverseEtype?: string;
  /** Whether --model was given (a typed --data graph defaults to rgcn). */
  modelGiven?: boolean;
  dataDir?: string;
  model: ModelName;
  runs: number;
  seed: number;
  /** Overrides of the model's defaults. */
  overrides: Partial<Pick<NodeHyper & GraphHyper, 'epochs' | 'lr' | 'weightDecay' | 'hidden' | 'dropout' | 'batchSize'>>;
  /** Set: node classification on sampled blocks (`--minibatch`) instead of the full graph. */
  minibatch?: MinibatchOptions;
  /** Set when started as one rank of a data-parallel job (data-parallel.ts). */
  group?: ProcessGroup;
  /** --save, --checkpoint-dir, --checkpoint-every, --resume. */
  io?: TrainIO;
  /** Set: write the trained model (the last run's, or the last fold's) as an ONNX file here. */
  exportOnnx?: string;
  /** R-GCN's setup: DGL's entity_classify.py (default) or the R-GCN authors' code (--rgcn-setup). */
  rgcnSetup?: 'dgl' | 'authors';
}

export interface TrainSummary {
  dataset: string;
  /** What testAccMean / testAccs hold when not accuracy ('rmse', 'auc'). */
  metric?: string;
  /** Further test metrics (means over runs), e.g. Hits@K and MRR of link prediction. */
  extra?: Record<string, number>;
  /** A published number to compare with (percent). */
  reference?: number;
  model: ModelName;
  runs: number;
  testAccMean: number;
  testAccStd: number;
  epochMsMedian: number;
  backend: string;
  /** Accuracy of each run (each fold for graph classification), in [0, 1]. */
  testAccs: number[];
  /** How the reported accuracy was obtained. */
  protocol: string;
  /** Graph classification: mean over folds after the last epoch (beside the selected epoch's). */
  lastEpochAccMean?: number;
  selectedEpoch?: number;
  /** The sampling settings of a `--minibatch` run. */
  minibatch?: MinibatchOptions;
}

const GRAPH_DATASETS: readonly DatasetName[] = ['mutag', 'proteins'];

function isTypedLinkOnly(model: ModelName): model is typeof TYPED_LINK_ONLY[number] {
  return (TYPED_LINK_ONLY as readonly string[]).includes(model);
}

/** The model's default settings for the dataset with the overrides applied. */
export function nodeHyper(cfg: TrainConfig): NodeHyper {
  if (cfg.model === 'gin') throw new UsageError('gin is the graph-classification model here: use --dataset mutag or proteins');
  if (cfg.model === 'rgcn') throw new UsageError('rgcn classifies entities of typed graphs: use --dataset aifb or mutag-rdf, or --data with a typed CSVDataset');
  if (isTypedLinkOnly(cfg.model)) throw new UsageError(`${cfg.model} predicts links of a typed --data graph (--task link --etype E)`);
  const h = { ...MODEL_INFO[cfg.model].defaults(cfg.dataset) };
  const o = cfg.overrides;
  if (o.epochs !== undefined) h.epochs = o.epochs;
  if (o.lr !== undefined) h.lr = o.lr;
  if (o.weightDecay !== undefined) h.weightDecay = o.weightDecay;
  if (o.hidden !== undefined) h.hidden = o.hidden;
  if (o.dropout !== undefined) h.dropout = o.dropout;
  if (o.batchSize !== undefined) throw new UsageError('--batch-size applies to graph classification (mutag, proteins) and to --minibatch training');
  return h;
}

export function graphHyper(cfg: TrainConfig): GraphHyper {
  if (cfg.model !== 'gin') throw new UsageError(`graph classification (--dataset ${cfg.dataset}) supports --model gin, not ${cfg.model}`);
  const h = { ...GIN_INFO.defaults(), ...cfg.overrides };
  if (cfg.runs > h.folds) throw new UsageError(`--runs is the number of folds to train here, at most ${h.folds}; got ${cfg.runs}`);
  return h;
}

function selectionText(h: NodeHyper): string {
  const s = h.selection;
  return s.kind === 'last' ? `test after the last of ${h.epochs} epochs`
    : `test at the best validation ${s.kind === 'valAcc' ? 'accuracy' : 'loss'} (patience ${s.patience}, at most ${h.epochs} epochs)`;
}

/**
 * Throws a UsageError when the options do not fit together (before any data is loaded): the
 * model and the dataset's task, and with --minibatch the model, the task and the fanouts.
 */
export function checkTrainConfig(cfg: TrainConfig): void {
  if ((cfg.data !== undefined || ENTITY_DATASETS.includes(cfg.dataset)) && cfg.io !== undefined) {
    throw new UsageError('--save, --checkpoint-dir and --resume apply to the named node and graph datasets, not yet to --data folders or R-GCN');
  }
  if (cfg.rgcnSetup !== undefined && cfg.data === undefined && !ENTITY_DATASETS.includes(cfg.dataset)) {
    throw new UsageError('--rgcn-setup applies to R-GCN: --dataset aifb|mutag-rdf or a typed --data graph');
  }
  if (cfg.data !== undefined) {
    if (cfg.minibatch !== undefined) throw new UsageError('--minibatch applies to the named node datasets, not to --data');
    return; // the task, and so the model, is known once the folder is read
  }
  if (cfg.task !== undefined || cfg.split !== undefined) throw new UsageError('--task and --split apply to --data folders');
  if (cfg.etype !== undefined || cfg.reverseEtype !== undefined) throw new UsageError('--etype and --reverse-etype apply to --data folders with --task link');
  if (ENTITY_DATASETS.includes(cfg.dataset)) {
    if (cfg.model !== 'rgcn') throw new UsageError(`${cfg.dataset} is an R-GCN entity-classification dataset: use --model rgcn (the default)`);
    if (cfg.minibatch !== undefined) throw new UsageError('--minibatch is not available for R-GCN');
    return;
  }
  const graphTask = GRAPH_DATASETS.includes(cfg.dataset);
  if (cfg.minibatch !== undefined) checkMinibatch(cfg.minibatch, cfg.model, cfg.dataset, graphTask);
  if (cfg.io !== undefined && (graphTask || (cfg.minibatch !== undefined && cfg.io.savePath !== undefined))) {
    throw new UsageError('--save, --checkpoint-dir and --resume apply to node classification (--save not to --minibatch; none to graph classification)');
  }
  if (cfg.exportOnnx !== undefined && cfg.minibatch !== undefined) throw new UsageError('--export-onnx applies to full-graph training; drop --minibatch');
  if (graphTask) graphHyper(cfg); else nodeHyper(cfg);
}

/** The node runner of the configuration: minibatch when cfg.minibatch is set, else full-graph. */
export function nodeRunnerOf(cfg: TrainConfig): NodeRunner {
  return cfg.minibatch === undefined ? trainNodeRun : minibatchRunner(cfg.minibatch, cfg.group);
}

/**
 * Trains `runs` seeds of a node-classification model; `runner` is the training mode (by default
 * the one cfg asks for: full-graph, or minibatch with cfg.minibatch). Runners may be async.
 */
export async function trainNodeTask(data: NodeData, cfg: TrainConfig, progress: Progress, runner: NodeRunner = nodeRunnerOf(cfg)): Promise<TrainSummary> {
  const h = nodeHyper(cfg);
  const model = cfg.model as NodeModelName;
  const accs: number[] = [], epochMs: number[] = [];
  for (let r = 0; r < cfg.runs; r++) {
    progress.start(`run ${r + 1}/${cfg.runs}`, h.epochs);
    const keepModel = cfg.exportOnnx !== undefined && r === cfg.runs - 1;
    const io = cfg.io === undefined ? {} : { io: { options: cfg.io, run: r, runs: cfg.runs, dataset: cfg.dataset } };
    const res = await runner(data, { model, hyper: h, seed: cfg.seed + r, keepModel, ...io }, (e) => progress.update(e));
    if (keepModel) exportTrained(cfg.exportOnnx!, res.trained, { graph: res.trained?.graph, features: data.features });
    progress.stop(`test acc ${(100 * res.testAcc).toFixed(2)}% (epoch ${res.selectedEpoch + 1} of ${res.epochsRun}, seed ${res.seed})`);
    accs.push(res.testAcc);
    epochMs.push(...res.epochMs);
  }
  return {
    dataset: cfg.dataset, model: cfg.model, runs: cfg.runs, testAccMean: mean(accs), testAccStd: std(accs),
    epochMsMedian: median(epochMs), backend: backendName(), testAccs: accs,
    protocol: cfg.minibatch === undefined ? selectionText(h) : minibatchProtocol(cfg.minibatch, h, cfg.group?.worldSize),
    ...(cfg.minibatch === undefined ? {} : { minibatch: cfg.minibatch }),
  };
}

/** k-fold cross-validation of GIN; the first `runs` folds are trained. */
export function trainGraphTask(data: GraphData, cfg: TrainConfig, progress: Progress): TrainSummary {
  const h = graphHyper(cfg);
  const folds = stratifiedFolds(data.labels, h.folds, cfg.seed);
  const graphs = featureOnly(data.graphs);
  const results: FoldResult[] = [];
  for (let f = 0; f < cfg.runs; f++) {
    progress.start(`fold ${f + 1}/${h.folds}`, h.epochs);
    const res = trainGraphFold(data, graphs, folds, f, h, cfg.seed, (e) => progress.update(e));
    progress.stop(`held-out acc ${(100 * res.accByEpoch[res.accByEpoch.length - 1]).toFixed(2)}% after epoch ${h.epochs}`);
    results.push(res);
    if (cfg.exportOnnx !== undefined && f === cfg.runs - 1) {
      const sample = batch(graphs);
      exportTrained(cfg.exportOnnx, res.model === undefined ? undefined : { model: res.model }, { graph: sample, features: sample.ndata.get('feat') });
    }
  }
  const s = summariseFolds(results);
  return {
    dataset: cfg.dataset, model: 'gin', runs: cfg.runs, testAccMean: mean(s.selectedAccs), testAccStd: std(s.selectedAccs),
    epochMsMedian: median(results.flatMap((r) => r.epochMs)), backend: backendName(), testAccs: s.selectedAccs,
    protocol: `GIN paper: ${h.folds}-fold stratified cross-validation, held-out fold accuracy at the epoch with the best mean over folds`,
    lastEpochAccMean: mean(s.lastAccs), selectedEpoch: s.selectedEpoch,
  };
}

/**
 * Checks the configuration, loads the data and trains (both task kinds); `runner` trains one
 * node-classification run (default: the mode cfg asks for, see nodeRunnerOf).
 */
export async function runTraining(cfg: TrainConfig, progress: Progress, runner: NodeRunner = nodeRunnerOf(cfg)): Promise<TrainSummary> {
  checkTrainConfig(cfg);
  if (cfg.data !== undefined) return runDataTraining(cfg, progress, (d) => trainNodeTask(d, cfg, progress, runner));
  const data = await loadData(cfg.dataset, cfg.dataDir);
  if (data.kind === 'entity') return trainEntityTask(data, cfg, progress);
  return data.kind === 'node' ? trainNodeTask(data, cfg, progress, runner) : trainGraphTask(data, cfg, progress);
}

/** Parses `deepgraph train` options into a TrainConfig (throws UsageError on a bad option). */
export function parseTrainArgs(argv: string[]): TrainConfig & { json: boolean; quiet: boolean; help: boolean; detectAnomaly: boolean } {
  const v = parseOptions(argv, {
    dataset: { type: 'string' }, 'data-dir': { type: 'string' }, model: { type: 'string' }, epochs: { type: 'string' },
    lr: { type: 'string' }, 'weight-decay': { type: 'string' }, hidden: { type: 'string' }, dropout: { type: 'string' },
    'batch-size': { type: 'string' }, seed: { type: 'string' }, runs: { type: 'string' }, json: { type: 'boolean' },
    quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    minibatch: { type: 'boolean' }, fanouts: { type: 'string' }, workers: { type: 'string' }, 'export-onnx': { type: 'string' },
    save: { type: 'string' }, 'checkpoint-dir': { type: 'string' }, 'checkpoint-every': { type: 'string' }, resume: { type: 'string' },
    data: { type: 'string' }, task: { type: 'string' }, split: { type: 'string' }, etype: { type: 'string' }, 'reverse-etype': { type: 'string' },
    'detect-anomaly': { type: 'boolean' }, partitions: { type: 'string' }, 'rgcn-setup': { type: 'string' },
  });
  if (v.data !== undefined && v.dataset !== undefined) throw new UsageError('give either --dataset or --data, not both');
  const dataset = choiceOption(v, 'dataset', DATASETS) ?? 'synthetic';
  const isGraph = GRAPH_DATASETS.includes(dataset);
  const minibatch = v.minibatch === true;
  const model = choiceOption(v, 'model', MODELS) ?? (isGraph ? 'gin' : ENTITY_DATASETS.includes(dataset) ? 'rgcn' : minibatch ? 'sage' : 'gcn');
  const overrides: TrainConfig['overrides'] = {};
  const set = <K extends keyof TrainConfig['overrides']>(k: K, x: number | undefined): void => { if (x !== undefined) overrides[k] = x; };
  set('epochs', numberOption(v, 'epochs', { integer: true, min: 1 }));
  set('lr', numberOption(v, 'lr', { min: 0 }));
  set('weightDecay', numberOption(v, 'weight-decay', { min: 0 }));
  set('hidden', numberOption(v, 'hidden', { integer: true, min: 1 }));
  set('dropout', numberOption(v, 'dropout', { min: 0, max: 1 }));
  const batchSize = numberOption(v, 'batch-size', { integer: true, min: 1 });
  const workers = numberOption(v, 'workers', { integer: true, min: 0 });
  let mb: MinibatchOptions | undefined;
  if (minibatch) {
    mb = {
      fanouts: v.fanouts === undefined ? [...MINIBATCH_DEFAULTS.fanouts] : parseFanoutsOption(String(v.fanouts)),
      batchSize: batchSize ?? MINIBATCH_DEFAULTS.batchSize, workers: workers ?? MINIBATCH_DEFAULTS.workers,
      ...(v.partitions === undefined ? {} : { partitions: String(v.partitions) }),
    };
  } else {
    if (v.fanouts !== undefined) throw new UsageError('--fanouts applies to --minibatch training; add --minibatch');
    if (workers !== undefined) throw new UsageError('--workers applies to --minibatch training; add --minibatch');
    if (v.partitions !== undefined) throw new UsageError('--partitions applies to --minibatch training; add --minibatch');
    set('batchSize', batchSize);
  }
  const every = numberOption(v, 'checkpoint-every', { integer: true, min: 1 });
  if (every !== undefined && v['checkpoint-dir'] === undefined && v.resume === undefined) {
    throw new UsageError('--checkpoint-every needs --checkpoint-dir DIR (or --resume DIR)');
  }
  const io: TrainIO = { savePath: v.save as string | undefined, checkpointDir: v['checkpoint-dir'] as string | undefined,
    every: every ?? 10, resumeDir: v.resume as string | undefined };
  const wantsIO = io.savePath !== undefined || io.checkpointDir !== undefined || io.resumeDir !== undefined;
  if (v.partitions !== undefined) checkPartitionsOptions(io.savePath !== undefined, workers !== undefined);
  return {
    dataset, model, overrides, ...(mb === undefined ? {} : { minibatch: mb }), ...(wantsIO ? { io } : {}),
    ...(v.data === undefined ? {} : { data: String(v.data) }), modelGiven: v.model !== undefined,
    ...(v.task === undefined ? {} : { task: choiceOption(v, 'task', ['node', 'graph', 'link'] as const) }),
    ...(v.split === undefined ? {} : { split: parseSplit(String(v.split)) }),
    ...(v.etype === undefined ? {} : { etype: String(v.etype) }), ...(v['reverse-etype'] === undefined ? {} : { reverseEtype: String(v['reverse-etype']) }),
    dataDir: v['data-dir'] as string | undefined,
    ...(v['export-onnx'] === undefined ? {} : { exportOnnx: String(v['export-onnx']) }),
    ...(v['rgcn-setup'] === undefined ? {} : { rgcnSetup: choiceOption(v, 'rgcn-setup', ['dgl', 'authors'] as const) }),
    seed: numberOption(v, 'seed', { integer: true, min: 0 }) ?? 0,
    runs: numberOption(v, 'runs', { integer: true, min: 1 }) ?? (isGraph ? GIN_INFO.defaults().folds : 1),
    json: v.json === true, quiet: v.quiet === true, help: v.help === true, detectAnomaly: v['detect-anomaly'] === true,
  };
}

function describe(cfg: TrainConfig): string {
  if (cfg.data !== undefined) return `dataset folder ${cfg.data}: the task and model follow from its contents`;
  if (cfg.model === 'rgcn') return RGCN_DESCRIBE;
  if (cfg.model === 'gin') {
    const h = graphHyper(cfg);
    return `${GIN_INFO.describe}\nsettings: ${JSON.stringify(h)}`;
  }
  const h = nodeHyper(cfg);
  const mb = cfg.minibatch;
  const settings = `settings: epochs ${h.epochs}, lr ${h.lr}, weight decay ${h.weightDecay}` +
    `${h.weightDecayScope === 'first' ? ' (first layer)' : ''}, hidden ${h.hidden}, dropout ${h.dropout}`;
  if (mb !== undefined && isMinibatchModel(cfg.model)) return `${MINIBATCH_INFO[cfg.model].describe}\n${settings}; ${minibatchProtocol(mb, h)}`;
  return `${MODEL_INFO[cfg.model as NodeModelName].describe}\n${settings}; ${selectionText(h)}`;
}

const pct = (x: number): string => (100 * x).toFixed(2);

export function formatSummary(s: TrainSummary): string {
  // The references are full-graph results: none is shown for a minibatch run.
  const ds = s.dataset as DatasetName;
  const ref = s.reference ?? (s.minibatch !== undefined || s.model === 'rgcn' || isTypedLinkOnly(s.model) ? undefined : s.model === 'gin' ? GIN_INFO.reference[ds] : MODEL_INFO[s.model].reference[ds]);
  const spread = (x: string): string => (s.runs === 1 ? '' : ` ± ${x}`); // one run has no spread to show
  const value = s.metric === undefined || s.metric === 'accuracy' ? `accuracy ${pct(s.testAccMean)}${spread(pct(s.testAccStd))} %`
    : `${s.metric} ${s.testAccMean.toFixed(4)}${spread(s.testAccStd.toFixed(4))}`;
  const unit = s.model === 'gin' && s.metric === undefined ? 'fold' : 'run';
  const lines = [
    `${s.model} on ${s.dataset}: test ${value} over ${s.runs} ${unit}${s.runs === 1 ? '' : 's'}` + (ref === undefined ? '' : ` (reported: ${ref.toFixed(2)})`),
    ...(s.extra === undefined ? [] : [`also: ${Object.entries(s.extra).map(([k, x]) => `${k} ${x.toFixed(4)}`).join(', ')}`]),
    `protocol: ${s.protocol}`,
  ];
  if (s.lastEpochAccMean !== undefined) lines.push(`mean after the last epoch: ${pct(s.lastEpochAccMean)} %; selected epoch ${(s.selectedEpoch ?? 0) + 1}`);
  lines.push(`median epoch time ${s.epochMsMedian.toFixed(1)} ms, backend ${s.backend}`);
  return lines.join('\n') + '\n';
}

/** The JSON line of `--json` (accuracies as fractions in [0, 1]). */
export function summaryJson(s: TrainSummary): string {
  return JSON.stringify({
    dataset: s.dataset, model: s.model, runs: s.runs, testAccMean: round(s.testAccMean, 4), testAccStd: round(s.testAccStd, 4),
    epochMsMedian: round(s.epochMsMedian, 2), backend: s.backend, testAccs: s.testAccs.map((a) => round(a, 4)), protocol: s.protocol,
    ...(s.metric === undefined ? {} : { metric: s.metric }),
    ...(s.extra === undefined ? {} : { extra: Object.fromEntries(Object.entries(s.extra).map(([k, x]) => [k, round(x, 4)])) }),
    ...(s.lastEpochAccMean === undefined ? {} : { lastEpochAccMean: round(s.lastEpochAccMean, 4), selectedEpoch: s.selectedEpoch }),
    ...(s.minibatch === undefined ? {} : { minibatch: { fanouts: s.minibatch.fanouts, batchSize: s.minibatch.batchSize, workers: s.minibatch.workers } }),
  });
}

/** Entry of `deepgraph train`; returns the exit code. */
export function trainCommand(argv: string[]): Promise<number> {
  return withUsage('train', () => trainMain(argv));
}

async function trainMain(argv: string[]): Promise<number> {
  if (ogbDataDirOf(argv) !== undefined) return ogbTrainMain(argv);
  const cfg = parseTrainArgs(argv);
  if (cfg.help) {
    process.stdout.write(TRAIN_HELP);
    return 0;
  }
  checkTrainConfig(cfg); // reject bad combinations before loading
  if (cfg.detectAnomaly) setDetectAnomaly(true);
  const group = await joinTrainingJob(cfg);
  if (group !== null) cfg.group = group;
  const lead = group === null || group.rank === 0; // only rank 0 of a data-parallel job reports
  if (!cfg.json && !cfg.quiet && lead) process.stderr.write(`deepgraph train: ${cfg.data === undefined ? `${cfg.model} on ${cfg.dataset}` : cfg.data}, backend ${backendName()}\n${describe(cfg)}\n`);
  const summary = await runTraining(cfg, createProgress({ silent: cfg.quiet || !lead }));
  if (lead) process.stdout.write(cfg.json ? `${summaryJson(summary)}\n` : formatSummary(summary));
  await group?.close();
  return 0;
}
