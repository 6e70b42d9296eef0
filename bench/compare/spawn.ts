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
