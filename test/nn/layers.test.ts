import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import {
  Linear, Embedding, Dropout, ReLU, LeakyReLU, ELU, GELU, Sigmoid, Tanh, Softplus, Identity,
  CrossEntropyLoss, MSELoss, L1Loss, BCEWithLogitsLoss,
} from '../../src/nn/index.js';
import { expectClose, seededData } from '../helpers.js';

const f64 = (shape: number[], seed: number, requiresGrad = false): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad });

test('Linear computes x W^T + b on [*, in] inputs (naive reference) and has correct gradients', () => {
  const lin = new Linear(4, 3, { dtype: 'float64' });
  const x = f64([2, 5, 4], 1);
  const y = lin.forward(x);
  assert.deepEqual([...y.shape], [2, 5, 3]);
  const expected: number[] = [];
  for (let r = 0; r < 10; r++) {
    for (let o = 0; o < 3; o++) {
      let s = lin.bias!.data[o];
      for (let i = 0; i < 4; i++) s += x.data[r * 4 + i] * lin.weight.data[o * 4 + i];
      expected.push(s);
    }
  }
  expectClose(y, expected, { atol: 1e-12, rtol: 1e-10 });
  dg.gradcheck((xi) => lin.forward(xi), [f64([3, 4], 2, true), lin.weight, lin.bias!]);
  const noBias = new Linear(4, 2, { bias: false, dtype: 'float64' });
  assert.equal(noBias.parameters().length, 1);
  dg.gradcheck((xi) => noBias.forward(xi), [f64([3, 4], 3, true), noBias.weight]);
  assert.throws(() => lin.forward(f64([2, 5], 4)), (e: Error) =>
    e instanceof dg.ShapeError && /\[2, 5\]/.test(e.message) && /\[3, 4\]/.test(e.message));
});

test('Embedding looks rows up for int32 indices of any shape; gradients add up on repeated rows', () => {
  const emb = new Embedding(5, 3, { dtype: 'float64' });
  const idx = dg.tensor(Int32Array.from([4, 0, 4, 2]), { shape: [2, 2] });
  const out = emb.forward(idx);
  assert.deepEqual([...out.shape], [2, 2, 3]);
  expectClose(out, [4, 0, 4, 2].flatMap((r) => [0, 1, 2].map((c) => emb.weight.data[r * 3 + c])), { atol: 0, rtol: 0 });
  out.sum().backward();
  expectClose(emb.weight.grad!, [1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 2, 2, 2]);
  assert.throws(() => emb.forward(dg.tensor([1.5])), dg.DTypeError);
  assert.throws(() => emb.forward(Int32Array.from([5])), RangeError);
});

test('Dropout zeroes about p of the values and rescales the rest while training; identity in eval', () => {
  dg.manualSeed(5);
  const drop = new Dropout(0.25);
  const x = dg.ones([4000], { dtype: 'float64' });
  const y = drop.forward(x);
  const zeros = [...y.data].filter((v) => v === 0).length;
  assert.ok(Math.abs(zeros / 4000 - 0.25) < 0.03, `dropped fraction ${zeros / 4000}`);
  assert.ok([...y.data].every((v) => v === 0 || Math.abs(v - 1 / 0.75) < 1e-12));
  drop.eval();
  expectClose(drop.forward(x), x, { atol: 0, rtol: 0 });
  assert.throws(() => new Dropout(1.5), /p must be in \[0, 1\]/);
  assert.equal(drop.toString(), 'Dropout(p=0.25)');
});

test('activation modules compute their formulas', () => {
  const x = f64([12], 6);
  const cases: [dg.nn.Module & { forward(x: dg.Tensor): dg.Tensor }, (v: number) => number][] = [
    [new ReLU(), (v) => Math.max(0, v)],
    [new LeakyReLU(0.2), (v) => (v > 0 ? v : 0.2 * v)],
    [new ELU(0.5), (v) => (v > 0 ? v : 0.5 * (Math.exp(v) - 1))],
    [new Sigmoid(), (v) => 1 / (1 + Math.exp(-v))],
    [new Tanh(), Math.tanh],
    [new Softplus(), (v) => Math.log1p(Math.exp(v))],
    [new Identity(), (v) => v],
  ];
  for (const [m, f] of cases) expectClose(m.forward(x) as dg.Tensor, Array.from(x.data as Float64Array, (v) => f(v)), { atol: 1e-12, rtol: 1e-10 });
  expectClose(new GELU().forward(x), dg.gelu(x), { atol: 0, rtol: 0 });
  assert.equal(new LeakyReLU(0.2).toString(), 'LeakyReLU(negativeSlope=0.2)');
});

test('loss modules match naive formulas for each reduction', () => {
  const logits = f64([4, 3], 7), target = dg.tensor(Int32Array.from([2, 0, 1, 2]));
  const perRow = [0, 1, 2, 3].map((r) => {
    const row = [0, 1, 2].map((c) => logits.data[r * 3 + c]);
    const lse = Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
    return lse - row[target.data[r]];
  });
  expectClose([new CrossEntropyLoss().forward(logits, target).item()], [perRow.reduce((a, b) => a + b) / 4], { atol: 1e-12 });
  expectClose(new CrossEntropyLoss({ reduction: 'none' }).forward(logits, target), perRow, { atol: 1e-12 });
  const a = f64([6], 8), b = f64([6], 9);
  const diffs = [...a.data].map((v, i) => v - b.data[i]);
  expectClose([new MSELoss().forward(a, b).item()], [diffs.reduce((s, d) => s + d * d, 0) / 6], { atol: 1e-12 });
  expectClose([new L1Loss({ reduction: 'sum' }).forward(a, b).item()], [diffs.reduce((s, d) => s + Math.abs(d), 0)],
    { atol: 1e-12 });
  const y01 = dg.tensor(Float64Array.from([1, 0, 1, 1, 0, 0]));
  const bce = [...a.data].map((z, i) => -(y01.data[i] * Math.log(1 / (1 + Math.exp(-z))) +
    (1 - y01.data[i]) * Math.log(1 - 1 / (1 + Math.exp(-z)))));
  expectClose([new BCEWithLogitsLoss().forward(a, y01).item()], [bce.reduce((s, v) => s + v) / 6], { atol: 1e-12 });
  const weighted = new CrossEntropyLoss({ weight: dg.tensor(Float64Array.from([1, 2, 3])) });
  assert.deepEqual([...weighted.stateDict().keys()], ['weight']);
  assert.equal(new MSELoss({ reduction: 'sum' }).toString(), 'MSELoss(reduction=sum)');
});
