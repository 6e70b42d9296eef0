/**
 * safetensors on bytes (browser-safe): saveSafetensors writes the layout the reference
 * implementation writes, loadSafetensors reads any valid file, converting the dtypes deepgraph
 * lacks to the nearest one it has.
 */
import { DataFormatError, DeepGraphError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { parseSafetensorsBytes, SAFETENSORS_WIDTH, type HeaderEntry } from './safetensors-header.js';
import { asBytes, type BytesInput } from './bytes.js';

/** Named tensors as a Map (a module's stateDict()) or a plain object. */
export type TensorMapLike = ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>;

/** What loadSafetensors returns: the tensors by name (a state dict) plus the file's `__metadata__`. */
export class TensorFile extends Map<string, Tensor> {
  /** The `__metadata__` strings ({} when the file has none). */
  metadata: Record<string, string> = {};
}

/** Options of `saveSafetensors` (the safetensors library's `save`). */
export interface SaveSafetensorsOptions {
  /** Stored as the header's `__metadata__` (string values only, as the format requires). */
  metadata?: Readonly<Record<string, string>>;
}

/** Options of `loadSafetensors` (the safetensors library's `load`). */
export interface LoadSafetensorsOptions {
  /** Names the source in error messages (a path, a URL); default '<bytes>'. */
  name?: string;
}

const TO_FORMAT: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32', uint8: 'U8', bool: 'BOOL' };
const DIRECT: Record<string, DType> = { F32: 'float32', F64: 'float64', I32: 'int32', U8: 'uint8', BOOL: 'bool' };
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function entriesOf(tensors: TensorMapLike, what: string): [string, Tensor][] {
  const list = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors as Record<string, Tensor>);
  for (const [name, t] of list) {
    if (!(t instanceof Tensor)) throw new DeepGraphError(`${what}: '${name}' is not a Tensor`);
    if (name === '__metadata__') throw new DeepGraphError(`${what}: '__metadata__' is reserved by the format and cannot name a tensor`);
  }
  return list;
}

function checkMetadata(metadata: Readonly<Record<string, string>> | undefined, what: string): void {
  for (const [k, v] of Object.entries(metadata ?? {})) {
    if (typeof v !== 'string') throw new DeepGraphError(`${what}: metadata '${k}' must be a string, got ${typeof v}`);
  }
}

/** Raw little-endian bytes of a tensor's values. */
function bytesOf(t: Tensor): Uint8Array {
  const d = t.data;
  if (LITTLE_ENDIAN || d.BYTES_PER_ELEMENT === 1) return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  const out = new Uint8Array(d.byteLength), view = new DataView(out.buffer);
  for (let i = 0; i < d.length; i++) {
    if (d instanceof Float64Array) view.setFloat64(8 * i, d[i], true);
    else if (d instanceof Float32Array) view.setFloat32(4 * i, d[i], true);
    else view.setInt32(4 * i, d[i], true);
  }
  return out;
}

/**
 * Serialises named tensors to safetensors bytes. As the reference implementation does, tensors
 * are laid out by element width (widest first) and then by name, so every array starts at a
 * multiple of its width; the JSON header is padded with spaces to a multiple of 8 bytes. The
 * output depends only on the names, shapes, dtypes, values and metadata.
 */
export function saveSafetensors(tensors: TensorMapLike, opts: SaveSafetensorsOptions = {}): Uint8Array {
  const list = entriesOf(tensors, 'saveSafetensors');
  checkMetadata(opts.metadata, 'saveSafetensors');
  const order = list.map(([name, t]) => ({ name, t, width: SAFETENSORS_WIDTH[TO_FORMAT[t.dtype]] }))
    .sort((a, b) => b.width - a.width || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (opts.metadata !== undefined) header.__metadata__ = { ...opts.metadata };
  let at = 0;
  for (const { name, t } of order) {
    header[name] = { dtype: TO_FORMAT[t.dtype], shape: [...t.shape], data_offsets: [at, at + t.data.byteLength] };
    at += t.data.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + at);
  const view = new DataView(out.buffer);
  view.setUint32(0, padded % 0x100000000, true);
  view.setUint32(4, Math.floor(padded / 0x100000000), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + padded);
  let pos = 8 + padded;
  for (const { t } of order) { out.set(bytesOf(t), pos); pos += t.data.byteLength; }
  return out;
}

function narrow(file: string, e: HeaderEntry, i: number, v: number | bigint): number {
  const n = Number(v);
  if (n < -2147483648 || n > 2147483647) {
    throw new DataFormatError(`${file}: tensor '${e.name}' (${e.dtype}): value ${v} at flat index ${i} does not fit int32, ` +
      `deepgraph's integer dtype (ids above 2^31 cannot be represented)`);
  }
  return n;
}

function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1, exp = (bits >> 10) & 0x1f, frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Converts one entry's bytes; direct dtypes on little-endian hosts view `bytes` when aligned. */
export function decodeEntry(e: HeaderEntry, bytes: Uint8Array, file: string): Tensor {
  const width = SAFETENSORS_WIDTH[e.dtype], count = (e.end - e.begin) / width;
  const direct = DIRECT[e.dtype];
  if (e.dtype === 'BOOL') {
    const bad = bytes.findIndex((b) => b > 1);
    if (bad >= 0) throw new DataFormatError(`${file}: tensor '${e.name}' (BOOL): byte ${bytes[bad]} at flat index ${bad} is neither 0 nor 1`);
  }
  if (direct !== undefined && (LITTLE_ENDIAN || width === 1)) {
    const aligned = bytes.byteOffset % width === 0;
    // new Uint8Array(x) copies; Buffer.prototype.slice would not.
    const src = aligned ? bytes : new Uint8Array(bytes);
    const arr = direct === 'float32' ? new Float32Array(src.buffer, src.byteOffset, count)
      : direct === 'float64' ? new Float64Array(src.buffer, src.byteOffset, count)
        : direct === 'int32' ? new Int32Array(src.buffer, src.byteOffset, count) : new Uint8Array(src.buffer, src.byteOffset, count);
    return new Tensor(arr, e.shape, direct);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const floatOut = (f: (i: number) => number, dtype: 'float32' | 'float64'): Tensor => {
    const out = dtype === 'float32' ? new Float32Array(count) : new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = f(i);
    return new Tensor(out, e.shape, dtype);
  };
  const intOut = (f: (i: number) => number | bigint): Tensor => {
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) out[i] = narrow(file, e, i, f(i));
    return new Tensor(out, e.shape, 'int32');
  };
  switch (e.dtype) {
    case 'F64': return floatOut((i) => view.getFloat64(8 * i, true), 'float64');
    case 'F32': return floatOut((i) => view.getFloat32(4 * i, true), 'float32');
    case 'F16': return floatOut((i) => half(view.getUint16(2 * i, true)), 'float32');
    case 'BF16': {
      // bfloat16 is the upper half of a float32: shifting the bits back up is exact.
      const out = new Float32Array(count), bits = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) bits[i] = view.getUint16(2 * i, true) << 16;
      return new Tensor(out, e.shape, 'float32');
    }
    case 'I64': return intOut((i) => view.getBigInt64(8 * i, true));
    case 'U64': return intOut((i) => view.getBigUint64(8 * i, true));
    case 'I32': return intOut((i) => view.getInt32(4 * i, true));
    case 'U32': return intOut((i) => view.getUint32(4 * i, true));
    case 'I16': return intOut((i) => view.getInt16(2 * i, true));
    case 'U16': return intOut((i) => view.getUint16(2 * i, true));
    case 'I8': return intOut((i) => view.getInt8(i));
    default: throw new DataFormatError(`${file}: tensor '${e.name}': dtype '${e.dtype}' cannot be converted`);
  }
}

/**
 * Reads safetensors bytes into named tensors (a state dict, with the file's `metadata`). The
 * header is checked in full against the byte length first. F32, F64, I32, U8 and BOOL tensors
 * view `bytes` without copying when aligned (so they change if `bytes` is changed); F16 and BF16
 * become float32, the other integer types int32 (an error names the tensor and the value when
 * one does not fit).
 */
export function loadSafetensors(input: BytesInput, opts: LoadSafetensorsOptions = {}): TensorFile {
  const bytes = asBytes(input);
  const file = opts.name ?? '<bytes>';
  const header = parseSafetensorsBytes(bytes, file);
  const out = new TensorFile();
  out.metadata = header.metadata ?? {};
  const byName = [...header.entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of byName) {
    out.set(e.name, decodeEntry(e, bytes.subarray(header.dataStart + e.begin, header.dataStart + e.end), file));
  }
  return out;
}
