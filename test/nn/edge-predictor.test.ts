import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { EdgePredictor } from '../../src/nn/index.js';
import { expectClose, seededData } from '../helpers.js';

const f64 = (shape: number[], seed: number): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad: true });

const E = 5, DIM = 3;
const rows = (t: dg.Tensor): number[][] => Array.from({ length: E }, (_, i) => Array.from(t.data.subarray(i * DIM, (i + 1) * DIM)));
const dot = (a: number[], b: number[]): number => a.reduce((s, v, i) => s + v * b[i], 0);

test("EdgePredictor 'dot', 'cos', 'ele', 'cat' without a projection equal their formulas; gradients check", () => {
  const hs = f64([E, DIM], 1), hd = f64([E, DIM], 2);
  const a = rows(hs), b = rows(hd);
  const expected: Record<string, [number[], number[]]> = {
    dot: [a.map((r, i) => dot(r, b[i])), [E, 1]],
    cos: [a.map((r, i) => dot(r, b[i]) / (Math.sqrt(dot(r, r)) * Math.sqrt(dot(b[i], b[i])))), [E, 1]],
    ele: [a.flatMap((r, i) => r.map((v, j) => v * b[i][j])), [E, DIM]],
    cat: [a.flatMap((r, i) => [...r, ...b[i]]), [E, 2 * DIM]],
  };
  for (const op of ['dot', 'cos', 'ele', 'cat'] as const) {
    const pred = new EdgePredictor(op);
    assert.equal(pred.toString(), `EdgePredictor(op=${op})`);
    assert.equal(pred.parameters().length, 0);
    const out = pred.forward(hs, hd);
    assert.deepEqual([...out.shape], expected[op][1]);
    expectClose(out, expected[op][0], { atol: 1e-12 });
    dg.gradcheck((x, y) => pred.forward(x, y), [hs, hd]);
  }
});

test('EdgePredictor with inFeats and outFeats projects the combined pair with a Linear layer (input width per op)', () => {
  dg.manualSeed(2);
  const hs = f64([E, DIM], 3), hd = f64([E, DIM], 4);
  for (const [op, width] of [['dot', 1], ['cos', 1], ['ele', DIM], ['cat', 2 * DIM]] as const) {
    const pred = new EdgePredictor(op, { inFeats: DIM, outFeats: 2, dtype: 'float64' });
    assert.equal(pred.linear!.inFeatures, width);
    assert.equal(pred.linear!.bias, null, 'no bias by default (DGL)');
    const out = pred.forward(hs, hd);
    assert.deepEqual([...out.shape], [E, 2]);
    expectClose(out, pred.linear!.forward(new EdgePredictor(op).forward(hs, hd)), { atol: 1e-12 });
    dg.gradcheck((x, y) => pred.forward(x, y), [hs, hd, pred.linear!.weight]);
  }
  const biased = new EdgePredictor('cat', { inFeats: DIM, outFeats: 1, bias: true, dtype: 'float64' });
  assert.notEqual(biased.linear!.bias, null);
  assert.match(biased.toString(), /\(linear\): Linear\(6, 1\)/);
  const before = [...biased.linear!.weight.data];
  biased.resetParameters();
  assert.notDeepEqual([...biased.linear!.weight.data], before);
});

test('EdgePredictor names bad ops and shapes; cos of a zero vector is 0, not NaN', () => {
  assert.throws(() => new EdgePredictor('sum' as 'dot'), /op must be 'dot', 'cos', 'ele' or 'cat', got 'sum'/);
  assert.throws(() => new EdgePredictor('dot').forward(dg.zeros([3, 2]), dg.zeros([3, 3])), /\[3, 2\].*\[3, 3\]/);
  const out = new EdgePredictor('cos').forward(dg.zeros([2, 3], { dtype: 'float64' }), dg.ones([2, 3], { dtype: 'float64' }));
  expectClose(out, [0, 0], { atol: 0 });
});
