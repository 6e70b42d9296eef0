/**
 * DataLoader kernelThreads: while an epoch with workers runs, native kernels use the budgeted thread
 * count (default: the cores divided among the workers and the training thread); the count set before
 * comes back when the epoch ends, however it ends. Without the addon the count is always 1, so only
 * the validation and the restore (to 1) are checked then.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { tryLoadAddon } from '../../src/kernels/native/index.js';
import { claimKernelThreads, defaultKernelThreads } from '../../src/dataloading/node/thread-budget.js';
import { range } from '../sampling/util.js';
import { randomGraph } from './util.js';

const native = tryLoadAddon() !== null;
const graph = randomGraph(200, 1500, 7);
const train = range(60);
const sampler = new dg.NeighborSampler([3, 3]);

/** Runs one epoch (or stops after `stopAfter` batches); returns the thread count seen at each batch. */
async function threadsDuringEpoch(loader: dg.DataLoader<dg.NeighborSampler>, stopAfter = Infinity): Promise<number[]> {
  const seen: number[] = [];
  for await (const _ of loader) {
    seen.push(dg.getNumThreads());
    if (seen.length >= stopAfter) break;
  }
  return seen;
}

test('kernelThreads: the budget holds during a worker epoch and the previous count returns after it', async (t) => {
  const before = dg.getNumThreads();
  t.after(() => dg.setNumThreads(before));
  dg.setNumThreads(native ? 3 : 1);
  const start = dg.getNumThreads();
  const cases: [number | null | undefined, number][] = [
    [undefined, Math.min(start, defaultKernelThreads(1))],
    [1, 1],
    [2, native ? 2 : 1],
    [null, start],
  ];
  for (const [kernelThreads, expected] of cases) {
    const loader = new dg.DataLoader(graph, train, sampler, { batchSize: 16, numWorkers: 1, kernelThreads, persistentWorkers: true });
    try {
      for (let epoch = 0; epoch < 2; epoch++) {
        const seen = await threadsDuringEpoch(loader);
        assert.equal(seen.length, 4);
        assert.deepEqual(new Set(seen), new Set([expected]), `kernelThreads ${String(kernelThreads)}: threads during epoch ${epoch}`);
        assert.equal(dg.getNumThreads(), start, `kernelThreads ${String(kernelThreads)}: restored after epoch ${epoch}`);
      }
    } finally {
      await loader.close();
    }
  }
});

test('kernelThreads: restored after an early break and after an error in the loop body; numWorkers 0 leaves it alone', async (t) => {
  const before = dg.getNumThreads();
  t.after(() => dg.setNumThreads(before));
  dg.setNumThreads(native ? 2 : 1);
  const loader = new dg.DataLoader(graph, train, sampler, { batchSize: 16, numWorkers: 1, kernelThreads: 1 });
  assert.deepEqual(await threadsDuringEpoch(loader, 1), [1]);
  assert.equal(dg.getNumThreads(), native ? 2 : 1, 'restored after break');
  await assert.rejects(async () => {
    for await (const _ of loader) throw new Error('boom in the training step');
  }, /boom/);
  assert.equal(dg.getNumThreads(), native ? 2 : 1, 'restored after a throw');
  const here = new dg.DataLoader(graph, train, sampler, { batchSize: 16, numWorkers: 0, kernelThreads: 1 });
  assert.deepEqual(new Set(await threadsDuringEpoch(here)), new Set([native ? 2 : 1]), 'numWorkers 0 runs kernels on the calling thread as set');
});

test('kernelThreads: overlapping epochs share the cores and the count returns when the last one ends', (t) => {
  if (!native) { assert.equal(dg.getNumThreads(), 1); return; }
  const before = dg.getNumThreads();
  t.after(() => dg.setNumThreads(before));
  dg.setNumThreads(8);
  const a = claimKernelThreads(1, undefined);
  assert.equal(dg.getNumThreads(), Math.min(8, defaultKernelThreads(1)));
  const b = claimKernelThreads(2, undefined);
  assert.equal(dg.getNumThreads(), Math.min(8, defaultKernelThreads(3)), 'three workers and the training thread');
  const c = claimKernelThreads(1, 5);
  assert.equal(dg.getNumThreads(), 5, 'an explicit count wins');
  c();
  c(); // releasing twice is harmless
  a();
  assert.equal(dg.getNumThreads(), Math.min(8, defaultKernelThreads(2)));
  b();
  assert.equal(dg.getNumThreads(), 8);
});

test('kernelThreads: anything but a positive integer or null is a RangeError naming the option', () => {
  for (const bad of [0, -1, 1.5, Number.NaN, '2' as unknown as number]) {
    assert.throws(() => new dg.DataLoader(graph, train, sampler, { numWorkers: 1, kernelThreads: bad }),
      (e: unknown) => e instanceof RangeError && /DataLoader: kernelThreads must be an integer >= 1, got/.test(e.message), String(bad));
  }
  assert.equal(new dg.DataLoader(graph, train, sampler, { kernelThreads: null }).kernelThreads, null);
  assert.equal(new dg.DataLoader(graph, train, sampler, { kernelThreads: 2 }).kernelThreads, 2);
  assert.equal(defaultKernelThreads(1, 2), 1);
  assert.equal(defaultKernelThreads(0, 2), 2);
  assert.equal(defaultKernelThreads(3, 16), 4);
  assert.equal(defaultKernelThreads(5, 2), 1, 'never below one thread');
});
