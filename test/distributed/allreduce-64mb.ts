/**
 * The 64 MB all-reduce check (too heavy for the test suite; its output is in the README):
 *   node dist/test/distributed/allreduce-64mb.js [engine...]
 * For N = 2, 3, 4 processes and each engine (gloo, ring), every rank's sum of a 16M-element
 * float32 array (64 MB) must equal the sum computed here; prints one JSON line per job.
 */
import { checkCollectives } from './collectives-check.js';
import type { CaseSpec } from './workers/cases.js';

const engines = (process.argv.length > 2 ? process.argv.slice(2) : ['gloo', 'ring']) as ('gloo' | 'ring')[];
const cases: CaseSpec[] = [{ name: 'sum64mb', op: 'allReduce', dtype: 'float32', length: 16 * 1024 * 1024, pattern: 'int' }];
for (const engine of engines) {
  for (const n of [2, 3, 4]) {
    const t0 = Date.now();
    await checkCollectives(n, engine, undefined, cases);
    console.log(JSON.stringify({ check: 'allreduce-64mb', engine, processes: n, bytes: 64 * 1024 * 1024, equal: true, jobSeconds: (Date.now() - t0) / 1000 }));
  }
}
