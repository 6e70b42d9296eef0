import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './cli-run.js';
import { sharedData } from '../data/shared-data.js';

test('deepgraph train --json: one JSON line with the summary fields', () => {
  const r = runCli(['train', '--epochs', '40', '--runs', '2', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, r.stdout);
  const s = JSON.parse(lines[0]) as Record<string, unknown>;
  for (const k of ['dataset', 'model', 'runs', 'testAccMean', 'testAccStd', 'epochMsMedian', 'backend']) assert.ok(k in s, `missing ${k}`);
  assert.equal(s.dataset, 'synthetic');
  assert.equal(s.model, 'gcn');
  assert.equal(s.runs, 2);
  assert.equal((s.testAccs as number[]).length, 2);
  assert.ok((s.testAccMean as number) > 0.8, `synthetic GCN accuracy ${String(s.testAccMean)}`);
  assert.ok((s.testAccStd as number) >= 0);
  assert.ok((s.epochMsMedian as number) > 0);
  assert.equal(typeof s.backend, 'string');
  // The two runs use seeds 0 and 1: different initialisations.
  const accs = s.testAccs as number[];
  assert.ok(accs.every((a) => a > 0.5 && a <= 1));
});

test('deepgraph train on a pipe prints plain progress lines, then the summary', () => {
  const r = runCli(['train', '--epochs', '20', '--runs', '2', '--model', 'gcn', '--dataset', 'karate']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /run 1\/2 epoch  1\/20 {2}loss \d\.\d{4} {2}val acc \d\.\d{4}/);
  assert.match(r.stderr, /run 2\/2 epoch 20\/20/);
  assert.match(r.stderr, /run 2\/2 test acc \d+\.\d\d% \(epoch 20 of 20, seed 1\)/);
  assert.doesNotMatch(r.stderr, /\u001b\[/, 'no terminal control codes on a pipe');
  assert.match(r.stdout, /^gcn on karate: test accuracy \d+\.\d\d ± \d+\.\d\d % over 2 runs/);
  assert.match(r.stdout, /median epoch time \d+\.\d ms, backend \w+/);
});

test('deepgraph train rejects bad options with exit code 2 and a message naming them', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--epochs', 'abc'], /--epochs must be a number, got 'abc'/],
    [['--runs', '0'], /--runs must be at least 1/],
    [['--dropout', '1.5'], /--dropout must be at most 1/],
    [['--model', 'mlp'], /--model must be one of gcn, gat, gatv2, sage, gin, appnp, sgc, tag, cheb, gcn2, rgcn, pinsage, hgt, rgat, han; got 'mlp'/],
    [['--dataset', 'reddit'], /--dataset must be one of synthetic, karate, cora/],
    [['--model', 'gin'], /gin is the graph-classification model here/],
    [['--dataset', 'mutag', '--model', 'gcn'], /supports --model gin, not gcn/],
    [['--batch-size', '8'], /--batch-size applies to graph classification/],
    [['--frobnicate'], /unknown option '--frobnicate' \(see/],
    [['--model', 'rgcn'], /rgcn classifies entities of typed graphs/],
    [['--dataset', 'aifb', '--model', 'gcn'], /aifb is an R-GCN entity-classification dataset/],
    [['--task', 'link'], /--task and --split apply to --data folders/],
  ];
  for (const [args, message] of cases) {
    const r = runCli(['train', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}, stderr ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
});

test('deepgraph train: a mistyped option names the nearest one, without parseArgs\' positional-argument advice', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--epoch', '5'], /unknown option '--epoch'; did you mean '--epochs'\?/],
    [['--epochs', '5', '--hiden', '8'], /unknown option '--hiden'; did you mean '--hidden'\?/],
    [['--data_dir', 'x'], /unknown option '--data_dir'; did you mean '--data-dir'\?/],
    [['--jsn'], /unknown option '--jsn'; did you mean '--json'\?/],
  ];
  for (const [args, message] of cases) {
    const r = runCli(['train', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}, stderr ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.doesNotMatch(r.stderr, /positional argument|place it at the end/, args.join(' '));
  }
});

test('deepgraph train --runs 1 prints the accuracy without a "± 0.00"', () => {
  const r = runCli(['train', '--epochs', '5', '--runs', '1', '--dataset', 'karate']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^gcn on karate: test accuracy \d+\.\d\d % over 1 run\b/);
  assert.doesNotMatch(r.stdout, /±/);
});

test('deepgraph train --dataset pubmed names the missing ind.pubmed.allx', () => {
  const r = runCli(['train', '--dataset', 'pubmed', '--data-dir', sharedData()]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /ind\.pubmed\.allx/);
});

test('deepgraph train --help lists every option', () => {
  const r = runCli(['train', '--help']);
  assert.equal(r.code, 0);
  for (const o of ['--dataset', '--data-dir', '--model', '--epochs', '--lr', '--weight-decay', '--hidden', '--dropout', '--seed', '--runs', '--json']) {
    assert.ok(r.stdout.includes(o), o);
  }
});
