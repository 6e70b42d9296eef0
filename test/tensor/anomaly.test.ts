import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';

function withAnomaly(body: () => void): void {
  dg.setDetectAnomaly(true);
  try {
    body();
  } finally {
    dg.setDetectAnomaly(false);
  }
}

test('anomaly mode names the forward op that first turns finite values into infinity', () => {
  withAnomaly(() => {
    const x = dg.tensor([1e200, 2], { dtype: 'float64', requiresGrad: true });
    const y = dg.add(x, 1);
    assert.throws(() => dg.mul(y, y), (e: unknown) => e instanceof dg.AnomalyError && /'mul' produced Infinity at flat index 0/.test(e.message));
  });
});

test('anomaly mode names the op whose backward produced a NaN or infinity', () => {
  withAnomaly(() => {
    const x = dg.tensor([0, 4], { dtype: 'float64', requiresGrad: true });
    const loss = dg.sum(dg.sqrt(x));
    assert.throws(() => loss.backward(), (e: unknown) => e instanceof dg.AnomalyError && /the backward of 'sqrt' produced Infinity/.test(e.message));
  });
});

test('without anomaly mode the same computations run (and give the non-finite values)', () => {
  const x = dg.tensor([0, 4], { dtype: 'float64', requiresGrad: true });
  dg.sum(dg.sqrt(x)).backward();
  assert.equal(x.grad!.data[0], Infinity);
});

test('anomaly mode does not blame an op whose input was already non-finite', () => {
  withAnomaly(() => {
    const x = dg.tensor([NaN, 1], { dtype: 'float64', requiresGrad: true });
    assert.equal(Number.isNaN(dg.mul(x, 2).data[0]), true);
  });
});
