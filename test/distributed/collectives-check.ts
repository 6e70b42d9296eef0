/**
 * Shared body of the collective tests (gloo.test.ts, ring.test.ts): runs the cases below in a job
 * of N ranks and compares every rank's results with sums, copies and concatenations computed here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fillCase, type CaseSpec } from './workers/cases.js';
import { freePort, startRanks, startRedis, tempDir, workerPath, type Rendezvous } from './job.js';

/** 1 element to 1 MB per array, fewer elements than ranks, both float types, every collective. */
export const CASES: CaseSpec[] = [
  { name: 'sum1', op: 'allReduce', dtype: 'float32', length: 1, pattern: 'int' },
  { name: 'sum3', op: 'allReduce', dtype: 'float64', length: 3, pattern: 'int' },
  { name: 'sum1k', op: 'allReduce', dtype: 'float32', length: 1000, pattern: 'int' },
  { name: 'sum1m', op: 'allReduce', dtype: 'float32', length: 1 << 18, pattern: 'int' },
  { name: 'sumf64', op: 'allReduce', dtype: 'float64', length: 100_003, pattern: 'real' },
  { name: 'sumreal', op: 'allReduce', dtype: 'float32', length: 4099, pattern: 'real' },
  { name: 'bcast', op: 'broadcast', dtype: 'int32', length: 1001, pattern: 'int', root: 1 },
  { name: 'gather', op: 'allGather', dtype: 'float64', length: 777, pattern: 'real' },
  { name: 'gather1', op: 'allGather', dtype: 'int32', length: 1, pattern: 'int' },
  { name: 'barrier', op: 'barrier', dtype: 'int32', length: 0, pattern: 'int' },
];

function expected(c: CaseSpec, n: number): Float64Array {
  const inputs = Array.from({ length: n }, (_, r) => fillCase(c, r));
  if (c.op === 'allReduce') {
    const out = new Float64Array(c.length);
    for (const a of inputs) for (let i = 0; i < c.length; i++) out[i] += a[i];
    return out;
  }
  if (c.op === 'broadcast') return Float64Array.from(inputs[c.root ?? 0]);
  if (c.op === 'allGather') return Float64Array.from(inputs.flatMap((a) => [...a]));
  return new Float64Array(0);
}

function readResult(dir: string, rank: number, c: CaseSpec): ArrayLike<number> {
  const b = readFileSync(join(dir, `${rank}-${c.name}.bin`));
  const buf = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  return c.dtype === 'float32' ? new Float32Array(buf) : c.dtype === 'float64' ? new Float64Array(buf) : new Int32Array(buf);
}

/** Runs `cases` in a job of `n` ranks on `engine`; asserts every rank's results; returns the engine each rank reported. */
export async function checkCollectives(n: number, engine: 'gloo' | 'ring', rdv?: Rendezvous, cases: CaseSpec[] = CASES): Promise<string[]> {
  const out = tempDir('dg-coll-out-');
  const store = tempDir('dg-coll-store-');
  try {
    const ranks = startRanks(workerPath('collectives-worker.js'), n, rdv ?? { kind: 'files', dir: store.dir },
      { OUT_DIR: out.dir, CASES: JSON.stringify(cases), DEEPGRAPH_DIST_ENGINE: engine, DEEPGRAPH_DIST_TIMEOUT: '60' }, 600_000);
    const exits = await Promise.all(ranks.map((r) => r.done));
    exits.forEach((e, r) => assert.equal(e.code, 0, `rank ${r} of ${n} (${engine}) failed: ${e.stderr}`));
    for (const c of cases) {
      const want = expected(c, n);
      for (let r = 0; r < n; r++) {
        const got = readResult(out.dir, r, c);
        assert.equal(got.length, want.length, `${c.name} on rank ${r}: length`);
        const tol = c.pattern === 'int' ? 0 : c.dtype === 'float32' ? 1e-5 * n : 1e-12 * n;
        for (let i = 0; i < want.length; i++) {
          if (!(Math.abs(got[i] - want[i]) <= tol)) assert.fail(`${engine} ${c.name} (${c.op}, N=${n}) rank ${r} index ${i}: got ${got[i]}, expected ${want[i]}`);
        }
      }
    }
    return Array.from({ length: n }, (_, r) => readFileSync(join(out.dir, `${r}-engine.txt`), 'utf8'));
  } finally {
    out.remove();
    store.remove();
  }
}

/** checkCollectives with `redisRanks` ranks meeting in a private Redis, then `masterRanks` at MASTER_ADDR. */
export async function checkRedisAndMaster(engine: 'gloo' | 'ring', redisRanks: number, masterRanks: number): Promise<void> {
  const redis = await startRedis();
  try {
    await checkCollectives(redisRanks, engine, { kind: 'redis', port: redis.port });
  } finally {
    await redis.stop();
  }
  await checkCollectives(masterRanks, engine, { kind: 'master', port: await freePort() });
}
