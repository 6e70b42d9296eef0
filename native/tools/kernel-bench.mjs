#!/usr/bin/env node
// Times the addon's hot kernels on BENCH.md's workload (1M nodes, 10M uniform edges, 64 float32
// features) and prints one JSON line per kernel (min / median of 5 runs after a warm-up, plus the
// process CPU time of the fastest run, which is steadier than wall time on a shared machine).
//   node native/tools/kernel-bench.mjs [threads] [stream,spmm,sddmm,softmax,sample,matmul]
// A stand-in until bench/ has these workloads; it loads build/Release/deepgraph.node directly.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// As the library does (src/kernels/native/binding.ts): idle OpenMP threads sleep unless told otherwise.
if (process.env.OMP_WAIT_POLICY === undefined && process.env.GOMP_SPINCOUNT === undefined) process.env.OMP_WAIT_POLICY = 'passive';
const addon = createRequire(import.meta.url)(fileURLToPath(new URL('../../build/Release/deepgraph.node', import.meta.url)));
const threads = Number(process.argv[2] ?? 2);
const groups = (process.argv[3] ?? 'stream,spmm,sddmm,softmax,sample,matmul').split(',');
addon.setNumThreads(threads);
const N = 1_000_000, E = 10_000_000, F = 64;

let state = 12345;
const rnd = () => {
  let z = (state = (state + 0x9e3779b9) >>> 0);
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
};
const src = new Int32Array(E), dst = new Int32Array(E);
for (let e = 0; e < E; e++) { src[e] = rnd() % N; dst[e] = rnd() % N; }
/** Compressed rows over `key` with the other endpoint as column and the edge ids. */
function compress(key, other) {
  const indptr = new Int32Array(N + 1);
  for (let e = 0; e < E; e++) indptr[key[e] + 1]++;
  for (let i = 0; i < N; i++) indptr[i + 1] += indptr[i];
  const pos = indptr.slice(0, N), indices = new Int32Array(E), eids = new Int32Array(E);
  for (let e = 0; e < E; e++) { const p = pos[key[e]]++; indices[p] = other[e]; eids[p] = e; }
  return { indptr, indices, eids };
}
const csc = compress(dst, src), csr = compress(src, dst);
const floats = (n, scale = 1) => { const a = new Float32Array(n); for (let i = 0; i < n; i++) a[i] = (rnd() / 4294967296 - 0.5) * scale; return a; };
const x = floats(N * F), out = new Float32Array(N * F);

function time(name, params, fn, units = {}) {
  fn();
  const ts = [], cs = [];
  for (let r = 0; r < 5; r++) {
    const c0 = process.cpuUsage(), t0 = process.hrtime.bigint();
    fn();
    ts.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cs.push((c.user + c.system) / 1e3);
  }
  ts.sort((a, b) => a - b);
  cs.sort((a, b) => a - b);
  const line = { name, ...params, backend: 'native', threads, runs: 5, minMs: +ts[0].toFixed(1), medianMs: +ts[2].toFixed(1),
    cpuMsMin: Math.round(cs[0]) };
  if (units.bytes) line.gbPerS = +(units.bytes / ts[0] / 1e6).toFixed(2);
  if (units.flops) line.gflopPerS = +(units.flops / ts[0] / 1e6).toFixed(1);
  if (units.edges) line.edgesPerS = Math.round(units.edges() / ts[0] * 1e3);
  if (units.model) line.byteModel = units.model;
  console.log(JSON.stringify(line));
}

const g = { nodes: N, edges: E, features: F };
if (groups.includes('stream')) {
  // The machine's roofline as the addon sees it: out = a * b over 3 x 256 MB (STREAM's "triad" traffic).
  const n = 64 * 1024 * 1024, a = floats(n), b = floats(n), c = new Float32Array(n);
  time('stream: binary mul', { elements: n }, () => addon.binary('mul', a, [n], b, [n], c, [n]), { bytes: 3 * n * 4 });
}
const spmmArgs = { numSrc: N, numDst: N, numEdges: E, argU: null, argE: null, out, outShape: [F] };
const spmmBytes = E * F * 4 + N * F * 4 + E * 4 + (N + 1) * 4;
if (groups.includes('spmm')) {
  const w = floats(E), wHeads = floats(E * 8);
  time('gspmm copyU-sum', g, () => addon.gspmm({ ...spmmArgs, op: 'copyLhs', reduce: 'sum', ...csc, eids: null, lhs: x, lhsShape: [F], rhs: null, rhsShape: [] }), { bytes: spmmBytes });
  time('gspmm copyU-sum on the reverse graph (backward)', g, () => addon.gspmm({ ...spmmArgs, op: 'copyLhs', reduce: 'sum', ...csr, lhs: x, lhsShape: [F], rhs: null, rhsShape: [] }), { bytes: spmmBytes });
  time('gspmm uMulE-sum, scalar edge weight', g, () => addon.gspmm({ ...spmmArgs, op: 'mul', reduce: 'sum', ...csc, eids: null, lhs: x, lhsShape: [F], rhs: w, rhsShape: [1] }), { bytes: spmmBytes + E * 4, model: 'copyU-sum + E*4' });
  time('gspmm uMulE-sum on the reverse graph (permuted edge ids)', g, () => addon.gspmm({ ...spmmArgs, op: 'mul', reduce: 'sum', ...csr, lhs: x, lhsShape: [F], rhs: w, rhsShape: [1] }), { bytes: spmmBytes + E * 8, model: 'copyU-sum + E*8' });
  time('gspmm uMulE-sum, 8 heads x 8 [8,8]x[8,1] (GAT)', g, () => addon.gspmm({ ...spmmArgs, op: 'mul', reduce: 'sum', ...csc, eids: null, lhs: x, lhsShape: [8, 8], rhs: wHeads, rhsShape: [8, 1], outShape: [8, 8] }), { bytes: spmmBytes + E * 32, model: 'copyU-sum + E*8*4' });
  const argU = new Int32Array(N * F), argE = new Int32Array(N * F);
  time('gspmm copyU-max without ids', g, () => addon.gspmm({ ...spmmArgs, op: 'copyLhs', reduce: 'max', ...csc, eids: null, lhs: x, lhsShape: [F], rhs: null, rhsShape: [] }), { bytes: spmmBytes });
  time('gspmm copyU-max with argU/argE', g, () => addon.gspmm({ ...spmmArgs, op: 'copyLhs', reduce: 'max', ...csc, eids: null, lhs: x, lhsShape: [F], rhs: null, rhsShape: [], argU, argE }), { bytes: spmmBytes + N * F * 8, model: 'copyU-sum + N*F*8 (arg writes)' });
}
if (groups.includes('sddmm')) {
  const o = new Float32Array(E);
  time('gsddmm uDotV', g, () => addon.gsddmm({ op: 'dot', numSrc: N, numDst: N, numEdges: E, src, dst, lhs: x, lhsTarget: 'u', lhsShape: [F], rhs: x, rhsTarget: 'v', rhsShape: [F], out: o, outShape: [1] }), { bytes: 2 * E * F * 4 + E * 4 + E * 8 });
}
if (groups.includes('softmax')) {
  const H = 4, logits = floats(E * H, 20), y = new Float32Array(E * H), gx = new Float32Array(E * H);
  time('edgeSoftmax forward, 4 heads, CSC with permuted edge ids', { nodes: N, edges: E, heads: H }, () => addon.edgeSoftmax(csc.indptr, csc.eids, logits, H, y));
  time('edgeSoftmax backward, 4 heads', { nodes: N, edges: E, heads: H }, () => addon.edgeSoftmaxBackward(csc.indptr, csc.eids, y, logits, H, gx));
}
if (groups.includes('sample')) {
  for (const [fanout, replace, weighted] of [[10, false, false], [10, true, false], [10, false, true]]) {
    const seeds = Int32Array.from({ length: N }, () => rnd() % N);
    const args = { ...csc, seeds, fanout, replace, prob: weighted ? floats(E).map(Math.abs) : null, excludeMask: null, seed: 1 };
    let n = 0;
    time(`sampleNeighbors fanout ${fanout}${replace ? ' with replacement' : ''}${weighted ? ' weighted' : ''}`, { nodes: N, edges: E, seeds: N },
      () => { n = addon.sampleNeighbors(args).rows.length; }, { edges: () => n });
  }
}
if (groups.includes('matmul')) {
  const m = 100000, k = 128, n = 128, A = floats(m * k), B = floats(k * n), C = new Float32Array(m * n);
  time('matmul 100000x128 @ 128x128 float32', { m, k, n, cblas: addon.buildInfo().cblas }, () => addon.matmul(A, B, C, 1, m, k, n, false, false, 0, 0), { flops: 2 * m * k * n });
}
