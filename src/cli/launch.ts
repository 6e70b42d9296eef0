/**
 * `deepgraph launch --local N -- <command>`: starts N copies of a command on this machine as one
 * data-parallel job (torchrun's --standalone for development; no ssh launcher: on a cluster the
 * scheduler starts the processes and sets the same variables). Each copy gets RANK, LOCAL_RANK,
 * WORLD_SIZE, a fresh DEEPGRAPH_JOB_ID and, unless DEEPGRAPH_REDIS is set (or --redis given), a
 * temporary folder as the job's store. The ranks watch each other (heartbeats); the launcher
 * only waits, reports how each rank ended, and ends stragglers after a grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, numberOption, parseOptions, withUsage, choiceOption } from './args.js';

/** The launch command's help text. */
export const LAUNCH_HELP = `Usage: deepgraph launch --local N [options] -- <command> [args...]

Starts N processes of <command> as one data-parallel job on this machine. A command starting
with 'deepgraph' runs this installation's CLI (e.g. -- deepgraph train --minibatch ...).

Options:
  --local N        number of processes (ranks 0..N-1)
  --timeout S      seconds a silent rank is waited for before the job ends (default 30)
  --redis H:P      rendezvous and heartbeats in this Redis (default: DEEPGRAPH_REDIS, else a temporary folder)
  --engine E       collectives engine: auto (Gloo when the addon has it), gloo or ring
  -h, --help       show this help
`;

const cliPath = (): string => resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/deepgraph.js');

/** The command line to spawn: 'deepgraph' is this CLI, a .js/.mjs file runs in this Node.js. */
export function resolveCommand(cmd: readonly string[]): [string, string[]] {
  const [head, ...rest] = cmd;
  if (head === 'deepgraph') return [process.execPath, [cliPath(), ...rest]];
  if (/\.(c|m)?js$/.test(head)) return [process.execPath, [head, ...rest]];
  return [head, rest];
}

/** How one rank ended. */
interface Ending { rank: number; code: number | null; signal: NodeJS.Signals | null }

const describe = (e: Ending): string => (e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`);

async function launchMain(argv: string[]): Promise<number> {
  const split = argv.indexOf('--');
  const own = split < 0 ? argv : argv.slice(0, split);
  const v = parseOptions(own, { local: { type: 'string' }, timeout: { type: 'string' }, redis: { type: 'string' }, engine: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (v.help) {
    process.stdout.write(LAUNCH_HELP);
    return 0;
  }
  const n = numberOption(v, 'local', { integer: true, min: 1, max: 1024 });
  if (n === undefined) throw new UsageError('--local N is required (the number of processes)');
  const timeout = numberOption(v, 'timeout', { min: 0.1 }) ?? 30;
  const engine = choiceOption(v, 'engine', ['auto', 'gloo', 'ring'] as const);
  const cmd = split < 0 ? [] : argv.slice(split + 1);
  if (cmd.length === 0) throw new UsageError('give the command to run after --, e.g. deepgraph launch --local 2 -- deepgraph train --minibatch');
  const redis = (v.redis as string | undefined) ?? process.env.DEEPGRAPH_REDIS;
  const storeDir = redis ? undefined : mkdtempSync(join(tmpdir(), 'deepgraph-launch-'));
  const jobId = `launch-${process.pid}-${Date.now().toString(36)}`;
  const [file, args] = resolveCommand(cmd);
  const children: ChildProcess[] = [];
  const endings: Ending[] = [];
  let grace: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolveDone) => {
    for (let rank = 0; rank < n; rank++) {
      const env: NodeJS.ProcessEnv = {
        ...process.env, RANK: String(rank), LOCAL_RANK: String(rank), WORLD_SIZE: String(n), LOCAL_WORLD_SIZE: String(n),
        DEEPGRAPH_JOB_ID: jobId, DEEPGRAPH_DIST_TIMEOUT: String(timeout),
      };
      if (redis) env.DEEPGRAPH_REDIS = redis;
      else env.DEEPGRAPH_STORE_DIR = storeDir;
      if (engine) env.DEEPGRAPH_DIST_ENGINE = engine;
      const child = spawn(file, args, { env, stdio: 'inherit' });
      children.push(child);
      child.on('error', (e) => process.stderr.write(`deepgraph launch: rank ${rank} could not start ${file}: ${e.message}\n`));
      child.on('exit', (code, signal) => {
        endings.push({ rank, code, signal });
        const ending = endings[endings.length - 1];
        if ((code !== 0 || signal) && grace === undefined) {
          process.stderr.write(`deepgraph launch: rank ${rank} ${describe(ending)}; the other ranks stop within the ${timeout} s timeout\n`);
          // The ranks end themselves (heartbeats); this only catches one that cannot.
          grace = setTimeout(() => {
            for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
          }, (2 * timeout + 10) * 1000);
        }
        if (endings.length === n) resolveDone();
      });
    }
  });
  const forward = (sig: NodeJS.Signals): void => { for (const c of children) c.kill(sig); };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  try {
    await done;
  } finally {
    clearTimeout(grace);
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    if (storeDir) rmSync(storeDir, { recursive: true, force: true });
  }
  const failed = endings.filter((e) => e.code !== 0 || e.signal).sort((a, b) => a.rank - b.rank);
  if (failed.length === 0) return 0;
  process.stderr.write(`deepgraph launch: ${failed.map((e) => `rank ${e.rank} ${describe(e)}`).join('; ')}\n`);
  return failed.find((e) => e.code !== null && e.code !== 0)?.code ?? 1;
}

/** Entry of `deepgraph launch`; returns the exit code. */
export function launchCommand(argv: string[]): Promise<number> {
  return withUsage('launch', () => launchMain(argv));
}
