import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowNormalize } from '../../src/data/transforms.js';
import { tensor } from '../../src/tensor/creation.js';
import { expectClose } from '../helpers.js';

test('rowNormalize: rows sum to one, zero rows stay zero, input untouched', () => {
  const x = tensor([[1, 1, 2], [0, 0, 0], [0, 3, 0]]);
  const y = rowNormalize(x);
  expectClose(y, tensor([[0.25, 0.25, 0.5], [0, 0, 0], [0, 1, 0]]));
  expectClose(x, tensor([[1, 1, 2], [0, 0, 0], [0, 3, 0]]));
  assert.equal(y.dtype, 'float32');
  assert.equal(rowNormalize(tensor([[2, 2]], { dtype: 'float64' })).dtype, 'float64');
});

test('rowNormalize: wrong rank or dtype names the problem', () => {
  assert.throws(() => rowNormalize(tensor([1, 2])), /expected a 2-d \[N, F\] tensor, got shape \[2\]/);
  assert.throws(() => rowNormalize(tensor(new Int32Array([1, 2]), { shape: [1, 2] })), /got int32/);
});
