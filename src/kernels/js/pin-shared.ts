/**
 * Index arrays over a SharedArrayBuffer may be rewritten by another thread while a kernel runs.
 * The TypeScript kernels check an index array and then loop over it; a value changed in between
 * cannot corrupt memory here, but an indptr entry turned into 2^31 - 1 makes a loop run for
 * minutes. These kernels therefore get private copies of shared index arrays (the native backend
 * does the same in native/napi_util.cc); the sampling kernels validate each entry as they read it
 * and take the arrays as they are.
 */
import type { IndexArray } from '../backend.js';

const isSharedIndex = (v: unknown): v is Int32Array =>
  v instanceof Int32Array && typeof SharedArrayBuffer !== 'undefined' && v.buffer instanceof SharedArrayBuffer;

/** v, or a private copy when it is an Int32Array in shared memory. */
export function pinIndex<T>(v: T): T {
  return (isSharedIndex(v) ? (v as IndexArray).slice() : v) as T;
}

/** A shallow copy of an arguments object whose listed index fields are pinned (the object itself when none is shared). */
export function pinFields<T extends object>(args: T, fields: readonly (keyof T)[]): T {
  if (!fields.some((f) => isSharedIndex(args[f]))) return args;
  const out = { ...args };
  for (const f of fields) out[f] = pinIndex(out[f]);
  return out;
}
