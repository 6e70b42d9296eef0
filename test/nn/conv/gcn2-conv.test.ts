import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { GCN2Conv } from '../../../src/nn/index.js';
import { expectClose, forEachBackend } from '../../helpers.js';
import { f64, fourNodeGraph, gradsOf, mediumGraph, naiveBothNorm, positive, udfAggregate, udfSymmetricPropagate } from './fixtures.js';

/** GCNII through UDF propagation: ((1-α) Â h + α h0)((1-β) I + β W) + b. */
function reference(conv: GCN2Conv, g: dg.Graph, x: dg.Tensor, x0: dg.Tensor, w: dg.Tensor | null): dg.Tensor {
  const agg = w === null ? udfSymmetricPropagate(g, x) : udfAggregate(g, x, 'sum', naiveBothNorm(g, w));
  const h = dg.mul(agg, 1 - conv.alpha), h0 = dg.mul(x0, conv.alpha);
  const support = dg.add(h, h0);
  const proj = conv.weight2 === null ? dg.matmul(support, conv.weight1) : dg.add(dg.matmul(h, conv.weight1), dg.matmul(h0, conv.weight2));
  const rst = dg.add(dg.mul(support, 1 - conv.beta), dg.mul(proj, conv.beta));
  return conv.bias === null ? rst : dg.add(rst, conv.bias);
}

test('GCN2Conv: output shape, toString, beta = log(lambda / layer + 1), parameters', () => {
  const conv = new GCN2Conv(4, 2, { alpha: 0.2, lambda: 0.5 });
  assert.equal(conv.beta, Math.log(0.5 / 2 + 1));
  assert.equal(conv.toString(), 'GCN2Conv(4, layer=2, alpha=0.2, lambda=0.5, beta=0.223144, projectInitialFeatures=true)');
  assert.equal(new GCN2Conv(3, 1, { projectInitialFeatures: false, bias: false, allowZeroInDegree: true, activation: dg.relu }).toString(),
    'GCN2Conv(3, layer=1, alpha=0.1, lambda=1, beta=0.693147, projectInitialFeatures=false, bias=false, allowZeroInDegree=true, activation=relu)');
  assert.deepEqual([...conv.namedParameters()].map(([n, p]) => `${n}:${p.shape.join('x')}`), ['weight1:4x4', 'bias:4']);
  assert.deepEqual([...new GCN2Conv(3, 1, { projectInitialFeatures: false }).namedParameters()].map(([n]) => n), ['weight1', 'weight2', 'bias']);
  const g = dg.addSelfLoop(mediumGraph());
  const x = dg.randn([10, 4]);
  const out = conv.forward(g, x, x);
  assert.deepEqual([...out.shape], [10, 4]);
  // Initial features may have more rows (DGL slices the first N).
  expectClose(conv.forward(g, x, dg.concat([x, dg.randn([3, 4])], 0)), out, { atol: 0 });
  assert.throws(() => conv.forward(g, x, dg.randn([9, 4])), /initial features of shape \[9, 4\] must be \[>= 10, 4\]/);
});

test('GCN2Conv: zero-in-degree nodes are refused unless allowZeroInDegree', () => {
  const g = mediumGraph(), x = f64([10, 3], 1);
  assert.throws(() => new GCN2Conv(3, 1).forward(g, x, x), /0-in-degree nodes .*node 9.*addSelfLoop.*allowZeroInDegree/);
  const out = new GCN2Conv(3, 1, { allowZeroInDegree: true, dtype: 'float64' }).forward(g, x, x);
  assert.deepEqual([...out.shape], [10, 3]);
});

test('GCN2Conv: builtin path equals the UDF formulation (shared / separate initial weight, edge weights)', () => forEachBackend(() => {
  const g = mediumGraph();
  for (const projectInitialFeatures of [true, false]) {
    for (const weighted of [false, true]) {
      const conv = new GCN2Conv(3, 3, { alpha: 0.3, lambda: 0.7, projectInitialFeatures, allowZeroInDegree: true, dtype: 'float64' });
      conv.bias!.data.set([0.1, -0.2, 0.3]);
      const x = f64([10, 3], 2, true), x0 = f64([10, 3], 3, true), w = weighted ? positive([g.numEdges()], 4) : null;
      const out = conv.forward(g, x, x0, w), ref = reference(conv, g, x, x0, w);
      expectClose(out, ref, { atol: 1e-12 });
      const leaves = [x, x0, conv.weight1, ...(conv.weight2 ? [conv.weight2] : []), conv.bias!];
      const a = gradsOf(out, leaves), b = gradsOf(ref, leaves);
      a.forEach((ga, i) => expectClose(ga, b[i], { atol: 1e-12 }));
    }
  }
}));

test('GCN2Conv: float64 gradcheck on a 4-node graph (features, initial features, weights, bias, edge weights)', () => {
  const g = fourNodeGraph();
  for (const projectInitialFeatures of [true, false]) {
    const conv = new GCN2Conv(3, 2, { projectInitialFeatures, dtype: 'float64', activation: dg.tanh });
    const params = [conv.weight1, ...(conv.weight2 ? [conv.weight2] : []), conv.bias!];
    dg.gradcheck((x, x0) => conv.forward(g, x, x0), [f64([4, 3], 5, true), f64([4, 3], 6, true), ...params]);
    dg.gradcheck((x, w) => conv.forward(g, x, x, w), [f64([4, 3], 7, true), positive([6], 8, true)]);
  }
});
