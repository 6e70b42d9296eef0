import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTrainConfig, parseTrainArgs, runTraining, type TrainSummary } from '../../src/cli/train.js';
import { UsageError } from '../../src/cli/args.js';
import type { EpochReport, Progress } from '../../src/cli/progress.js';
import { runCli } from './cli-run.js';

/** parseTrainArgs then the checks trainMain makes before loading anything. */
function checked(args: string[]): ReturnType<typeof parseTrainArgs> {
  const cfg = parseTrainArgs(args);
  checkTrainConfig(cfg);
  return cfg;
}

test('--minibatch: defaults are sage with fanouts 10,25, 1024 seed nodes per batch, no workers; the flags set them', () => {
  const d = checked(['--minibatch', '--dataset', 'cora']);
  assert.equal(d.model, 'sage');
  assert.deepEqual(d.minibatch, { fanouts: [10, 25], batchSize: 1024, workers: 0 });
  assert.equal(d.overrides.batchSize, undefined, '--batch-size of a minibatch run is not a model override');
  const s = checked(['--minibatch', '--fanouts', '5, 7', '--batch-size', '64', '--workers', '2', '--model', 'sage']);
  assert.deepEqual(s.minibatch, { fanouts: [5, 7], batchSize: 64, workers: 2 });
  // A list that starts with -1 (every neighbour) is a value, not an option.
  assert.deepEqual(checked(['--minibatch', '--fanouts', '-1,5']).minibatch?.fanouts, [-1, 5]);
  assert.deepEqual(checked(['--minibatch', '--fanouts=-1,-1']).minibatch?.fanouts, [-1, -1]);
  assert.equal(parseTrainArgs([]).minibatch, undefined, 'full-graph without --minibatch');
});

test('--minibatch rejects bad fanouts, a fanout count other than the layer count, other models and graph datasets', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--minibatch', '--fanouts', '10,x'], /--fanouts must be comma-separated integers >= -1 .* got '10,x'/],
    [['--minibatch', '--fanouts', '10,,25'], /--fanouts must be comma-separated integers/],
    [['--minibatch', '--fanouts', '1.5,2'], /--fanouts must be comma-separated integers/],
    [['--minibatch', '--fanouts', '-2,3'], /--fanouts must be comma-separated integers >= -1/],
    [['--minibatch', '--fanouts', '10,10,10'], /--fanouts has 3 entries \(10,10,10\) but sage has 2 layers/],
    [['--minibatch', '--fanouts', '10'], /--fanouts has 1 entry \(10\) but sage has 2 layers/],
    [['--minibatch', '--model', 'gcn'], /--minibatch supports --model sage; gcn has no minibatch runner/],
    [['--minibatch', '--model', 'gat', '--dataset', 'cora'], /--minibatch supports --model sage; gat has no minibatch runner/],
    [['--minibatch', '--dataset', 'mutag'], /--minibatch samples node neighbourhoods for node classification; mutag is a graph-classification dataset/],
    [['--minibatch', '--dataset', 'proteins', '--model', 'sage'], /proteins is a graph-classification dataset/],
    [['--minibatch', '--workers', '1.5'], /--workers must be an integer, got '1.5'/],
    [['--minibatch', '--batch-size', '0'], /--batch-size must be at least 1, got 0/],
    [['--fanouts', '10,25'], /--fanouts applies to --minibatch training; add --minibatch/],
    [['--workers', '1'], /--workers applies to --minibatch training; add --minibatch/],
    [['--batch-size', '64', '--dataset', 'cora'], /--batch-size applies to graph classification \(mutag, proteins\) and to --minibatch training/],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => checked(args), (e: unknown) => e instanceof UsageError && message.test(e.message), args.join(' '));
  }
  // The command turns them into exit code 2 before loading any data.
  const r = runCli(['train', '--minibatch', '--dataset', 'cora', '--data-dir', '/nonexistent', '--fanouts', '10,10,10']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--fanouts has 3 entries \(10,10,10\) but sage has 2 layers; give one fanout per layer/);
});

/** A Progress that keeps every epoch's report. */
function recorder(): Progress & { reports: EpochReport[] } {
  const reports: EpochReport[] = [];
  return { reports, start() {}, update(r) { reports.push(r); }, stop() {} };
}

async function minibatchRun(dataset: string, workers: number, seed: number, more: string[]): Promise<{ s: TrainSummary; reports: EpochReport[] }> {
  const p = recorder();
  const cfg = parseTrainArgs(['--minibatch', '--dataset', dataset, '--workers', String(workers), '--seed', String(seed), ...more]);
  const s = await runTraining(cfg, p);
  return { s, reports: p.reports };
}

// A high learning rate so that twenty epochs (one batch each: 100 training nodes) learn.
const SYNTHETIC = ['--epochs', '20', '--lr', '0.05'];

test('a minibatch run on the synthetic dataset learns, and --workers 0 and 1 give the same result for a seed', async () => {
  const here = await minibatchRun('synthetic', 0, 0, SYNTHETIC);
  const threaded = await minibatchRun('synthetic', 1, 0, SYNTHETIC);
  // Five classes: chance is 20%.
  assert.ok(here.s.testAccMean > 0.6, `test accuracy ${here.s.testAccMean}`);
  assert.equal(here.reports.length, 20);
  assert.ok(here.reports[19].loss < here.reports[0].loss, 'the training loss falls');
  assert.deepEqual(threaded.reports, here.reports, 'per-epoch losses and validation accuracies');
  assert.deepEqual(threaded.s.testAccs, here.s.testAccs);
  assert.deepEqual([here.s.minibatch?.workers, threaded.s.minibatch?.workers], [0, 1]);
  assert.equal(here.s.model, 'sage');
  assert.match(here.s.protocol, /^mini-batch: fanouts 10,25 \(input layer first\), 1024 seed nodes per batch, 0 sampling workers; test at the best validation accuracy over 20 epochs/);
  // Another seed samples other batches: the equality above is not a constant.
  const other = await minibatchRun('synthetic', 0, 1, ['--epochs', '3', '--lr', '0.05']);
  assert.notDeepEqual(other.reports.map((r) => r.loss), here.reports.slice(0, 3).map((r) => r.loss));
});

test('--workers 0 and 1 agree with several shuffled batches an epoch (karate, one training node per batch)', async () => {
  const args = ['--epochs', '30', '--batch-size', '1', '--fanouts', '3,5'];
  const here = await minibatchRun('karate', 0, 0, args);
  const threaded = await minibatchRun('karate', 1, 0, args);
  assert.deepEqual(threaded.reports, here.reports);
  assert.deepEqual(threaded.s.testAccs, here.s.testAccs);
  // Two classes, 32 test members.
  assert.ok(here.s.testAccMean > 0.7, `test accuracy ${here.s.testAccMean}`);
});

test('deepgraph train --minibatch --json: the summary line carries the sampling settings', () => {
  const r = runCli(['train', '--dataset', 'karate', '--minibatch', '--fanouts', '5,5', '--batch-size', '16', '--workers', '1', '--epochs', '30', '--runs', '2', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, r.stdout);
  const s = JSON.parse(lines[0]) as Record<string, unknown>;
  assert.deepEqual(s.minibatch, { fanouts: [5, 5], batchSize: 16, workers: 1 });
  assert.deepEqual([s.dataset, s.model, s.runs], ['karate', 'sage', 2]);
  for (const k of ['testAccMean', 'testAccStd', 'epochMsMedian', 'backend', 'testAccs', 'protocol']) assert.ok(k in s, `missing ${k}`);
  assert.equal((s.testAccs as number[]).length, 2);
  assert.ok((s.epochMsMedian as number) > 0);
  assert.match(s.protocol as string, /^mini-batch: fanouts 5,5 .*16 seed nodes per batch, 1 sampling worker;/);
  // Progress goes to stderr as in full-graph runs.
  assert.match(r.stderr, /run 2\/2 epoch 30\/30 {2}loss \d\.\d{4} {2}val acc \d\.\d{4}/);
  assert.match(r.stderr, /run 2\/2 test acc \d+\.\d\d% \(epoch \d+ of 30, seed 1\)/);
  // A full-graph run has no minibatch field.
  const full = runCli(['train', '--dataset', 'karate', '--epochs', '5', '--json', '--quiet']);
  assert.equal(full.code, 0, full.stderr);
  assert.ok(!('minibatch' in (JSON.parse(full.stdout) as object)));
});

test('deepgraph train --help documents the minibatch flags and the models that support them', () => {
  const r = runCli(['train', '--help']);
  assert.equal(r.code, 0);
  for (const o of ['--minibatch', '--fanouts LIST', '--workers N', '--batch-size N']) assert.ok(r.stdout.includes(o), o);
  assert.match(r.stdout, /--minibatch .*\n.*models: sage/);
  assert.match(r.stdout, /default 10,25; sage has 2 layers/);
});
