import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MultiGraph as Graphology } from 'graphology';
import { fromGraphology, toGraphology, graphologyKeys } from '../../src/data/graphology.js';
import { graph, heterograph } from '../../src/graph/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { DataFormatError } from '../../src/errors.js';
import { expectClose } from '../helpers.js';

type Attrs = Record<string, unknown>;

test('graphology round trip: nodes, edges, keys and numeric attributes survive; strings stay out of the features', () => {
  const src = new Graphology({ type: 'directed', multi: true });
  src.addNode('alice', { age: 31, emb: [0.5, 1.5], name: 'Alice' });
  src.addNode('bob', { age: 25, emb: [2, 3], name: 'Bob' });
  src.addNode('carol', { age: 40, emb: [-1, 0.25], name: 'Carol' });
  src.addEdgeWithKey('e1', 'alice', 'bob', { weight: 0.5 });
  src.addEdgeWithKey('e2', 'bob', 'carol', { weight: 2 });
  src.addEdgeWithKey('e3', 'carol', 'alice', { weight: -1 });
  src.addEdgeWithKey('e4', 'alice', 'bob', { weight: 7 }); // a parallel edge
  const g = fromGraphology(src);
  assert.equal(g.numNodes(), 3);
  assert.equal(g.numEdges(), 4);
  assert.deepEqual(g.ndata.keys().sort(), ['age', 'emb']);
  expectClose(g.ndata.get('age'), [31, 25, 40]);
  expectClose(g.ndata.get('emb'), new Tensor(Float32Array.of(0.5, 1.5, 2, 3, -1, 0.25), [3, 2], 'float32'));
  const [s, d] = g.edges() as unknown as [Int32Array, Int32Array];
  assert.deepEqual([...s], [0, 1, 2, 0]);
  assert.deepEqual([...d], [1, 2, 0, 1]);
  expectClose(g.edata.get('weight'), [0.5, 2, -1, 7]);
  assert.deepEqual(graphologyKeys(g), { nodes: { _N: ['alice', 'bob', 'carol'] }, edges: { '_N:_E:_N': ['e1', 'e2', 'e3', 'e4'] } });

  const back = toGraphology(g, { Graph: Graphology as never }) as unknown as InstanceType<typeof Graphology>;
  assert.deepEqual(back.nodes(), ['alice', 'bob', 'carol']);
  assert.deepEqual(back.edges(), ['e1', 'e2', 'e3', 'e4']);
  assert.equal(back.source('e3'), 'carol');
  assert.equal(back.target('e3'), 'alice');
  assert.deepEqual(back.getNodeAttributes('bob'), { age: 25, emb: [2, 3] });
  assert.deepEqual(back.getEdgeAttributes('e4'), { weight: 7 });
  // Without the Graph class, the installed package is found.
  assert.equal((toGraphology(g) as unknown as InstanceType<typeof Graphology>).size, 4);
});

test('graphology typed graphs: node and edge types from attributes, and back', () => {
  const src = new Graphology({ multi: true });
  src.addNode('u1', { kind: 'user', score: 1 });
  src.addNode('u2', { kind: 'user', score: 2 });
  src.addNode('i1', { kind: 'item', price: 9.5 });
  src.addDirectedEdgeWithKey('c1', 'u1', 'i1', { rel: 'clicks', w: 1 });
  src.addDirectedEdgeWithKey('c2', 'u2', 'i1', { rel: 'clicks', w: 3 });
  src.addDirectedEdgeWithKey('f1', 'u1', 'u2', { rel: 'follows', w: 0.5 });
  src.addUndirectedEdgeWithKey('x1', 'u1', 'u2', { rel: 'friends', w: 2 });
  const g = fromGraphology(src, { nodeTypeAttribute: 'kind', edgeTypeAttribute: 'rel' });
  assert.deepEqual([...g.ntypes].sort(), ['item', 'user']);
  assert.equal(g.numNodes('user'), 2);
  assert.equal(g.numEdges(['user', 'clicks', 'item']), 2);
  assert.equal(g.numEdges(['user', 'friends', 'user']), 2, 'an undirected edge is stored in both directions (as DGL from_networkx)');
  expectClose(g.nodeFrame('item').get('price'), [9.5]);
  expectClose(g.edgeFrame(['user', 'clicks', 'item']).get('w'), [1, 3]);
  const back = toGraphology(g, { Graph: Graphology as never, nodeTypeAttribute: 'kind', edgeTypeAttribute: 'rel' }) as unknown as InstanceType<typeof Graphology>;
  assert.equal(back.order, 3);
  assert.equal(back.size, 5);
  assert.deepEqual(back.getNodeAttributes('i1'), { kind: 'item', price: 9.5 });
  assert.deepEqual(back.getEdgeAttributes('c2'), { rel: 'clicks', w: 3 });
  // A graph not made by fromGraphology gets "ntype:id" keys.
  const h = heterograph({ 'a:r:b': [[0, 1], [0, 0]] });
  const out = toGraphology(h, { Graph: Graphology as never }) as unknown as InstanceType<typeof Graphology>;
  assert.deepEqual(out.nodes().sort(), ['a:0', 'a:1', 'b:0']);
  assert.equal((out.getEdgeAttributes(out.edges()[0]) as Attrs).type, 'r');
  assert.deepEqual((toGraphology(graph([[0], [1]]), { Graph: Graphology as never }) as unknown as InstanceType<typeof Graphology>).nodes(), ['0', '1']);
});

test('graphology attributes named but not numeric are a clear error naming the node and attribute', () => {
  const src = new Graphology();
  src.addNode('a', { x: 1 });
  src.addNode('b', { x: 'high' });
  assert.throws(() => fromGraphology(src, { nodeAttributes: ['x'] }), (e: Error) => e instanceof DataFormatError && /node 'b' attribute 'x' is "high"/.test(e.message));
  assert.equal(fromGraphology(src).ndata.keys().length, 0, 'by default only attributes numeric on every node become features');
  assert.throws(() => fromGraphology(src, { nodeTypeAttribute: 'kind' }), /node 'a' has no string attribute 'kind'/);
});
