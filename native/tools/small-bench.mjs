#!/usr/bin/env node
// Small-kernel timings, where per-call overhead (thread wake-ups, BLAS pools, index arithmetic)
// dominates: one JSON line per case with min / median over `runs` repetitions and the load.
//   node native/tools/small-bench.mjs [groups=binary,matmul,conv,dropout] [runs=40]
// Groups: binary (every op: equal shapes, scalar and row operands; JS, and native), matmul (Cora's X@W and
// X^T@G with the real bag-of-words features), conv (GraphConv(16,16) and GraphConv(1433,16)
// forward + backward on Cora, both backends), dropout (3.9M-element masks). Needs dist/ and
// ../shared/data (Cora).
import os from 'node:os';
import * as dg from '../../dist/src/index.js';
import { jsBackend } from '../../dist/src/kernels/js/index.js';
import { tryLoadAddon } from '../../dist/src/kernels/native/index.js';
import { setSparseMatmulMode } from '../../dist/src/kernels/js/matmul-sparse.js';

const groups = (process.argv[2] ?? 'binary,matmul,conv,dropout').split(',');
const runs = Number(process.argv[3] ?? 40);
const addon = tryLoadAddon();
if (addon === null) throw new Error('the native addon did not load');

function time(name, params, fn, units = {}) {
  for (let i = 0; i < 3; i++) fn();
  const ts = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    ts.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ts.sort((a, b) => a - b);
  const line = { name, ...params, runs, minMs: +ts[0].toFixed(3), medianMs: +ts[runs >> 1].toFixed(3), load1: +os.loadavg()[0].toFixed(2) };
  if (units.flops) line.gflopPerS = +(units.flops / ts[0] / 1e6).toFixed(2);
  if (units.elements) line.nsPerElement = +(ts[0] * 1e6 / units.elements).toFixed(2);
  console.log(JSON.stringify(line));
}

const rand = (n, f = Float32Array) => { const a = new f(n); for (let i = 0; i < n; i++) a[i] = Math.random() * 2 - 1; return a; };
const cora = () => new dg.data.CoraGraphDataset({ rawDir: new URL('../../../shared/data/planetoid/raw', import.meta.url).pathname });

if (groups.includes('binary')) {
  // Cora-sized rows: equal shapes, a single-value operand, a row broadcast (bias), per op.
  const n = 2708 * 16;
  for (const f of [Float32Array, Float64Array]) {
    const a = rand(n, f), b = rand(n, f), o = new f(n), row = rand(16, f), one = rand(1, f);
    for (const op of ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum']) {
      const p = { dtype: f.name, op };
      time('binary same shape', { ...p, shape: [2708, 16], backend: 'js' }, () => jsBackend.binary(op, a, [2708, 16], b, [2708, 16], o, [2708, 16]), { elements: n });
      time('binary with a scalar', { ...p, shape: [2708, 16], backend: 'js' }, () => jsBackend.binary(op, a, [2708, 16], one, [1], o, [2708, 16]), { elements: n });
      time('binary [2708,16] op [16]', { ...p, backend: 'js' }, () => jsBackend.binary(op, a, [2708, 16], row, [16], o, [2708, 16]), { elements: n });
      time('binary same shape', { ...p, shape: [2708, 16], backend: 'native' }, () => addon.binary(op, a, [2708, 16], b, [2708, 16], o, [2708, 16]), { elements: n });
    }
  }
}

if (groups.includes('matmul')) {
  const x = cora().graph.ndata.get('feat').data;  // 2708 x 1433, ~1.3% non-zero
  const [m, k, n] = [2708, 1433, 16];
  const w = rand(k * n), g = rand(m * n), out = new Float32Array(m * n), gw = new Float32Array(k * n);
  for (const [bn, be] of [['native', addon], ['js', jsBackend]]) {
    time('matmul X@W (Cora features)', { m, k, n, backend: bn }, () => be.matmul(x, w, out, 1, m, k, n, false, false, 0, 0), { flops: 2 * m * k * n });
    time('matmul X^T@G (Cora features)', { m: k, k: m, n, backend: bn }, () => be.matmul(x, g, gw, 1, k, m, n, true, false, 0, 0), { flops: 2 * m * k * n });
    const xd = rand(m * k);
    time('matmul dense X@W', { m, k, n, backend: bn }, () => be.matmul(xd, w, out, 1, m, k, n, false, false, 0, 0), { flops: 2 * m * k * n });
    const h = rand(m * 16), w16 = rand(256);
    time('matmul 2708x16 @ 16x16', { backend: bn }, () => be.matmul(h, w16, out, 1, m, 16, 16, false, false, 0, 0), { flops: 2 * m * 256 });
  }
}

if (groups.includes('conv')) {
  const ds = cora(), g = dg.addSelfLoop(ds.graph), feat = ds.graph.ndata.get('feat');
  for (const backend of ['native', 'js']) {
    dg.setBackend(backend);
    for (const [fin, fout] of [[16, 16], [1433, 16]]) {
      const conv = new dg.nn.GraphConv(fin, fout);
      const x = fin === 1433 ? feat : dg.randn([2708, fin], { requiresGrad: true });
      time('GraphConv forward+backward on Cora', { in: fin, out: fout, backend }, () => {
        dg.sum(conv.forward(g, x)).backward();
        for (const p of conv.parameters()) p.grad = null;
      });
    }
  }
}

if (groups.includes('dropout')) {
  const n = 2708 * 1433, m32 = new Float32Array(n);
  for (const [bn, be] of [['native', addon], ['js', jsBackend]]) {
    time('dropoutMask', { elements: n, p: 0.5, backend: bn }, () => be.dropoutMask(m32, 0.5, 1234), { elements: n });
  }
}

if (groups.includes('sparse')) {
  // Where skipping zeros pays: X (m x k) of a given density @ W (k x n), and X^T @ G, native
  // ('never' = dense OpenBLAS vs 'always' = zero skipping) and TypeScript; one thread.
  addon.setNumThreads(1);
  const [m, k] = [2708, 1433], js = process.env.SPARSE_JS === '1';
  for (const density of [0.013, 0.05, 0.1, 0.25, 0.5]) {
    const x = new Float32Array(m * k);
    for (let i = 0; i < x.length; i++) if (Math.random() < density) x[i] = Math.random();
    for (const n of [1, 4, 16, 64, 256]) {
      const w = rand(k * n), g = rand(m * n), out = new Float32Array(m * n), gw = new Float32Array(k * n);
      const params = (backend, mode) => ({ m, k, n, density, backend, mode });
      for (const mode of ['never', 'always']) {
        addon.setSparseMatmul(mode);
        time('sparse matmul X@W', params('native', mode), () => addon.matmul(x, w, out, 1, m, k, n, false, false, 0, 0), { flops: 2 * m * k * n });
        time('sparse matmul X^T@G', params('native', mode), () => addon.matmul(x, g, gw, 1, k, m, n, true, false, 0, 0), { flops: 2 * m * k * n });
        if (!js) continue;
        setSparseMatmulMode(mode);
        time('sparse matmul X@W', params('js', mode), () => jsBackend.matmul(x, w, out, 1, m, k, n, false, false, 0, 0), { flops: 2 * m * k * n });
        time('sparse matmul X^T@G', params('js', mode), () => jsBackend.matmul(x, g, gw, 1, k, m, n, true, false, 0, 0), { flops: 2 * m * k * n });
      }
      addon.setSparseMatmul('auto');
      setSparseMatmulMode('auto');
    }
  }
}
