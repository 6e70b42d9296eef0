/**
 * The TypeScript ring (the engine where the addon has no Gloo) gives the same results as Gloo on
 * the same cases: both are compared with the locally computed sums, copies and concatenations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCollectives, checkRedisAndMaster } from './collectives-check.js';

for (const n of [2, 3, 4]) {
  test(`ring allReduce / broadcast / allGather / barrier from ${n} processes equal the local results`, async () => {
    const engines = await checkCollectives(n, 'ring');
    assert.deepEqual(engines, new Array(n).fill('ring'));
  });
}

test('the ring meets through Redis and through the MASTER_ADDR store', async () => {
  await checkRedisAndMaster('ring', 3, 2);
});
