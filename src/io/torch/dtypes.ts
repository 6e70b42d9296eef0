import type { DType } from '../../tensor/dtype.js';

/** How one torch storage type is stored (element width) and which deepgraph dtype it becomes. */
export interface StorageType {
  /** torch's dtype name, for messages. */
  torchName: string;
  itemSize: number;
  /** float16 / bfloat16 widen exactly to float32; int64, int16, int8 narrow or widen to int32 (int64 checked). */
  dtype: DType;
  read(view: DataView, byteOffset: number, littleEndian: boolean): number;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f, frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const scratch = new DataView(new ArrayBuffer(4));
function bfloat16ToFloat(b: number): number {
  scratch.setUint32(0, b << 16);
  return scratch.getFloat32(0);
}

/**
 * The storage classes `torch.save` names in persistent ids (torch.FloatStorage...). Complex and
 * quantized storages are absent on purpose: a file using them is refused with the type named.
 */
export const STORAGE_TYPES = {
  FloatStorage: { torchName: 'float32', itemSize: 4, dtype: 'float32', read: (v, o, le) => v.getFloat32(o, le) },
  DoubleStorage: { torchName: 'float64', itemSize: 8, dtype: 'float64', read: (v, o, le) => v.getFloat64(o, le) },
  HalfStorage: { torchName: 'float16', itemSize: 2, dtype: 'float32', read: (v, o, le) => halfToFloat(v.getUint16(o, le)) },
  BFloat16Storage: { torchName: 'bfloat16', itemSize: 2, dtype: 'float32', read: (v, o, le) => bfloat16ToFloat(v.getUint16(o, le)) },
  LongStorage: { torchName: 'int64', itemSize: 8, dtype: 'int32', read: readInt64 },
  IntStorage: { torchName: 'int32', itemSize: 4, dtype: 'int32', read: (v, o, le) => v.getInt32(o, le) },
  ShortStorage: { torchName: 'int16', itemSize: 2, dtype: 'int32', read: (v, o, le) => v.getInt16(o, le) },
  CharStorage: { torchName: 'int8', itemSize: 1, dtype: 'int32', read: (v, o) => v.getInt8(o) },
  ByteStorage: { torchName: 'uint8', itemSize: 1, dtype: 'uint8', read: (v, o) => v.getUint8(o) },
  BoolStorage: { torchName: 'bool', itemSize: 1, dtype: 'bool', read: (v, o) => (v.getUint8(o) === 0 ? 0 : 1) },
  UntypedStorage: { torchName: 'uint8', itemSize: 1, dtype: 'uint8', read: (v, o) => v.getUint8(o) },
} satisfies Record<string, StorageType>;

export type StorageTypeName = keyof typeof STORAGE_TYPES;

/** An int64 element as a number; one outside int32 is NaN, which the caller reports with its position. */
function readInt64(v: DataView, o: number, le: boolean): number {
  const x = v.getBigInt64(o, le);
  return x >= -2147483648n && x <= 2147483647n ? Number(x) : NaN;
}
