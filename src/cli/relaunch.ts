/**
 * The `deepgraph` command re-executes itself with `node --single-threaded-gc` when its kernels
 * take every core. V8 collects garbage on helper threads by default; with as many kernel threads as
 * cores those helpers preempt one thread of a parallel kernel, and a parallel region waits for its
 * slowest thread: on 2 cores a minibatch GraphSAGE step took 35 ms on 2 threads against 20 ms on
 * one, and 17 ms on 2 threads with the flag (README, issue 19). The flag is refused in NODE_OPTIONS
 * and aborts V8 when set from inside a running process, hence a second process.
 *
 * The child is the real command; the parent only waits for it, forwards signals and returns its
 * exit status. On Linux the addon asks the kernel to kill the child when the parent dies, even by
 * SIGKILL, so no orphan goes on training. Elsewhere, or without the addon, nothing is re-executed.
 * DEEPGRAPH_RELAUNCH=0 turns it off.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { tryLoadAddon } from '../kernels/native/binding.js';

/** Set in the child's environment to the parent's pid; removed by the child at once. */
const PARENT_VARIABLE = 'DEEPGRAPH_RELAUNCHED_BY';
const GC_FLAG = '--single-threaded-gc';

interface ProcessAddon { dieWithParent(parentPid: number): boolean }

function processAddon(): ProcessAddon | null {
  const a = tryLoadAddon() as unknown as Partial<ProcessAddon> | null;
  return a !== null && typeof a.dieWithParent === 'function' ? (a as ProcessAddon) : null;
}

/** The value of `--name N` or `--name=N` in args, else undefined. */
function optionValue(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return undefined;
}

/**
 * The Node flags the command line `argv` (after `deepgraph`) wants and this process lacks; [] when
 * it should run here. Only `train` and `bench` on the native backend with at least one kernel
 * thread per core ask for any; `bench --threads N` counts N, everything else the cores.
 */
export function wantedNodeFlags(argv: readonly string[], execArgv: readonly string[] = process.execArgv,
  env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): string[] {
  if (env.DEEPGRAPH_RELAUNCH === '0' || env[PARENT_VARIABLE] !== undefined) return [];
  const [command, ...rest] = argv;
  if (command !== 'train' && command !== 'bench') return [];
  if (rest.includes('-h') || rest.includes('--help') || (command === 'bench' && rest.length === 0)) return [];
  if (execArgv.some((f) => f === GC_FLAG || f === '--no-single-threaded-gc')) return [];
  const backend = command === 'bench' ? optionValue(rest, 'backend') ?? 'native' : env.DEEPGRAPH_BACKEND ?? 'native';
  if (backend === 'js') return [];
  const threads = command === 'bench' ? Number(optionValue(rest, 'threads') ?? cores) : cores;
  return Number.isFinite(threads) && threads >= cores ? [GC_FLAG] : [];
}

/**
 * In a re-executed child: forgets the marker (so commands this one starts decide for themselves)
 * and ties this process's life to its parent's. Returns false when the parent is already gone.
 */
export function adoptRelaunch(): boolean {
  const parent = process.env[PARENT_VARIABLE];
  if (parent === undefined) return true;
  delete process.env[PARENT_VARIABLE];
  return processAddon()?.dieWithParent(Number(parent)) ?? false;
}

/**
 * Runs `script argv` in a child Node with `flags` and resolves to its exit code; null when this
 * platform cannot tie the child to this process (the caller then runs the command itself).
 */
export function relaunch(script: string, argv: readonly string[], flags: readonly string[]): Promise<number> | null {
  if (process.platform !== 'linux' || processAddon() === null) return null;
  // Handlers first: without one, a signal that arrives while spawn() runs would kill this process
  // alone. With one it waits in the event loop until spawn() has returned, so the child exists.
  // A terminal's Ctrl-C reaches both processes; the child decides what it means.
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  let target: ChildProcess | null = null;
  const forward = (sig: NodeJS.Signals): void => { target?.kill(sig); };
  for (const s of signals) process.on(s, forward);
  const child = spawn(process.execPath, [...flags, ...process.execArgv, script, ...argv],
    { stdio: 'inherit', env: { ...process.env, [PARENT_VARIABLE]: String(process.pid) } });
  target = child;
  return new Promise((resolve, reject) => {
    child.on('error', (err) => { for (const s of signals) process.off(s, forward); reject(err); });
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      // Ended by a signal: end the same way, so a shell sees 128 + n as it would without the parent.
      if (signal !== null) process.kill(process.pid, signal);
      resolve(code ?? 1);
    });
  });
}
