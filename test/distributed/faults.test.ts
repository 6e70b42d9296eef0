/**
 * Faults end the job on every rank, naming the cause, within the timeout: a rank killed with
 * SIGKILL (through `deepgraph launch`, on Gloo and on the ring), a Redis server stopped while
 * the ranks train, and a rank that never starts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BIN, run, startRanks, startRedis, tempDir, workerPath } from './job.js';

const TIMEOUT_S = 2;

for (const engine of ['gloo', 'ring'] as const) {
  test(`a rank killed with SIGKILL ends every other rank within the timeout, naming it (${engine})`, async () => {
    const job = run(process.execPath, [BIN, 'launch', '--local', '3', '--timeout', String(TIMEOUT_S), '--engine', engine, '--', workerPath('steps-worker.js')],
      { KILL_RANK: '1', KILL_AT: '5' }, 30_000);
    const e = await job.done;
    assert.notEqual(e.code, 0, e.stderr);
    assert.match(e.stderr, /deepgraph launch: rank 1 was killed by SIGKILL/);
    for (const r of [0, 2]) assert.match(e.stderr, new RegExp(`rank ${r} stopping: rank 1 lost`), `rank ${r} must name the lost rank:\n${e.stderr}`);
    assert.match(e.stderr, /rank 0 exited with code 3; rank 1 was killed by SIGKILL; rank 2 exited with code 3/);
    assert.doesNotMatch(e.stderr, /step 399/);
  });
}

test('a Redis server stopped mid-training ends every rank with an error naming it', async () => {
  const redis = await startRedis();
  try {
    const ranks = startRanks(workerPath('steps-worker.js'), 2, { kind: 'redis', port: redis.port }, { DEEPGRAPH_DIST_TIMEOUT: String(TIMEOUT_S) }, 30_000);
    let seen = '';
    await new Promise<void>((resolve) => ranks[0].child.stderr!.on('data', (b: Buffer) => {
      seen += b.toString();
      if (seen.includes('step 5')) resolve();
    }));
    const stoppedAt = Date.now();
    await redis.stop();
    const exits = await Promise.all(ranks.map((r) => r.done));
    exits.forEach((e, r) => {
      assert.equal(e.code, 3, `rank ${r}: ${e.stderr}`);
      assert.match(e.stderr, new RegExp(`rank ${r} stopping: Redis at 127\\.0\\.0\\.1:${redis.port} is unavailable`));
    });
    assert.ok(Date.now() - stoppedAt < (2 * TIMEOUT_S + 10) * 1000, 'the ranks ended within the timeout (with a margin for a loaded machine)');
  } finally {
    await redis.stop();
  }
});

for (const engine of ['gloo', 'ring'] as const) {
  test(`a rank that never starts fails the rendezvous within the timeout, naming it (${engine})`, async () => {
    const store = tempDir('dg-absent-');
    try {
      const env = { WORLD_SIZE: '3', DEEPGRAPH_STORE_DIR: store.dir, DEEPGRAPH_JOB_ID: `absent-${engine}`, DEEPGRAPH_DIST_TIMEOUT: '1', DEEPGRAPH_DIST_ENGINE: engine };
      const exits = await Promise.all([0, 1].map((r) => run(process.execPath, [workerPath('steps-worker.js')], { ...env, RANK: String(r) }, 30_000).done));
      exits.forEach((e, r) => {
        assert.notEqual(e.code, 0, `rank ${r} must fail`);
        assert.match(e.stderr, /rank 2 of 3 did not join the job within 1 s/);
      });
    } finally {
      store.remove();
    }
  });
}
