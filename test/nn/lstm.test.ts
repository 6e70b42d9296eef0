import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as dg from '../../src/index.js';
import { LSTM } from '../../src/nn/index.js';
import { expectClose, seededData } from '../helpers.js';

// Made by scripts/make-lstm-fixture.py with PyTorch's torch.nn.LSTM (float64).
interface Fixture {
  sizes: { seqLen: number; batch: number; inputSize: number; hiddenSize: number; numLayers: number };
  params: Record<string, number[]>;
  input: number[]; h0: number[]; c0: number[];
  output: number[]; hN: number[]; cN: number[];
  weights: { output: number[]; hN: number[]; cN: number[] };
  grads: Record<string, number[]>;
}
const fx = JSON.parse(readFileSync(new URL('../../../test/fixtures/lstm-torch.json', import.meta.url), 'utf8')) as Fixture;
const tol = { atol: 1e-12, rtol: 1e-9 };

test('LSTM matches torch.nn.LSTM (2 layers, given state): outputs, final state and every gradient', () => {
  const { seqLen: T, batch: B, inputSize: IN, hiddenSize: H, numLayers: L } = fx.sizes;
  const lstm = new LSTM(IN, H, { numLayers: L, dtype: 'float64' });
  assert.deepEqual([...lstm.namedParameters()].map(([n]) => n).sort(), Object.keys(fx.params).sort());
  lstm.loadStateDict(Object.fromEntries(Object.entries(fx.params).map(([k, v]) => [k, dg.tensor(Float64Array.from(v), { shape: [...lstm.stateDict().get(k)!.shape] })])));
  const x = dg.tensor(Float64Array.from(fx.input), { shape: [T, B, IN], requiresGrad: true });
  const h0 = dg.tensor(Float64Array.from(fx.h0), { shape: [L, B, H], requiresGrad: true });
  const c0 = dg.tensor(Float64Array.from(fx.c0), { shape: [L, B, H], requiresGrad: true });
  const [out, [hn, cn]] = lstm.forward(x, [h0, c0]);
  assert.deepEqual([...out.shape], [T, B, H]);
  expectClose(out.data, fx.output, tol);
  expectClose(hn.data, fx.hN, tol);
  expectClose(cn.data, fx.cN, tol);
  const w = (v: number[], t: dg.Tensor): dg.Tensor => dg.tensor(Float64Array.from(v), { shape: [...t.shape] });
  dg.add(dg.add(dg.mul(out, w(fx.weights.output, out)).sum(), dg.mul(hn, w(fx.weights.hN, hn)).sum()), dg.mul(cn, w(fx.weights.cN, cn)).sum()).backward();
  expectClose(x.grad!.data, fx.grads.input, tol);
  expectClose(h0.grad!.data, fx.grads.h0, tol);
  expectClose(c0.grad!.data, fx.grads.c0, tol);
  for (const [name, p] of lstm.namedParameters()) expectClose(p.grad!.data, fx.grads[name], tol);
});

test('LSTM starts from zeros without a state, toString, shape errors', () => {
  dg.manualSeed(3);
  const lstm = new LSTM(2, 3, { dtype: 'float64' });
  assert.equal(lstm.toString(), 'LSTM(2, 3)');
  assert.equal(new LSTM(2, 3, { numLayers: 2, bias: false }).toString(), 'LSTM(2, 3, numLayers=2, bias=false)');
  const x = dg.tensor(seededData(8, 1), { shape: [2, 2, 2], dtype: 'float64', requiresGrad: true });
  const zeros = dg.zeros([1, 2, 3], { dtype: 'float64' });
  expectClose(lstm.forward(x)[0], lstm.forward(x, [zeros, zeros])[0], { atol: 0 });
  dg.gradcheck((xi) => lstm.forward(xi)[0], [x, ...lstm.parameters()]);
  assert.throws(() => lstm.forward(dg.zeros([2, 2, 3])), /\[2, 2, 3\] must be \[seqLen, batch, 2\]/);
  assert.throws(() => lstm.forward(x, [dg.zeros([1, 3, 3]), zeros]), /state of shape \[1, 3, 3\] must be \[1, 2, 3\]/);
});
