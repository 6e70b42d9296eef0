import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { AtomEncoder, BondEncoder, ATOM_FEATURE_DIMS, BOND_FEATURE_DIMS } from '../../src/nn/index.js';
import { expectClose } from '../helpers.js';
import { embeddingSum } from '../../src/nn/embedding-sum.js';

test("AtomEncoder / BondEncoder: OGB's feature sizes, one Xavier-uniform table per column", () => {
  dg.manualSeed(0);
  assert.deepEqual([...ATOM_FEATURE_DIMS], [119, 5, 12, 12, 10, 6, 6, 2, 2]);
  assert.deepEqual([...BOND_FEATURE_DIMS], [5, 6, 2]);
  const atom = new AtomEncoder(16), bond = new BondEncoder(16);
  assert.deepEqual(atom.parameters().map((p) => p.shape[0]), [...ATOM_FEATURE_DIMS]);
  assert.deepEqual(bond.parameters().map((p) => p.shape[0]), [...BOND_FEATURE_DIMS]);
  const w = atom.parameters()[0];
  const bound = Math.sqrt(6 / (119 + 16));
  assert.ok([...w.data].every((v) => Math.abs(v) <= bound) && [...w.data].some((v) => Math.abs(v) > bound / 2), 'xavier uniform');
});

test('BondEncoder: the sum of each column’s embedding row; gradients reach exactly the rows used', () => {
  dg.manualSeed(1);
  const enc = new BondEncoder(4);
  const x = dg.tensor([0, 5, 1, 4, 1, 0, 0, 5, 1], { shape: [3, 3], dtype: 'int32' });
  const out = enc.forward(x);
  const tables = enc.parameters().map((p) => p.data);
  const expected: number[] = [];
  for (let i = 0; i < 3; i++) {
    for (let k = 0; k < 4; k++) expected.push([0, 1, 2].reduce((s, j) => s + tables[j][x.data[i * 3 + j] * 4 + k], 0));
  }
  expectClose(out, expected, { atol: 1e-6 });
  dg.sum(out).backward();
  const g0 = enc.parameters()[0].grad!.data; // bond type 0 used twice, 4 once
  assert.deepEqual([...g0.slice(0, 4)], [2, 2, 2, 2]);
  assert.deepEqual([...g0.slice(16, 20)], [1, 1, 1, 1]);
  assert.deepEqual([...g0.slice(4, 8)], [0, 0, 0, 0]);
});

test('AtomEncoder: bad features are named errors', () => {
  const enc = new AtomEncoder(8);
  assert.throws(() => enc.forward(dg.zeros([2, 9])), /AtomEncoder: features must be int32, got float32/);
  assert.throws(() => enc.forward(dg.tensor(new Int32Array(20), { shape: [2, 10], dtype: 'int32' })), /expected int32 \[N, 9\] features, got \[2, 10\]/);
  const bad = new Int32Array(18); bad[9 + 7] = 2;
  assert.throws(() => enc.forward(dg.tensor(bad, { shape: [2, 9], dtype: 'int32' })), /row 1, column 7 holds 2, outside \[0, 2\)/);
});

test('AtomEncoder over distinct rows equals the per-column gathers summed, forward and backward; float64 gradcheck', () => {
  dg.manualSeed(2);
  const enc = new AtomEncoder(6);
  const n = 40, x = new Int32Array(n * 9);
  // Rows repeat (as atoms in molecules do): 40 rows drawn from 7 patterns, one column changed in some.
  const patterns = Array.from({ length: 7 }, (_, p) => ATOM_FEATURE_DIMS.map((d, j) => (p * 7 + j * 3) % d));
  for (let i = 0; i < n; i++) patterns[i % 7].forEach((v, j) => { x[i * 9 + j] = i % 5 === 0 && j === 0 ? (i * 13) % 119 : v; });
  const xt = dg.tensor(x, { shape: [n, 9], dtype: 'int32' });
  const up = dg.randn([n, 6]);
  const out = enc.forward(xt);
  dg.sum(dg.mul(out, up)).backward();
  const tables = enc.parameters().map((p) => dg.tensor(p.data, { shape: p.shape, requiresGrad: true }));
  const cols = ATOM_FEATURE_DIMS.map((_, j) => Int32Array.from({ length: n }, (_, i) => x[i * 9 + j]));
  const ref = cols.map((col, j) => dg.indexSelect(tables[j], 0, col)).reduce((a, b) => dg.add(a, b));
  expectClose(out, ref);
  dg.sum(dg.mul(ref, up)).backward();
  enc.parameters().forEach((p, j) => expectClose(p.grad!, tables[j].grad!));
  const t64 = [5, 6, 2].map((d, j) => dg.tensor(Float64Array.from({ length: d * 3 }, (_, i) => Math.sin(i + j)), { shape: [d, 3], dtype: 'float64', requiresGrad: true }));
  const bonds = Int32Array.from([0, 5, 1, 4, 1, 0, 0, 5, 1, 2, 2, 0]);
  dg.gradcheck((...ts) => embeddingSum(ts, bonds, 4, [5, 6, 2]), t64);
});
