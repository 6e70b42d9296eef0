// Mistakes a newcomer makes in the first hour, each answered by an error that points the right way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';

test('crossEntropy with float class labels says they must be int32 class ids (or probabilities shaped like the input)', () => {
  const logits = dg.randn([4, 3]);
  const floatLabels = dg.tensor(new Float32Array([0, 2, 1, 1]));
  assert.throws(() => dg.crossEntropy(logits, floatLabels), (e: Error) => {
    assert.ok(e instanceof dg.DTypeError, e.name);
    assert.match(e.message, /crossEntropy: target has dtype float32 and shape \[4\]: class labels must be int32 class ids \(cast with target\.int\(\)\)/);
    assert.match(e.message, /class probabilities, a float target shaped like the input \[4, 3\]/);
    return true;
  });
  // The two forms it points to both work.
  assert.ok(Number.isFinite(dg.crossEntropy(logits, floatLabels.int()).item()));
  assert.ok(Number.isFinite(dg.crossEntropy(logits, dg.softmax(dg.randn([4, 3]), 1)).item()));
});

test('integer features into a float layer name the layer and the cast', () => {
  const g = dg.graph([[0, 1, 2], [1, 2, 0]], { numNodes: 3 });
  const ints = dg.tensor(new Int32Array([1, 0, 0, 1, 1, 1]), { shape: [3, 2] });
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['GraphConv', () => new dg.nn.GraphConv(2, 4).forward(g, ints), /GraphConv: node features have dtype int32, but the layer computes in float32; cast them first with x\.float\(\)/],
    ['SAGEConv', () => new dg.nn.SAGEConv(2, 4, 'mean').forward(g, ints), /SAGEConv: node features have dtype int32.*x\.float\(\)/],
    ['GATConv', () => new dg.nn.GATConv(2, 4, 2).forward(g, ints), /GATConv: node features have dtype int32.*x\.float\(\)/],
    ['Linear', () => new dg.nn.Linear(2, 4).forward(ints), /Linear: input features have dtype int32, but the layer computes in float32; cast them first with x\.float\(\)/],
    ['Linear float64', () => new dg.nn.Linear(2, 4, { dtype: 'float64' }).forward(ints), /Linear: input features have dtype int32, but the layer computes in float64; cast them first with x\.double\(\)/],
  ];
  for (const [name, body, message] of cases) {
    assert.throws(body, (e: Error) => e instanceof dg.DTypeError && message.test(e.message), name);
  }
  assert.deepEqual(new dg.nn.GraphConv(2, 4).forward(g, ints.float()).shape, [3, 4]);
});

test("g.ndata['h'] = x throws, pointing at g.ndata.set('h', x), instead of being ignored", () => {
  const g = dg.graph([[0, 1], [1, 0]], { numNodes: 2 });
  const x = dg.ones([2, 3]);
  const frames = g.ndata as unknown as Record<string, unknown>;
  assert.throws(() => { frames.h = x; }, /node type '_N': features are not properties; use g\.ndata\.set\('h', x\)/);
  assert.equal(g.ndata.has('h'), false);
  const edges = g.edata as unknown as Record<string, unknown>;
  assert.throws(() => { edges.w = x; }, /edge type .*: features are not properties; use g\.ndata\.set\('w', x\) \(or edata/);
  // Per-type views too; and the Map-like API is untouched.
  const hg = dg.heterograph({ 'user:follows:user': [[0], [1]], 'user:likes:item': [[0], [0]] });
  assert.throws(() => { (hg.ndataPerType as unknown as Record<string, unknown>).h = x; }, /features are not properties/);
  g.ndata.set('h', x);
  assert.equal(g.ndata.get('h'), x);
  assert.equal(String(g.ndata.get('h')).startsWith('Tensor('), true);
});
