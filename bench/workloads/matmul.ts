/**
 * Dense float32 [m,k] x [k,n] through the active backend's matmul kernel (the BLAS rate that the
 * epoch rooflines use). Kernel level: the caller-allocated output is reused across runs.
 */
import { getBackend } from '../../src/kernels/registry.js';
import type { BenchOptions } from '../args.js';
import { matmulFlops } from '../cost-model.js';
import { perSecond, printLine, resultLine, time, type Context } from '../harness.js';
import { uniformTensor } from './data.js';

export function runMatmul(o: BenchOptions, ctx: Context): void {
  const { m, k, n } = o;
  const a = uniformTensor([m, k], o.seed + 1).data as Float32Array;
  const b = uniformTensor([k, n], o.seed + 2).data as Float32Array;
  const out = new Float32Array(m * n);
  const backend = getBackend();
  const t = time(() => backend.matmul(a, b, out, 1, m, k, n, false, false, 0, 0),
    { runs: o.runs, warmup: o.warmup, label: `matmul ${m}x${k}x${n}` });
  printLine(resultLine('matmul', { m, k, n, dtype: 'float32' }, ctx, t, { gflopPerS: perSecond(matmulFlops(m, k, n) / 1e9, t.minMs, 2) },
    { level: 'kernel' }));
}
