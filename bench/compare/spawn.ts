/** Runs one side of the comparison in its own process (so peak RSS is that workload's alone). */
import { spawnSync } from 'node:child_process';
import { log } from '../harness.js';

export type Line = Record<string, unknown> & { name: string; minMs: number; medianMs: number; backend: string; peakRssMb: number };

/** Runs a command; its stderr (progress) passes through; returns the JSON lines it printed. Throws when it fails. */
export function runLines(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Line[] {
  log(`compare: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env, maxBuffer: 1 << 26 });
  if (r.error) throw new Error(`compare: could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`compare: ${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  const lines: Line[] = [];
  for (const text of r.stdout.split('\n')) {
    if (text.trim() === '') continue;
    try {
      lines.push(JSON.parse(text) as Line);
    } catch {
      throw new Error(`compare: ${cmd} printed a line that is not JSON: ${text.slice(0, 200)}`);
    }
  }
  return lines;
}

/**
 * Merges repeated runs of the same command: per result (name, op, impl, backend) the line of the
 * round with the fastest run, with every round's minMs and the largest peak RSS seen.
 */
export function bestOf(rounds: Line[][]): Line[] {
  if (rounds.length === 1) return rounds[0];
  const key = (l: Line): string => [l.name, l.op, l.impl, l.backend].map(String).join('|');
  const best = new Map<string, Line>();
  const mins = new Map<string, number[]>(), peaks = new Map<string, number>();
  for (const round of rounds) {
    for (const l of round) {
      const k = key(l);
      mins.set(k, [...(mins.get(k) ?? []), l.minMs]);
      peaks.set(k, Math.max(peaks.get(k) ?? 0, l.peakRssMb));
      const b = best.get(k);
      if (b === undefined || l.minMs < b.minMs) best.set(k, l);
    }
  }
  return [...best.entries()].map(([k, l]) => ({ ...l, peakRssMb: peaks.get(k)!, roundsMinMs: mins.get(k)! }));
}
