/**
 * DistributedDataParallel from 3 processes on each engine: parameters broadcast from rank 0, and
 * after backward + syncGradients every rank holds the mean of the ranks' gradients (the worker
 * checks both against a local computation). Also shardIndices and the environment contract.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shardIndices, membershipFromEnv } from '../../src/distributed/index.js';
import { startRanks, tempDir, workerPath } from './job.js';

for (const engine of ['gloo', 'ring']) {
  test(`DistributedDataParallel broadcasts rank 0's parameters and averages gradients (${engine}, 3 ranks)`, async () => {
    const store = tempDir('dg-ddp-');
    try {
      const exits = await Promise.all(startRanks(workerPath('ddp-worker.js'), 3, { kind: 'files', dir: store.dir }, { DEEPGRAPH_DIST_ENGINE: engine }).map((r) => r.done));
      exits.forEach((e, r) => {
        assert.equal(e.code, 0, `rank ${r}: ${e.stderr}`);
        assert.match(e.stdout, new RegExp(`ddp ok on rank ${r} \\(\\d+ buckets, ${engine}\\)`));
      });
    } finally {
      store.remove();
    }
  });
}

test('shardIndices: every id once without padding, equal shares with it', () => {
  const ids = Int32Array.from({ length: 10 }, (_, i) => 100 + i);
  const shares = [0, 1, 2].map((r) => [...shardIndices(ids, r, 3)]);
  assert.deepEqual(shares, [[100, 103, 106, 109], [101, 104, 107], [102, 105, 108]]);
  const padded = [0, 1, 2].map((r) => [...shardIndices(ids, r, 3, { pad: true })]);
  assert.deepEqual(padded, [[100, 103, 106, 109], [101, 104, 107, 100], [102, 105, 108, 101]]);
  assert.throws(() => shardIndices(ids, 3, 3), /rank 3 is outside a job of 3 ranks/);
});

test('membershipFromEnv reads torchrun, Open MPI and Slurm variables and names a bad one', () => {
  assert.equal(membershipFromEnv({}), null);
  assert.equal(membershipFromEnv({ WORLD_SIZE: '1', RANK: '0' }), null);
  const t = membershipFromEnv({ WORLD_SIZE: '4', RANK: '2', LOCAL_RANK: '0', MASTER_ADDR: '127.0.0.1', MASTER_PORT: '29500' })!;
  assert.deepEqual([t.rank, t.worldSize, t.localRank, t.master], [2, 4, 0, { host: '127.0.0.1', port: 29500 }]);
  const o = membershipFromEnv({ OMPI_COMM_WORLD_SIZE: '3', OMPI_COMM_WORLD_RANK: '1', OMPI_COMM_WORLD_LOCAL_RANK: '1', DEEPGRAPH_REDIS: 'redis://10.0.0.5:7000' })!;
  assert.deepEqual([o.rank, o.worldSize, o.localRank, o.redis], [1, 3, 1, { host: '10.0.0.5', port: 7000 }]);
  const s = membershipFromEnv({ SLURM_NTASKS: '2', SLURM_PROCID: '1', DEEPGRAPH_STORE_DIR: '/shared/job', DEEPGRAPH_DIST_TIMEOUT: '5' })!;
  assert.deepEqual([s.rank, s.worldSize, s.storeDir, s.timeoutMs], [1, 2, '/shared/job', 5000]);
  assert.throws(() => membershipFromEnv({ WORLD_SIZE: '2', RANK: 'x', DEEPGRAPH_STORE_DIR: '/d' }), /RANK must be a non-negative integer, got 'x'/);
  assert.throws(() => membershipFromEnv({ WORLD_SIZE: '2', RANK: '2', DEEPGRAPH_STORE_DIR: '/d' }), /RANK=2 is outside a job of WORLD_SIZE=2/);
  assert.throws(() => membershipFromEnv({ WORLD_SIZE: '2', RANK: '0' }), /no rendezvous is given/);
  assert.throws(() => membershipFromEnv({ WORLD_SIZE: '2', RANK: '0', DEEPGRAPH_REDIS: 'host:notaport' }), /DEEPGRAPH_REDIS must be host:port/);
});
