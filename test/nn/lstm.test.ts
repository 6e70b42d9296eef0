import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { LSTM, LSTMCell } from '../../src/nn/index.js';
import { expectClose } from '../helpers.js';
import { convFixture, f64, stateOf } from './conv/helpers.js';

test('LSTM / LSTMCell: shapes, parameter names, toString', () => {
  const lstm = new LSTM(3, 4, { numLayers: 2, batchFirst: true });
  const [out, [h, c]] = lstm.forward(dg.randn([5, 7, 3]));
  assert.deepEqual([...out.shape], [5, 7, 4]);
  assert.deepEqual([...h.shape], [2, 5, 4]);
  assert.deepEqual([...c.shape], [2, 5, 4]);
  assert.deepEqual([...lstm.namedParameters()].map(([n]) => n),
    ['weightIhL0', 'weightHhL0', 'biasIhL0', 'biasHhL0', 'weightIhL1', 'weightHhL1', 'biasIhL1', 'biasHhL1']);
  assert.equal(String(lstm), 'LSTM(3, 4, numLayers=2, batchFirst=true)');
  const seqFirst = new LSTM(3, 4).forward(dg.randn([7, 5, 3]))[0];
  assert.deepEqual([...seqFirst.shape], [7, 5, 4]);
  const cell = new LSTMCell(3, 4, { bias: false });
  assert.equal(String(cell), 'LSTMCell(3, 4, bias=false)');
  const [h1, c1] = cell.forward(dg.randn([5, 3]));
  assert.deepEqual([[...h1.shape], [...c1.shape]], [[5, 4], [5, 4]]);
  assert.throws(() => lstm.forward(dg.randn([5, 7, 2])), /\[5, 7, 2\].*\[batch, seq, 3\]/);
  assert.throws(() => lstm.forward(dg.randn([5, 7, 3]), [dg.zeros([1, 5, 4]), dg.zeros([2, 5, 4])]), /h0.*\[1, 5, 4\]/);
});

test('LSTM: the last output step is hN; an LSTMCell with the same weights reproduces each step', () => {
  const lstm = new LSTM(3, 2, { dtype: 'float64' });
  const x = f64([4, 2, 3], 1, -1, 1, false);
  const [out, [h]] = lstm.forward(x);
  expectClose(dg.narrow(out, 0, 3, 1).reshape([2, 2]), h.reshape([2, 2]), { atol: 1e-15 });
  const cell = new LSTMCell(3, 2, { dtype: 'float64' });
  cell.loadStateDict(new Map([...lstm.stateDict()].map(([k, v]) => [k.replace('L0', ''), v])));
  let state: [dg.Tensor, dg.Tensor] | undefined;
  for (let t = 0; t < 4; t++) {
    state = cell.forward(dg.narrow(x, 0, t, 1).reshape([2, 3]), state);
    expectClose(state[0], dg.narrow(out, 0, t, 1).reshape([2, 2]), { atol: 1e-15 });
  }
});

test('LSTM: float64 gradients for the sequence, the initial state and every weight', () => {
  const lstm = new LSTM(2, 3, { numLayers: 2, batchFirst: true, dtype: 'float64' });
  const x = f64([2, 3, 2], 2), h0 = f64([2, 2, 3], 3), c0 = f64([2, 2, 3], 4);
  dg.gradcheck(() => {
    const [out, [h, c]] = lstm.forward(x, [h0, c0]);
    return dg.concat([out.reshape([-1]), h.reshape([-1]), c.reshape([-1])]);
  }, [x, h0, c0, ...lstm.parameters()]);
  const cell = new LSTMCell(2, 3, { dtype: 'float64' });
  const xc = f64([4, 2], 5);
  dg.gradcheck(() => cell.forward(xc)[1], [xc, ...cell.parameters()]);
});

test('LSTM: matches torch.nn.LSTM (2 layers, batchFirst, given state): outputs and gradients', () => {
  const fx = convFixture().lstm;
  const lstm = new LSTM(fx.inputSize, fx.hiddenSize, { numLayers: fx.numLayers, batchFirst: true, dtype: 'float64' });
  lstm.loadStateDict(stateOf(fx.params));
  const t = (data: number[], shape: number[]): dg.Tensor => dg.tensor(Float64Array.from(data), { shape, requiresGrad: true });
  const x = t(fx.input, [2, 4, 3]), h0 = t(fx.h0, [2, 2, 2]), c0 = t(fx.c0, [2, 2, 2]);
  const [out, [h, c]] = lstm.forward(x, [h0, c0]);
  const tol = { atol: 1e-12, rtol: 1e-10 };
  expectClose(out.data, fx.output, tol);
  expectClose(h.data, fx.h, tol);
  expectClose(c.data, fx.c, tol);
  const r = (data: number[], like: dg.Tensor): dg.Tensor => dg.tensor(Float64Array.from(data), { shape: like.shape });
  dg.add(dg.add(dg.sum(dg.mul(out, r(fx.R.output, out))), dg.sum(dg.mul(h, r(fx.R.h, h)))), dg.sum(dg.mul(c, r(fx.R.c, c)))).backward();
  expectClose(x.grad!.data, fx.grads.input, tol);
  expectClose(h0.grad!.data, fx.grads.h0, tol);
  expectClose(c0.grad!.data, fx.grads.c0, tol);
  for (const [name, p] of lstm.namedParameters()) assert.doesNotThrow(() => expectClose(p.grad!.data, fx.grads[name], tol), name);
});

test('LSTM.lastHiddenPacked equals running each sequence alone; gradients; bad steps', () => {
  const lstm = new LSTM(3, 2, { numLayers: 2, dtype: 'float64' });
  const lengths = [4, 4, 2, 1];
  const seqs = lengths.map((n, i) => f64([n, 3], 10 + i));
  const steps = (): dg.Tensor[] => [0, 1, 2, 3].map((t) =>
    dg.concat(seqs.filter((s) => s.shape[0] > t).map((s) => dg.narrow(s, 0, t, 1)), 0));
  const last = lstm.lastHiddenPacked(steps());
  assert.deepEqual([...last.shape], [4, 2]);
  for (const [i, s] of seqs.entries()) {
    const [, [h]] = lstm.forward(s.reshape([s.shape[0], 1, 3]));
    expectClose(dg.narrow(last, 0, i, 1), dg.narrow(h, 0, 1, 1).reshape([1, 2]), { atol: 1e-14 });
  }
  dg.gradcheck(() => lstm.lastHiddenPacked(steps()), [...seqs, ...lstm.parameters()]);
  assert.throws(() => lstm.lastHiddenPacked([f64([2, 3], 1), f64([3, 3], 2)]), /step 1 has shape \[3, 3\]/);
  assert.throws(() => lstm.lastHiddenPacked([f64([2, 4], 1)]), /step 0 has shape \[2, 4\]/);
  assert.deepEqual([...lstm.lastHiddenPacked([]).shape], [0, 2]);
});
