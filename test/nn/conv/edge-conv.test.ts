import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { EdgeConv } from '../../../src/nn/index.js';
import { expectClose, forEachBackend } from '../../helpers.js';
import { f64, fourNodeGraph, gradsOf, mediumGraph, smallBlock } from './fixtures.js';

/** DGL's per-edge formulation through UDFs: e_ji = [bn](Θ(x_j - x_i)), h_i = max_j (e_ji + Φ(x_i)); 0 without in-edges. */
function reference(conv: EdgeConv, g: dg.Graph, xs: dg.Tensor, xd: dg.Tensor): dg.Tensor {
  return g.localScope(() => {
    g.srcdata.set('x', xs); g.dstdata.set('x', xd); g.dstdata.set('phi', conv.phi.forward(xd));
    dg.applyEdges(g, (edges) => ({ theta: conv.theta.forward(edges.src.x.sub(edges.dst.x)) }));
    if (conv.bn !== null) g.edata.set('theta', conv.bn.forward(g.edata.get('theta')));
    dg.updateAll(g, (edges) => ({ m: edges.data.theta.add(edges.dst.phi) }), (nodes) => ({ out: nodes.mailbox.m.max(1) }));
    return g.dstdata.get('out');
  });
}

test('EdgeConv: hand-computed max of Θ(x_j - x_i) + Φ(x_i) on a 3-node graph; a node without in-edges gets 0', () => {
  const g = dg.graph([[0, 1, 2], [2, 2, 0]], { numNodes: 3 });
  const conv = new EdgeConv(1, 1, { allowZeroInDegree: true, dtype: 'float64' });
  conv.theta.weight.data[0] = 2; conv.theta.bias!.data[0] = 0.5;
  conv.phi.weight.data[0] = -1; conv.phi.bias!.data[0] = 1;
  const x = dg.tensor([[1], [3], [-2]], { dtype: 'float64' });
  // node 0 <- 2: 2(-2 - 1) + 0.5 + (-1 + 1) = -5.5; node 2 <- 0, 1: max(6.5, 10.5) + (2 + 1) = 13.5.
  expectClose(conv.forward(g, x), [-5.5, 0, 13.5], { atol: 1e-12 });
  assert.throws(() => new EdgeConv(1, 1).forward(g, x), /0-in-degree nodes .*node 1/);
});

test('EdgeConv: output shape, toString, parameters, resetParameters', () => {
  const conv = new EdgeConv(4, 6, { batchNorm: true });
  assert.equal(conv.toString(), 'EdgeConv(4, 6, batchNorm=true)');
  assert.equal(new EdgeConv(2, 3, { allowZeroInDegree: true }).toString(), 'EdgeConv(2, 3, batchNorm=false, allowZeroInDegree=true)');
  assert.deepEqual([...conv.namedParameters()].map(([n]) => n), ['theta.weight', 'theta.bias', 'phi.weight', 'phi.bias', 'bn.weight', 'bn.bias']);
  const g = dg.addSelfLoop(mediumGraph());
  assert.deepEqual([...conv.forward(g, dg.randn([10, 4])).shape], [10, 6]);
  assert.ok(conv.bn!.runningMean!.data.some((v) => v !== 0), 'batch norm statistics were updated');
  const before = Float32Array.from(conv.theta.weight.data);
  conv.resetParameters();
  assert.notDeepEqual(Float32Array.from(conv.theta.weight.data), before);
  assert.ok(conv.bn!.runningMean!.data.every((v) => v === 0));
});

test('EdgeConv: fused path equals the per-edge UDF formulation (values, gradients; batch norm in train and eval)', () => forEachBackend(() => {
  const g = mediumGraph();
  for (const batchNorm of [false, true]) {
    const conv = new EdgeConv(3, 4, { batchNorm, allowZeroInDegree: true, dtype: 'float64' });
    if (conv.bn) { conv.bn.weight!.data.set([1.5, -0.7, 0.3, 1]); conv.bn.bias!.data.set([0.1, 0.2, -0.3, 0]); }
    for (const mode of batchNorm ? ['train', 'eval'] : ['train']) {
      conv.train(mode === 'train');
      const x = f64([10, 3], 41, true);
      const out = conv.forward(g, x), ref = reference(conv, g, x, x);
      expectClose(out, ref, { atol: 1e-12 });
      const leaves = [x, ...conv.parameters()];
      const a = gradsOf(out, leaves), b = gradsOf(ref, leaves);
      a.forEach((ga, i) => expectClose(ga, b[i], { atol: 1e-10 }));
    }
  }
}));

test('EdgeConv: float64 gradcheck on a 4-node graph for inputs and parameters (with and without batch norm)', () => {
  const g = fourNodeGraph();
  for (const batchNorm of [false, true]) {
    const conv = new EdgeConv(3, 2, { batchNorm, dtype: 'float64' });
    dg.gradcheck((x) => conv.forward(g, x), [f64([4, 3], 51, true), ...conv.parameters()]);
  }
});

test('EdgeConv: bipartite pairs and blocks', () => {
  const bg = dg.bipartite([[0, 1, 2, 2, 1], [0, 0, 1, 2, 2]], { numSrc: 3, numDst: 3 });
  const conv = new EdgeConv(2, 3, { dtype: 'float64' });
  const xs = f64([3, 2], 61), xd = f64([3, 2], 62);
  expectClose(conv.forward(bg, [xs, xd]), reference(conv, bg, xs, xd), { atol: 1e-12 });
  const block = smallBlock(), xb = f64([5, 2], 63);
  const ob = conv.forward(block, xb);
  assert.deepEqual([...ob.shape], [3, 3]);
  expectClose(ob, reference(conv, block, xb, dg.narrow(xb, 0, 0, 3)), { atol: 1e-12 });
  assert.throws(() => conv.forward(block, f64([2, 2], 1)), /node features has shape \[2, 2\], expected \[5, 2\]/);
  assert.throws(() => conv.forward(bg, [xs, f64([3, 5], 1)]), /destination features has shape \[3, 5\], expected \[3, 2\]/);
});
