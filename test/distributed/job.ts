/**
 * Helpers of test/distributed: start N ranks of a worker script as one job (file store in a fresh
 * folder, a Redis server, or MASTER_ADDR), wait for them with a deadline, collect their output,
 * and start / stop a private redis-server on a free loopback port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A worker script of test/distributed/workers by file name. */
export const workerPath = (name: string): string => fileURLToPath(new URL(`./workers/${name}`, import.meta.url));

/** The compiled deepgraph command. */
export const BIN = fileURLToPath(new URL('../../../bin/deepgraph.js', import.meta.url));

/** How one process ended and what it printed. */
export interface Exit { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }

/** Runs a process to its end (killed after `timeoutMs`, which then fails the caller's checks). */
export function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): { child: ChildProcess; done: Promise<Exit> } {
  const t0 = Date.now();
  const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout!.on('data', (b: Buffer) => { stdout += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<Exit>((resolve) => child.on('close', (code, signal) => {
    clearTimeout(timer);
    resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 });
  }));
  return { child, done };
}

/** A free TCP port on loopback (closed again before it is returned). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Rendezvous variables for a job of `n` ranks. */
export type Rendezvous = { kind: 'files'; dir: string } | { kind: 'redis'; port: number } | { kind: 'master'; port: number };

/** Starts ranks 0..n-1 of a Node.js script (with `args`) with the variables a launcher sets. */
export function startRanks(script: string, n: number, rdv: Rendezvous, env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000, args: string[] = []): { child: ChildProcess; done: Promise<Exit> }[] {
  const jobId = `test-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const base: NodeJS.ProcessEnv = { WORLD_SIZE: String(n), DEEPGRAPH_JOB_ID: jobId, ...env };
  if (rdv.kind === 'files') base.DEEPGRAPH_STORE_DIR = rdv.dir;
  else if (rdv.kind === 'redis') base.DEEPGRAPH_REDIS = `127.0.0.1:${rdv.port}`;
  else Object.assign(base, { MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(rdv.port) });
  return Array.from({ length: n }, (_, r) => run(process.execPath, [script, ...args], { ...base, RANK: String(r), LOCAL_RANK: String(r) }, timeoutMs));
}

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A private redis-server on a free loopback port (no persistence); fails loudly when it cannot start. */
export async function startRedis(): Promise<{ port: number; stop: () => Promise<void>; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (out.includes('Ready to accept connections')) {
        clearInterval(poll);
        resolve();
      }
    }, 20);
    const failed = (why: string): void => {
      clearInterval(poll);
      reject(new Error(why));
    };
    child.once('error', (e) => failed(`redis-server could not start (apt-get install redis-server; .ci/run installs it): ${e.message}`));
    child.once('exit', (code) => failed(`redis-server exited with code ${code}: ${out}`));
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGKILL');
    await gone;
  };
  return { port, stop, child };
}
