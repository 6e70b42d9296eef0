import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import * as dg from '../../src/index.js';
import { isOgbDir, ogbNameOfDir } from '../../src/cli/ogb-train.js';
import { OgbGINConv } from '../../src/cli/ogb-gin-model.js';
import { sharedData } from '../data/shared-data.js';
import { expectClose } from '../helpers.js';
import { runCli } from './cli-run.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('isOgbDir: an ogbg_* folder with raw/ and split/, not its parent', () => {
  const dir = sharedData('ogb', 'ogbg_molbace');
  assert.equal(isOgbDir(dir), true);
  assert.equal(ogbNameOfDir(dir), 'ogbg-molbace');
  assert.equal(isOgbDir(dirname(dir)), false);
  assert.equal(isOgbDir(sharedData('tu', 'MUTAG')), false);
});

test("OGB's GINConv: relu(h_u + bond_uv) summed into v, (1 + eps) h_v added, through the MLP (naive loops agree)", () => {
  dg.manualSeed(3);
  const conv = new OgbGINConv(4);
  conv.eps.data[0] = 0.25;
  const g = dg.graph([[0, 1, 2, 2], [1, 0, 1, 0]], { numNodes: 3 });
  const h = dg.randn([3, 4]);
  const bond = dg.tensor([0, 1, 1, 3, 0, 0, 4, 5, 1, 1, 2, 0], { shape: [4, 3], dtype: 'int32' });
  const e = conv.bondEncoder.forward(bond).data;
  const z = Array.from(h.data, (v) => 1.25 * v);
  const [src, dst] = [[0, 1, 2, 2], [1, 0, 1, 0]];
  src.forEach((u, k) => {
    for (let f = 0; f < 4; f++) z[dst[k] * 4 + f] += Math.max(0, h.data[u * 4 + f] + e[k * 4 + f]);
  });
  conv.eval(); // batch norm on running statistics, so both sides see the same normalisation
  expectClose(conv.forward(g, h, bond), conv.mlp.forward(dg.tensor(z, { shape: [3, 4] })), { atol: 1e-5 });
});

test('deepgraph train --data <ogbg_molbace>: GIN-virtual trains 3 epochs and beats chance on validation ROC-AUC', () => {
  const dir = sharedData('ogb', 'ogbg_molbace');
  // About 8 s of CPU; the generous timeout is for a machine shared by many processes (runCli allows 120 s).
  const bin = fileURLToPath(new URL('../../../bin/deepgraph.js', import.meta.url));
  const r = spawnSync(process.execPath, [bin, 'train', '--data', dir, '--epochs', '3', '--hidden', '32', '--runs', '1', '--json', '--quiet'],
    { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' }, timeout: 900_000 });
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout) as { dataset: string; metric: string; validMean: number; testMean: number; seeds: unknown[]; epochs: number };
  assert.equal(s.dataset, 'ogbg-molbace');
  assert.equal(s.metric, 'rocauc');
  assert.equal(s.epochs, 3);
  assert.equal(s.seeds.length, 1);
  assert.ok(s.validMean > 0.6, `validation ROC-AUC ${s.validMean} should beat chance (0.5) clearly`);
  assert.ok(s.testMean > 0.5 && s.testMean <= 1, `test ROC-AUC ${s.testMean}`);
});

test('deepgraph train --data <OGB folder>: a model other than gin-virtual is a usage error', () => {
  const r = runCli(['train', '--data', sharedData('ogb', 'ogbg_molesol'), '--model', 'gcn']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /offers gin-virtual .*not 'gcn'/);
});
