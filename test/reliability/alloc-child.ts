/**
 * Child process of alloc.test.ts: runs one of the allocation reproductions on a backend
 * and prints {"case", "error": class name or null, "message"}; run under a memory limit, a crash
 * (abort, V8 fatal OOM) shows as a non-zero exit instead.
 */
import * as dg from '../../src/index.js';

const [backend, name] = process.argv.slice(2);
dg.setBackend(backend);
const g = dg.graph([[0, 1, 2, 3, 4, 0], [1, 2, 3, 4, 0, 2]], { numNodes: 5 });

export const CASES: Record<string, () => unknown> = {
  sampleHugeFanout: () => dg.sampleNeighbors(g, [1], 2147483647, { replace: true }),
  walkManyNodes: () => dg.randomWalk(g, new Int32Array(2e6), { length: 1000 }),
  walkLong: () => dg.randomWalk(g, [0], { length: 1e8 }),
  walkLongShort: () => dg.randomWalk(g, [0], { length: 1e7 }),
  negativeMany: () => dg.globalUniformNegativeSampling(dg.graph([[0], [1]], { numNodes: 100000 }), 2e8, { replace: true }),
  negativeHuge: () => dg.globalUniformNegativeSampling(g, 1e12),
};

if (name !== undefined) {
  const f = CASES[name];
  if (!f) throw new Error(`alloc-child: unknown case ${name}`);
  let out: { case: string; error: string | null; message: string };
  try {
    const r = f();
    out = { case: name, error: null, message: `returned ${typeof r}` };
  } catch (err) {
    const e = err as Error;
    out = { case: name, error: e.constructor.name, message: e.message.slice(0, 300) };
  }
  console.log(JSON.stringify(out));
}
