/**
 * `deepgraph train` as one rank of a data-parallel job: started by `deepgraph launch` or by any
 * scheduler that sets WORLD_SIZE > 1 (torchrun's variables, Open MPI's, Slurm's). The ranks join
 * one process group; a lost rank or store ends this process with a message naming it (exit code
 * 3) instead of leaving it waiting.
 */
import { membershipFromEnv } from '../distributed/env.js';
import { initProcessGroup, type ProcessGroup } from '../distributed/process-group.js';
import { UsageError } from './args.js';
import type { TrainConfig } from './train.js';

/** Exit code of a rank whose job lost another rank or its store. */
export const EXIT_JOB_LOST = 3;

/** Joins the job the environment describes, or returns null for a single process. */
export async function joinTrainingJob(cfg: TrainConfig): Promise<ProcessGroup | null> {
  let m;
  try {
    m = membershipFromEnv();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (m === null) return null;
  if (cfg.minibatch === undefined) {
    throw new UsageError(`WORLD_SIZE=${m.worldSize}: data-parallel training splits the seed nodes of --minibatch among the ranks; add --minibatch`);
  }
  return initProcessGroup({
    membership: m,
    onFailure: (e) => {
      process.stderr.write(`deepgraph train (rank ${m.rank} of ${m.worldSize}): ${e.message}; ending this rank\n`);
      process.exit(EXIT_JOB_LOST);
    },
  });
}
