/**
 * `deepgraph train --minibatch` as a 2-rank data-parallel job: only rank 0 prints the --json line;
 * a job whose rank 1 is killed with SIGKILL after its first checkpoint ends on rank 0 naming rank
 * 1, and `--resume` from that checkpoint finishes with exactly the accuracy of an uninterrupted run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, startRanks, tempDir } from './job.js';

const TRAIN = ['train', '--minibatch', '--epochs', '8', '--batch-size', '64', '--json', '--quiet', '--checkpoint-every', '2'];
// Generous: on a machine loaded far beyond its cores a rank's event loop can stall for seconds.
const ENV = { DEEPGRAPH_DIST_TIMEOUT: '10' };

test('a data-parallel job killed mid-training resumes from its checkpoint to the uninterrupted accuracy', async () => {
  const dirs = [tempDir('dg-resume-a-'), tempDir('dg-resume-b-'), tempDir('dg-resume-store-')];
  const [full, broken, store] = dirs;
  try {
    const whole = await Promise.all(startRanks(BIN, 2, { kind: 'files', dir: join(store.dir, '1') }, ENV, 60_000, [...TRAIN, '--checkpoint-dir', full.dir]).map((r) => r.done));
    whole.forEach((e, r) => assert.equal(e.code, 0, `uninterrupted rank ${r}: ${e.stderr}`));
    assert.equal(whole[1].stdout, '', 'only rank 0 prints');
    const expected = JSON.parse(whole[0].stdout) as { testAccs: number[] };

    const ranks = startRanks(BIN, 2, { kind: 'files', dir: join(store.dir, '2') }, ENV, 60_000, [...TRAIN, '--checkpoint-dir', broken.dir]);
    const ckpt = join(broken.dir, 'run-0.ckpt');
    while (!existsSync(ckpt) && ranks[1].child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    assert.ok(existsSync(ckpt), `rank 1 ended before the first checkpoint: ${(await ranks[1].done).stderr}`);
    ranks[1].child.kill('SIGKILL');
    const [r0, r1] = await Promise.all(ranks.map((r) => r.done));
    assert.equal(r1.signal, 'SIGKILL', `rank 1 ended on its own before the kill: ${r1.stderr}`);
    assert.equal(r0.code, 3, `rank 0 must end with the lost-job code: ${r0.stderr}`);
    assert.match(r0.stderr, /deepgraph train \(rank 0 of 2\): rank 1 lost/);
    assert.equal(r0.stdout, '', 'the broken job reports nothing');

    const resumed = await Promise.all(startRanks(BIN, 2, { kind: 'files', dir: join(store.dir, '3') }, ENV, 60_000, [...TRAIN, '--resume', broken.dir]).map((r) => r.done));
    resumed.forEach((e, r) => assert.equal(e.code, 0, `resumed rank ${r}: ${e.stderr}`));
    assert.deepEqual((JSON.parse(resumed[0].stdout) as { testAccs: number[] }).testAccs, expected.testAccs);
  } finally {
    for (const d of dirs) d.remove();
  }
});
