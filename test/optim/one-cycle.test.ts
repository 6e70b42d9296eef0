/**
 * OneCycleLR gives the lr and Adam beta1 that torch's OneCycleLR gives before every step
 * (test/fixtures/one-cycle-torch.json, from scripts/make-one-cycle-fixture.py), moves SGD's
 * momentum the same way, and refuses bad options and steps past the cycle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Adam, OneCycleLR, SGD } from '../../src/optim/index.js';
import { Parameter } from '../../src/nn/parameter.js';
import { zeros } from '../../src/tensor/creation.js';

interface Case { maxLr: number; totalSteps: number; lr: number[]; beta1: number[] }
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/one-cycle-torch.json', import.meta.url), 'utf8')) as { cases: Case[] };

const near = (got: number, want: number, what: string): void =>
  assert.ok(Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${what}: ${got} vs torch ${want}`);

test('OneCycleLR matches torch before every step (lr and Adam beta1)', () => {
  for (const c of fixture.cases) {
    const opt = new Adam([new Parameter(zeros([1]))], { lr: c.maxLr });
    const sched = new OneCycleLR(opt, { maxLr: c.maxLr, totalSteps: c.totalSteps });
    for (let s = 0; s < c.totalSteps; s++) {
      near(opt.paramGroups[0].lr, c.lr[s], `maxLr ${c.maxLr} step ${s} lr`);
      near(opt.paramGroups[0].betas[0], c.beta1[s], `maxLr ${c.maxLr} step ${s} beta1`);
      assert.equal(opt.paramGroups[0].betas[1], 0.999);
      sched.step();
    }
    assert.throws(() => sched.step(), /OneCycleLR: stepped \d+ times, past totalSteps/);
  }
});

test('OneCycleLR moves SGD momentum, leaves it with cycleMomentum false, and names bad options', () => {
  const c = fixture.cases[0];
  const sgd = new SGD([new Parameter(zeros([1]))], { lr: 1, momentum: 0.9 });
  const sched = new OneCycleLR(sgd, { maxLr: c.maxLr, totalSteps: c.totalSteps });
  sched.step();
  near(sgd.paramGroups[0].momentum, c.beta1[1], 'SGD momentum at step 1');
  assert.deepEqual(sched.getLastLr(), [sgd.paramGroups[0].lr]);
  const adam = new Adam([new Parameter(zeros([1]))]);
  new OneCycleLR(adam, { maxLr: 0.01, totalSteps: 10, cycleMomentum: false });
  assert.equal(adam.paramGroups[0].betas[0], 0.9);
  assert.throws(() => new OneCycleLR(adam, { maxLr: 0, totalSteps: 10 }), /maxLr must be positive/);
  assert.throws(() => new OneCycleLR(adam, { maxLr: 0.1, totalSteps: 1.5 }), /totalSteps must be an integer > 1/);
  assert.throws(() => new OneCycleLR(adam, { maxLr: 0.1, totalSteps: 10, pctStart: 1 }), /pctStart must be in \(0, 1\)/);
});
