import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dg from '../../src/index.js';
import { runCli } from './cli-run.js';
import { sharedData } from '../data/shared-data.js';

test('deepgraph partition --dataset cora --parts 4 --method metis writes parts and partbook.json; bad input exits 2 with a message', () => {
  const out = mkdtempSync(join(tmpdir(), 'dg-part-cli-'));
  try {
    const r = runCli(['partition', '--dataset', 'cora', '--data-dir', sharedData('planetoid', 'raw'), '--parts', '4', '--method', 'metis', '--balance-train', '--out', out, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { nodes: number; edgeCut: number; partSizes: number[] };
    assert.equal(j.nodes, 2708);
    assert.equal(j.partSizes.reduce((a, b) => a + b, 0), 2708);
    const book = dg.storage.readPartbook(out);
    assert.deepEqual([book.numNodes, book.numParts, book.edgeCut, book.method], [2708, 4, j.edgeCut, 'metis']);
    assert.deepEqual(Object.keys(book.nodeFeatures).sort(), ['feat', 'label', 'testMask', 'trainMask', 'valMask']);
    assert.equal(dg.storage.loadPartition(out, 3).features.feat.shape[1], 1433);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const cases: [string[], RegExp][] = [
    [['--parts', '3000'], /--parts 3000 is above the graph's node count 2708/],
    [['--parts', '0'], /--parts must be at least 1/],
    [['--parts', '2', '--method', 'kway'], /--method must be one of metis, random, hash/],
    [['--parts', '2', '--method', 'random', '--balance-edges'], /need --method metis/],
  ];
  for (const [args, re] of cases) {
    const bad = runCli(['partition', '--dataset', 'cora', '--data-dir', sharedData('planetoid', 'raw'), '--out', join(tmpdir(), 'dg-never'), ...args]);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, re);
  }
  const noOut = runCli(['partition', '--dataset', 'cora', '--parts', '2']);
  assert.equal(noOut.code, 2);
  assert.match(noOut.stderr, /--out DIR is required/);
});
