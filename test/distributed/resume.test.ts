/**
 * `deepgraph train --minibatch` as a 2-rank data-parallel job: only rank 0 prints the --json line;
 * a job whose rank 1 is killed with SIGKILL once rank 0's first checkpoint exists (by a preloaded
 * test module, workers/kill-at-checkpoint.ts) ends on rank 0 naming rank 1, and `--resume` from that checkpoint finishes with exactly the accuracy of an uninterrupted run;
 * the same when the job trains over partitions (--partitions).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, run, startRanks, tempDir, workerPath } from './job.js';

const trainArgs = (epochs: number): string[] => ['train', '--minibatch', '--epochs', String(epochs), '--batch-size', '64', '--json', '--quiet', '--checkpoint-every', '2'];
const TRAIN = trainArgs(8);
// Generous: on a machine loaded far beyond its cores a rank's event loop can stall for seconds.
const ENV = { DEEPGRAPH_DIST_TIMEOUT: '10' };

/**
 * Runs `train` as an uninterrupted 2-rank job, then as one whose rank 1 is SIGKILLed at rank 0's
 * first checkpoint, then resumes that one; the resumed job must report the uninterrupted accuracies.
 */
async function killAndResume(train: string[]): Promise<void> {
  const dirs = [tempDir('dg-resume-a-'), tempDir('dg-resume-b-'), tempDir('dg-resume-store-')];
  const [full, broken, store] = dirs;
  try {
    const whole = await Promise.all(startRanks(BIN, 2, { kind: 'files', dir: join(store.dir, '1') }, ENV, 120_000, [...train, '--checkpoint-dir', full.dir]).map((r) => r.done));
    whole.forEach((e, r) => assert.equal(e.code, 0, `uninterrupted rank ${r}: ${e.stderr}`));
    assert.equal(whole[1].stdout, '', 'only rank 0 prints');
    const expected = JSON.parse(whole[0].stdout) as { testAccs: number[] };

    const ckpt = join(broken.dir, 'run-0.ckpt');
    const env = { ...ENV, WORLD_SIZE: '2', DEEPGRAPH_STORE_DIR: join(store.dir, '2'), DEEPGRAPH_JOB_ID: 'broken', KILL_WHEN_EXISTS: ckpt };
    const args = [BIN, ...train, '--checkpoint-dir', broken.dir];
    const [r0, r1] = await Promise.all([
      run(process.execPath, args, { ...env, RANK: '0', KILL_WHEN_EXISTS: '' }, 120_000).done,
      run(process.execPath, ['--import', workerPath('kill-at-checkpoint.js'), ...args], { ...env, RANK: '1' }, 120_000).done,
    ]);
    assert.ok(existsSync(ckpt), 'rank 0 wrote a checkpoint');
    assert.equal(r1.signal, 'SIGKILL', `rank 1 ended on its own before the kill: ${r1.stderr}`);
    assert.equal(r0.code, 3, `rank 0 must end with the lost-job code: ${r0.stderr}`);
    assert.match(r0.stderr, /deepgraph train \(rank 0 of 2\): rank 1 lost/);
    assert.equal(r0.stdout, '', 'the broken job reports nothing');

    const resumed = await Promise.all(startRanks(BIN, 2, { kind: 'files', dir: join(store.dir, '3') }, ENV, 120_000, [...train, '--resume', broken.dir]).map((r) => r.done));
    resumed.forEach((e, r) => assert.equal(e.code, 0, `resumed rank ${r}: ${e.stderr}`));
    assert.deepEqual((JSON.parse(resumed[0].stdout) as { testAccs: number[] }).testAccs, expected.testAccs);
  } finally {
    for (const d of dirs) d.remove();
  }
}

test('a data-parallel job killed mid-training resumes from its checkpoint to the uninterrupted accuracy', () => killAndResume(TRAIN));

test('the same over partitions: a job training on 2 parts (gRPC) killed mid-training resumes to the uninterrupted accuracy', async () => {
  const parts = tempDir('dg-resume-parts-');
  try {
    const p = spawnSync(process.execPath, [BIN, 'partition', '--dataset', 'synthetic', '--parts', '2', '--out', parts.dir, '--json'], { encoding: 'utf8' });
    assert.equal(p.status, 0, p.stderr);
    await killAndResume([...trainArgs(4), '--dataset', 'synthetic', '--partitions', parts.dir]);
  } finally {
    parts.remove();
  }
});
