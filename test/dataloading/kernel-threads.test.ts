/**
 * DataLoader kernelThreads: loader workers run their native kernels on their own thread count
 * (default: the cores divided among the workers and the training thread) while the training thread
 * keeps the process-wide count, during the epoch and after it. Without the addon every count is 1,
 * so the checks that tell counts apart need it (it is built by npm install).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import * as dg from '../../src/index.js';
import { setThreadNumThreads, tryLoadAddon } from '../../src/kernels/native/index.js';
import { defaultKernelThreads, workerKernelThreads } from '../../src/dataloading/node/thread-budget.js';
import { WorkerPool } from '../../src/dataloading/node/worker-pool.js';
import { graphArrays, shareArrays } from '../../src/dataloading/structure.js';
import { range } from '../sampling/util.js';
import { randomGraph } from './util.js';

const native = tryLoadAddon() !== null;
const graph = randomGraph(200, 1500, 7);
const train = range(60);
const sampler = new dg.NeighborSampler([3, 3]);

/** The count the workers of a pool sampled a batch with. */
async function workerThreads(kernelThreads: number | null | undefined): Promise<number | undefined> {
  const arrays = shareArrays(graphArrays(graph, { nodeFeatures: [], coo: false }, 'test'));
  const pool = new WorkerPool(1, { arrays, plan: sampler.plan(graph), backend: dg.backendName(), kernelThreads });
  try {
    return (await pool.run({ index: 0, seeds: [Int32Array.of(1, 2, 3)], seed: 1 })).kernelThreads;
  } finally {
    await pool.close();
  }
}

test('workers sample on their own kernel thread count; the training thread keeps its count during and after epochs', async (t) => {
  const before = dg.getNumThreads();
  t.after(() => dg.setNumThreads(before));
  dg.setNumThreads(native ? 3 : 1);
  const p = dg.getNumThreads();
  assert.equal(await workerThreads(1), 1);
  assert.equal(await workerThreads(2), native ? 2 : 1);
  assert.equal(await workerThreads(null), p, 'null: the process-wide count');
  assert.equal(await workerThreads(undefined), p, 'a pool without a count: the process-wide count');
  assert.equal(workerKernelThreads(1, undefined), Math.min(p, defaultKernelThreads(1)));
  assert.equal(workerKernelThreads(1, 5), 5, 'an explicit count wins');
  assert.equal(workerKernelThreads(1, null), null);
  for (const kernelThreads of [undefined, 1, null]) {
    const loader = new dg.DataLoader(graph, train, sampler, { batchSize: 16, numWorkers: 1, kernelThreads, persistentWorkers: true });
    try {
      for (let epoch = 0; epoch < 2; epoch++) {
        let batches = 0;
        for await (const _ of loader) {
          assert.equal(dg.getNumThreads(), p, `kernelThreads ${String(kernelThreads)}: training thread count in epoch ${epoch}`);
          batches++;
        }
        assert.equal(batches, 4);
        assert.equal(dg.getNumThreads(), p, `kernelThreads ${String(kernelThreads)}: after epoch ${epoch}`);
      }
    } finally {
      await loader.close();
    }
  }
});

test('setThreadNumThreads: this thread\'s count over the process-wide one, cleared by null; other threads keep theirs', async (t) => {
  const before = dg.getNumThreads();
  t.after(() => { setThreadNumThreads(null); dg.setNumThreads(before); });
  if (!native) {
    setThreadNumThreads(4);
    assert.equal(dg.getNumThreads(), 1, 'without the addon every count is 1');
    return;
  }
  dg.setNumThreads(3);
  setThreadNumThreads(1);
  assert.equal(dg.getNumThreads(), 1);
  dg.setNumThreads(2);
  assert.equal(dg.getNumThreads(), 1, 'the thread\'s own count wins over a new process-wide one');
  // Another thread sees the process-wide count, not this thread's.
  const url = new URL('../../src/kernels/native/index.js', import.meta.url).href;
  const other = await new Promise<number>((resolve, reject) => {
    const w = new Worker(`import(${JSON.stringify(url)}).then((m) => require('node:worker_threads').parentPort.postMessage(m.getNumThreads()))`,
      { eval: true });
    w.once('message', (n: number) => { resolve(n); void w.terminate(); });
    w.once('error', reject);
  });
  assert.equal(other, 2);
  setThreadNumThreads(null);
  assert.equal(dg.getNumThreads(), 2);
});

test('kernelThreads: anything but a positive integer or null is a RangeError naming the option', () => {
  for (const bad of [0, -1, 1.5, Number.NaN, '2' as unknown as number]) {
    assert.throws(() => new dg.DataLoader(graph, train, sampler, { numWorkers: 1, kernelThreads: bad }),
      (e: unknown) => e instanceof RangeError && /DataLoader: kernelThreads must be an integer >= 1, got/.test(e.message), String(bad));
  }
  for (const bad of [0, -2, 0.5]) assert.throws(() => setThreadNumThreads(bad), /setThreadNumThreads: n must be a positive integer or null/);
  assert.equal(new dg.DataLoader(graph, train, sampler, { kernelThreads: null }).kernelThreads, null);
  assert.equal(new dg.DataLoader(graph, train, sampler, { kernelThreads: 2 }).kernelThreads, 2);
  assert.equal(defaultKernelThreads(1, 2), 1);
  assert.equal(defaultKernelThreads(0, 2), 2);
  assert.equal(defaultKernelThreads(3, 16), 4);
  assert.equal(defaultKernelThreads(5, 2), 1, 'never below one thread');
});
