import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { wantedNodeFlags } from '../../src/cli/relaunch.js';
import { runCli } from './cli-run.js';

const BIN = fileURLToPath(new URL('../../../bin/deepgraph.js', import.meta.url));
const GC = ['--single-threaded-gc'];

test('wantedNodeFlags: single-threaded GC only for train and bench with a kernel thread per core', () => {
  const want = (argv: string[], env: NodeJS.ProcessEnv = {}, execArgv: string[] = []): string[] => wantedNodeFlags(argv, execArgv, env, 2);
  assert.deepEqual(want(['train']), GC);
  assert.deepEqual(want(['train', '--minibatch']), GC);
  assert.deepEqual(want(['bench', 'sage-minibatch']), GC);
  assert.deepEqual(want(['bench', 'sage-minibatch', '--threads', '2']), GC);
  assert.deepEqual(want(['bench', 'sage-minibatch', '--threads=4']), GC);
  assert.deepEqual(want(['bench', 'sage-minibatch', '--threads', '1']), [], 'a core left for the GC threads');
  assert.deepEqual(want(['bench', 'spmm', '--backend', 'js']), [], 'TypeScript kernels are single-threaded');
  assert.deepEqual(want(['train'], { DEEPGRAPH_BACKEND: 'js' }), []);
  assert.deepEqual(want(['train'], { DEEPGRAPH_RELAUNCH: '0' }), [], 'turned off');
  assert.deepEqual(want(['train'], { DEEPGRAPH_RELAUNCHED_BY: '1234' }), [], 'never twice');
  assert.deepEqual(want(['train'], {}, ['--single-threaded-gc']), [], 'already there');
  assert.deepEqual(want(['train'], {}, ['--no-single-threaded-gc']), [], 'the user chose otherwise');
  for (const argv of [['info'], ['examples'], ['launch', '--local', '2', '--', 'deepgraph', 'train'], ['train', '--help'], ['bench'], []]) {
    assert.deepEqual(want(argv), [], argv.join(' '));
  }
});

test('deepgraph bench re-executes with --single-threaded-gc, passes output and exit codes through', () => {
  const r = runCli(['bench', 'matmul', '--m', '32', '--k', '32', '--n', '32', '--runs', '5', '--warmup', '0']);
  assert.equal(r.code, 0, r.stderr);
  const line = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(line.threads, availableParallelism());
  assert.equal(line.nodeFlags, '--single-threaded-gc', 'the child ran with the flag');
  const off = runCli(['bench', 'matmul', '--m', '32', '--k', '32', '--n', '32', '--runs', '5', '--warmup', '0'], { DEEPGRAPH_RELAUNCH: '0' });
  assert.equal(JSON.parse(off.stdout.trim().split('\n').pop()!).nodeFlags, undefined);
  const bad = runCli(['bench', 'matmul', '--runs', '1']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--runs must be an integer >= 5, got 1/);
  const unknown = runCli(['train', '--model', 'nosuch']);
  assert.equal(unknown.code, 2, unknown.stderr);
});

function childrenOf(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
}

function alive(pid: number): boolean {
  // A zombie (dead, not yet reaped by whoever adopted it) counts as gone.
  try { return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return false; }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The pid of the re-executed child of `pid`, once it runs Node with the flag (after its exec). */
async function flaggedChildOf(pid: number): Promise<number> {
  for (let i = 0; i < 400; i++) {
    const child = childrenOf(pid)[0];
    if (child !== undefined && readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('--single-threaded-gc')) return child;
    await sleep(25);
  }
  throw new Error(`process ${pid} started no child with --single-threaded-gc within 10 s`);
}

test('a re-executed command dies with its parent, even one killed by SIGKILL', { skip: process.platform !== 'linux' && 'Linux only (prctl)' }, async () => {
  const parent = spawn(process.execPath, [BIN, 'bench', 'stream', '--runs', '500'], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((r) => parent.on('exit', (_c, s) => r(s)));
  const child = await flaggedChildOf(parent.pid!);
  parent.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  // Killed between its start and arming the request, the child sees a new parent and exits itself.
  for (let i = 0; i < 250 && alive(child); i++) await sleep(20);
  assert.equal(alive(child), false, `child ${child} outlived its killed parent`);
});

test('a signal to the parent reaches the child, and the parent ends by the same signal', { skip: process.platform !== 'linux' && 'Linux only' }, async () => {
  const parent = spawn(process.execPath, [BIN, 'bench', 'stream', '--runs', '500'], { stdio: 'ignore' });
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((r) => parent.on('exit', (c, s) => r([c, s])));
  const child = await flaggedChildOf(parent.pid!);
  parent.kill('SIGTERM');
  assert.deepEqual(await exited, [null, 'SIGTERM']);
  assert.equal(alive(child), false, alive(child) ? readFileSync(`/proc/${child}/stat`, 'utf8') + readFileSync(`/proc/${child}/cmdline`, 'utf8') : '');
});
