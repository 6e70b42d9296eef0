/**
 * gcn-epoch / gat-epoch --input sparse: the bench models that take the input's nonzeros compute the
 * same function as the dense ones with the same parameters (eval mode, so no dropout), and their
 * gradients of the shared parameters agree. Otherwise the race against PyTorch would time another model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { SparseFeatures } from '../../src/cli/sparse-input.js';
import { buildModel, type ModelKind } from '../../bench/models.js';
import { transpose } from '../../src/tensor/movement.js';
import { expectClose } from '../helpers.js';

function sparseish(n: number, f: number): dg.Tensor {
  const x = dg.rand([n, f]);
  const d = x.data as Float32Array;
  for (let i = 0; i < d.length; i++) if (i % 3 !== 0) d[i] = 0;  // two thirds zeros
  return x;
}

for (const kind of ['gcn', 'gat'] as ModelKind[]) {
  test(`${kind}: the sparse-input bench model equals the dense one with the same parameters`, () => {
    dg.manualSeed(3);
    const n = 12, fin = 10;
    const g = dg.addSelfLoop(dg.randGraph(n, 40, { seed: 5 }));
    const x = sparseish(n, fin);
    const sizes = { inFeats: fin, hidden: 4, classes: 3, heads: 2 };
    const dense = buildModel(kind, sizes), sparse = buildModel(kind, { ...sizes, sparseInput: true });
    const dp = new Map(dense.module.namedParameters()), sp = new Map(sparse.module.namedParameters());
    for (const [name, p] of sp) {
      if (name === 'weight1') p.data.set(dp.get('0.weight')!.data);
      else if (name === 'projection') p.data.set(transpose(dp.get('0.fc.weight')!, 0, 1).data);
      else if (kind === 'gat' && name === '0.fc.weight') continue;  // the frozen identity
      else p.data.set(dp.get(name)!.data);
    }
    dense.module.eval(); sparse.module.eval();
    const yd = dense.forward(g, x), ys = sparse.forward(g, SparseFeatures.fromDense(x));
    expectClose(ys, yd, { atol: 1e-5, rtol: 1e-4 });
    yd.sum().backward(); ys.sum().backward();
    for (const name of kind === 'gcn' ? ['2.weight', '0.bias'] : ['1.fc.weight', '0.attnL', '0.bias']) {
      expectClose(sp.get(name)!.grad!, dp.get(name)!.grad!, { atol: 1e-5, rtol: 1e-4 });
    }
    const first = kind === 'gcn' ? sp.get('weight1')!.grad! : transpose(sp.get('projection')!.grad!, 0, 1);
    expectClose(first, (kind === 'gcn' ? dp.get('0.weight') : dp.get('0.fc.weight'))!.grad!, { atol: 1e-5, rtol: 1e-4 });
    assert.throws(() => sparse.forward(g, x), /SparseFeatures/);
  });
}
