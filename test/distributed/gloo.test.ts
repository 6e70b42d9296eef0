/**
 * Gloo's collectives through the addon from 2, 3 and 4 processes equal what is computed locally
 * (sums of 1 element to 1 MB per array in float32 and float64, broadcast, allGather, barrier),
 * meeting through a folder, a Redis server and the MASTER_ADDR store. The 64 MB case is
 * `node dist/test/distributed/allreduce-64mb.js` (README, Distributed training).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { glooAvailable } from '../../src/distributed/index.js';
import { checkCollectives, checkRedisAndMaster } from './collectives-check.js';

// The addon is built with Gloo wherever libgloo-dev is installed (CI installs it): a missing Gloo
// there fails here instead of silently testing only the ring.
const requireGloo = process.env.DEEPGRAPH_REQUIRE_NATIVE === '1' || glooAvailable();

test('Gloo is available in the addon (libgloo-dev installed)', () => {
  assert.ok(glooAvailable(), 'the addon has no Gloo: install libgloo-dev and rebuild (node scripts/install-native.mjs)');
});

for (const n of [2, 3, 4]) {
  test(`Gloo allReduce / broadcast / allGather / barrier from ${n} processes equal the local results`, { skip: !requireGloo && 'no Gloo (see the test above)' }, async () => {
    const engines = await checkCollectives(n, 'gloo');
    assert.deepEqual(engines, new Array(n).fill('gloo'));
  });
}

test('Gloo meets through Redis and through the MASTER_ADDR store', { skip: !requireGloo && 'no Gloo' }, async () => {
  await checkRedisAndMaster('gloo', 2, 3);
});
