import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { GatedGraphConv, Linear } from '../../../src/nn/index.js';
import { expectClose, forEachBackend } from '../../helpers.js';
import { f64, fourNodeGraph, gradsOf, mediumGraph, smallBlock } from './fixtures.js';

const linearsOf = (conv: GatedGraphConv): Linear[] => conv.linears.children() as Linear[];

/** DGL's formulation through UDFs: each edge's message is W_type(e) h_src + b_type(e), summed per node, then the GRU. */
function reference(conv: GatedGraphConv, g: dg.Graph, x: dg.Tensor, etypes: Int32Array): dg.Tensor {
  let h = dg.concat([x, dg.zeros([x.shape[0], conv.outFeats - conv.inFeats], { dtype: 'float64' })], 1);
  const lins = linearsOf(conv);
  for (let s = 0; s < conv.nSteps; s++) {
    const a = g.localScope(() => {
      g.ndata.set('h', h);
      dg.updateAll(g, (edges) => {
        let m: dg.Tensor | null = null;
        for (let t = 0; t < lins.length; t++) {
          const mask = dg.tensor(Float64Array.from(edges.edgeIds, (e) => (etypes[e] === t ? 1 : 0)), { shape: [edges.batchSize, 1] });
          const part = dg.mul(lins[t].forward(edges.src.h), mask);
          m = m === null ? part : dg.add(m, part);
        }
        return { m: m! };
      }, (nodes) => ({ a: nodes.mailbox.m.sum(1) }));
      return g.ndata.get('a');
    });
    h = conv.gru.forward(a, h);
  }
  return h;
}

test('GatedGraphConv: output shape, toString, parameters, DGL initialisation', () => {
  const conv = new GatedGraphConv(3, 5, 2, 3);
  assert.equal(conv.toString(), 'GatedGraphConv(3, 5, nSteps=2, nEtypes=3)');
  assert.equal(new GatedGraphConv(2, 2, 1, 1, { bias: false }).toString(), 'GatedGraphConv(2, 2, nSteps=1, nEtypes=1, bias=false)');
  assert.deepEqual([...conv.namedParameters()].map(([n]) => n), [
    'linears.0.weight', 'linears.0.bias', 'linears.1.weight', 'linears.1.bias', 'linears.2.weight', 'linears.2.bias',
    'gru.weightIh', 'gru.weightHh', 'gru.biasIh', 'gru.biasHh']);
  assert.ok(linearsOf(conv).every((l) => l.bias!.data.every((v) => v === 0)));
  const g = mediumGraph();
  const out = conv.forward(g, dg.randn([10, 3]), Int32Array.from({ length: g.numEdges() }, (_, e) => e % 3));
  assert.deepEqual([...out.shape], [10, 5]);
  assert.deepEqual([...new GatedGraphConv(4, 4, 0, 1).forward(g, dg.ones([10, 4])).data], new Array(40).fill(1));
});

test('GatedGraphConv: fused path equals the per-edge UDF formulation (one and several edge types)', () => forEachBackend(() => {
  const g = mediumGraph();
  for (const nEtypes of [1, 3]) {
    const conv = new GatedGraphConv(2, 4, 3, nEtypes, { dtype: 'float64' });
    for (const lin of linearsOf(conv)) dg.nn.init.uniform(lin.bias!, -0.5, 0.5);
    const etypes = Int32Array.from({ length: g.numEdges() }, (_, e) => (e * 7) % nEtypes);
    const x = f64([10, 2], 71, true);
    const out = nEtypes === 1 ? conv.forward(g, x) : conv.forward(g, x, dg.tensor(etypes));
    const ref = reference(conv, g, x, etypes);
    expectClose(out, ref, { atol: 1e-12 });
    if (nEtypes === 1) expectClose(conv.forward(g, x, etypes), out, { atol: 1e-12 });
    const leaves = [x, ...conv.parameters()];
    const a = gradsOf(out, leaves), b = gradsOf(ref, leaves);
    a.forEach((ga, i) => expectClose(ga, b[i], { atol: 1e-11 }));
  }
}));

test('GatedGraphConv: float64 gradcheck on a 4-node graph for inputs, linears and GRU (two edge types)', () => {
  const g = fourNodeGraph();
  const conv = new GatedGraphConv(2, 3, 2, 2, { dtype: 'float64' });
  for (const lin of linearsOf(conv)) dg.nn.init.uniform(lin.bias!, -0.5, 0.5);
  const etypes = [0, 1, 1, 0, 1, 0];
  dg.gradcheck((x) => conv.forward(g, x, etypes), [f64([4, 2], 81, true), ...conv.parameters()]);
  const single = new GatedGraphConv(3, 3, 2, 1, { dtype: 'float64' });
  dg.gradcheck((x) => single.forward(g, x), [f64([4, 3], 82, true), ...single.parameters()]);
});

test('GatedGraphConv: bad sizes, edge types and graphs are refused by name', () => {
  assert.throws(() => new GatedGraphConv(5, 4, 1, 1), /inFeats \(5\) must not exceed outFeats \(4\)/);
  const conv = new GatedGraphConv(2, 3, 1, 2);
  const g = fourNodeGraph(), x = dg.randn([4, 2]);
  assert.throws(() => conv.forward(g, x), /etypes is required when nEtypes is 2/);
  assert.throws(() => conv.forward(g, x, [0, 1, 2, 0, 0, 0]), /edge type ids must be in \[0, 2\), got range \[0, 2\]/);
  assert.throws(() => conv.forward(g, x, [0, 1]), /etypes of shape \[2\] must be \[6\]/);
  assert.throws(() => conv.forward(g, x, dg.tensor([0, 1, 0, 1, 0, 1])), /etypes must be integer ids, got float32/);
  assert.throws(() => conv.forward(g, dg.randn([4, 3]), [0, 1, 0, 1, 0, 1]), /input features of shape \[4, 3\] must be \[4, 2\]/);
  assert.throws(() => conv.forward(smallBlock(), dg.randn([5, 2]), [0, 0, 0, 0, 0, 0, 0]), /homogeneous graph/);
});
