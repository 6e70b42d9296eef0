#!/usr/bin/env node
// Neighbour sampling at minibatch granularity (what a DataLoader does): many calls of 1024 seeds
// on a power-law graph (R-MAT a=0.57, b=c=0.19; 2M nodes / 50M edges by default), native addon and
// TypeScript kernel. One JSON line per (backend, fanout): min / median over rounds of `calls` calls.
//   node native/tools/sample-bench.mjs [threads] [nodes] [edges] [calls] [backends=native,js]
// Needs the compiled TypeScript (dist/) for the generator and the TypeScript kernel.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { rmatGraph } from '../../dist/src/data/generators.js';
import { jsBackend } from '../../dist/src/kernels/js/index.js';

// As the library does (src/kernels/native/binding.ts): idle OpenMP threads sleep unless told otherwise.
if (process.env.OMP_WAIT_POLICY === undefined && process.env.GOMP_SPINCOUNT === undefined) process.env.OMP_WAIT_POLICY = 'passive';
const addon = createRequire(import.meta.url)(fileURLToPath(new URL('../../build/Release/deepgraph.node', import.meta.url)));
const threads = Number(process.argv[2] ?? 2);
const N = Number(process.argv[3] ?? 2_000_000), E = Number(process.argv[4] ?? 50_000_000);
const calls = Number(process.argv[5] ?? 200);
const backends = (process.argv[6] ?? 'native,js').split(',');
addon.setNumThreads(threads);

const t0 = Date.now();
const { src, dst } = rmatGraph({ nodes: N, edges: E, seed: 7 });
// CSC: in-edges grouped by destination, source ids as columns, edge ids per position.
const indptr = new Int32Array(N + 1);
for (let e = 0; e < E; e++) indptr[dst[e] + 1]++;
for (let i = 0; i < N; i++) indptr[i + 1] += indptr[i];
const pos = indptr.slice(0, N), indices = new Int32Array(E), eids = new Int32Array(E);
for (let e = 0; e < E; e++) { const p = pos[dst[e]]++; indices[p] = src[e]; eids[p] = e; }
process.stderr.write(`graph built in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

let state = 99;
const rnd = () => { state = (Math.imul(state, 1103515245) + 12345) >>> 0; return state; };
const batches = Array.from({ length: calls }, () => Int32Array.from({ length: 1024 }, () => rnd() % N));
const load = () => (globalThis.process.getBuiltinModule?.('node:os') ?? { loadavg: () => [NaN] }).loadavg()[0];

for (const name of backends) {
  const b = name === 'native' ? addon : jsBackend;
  for (const fanout of [10, 25]) {
    const run = () => {
      let n = 0;
      for (const seeds of batches) {
        n += b.sampleNeighbors({ indptr, indices, eids, seeds, fanout, replace: false, prob: null, excludeMask: null, seed: 3 }).rows.length;
      }
      return n;
    };
    run();
    const ts = [];
    let edges = 0;
    for (let r = 0; r < 5; r++) {
      const s = process.hrtime.bigint();
      edges = run();
      ts.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    ts.sort((x, y) => x - y);
    console.log(JSON.stringify({ name: `sampleNeighbors minibatch fanout ${fanout}`, nodes: N, edges: E, seedsPerCall: 1024, calls,
      backend: name, threads: name === 'native' ? threads : 1, runs: 5, minMs: +ts[0].toFixed(1), medianMs: +ts[2].toFixed(1),
      msPerCall: +(ts[0] / calls).toFixed(3), edgesPerS: Math.round(edges / ts[0] * 1e3), load1: +load().toFixed(2) }));
  }
}
