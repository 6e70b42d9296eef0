import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as dg from '../../src/index.js';
import { sharedData } from '../data/shared-data.js';
import { withTempDir } from '../io/util.js';
import { runCli } from './cli-run.js';

const BIN = fileURLToPath(new URL('../../../bin/deepgraph.js', import.meta.url));

/** Starts `deepgraph train`, SIGKILLs it as soon as its first checkpoint exists; resolves when it is gone. */
function killAfterFirstCheckpoint(args: string[], ckpt: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    const timer = setInterval(() => { if (existsSync(ckpt)) child.kill('SIGKILL'); }, 5);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`train finished (code ${code}) before its first checkpoint was seen`));
    });
  });
}

test('deepgraph train: a run killed after --checkpoint-dir checkpoints and continued with --resume ends exactly as the uninterrupted run', async () => {
  const cora = sharedData('planetoid', 'raw');
  await withTempDir('cli-ckpt', async (dir) => {
    const base = ['train', '--dataset', 'cora', '--data-dir', cora, '--model', 'gcn', '--epochs', '120', '--seed', '4', '--json', '--quiet'];
    const full = runCli([...base, '--save', join(dir, 'full.safetensors')]);
    assert.equal(full.code, 0, full.stderr);
    const ckdir = join(dir, 'ck');
    await killAfterFirstCheckpoint([...base, '--checkpoint-dir', ckdir, '--checkpoint-every', '5'], join(ckdir, 'run-0.ckpt'));
    const ck = dg.loadCheckpoint(join(ckdir, 'run-0.ckpt'), { restoreRandomState: false });
    assert.ok(ck.epoch! < 119, `the run was interrupted (checkpoint at epoch ${ck.epoch})`);
    const resumed = runCli([...base, '--resume', ckdir, '--save', join(dir, 'resumed.safetensors')]);
    assert.equal(resumed.code, 0, resumed.stderr);
    const a = JSON.parse(full.stdout), b = JSON.parse(resumed.stdout);
    assert.deepEqual(b.testAccs, a.testAccs, 'same final accuracy');
    assert.ok(a.testAccMean > 0.7, `GCN on Cora trains (${a.testAccMean})`);
    assert.ok(readFileSync(join(dir, 'resumed.safetensors')).equals(readFileSync(join(dir, 'full.safetensors'))), 'same final weights, bit for bit');
    const model = dg.load(join(dir, 'full.safetensors'));
    assert.equal(model.metadata.model, 'gcn');
    assert.ok(model.size >= 2);
    const again = runCli([...base, '--resume', ckdir]);
    assert.deepEqual(JSON.parse(again.stdout).testAccs, a.testAccs, 'resuming a finished run returns its result');
    const other = runCli([...base.map((x) => (x === '4' ? '5' : x)), '--resume', ckdir]);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /--resume: .*run-0\.ckpt was written by a different configuration/);
  });
});

test('deepgraph train: checkpoint options are refused where they do not apply', () => {
  const r = runCli(['train', '--dataset', 'mutag', '--save', '/tmp/x.safetensors']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--save, --checkpoint-dir and --resume apply to node classification \(--save not to --minibatch; none to graph classification\)/);
  const m = runCli(['train', '--minibatch', '--save', '/tmp/x.safetensors']);
  assert.equal(m.code, 2);
  assert.match(m.stderr, /--save not to --minibatch/);
  const e = runCli(['train', '--checkpoint-every', '3']);
  assert.equal(e.code, 2);
  assert.match(e.stderr, /--checkpoint-every needs --checkpoint-dir/);
});
