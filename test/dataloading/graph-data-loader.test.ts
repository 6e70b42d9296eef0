import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';

function ring(n: number, tag: number): dg.Graph {
  const src = Int32Array.from({ length: n }, (_, i) => i), dst = Int32Array.from({ length: n }, (_, i) => (i + 1) % n);
  const g = dg.graph([src, dst], { numNodes: n });
  g.ndata.set('x', dg.full([n, 2], tag));
  return g;
}

test('GraphDataLoader batches graphs with dg.batch and stacks labels', () => {
  const items = [3, 4, 5, 6, 7].map((n, i) => [ring(n, i), i % 2] as const);
  const loader = new dg.GraphDataLoader(items, { batchSize: 2 });
  assert.equal(loader.length, 3);
  const batches = [...loader];
  assert.equal(batches.length, 3);
  const [g0, y0] = batches[0];
  assert.equal(g0.batchSize, 2);
  assert.deepEqual([...g0.batchNumNodes()], [3, 4]);
  assert.equal(g0.numEdges(), 7);
  assert.deepEqual([...y0.data], [0, 1]);
  assert.equal(y0.dtype, 'int32');
  assert.deepEqual([...g0.ndata.get('x').data], [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual([...batches[2][0].batchNumNodes()], [7]);
  assert.equal([...new dg.GraphDataLoader(items, { batchSize: 2, dropLast: true })].length, 2);
});

test('GraphDataLoader: shuffling visits each graph once per epoch, reproducibly; plain graphs and tensor labels', async () => {
  const graphs = [2, 3, 4, 5, 6, 7, 8].map((n) => ring(n, n));
  const loader = new dg.GraphDataLoader(graphs, { batchSize: 3, shuffle: true, seed: 5 });
  const sizes = (bs: dg.Graph[]): number[] => bs.flatMap((b) => [...b.batchNumNodes()]);
  const e1 = sizes([...loader]), e2: number[] = [];
  for await (const b of loader) e2.push(...b.batchNumNodes());
  assert.deepEqual([...e1].sort((a, b) => a - b), [2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual([...e2].sort((a, b) => a - b), [2, 3, 4, 5, 6, 7, 8]);
  assert.notDeepEqual(e1, e2);
  assert.deepEqual(sizes([...new dg.GraphDataLoader(graphs, { batchSize: 3, shuffle: true, seed: 5 })]), e1);
  const labelled = graphs.map((g, i) => [g, dg.tensor([i, -i])] as const);
  const [[, y]] = [...new dg.GraphDataLoader(labelled, { batchSize: 2 })];
  assert.deepEqual([...y.shape], [2, 2]);
  assert.deepEqual([...y.data], [0, -0, 1, -1]);
  assert.throws(() => new dg.GraphDataLoader(graphs, { batchSize: 1.5 }), /batchSize/);
  assert.throws(() => [...new dg.GraphDataLoader([[graphs[0], 1], graphs[1]] as never, { batchSize: 2 })], /some items have labels/);
});
