/**
 * A worker thread rewrites a shared-memory graph's index arrays while kernels run on it
 * (race-child.ts), on each backend: errors and wrong results are allowed, a crash or hang is not.
 * Five seconds per backend here; the 30 s run is `node dist/test/reliability/race-child.js native 30`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableBackends } from '../../src/kernels/registry.js';
import { describeChild, lastJson, runChild } from './child.js';

for (const backend of ['js', 'native']) {
  test(`concurrent writes to a shared graph never crash the ${backend} kernels`, () => {
    if (backend === 'native' && !availableBackends().includes('native')) assert.fail('the native backend did not load');
    const r = runChild('race-child', [backend, '5'], { timeoutMs: 60_000 });
    assert.equal(r.status, 0, describeChild(r));
    const out = lastJson<{ calls: number; counts: Record<string, { ok: number; errors: number }> }>(r);
    assert.ok(out.calls > 13, `only ${out.calls} calls ran`);
    // Some calls must have run on valid arrays, or the test exercised nothing but the checks.
    const ok = Object.values(out.counts).reduce((s, c) => s + c.ok, 0);
    assert.ok(ok > 0, JSON.stringify(out.counts));
  });
}
