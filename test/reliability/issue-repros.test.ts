/**
 * The id and count reproductions on g = graph([[0,1,2,3,4,0],[1,2,3,4,0,2]], 5 nodes), on
 * every backend: NaN, infinities, fractions and 2^32 + k are errors naming the argument; a single
 * number given as seeds is one seed; counts past 2^31 - 1 are refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { forEachBackend } from '../helpers.js';

const make = (): dg.Graph => dg.graph([[0, 1, 2, 3, 4, 0], [1, 2, 3, 4, 0, 2]], { numNodes: 5 });

test('bad ids are RangeErrors naming the argument, never wrapped or dropped', async () => {
  await forEachBackend((name) => {
    const g = make();
    for (const bad of [NaN, Infinity, -Infinity, 1.5, 2 ** 32 + 1, -1, 5]) {
      const badEdge = bad === 5 ? 6 : bad;
      assert.throws(() => g.findEdges(badEdge), (e: unknown) => e instanceof RangeError && /edge id/.test(e.message), `${name} findEdges(${badEdge})`);
      assert.throws(() => g.inDegrees(bad), (e: unknown) => e instanceof RangeError && /node id/.test(e.message), `${name} inDegrees(${bad})`);
      assert.throws(() => g.edgeIds(bad, 1), RangeError, `${name} edgeIds(${bad}, 1)`);
      assert.throws(() => dg.nodeSubgraph(g, [bad]), RangeError, `${name} nodeSubgraph([${bad}])`);
      assert.throws(() => dg.sampleNeighbors(g, bad, 2), (e: unknown) => e instanceof RangeError && /seed node/.test(e.message), `${name} sampleNeighbors(${bad})`);
    }
    assert.throws(() => g.inDegrees(Float64Array.of(1.5) as unknown as number[]), RangeError);
    assert.throws(() => g.findEdges(dg.tensor(Float32Array.of(0))), dg.DTypeError);
    assert.throws(() => g.findEdges('0' as unknown as number), TypeError);
  });
});

test('a single number given as seeds is one seed (sampleNeighbors, NeighborSampler, DataLoader)', async () => {
  await forEachBackend(() => {
    const g = make();
    const f = dg.sampleNeighbors(g, 2, -1);
    // In-edges of node 2: 1 -> 2 and 0 -> 2.
    assert.deepEqual(Array.from(f.edges()[1] as Int32Array).sort(), [2, 2]);
    const [, out] = new dg.NeighborSampler([1]).sample(g, 3);
    assert.deepEqual(Array.from((out as dg.Tensor).data), [3]);
    assert.equal(new dg.DataLoader(g, 4, new dg.NeighborSampler([1]), { batchSize: 1 }).length, 1);
  });
});

test('counts past 2^31 - 1 and segment lengths that would wrap are refused', () => {
  assert.throws(() => dg.graph([[0], [1]], { numNodes: 2 ** 31 + 5 }), RangeError);
  assert.throws(() => dg.ops.segmentReduce([2 ** 32, 2], dg.randn([2, 2])), /segment lengths sum past 2\^31 - 1/);
  assert.throws(() => dg.sampleNeighbors(make(), [0], 2 ** 31), RangeError);
  assert.throws(() => dg.zeros([2 ** 31, 2]), dg.ShapeError);
});
