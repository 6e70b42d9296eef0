import type { DType } from '../../tensor/dtype.js';

/** A storage's elements as numbers (int64 as exact-or-rounded doubles, checked when narrowed). */
export type DecodedStorage = Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array;

/** How one torch storage type is stored (element width) and which deepgraph dtype it becomes. */
export interface StorageType {
  /** torch's dtype name, for messages. */
  torchName: string;
  itemSize: number;
  /** float16 / bfloat16 widen exactly to float32; int64, int16, int8 narrow or widen to int32 (int64 checked). */
  dtype: DType;
  /** All `numel` elements of a storage's bytes, in one pass (a typed-array view of a copy when the layout is ours). */
  decode(bytes: Uint8Array, numel: number, littleEndian: boolean): DecodedStorage;
}

/** A copy of the first n bytes in a fresh buffer, so typed arrays over it are aligned. Not bytes.slice: on a Buffer that is a view. */
function aligned(bytes: Uint8Array, n: number): ArrayBuffer {
  return (Uint8Array.prototype.slice.call(bytes, 0, n) as Uint8Array).buffer as ArrayBuffer;
}

/** Big-endian (or otherwise foreign) elements, one DataView read each. */
function viaDataView<T extends DecodedStorage | Uint16Array>(out: T, bytes: Uint8Array, read: (v: DataView, o: number) => number, itemSize: number): T {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = read(view, i * itemSize);
  return out;
}

function words16(bytes: Uint8Array, numel: number, le: boolean): Uint16Array {
  return le ? new Uint16Array(aligned(bytes, numel * 2)) : viaDataView(new Uint16Array(numel), bytes, (v, o) => v.getUint16(o, false), 2);
}

let halfTable: Float32Array | null = null;
/** float16 bits -> value for all 65536 patterns (built once), so decoding is one lookup per element. */
function halfValues(): Float32Array {
  if (halfTable !== null) return halfTable;
  halfTable = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1, exp = (h >> 10) & 0x1f, frac = h & 0x3ff;
    halfTable[h] = exp === 0 ? sign * frac * 2 ** -24 : exp === 0x1f ? (frac === 0 ? sign * Infinity : NaN) : sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  return halfTable;
}

function decodeHalf(bytes: Uint8Array, numel: number, le: boolean): Float32Array {
  const w = words16(bytes, numel, le), table = halfValues(), out = new Float32Array(numel);
  for (let i = 0; i < numel; i++) out[i] = table[w[i]];
  return out;
}

/** bfloat16 is the top half of a float32: shift the bits into place. */
function decodeBfloat16(bytes: Uint8Array, numel: number, le: boolean): Float32Array {
  const w = words16(bytes, numel, le), out = new Float32Array(numel), bits = new Uint32Array(out.buffer);
  for (let i = 0; i < numel; i++) bits[i] = w[i] << 16;
  return out;
}

function decodeInt64(bytes: Uint8Array, numel: number, le: boolean): Float64Array {
  const out = new Float64Array(numel);
  if (!le) return viaDataView(out, bytes, (v, o) => Number(v.getBigInt64(o, false)), 8);
  const halves = new Int32Array(aligned(bytes, numel * 8));
  for (let i = 0; i < numel; i++) out[i] = halves[2 * i + 1] * 4294967296 + (halves[2 * i] >>> 0);
  return out;
}

function plain<T extends DecodedStorage>(make: { new(b: ArrayBuffer): T; new(n: number): T }, itemSize: number,
  read: (v: DataView, o: number) => number): StorageType['decode'] {
  return (bytes, numel, le) => (le || itemSize === 1 ? new make(aligned(bytes, numel * itemSize)) : viaDataView(new make(numel), bytes, read, itemSize));
}

/**
 * The storage classes `torch.save` names in persistent ids (torch.FloatStorage...). Complex and
 * quantized storages are absent on purpose: a file using them is refused with the type named.
 */
export const STORAGE_TYPES = {
  FloatStorage: { torchName: 'float32', itemSize: 4, dtype: 'float32', decode: plain(Float32Array, 4, (v, o) => v.getFloat32(o, false)) },
  DoubleStorage: { torchName: 'float64', itemSize: 8, dtype: 'float64', decode: plain(Float64Array, 8, (v, o) => v.getFloat64(o, false)) },
  HalfStorage: { torchName: 'float16', itemSize: 2, dtype: 'float32', decode: decodeHalf },
  BFloat16Storage: { torchName: 'bfloat16', itemSize: 2, dtype: 'float32', decode: decodeBfloat16 },
  LongStorage: { torchName: 'int64', itemSize: 8, dtype: 'int32', decode: decodeInt64 },
  IntStorage: { torchName: 'int32', itemSize: 4, dtype: 'int32', decode: plain(Int32Array, 4, (v, o) => v.getInt32(o, false)) },
  ShortStorage: { torchName: 'int16', itemSize: 2, dtype: 'int32', decode: plain(Int16Array, 2, (v, o) => v.getInt16(o, false)) },
  CharStorage: { torchName: 'int8', itemSize: 1, dtype: 'int32', decode: plain(Int8Array, 1, (v, o) => v.getInt8(o)) },
  ByteStorage: { torchName: 'uint8', itemSize: 1, dtype: 'uint8', decode: plain(Uint8Array, 1, (v, o) => v.getUint8(o)) },
  BoolStorage: { torchName: 'bool', itemSize: 1, dtype: 'bool', decode: (b, n) => Uint8Array.from(b.subarray(0, n), (x) => (x === 0 ? 0 : 1)) },
  UntypedStorage: { torchName: 'uint8', itemSize: 1, dtype: 'uint8', decode: plain(Uint8Array, 1, (v, o) => v.getUint8(o)) },
} satisfies Record<string, StorageType>;

export type StorageTypeName = keyof typeof STORAGE_TYPES;
