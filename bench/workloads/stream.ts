/**
 * STREAM-like memory bandwidth (McCalpin): copy c=a, scale b=s*c, add c=a+b, triad a=b+s*c over
 * float64 arrays far larger than the caches, with STREAM's byte counting (16 or 24 bytes per
 * element; write-allocate traffic not counted), and `read` (a sum over a, 8 bytes per element: the
 * read-only rate that bounds a gather such as g-SpMM's source rows). The native addon has no stream kernel, so this
 * runs in plain JavaScript on typed arrays, split across --threads worker threads that share the
 * arrays (SharedArrayBuffer) and start together on an Atomics signal. Throughput uses the
 * fastest run, as STREAM does.
 */
import { Worker } from 'node:worker_threads';
import type { BenchOptions } from '../args.js';
import { STREAM_BYTES_PER_ELEMENT } from '../cost-model.js';
import { log, perSecond, printLine, resultLine, time } from '../harness.js';

const OPS = ['copy', 'scale', 'add', 'triad', 'read'];

export async function runStream(o: BenchOptions): Promise<void> {
  const n = o.size, threads = o.threads;
  const shared = (): SharedArrayBuffer => new SharedArrayBuffer(n * 8);
  const bufs = { a: shared(), b: shared(), c: shared() };
  new Float64Array(bufs.a).fill(1); new Float64Array(bufs.b).fill(2); new Float64Array(bufs.c).fill(0);
  const control = new Int32Array(new SharedArrayBuffer(12));
  const workers: Worker[] = [];
  for (let t = 0; t < threads; t++) {
    const lo = Math.floor((n * t) / threads), hi = Math.floor((n * (t + 1)) / threads);
    workers.push(new Worker(new URL('./stream-worker.js', import.meta.url), { workerData: { ...bufs, control: control.buffer, lo, hi } }));
  }
  await Promise.all(workers.map((w) => new Promise((resolve, reject) => { w.once('online', resolve); w.once('error', reject); })));
  // Node allows a blocking Atomics.wait on the main thread; it just sleeps until the workers finish.
  const run = (op: number): void => {
    Atomics.store(control, 2, 0);
    Atomics.store(control, 1, op);
    Atomics.add(control, 0, 1);
    Atomics.notify(control, 0);
    for (let done = Atomics.load(control, 2); done < threads; done = Atomics.load(control, 2)) {
      if (Atomics.wait(control, 2, done, 60_000) === 'timed-out') throw new Error('bench: stream workers did not finish within 60 s');
    }
  };
  try {
    log(`bench: stream with ${threads} worker thread(s), ${n} float64 elements per array (${(n * 8 / 1e6).toFixed(0)} MB each)`);
    for (const name of o.ops) {
      const op = OPS.indexOf(name);
      const t = time(() => run(op), { runs: o.runs, warmup: o.warmup, label: `stream ${name}` });
      const bytes = STREAM_BYTES_PER_ELEMENT[name] * n;
      printLine(resultLine('stream', { op: name, size: n, dtype: 'float64' }, { backend: 'js', threads }, t,
        { gbPerS: perSecond(bytes / 1e9, t.minMs) }, { impl: 'typed arrays in worker threads', bytesPerElement: STREAM_BYTES_PER_ELEMENT[name] }));
    }
  } finally {
    Atomics.store(control, 1, -1);
    Atomics.add(control, 0, 1);
    Atomics.notify(control, 0);
    await Promise.all(workers.map((w) => new Promise((resolve) => w.once('exit', resolve))));
  }
}
