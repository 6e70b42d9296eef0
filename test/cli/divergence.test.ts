import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './cli-run.js';

test('deepgraph train stops with a non-zero exit naming the epoch when the loss diverges', () => {
  const r = runCli(['train', '--dataset', 'synthetic', '--lr', '1e20', '--epochs', '30', '--quiet']);
  assert.notEqual(r.code, 0, r.stdout);
  assert.match(r.stderr, /training diverged: the loss is (NaN|-?Infinity) at epoch \d+/);
  assert.doesNotMatch(r.stdout, /accuracy/i);
});

test('deepgraph train --detect-anomaly names the first op that produced a non-finite value', () => {
  const r = runCli(['train', '--dataset', 'synthetic', '--lr', '1e20', '--epochs', '30', '--quiet', '--detect-anomaly']);
  assert.notEqual(r.code, 0, r.stdout);
  assert.match(r.stderr, /anomaly detected: (the backward of )?'[A-Za-z]+' produced/);
});
