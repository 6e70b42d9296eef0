/**
 * The one validator of node and edge ids given to public functions (graph queries, subgraphs,
 * samplers, loaders, walks): every backend sees only ids that passed it, so both reject the same
 * inputs with the same error classes. Integers in [0, bound) only; a single number means a
 * one-element list; NaN, +-Infinity, fractions and values that would wrap in an Int32Array
 * (2^32 + k) are RangeErrors, anything that is not ids at all a TypeError, both naming the argument.
 */
import { DTypeError, ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

/** Largest node, edge or segment count: ids are int32. */
export const MAX_COUNT = 2 ** 31 - 1;

/** True for what validateIds accepts as ids (not a per-type record of them). */
export function isIdsInput(x: unknown): boolean {
  return typeof x === 'number' || x instanceof Tensor || Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

/**
 * Checks that x is ids or a per-type record of them ({ ntype: ids }); anything else (null, a
 * boolean, a string) is a TypeError naming the argument instead of silently meaning "no ids".
 */
export function checkIdsOrRecord(x: unknown, what: string): void {
  if (isIdsInput(x)) return;
  if (typeof x !== 'object' || x === null || x instanceof Map || Object.getPrototypeOf(x) !== Object.prototype) {
    throw new TypeError(`${what} must be ids (a number, an array, a typed array or an int32 tensor) or { ntype: ids }, got ${describe(x)}`);
  }
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'an object';
  return `${typeof x} ${String(x).slice(0, 40)}`;
}

/**
 * Ids as an Int32Array (the argument itself when it already is one), each an integer in
 * [0, bound). `what` names the argument in messages ("sampleNeighbors: seed node"), `context`
 * is appended to a bad value's message (" (the graph has 5 nodes)").
 */
export function validateIds(x: unknown, bound: number, what: string, context = ''): Int32Array {
  let raw: ArrayLike<number>;
  if (typeof x === 'number') raw = [x];
  else if (x instanceof Tensor) {
    if (x.dtype !== 'int32' && x.dtype !== 'uint8') throw new DTypeError(`${what}: ids must be an int32 tensor, got ${x.dtype}`);
    if (x.ndim > 1) throw new ShapeError(`${what}: expected a 1-d tensor of ids, got shape [${x.shape.join(', ')}]`);
    raw = x.data as ArrayLike<number>;
  } else if (Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView))) {
    if (x instanceof BigInt64Array || x instanceof BigUint64Array) throw new TypeError(`${what}: ids must be numbers, got a ${x.constructor.name}`);
    raw = x as ArrayLike<number>;
  } else {
    throw new TypeError(`${what}: ids must be a number, an array of numbers, a typed array or an int32 tensor, got ${describe(x)}`);
  }
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    if (typeof v !== 'number') throw new TypeError(`${what}: id at position ${i} is a ${typeof v}, not a number`);
    if (!(v >= 0 && v < bound) || !Number.isInteger(v)) {
      const why = Number.isInteger(v) ? `is out of range [0, ${bound})` : 'is not an integer';
      throw new RangeError(`${what} ${v} at position ${i} ${why}${context}`);
    }
  }
  return raw instanceof Int32Array ? raw : Int32Array.from(raw);
}

/** A count (numNodes, a segment length, a sample size): an integer in [0, max], else a RangeError naming it. */
export function checkCount(n: unknown, what: string, max = MAX_COUNT): number {
  if (typeof n !== 'number') throw new TypeError(`${what} must be a number, got ${describe(n)}`);
  if (!(Number.isInteger(n) && n >= 0 && n <= max)) {
    throw new RangeError(`${what} must be an integer in [0, ${max === MAX_COUNT ? '2^31 - 1' : max}], got ${n}`);
  }
  return n;
}
