/** Node-only: the entry point of a loader worker thread (see worker-pool.ts). */
import { parentPort, workerData } from 'node:worker_threads';
// The whole library, so that every backend the main thread can select is registered here too.
import { setBackend } from '../../index.js';
import { getNumThreads, setThreadNumThreads } from '../../kernels/native/index.js';
import { runPlan, transferables } from '../run-plan.js';
import type { BatchTask } from '../plan.js';
import type { WorkerInit, WorkerReply } from './worker-pool.js';

const init = workerData as WorkerInit;
setBackend(init.backend);
setThreadNumThreads(init.kernelThreads ?? null);
const port = parentPort!;

port.on('message', (task: BatchTask) => {
  let reply: WorkerReply;
  try {
    const result = runPlan(init.arrays, init.plan, task);
    result.kernelThreads = getNumThreads();
    reply = { ok: true, result };
    try {
      port.postMessage(reply, transferables(result));
    } catch {
      port.postMessage(reply); // a buffer that cannot be moved (e.g. external memory): copy instead
    }
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply = { ok: false, index: task.index, name: err.name, message: err.message };
    port.postMessage(reply);
  }
});
