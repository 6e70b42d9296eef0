/**
 * `deepgraph train --save PATH`, `--checkpoint-dir DIR --checkpoint-every N` and `--resume DIR`
 * for full-graph node classification. Run r's checkpoint is DIR/run-<r>.ckpt: model, Adam state,
 * the random generator (dropout), the epoch and the model-selection state, so a resumed run
 * continues exactly where it stopped and reports exactly what the uninterrupted run would. A
 * run that finished keeps its final checkpoint, and resuming it returns its result untrained.
 */
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { save } from '../io/weights.js';
import { loadCheckpoint, saveCheckpoint } from '../io/node-files.js';
import type { Module } from '../nn/module.js';
import type { Optimizer, BaseHyper } from '../optim/optimizer.js';
import { UsageError } from './args.js';
import type { NodeHyper } from './models.js';

/** What the options ask of a training invocation. */
export interface TrainIO {
  /** --save: final weights (safetensors); with several runs, run r gets '-run<r>' before the extension. */
  savePath?: string;
  /** --checkpoint-dir (or the --resume folder): where checkpoints are written. */
  checkpointDir?: string;
  /** --checkpoint-every: epochs between checkpoints (default 10; the last epoch is always saved). */
  every: number;
  /** --resume: the folder whose checkpoints the runs continue from. */
  resumeDir?: string;
}

/** The model-selection state of node-train.ts's loop. */
export interface SelectionState {
  selected: { epoch: number; valAcc: number; valLoss: number; testAcc: number };
  sinceBest: number;
  epochMs: number[];
  finished: boolean;
  epochsRun: number;
}

/** What a run's checkpoint must agree with to be resumed: the run's identity and settings. */
export interface RunIdentity { dataset: string; model: string; seed: number; hyper: NodeHyper }

const runFile = (dir: string, run: number): string => join(dir, `run-${run}.ckpt`);

/** Path of run `run`'s --save file. */
export function savePathOf(path: string, run: number, runs: number): string {
  if (runs === 1) return path;
  const ext = extname(path);
  return `${path.slice(0, path.length - ext.length)}-run${run}${ext}`;
}

/** Checkpointing of one run; node-train.ts calls restore once and afterEpoch after every epoch. */
export class RunCheckpointer {
  constructor(private readonly io: TrainIO, private readonly run: number, private readonly identity: RunIdentity) {}

  /** Loads the run's checkpoint from --resume into model and optimizer (and the random generator). */
  restore(model: Module, opt: Optimizer<BaseHyper>): SelectionState | null {
    if (this.io.resumeDir === undefined) return null;
    const file = runFile(this.io.resumeDir, this.run);
    if (!existsSync(file)) return null;
    const ck = loadCheckpoint(file, { model, optimizer: opt });
    const saved = JSON.stringify(ck.extra.identity), now = JSON.stringify(this.identity);
    if (saved !== now) {
      throw new UsageError(`--resume: ${file} was written by a different configuration (${saved}); this one is ${now}`);
    }
    return ck.extra.selection as SelectionState;
  }

  /** Writes a checkpoint every `every` epochs and after the last epoch (epoch is 0-based). */
  afterEpoch(epoch: number, model: Module, opt: Optimizer<BaseHyper>, selection: SelectionState): void {
    const dir = this.io.checkpointDir ?? this.io.resumeDir;
    if (dir === undefined) return;
    if (!selection.finished && (epoch + 1) % this.io.every !== 0) return;
    saveCheckpoint(runFile(dir, this.run), { model, optimizer: opt, epoch, extra: { identity: this.identity, selection } });
  }

  /** --save: the final weights. */
  saveFinal(model: Module, runs: number): void {
    if (this.io.savePath !== undefined) save(model, savePathOf(this.io.savePath, this.run, runs), { metadata: { model: this.identity.model, dataset: this.identity.dataset } });
  }
}
