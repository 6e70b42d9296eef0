// JumpingKnowledge, WeightAndSum and the Set Transformer pooling against references of DGL's
// definitions; shapes, float64 gradient checks, on every backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, forEachBackend } from '../helpers.js';
import { f64, linearRef, smallGraph } from './dense-ref.js';

const { nn } = dg;

test("JumpingKnowledge: 'cat', 'max' and 'lstm' attention over the layer outputs (DGL)", () => forEachBackend(() => {
  const a = f64([4, 3], 31, true), b = f64([4, 3], 32, true), c = f64([4, 3], 33, true);
  expectClose(new nn.JumpingKnowledge('cat').forward([a, b]), dg.concat([a, b], 1));
  expectClose(new nn.JumpingKnowledge('max').forward([a, b, c]), dg.maximum(dg.maximum(a, b), c));
  const jk = new nn.JumpingKnowledge('lstm', 3, 3, { dtype: 'float64' });
  const out = jk.forward([a, b, c]);
  assert.deepEqual([...out.shape], [4, 3]);
  // A convex combination of the three layers per node: it lies between their minimum and maximum.
  for (let i = 0; i < 12; i++) {
    const vals = [a.data[i], b.data[i], c.data[i]];
    assert.ok(out.data[i] >= Math.min(...vals) - 1e-12 && out.data[i] <= Math.max(...vals) + 1e-12);
  }
  dg.gradcheck((x, y, z) => jk.forward([x, y, z]), [a, b, c, ...jk.parameters()]);
  assert.throws(() => new nn.JumpingKnowledge('lstm'), /needs inFeats and numLayers/);
  assert.throws(() => new nn.JumpingKnowledge('sum' as 'cat'), /mode must be/);
}));

test('WeightAndSum: sum_i sigmoid(w h_i + b) h_i per member graph (DGL)', () => forEachBackend(() => {
  const bg = dg.batch([smallGraph(), dg.graph([[0], [1]])]);
  const x = f64([6, 3], 34, true);
  const ws = new nn.WeightAndSum(3, { dtype: 'float64' });
  const out = ws.forward(bg, x);
  const expected = [[0, 4], [4, 6]].flatMap(([from, to]) => [0, 1, 2].map((f) => {
    let s = 0;
    for (let v = from; v < to; v++) {
      const h = Array.from(x.data.subarray(v * 3, v * 3 + 3));
      s += h[f] / (1 + Math.exp(-linearRef(ws.atomWeighting, h)[0]));
    }
    return s;
  }));
  expectClose(out, expected, { atol: 1e-12 });
  dg.gradcheck((t) => ws.forward(bg, t), [x, ...ws.parameters()]);
}));

test('SetTransformerEncoder / Decoder: per-set attention, permutation equivariant / invariant, [B, k * dModel] out (DGL)', () => forEachBackend(() => {
  const bg = dg.batch([smallGraph(), dg.graph([[0, 1], [1, 2]])]);
  const x = f64([7, 4], 35, true);
  for (const blockType of ['sab', 'isab'] as const) {
    const enc = new nn.SetTransformerEncoder(4, 2, 3, 5, { nLayers: 2, blockType, m: 2, dtype: 'float64' });
    const h = enc.forward(bg, x);
    assert.deepEqual([...h.shape], [7, 4]);
    // Permuting the nodes inside the first set permutes the output rows the same way (no positional terms).
    const perm = Int32Array.from([2, 0, 3, 1, 4, 5, 6]);
    expectClose(enc.forward(bg, x.indexSelect(0, perm)), h.indexSelect(0, perm), { atol: 1e-10 });
    // Sets do not see each other: changing the second set leaves the first set's rows alone.
    const x2 = dg.concat([dg.narrow(x, 0, 0, 4), f64([3, 4], 36)], 0);
    expectClose(dg.narrow(enc.forward(bg, x2), 0, 0, 4), dg.narrow(h, 0, 0, 4), { atol: 1e-10 });
    dg.gradcheck((t) => enc.forward(bg, t), [x, ...enc.parameters()]);
  }
  const dec = new nn.SetTransformerDecoder(4, 2, 3, 5, 1, 2, { dtype: 'float64' });
  const pooled = dec.forward(bg, x);
  assert.deepEqual([...pooled.shape], [2, 8]);
  const perm = Int32Array.from([3, 1, 0, 2, 6, 4, 5]);
  expectClose(dec.forward(bg, x.indexSelect(0, perm)), pooled, { atol: 1e-10 });
  dg.gradcheck((t) => dec.forward(bg, t), [x, ...dec.parameters()]);
  assert.throws(() => new nn.SetTransformerEncoder(4, 2, 3, 5, { blockType: 'isab' }), /inducing points m/);
  assert.throws(() => dec.forward(bg, f64([7, 3], 1)), /\[7, 4\]/);
}));
