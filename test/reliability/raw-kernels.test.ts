/**
 * The backend kernels themselves (reachable as dg.getBackend()) refuse what would never finish:
 * node2vec with p or q at 0, and 10^12 negative samples, with the same error class on every backend.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachBackend } from '../helpers.js';

const csr = { indptr: Int32Array.of(0, 1, 2, 3), indices: Int32Array.of(1, 2, 0), eids: null };

test('node2vec with p or q at 0 and 1e12 negative samples are RangeErrors on every backend', async () => {
  await forEachBackend((name, b) => {
    for (const [p, q] of [[0, 1], [1, 0], [NaN, 1], [1, Infinity]]) {
      assert.throws(() => b.node2vecWalk({ ...csr, nodes: Int32Array.of(0), p, q, walkLength: 3, prob: null, seed: 1 }),
        RangeError, `${name}: p ${p}, q ${q}`);
    }
    assert.throws(() => b.globalUniformNegative({ ...csr, numSrc: 3, numDst: 3, numSamples: 1e12, excludeSelfLoops: false,
      replace: true, redundancy: 1.5, seed: 1 }), RangeError, name);
  });
});
