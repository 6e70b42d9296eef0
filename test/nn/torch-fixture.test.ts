import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as dg from '../../src/index.js';
import { CrossEntropyLoss, Linear, Sequential, Tanh } from '../../src/nn/index.js';
import { Adam, AdamW, SGD, type BaseHyper, type Optimizer } from '../../src/optim/index.js';
import { expectClose } from '../helpers.js';

// Made by scripts/make-torch-fixture.py with PyTorch (float64); the test reads it from the source tree.
interface Run { options: Record<string, number>; steps: number; params: Record<string, number[]> }
interface Fixture {
  input: { shape: number[]; data: number[] };
  target: number[];
  shapes: Record<string, number[]>;
  params: Record<string, number[]>;
  loss: number;
  grads: Record<string, number[]>;
  adam: Run;
  sgd: Run;
  adamw: Run;
}
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/mlp-torch.json', import.meta.url), 'utf8')) as Fixture;

const x = dg.tensor(Float64Array.from(fixture.input.data), { shape: fixture.input.shape });
const target = dg.tensor(Int32Array.from(fixture.target));
const tol = { atol: 1e-10, rtol: 1e-5 };

function build(): Sequential {
  const model = new Sequential(new Linear(5, 8, { dtype: 'float64' }), new Tanh(), new Linear(8, 3, { dtype: 'float64' }));
  // Sequential names its children '0', '1', '2' as torch does, so torch's names load directly.
  const dict = new Map(Object.entries(fixture.params).map(([name, data]) =>
    [name, dg.tensor(Float64Array.from(data), { shape: fixture.shapes[name] })]));
  model.loadStateDict(dict);
  return model;
}

const lossOf = (model: Sequential): dg.Tensor => new CrossEntropyLoss().forward(model.forward(x), target);

test('MLP loss and every parameter gradient match PyTorch', () => {
  const model = build();
  const loss = lossOf(model);
  expectClose([loss.item()], [fixture.loss], tol);
  loss.backward();
  const names = [...model.namedParameters()].map(([n]) => n);
  assert.deepEqual(names, Object.keys(fixture.grads));
  for (const [name, p] of model.namedParameters()) {
    assert.ok(p.grad !== null, `${name} has a gradient`);
    expectClose(p.grad, fixture.grads[name], tol);
  }
});

function check(run: Run, make: (params: dg.Tensor[]) => Optimizer<BaseHyper>): void {
  const model = build();
  const opt = make(model.parameters());
  for (let s = 0; s < run.steps; s++) {
    opt.zeroGrad();
    lossOf(model).backward();
    opt.step();
  }
  for (const [name, p] of model.namedParameters()) expectClose(p, run.params[name], tol);
}

test('one Adam step matches PyTorch', () => {
  check(fixture.adam, (ps) => new Adam(ps, { lr: fixture.adam.options.lr }));
});

test('two SGD steps with momentum and weight decay match PyTorch', () => {
  const o = fixture.sgd.options;
  check(fixture.sgd, (ps) => new SGD(ps, { lr: o.lr, momentum: o.momentum, weightDecay: o.weightDecay }));
});

test('two AdamW steps match PyTorch', () => {
  const o = fixture.adamw.options;
  check(fixture.adamw, (ps) => new AdamW(ps, { lr: o.lr, weightDecay: o.weightDecay }));
});
