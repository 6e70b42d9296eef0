import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { clipGradNorm, clipGradValue } from '../../src/optim/index.js';
import { expectClose } from '../helpers.js';

const withGrad = (grad: number[]): dg.Tensor => {
  const p = new dg.nn.Parameter(dg.zeros([grad.length], { dtype: 'float64' }));
  p.grad = dg.tensor(grad, { dtype: 'float64' });
  return p;
};

test('clipGradNorm rescales all gradients jointly and returns the norm before clipping', () => {
  const a = withGrad([3, 0]), b = withGrad([0, 4]), none = new dg.nn.Parameter(dg.zeros([2]));
  const total = clipGradNorm([a, b, none], 1);
  expectClose([total], [5], { atol: 1e-12 });
  const scale = 1 / (5 + 1e-6);
  expectClose(a.grad!, [3 * scale, 0], { atol: 1e-12 });
  expectClose(b.grad!, [0, 4 * scale], { atol: 1e-12 });
  assert.equal(none.grad, null);
});

test('clipGradNorm leaves small gradients alone; supports p = 1 and p = inf', () => {
  const a = withGrad([0.3, -0.4]);
  expectClose([clipGradNorm([a], 1)], [0.5], { atol: 1e-12 });
  expectClose(a.grad!, [0.3, -0.4], { atol: 1e-15 });
  const b = withGrad([1, -2, 3]);
  expectClose([clipGradNorm([b], 12, 1)], [6], { atol: 1e-12 });
  const c = withGrad([1, -5, 3]);
  expectClose([clipGradNorm([c], 2.5, Infinity)], [5], { atol: 1e-12 });
  expectClose(c.grad!, [0.5, -2.5, 1.5], { atol: 1e-6 });
});

test('clipGradValue clamps each value', () => {
  const a = withGrad([0.5, -3, 2]);
  clipGradValue([a], 1);
  expectClose(a.grad!, [0.5, -1, 1]);
});
