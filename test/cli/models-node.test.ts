import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { GAT } from '../../src/cli/models-node.js';
import { MODEL_INFO } from '../../src/cli/models.js';
import { SparseFeatures } from '../../src/cli/sparse-input.js';
import { expectClose, seededData } from '../helpers.js';

/** 12 nodes, a ring both ways plus chords, with self-loops; features about 60% zero. */
function smallGraph(): { g: dg.Graph; x: dg.Tensor } {
  const src: number[] = [], dst: number[] = [];
  for (let i = 0; i < 12; i++) {
    src.push(i, (i + 1) % 12, i, i); dst.push((i + 1) % 12, i, (i + 5) % 12, i);
  }
  const v = seededData(12 * 10, 5, -1, 1.5);
  const x = dg.tensor(Float32Array.from(v, (t) => (t > 0.5 ? t : 0)), { shape: [12, 10] });
  return { g: dg.graph([src, dst], { numNodes: 12 }), x };
}

test('GAT in the sparse-input form computes what GATConv computes on the dense input, gradients included', () => {
  const { g, x } = smallGraph();
  const h = { ...MODEL_INFO.gat.defaults('cora'), hidden: 4, heads: 3, dropout: 0, attnDropout: 0 };
  const dense = new GAT(false, 10, 3, h, false);
  const sparse = new GAT(false, 10, 3, h, true);
  const denseHidden = dense.hiddenLayer as dg.nn.GATConv, sparseHidden = sparse.hiddenLayer as dg.nn.GATConv;
  const denseFc = denseHidden.fc!.weight;
  const proj = sparse.projection!;
  for (let i = 0; i < 10; i++) for (let j = 0; j < 12; j++) proj.data[i * 12 + j] = denseFc.data[j * 10 + i];
  const copy = (from: dg.nn.Module, to: dg.nn.Module, names: string[]): void => {
    const a = new Map(from.namedParameters()), b = new Map(to.namedParameters());
    for (const n of names) b.get(n)!.data.set(a.get(n)!.data);
  };
  copy(dense.hiddenLayer, sparse.hiddenLayer, ['attnL', 'attnR', 'bias']);
  copy(dense.outputLayer, sparse.outputLayer, [...dense.outputLayer.namedParameters()].map(([n]) => n));

  const yd = dense.forward(g, x);
  const ys = sparse.forward(g, SparseFeatures.fromDense(x));
  assert.deepEqual([...ys.shape], [12, 3]);
  expectClose(ys, yd, { atol: 1e-5 });
  const up = dg.tensor(Float32Array.from(seededData(36, 9)), { shape: [12, 3] });
  dg.sum(dg.mul(yd, up)).backward();
  dg.sum(dg.mul(ys, up)).backward();
  const gradT = Float32Array.from({ length: 120 }, (_, k) => denseFc.grad!.data[(k % 12) * 10 + Math.floor(k / 12)]);
  expectClose(proj.grad!.data, gradT, { atol: 1e-5 });
  expectClose(sparseHidden.attnL.grad!, denseHidden.attnL.grad!, { atol: 1e-5 });
  expectClose((sparse.outputLayer as dg.nn.GATConv).attnR.grad!, (dense.outputLayer as dg.nn.GATConv).attnR.grad!, { atol: 1e-5 });
  // The identity projection inside the sparse form is frozen.
  assert.equal(sparseHidden.fc!.weight.grad, null);
});
