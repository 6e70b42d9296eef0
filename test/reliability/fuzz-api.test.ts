/**
 * 2,000 seeded random calls through the public API on each backend (fuzz-api-cases.ts), in
 * batches of 250 per child process: no crash, no call over 10 s, every invalid input an error
 * (none returns a result), every valid one a result, and the same outcome (error class) on both.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableBackends } from '../../src/kernels/registry.js';
import { API_FUNCTIONS } from './fuzz-api-cases.js';
import { describeChild, runChild } from './child.js';

interface Outcome { i: number; fn: string; args: string; valid: boolean; outcome: string; message: string; ms: number }

const BATCHES = 8, PER_BATCH = 250;

function runBatch(backend: string, seed: number): Outcome[] {
  const r = runChild('fuzz-api-child', [backend, String(seed), '0', String(PER_BATCH)], { timeoutMs: 120_000 });
  const lines = r.stdout.trim().split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Outcome);
  const next = lines.length;
  assert.equal(r.status, 0, `${backend} batch ${seed} stopped after ${next} cases (case ${next} crashed or hung): ${describeChild(r)}`);
  assert.equal(lines.length, PER_BATCH);
  return lines;
}

test('2,000 random public-API calls per backend: no crash, hang or silent result, same error class on both', () => {
  if (!availableBackends().includes('native')) assert.fail('the native backend did not load');
  const problems: string[] = [];
  const seen = new Map<string, { valid: number; invalid: number }>();
  let calls = 0;
  for (let seed = 1; seed <= BATCHES; seed++) {
    const js = runBatch('js', seed), native = runBatch('native', seed);
    for (let k = 0; k < PER_BATCH; k++) {
      const a = js[k], b = native[k];
      calls += 2;
      const s = seen.get(a.fn) ?? { valid: 0, invalid: 0 };
      s[a.valid ? 'valid' : 'invalid']++;
      seen.set(a.fn, s);
      const where = `batch ${seed} case ${k} ${a.fn}(${a.args})`;
      for (const o of [a, b]) {
        if (o.ms > 10_000) problems.push(`${where}: took ${o.ms} ms`);
        if (!o.valid && o.outcome === 'ok') problems.push(`${where}: invalid input returned a result`);
        if (o.valid && o.outcome !== 'ok') problems.push(`${where}: valid input threw ${o.outcome}: ${o.message}`);
      }
      if (a.outcome !== b.outcome) problems.push(`${where}: js ${a.outcome} (${a.message}) vs native ${b.outcome} (${b.message})`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(calls >= 4000, `${calls} calls`);
  // The generator reaches every function with both valid and invalid input.
  for (const name of API_FUNCTIONS) assert.ok([...seen.keys()].length >= API_FUNCTIONS.length, name);
  for (const [fn, s] of seen) assert.ok(s.valid > 0 && s.invalid > 0, `${fn}: ${JSON.stringify(s)}`);
});
