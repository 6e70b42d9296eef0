/**
 * `deepgraph train --data DIR` when DIR is an OGB dataset folder (OGB's layout: raw/, split/, mapping/,
 * named like ogbg_molbace): OGB's GIN-with-virtual-node example on graph-property datasets, each seed
 * reported with OGB's evaluator at the best validation epoch.
 */
import { appendFileSync, existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { backendName } from '../kernels/registry.js';
import { OgbGraphPropPredDataset } from '../data/ogb/graph-prop.js';
import { ogbFamilyOf } from '../data/ogb/master.js';
import { UsageError, numberOption, parseOptions } from './args.js';
import { OGB_GIN_DEFAULTS, trainOgbGraphSeed, type OgbGraphHyper, type OgbSeedResult } from './ogb-graph-train.js';
import { createProgress, type Progress } from './progress.js';
import { mean, median, round, std } from './stats.js';

const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();

/** True when `dir` is an OGB dataset folder: named ogbg_* / ogbn_* / ogbl_*, with raw/ and split/ inside. */
export function isOgbDir(dir: string): boolean {
  return /^ogb[gnl]_/.test(basename(resolve(dir))) && isDir(join(dir, 'raw')) && isDir(join(dir, 'split'));
}

/** The OGB dataset name of a folder: ogbg_molbace holds ogbg-molbace. */
export function ogbNameOfDir(dir: string): string {
  return basename(resolve(dir)).replace(/_/g, '-');
}

/** The value of --data in argv (`--data DIR` or `--data=DIR`) when it names an OGB folder. */
export function ogbDataDirOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = a === '--data' ? argv[i + 1] : a.startsWith('--data=') ? a.slice('--data='.length) : undefined;
    if (v !== undefined && isOgbDir(v)) return v;
  }
  return undefined;
}

export const OGB_TRAIN_HELP = `Usage: deepgraph train --data DIR [options]   (DIR an OGB folder such as dataset/ogbg_molbace)

Trains OGB's GIN with a virtual node (examples/graphproppred/mol) on an ogbg-* dataset, with OGB's split
and evaluator: the test score at the best validation epoch, mean ± std over seeds.

  --model gin-virtual the only model here (default)
  --epochs N          default ${OGB_GIN_DEFAULTS.epochs}
  --lr X              Adam learning rate (default ${OGB_GIN_DEFAULTS.lr})
  --hidden N          embedding width (default ${OGB_GIN_DEFAULTS.embDim})
  --layers N          message-passing layers (default ${OGB_GIN_DEFAULTS.numLayers})
  --dropout P         default ${OGB_GIN_DEFAULTS.dropout}
  --batch-size N      default ${OGB_GIN_DEFAULTS.batchSize}
  --seed N            seed of the first run; run r uses seed + r (default 0)
  --runs N            seeds to train (default 10)
  --epoch-log FILE    append one JSON line per epoch (seed, epoch, loss, valid and test score) to FILE, so a
                      run stopped early still shows its curves
  --json              one JSON line with the summary on stdout
  --quiet             no progress output
`;

export interface OgbTrainConfig {
  dir: string;
  hyper: OgbGraphHyper;
  seed: number;
  runs: number;
  epochLog?: string;
  json: boolean;
  quiet: boolean;
  help: boolean;
}

export function parseOgbTrainArgs(argv: string[]): OgbTrainConfig {
  const v = parseOptions(argv, {
    data: { type: 'string' }, model: { type: 'string' }, epochs: { type: 'string' }, lr: { type: 'string' },
    hidden: { type: 'string' }, layers: { type: 'string' }, dropout: { type: 'string' }, 'batch-size': { type: 'string' },
    seed: { type: 'string' }, runs: { type: 'string' }, 'epoch-log': { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (v.model !== undefined && !['gin-virtual', 'gin'].includes(String(v.model).toLowerCase())) {
    throw new UsageError(`--model: OGB graph-property training offers gin-virtual (OGB's example), not '${String(v.model)}'`);
  }
  const h = { ...OGB_GIN_DEFAULTS };
  h.epochs = numberOption(v, 'epochs', { integer: true, min: 1 }) ?? h.epochs;
  h.lr = numberOption(v, 'lr', { min: 0 }) ?? h.lr;
  h.embDim = numberOption(v, 'hidden', { integer: true, min: 1 }) ?? h.embDim;
  h.numLayers = numberOption(v, 'layers', { integer: true, min: 2 }) ?? h.numLayers;
  h.dropout = numberOption(v, 'dropout', { min: 0, max: 1 }) ?? h.dropout;
  h.batchSize = numberOption(v, 'batch-size', { integer: true, min: 2 }) ?? h.batchSize;
  return {
    dir: String(v.data), hyper: h,
    seed: numberOption(v, 'seed', { integer: true, min: 0 }) ?? 0,
    runs: numberOption(v, 'runs', { integer: true, min: 1 }) ?? 10,
    ...(v['epoch-log'] === undefined ? {} : { epochLog: String(v['epoch-log']) }),
    json: v.json === true, quiet: v.quiet === true, help: v.help === true,
  };
}

export interface OgbTrainSummary {
  dataset: string;
  model: 'gin-virtual';
  metric: string;
  runs: number;
  testMean: number;
  testStd: number;
  validMean: number;
  seeds: Array<Pick<OgbSeedResult, 'seed' | 'bestEpoch' | 'valid' | 'test'>>;
  epochs: number;
  epochMsMedian: number;
  backend: string;
  protocol: string;
}

/** Loads the folder and trains cfg.runs seeds. */
export function runOgbTraining(cfg: OgbTrainConfig, progress: Progress): OgbTrainSummary {
  const name = ogbNameOfDir(cfg.dir);
  if (ogbFamilyOf(name) !== 'graph') {
    throw new UsageError(`${cfg.dir}: ${name} is an OGB ${ogbFamilyOf(name)}-property dataset; deepgraph train --data trains ogbg-* (graph property) folders here`);
  }
  const ds = new OgbGraphPropPredDataset(name, { root: dirname(resolve(cfg.dir)) });
  const results: OgbSeedResult[] = [];
  for (let r = 0; r < cfg.runs; r++) {
    const seed = cfg.seed + r;
    progress.start(`seed ${seed}`, cfg.hyper.epochs);
    const res = trainOgbGraphSeed(ds, cfg.hyper, seed, (e) => {
      progress.update(e);
      if (cfg.epochLog !== undefined) {
        appendFileSync(cfg.epochLog, `${JSON.stringify({ dataset: name, seed, epoch: e.epoch + 1, loss: round(e.loss, 6), valid: e.valid, test: e.test, ms: round(e.ms, 1) })}\n`);
      }
    });
    progress.stop(`test ${ds.evalMetric} ${res.test.toFixed(4)} at epoch ${res.bestEpoch + 1} (valid ${res.valid.toFixed(4)})`);
    results.push(res);
  }
  const tests = results.map((r) => r.test);
  return {
    dataset: name, model: 'gin-virtual', metric: ds.evalMetric, runs: cfg.runs, testMean: mean(tests), testStd: cfg.runs > 1 ? std(tests) : 0,
    validMean: mean(results.map((r) => r.valid)),
    seeds: results.map(({ seed, bestEpoch, valid, test }) => ({ seed, bestEpoch, valid, test })),
    epochs: cfg.hyper.epochs, epochMsMedian: median(results.flatMap((r) => r.epochMs)), backend: backendName(),
    protocol: `OGB example: ${cfg.hyper.numLayers} layers, ${cfg.hyper.embDim} hidden, dropout ${cfg.hyper.dropout}, batch ${cfg.hyper.batchSize}, ` +
      `Adam ${cfg.hyper.lr}, ${cfg.hyper.epochs} epochs; test ${ds.evalMetric} at the best validation epoch (split ${ds.meta.split})`,
  };
}

export function formatOgbSummary(s: OgbTrainSummary): string {
  const seeds = s.seeds.map((r) => `${r.seed}: ${r.test.toFixed(4)} (epoch ${r.bestEpoch + 1})`).join(', ');
  return [
    `gin-virtual on ${s.dataset}: test ${s.metric} ${s.testMean.toFixed(4)} ± ${s.testStd.toFixed(4)} over ${s.runs} seed${s.runs === 1 ? '' : 's'} (valid ${s.validMean.toFixed(4)})`,
    `per seed: ${seeds}`,
    `protocol: ${s.protocol}`,
    `median epoch time ${s.epochMsMedian.toFixed(1)} ms, backend ${s.backend}`,
  ].join('\n') + '\n';
}

export function ogbSummaryJson(s: OgbTrainSummary): string {
  return JSON.stringify({
    ...s, testMean: round(s.testMean, 6), testStd: round(s.testStd, 6), validMean: round(s.validMean, 6),
    epochMsMedian: round(s.epochMsMedian, 1),
    seeds: s.seeds.map((r) => ({ seed: r.seed, bestEpoch: r.bestEpoch + 1, valid: round(r.valid, 6), test: round(r.test, 6) })),
  });
}

/** `deepgraph train --data <OGB folder> ...`; returns the exit code (usage errors are handled by the caller). */
export function ogbTrainMain(argv: string[]): Promise<number> {
  const cfg = parseOgbTrainArgs(argv);
  if (cfg.help) {
    process.stdout.write(OGB_TRAIN_HELP);
    return Promise.resolve(0);
  }
  if (!cfg.json && !cfg.quiet) process.stderr.write(`deepgraph train: gin-virtual on ${ogbNameOfDir(cfg.dir)}, backend ${backendName()}\n`);
  const s = runOgbTraining(cfg, createProgress({ silent: cfg.quiet }));
  process.stdout.write(cfg.json ? `${ogbSummaryJson(s)}\n` : formatOgbSummary(s));
  return Promise.resolve(0);
}
