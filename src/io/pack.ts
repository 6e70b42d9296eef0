/**
 * Splits a JSON-like value into JSON text plus named tensors, and back, so that a checkpoint
 * (state dicts, optimizer moments, counters, user extras) fits one safetensors file: tensors and
 * typed arrays become entries, everything else the header's JSON. Non-finite numbers (a
 * scheduler's best = Infinity) and -0 survive, which plain JSON would not allow.
 */
import { DataFormatError, DeepGraphError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { TensorFile } from './safetensors.js';

type Ref = { $tensor: string } | { $array: string } | { $number: string } | { $map: [string, unknown][] };

/** Replaces tensors and typed arrays in `value` by references to entries added to `out`. */
export function pack(value: unknown, path: string, out: Map<string, Tensor>): unknown {
  if (out.has(path)) throw new DeepGraphError(`checkpoint: two values would both be stored as '${path}' (rename a key containing '/')`);
  if (value instanceof Tensor) {
    out.set(path, value);
    return { $tensor: path } satisfies Ref;
  }
  if (value instanceof Float32Array || value instanceof Float64Array || value instanceof Int32Array || value instanceof Uint8Array) {
    out.set(path, new Tensor(value, [value.length]));
    return { $array: path } satisfies Ref;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) && !Object.is(value, -0) ? value : { $number: String(Object.is(value, -0) ? '-0' : value) } satisfies Ref;
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Map) {
    return { $map: [...value.entries()].map(([k, v]) => [String(k), pack(v, `${path}/${String(k)}`, out)]) } satisfies Ref;
  }
  if (Array.isArray(value)) return value.map((v, i) => pack(v, `${path}/${i}`, out));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) o[k] = pack(v, `${path}/${k}`, out);
    return o;
  }
  throw new DeepGraphError(`checkpoint: '${path}' holds a ${typeof value === 'object' ? value.constructor?.name ?? 'object' : typeof value}, ` +
    'which cannot be saved (use numbers, strings, booleans, null, arrays, plain objects, Maps, tensors and typed arrays)');
}

/** The inverse of pack: references are resolved against the file's tensors. */
export function unpack(value: unknown, tensors: TensorFile, file: string): unknown {
  if (Array.isArray(value)) return value.map((v) => unpack(v, tensors, file));
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  const entry = (name: unknown): Tensor => {
    const t = typeof name === 'string' ? tensors.get(name) : undefined;
    if (t === undefined) throw new DataFormatError(`${file}: the checkpoint refers to tensor '${String(name)}', which the file lacks`);
    return t;
  };
  if ('$tensor' in o) return entry(o.$tensor);
  if ('$array' in o) return entry(o.$array).data;
  if ('$number' in o) return o.$number === '-0' ? -0 : Number(o.$number);
  if ('$map' in o) {
    if (!Array.isArray(o.$map)) throw new DataFormatError(`${file}: malformed map in the checkpoint state`);
    return new Map((o.$map as [string, unknown][]).map(([k, v]) => [k, unpack(v, tensors, file)]));
  }
  const r: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) r[k] = unpack(v, tensors, file);
  return r;
}
