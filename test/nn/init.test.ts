import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { init } from '../../src/nn/index.js';

const stats = (t: dg.Tensor): { mean: number; std: number; maxAbs: number } => {
  const d = Array.from(t.data);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  return { mean, std, maxAbs: Math.max(...d.map(Math.abs)) };
};

test('calculateGain matches torch.nn.init.calculate_gain', () => {
  assert.equal(init.calculateGain('linear'), 1);
  assert.equal(init.calculateGain('tanh'), 5 / 3);
  assert.equal(init.calculateGain('relu'), Math.sqrt(2));
  assert.equal(init.calculateGain('leakyRelu', Math.sqrt(5)), Math.sqrt(2 / 6));
  assert.equal(init.calculateGain('selu'), 0.75);
});

test('xavier and kaiming initialisers have the documented bounds and spreads', () => {
  dg.manualSeed(3);
  const w = dg.zeros([200, 300]);
  const xb = Math.sqrt(6 / 500) * 2;
  init.xavierUniform(w, 2);
  assert.ok(stats(w).maxAbs <= xb && stats(w).maxAbs > 0.99 * xb);
  init.xavierNormal(w);
  assert.ok(Math.abs(stats(w).std - Math.sqrt(2 / 500)) < 0.02 * Math.sqrt(2 / 500));
  init.kaimingUniform(w, { nonlinearity: 'relu' });
  const kb = Math.sqrt(3) * Math.sqrt(2) / Math.sqrt(300);
  assert.ok(stats(w).maxAbs <= kb && stats(w).maxAbs > 0.99 * kb);
  init.kaimingNormal(w, { mode: 'fanOut', nonlinearity: 'relu' });
  assert.ok(Math.abs(stats(w).std - Math.sqrt(2 / 200)) < 0.02 * Math.sqrt(2 / 200));
  init.constant(w, 0.25);
  assert.ok(w.data.every((v) => v === 0.25));
  assert.throws(() => init.xavierUniform(dg.zeros([5])), /at least 2 dimensions/);
});

test('initialisers are reproducible under manualSeed and honour a passed generator', () => {
  dg.manualSeed(11);
  const a = init.normal(dg.zeros([50]), 1, 2);
  dg.manualSeed(11);
  const b = init.normal(dg.zeros([50]), 1, 2);
  assert.deepEqual([...a.data], [...b.data]);
  const c = init.uniform(dg.zeros([50]), -1, 1, { generator: new dg.Generator(5) });
  const d = init.uniform(dg.zeros([50]), -1, 1, { generator: new dg.Generator(5) });
  assert.deepEqual([...c.data], [...d.data]);
  assert.notDeepEqual([...a.data], [...c.data]);
});
