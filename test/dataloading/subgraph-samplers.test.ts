import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';

function graph(n = 400, e = 3000, seed = 2): dg.Graph {
  const g = dg.randGraph(n, e, { seed });
  g.ndata.set('feat', dg.randn([n, 3]));
  g.edata.set('w', dg.rand([e]));
  return g;
}

/** The edges of g among `nodes`, as sorted "u>v#eid" strings. */
function inducedEdges(g: dg.Graph, nodes: Int32Array): string[] {
  const keep = new Set(nodes);
  const [s, d] = g.edges();
  const out: string[] = [];
  for (let e = 0; e < s.length; e++) if (keep.has(s[e]) && keep.has(d[e])) out.push(`${s[e]}>${d[e]}#${e}`);
  return out.sort();
}

function subgraphEdges(sub: dg.Graph): string[] {
  const nid = sub.ndata.get('_ID').data, eid = sub.edata.get('_ID').data;
  const [s, d] = sub.edges();
  return Array.from(s, (u, e) => `${nid[u]}>${nid[d[e]]}#${eid[e]}`).sort();
}

test('ClusterGCNSampler: an epoch covers every node once; each batch is the induced subgraph of its clusters, features kept', () => {
  const g = graph(), k = 12;
  const sampler = new dg.ClusterGCNSampler(g, k, { seed: 1 });
  const loader = new dg.DataLoader(g, Int32Array.from({ length: k }, (_, i) => i), sampler, { batchSize: 5, shuffle: true, seed: 4 });
  assert.equal(loader.length, 3);
  const seen = new Uint8Array(g.numNodes());
  for (const sub of loader) {
    const nid = sub.ndata.get('_ID').data as Int32Array;
    for (const v of nid) { assert.equal(seen[v], 0); seen[v] = 1; }
    assert.deepEqual(subgraphEdges(sub), inducedEdges(g, nid));
    assert.deepEqual([...sub.ndata.get('feat').data.subarray(0, 3)], [...g.ndata.get('feat').data.subarray(nid[0] * 3, nid[0] * 3 + 3)]);
  }
  assert.ok(seen.every((x) => x === 1));
  assert.throws(() => sampler.sample(g, Int32Array.from([k])), /cluster id 12 is outside \[0, 12\)/);
  assert.throws(() => new dg.DataLoader(g, [k], sampler), /index/);
  assert.throws(() => new dg.ClusterGCNSampler(g, 401), /part count 401 is above the node count 400/);
  assert.throws(() => new dg.ClusterGCNSampler(g, 2, { assignment: new Int32Array(400).fill(2) }), /assignment\[0\] = 2 is outside \[0, 2\)/);
});

test('SAINTSampler: node, edge and walk modes give seeded induced subgraphs with positive normalisation coefficients', () => {
  const g = graph();
  for (const [mode, budget] of [['node', 100], ['edge', 80], ['walk', [40, 3]]] as const) {
    const sampler = new dg.SAINTSampler(mode, budget as number | [number, number], { numNormSamples: 20 });
    const a = sampler.sample(g, undefined, { seed: 7 }), b = sampler.sample(g, undefined, { seed: 7 });
    const nid = a.ndata.get('_ID').data as Int32Array;
    assert.deepEqual([...nid], [...b.ndata.get('_ID').data], `${mode}: same seed, same subgraph`);
    assert.ok(nid.length > 0 && nid.length < g.numNodes(), `${mode}: ${nid.length} nodes`);
    assert.deepEqual(subgraphEdges(a), inducedEdges(g, nid));
    const nodeNorm = a.ndata.get('nodeNorm').data, edgeNorm = a.edata.get('edgeNorm').data;
    assert.ok(nodeNorm.every((x) => x > 0 && Number.isFinite(x)) && edgeNorm.every((x) => x > 0 && x <= 1e4));
    if (mode === 'node') assert.ok(nid.length <= 100);
  }
  // normalize: false leaves the coefficients off.
  const walk = new dg.SAINTSampler('walk', [1000, 2], { normalize: false }).sample(g, undefined, { seed: 1 });
  assert.ok(!walk.ndata.has('nodeNorm'));
  for (const [mode, budget, re] of [['walk', 5, /budget \[numRoots, walkLength\]/], ['node', 0, /budget must be a positive integer/], ['bfs', 3, /mode must be/]] as const) {
    assert.throws(() => new dg.SAINTSampler(mode as dg.SAINTMode, budget), re);
  }
  const loader = new dg.DataLoader(g, Int32Array.from([0, 1, 2]), new dg.SAINTSampler('node', 50), { seed: 3 });
  assert.equal([...loader].length, 3);
});

test('LaborSampler: blocks hold real in-edges, low-degree nodes keep all, about fanout per node, fewer distinct inputs than NeighborSampler', () => {
  const g = graph(2000, 40000, 5);
  const seeds = Int32Array.from({ length: 100 }, (_, i) => i * 7);
  const labor = new dg.LaborSampler([5, 5], { prefetchNodeFeats: ['feat'] });
  const [input, output, blocks] = labor.sample(g, seeds, { seed: 3 });
  assert.deepEqual([...(output as dg.Tensor).data], [...seeds]);
  assert.equal(blocks.length, 2);
  assert.deepEqual([...blocks[0].srcdata.get('feat').data.subarray(0, 3)], [...g.ndata.get('feat').data.subarray((input as dg.Tensor).data[0] * 3, (input as dg.Tensor).data[0] * 3 + 3)]);
  const [s, d] = g.edges();
  const last = blocks[1];
  const [bs, bd] = last.edges();
  const src = last.srcdata.get('_ID').data, dst = last.dstdata.get('_ID').data, eid = last.edata.get('_ID').data;
  for (let e = 0; e < bs.length; e++) {
    assert.equal(s[eid[e]], src[bs[e]]);
    assert.equal(d[eid[e]], dst[bd[e]]);
  }
  const perDst = last.inDegrees();
  const mean = perDst.reduce((a, b) => a + b, 0) / perDst.length;
  assert.ok(mean > 3.5 && mean < 6.5, `mean sampled in-degree ${mean} (expected about 5)`);
  const sparse = graph(50, 60, 1);
  const [, , sb] = new dg.LaborSampler([10]).sample(sparse, Int32Array.from({ length: 50 }, (_, i) => i), { seed: 1 });
  assert.equal(sb[0].numEdges(), 60, 'nodes with in-degree <= fanout keep every in-edge');
  let laborInputs = 0, nsInputs = 0;
  for (let b = 0; b < 5; b++) {
    laborInputs += (labor.sample(g, seeds, { seed: b })[0] as dg.Tensor).shape[0];
    nsInputs += (new dg.NeighborSampler([5, 5]).sample(g, seeds, { seed: b })[0] as dg.Tensor).shape[0];
  }
  assert.ok(laborInputs < nsInputs, `LABOR inputs ${laborInputs} vs NeighborSampler ${nsInputs}`);
  assert.deepEqual([...(labor.sample(g, seeds, { seed: 9 })[0] as dg.Tensor).data], [...(labor.sample(g, seeds, { seed: 9 })[0] as dg.Tensor).data]);
  assert.throws(() => labor.sample(g, [2000]), /2000/);
  assert.throws(() => new dg.LaborSampler([]), /non-empty/);
});

test('ShaDowKHopSampler: the seeds come first; the subgraph is induced by every node reached', () => {
  const g = graph();
  const sampler = new dg.ShaDowKHopSampler([3, 3]);
  const loader = new dg.DataLoader(g, Int32Array.from({ length: 40 }, (_, i) => i), sampler, { batchSize: 16, seed: 2 });
  let batches = 0;
  for (const [input, output, sub] of loader) {
    batches++;
    const nid = sub.ndata.get('_ID').data as Int32Array;
    assert.deepEqual([...nid], [...input.data]);
    assert.deepEqual([...nid.subarray(0, output.shape[0])], [...output.data]);
    assert.deepEqual(subgraphEdges(sub), inducedEdges(g, nid));
  }
  assert.equal(batches, 3);
  assert.throws(() => new dg.DataLoader(g, [400], sampler), /400/);
});
