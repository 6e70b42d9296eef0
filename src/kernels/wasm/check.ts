/**
 * Argument checks of the wasm backend, the same as the addon's (native/napi_util.cc): the wasm
 * kernels trust their arguments, so everything they read is checked here first. Each message
 * starts with `kernel: argument`; wrong types are TypeErrors, wrong values RangeErrors.
 */
import type { DataArray, FloatArray, IndexArray } from '../backend.js';

const MAX_INDEX = 2147483647;
const MAX_ELEMS = 2 ** 48;

function typeName(v: unknown): string {
  return ArrayBuffer.isView(v) ? v.constructor.name : v === null ? 'null' : Array.isArray(v) ? 'an Array' : typeof v;
}

/** A non-negative integer (below 2^31, or 2^48 for element counts). */
export function count(v: unknown, what: string, big = false): number {
  if (typeof v !== 'number') throw new TypeError(`${what} must be a number`);
  const limit = big ? MAX_ELEMS : MAX_INDEX;
  if (!Number.isInteger(v) || v < 0 || v > limit) throw new RangeError(`${what} must be a non-negative integer below ${limit}, got ${v}`);
  return v;
}

/** A boolean, else a TypeError. */
export function bool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') throw new TypeError(`${what} must be a boolean`);
  return v;
}

/** One of `names`. */
export function name<T extends string>(v: unknown, what: string, names: readonly T[]): T {
  if (typeof v !== 'string') throw new TypeError(`${what} must be a string`);
  if (!(names as readonly string[]).includes(v)) throw new RangeError(`${what}: unknown '${v}' (expected ${names.join(', ')})`);
  return v as T;
}

/** A Float32Array or Float64Array (or, when nullable, null / undefined as null), else a TypeError. */
export function floatArray(v: unknown, what: string): FloatArray;
export function floatArray(v: unknown, what: string, nullable: true): FloatArray | null;
export function floatArray(v: unknown, what: string, nullable = false): FloatArray | null {
  if (nullable && (v === null || v === undefined)) return null;
  if (!(v instanceof Float32Array || v instanceof Float64Array)) {
    throw new TypeError(`${what} must be a Float32Array or Float64Array, got ${typeName(v)}`);
  }
  return v;
}

/** An Int32Array (or, when nullable, null / undefined as null), else a TypeError. */
export function indexArray(v: unknown, what: string): IndexArray;
export function indexArray(v: unknown, what: string, nullable: true): IndexArray | null;
export function indexArray(v: unknown, what: string, nullable = false): IndexArray | null {
  if (nullable && (v === null || v === undefined)) return null;
  if (!(v instanceof Int32Array)) throw new TypeError(`${what} must be an Int32Array, got ${typeName(v)}`);
  return v;
}

/** Any array type a row gather moves. */
export function dataArray(v: unknown, what: string): DataArray {
  if (!(v instanceof Float32Array || v instanceof Float64Array || v instanceof Int32Array || v instanceof Uint8Array)) {
    throw new TypeError(`${what} must be a Float32/Float64/Int32/Uint8Array, got ${typeName(v)}`);
  }
  return v;
}

/** An array of at most 32 dimensions, each a count, with at most 2^48 elements in all. */
export function shape(v: unknown, what: string): number[] {
  if (!Array.isArray(v)) throw new TypeError(`${what} must be an array of dimensions`);
  if (v.length > 32) throw new RangeError(`${what} has ${v.length} dimensions (at most 32)`);
  let n = 1;
  return v.map((d, i) => {
    const x = count(d, `${what}[${i}]`, true);
    n *= x;
    if (n > MAX_ELEMS) throw new RangeError(`${what} [${v.join(', ')}] has too many elements`);
    return x;
  });
}

/** A RangeError unless `arr` has exactly `want` elements. */
export function expectLength(arr: ArrayLike<number>, want: number, what: string): void {
  if (arr.length !== want) throw new RangeError(`${what} has length ${arr.length}, expected ${want}`);
}

/** A TypeError unless `a` is the same kind of typed array as `ref`. */
export function sameDType(a: ArrayBufferView, ref: ArrayBufferView, what: string, refWhat: string): void {
  if (a.constructor !== ref.constructor) {
    throw new TypeError(`${what} is a ${a.constructor.name} but ${refWhat} is a ${ref.constructor.name}`);
  }
}

/** Every id in [0, bound). */
export function ids(a: Int32Array, bound: number, what: string): void {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (!(v >= 0 && v < bound)) throw new RangeError(`${what}[${i}] = ${v} is out of range [0, ${bound})`);
  }
}

/** Starts at 0, never decreases, ends at `total`. */
export function indptr(p: Int32Array, rows: number, total: number, what: string): void {
  if (p[0] !== 0) throw new RangeError(`${what}[0] = ${p[0]}, expected 0`);
  for (let i = 0; i < rows; i++) {
    if (p[i + 1] < p[i]) throw new RangeError(`${what} decreases at ${i + 1} (${p[i]} > ${p[i + 1]})`);
  }
  if (p[rows] !== total) throw new RangeError(`${what}[${rows}] = ${p[rows]}, expected the number of edges ${total}`);
}

/** Number of elements of a shape. */
export const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
