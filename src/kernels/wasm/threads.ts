/**
 * The wasm backend's worker threads. With the threads build (deepgraph-threads.wasm, a shared
 * memory), N - 1 workers (worker_threads in Node.js, Web Workers in a cross-origin-isolated page)
 * each run an instance of the module over the same memory, with a stack of their own. A kernel
 * cuts its output rows into chunks (several per thread), posts the job and wakes the workers; the
 * calling thread and every worker that wakes in time take chunks off a shared counter until none
 * are left (./thread-protocol.ts), then the caller waits for the workers still in a chunk (the tape
 * is synchronous): Atomics.wait in Node.js and in workers, a spin on Atomics.load on a page's main
 * thread, where Atomics.wait is not allowed. Fixed halves made a call as slow as its slowest thread:
 * on 2 cores any other runnable thread (another process, V8's background tier-up compile or GC)
 * halves one of them, and the median 2-thread run was no faster than 1 thread. Each output row is
 * written by exactly one thread with the same code, so results depend neither on the thread count
 * nor on which thread took which chunk. Small calls stay on the calling thread (partsFor), so that
 * Cora-size ops do not pay the wake-up.
 */
import { MAX_WASM_WORKERS, WORKER_STACK_BYTES, saySingleThreadedOnce, wasmThreadShare, wasmThreadsAllowed,
  type WasmExports, type WasmThreadShare } from './module.js';
import { ARGS, CHUNKS, COUNT, DONE, FAILED, IDLE, JOB_INTS, KERNEL, MAX_CHUNKS, NEXT, POSTED, READY, SLOT, STATE, STOP, THREAD_KERNELS,
  runChunks, type ThreadKernel, type WorkerInit } from './thread-protocol.js';

/** Least work (about one multiply-add each) worth a part of its own: a wake-up costs tens of microseconds. */
export const MIN_PART_WORK = 1 << 16;
let minPartWork = MIN_PART_WORK;
/** Chunks per thread: enough that a thread slowed by half still finishes with the others. */
const CHUNKS_PER_THREAD = 8;
/** Least work of a chunk (a chunk costs one call from JavaScript into the module). */
const chunkWork = (): number => minPartWork / 8;
/** How long Node.js waits for a new worker to instantiate the module before going on without it. */
const START_TIMEOUT_MS = 10_000;

interface WorkerHandle { postMessage(m: unknown): void; terminate(): unknown }

function nodeBuiltin<T>(id: string): T | null {
  const get = typeof process !== 'undefined' ? process.getBuiltinModule : undefined;
  return typeof get === 'function' ? (get(id) as T) : null;
}

function defaultThreads(): number {
  const os = nodeBuiltin<typeof import('node:os')>('node:os');
  const cores = os ? os.availableParallelism() : (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(cores, MAX_WASM_WORKERS + 1));
}

/** Whether this thread may block in Atomics.wait (not a page's main thread). */
const canBlock = ((): boolean => {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
})();

class Pool {
  readonly state = new Int32Array(new SharedArrayBuffer(4 * SLOT * MAX_WASM_WORKERS));
  readonly job = new Int32Array(new SharedArrayBuffer(4 * JOB_INTS));
  readonly args = new Float64Array(new SharedArrayBuffer(8 * ARGS * MAX_CHUNKS));
  readonly workers: WorkerHandle[] = [];
  private started: Promise<void>[] = [];

  constructor(readonly share: WasmThreadShare) {}

  /** Workers that have instantiated the module, in order (a job goes to the first `ready()`). */
  ready(): number {
    let n = 0;
    while (n < this.workers.length && Atomics.load(this.state, n * SLOT + READY) === 1) n++;
    return n;
  }

  /** Starts workers up to `count`; in Node.js waits until they have instantiated the module. */
  grow(count: number): void {
    while (this.workers.length < count) {
      const index = this.workers.length;
      const init: WorkerInit = { module: this.share.module, memory: this.share.memory, state: this.state.buffer as SharedArrayBuffer,
        job: this.job.buffer as SharedArrayBuffer, args: this.args.buffer as SharedArrayBuffer, index, stackTop: this.share.stackBase + (index + 1) * WORKER_STACK_BYTES };
      const url = new URL('./thread-worker.js', import.meta.url);
      const wt = nodeBuiltin<typeof import('node:worker_threads')>('node:worker_threads');
      let w: WorkerHandle;
      if (wt) {
        // Not the parent's --input-type (a script run with -e), which a file worker refuses.
        const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
        let nw: import('node:worker_threads').Worker;
        try {
          nw = new wt.Worker(url, { execArgv });
        } catch (err) {
          // V8 flags (node --trace-gc, --no-liftoff, ...) are per process, and a worker refuses them.
          if ((err as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw err;
          nw = new wt.Worker(url, { execArgv: [] });
        }
        // A worker that fails to start is not a crash: it never becomes ready, and the kernels use the others.
        nw.on('error', () => undefined);
        nw.unref();
        w = nw;
      } else {
        const WebWorker = (globalThis as unknown as { Worker: new (u: URL, o: object) => WorkerHandle }).Worker;
        w = new WebWorker(new URL('./thread-worker.js', import.meta.url), { type: 'module' });
      }
      w.postMessage(init);
      this.workers.push(w);
      this.started.push(this.whenReady(index));
      if (wt && canBlock) Atomics.wait(this.state, index * SLOT + READY, 0, START_TIMEOUT_MS);
    }
  }

  private async whenReady(index: number): Promise<void> {
    const at = index * SLOT + READY;
    for (let t = 0; t < START_TIMEOUT_MS / 10 && Atomics.load(this.state, at) !== 1; t++) await new Promise((ok) => setTimeout(ok, 10));
  }

  /** Resolves once every started worker is ready (or gave up starting). */
  async allReady(): Promise<void> {
    await Promise.all(this.started);
  }

  /** Stops workers past `count`. */
  shrink(count: number): void {
    while (this.workers.length > count) {
      const index = this.workers.length - 1;
      Atomics.store(this.state, index * SLOT + STATE, STOP);
      Atomics.notify(this.state, index * SLOT + STATE);
      this.workers.pop()?.terminate();
      this.started.pop();
      Atomics.store(this.state, index * SLOT + READY, 0);
      Atomics.store(this.state, index * SLOT + STATE, IDLE);
    }
  }

  /** Writes the job (all its chunks' arguments) for the workers; posting it is wake(). */
  setJob(kernel: ThreadKernel, chunks: readonly (readonly number[])[]): void {
    for (let i = 0; i < chunks.length; i++) this.args.set(chunks[i], i * ARGS);
    this.job[KERNEL] = THREAD_KERNELS.indexOf(kernel);
    this.job[CHUNKS] = chunks.length;
    this.job[COUNT] = chunks[0].length;
    Atomics.store(this.job, NEXT, 0);
  }

  wake(w: number): void {
    const at = w * SLOT + STATE;
    Atomics.store(this.state, at, POSTED);
    Atomics.notify(this.state, at);
  }

  /**
   * Ends worker `w`'s part of the job: takes the job back if the worker has not claimed it, else
   * waits until it finishes its chunk. True unless one of its chunks trapped.
   */
  join(w: number): boolean {
    const at = w * SLOT + STATE;
    if (Atomics.compareExchange(this.state, at, POSTED, IDLE) === POSTED) return true;
    let s: number;
    if (canBlock) while ((s = Atomics.load(this.state, at)) !== DONE && s !== FAILED) Atomics.wait(this.state, at, s);
    else while ((s = Atomics.load(this.state, at)) !== DONE && s !== FAILED);
    Atomics.store(this.state, at, IDLE);
    return s === DONE;
  }
}

let wanted = 0;
let pool: Pool | null = null;

/** The pool of the loaded module (null for the single-threaded build), started up to the wanted count. */
function poolFor(share: WasmThreadShare | null): Pool | null {
  if (pool !== null && pool.share !== share) {
    pool.shrink(0);
    pool = null;
  }
  if (share === null) return null;
  pool ??= new Pool(share);
  const workers = Math.min(threadsWanted(), MAX_WASM_WORKERS + 1) - 1;
  if (pool.workers.length > workers) pool.shrink(workers);
  else if (pool.workers.length < workers) pool.grow(workers);
  return pool;
}

function threadsWanted(): number {
  if (wanted === 0) wanted = defaultThreads();
  return wanted;
}

/**
 * Threads for the wasm kernels (dg.setNumThreads sets it with the native addon's). More than one
 * needs the threads build, so Node.js or a cross-origin-isolated page; elsewhere one thread is used
 * and the page says so once.
 */
export function setWasmThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`setWasmThreads: n must be a positive integer, got ${n}`);
  wanted = n;
  if (n > 1) saySingleThreadedOnce();
  poolFor(wasmThreadShare());
}

/**
 * Threads the wasm kernels use now: 1 + the ready workers of the threads build (workers start on
 * the first kernel call, dg.ready() or setWasmThreads; asking starts none).
 */
export function wasmThreads(): number {
  const share = wasmThreadShare();
  return pool !== null && share !== null && pool.share === share ? 1 + Math.min(pool.ready(), threadsWanted() - 1) : 1;
}

/** Starts the wanted workers of a loaded threads build and resolves once they are ready (dg.ready() awaits it). */
export async function startWasmThreads(): Promise<void> {
  if (!wasmThreadsAllowed()) return;
  await poolFor(wasmThreadShare())?.allReady();
}

/**
 * Into how many chunks (1 = the calling thread only) a call of about `work` multiply-adds is cut:
 * `perThread` for each thread (fewer where each chunk repeats some setup), none below a least work.
 */
export function partsFor(ex: WasmExports, work: number, perThread = CHUNKS_PER_THREAD): number {
  if (work < 2 * minPartWork) return 1;
  const p = poolFor(wasmThreadShare());
  if (p === null || p.share.memory !== ex.memory || p.ready() === 0) return 1;
  return Math.max(1, Math.min((1 + p.ready()) * perThread, MAX_CHUNKS, Math.floor(work / chunkWork())));
}

/**
 * Test hook: the least work of a part (null = MIN_PART_WORK): 1 splits every call of two or more
 * rows between the threads, Infinity keeps every call on the calling thread.
 */
export function setMinPartWorkForTests(work: number | null): void {
  minPartWork = work ?? MIN_PART_WORK;
}

/**
 * Runs `kernel` once per argument list (a chunk) and returns when all have finished: this thread
 * and the ready workers take chunks in turn off a shared counter. The chunks must write disjoint
 * memory and take the same number of arguments.
 */
export function runParts(ex: WasmExports, kernel: ThreadKernel, parts: readonly (readonly number[])[]): void {
  const fn = ex[kernel] as (...a: number[]) => void;
  const p = parts.length > 1 ? pool : null;
  const helpers = p === null || p.share.memory !== ex.memory || parts.length > MAX_CHUNKS ? 0 : Math.min(parts.length - 1, p.ready());
  if (helpers === 0) {
    for (const args of parts) fn(...args);
    return;
  }
  p!.setJob(kernel, parts);
  for (let i = 0; i < helpers; i++) p!.wake(i);
  let mine: unknown = null, failed = false;
  try {
    mine = runChunks(fn, p!.job, p!.args);
  } finally {
    for (let i = 0; i < helpers; i++) failed = !p!.join(i) || failed;
  }
  if (mine !== null) throw mine;
  if (failed) throw new Error(`${kernel}: a wasm worker thread trapped`);
}

/**
 * Row boundaries [0, ..., rows] cutting a CSR (its indptr read in the module's memory) into `parts`
 * ranges of about equal rows + entries, the cost of a row of g-SpMM or a segment reduction.
 */
export function csrSplits(indptr: Int32Array, rows: number, parts: number): number[] {
  const total = indptr[rows] + rows, b = [0];
  for (let k = 1; k < parts; k++) {
    const target = (total * k) / parts;
    let lo = b[k - 1], hi = rows;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (indptr[mid] + mid < target) lo = mid + 1;
      else hi = mid;
    }
    b.push(lo);
  }
  b.push(rows);
  return b;
}

/** Boundaries [0, ..., rows] of `parts` about equal ranges, each cut at a multiple of `multiple`. */
export function evenSplits(rows: number, parts: number, multiple = 1): number[] {
  const b = [0];
  for (let k = 1; k < parts; k++) b.push(Math.min(rows, Math.max(b[k - 1], Math.round((rows * k) / parts / multiple) * multiple)));
  b.push(rows);
  return b;
}

/** One argument list per range [b[i], b[i + 1]) of the boundaries, empty ranges left out. */
export function perRange(b: readonly number[], args: (lo: number, hi: number) => number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i + 1 < b.length; i++) if (b[i + 1] > b[i] || b.length === 2) out.push(args(b[i], b[i + 1]));
  return out;
}
