/**
 * Stands in for src/dataloading/node/worker-pool.ts in browser bundles (package.json's `browser`
 * field maps one file to the other), so DataLoader does not pull node:worker_threads into a
 * bundle. Loader workers need Node.js; in a browser a DataLoader samples on the calling thread.
 */
import { DeepGraphError } from '../errors.js';

export class WorkerPool {
  constructor(numWorkers: number) {
    throw new DeepGraphError(`DataLoader: numWorkers ${numWorkers} needs Node.js worker_threads; ` +
      'in a browser use numWorkers 0 (sampling on the calling thread)');
  }
}
