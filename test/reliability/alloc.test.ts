/**
 * The issue's allocation reproductions, each in a child process under a 1.5 GB address-space limit
 * (prlimit), on both backends: a request that cannot be met is a RangeError the caller catches
 * (an abort or V8's fatal OOM shows as a failed child, not a dead test runner), and a long walk
 * costs its own output only (1e7 steps: 80 MB of traces and edge ids; before, ~240 bytes per step).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableBackends } from '../../src/kernels/registry.js';
import { describeChild, lastJson, runChild } from './child.js';

const LIMIT = 1_500_000_000;
const FAILING = ['sampleHugeFanout', 'walkManyNodes', 'negativeMany', 'negativeHuge'];

for (const backend of ['js', 'native']) {
  test(`allocation failures throw catchable RangeErrors on the ${backend} backend`, () => {
    if (backend === 'native' && !availableBackends().includes('native')) assert.fail('the native backend did not load');
    for (const name of [...FAILING, 'walkLongShort']) {
      const r = runChild('alloc-child', [backend, name], { timeoutMs: 60_000, memoryBytes: LIMIT });
      assert.equal(r.status, 0, `${name}: ${describeChild(r)}`);
      const out = lastJson<{ error: string | null; message: string }>(r);
      if (name === 'walkLongShort') assert.equal(out.error, null, `${name}: ${out.message}`);
      else {
        assert.equal(out.error, 'RangeError', `${name}: ${out.message}`);
        assert.match(out.message, /^(sampleNeighbors|randomWalk|globalUniformNegative)/, `${name}: the message names the op`);
      }
    }
  });
}
