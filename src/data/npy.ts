import { readFileSync } from 'node:fs';
import { DataFormatError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';

/** The typed arrays `.npy` files are read into. */
export type NpyArray = Int32Array | Float32Array | Float64Array | Uint8Array;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** What a .npy header says: dtype descriptor, shape, where the data starts and the bytes per element. */
export interface NpyHeader {
  descr: string;
  shape: number[];
  dataOffset: number;
  width: number;
}

const WIDTHS: Record<string, number> = { '<i4': 4, '<i8': 8, '<f4': 4, '<f8': 8, '|u1': 1, '|b1': 1, '|i1': 1 };

/**
 * Parses the header at the start of `buf` (the whole file or at least its header; a short buffer
 * is reported as a truncated header). Little-endian C-order arrays of the dtypes readNpy reads.
 */
export function parseNpyHeader(buf: Uint8Array, file: string): NpyHeader {
  if (buf.length < 10 || MAGIC.some((b, i) => buf[i] !== b)) throw new DataFormatError(`${file}: not a .npy file (bad magic)`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const major = buf[6];
  if (major !== 1 && buf.length < 12) throw new DataFormatError(`${file}: truncated .npy header`);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = (major === 1 ? 10 : 12) + headerLen;
  if (dataOffset > buf.length) throw new DataFormatError(`${file}: truncated .npy header`);
  const header = Buffer.from(buf.buffer, buf.byteOffset + (major === 1 ? 10 : 12), headerLen).toString('latin1');
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new DataFormatError(`${file}: unreadable .npy header (no descr, fortran_order or shape)`);
  if (fortran === 'True') throw new DataFormatError(`${file}: Fortran-ordered arrays are not supported`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new DataFormatError(`${file}: bad .npy shape (${shapeText.slice(0, 40)})`);
  const width = WIDTHS[descr];
  if (width === undefined) throw new DataFormatError(`${file}: unsupported dtype '${descr.replace(/[^\w<>|=]/g, '?').slice(0, 16)}' (int32, int64, float32, float64, uint8, bool)`);
  return { descr, shape, dataOffset, width };
}

/** The header of a format-1.0 .npy file of `descr` and `shape`, padded so the data starts on a 64-byte boundary. */
export function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[6] = 1; out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  return out;
}

/**
 * Reads a NumPy .npy file (format 1.0-3.0, little-endian, C order). int64 values are narrowed to
 * Int32Array after checking that each fits; bool/uint8 come back as Uint8Array.
 */
export function readNpy(file: string): { data: NpyArray; shape: number[] } {
  const buf = readFileSync(file);
  const { descr, shape, dataOffset: start, width } = parseNpyHeader(buf, file);
  const count = shape.reduce((a, b) => a * b, 1);
  if (buf.length - start !== count * width) {
    throw new DataFormatError(`${file}: shape [${shape.join(', ')}] of ${descr} needs ${count * width} data bytes, found ${buf.length - start}`);
  }
  const bytes = buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + buf.length);
  switch (descr) {
    case '<i4': return { data: new Int32Array(bytes), shape };
    case '<f4': return { data: new Float32Array(bytes), shape };
    case '<f8': return { data: new Float64Array(bytes), shape };
    case '<i8': return { data: narrowInt64(new BigInt64Array(bytes), file), shape };
    default: return { data: new Uint8Array(bytes), shape };
  }
}

function narrowInt64(wide: BigInt64Array, file: string): Int32Array {
  const out = new Int32Array(wide.length);
  for (let i = 0; i < wide.length; i++) {
    const v = wide[i];
    if (v > 2147483647n || v < -2147483648n) throw new DataFormatError(`${file}: int64 value ${v} at position ${i} does not fit int32`);
    out[i] = Number(v);
  }
  return out;
}

/** Writes a typed array as a .npy file (format 1.0), atomically. */
export function writeNpy(file: string, data: NpyArray | BigInt64Array, shape: readonly number[] = [data.length]): void {
  const descr = data instanceof Int32Array ? '<i4' : data instanceof Float32Array ? '<f4' : data instanceof Float64Array ? '<f8'
    : data instanceof BigInt64Array ? '<i8' : '|u1';
  const header = npyHeader(descr, shape);
  const out = new Uint8Array(header.length + data.byteLength);
  out.set(header, 0);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), header.length);
  writeFileAtomic(file, out);
}

/** Reads an edge list stored as two 1-d integer .npy files of equal length. */
export function readNpyEdges(srcPath: string, dstPath: string): { src: Int32Array; dst: Int32Array } {
  const read = (p: string): Int32Array => {
    const { data, shape } = readNpy(p);
    if (!(data instanceof Int32Array) || shape.length !== 1) throw new DataFormatError(`${p}: expected a 1-d int32 or int64 array, got shape [${shape.join(', ')}]`);
    return data;
  };
  const src = read(srcPath), dst = read(dstPath);
  if (src.length !== dst.length) throw new DataFormatError(`${dstPath}: ${dst.length} destinations for ${src.length} sources in ${srcPath}`);
  return { src, dst };
}
