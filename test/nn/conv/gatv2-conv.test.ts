import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { GATv2Conv } from '../../../src/nn/index.js';
import { expectClose, forEachBackend } from '../../helpers.js';
import { bipartiteGraph, blockGraph, f64, fourNodeGraph, gradcheckModule, zeroInDegreeGraph } from './helpers.js';

/** Non-zero biases, so the tests see them. */
function randomBiases(conv: GATv2Conv): void {
  for (const [name, p] of conv.namedParameters()) if (name.endsWith('bias')) dg.nn.init.uniform(p, -0.5, 0.5);
}

test('GATv2Conv: shapes, toString, shared and separate projections', () => {
  const g = fourNodeGraph();
  const conv = new GATv2Conv(5, 3, 2);
  const { output, attention } = conv.forwardWithAttention(g, dg.randn([4, 5]));
  assert.deepEqual([...output.shape], [4, 2, 3]);
  assert.deepEqual([...attention.shape], [g.numEdges(), 2, 1]);
  assert.equal(String(conv), 'GATv2Conv(5, 3, heads=2)');
  assert.equal(String(new GATv2Conv(5, 3, 2, { shareWeights: true, bias: false })), 'GATv2Conv(5, 3, heads=2, shareWeights=true, bias=false)');
  assert.deepEqual([...conv.namedParameters()].map(([n]) => n).sort(), ['attn', 'fcDst.bias', 'fcDst.weight', 'fcSrc.bias', 'fcSrc.weight']);
  const shared = new GATv2Conv(5, 3, 2, { shareWeights: true, residual: true });
  assert.equal(shared.fcDst, shared.fcSrc);
  assert.deepEqual([...shared.namedParameters()].map(([n]) => n).sort(), ['attn', 'fcSrc.bias', 'fcSrc.weight', 'resFc.bias', 'resFc.weight']);
  expectClose(dg.ops.copyESum(g, attention), dg.ones([4, 2, 1]), { atol: 1e-6 });
});

test('GATv2Conv: float64 gradients (separate, shared, residual identity and projected, no bias)', () => {
  const g = fourNodeGraph();
  const cases: [number, ConstructorParameters<typeof GATv2Conv>[3]][] = [
    [3, {}], [3, { shareWeights: true }], [4, { residual: true }], [3, { residual: true, activation: dg.elu }], [3, { bias: false }],
  ];
  for (const [inF, opts] of cases) {
    const conv = new GATv2Conv(inF, 2, 2, { dtype: 'float64', ...opts });
    randomBiases(conv);
    const x = f64([4, inF], 1);
    assert.doesNotThrow(() => gradcheckModule(conv, [x], () => conv.forward(g, x)), JSON.stringify(opts));
  }
});

/** GATv2 in UDFs: per-edge a . LeakyReLU(W_s h_src + W_d h_dst), softmax over each mailbox. */
function udfGatv2(conv: GATv2Conv, x: dg.Tensor): dg.Tensor {
  const g = fourNodeGraph();
  const H = conv.numHeads, F = conv.outFeats;
  g.ndata.set('fs', conv.fcSrc.forward(x).reshape([-1, H, F]));
  g.ndata.set('fd', conv.fcDst.forward(x).reshape([-1, H, F]));
  g.updateAll((edges) => ({
    e: dg.sum(dg.mul(dg.leakyRelu(dg.add(edges.src.fs, edges.dst.fd), conv.negativeSlope), conv.attn), -1, true),
    m: edges.src.fs,
  }), (nodes) => ({ h: dg.sum(dg.mul(dg.softmax(nodes.mailbox.e, 1), nodes.mailbox.m), 1) }));
  return g.ndata.get('h');
}

test('GATv2Conv: builtin path equals the UDF formulation', () => forEachBackend(() => {
  for (const shareWeights of [false, true]) {
    const conv = new GATv2Conv(3, 2, 3, { dtype: 'float64', shareWeights });
    randomBiases(conv);
    const x = f64([4, 3], 2, -2, 2, false);
    expectClose(conv.forward(fourNodeGraph(), x), udfGatv2(conv, x), { atol: 1e-12, rtol: 1e-10 });
  }
}));

test('GATv2Conv: bipartite pairs and blocks; zero-in-degree check', () => {
  const conv = new GATv2Conv([4, 3], 2, 2, { dtype: 'float64', residual: true });
  randomBiases(conv);
  const xs = f64([5, 4], 3), xd = f64([3, 3], 4);
  assert.deepEqual([...conv.forward(bipartiteGraph(), [xs, xd]).shape], [3, 2, 2]);
  gradcheckModule(conv, [xs, xd], () => conv.forward(bipartiteGraph(), [xs, xd]));
  const block = blockGraph();
  const one = new GATv2Conv(4, 2, 2, { dtype: 'float64', residual: true });
  randomBiases(one);
  const same = dg.bipartite([block.sparse().coo().src, block.sparse().coo().dst], { numSrc: 5, numDst: 3 });
  expectClose(one.forward(block, xs), one.forward(same, [xs, dg.narrow(xs, 0, 0, 3)]), { atol: 1e-12 });
  assert.throws(() => new GATv2Conv(3, 2, 1).forward(zeroInDegreeGraph(), dg.randn([4, 3])), /0-in-degree/);
  assert.doesNotThrow(() => new GATv2Conv(3, 2, 1, { allowZeroInDegree: true }).forward(zeroInDegreeGraph(), dg.randn([4, 3])));
});
