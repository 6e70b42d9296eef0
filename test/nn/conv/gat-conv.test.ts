import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { GATConv } from '../../../src/nn/index.js';
import { expectClose, forEachBackend } from '../../helpers.js';
import { bipartiteGraph, blockGraph, convFixture, f64, fourNodeGraph, gradcheckModule, zeroInDegreeGraph } from './helpers.js';

const randomBias = (conv: GATConv): void => { if (conv.bias !== null) dg.nn.init.uniform(conv.bias, -0.5, 0.5); };

test('GATConv: output shape [N, heads, F], attention [E, heads, 1], toString', () => {
  const g = fourNodeGraph();
  const conv = new GATConv(5, 3, 2);
  const { output, attention } = conv.forwardWithAttention(g, dg.randn([4, 5]));
  assert.deepEqual([...output.shape], [4, 2, 3]);
  assert.deepEqual([...attention.shape], [g.numEdges(), 2, 1]);
  assert.deepEqual([...conv.forward(g, dg.randn([4, 5])).shape], [4, 2, 3]);
  assert.equal(String(new GATConv(1433, 8, 8)), 'GATConv(1433, 8, heads=8)');
  assert.equal(String(new GATConv([6, 4], 8, 2, { featDrop: 0.6, residual: true })), 'GATConv((6, 4), 8, heads=2, featDrop=0.6, residual=true)');
  assert.deepEqual([...conv.namedParameters()].map(([n]) => n), ['attnL', 'attnR', 'bias', 'fc.weight']);
});

test('GATConv: attention is a softmax over each destination\'s in-edges', () => {
  const g = fourNodeGraph();
  const { attention } = new GATConv(3, 2, 3, { dtype: 'float64' }).forwardWithAttention(g, f64([4, 3], 1, -1, 1, false));
  const perDst = dg.ops.copyESum(g, attention);
  expectClose(perDst, dg.ones([4, 3, 1], { dtype: 'float64' }), { atol: 1e-12 });
});

test('GATConv: float64 gradients (plain, identity and projected residual, edge weights, no bias)', () => {
  const g = fourNodeGraph();
  const cases: [number, ConstructorParameters<typeof GATConv>[3]][] = [
    [3, {}], [4, { residual: true }], [3, { residual: true }], [3, { bias: false, negativeSlope: 0.1 }],
  ];
  for (const [inF, opts] of cases) {
    const conv = new GATConv(inF, 2, 2, { dtype: 'float64', ...opts });
    randomBias(conv);
    const x = f64([4, inF], 2);
    gradcheckModule(conv, [x], () => conv.forward(g, x));
  }
  const conv = new GATConv(3, 2, 2, { dtype: 'float64', activation: dg.elu });
  const x = f64([4, 3], 3), w = f64([g.numEdges()], 4, 0.2, 1.5);
  gradcheckModule(conv, [x, w], () => conv.forward(g, x, { edgeWeight: w }));
});

/** GAT as the paper writes it: a^T [Wh_dst || Wh_src] per edge in a UDF message, softmax over the mailbox in a UDF reduce. */
function udfGat(conv: GATConv, x: dg.Tensor): dg.Tensor {
  const g = fourNodeGraph();
  const H = conv.numHeads, F = conv.outFeats;
  g.ndata.set('ft', conv.fc!.forward(x).reshape([-1, H, F]));
  const a = dg.concat([conv.attnR, conv.attnL], 2);
  g.updateAll((edges) => {
    const cat = dg.concat([edges.dst.ft, edges.src.ft], 2);
    return { e: dg.leakyRelu(dg.sum(dg.mul(cat, a), -1, true), conv.negativeSlope), m: edges.src.ft };
  }, (nodes) => {
    const alpha = dg.softmax(nodes.mailbox.e, 1);
    return { h: dg.sum(dg.mul(alpha, nodes.mailbox.m), 1) };
  });
  return dg.add(g.ndata.get('h'), conv.bias!.reshape([1, H, F]));
}

test('GATConv: builtin path equals the concatenation formulation through UDFs', () => forEachBackend(() => {
  const conv = new GATConv(3, 2, 3, { dtype: 'float64' });
  randomBias(conv);
  const x = f64([4, 3], 5, -2, 2, false);
  expectClose(conv.forward(fourNodeGraph(), x), udfGat(conv, x), { atol: 1e-12, rtol: 1e-10 });
}));

test('GATConv: bipartite pairs use separate projections; blocks slice destinations', () => {
  const bg = bipartiteGraph();
  const conv = new GATConv([4, 3], 2, 2, { dtype: 'float64', residual: true });
  randomBias(conv);
  const xs = f64([5, 4], 6), xd = f64([3, 3], 7);
  assert.deepEqual([...conv.forward(bg, [xs, xd]).shape], [3, 2, 2]);
  gradcheckModule(conv, [xs, xd], () => conv.forward(bg, [xs, xd]));

  const block = blockGraph();
  const shared = new GATConv(4, 2, 2, { dtype: 'float64', residual: true });
  randomBias(shared);
  const out = shared.forward(block, xs);
  assert.deepEqual([...out.shape], [3, 2, 2]);
  const same = dg.bipartite([block.sparse().coo().src, block.sparse().coo().dst], { numSrc: 5, numDst: 3 });
  expectClose(out, shared.forward(same, [xs, dg.narrow(xs, 0, 0, 3)]), { atol: 1e-12 });
  gradcheckModule(shared, [xs], () => shared.forward(block, xs));
});

test('GATConv: zero-in-degree check and escape; dropout only while training', () => {
  const g = zeroInDegreeGraph();
  assert.throws(() => new GATConv(3, 2, 1).forward(g, dg.randn([4, 3])), /0-in-degree.*allowZeroInDegree/s);
  const out = new GATConv(3, 2, 1, { allowZeroInDegree: true }).forward(g, dg.randn([4, 3]));
  assert.ok(out.data.every(Number.isFinite));

  const h = fourNodeGraph(), x = dg.randn([4, 3]);
  const conv = new GATConv(3, 4, 2, { featDrop: 0.5, attnDrop: 0.5 });
  const a = conv.forward(h, x), b = conv.forward(h, x);
  assert.notDeepEqual([...a.data], [...b.data], 'training mode draws fresh dropout masks');
  conv.eval();
  assert.deepEqual([...conv.forward(h, x).data], [...conv.forward(h, x).data]);
  assert.throws(() => new GATConv(3, 2, 1, { attnDrop: 1.5 }), /attnDrop/);
});

test('GATConv: resetParameters follows DGL (xavier-normal, zero bias)', () => {
  const conv = new GATConv(50, 40, 4);
  conv.bias!.data.fill(1);
  conv.resetParameters();
  assert.ok(conv.bias!.data.every((v) => v === 0));
  const w = conv.fc!.weight.data;
  const std = Math.sqrt([...w].reduce((s, v) => s + v * v, 0) / w.length);
  const expected = Math.SQRT2 * Math.sqrt(2 / (50 + 160));
  assert.ok(Math.abs(std - expected) / expected < 0.1, `weight std ${std} vs ${expected}`);
});

test('GATConv: matches plain PyTorch (2 heads, projected residual, bias): output, attention, gradients', () => {
  const fx = convFixture();
  const g = dg.graph([fx.graph.src, fx.graph.dst], { numNodes: fx.graph.numNodes });
  const { inFeats, outFeats, numHeads, negativeSlope } = fx.gatConv;
  const conv = new GATConv(inFeats, outFeats, numHeads, { negativeSlope, residual: true, dtype: 'float64' });
  const params = new Map(conv.namedParameters());
  assert.deepEqual([...params.keys()].sort(), Object.keys(fx.gatConv.params).sort());
  conv.loadStateDict(new Map(Object.entries(fx.gatConv.params).map(([k, v]) => [k, dg.tensor(Float64Array.from(v.data), { shape: v.shape })])));
  const x = dg.tensor(Float64Array.from(fx.x.data), { shape: fx.x.shape, requiresGrad: true });
  const { output, attention } = conv.forwardWithAttention(g, x);
  const tol = { atol: 1e-12, rtol: 1e-10 };
  expectClose(output.data, fx.gatConv.out, tol);
  expectClose(attention.data, fx.gatConv.attention, tol);
  dg.sum(dg.mul(output, dg.tensor(Float64Array.from(fx.gatConv.R), { shape: output.shape }))).backward();
  expectClose(x.grad!.data, fx.gatConv.grads.x, tol);
  for (const [name, p] of params) assert.doesNotThrow(() => expectClose(p.grad!.data, fx.gatConv.grads[name], tol), name);
});
