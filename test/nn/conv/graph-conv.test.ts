import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { GraphConv, type GraphConvNorm } from '../../../src/nn/index.js';
import { expectClose, forEachBackend } from '../../helpers.js';
import { bipartiteGraph, blockGraph, convFixture, f64, fourNodeGraph, gradcheckModule, zeroInDegreeGraph } from './helpers.js';

const NORMS: GraphConvNorm[] = ['both', 'right', 'left', 'none'];

test('GraphConv: output shape and toString', () => {
  const g = fourNodeGraph();
  const conv = new GraphConv(5, 3, { activation: dg.relu });
  const out = conv.forward(g, dg.randn([4, 5]));
  assert.deepEqual([...out.shape], [4, 3]);
  assert.equal(out.dtype, 'float32');
  assert.ok(out.data.every((v) => v >= 0), 'relu applied');
  assert.equal(String(new GraphConv(1433, 16)), 'GraphConv(1433, 16)');
  assert.equal(String(new GraphConv(8, 4, { norm: 'right', bias: false })), 'GraphConv(8, 4, norm=right, bias=false)');
  assert.deepEqual(conv.parameters().map((p) => [...p.shape]), [[5, 3], [3]]);
  assert.deepEqual([...conv.namedParameters()].map(([n]) => n), ['weight', 'bias']);
});

test('GraphConv: float64 gradients for input, weight, bias and edge weights, every norm, both matmul orders', () => {
  const g = fourNodeGraph();
  for (const norm of NORMS) {
    for (const [inF, outF] of [[3, 2], [2, 3]]) {
      const conv = new GraphConv(inF, outF, { norm, dtype: 'float64', activation: dg.tanh });
      dg.nn.init.uniform(conv.bias!, -0.5, 0.5);
      const x = f64([4, inF], 1);
      const w = f64([g.numEdges()], 2, 0.2, 1.5);
      gradcheckModule(conv, [x, w], () => conv.forward(g, x, { edgeWeight: w }));
      gradcheckModule(conv, [x], () => conv.forward(g, x));
    }
  }
});

/** The same layer as a UDF message (src feature times edge weight) and a UDF sum reduce over the mailbox. */
function udfGraphConv(g: dg.Graph, conv: GraphConv, x: dg.Tensor, w: dg.Tensor): dg.Tensor {
  const outDeg = Float64Array.from(g.outDegrees() as Int32Array, (d) => Math.max(d, 1));
  const inDeg = Float64Array.from(g.inDegrees() as Int32Array, (d) => Math.max(d, 1));
  const nodeScale = (deg: Float64Array, p: number): dg.Tensor => dg.tensor(deg.map((d) => d ** p), { shape: [deg.length, 1] });
  const p = conv.norm === 'both' ? -0.5 : -1;
  const srcScaled = conv.norm === 'left' || conv.norm === 'both' ? dg.mul(x, nodeScale(outDeg, p)) : x;
  const local = fourNodeGraph();
  local.ndata.set('h', dg.matmul(srcScaled, conv.weight!));
  local.edata.set('w', w.reshape([-1, 1]));
  local.updateAll((edges) => ({ m: dg.mul(edges.src.h, edges.data.w) }), (nodes) => ({ h: dg.sum(nodes.mailbox.m, 1) }));
  let h = local.ndata.get('h');
  if (conv.norm === 'right' || conv.norm === 'both') h = dg.mul(h, nodeScale(inDeg, p));
  return dg.add(h, conv.bias!);
}

test('GraphConv: builtin path equals the UDF formulation through updateAll', () => forEachBackend(() => {
  const g = fourNodeGraph();
  for (const norm of NORMS) {
    const conv = new GraphConv(3, 2, { norm, dtype: 'float64' });
    dg.nn.init.uniform(conv.bias!, -0.5, 0.5);
    const x = f64([4, 3], 3, -1, 1, false), w = f64([g.numEdges()], 4, 0.2, 1.5, false);
    expectClose(conv.forward(g, x, { edgeWeight: w }), udfGraphConv(g, conv, x, w), { atol: 1e-12, rtol: 1e-12 });
    const ones = dg.ones([g.numEdges()], { dtype: 'float64' });
    expectClose(conv.forward(g, x), udfGraphConv(g, conv, x, ones), { atol: 1e-12, rtol: 1e-12 });
  }
}));

test('GraphConv: zero-in-degree nodes throw a message that says how to fix it; allowZeroInDegree escapes', () => {
  const g = zeroInDegreeGraph();
  const x = dg.randn([4, 3]);
  assert.throws(() => new GraphConv(3, 2).forward(g, x), (e: Error) =>
    e instanceof dg.DeepGraphError && /0-in-degree/.test(e.message) && /addSelfLoop/.test(e.message) && /allowZeroInDegree/.test(e.message));
  const conv = new GraphConv(3, 2, { allowZeroInDegree: true });
  dg.nn.init.uniform(conv.bias!, 1, 2);
  const out = conv.forward(g, x);
  // Node 3 receives nothing: its output is the bias alone.
  expectClose(out.data.slice(6, 8), conv.bias!.data);
  assert.doesNotThrow(() => new GraphConv(3, 2).forward(dg.addSelfLoop(g), x));
});

test('GraphConv: bipartite pairs and blocks give destination rows; a block equals its bipartite view', () => {
  const bg = bipartiteGraph();
  const conv = new GraphConv(4, 2, { dtype: 'float64' });
  const xs = f64([5, 4], 5), xd = f64([3, 4], 6);
  assert.deepEqual([...conv.forward(bg, [xs, xd]).shape], [3, 2]);
  // DGL's expand_as_pair takes one tensor for both sides; GraphConv reads only the sources.
  expectClose(conv.forward(bg, xs), conv.forward(bg, [xs, xd]), { atol: 1e-12 });
  gradcheckModule(conv, [xs], () => conv.forward(bg, [xs, xd]));

  const block = blockGraph();
  const out = conv.forward(block, xs);
  assert.deepEqual([...out.shape], [3, 2]);
  const same = dg.bipartite([block.sparse().coo().src, block.sparse().coo().dst], { numSrc: 5, numDst: 3 });
  expectClose(out, conv.forward(same, [xs, dg.narrow(xs, 0, 0, 3)]), { atol: 1e-12 });
});

test('GraphConv: weight: false takes an external weight; giving one to a layer with its own throws', () => {
  const g = fourNodeGraph();
  const x = f64([4, 3], 7, -1, 1, false), w = f64([3, 2], 8);
  const own = new GraphConv(3, 2, { dtype: 'float64', bias: false });
  own.weight!.data.set(w.data);
  const ext = new GraphConv(3, 2, { weight: false, bias: false, dtype: 'float64' });
  expectClose(ext.forward(g, x, { weight: w }), own.forward(g, x), { atol: 1e-12 });
  assert.throws(() => own.forward(g, x, { weight: w }), /weight: false/);
  assert.throws(() => ext.forward(g, x, { weight: f64([2, 2], 1) }), /\[2, 2\]/);
  // No weight at all: plain normalised aggregation keeps the input width.
  assert.deepEqual([...ext.forward(g, x).shape], [4, 3]);
  gradcheckModule(ext, [x, w], () => ext.forward(g, x, { weight: w }));
});

test('GraphConv: bad inputs are named', () => {
  const g = fourNodeGraph();
  assert.throws(() => new GraphConv(3, 2, { norm: 'sym' as GraphConvNorm }), /invalid norm 'sym'/);
  assert.throws(() => new GraphConv(3, 2).forward(g, dg.randn([4, 5])), /\[4, 5\].*\[4, \*, 3\]/);
  assert.throws(() => new GraphConv(3, 2).forward(g, dg.randn([4, 3]), { edgeWeight: dg.ones([3]) }), /one scalar per edge/);
});

test('GraphConv: resetParameters redraws the weight and zeroes the bias', () => {
  const conv = new GraphConv(6, 4);
  const before = conv.weight!.data.slice();
  conv.bias!.data.fill(3);
  conv.resetParameters();
  assert.notDeepEqual([...conv.weight!.data], [...before]);
  assert.ok(conv.bias!.data.every((v) => v === 0));
  const bound = Math.sqrt(6 / (6 + 4));
  assert.ok(conv.weight!.data.every((v) => Math.abs(v) <= bound));
});

test('GraphConv: matches plain PyTorch (fixed weights, every norm, with and without edge weights), gradients included', () => {
  const fx = convFixture();
  const g = dg.graph([fx.graph.src, fx.graph.dst], { numNodes: fx.graph.numNodes });
  const { inFeats, outFeats } = fx.graphConv;
  const tol = { atol: 1e-12, rtol: 1e-10 };
  for (const c of fx.graphConv.cases) {
    const conv = new GraphConv(inFeats, outFeats, { norm: c.norm, dtype: 'float64' });
    conv.weight!.data.set(fx.graphConv.weight);
    conv.bias!.data.set(fx.graphConv.bias);
    const x = dg.tensor(Float64Array.from(fx.x.data), { shape: fx.x.shape, requiresGrad: true });
    const w = dg.tensor(Float64Array.from(fx.graphConv.edgeWeight), { requiresGrad: true });
    const out = conv.forward(g, x, c.edgeWeight ? { edgeWeight: w } : {});
    const what = `norm ${c.norm}, edge weights ${c.edgeWeight}`;
    assert.doesNotThrow(() => expectClose(out.data, c.out, tol), what);
    dg.sum(dg.mul(out, dg.tensor(Float64Array.from(fx.graphConv.R), { shape: out.shape }))).backward();
    expectClose(x.grad!.data, c.grads.x, tol);
    expectClose(conv.weight!.grad!.data, c.grads.weight, tol);
    expectClose(conv.bias!.grad!.data, c.grads.bias, tol);
    if (c.edgeWeight) expectClose(w.grad!.data, c.grads.edgeWeight, tol);
  }
});
