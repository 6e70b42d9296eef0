import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chungLuGraph } from '../../src/data/chung-lu.js';

test('chungLuGraph: seeded, symmetric, no self-loops, mean and maximum degree as asked', () => {
  const nodes = 5000, edges = 400000, maxDegree = 2000;
  const g = chungLuGraph({ nodes, edges, maxDegree, seed: 4 });
  assert.deepEqual(g, chungLuGraph({ nodes, edges, maxDegree, seed: 4 }));
  assert.notDeepEqual(g.src, chungLuGraph({ nodes, edges, maxDegree, seed: 5 }).src);
  const deg = new Int32Array(nodes);
  for (let e = 0; e < edges; e += 2) {
    assert.ok(g.src[e] !== g.dst[e], `self-loop at ${e}`);
    assert.ok(g.src[e] >= 0 && g.src[e] < nodes && g.dst[e] >= 0 && g.dst[e] < nodes);
    assert.equal(g.src[e + 1], g.dst[e]);
    assert.equal(g.dst[e + 1], g.src[e]);
  }
  for (const d of g.dst) deg[d]++;
  const sorted = Array.from(deg).sort((a, b) => b - a);
  // The heaviest node expects 2000 (minus its few redrawn self-loops): 3 sigma is ~135.
  assert.ok(Math.abs(sorted[0] - maxDegree) < 150, `max degree ${sorted[0]}`);
  // Power law: the median sits far below the mean (80), and the top 1% hold over 5x their uniform share.
  assert.ok(sorted[nodes / 2] < 0.8 * (edges / nodes), `median ${sorted[nodes / 2]}`);
  const top = sorted.slice(0, nodes / 100).reduce((a, b) => a + b, 0);
  assert.ok(top > 0.05 * edges, `top 1% hold ${top / edges} of the edges`);
  // Shuffled ids: the heaviest node is not node 0 (the rank-0 weight).
  assert.notEqual(deg.indexOf(sorted[0]), 0);
});

test('chungLuGraph: directed, default maximum sqrt(edges), uniform when the maximum is the mean', () => {
  const g = chungLuGraph({ nodes: 1000, edges: 40001, symmetric: false, seed: 1 });
  const deg = new Int32Array(1000);
  for (const s of g.src) deg[s]++;
  assert.ok(Math.abs(Math.max(...deg) - 200) < 60, `max out-degree ${Math.max(...deg)} vs sqrt(40001)`);
  const flat = chungLuGraph({ nodes: 1000, edges: 40000, maxDegree: 40, seed: 1 });
  const fdeg = new Int32Array(1000);
  for (const d of flat.dst) fdeg[d]++;
  assert.ok(Math.max(...fdeg) < 80 && Math.min(...fdeg) > 10, `flat degrees ${Math.min(...fdeg)}..${Math.max(...fdeg)}`);
});

test('chungLuGraph: bad sizes are named', () => {
  assert.throws(() => chungLuGraph({ nodes: 1, edges: 2 }), /nodes must be an integer in \[2/);
  assert.throws(() => chungLuGraph({ nodes: 10, edges: 3 }), /even number of directed edges/);
  assert.throws(() => chungLuGraph({ nodes: 10, edges: 100, maxDegree: 5 }), /maxDegree must lie between the mean degree 10/);
  assert.throws(() => chungLuGraph({ nodes: 10, edges: 1.5, symmetric: false }), /edges must be a non-negative integer/);
});
