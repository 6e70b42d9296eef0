import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { expectClose, seededData } from '../helpers.js';

const f64 = (shape: number[], seed: number, lo = -2, hi = 2): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed, lo, hi), { shape, dtype: 'float64', requiresGrad: true });
const ints = (v: number[]): dg.Tensor => dg.tensor(Int32Array.from(v));

/** PyTorch's documented cross entropy on [N, C] rows, written with plain loops. */
function naiveCrossEntropy(x: dg.Tensor, target: number[], opts: { weight?: number[]; ignoreIndex?: number;
  labelSmoothing?: number; reduction?: string } = {}): number[] | number {
  const [N, C] = x.shape, eps = opts.labelSmoothing ?? 0, ignore = opts.ignoreIndex ?? -100;
  const w = opts.weight ?? new Array<number>(C).fill(1);
  const losses: number[] = [];
  let denom = 0;
  for (let n = 0; n < N; n++) {
    const row = Array.from(x.data.slice(n * C, (n + 1) * C));
    const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
    const logp = row.map((v) => v - lse);
    const t = target[n];
    if (t === ignore) { losses.push(0); continue; }
    denom += w[t];
    let smooth = 0;
    for (let c = 0; c < C; c++) smooth -= w[c] * logp[c];
    losses.push((1 - eps) * -w[t] * logp[t] + (eps / C) * smooth);
  }
  const total = losses.reduce((a, b) => a + b, 0);
  if (opts.reduction === 'none') return losses;
  return opts.reduction === 'sum' ? total : total / denom;
}

test('crossEntropy matches a naive reference (weights, ignoreIndex, label smoothing, reductions)', () => {
  const x = f64([5, 4], 1);
  const target = [3, 0, 1, 3, 2];
  const weight = [0.5, 2, 1, 3];
  const cases = [
    {}, { weight }, { ignoreIndex: 3 }, { weight, ignoreIndex: 0 }, { labelSmoothing: 0.2 },
    { weight, ignoreIndex: 1, labelSmoothing: 0.1 },
  ];
  for (const c of cases) {
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      const opts = { ...c, reduction, weight: c.weight && dg.tensor(c.weight, { dtype: 'float64' }) };
      const got = dg.crossEntropy(x, ints(target), opts);
      const want = naiveCrossEntropy(x, target, { ...c, reduction });
      expectClose(got.data, typeof want === 'number' ? [want] : want, { atol: 1e-12, rtol: 1e-12 });
      assert.deepEqual([...got.shape], reduction === 'none' ? [5] : []);
    }
  }
});

test('crossEntropy: uniform logits give log C; agrees with nllLoss(logSoftmax) and with probability targets', () => {
  assert.ok(Math.abs(dg.crossEntropy(dg.zeros([3, 7]), ints([0, 6, 2])).item() - Math.log(7)) < 1e-6);
  const x = f64([4, 3], 2), t = [2, 0, 0, 1];
  const w = dg.tensor([1, 0.25, 4], { dtype: 'float64' });
  for (const opts of [{}, { weight: w }, { weight: w, ignoreIndex: 0 }]) {
    expectClose(dg.crossEntropy(x, ints(t), opts), dg.nllLoss(dg.logSoftmax(x, 1), ints(t), opts), { atol: 1e-12 });
  }
  const onehot = dg.zeros([4, 3], { dtype: 'float64' });
  t.forEach((c, n) => { onehot.data[n * 3 + c] = 1; });
  for (const labelSmoothing of [0, 0.3]) {
    expectClose(dg.crossEntropy(x, onehot, { labelSmoothing }), dg.crossEntropy(x, ints(t), { labelSmoothing }), { atol: 1e-12 });
  }
});

test('crossEntropy on [N, C, d] and [C] inputs, with gradients', () => {
  const x = f64([2, 3, 4], 3);
  const t = [[0, 2, 1, 1], [2, 2, 0, 1]];
  const perPos = dg.crossEntropy(x, dg.tensor(t, { dtype: 'int32' }), { reduction: 'none' });
  assert.deepEqual([...perPos.shape], [2, 4]);
  for (let n = 0; n < 2; n++) {
    for (let k = 0; k < 4; k++) {
      const row = [0, 1, 2].map((c) => x.data[(n * 3 + c) * 4 + k]);
      const ref = Math.log(row.reduce((s, v) => s + Math.exp(v), 0)) - row[t[n][k]];
      assert.ok(Math.abs(perPos.data[n * 4 + k] - ref) < 1e-12);
    }
  }
  dg.gradcheck((a) => dg.crossEntropy(a, dg.tensor(t, { dtype: 'int32' }), { labelSmoothing: 0.1, ignoreIndex: 1 }), [x]);
  const v = f64([5], 4);
  const single = dg.crossEntropy(v, dg.tensor(new Int32Array([2]), { shape: [] }));
  assert.ok(Math.abs(single.item() - (Math.log([...v.data].reduce((s, e) => s + Math.exp(e), 0)) - v.data[2])) < 1e-12);
  dg.gradcheck((a) => dg.crossEntropy(a, dg.tensor(new Int32Array([2]), { shape: [] })), [v]);
});

test('crossEntropy and nllLoss: gradients match finite differences', () => {
  const x = f64([4, 5], 5), t = ints([1, 4, 0, 1]);
  const weight = dg.tensor([1, 2, 0.5, 1.5, 3], { dtype: 'float64' });
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    for (const extra of [{}, { weight }, { weight, ignoreIndex: 1 }, { labelSmoothing: 0.25, weight }]) {
      dg.gradcheck((a) => dg.crossEntropy(a, t, { reduction, ...extra }), [x]);
      if (!('labelSmoothing' in extra)) dg.gradcheck((a) => dg.nllLoss(a, t, { reduction, ...extra }), [x]);
    }
  }
  // Probability targets: gradients for both logits and targets.
  dg.gradcheck((a, p) => dg.crossEntropy(a, p, { labelSmoothing: 0.1, weight }), [x, f64([4, 5], 6, 0, 1)]);
});

test('crossEntropy is stable for huge logits', () => {
  const x = dg.tensor([[1e4, -1e4, 0], [-1e4, 1e4, 1e4]], { requiresGrad: true });
  const loss = dg.crossEntropy(x, ints([1, 2]));
  assert.ok(Math.abs(loss.item() - (2e4 + Math.log(2)) / 2) < 1);
  loss.backward();
  for (const g of x.grad!.data) assert.ok(Number.isFinite(g));
});

test('class-target errors name the value, position, classes and shapes', () => {
  const x = dg.zeros([3, 4]);
  assert.throws(() => dg.crossEntropy(x, ints([0, 4, 1])), (e: Error) =>
    e instanceof RangeError && /target 4/.test(e.message) && /position 1/.test(e.message) && /4 classes/.test(e.message));
  assert.throws(() => dg.nllLoss(x, ints([0, 1, -1])), (e: Error) => e instanceof RangeError && /target -1 at position 2/.test(e.message));
  assert.throws(() => dg.crossEntropy(x, ints([0, 1])), (e: Error) =>
    e instanceof dg.ShapeError && /\[2\]/.test(e.message) && /\[3, 4\]/.test(e.message));
  assert.throws(() => dg.crossEntropy(x, ints([0, 1, 1]), { weight: dg.ones([3]) }), (e: Error) =>
    e instanceof dg.ShapeError && /\[3\]/.test(e.message) && /\[3, 4\]/.test(e.message));
  assert.throws(() => dg.nllLoss(x, dg.zeros([3])), dg.DTypeError);
  assert.throws(() => dg.crossEntropy(x, dg.zeros([3, 5])), dg.ShapeError);
  assert.throws(() => dg.crossEntropy(x, ints([0, 1, 2]), { labelSmoothing: 1.5 }), RangeError);
  assert.throws(() => dg.crossEntropy(x, ints([0, 1, 2]), { reduction: 'avg' as 'mean' }), /reduction/);
  // An ignored target may lie outside [0, C).
  assert.ok(Math.abs(dg.crossEntropy(x, ints([-100, 1, 2]), { reduction: 'sum' }).item() - 2 * Math.log(4)) < 1e-6);
});

test('binaryCrossEntropyWithLogits matches a naive reference and stays finite', () => {
  const x = f64([3, 4], 7, -3, 3), t = f64([3, 4], 8, 0, 1);
  const w = dg.tensor([[0.5], [1], [2]], { dtype: 'float64' }), pw = dg.tensor([1, 2, 0.5, 3], { dtype: 'float64' });
  const sig = (v: number): number => 1 / (1 + Math.exp(-v));
  const ref = Array.from(x.data, (v, i) => {
    const ti = t.data[i], wi = w.data[Math.floor(i / 4)], pwi = pw.data[i % 4];
    return -wi * (pwi * ti * Math.log(sig(v)) + (1 - ti) * Math.log(1 - sig(v)));
  });
  const none = dg.binaryCrossEntropyWithLogits(x, t, { weight: w, posWeight: pw, reduction: 'none' });
  expectClose(none.data, ref, { atol: 1e-12, rtol: 1e-10 });
  const mean = dg.binaryCrossEntropyWithLogits(x, t, { weight: w, posWeight: pw });
  assert.ok(Math.abs(mean.item() - ref.reduce((a, b) => a + b, 0) / 12) < 1e-12);
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    dg.gradcheck((a, b) => dg.binaryCrossEntropyWithLogits(a, b, { reduction, weight: w, posWeight: pw }), [x, t]);
    dg.gradcheck((a, b) => dg.binaryCrossEntropyWithLogits(a, b, { reduction }), [x, t]);
  }
  const big = dg.tensor([1000, -1000, 1000, -1000], { requiresGrad: true });
  const bt = dg.tensor([0, 1, 1, 0]);
  expectClose(dg.binaryCrossEntropyWithLogits(big, bt, { reduction: 'none' }).data, [1000, 1000, 0, 0]);
  dg.binaryCrossEntropyWithLogits(big, bt, { reduction: 'sum' }).backward();
  assert.deepEqual([...big.grad!.data], [1, -1, 0, 0]);
  assert.throws(() => dg.binaryCrossEntropyWithLogits(x, dg.zeros([4, 3])), (e: Error) =>
    e instanceof dg.ShapeError && /\[3, 4\]/.test(e.message) && /\[4, 3\]/.test(e.message));
  assert.throws(() => dg.binaryCrossEntropyWithLogits(x, t, { posWeight: dg.ones([3]) }), dg.ShapeError);
});

test('mseLoss and l1Loss match naive references, with gradients for both inputs', () => {
  const a = f64([3, 5], 9), b = f64([3, 5], 10);
  const d = Array.from(a.data, (v, i) => v - b.data[i]);
  expectClose(dg.mseLoss(a, b, { reduction: 'none' }).data, d.map((v) => v * v), { atol: 1e-12 });
  assert.ok(Math.abs(dg.mseLoss(a, b).item() - d.reduce((s, v) => s + v * v, 0) / 15) < 1e-12);
  assert.ok(Math.abs(dg.l1Loss(a, b, { reduction: 'sum' }).item() - d.reduce((s, v) => s + Math.abs(v), 0)) < 1e-12);
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    dg.gradcheck((p, q) => dg.mseLoss(p, q, { reduction }), [a, b]);
    dg.gradcheck((p, q) => dg.l1Loss(p, q, { reduction }), [a, b]);
  }
  assert.throws(() => dg.mseLoss(a, dg.zeros([5, 3], { dtype: 'float64' })), (e: Error) =>
    e instanceof dg.ShapeError && /mseLoss/.test(e.message) && /\[3, 5\]/.test(e.message) && /\[5, 3\]/.test(e.message));
  assert.throws(() => dg.l1Loss(a, dg.zeros([15], { dtype: 'float64' })), dg.ShapeError);
});
