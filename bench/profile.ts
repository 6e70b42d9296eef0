/**
 * `--profile`: times every call into the active backend during the timed runs and prints, per run,
 * where the time went: each kernel (g-SpMM and g-SDDMM split by operator, elementwise by op) and
 * the rest ("outside kernels": autograd tape, allocation, and TypeScript code that is not a
 * backend kernel, such as dropout masks or the optimizer update). The wrapper costs one clock read
 * per call; the result line says `profiled: true`.
 */
import type { Backend } from '../src/kernels/backend.js';
import { getBackend, registerBackend, setBackend } from '../src/kernels/registry.js';
import { log, round } from './harness.js';

interface Slot { calls: number; ns: bigint }

function kernelKey(name: string, args: unknown[]): string {
  const first = args[0];
  if ((name === 'gspmm' || name === 'gsddmm') && typeof first === 'object' && first !== null) {
    const a = first as { op: string; reduce?: string; lhsTarget?: string; rhsTarget?: string };
    return name === 'gspmm' ? `gspmm ${a.op}/${a.reduce ?? ''}` : `gsddmm ${a.op} ${a.lhsTarget ?? ''}${a.rhsTarget ?? ''}`;
  }
  if ((name === 'unary' || name === 'binary' || name === 'reduce' || name === 'compare') && typeof first === 'string') return `${name} ${first}`;
  return name;
}

export class KernelProfile {
  private slots = new Map<string, Slot>();

  /** Makes a timing wrapper of the active backend the active backend. */
  install(): void {
    const inner = getBackend();
    const wrapped: Record<string, unknown> = { name: `${inner.name}-profiled` };
    for (const [name, fn] of Object.entries(inner)) {
      if (typeof fn !== 'function') continue;
      wrapped[name] = (...args: unknown[]): unknown => {
        const t0 = process.hrtime.bigint();
        try {
          return (fn as (...a: unknown[]) => unknown).apply(inner, args);
        } finally {
          const key = kernelKey(name, args);
          const s = this.slots.get(key) ?? { calls: 0, ns: 0n };
          s.calls++;
          s.ns += process.hrtime.bigint() - t0;
          this.slots.set(key, s);
        }
      };
    }
    registerBackend(wrapped.name as string, () => wrapped as unknown as Backend, -1);
    setBackend(wrapped.name as string);
  }

  reset(): void { this.slots.clear(); }

  /** Milliseconds per run for each kernel and for the time outside kernels; also printed to stderr. */
  summarise(runs: number, totalMsPerRun: number): Record<string, number> {
    const rows = [...this.slots.entries()].map(([k, s]) => ({ k, ms: Number(s.ns) / 1e6 / runs, calls: s.calls / runs }))
      .sort((a, b) => b.ms - a.ms);
    const inKernels = rows.reduce((a, r) => a + r.ms, 0);
    const out: Record<string, number> = {};
    log(`profile (per run; total ${totalMsPerRun.toFixed(2)} ms):`);
    for (const r of rows) {
      out[r.k] = round(r.ms, 3);
      log(`  ${r.k.padEnd(28)} ${r.ms.toFixed(2).padStart(10)} ms ${(100 * r.ms / totalMsPerRun).toFixed(1).padStart(5)}%  ${r.calls} calls`);
    }
    const outside = totalMsPerRun - inKernels;
    out['outside kernels'] = round(outside, 3);
    log(`  ${'outside kernels'.padEnd(28)} ${outside.toFixed(2).padStart(10)} ms ${(100 * outside / totalMsPerRun).toFixed(1).padStart(5)}%`);
    return out;
  }
}
