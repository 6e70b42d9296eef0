/**
 * One STREAM worker: owns the slice [lo, hi) of three shared Float64Arrays and runs a kernel on it
 * each time the coordinator bumps the generation counter (Atomics), then counts itself done.
 */
import { workerData } from 'node:worker_threads';

interface StreamWorkerData { a: SharedArrayBuffer; b: SharedArrayBuffer; c: SharedArrayBuffer; control: SharedArrayBuffer; lo: number; hi: number }

const { lo, hi } = workerData as StreamWorkerData;
const a = new Float64Array((workerData as StreamWorkerData).a);
const b = new Float64Array((workerData as StreamWorkerData).b);
const c = new Float64Array((workerData as StreamWorkerData).c);
// control[0] generation, control[1] op (0 copy, 1 scale, 2 add, 3 triad, 4 read, -1 exit), control[2] done count.
const control = new Int32Array((workerData as StreamWorkerData).control);
const scalar = 3;

for (let gen = 0; ;) {
  Atomics.wait(control, 0, gen);
  gen = Atomics.load(control, 0);
  const op = Atomics.load(control, 1);
  if (op < 0) break;
  if (op === 0) for (let i = lo; i < hi; i++) c[i] = a[i];
  else if (op === 1) for (let i = lo; i < hi; i++) b[i] = scalar * c[i];
  else if (op === 2) for (let i = lo; i < hi; i++) c[i] = a[i] + b[i];
  else if (op === 3) for (let i = lo; i < hi; i++) a[i] = b[i] + scalar * c[i];
  else {
    // Read only: four partial sums so the loop is not one serial add chain; the result lands in c[lo].
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = lo;
    for (; i + 3 < hi; i += 4) { s0 += a[i]; s1 += a[i + 1]; s2 += a[i + 2]; s3 += a[i + 3]; }
    for (; i < hi; i++) s0 += a[i];
    c[lo] = s0 + s1 + s2 + s3;
  }
  Atomics.add(control, 2, 1);
  Atomics.notify(control, 2);
}
