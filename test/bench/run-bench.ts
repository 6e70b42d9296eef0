/** Runs a compiled benchmark entry point in a child process and parses its JSON lines. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const COMPARE_ENTRY = fileURLToPath(new URL('../../bench/compare/run.js', import.meta.url));

export interface BenchRun {
  status: number | null;
  lines: Record<string, unknown>[];
  stderr: string;
}

export function runEntry(entry: string, args: readonly string[]): BenchRun {
  const r = spawnSync(process.execPath, [entry, ...args], { encoding: 'utf8', timeout: 120_000 });
  const lines = r.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: r.status, lines, stderr: r.stderr };
}
