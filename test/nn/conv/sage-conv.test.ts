import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../../src/index.js';
import { LayerNorm, SAGEConv, type SAGEAggregator } from '../../../src/nn/index.js';
import { expectClose, forEachBackend } from '../../helpers.js';
import { bipartiteGraph, blockGraph, convFixture, f64, fourNodeGraph, gradcheckModule, stateOf, zeroInDegreeGraph } from './helpers.js';

const AGGREGATORS: SAGEAggregator[] = ['mean', 'gcn', 'pool', 'lstm'];
const randomBias = (conv: SAGEConv): void => { if (conv.bias !== null) dg.nn.init.uniform(conv.bias, -0.5, 0.5); };

test('SAGEConv: output shape, toString, parameters per aggregator', () => {
  const g = fourNodeGraph();
  for (const aggr of AGGREGATORS) {
    const conv = new SAGEConv(5, 3, aggr, { activation: dg.relu });
    assert.deepEqual([...conv.forward(g, dg.randn([4, 5])).shape], [4, 3], aggr);
  }
  assert.equal(String(new SAGEConv(1433, 16, 'mean')), 'SAGEConv(1433, 16, aggr=mean)');
  assert.equal(String(new SAGEConv([8, 4], 2, 'pool', { featDrop: 0.5, bias: false })), 'SAGEConv((8, 4), 2, aggr=pool, featDrop=0.5, bias=false)');
  const names = (a: SAGEAggregator): string[] => [...new SAGEConv(5, 3, a).namedParameters()].map(([n]) => n).sort();
  assert.deepEqual(names('gcn'), ['bias', 'fcNeigh.weight']);
  assert.deepEqual(names('pool'), ['bias', 'fcNeigh.weight', 'fcPool.bias', 'fcPool.weight', 'fcSelf.weight']);
  assert.deepEqual(names('lstm'), ['bias', 'fcNeigh.weight', 'fcSelf.weight', 'lstm.biasHhL0', 'lstm.biasIhL0', 'lstm.weightHhL0', 'lstm.weightIhL0']);
  assert.throws(() => new SAGEConv(5, 3, 'max' as SAGEAggregator), /unknown aggregator 'max'/);
  assert.throws(() => new SAGEConv([5, 4], 3, 'gcn'), /equal source and destination sizes/);
});

test('SAGEConv: float64 gradients, every aggregator, both projection orders, with edge weights', () => {
  const g = fourNodeGraph();
  for (const aggr of AGGREGATORS) {
    for (const [inF, outF] of [[3, 2], [2, 3]]) {
      const conv = new SAGEConv(inF, outF, aggr, { dtype: 'float64', activation: dg.tanh });
      randomBias(conv);
      const x = f64([4, inF], 1), w = f64([g.numEdges()], 2, 0.2, 1.5);
      assert.doesNotThrow(() => gradcheckModule(conv, [x, w], () => conv.forward(g, x, { edgeWeight: w })), `${aggr} ${inF}->${outF}`);
    }
  }
});

/** SAGE written with the graph sugar: builtin-free UDF messages and a UDF reduce over the mailbox. */
function udfSage(conv: SAGEConv, x: dg.Tensor): dg.Tensor {
  const g = fourNodeGraph();
  const h = conv.aggregatorType === 'pool' ? dg.relu(conv.fcPool!.forward(x)) : x;
  g.ndata.set('h', h);
  const reduce = (m: dg.Tensor, self: dg.Tensor): dg.Tensor => {
    switch (conv.aggregatorType) {
      case 'mean': return dg.mean(m, 1);
      case 'gcn': return dg.div(dg.add(dg.sum(m, 1), self), m.shape[1] + 1);
      case 'pool': return dg.max(m, 1);
      case 'lstm': return conv.lstm!.forward(m)[1][0].reshape([m.shape[0], -1]);
    }
  };
  g.updateAll((edges) => ({ m: edges.src.h }), (nodes) => ({ neigh: reduce(nodes.mailbox.m, nodes.data.h) }));
  const neigh = conv.fcNeigh.forward(g.ndata.get('neigh'));
  const rst = conv.fcSelf === null ? neigh : dg.add(conv.fcSelf.forward(x), neigh);
  return dg.add(rst, conv.bias!);
}

test('SAGEConv: builtin paths equal the UDF formulation through updateAll', () => forEachBackend(() => {
  for (const aggr of AGGREGATORS) {
    for (const [inF, outF] of [[4, 2], [2, 4]]) {
      const conv = new SAGEConv(inF, outF, aggr, { dtype: 'float64' });
      randomBias(conv);
      const x = f64([4, inF], 3, -1, 1, false);
      assert.doesNotThrow(() => expectClose(conv.forward(fourNodeGraph(), x), udfSage(conv, x), { atol: 1e-12, rtol: 1e-10 }), aggr);
    }
  }
}));

test('SAGEConv: matches plain PyTorch (fixed weights, every aggregator, edge weights): outputs and gradients', () => {
  const fx = convFixture();
  const g = dg.graph([fx.graph.src, fx.graph.dst], { numNodes: fx.graph.numNodes });
  const tol = { atol: 1e-12, rtol: 1e-10 };
  for (const c of fx.sageConv.cases) {
    const what = `${c.aggregator} out ${c.outFeats} weighted ${c.edgeWeight}`;
    const conv = new SAGEConv(fx.sageConv.inFeats, c.outFeats, c.aggregator, { dtype: 'float64' });
    conv.loadStateDict(stateOf(c.params));
    const x = dg.tensor(Float64Array.from(fx.x.data), { shape: fx.x.shape, requiresGrad: true });
    const w = dg.tensor(Float64Array.from(fx.graphConv.edgeWeight), { requiresGrad: true });
    const out = conv.forward(g, x, c.edgeWeight ? { edgeWeight: w } : {});
    assert.doesNotThrow(() => expectClose(out.data, c.out, tol), what);
    dg.sum(dg.mul(out, dg.tensor(Float64Array.from(c.R), { shape: out.shape }))).backward();
    assert.doesNotThrow(() => expectClose(x.grad!.data, c.grads.x, tol), `${what}: x`);
    if (c.edgeWeight) assert.doesNotThrow(() => expectClose(w.grad!.data, c.grads.edgeWeight, tol), `${what}: edge weights`);
    for (const [name, p] of conv.namedParameters()) assert.doesNotThrow(() => expectClose(p.grad!.data, c.grads[name], tol), `${what}: ${name}`);
  }
});

test('SAGEConv: blocks and bipartite pairs give destination rows; a block equals its bipartite view', () => {
  const block = blockGraph(), bg = bipartiteGraph();
  const same = dg.bipartite([block.sparse().coo().src, block.sparse().coo().dst], { numSrc: 5, numDst: 3 });
  const xs = f64([5, 4], 4), xd = f64([3, 4], 5);
  for (const aggr of AGGREGATORS) {
    const conv = new SAGEConv(4, 2, aggr, { dtype: 'float64' });
    randomBias(conv);
    const out = conv.forward(block, xs);
    assert.deepEqual([...out.shape], [3, 2]);
    expectClose(out, conv.forward(same, [xs, dg.narrow(xs, 0, 0, 3)]), { atol: 1e-12 });
    assert.deepEqual([...conv.forward(bg, [xs, xd]).shape], [3, 2]);
    assert.doesNotThrow(() => gradcheckModule(conv, [xs], () => conv.forward(block, xs)), aggr);
  }
  const pair = new SAGEConv([4, 3], 2, 'mean', { dtype: 'float64' });
  gradcheckModule(pair, [xs], () => pair.forward(bg, [xs, f64([3, 3], 6)]));
});

test('SAGEConv: nodes without in-edges and graphs without edges aggregate to zero', () => {
  const g = zeroInDegreeGraph();
  const empty = dg.graph([[], []], { numNodes: 3 });
  for (const aggr of AGGREGATORS) {
    const conv = new SAGEConv(3, 2, aggr, { dtype: 'float64', bias: false });
    const x = f64([4, 3], 7, -1, 1, false);
    const self = conv.fcSelf === null ? dg.zeros([4, 2], { dtype: 'float64' }) : conv.fcSelf.forward(x);
    // Node 3 has no in-edges: its output is the self term alone (zero for gcn, whose self term is averaged in).
    const expected3 = aggr === 'gcn' ? conv.fcNeigh.forward(dg.narrow(x, 0, 3, 1)) : dg.narrow(self, 0, 3, 1);
    expectClose(dg.narrow(conv.forward(g, x), 0, 3, 1), expected3, { atol: 1e-12 });
    const y = f64([3, 3], 8, -1, 1, false);
    const outEmpty = conv.forward(empty, y);
    assert.deepEqual([...outEmpty.shape], [3, 2]);
    assert.ok(outEmpty.data.every(Number.isFinite), aggr);
  }
});

test('SAGEConv: norm and activation modules are registered and applied last', () => {
  const g = fourNodeGraph();
  const ln = new LayerNorm([3], { dtype: 'float64' });
  const conv = new SAGEConv(4, 3, 'mean', { dtype: 'float64', norm: ln, activation: dg.relu });
  assert.ok(conv.parameters().includes(ln.weight!));
  const x = f64([4, 4], 9, -1, 1, false);
  const plain = new SAGEConv(4, 3, 'mean', { dtype: 'float64', activation: dg.relu });
  plain.loadStateDict(new Map([...conv.stateDict()].filter(([k]) => !k.startsWith('norm.'))));
  expectClose(conv.forward(g, x), ln.forward(plain.forward(g, x)), { atol: 1e-12 });
});
