/** `deepgraph launch --local N -- deepgraph train --minibatch --partitions DIR`: one part per rank, remote rows over gRPC. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../cli/cli-run.js';
import { sharedData } from '../data/shared-data.js';

const BIN = fileURLToPath(new URL('../../../bin/deepgraph.js', import.meta.url));

test('two ranks train GraphSAGE on Cora split in 2 parts; only rank 0 reports, and a part count unlike the job is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-parttrain-'));
  const planetoid = sharedData('planetoid');
  try {
    const p = runCli(['partition', '--dataset', 'cora', '--data-dir', planetoid, '--parts', '2', '--method', 'metis', '--out', dir, '--json']);
    assert.equal(p.code, 0, p.stderr);
    const train = ['train', '--dataset', 'cora', '--data-dir', planetoid, '--minibatch', '--partitions', dir, '--epochs', '12', '--json', '--quiet'];
    const r = runCli(['launch', '--local', '2', '--', process.execPath, BIN, ...train], { DEEPGRAPH_REDIS: '' });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1, `one JSON line (rank 0), got:\n${r.stdout}`);
    const s = JSON.parse(lines[0]) as { testAccMean: number; protocol: string };
    assert.match(s.protocol, /data-parallel over 2 processes/);
    // 7 classes, the largest 30% of the test nodes: well above that means the remote rows arrived.
    assert.ok(s.testAccMean > 0.5, `test accuracy ${s.testAccMean} after 12 epochs`);
    const bad = runCli(['launch', '--local', '3', '--', process.execPath, BIN, ...train], { DEEPGRAPH_REDIS: '' });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /holds 2 parts but the job has 3 ranks; partition with --parts 3/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--partitions needs --minibatch', () => {
  const r = runCli(['train', '--dataset', 'cora', '--partitions', '/nonexistent']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--partitions applies to --minibatch training; add --minibatch/);
});
