/** `deepgraph launch`: the variables each rank gets, the exit report, and usage errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../cli/cli-run.js';

test('deepgraph launch --local 3 gives each rank RANK, WORLD_SIZE, a shared job id and store folder', () => {
  const r = runCli(['launch', '--local', '3', '--', process.execPath, '-e',
    'console.log([process.env.RANK, process.env.LOCAL_RANK, process.env.WORLD_SIZE, process.env.DEEPGRAPH_JOB_ID, process.env.DEEPGRAPH_STORE_DIR].join(" "))'], { DEEPGRAPH_REDIS: '' });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => l.split(' ')).sort((a, b) => Number(a[0]) - Number(b[0]));
  assert.deepEqual(lines.map((l) => l.slice(0, 3)), [['0', '0', '3'], ['1', '1', '3'], ['2', '2', '3']]);
  assert.equal(new Set(lines.map((l) => l[3])).size, 1, 'one job id');
  assert.equal(new Set(lines.map((l) => l[4])).size, 1, 'one store folder');
  assert.match(lines[0][4], /deepgraph-launch-/);
});

test('deepgraph launch reports how each failed rank ended and returns its exit code', () => {
  const r = runCli(['launch', '--local', '2', '--', process.execPath, '-e', 'process.exit(Number(process.env.RANK) === 1 ? 5 : 0)']);
  assert.equal(r.code, 5);
  assert.match(r.stderr, /deepgraph launch: rank 1 exited with code 5/);
});

test('deepgraph launch refuses a missing --local or command', () => {
  const a = runCli(['launch', '--', 'true']);
  assert.equal(a.code, 2);
  assert.match(a.stderr, /--local N is required/);
  const b = runCli(['launch', '--local', '2']);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /give the command to run after --/);
  const c = runCli(['launch', '--local', '0', '--', 'true']);
  assert.equal(c.code, 2);
  assert.match(c.stderr, /--local must be at least 1/);
});

test('deepgraph train with WORLD_SIZE > 1 needs --minibatch', () => {
  const r = runCli(['train', '--epochs', '1'], { WORLD_SIZE: '2', RANK: '0', DEEPGRAPH_STORE_DIR: '/tmp/unused' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /WORLD_SIZE=2: data-parallel training splits the seed nodes of --minibatch among the ranks; add --minibatch/);
});
