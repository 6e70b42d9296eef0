import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KarateClubDataset } from '../../src/data/karate.js';
import { karateUndirectedEdges } from '../../src/data/karate-raw.js';

test('karate club: 34 nodes, 78 friendships as 156 directed edges, two clubs of 17', () => {
  const ds = new KarateClubDataset();
  const g = ds.get(0);
  assert.equal(g.numNodes(), 34);
  assert.equal(g.numEdges(), 156);
  assert.equal(ds.numClasses, 2);
  const und = karateUndirectedEdges();
  assert.equal(und.length, 78);
  assert.equal(new Set(und.map(([u, v]) => `${u}-${v}`)).size, 78, 'no duplicate friendships');
  const deg = new Array(34).fill(0);
  for (const [u, v] of und) { assert.ok(u < v); deg[u]++; deg[v]++; }
  // Zachary's instructor (node 0) has 16 friends and the administrator (node 33) 17.
  assert.equal(deg[0], 16);
  assert.equal(deg[33], 17);
  assert.equal(Math.min(...deg), 1);
  const labels = g.ndata.get('label').data;
  assert.equal(labels[0], 0);
  assert.equal(labels[33], 1);
  assert.equal(Array.from(labels).reduce((a, b) => a + b, 0), 17);
});
