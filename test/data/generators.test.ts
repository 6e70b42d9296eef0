import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomGraph, rmatGraph } from '../../src/data/generators.js';

test('randomGraph: seeded, in range, roughly uniform degrees', () => {
  const a = randomGraph({ nodes: 100, edges: 20000, seed: 1 }), b = randomGraph({ nodes: 100, edges: 20000, seed: 1 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.src, randomGraph({ nodes: 100, edges: 20000, seed: 2 }).src);
  const deg = new Array(100).fill(0);
  for (let e = 0; e < 20000; e++) {
    assert.ok(a.src[e] >= 0 && a.src[e] < 100 && a.dst[e] >= 0 && a.dst[e] < 100);
    deg[a.src[e]]++;
  }
  // Expected 200 per node, standard deviation ~14: 100 +- 100 is beyond 7 sigma.
  assert.ok(Math.max(...deg) < 300 && Math.min(...deg) > 100, `degrees ${Math.min(...deg)}..${Math.max(...deg)}`);
});

test('rmatGraph: skewed degrees (max far above mean), quadrant frequencies a, b, c, d', () => {
  const n = 1 << 14, m = 200000;
  const g = rmatGraph({ nodes: n, edges: m, seed: 3 });
  assert.deepEqual(g, rmatGraph({ nodes: n, edges: m, seed: 3 }));
  const deg = new Int32Array(n);
  for (const s of g.src) deg[s]++;
  const mean = m / n;
  const max = Math.max(...deg);
  assert.ok(max > 20 * mean, `max out-degree ${max} vs mean ${mean}`);
  const uniform = randomGraph({ nodes: n, edges: m, seed: 3 });
  const udeg = new Int32Array(n);
  for (const s of uniform.src) udeg[s]++;
  assert.ok(Math.max(...udeg) < 4 * mean, 'the uniform generator is not skewed');
  // Top-level quadrant of each edge: (src high bit, dst high bit).
  const q = [0, 0, 0, 0];
  for (let e = 0; e < m; e++) q[((g.src[e] >> 13) << 1) | (g.dst[e] >> 13)]++;
  const expect = [0.57, 0.19, 0.19, 0.05];
  q.forEach((c, i) => assert.ok(Math.abs(c / m - expect[i]) < 0.01, `quadrant ${i}: ${c / m} vs ${expect[i]}`));
});

test('rmatGraph: node counts that are not powers of two stay in range, odd level counts too', () => {
  for (const n of [1000, 3, 2048 + 1]) {
    const g = rmatGraph({ nodes: n, edges: 5000, seed: 1 });
    for (let e = 0; e < 5000; e++) assert.ok(g.src[e] < n && g.dst[e] < n && g.src[e] >= 0 && g.dst[e] >= 0);
  }
  assert.throws(() => rmatGraph({ nodes: 10, edges: 5, a: 0.6, b: 0.3, c: 0.3 }), /a \+ b \+ c <= 1/);
  assert.throws(() => randomGraph({ nodes: 0, edges: 5 }), /nodes must be an integer/);
});
