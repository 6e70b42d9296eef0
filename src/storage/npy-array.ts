/** Opens the .npy files of a manifest entry as one ChunkedArray, checking headers and sizes first. */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../errors.js';
import { parseNpyHeader } from '../data/npy.js';
import { ChunkedArray, type StorageAccess, type StorageDType } from './chunked.js';

const DESCR_DTYPE: Record<string, StorageDType> = { '<f4': 'float32', '<f8': 'float64', '<i4': 'int32', '<i8': 'int64', '|u1': 'uint8', '|b1': 'uint8' };

/** The header of one .npy file, read without reading its data. */
function headerOf(file: string): { dtype: StorageDType; shape: number[]; dataOffset: number } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new DataFormatError(`${file}: the manifest names a file that cannot be opened: ${(e as Error).message}`);
  }
  try {
    const head = new Uint8Array(12);
    const got = readSync(fd, head, 0, 12, 0);
    const len = got < 10 ? 0 : head[6] === 1 ? head[8] | (head[9] << 8) : new DataView(head.buffer).getUint32(8, true);
    const buf = new Uint8Array(Math.min(12 + len, 1 << 20));
    const n = readSync(fd, buf, 0, buf.length, 0);
    const h = parseNpyHeader(buf.subarray(0, n), file);
    const dtype = DESCR_DTYPE[h.descr];
    if (dtype === undefined) throw new DataFormatError(`${file}: dtype '${h.descr}' cannot be stored (float32, float64, int32, int64, uint8)`);
    return { dtype, shape: h.shape, dataOffset: h.dataOffset };
  } finally {
    closeSync(fd);
  }
}

/** Options of `openNpyArray`. */
export interface OpenArrayOptions {
  access?: StorageAccess;
  chunkBytes?: number;
  /** Names the array in errors. */
  what: string;
  /** The row shape the manifest declares (checked against the files). */
  rowShape?: readonly number[];
}

/** An opened array: its chunks, element type and row shape (shape without the first dimension). */
export interface OpenedArray {
  array: ChunkedArray;
  dtype: StorageDType;
  rowShape: number[];
  numRows: number;
}

/**
 * Opens `path` (one .npy file or its chunk files, relative to dir). A 1-d chunk file holds
 * flattened rows; its length must be a whole number of rows of the declared row shape.
 */
export function openNpyArray(dir: string, path: string | string[], opts: OpenArrayOptions): OpenedArray {
  const files = (Array.isArray(path) ? path : [path]).map((p) => join(dir, p));
  const heads = files.map(headerOf);
  const dtype = heads[0].dtype;
  const rowShape = opts.rowShape !== undefined ? [...opts.rowShape] : heads[0].shape.slice(1);
  const rowLength = rowShape.reduce((a, b) => a * b, 1);
  const pieces = heads.map((h, i) => {
    if (h.dtype !== dtype) throw new DataFormatError(`${opts.what}: chunk ${files[i]} is ${h.dtype}, the first chunk is ${dtype}`);
    const elems = h.shape.reduce((a, b) => a * b, 1);
    if (h.shape.length > 1 && h.shape.slice(1).join(',') !== rowShape.join(',')) {
      throw new DataFormatError(`${opts.what}: ${files[i]} has rows of shape [${h.shape.slice(1).join(', ')}], expected [${rowShape.join(', ')}]`);
    }
    return { file: files[i], byteOffset: h.dataOffset, length: elems };
  });
  const array = ChunkedArray.open(dtype, pieces, { access: opts.access, chunkBytes: opts.chunkBytes, rowLength, what: opts.what });
  return { array, dtype, rowShape, numRows: rowLength === 0 ? 0 : array.length / rowLength };
}
