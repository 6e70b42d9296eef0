/** Runs a compiled test helper script in a child process (optionally under `prlimit`), for crash-safe tests. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

export interface ChildResult { status: number | null; signal: string | null; stdout: string; stderr: string; timedOut: boolean }

/**
 * Runs dist/test/reliability/<script>.js with args. `memoryBytes` caps the child's address space
 * (prlimit --as), so an allocation that aborts instead of throwing fails the test rather than
 * the machine.
 */
export function runChild(script: string, args: string[], opts: { timeoutMs: number; memoryBytes?: number; env?: Record<string, string> }): ChildResult {
  const file = join(here, `${script}.js`);
  const node = [process.execPath, file, ...args];
  const cmd = opts.memoryBytes ? ['prlimit', `--as=${opts.memoryBytes}`, '--', ...node] : node;
  const r = spawnSync(cmd[0], cmd.slice(1), {
    encoding: 'utf8', timeout: opts.timeoutMs, env: { ...process.env, ...opts.env }, maxBuffer: 64 << 20,
  });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', timedOut };
}

/** The last line of a child's stdout parsed as JSON. */
export function lastJson<T>(r: ChildResult): T {
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

/** Why a child failed, for assertion messages. */
export function describeChild(r: ChildResult): string {
  return `status ${r.status}, signal ${r.signal}${r.timedOut ? ' (timed out)' : ''}; stderr: ${r.stderr.slice(-1500)}`;
}
