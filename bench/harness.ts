/**
 * Benchmark reporting as /shared BENCH.md asks: one warm-up, at least 5 timed runs, min and
 * median, one JSON object per line on stdout (logs go to stderr).
 */
import { backendName } from '../src/kernels/registry.js';

export interface BenchResult {
  name: string;
  [field: string]: unknown;
}

export interface TimeOptions {
  runs?: number;
  warmup?: number;
  /** Runs before each timed run, outside the timed region. */
  setup?: () => void;
}

export interface Timing {
  runs: number;
  minMs: number;
  medianMs: number;
}

let peakRss = 0;
function sampleRss(): void {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}

/** Times fn: warm-up runs, then `runs` timed runs; returns min and median in milliseconds. */
export function time(fn: () => void, opts: TimeOptions = {}): Timing {
  const runs = Math.max(5, opts.runs ?? 5);
  for (let i = 0; i < (opts.warmup ?? 1); i++) { opts.setup?.(); fn(); sampleRss(); }
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    opts.setup?.();
    const t0 = process.hrtime.bigint();
    fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    sampleRss();
  }
  ms.sort((a, b) => a - b);
  return { runs, minMs: ms[0], medianMs: ms[Math.floor(ms.length / 2)] };
}

/** Async variant for workloads that await (data loaders with workers). */
export async function timeAsync(fn: () => Promise<void>, opts: TimeOptions = {}): Promise<Timing> {
  const runs = Math.max(5, opts.runs ?? 5);
  for (let i = 0; i < (opts.warmup ?? 1); i++) { opts.setup?.(); await fn(); sampleRss(); }
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    opts.setup?.();
    const t0 = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    sampleRss();
  }
  ms.sort((a, b) => a - b);
  return { runs, minMs: ms[0], medianMs: ms[Math.floor(ms.length / 2)] };
}

/** Peak resident set size seen so far by the harness, in MB (also the OS high-water mark when larger). */
export function peakRssMb(): number {
  sampleRss();
  const maxRss = process.resourceUsage().maxRSS * 1024;
  return Math.round(Math.max(peakRss, maxRss) / 1e5) / 10;
}

/** Prints one result line with the backend, thread count and peak RSS filled in. */
export function report(result: BenchResult, threads: number): void {
  const line = { ...result, backend: backendName(), threads, peakRssMb: peakRssMb() };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

export function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}
