import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as dg from '../../src/index.js';
import { GRUCell } from '../../src/nn/index.js';
import { expectClose, seededData } from '../helpers.js';

// Made by scripts/make-gru-fixture.py with torch.nn.GRUCell (float64); read from the source tree.
interface Fixture {
  x: number[]; h: number[]; lossWeights: number[]; out: number[];
  params: Record<string, number[]>; grads: Record<string, number[]>;
}
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/gru-torch.json', import.meta.url), 'utf8')) as Fixture;
const f64 = (shape: number[], seed: number, requiresGrad = false): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad });

test('GRUCell: matches torch.nn.GRUCell (output and every gradient) with torch parameter layout', () => {
  const cell = new GRUCell(3, 4, { dtype: 'float64' });
  cell.loadStateDict(Object.fromEntries(Object.entries(fixture.params).map(([k, v]) =>
    [k, dg.tensor(Float64Array.from(v), { shape: k.startsWith('weight') ? [12, k === 'weightIh' ? 3 : 4] : [12] })])));
  const x = dg.tensor(Float64Array.from(fixture.x), { shape: [2, 3], requiresGrad: true });
  const h = dg.tensor(Float64Array.from(fixture.h), { shape: [2, 4], requiresGrad: true });
  const out = cell.forward(x, h);
  expectClose(out, fixture.out, { atol: 1e-12 });
  out.backward(dg.tensor(Float64Array.from(fixture.lossWeights), { shape: [2, 4] }));
  expectClose(x.grad!, fixture.grads.x, { atol: 1e-12 });
  expectClose(h.grad!, fixture.grads.h, { atol: 1e-12 });
  for (const [name, p] of cell.namedParameters()) expectClose(p.grad!, fixture.grads[name], { atol: 1e-12 });
});

test('GRUCell: float64 gradcheck for input, state and parameters; without bias too', () => {
  for (const bias of [true, false]) {
    const cell = new GRUCell(3, 2, { bias, dtype: 'float64' });
    assert.equal(cell.parameters().length, bias ? 4 : 2);
    dg.gradcheck((x, h) => cell.forward(x, h), [f64([4, 3], 1, true), f64([4, 2], 2, true), ...cell.parameters()]);
  }
});

test('GRUCell: shapes, zero default state, unbatched input, toString, errors', () => {
  const cell = new GRUCell(3, 5, { dtype: 'float64' });
  assert.equal(cell.toString(), 'GRUCell(3, 5)');
  assert.equal(new GRUCell(2, 2, { bias: false }).toString(), 'GRUCell(2, 2, bias=false)');
  const x = f64([6, 3], 3);
  expectClose(cell.forward(x), cell.forward(x, dg.zeros([6, 5], { dtype: 'float64' })), { atol: 0 });
  const one = cell.forward(f64([3], 4), f64([5], 5));
  assert.deepEqual([...one.shape], [5]);
  expectClose(one, dg.reshape(cell.forward(f64([1, 3], 4), f64([1, 5], 5)), [5]), { atol: 0 });
  // Every state stays in (-1, 1) when it starts there: h' is a convex mix of tanh(.) and h.
  assert.ok([...cell.forward(dg.mul(x, 50), f64([6, 5], 6)).data].every((v) => Math.abs(v) < 1));
  assert.throws(() => cell.forward(f64([6, 4], 1)), /input of shape \[6, 4\] must be \[B, 3\]/);
  assert.throws(() => cell.forward(x, f64([5, 5], 1)), /hidden state of shape \[5, 5\] must be \[6, 5\]/);
});
