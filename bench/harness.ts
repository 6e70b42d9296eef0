/**
 * Timing and reporting as shared/BENCH.md asks: one warm-up, at least 5 timed runs, min and
 * median, one JSON object per line on stdout; progress goes to stderr.
 */
import { loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';

export const MIN_RUNS = 5;

export interface TimeOptions {
  /** Timed runs (at least MIN_RUNS). */
  runs?: number;
  /** Untimed runs first (JIT, caches, lazily built CSC). Default 1. */
  warmup?: number;
  /** Runs before each run, outside the timed region. */
  setup?: () => void;
  /** A label for the progress lines on stderr. */
  label?: string;
  /** Called once between the warm-up and the timed runs. */
  afterWarmup?: () => void;
}

export interface Timing {
  runs: number;
  minMs: number;
  medianMs: number;
  /**
   * Process CPU time (user + system, all threads) of the fastest run: on a busy machine it moves less
   * than wall time; with T threads it approaches T x minMs when they all stay busy.
   */
  cpuMs: number;
  /** Not printed: the profile divides kernel time by it. */
  meanMs: number;
}

function checkRuns(runs: number, warmup: number): void {
  if (!Number.isInteger(runs) || runs < MIN_RUNS) throw new RangeError(`bench: --runs must be an integer >= ${MIN_RUNS}, got ${runs}`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError(`bench: --warmup must be a non-negative integer, got ${warmup}`);
}

/** The median as Python's statistics.median computes it (mean of the middle two for an even count). */
export function median(sorted: readonly number[]): number {
  const n = sorted.length, h = Math.floor(n / 2);
  return n % 2 === 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
}

/** min, median and the fastest run's CPU time of measured runs. */
export function summarise(ms: number[], cpu: number[]): Timing {
  const totalMs = ms.reduce((a, b) => a + b, 0);
  const fastest = ms.indexOf(Math.min(...ms));
  const sorted = [...ms].sort((a, b) => a - b);
  return { runs: ms.length, minMs: round(sorted[0], 3), medianMs: round(median(sorted), 3), cpuMs: round(cpu[fastest], 3), meanMs: totalMs / ms.length };
}

export function cpuNowMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
}

/** Times fn: warm-up runs, then `runs` timed runs. */
export function time(fn: () => void, opts: TimeOptions = {}): Timing {
  const runs = opts.runs ?? MIN_RUNS, warmup = opts.warmup ?? 1;
  checkRuns(runs, warmup);
  for (let i = 0; i < warmup; i++) { opts.setup?.(); fn(); }
  opts.afterWarmup?.();
  const ms: number[] = [], cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    opts.setup?.();
    const c0 = cpuNowMs(), t0 = process.hrtime.bigint();
    fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    cpu.push(cpuNowMs() - c0);
    progress(opts.label, i, runs, ms[i]);
  }
  return summarise(ms, cpu);
}

/** Async variant (workloads that await, e.g. worker threads). */
export async function timeAsync(fn: () => Promise<void>, opts: TimeOptions = {}): Promise<Timing> {
  const runs = opts.runs ?? MIN_RUNS, warmup = opts.warmup ?? 1;
  checkRuns(runs, warmup);
  for (let i = 0; i < warmup; i++) { opts.setup?.(); await fn(); }
  opts.afterWarmup?.();
  const ms: number[] = [], cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    opts.setup?.();
    const c0 = cpuNowMs(), t0 = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    cpu.push(cpuNowMs() - c0);
    progress(opts.label, i, runs, ms[i]);
  }
  return summarise(ms, cpu);
}

function progress(label: string | undefined, i: number, runs: number, ms: number): void {
  if (label !== undefined) log(`${label}: run ${i + 1}/${runs} ${ms.toFixed(2)} ms`);
}

/**
 * The process's peak resident set size so far in MB (10^6 bytes), from the kernel's high-water
 * mark (getrusage ru_maxrss, which the PyTorch side reads too), so both sides count alike.
 */
export function peakRssMb(): number {
  return round((process.resourceUsage().maxRSS * 1024) / 1e6, 1);
}

/**
 * Linux: restarts the peak RSS (VmHWM, which getrusage reports) from the current RSS, so a later
 * peakRssMb is what came after and not a transient of setup. Returns the peak before the restart.
 */
export function resetPeakRss(): number {
  const before = peakRssMb();
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch (err) {
    throw new Error(`bench: --peak-after-setup needs Linux's /proc/self/clear_refs: ${err instanceof Error ? err.message : String(err)}`);
  }
  return before;
}

/** The current resident set size in MB. */
export function rssMb(): number {
  return round(process.memoryUsage.rss() / 1e6, 1);
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Throughput in units per second from a count of units and milliseconds. */
export function perSecond(units: number, ms: number, digits = 3): number {
  return round(units / (ms / 1e3), digits);
}

export interface Context {
  backend: string;
  threads: number;
  /** How the native addon was built (CBLAS, OpenMP, SIMD level), printed as nativeBuild. */
  build?: string;
}

/** One result line: the workload's fields, then backend, threads, timing, throughput and peak RSS (BENCH.md order). */
export interface BenchLine {
  name: string;
  [field: string]: unknown;
}

type LineSink = (line: BenchLine) => void;
const toStdout: LineSink = (line) => { process.stdout.write(`${JSON.stringify(line)}\n`); };
let sink: LineSink = toStdout;
let quiet = false;

/** Writes one result as a JSON line on stdout (or to the sink of the enclosing withLineSink). */
export function printLine(line: BenchLine): void {
  sink(line);
}

/** Runs fn with result lines sent to `to` instead of stdout and, unless verbose, no progress on stderr. */
export async function withLineSink<T>(to: LineSink, fn: () => Promise<T>, verbose = false): Promise<T> {
  const previous = [sink, quiet] as const;
  sink = to;
  quiet = !verbose;
  try {
    return await fn();
  } finally {
    [sink, quiet] = previous;
  }
}

/**
 * Assembles a result line in BENCH.md's field order: name and parameters, backend, threads, runs,
 * minMs, medianMs, the throughput fields, peakRssMb, then any notes, the Node flags if any, and the one-minute load average
 * at the end of the run (other work on the machine makes timings noisy; this says how busy it was).
 */
export function resultLine(name: string, params: Record<string, unknown>, ctx: Context, t: Timing,
  throughput: Record<string, number>, notes: Record<string, unknown> = {}): BenchLine {
  return {
    name, ...params, backend: ctx.backend, threads: ctx.threads, runs: t.runs, minMs: t.minMs, medianMs: t.medianMs,
    cpuMs: t.cpuMs, ...throughput, peakRssMb: peakRssMb(), ...notes, ...(ctx.build === undefined ? {} : { nativeBuild: ctx.build }),
    // Node flags change timings (src/cli/relaunch.ts adds --single-threaded-gc): say which ran.
    ...(process.execArgv.length === 0 ? {} : { nodeFlags: process.execArgv.join(' ') }),
    load1: round(loadavg()[0], 2),
  };
}

export function log(msg: string): void {
  if (!quiet) process.stderr.write(`${msg}\n`);
}
