/**
 * Child process of race.test.ts (also run by hand: `node dist/test/reliability/race-child.js
 * <backend> <seconds>`): a worker thread keeps rewriting the index arrays of a graph built over
 * SharedArrayBuffers (an entry set out of range, then restored, at random positions) while this
 * thread runs message-passing and sampling kernels on that graph. Errors are expected; a crash is
 * the failure. Prints one JSON line with the call and error counts.
 */
import { Worker } from 'node:worker_threads';
import * as dg from '../../src/index.js';

const backend = process.argv[2] ?? 'native';
const seconds = Number(process.argv[3] ?? 5);
dg.setBackend(backend);

const n = 3000, m = 30000;
const shared = (len: number) => new Int32Array(new SharedArrayBuffer(len * 4));
const src = new Int32Array(m), dst = new Int32Array(m);
let s = 12345;
const rand = (k: number) => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s % k; };
for (let e = 0; e < m; e++) { src[e] = rand(n); dst[e] = rand(n); }
const g = dg.sharedGraph(src, dst, n);
const csc = g.adj({ transpose: true });
// The same arrays read as a CSR (out-edges) by a second graph: the walks and negative sampling
// read out-edges, so they run on shared memory too.
const rg = dg.graph({ csr: [csc.indptr, csc.indices, csc.eids ?? undefined] }, { numNodes: n });
const arrays = [csc.indptr, csc.indices, csc.eids].filter((a): a is Int32Array => a instanceof Int32Array);
if (!arrays.every((a) => a.buffer instanceof SharedArrayBuffer)) throw new Error('race-child: the graph is not in shared memory');

// The writer flips entries to hostile values (negative, past the end, huge) and back, so that most
// of the time the arrays are valid and a kernel's checks pass just before a value changes.
const writer = new Worker(`
  const { workerData } = require('node:worker_threads');
  const arrays = workerData.buffers.map((b) => new Int32Array(b));
  const bad = [-1, -2147483648, 2147483647, ${n}, ${n} + 7, ${m} * 4];
  let s = 99;
  const rand = (k) => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s % k; };
  for (;;) {
    const a = arrays[rand(arrays.length)];
    const i = rand(a.length);
    const keep = a[i];
    a[i] = bad[rand(bad.length)];
    for (let k = 0; k < 50; k++) Atomics.load(a, i);
    a[i] = keep;
  }
`, { eval: true, workerData: { buffers: arrays.map((a) => a.buffer) } });

const x = dg.randn([n, 8]);
const w = dg.randn([m, 8]);
const logits = dg.randn([m, 1]);
const seeds = Int32Array.from({ length: 256 }, (_, i) => (i * 11) % n);
const prob = dg.rand([m]);
g.edata.set('w', prob);
const calls: [string, () => unknown][] = [
  ['copyUSum', () => dg.ops.copyUSum(g, x)],
  ['copyUMax', () => dg.ops.copyUMax(g, x)],
  ['uMulESum', () => dg.ops.uMulESum(g, x, w)],
  ['copyESum', () => dg.ops.copyESum(g, w)],
  ['uDotV', () => dg.ops.uDotV(g, x, x)],
  ['edgeSoftmax', () => dg.ops.edgeSoftmax(g, logits)],
  ['sampleNeighbors', () => dg.sampleNeighbors(g, seeds, 5)],
  ['sampleNeighborsReplace', () => dg.sampleNeighbors(g, seeds, 7, { replace: true })],
  ['sampleNeighborsProb', () => dg.sampleNeighbors(g, seeds, 3, { prob })],
  ['randomWalk', () => dg.randomWalk(rg, seeds, { length: 8 })],
  ['randomWalkProb', () => dg.randomWalk(rg, seeds, { length: 8, prob })],
  ['node2vec', () => dg.node2vecRandomWalk(rg, seeds, 0.5, 2, 6)],
  ['negative', () => dg.globalUniformNegativeSampling(rg, 500)],
  ['selectTopk', () => dg.selectTopk(g, 3, 'w', seeds)],
  ['inDegrees', () => g.inDegrees()],
];
const counts: Record<string, { ok: number; errors: number }> = {};
const end = Date.now() + seconds * 1000;
let total = 0;
while (Date.now() < end) {
  for (const [name, f] of calls) {
    const c = (counts[name] ??= { ok: 0, errors: 0 });
    if (process.env.RACE_TRACE) process.stderr.write(name + "\n");
    try {
      f();
      c.ok++;
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      c.errors++;
    }
    total++;
  }
}
await writer.terminate();
console.log(JSON.stringify({ backend, seconds, calls: total, counts }));
