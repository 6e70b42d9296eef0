import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { SGD, StepLR, CosineAnnealingLR, ReduceLROnPlateau } from '../../src/optim/index.js';
import { expectClose } from '../helpers.js';

const makeOpt = (lrs: number[]): SGD =>
  new SGD(lrs.map((lr) => ({ params: [new dg.nn.Parameter(dg.zeros([2]))], lr })));

test('StepLR follows base * gamma^floor(epoch / stepSize) for every group', () => {
  const opt = makeOpt([0.1, 1]);
  const sched = new StepLR(opt, { stepSize: 3, gamma: 0.5 });
  for (let epoch = 1; epoch <= 10; epoch++) {
    sched.step();
    const k = Math.floor(epoch / 3);
    expectClose(sched.getLastLr(), [0.1 * 0.5 ** k, 0.5 ** k], { atol: 1e-15, rtol: 1e-12 });
  }
  assert.deepEqual(sched.baseLrs, [0.1, 1]);
});

test('CosineAnnealingLR follows the cosine from base to etaMin over tMax epochs', () => {
  const opt = makeOpt([0.2]);
  const sched = new CosineAnnealingLR(opt, { tMax: 8, etaMin: 0.02 });
  const seen: number[] = [];
  for (let epoch = 1; epoch <= 8; epoch++) {
    sched.step();
    seen.push(opt.paramGroups[0].lr);
    expectClose([opt.paramGroups[0].lr], [0.02 + 0.18 * (1 + Math.cos(Math.PI * epoch / 8)) / 2], { atol: 1e-15 });
  }
  expectClose([seen[3]], [0.11], { atol: 1e-12 }); // halfway: the midpoint of base and etaMin
  expectClose([seen[7]], [0.02], { atol: 1e-12 }); // tMax: etaMin
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] < seen[i - 1], 'lr decreases monotonically');
});

test('ReduceLROnPlateau cuts the lr after patience bad epochs, honours cooldown and minLr', () => {
  const opt = makeOpt([1]);
  const sched = new ReduceLROnPlateau(opt, { factor: 0.5, patience: 2, cooldown: 1, minLr: 0.2 });
  // epoch: 1 best=10; 2,3 bad (2 bad: not > patience); 4 bad -> 0.5; 5 cooldown (bad count reset);
  // 6,7 bad (2); 8 bad -> 0.25; 9 improves (and uses up the cooldown); 10,11 bad; 12 bad -> max(0.125, 0.2).
  const metrics = [10, 10, 10.5, 11, 12, 12, 12, 12, 5, 6, 6, 6, 6, 6, 6, 6, 6];
  const expected = [1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2];
  metrics.forEach((m, i) => {
    sched.step(m);
    assert.equal(opt.paramGroups[0].lr, expected[i], `epoch ${i + 1}`);
  });
});

test('ReduceLROnPlateau: mode max with a relative threshold counts tiny gains as bad', () => {
  const opt = makeOpt([0.1]);
  const sched = new ReduceLROnPlateau(opt, { mode: 'max', factor: 0.1, patience: 1, threshold: 0.01 });
  sched.step(1); // best 1
  sched.step(1.005); // < 1 * 1.01: bad 1
  assert.equal(opt.paramGroups[0].lr, 0.1);
  sched.step(1.009); // bad 2 > patience
  expectClose([opt.paramGroups[0].lr], [0.01], { atol: 1e-15 });
  assert.throws(() => new ReduceLROnPlateau(opt, { factor: 1 }), /factor/);
});
