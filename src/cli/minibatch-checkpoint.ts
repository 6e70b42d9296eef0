/**
 * `--checkpoint-dir DIR` and `--resume DIR` for `deepgraph train --minibatch`, in one process or
 * as a data-parallel job. Run r's checkpoint is DIR/run-<r>.ckpt (model, Adam state, random
 * generator, epoch, the model-selection state so far), written atomically by rank 0 only; every
 * rank resumes from the same file. Together with DataLoader.setEpoch and the per-epoch random
 * streams of a data-parallel run (minibatch.ts), a resumed job continues with the batches, masks
 * and steps of the uninterrupted one, so it ends with the same accuracy.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCheckpoint, saveCheckpoint } from '../io/node-files.js';
import type { Module } from '../nn/module.js';
import type { Optimizer, BaseHyper } from '../optim/optimizer.js';
import { UsageError } from './args.js';
import type { TrainIO } from './checkpointing.js';
import type { MinibatchResult } from './minibatch.js';

/** What the minibatch loop calls (see trainNodeMinibatch). */
export interface MinibatchCheckpoint {
  /** Loads the run's checkpoint into model and optimizer; its result so far, or null to start afresh. */
  restore(model: Module, opt: Optimizer<BaseHyper>): MinibatchResult | null;
  /** After epoch `epoch` (0-based): writes every `every` epochs and after the last (`last`). */
  save(epoch: number, model: Module, opt: Optimizer<BaseHyper>, result: MinibatchResult, last: boolean): void;
}

/**
 * The checkpointing of run `run` under `io`. `identity` (dataset, model, seed, settings, world
 * size) must match the checkpoint's for it to be resumed; `writer` is false on ranks other than 0.
 */
export function minibatchCheckpointer(io: TrainIO, run: number, identity: Record<string, unknown>, writer: boolean): MinibatchCheckpoint {
  const file = (dir: string): string => join(dir, `run-${run}.ckpt`);
  return {
    restore(model, opt) {
      if (io.resumeDir === undefined || !existsSync(file(io.resumeDir))) return null;
      const ck = loadCheckpoint(file(io.resumeDir), { model, optimizer: opt });
      const saved = JSON.stringify(ck.extra.identity), now = JSON.stringify(identity);
      if (saved !== now) throw new UsageError(`--resume: ${file(io.resumeDir)} was written by a different configuration (${saved}); this one is ${now}`);
      return ck.extra.result as MinibatchResult;
    },
    save(epoch, model, opt, result, last) {
      const dir = io.checkpointDir ?? io.resumeDir;
      if (!writer || dir === undefined || (!last && (epoch + 1) % io.every !== 0)) return;
      saveCheckpoint(file(dir), { model, optimizer: opt, epoch, extra: { identity, result } });
    },
  };
}
