/**
 * One array spread over several pieces (files, or ranges of a file), each piece memory-mapped
 * through the addon or read by ranges with fs: the interface that hides Node's single-ArrayBuffer
 * limit. Chunks hold whole rows, so a row never straddles two chunks.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DataFormatError } from '../errors.js';
import { tryLoadAddon } from '../kernels/native/binding.js';

/** Element types of stored arrays. */
export type StorageDType = 'float32' | 'float64' | 'int32' | 'int64' | 'uint8';
/** Typed arrays of those element types. */
export type StorageArray = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;
/** How stored arrays are reached: 'mmap' maps them through the addon, 'read' reads byte ranges with fs. */
export type StorageAccess = 'mmap' | 'read';

/** Bytes per element of a storage dtype. */
export const DTYPE_BYTES: Readonly<Record<StorageDType, number>> = { float32: 4, float64: 8, int32: 4, int64: 8, uint8: 1 };

type ArrayCtor = new (buffer: ArrayBufferLike, byteOffset?: number, length?: number) => StorageArray;
const CTORS: Record<StorageDType, ArrayCtor> = {
  float32: Float32Array, float64: Float64Array, int32: Int32Array, int64: BigInt64Array, uint8: Uint8Array,
} as unknown as Record<StorageDType, ArrayCtor>;

/** A new zeroed array of `dtype` with `n` elements. */
export function allocateStorage(dtype: StorageDType, n: number): StorageArray {
  return new CTORS[dtype](new ArrayBuffer(n * DTYPE_BYTES[dtype]), 0, n);
}

/** A run of elements stored contiguously in one file. */
export interface FilePiece {
  file: string;
  /** Where the piece's first element starts in the file. */
  byteOffset: number;
  /** Elements in the piece. */
  length: number;
}

interface Chunk {
  /** Index of the chunk's first element in the whole array. */
  start: number;
  length: number;
  file: string;
  byteOffset: number;
  /** The mapped elements ('mmap'), else null. */
  view: StorageArray | null;
}

interface MapAddon { mapFile(path: string, byteOffset: number, byteLength: number): ArrayBuffer }

/** The addon's mapFile, or null when the addon is missing or predates it. */
export function mapper(): MapAddon | null {
  const a = tryLoadAddon() as unknown as Partial<MapAddon> | null;
  return a !== null && typeof a.mapFile === 'function' ? (a as MapAddon) : null;
}

const fdCache = new Map<string, number>();
function fdOf(file: string): number {
  let fd = fdCache.get(file);
  if (fd === undefined) { fd = openSync(file, 'r'); fdCache.set(file, fd); }
  return fd;
}

/** Closes the file descriptors 'read' access keeps open (they are reopened on the next read). */
export function closeStorageFiles(): void {
  for (const fd of fdCache.values()) closeSync(fd);
  fdCache.clear();
}

/** Options of `ChunkedArray.open`. */
export interface ChunkOptions {
  access?: StorageAccess;
  /** Largest chunk in bytes; rounded down to whole rows (at least one). Default 1 GiB. */
  chunkBytes?: number;
  /** Elements per row (a chunk boundary never falls inside a row). Default 1. */
  rowLength?: number;
  /** Names the array in errors (e.g. "feature node/_N/feat"). */
  what?: string;
}

/** Default largest chunk: 1 GiB, well under V8's typed-array limit. */
export const DEFAULT_CHUNK_BYTES = 2 ** 30;

/**
 * A read-only array of `length` elements over file pieces, cut into chunks of at most chunkBytes
 * (whole rows). `read` copies any range across chunks; `chunkViews` gives the mapped chunks.
 */
export class ChunkedArray {
  readonly chunks: readonly Chunk[];
  readonly length: number;

  private constructor(readonly dtype: StorageDType, readonly access: StorageAccess, readonly rowLength: number,
    chunks: Chunk[], readonly what: string) {
    this.chunks = chunks;
    this.length = chunks.reduce((n, c) => n + c.length, 0);
  }

  /** Opens pieces; checks each file holds its bytes and each piece holds whole rows. */
  static open(dtype: StorageDType, pieces: readonly FilePiece[], opts: ChunkOptions = {}): ChunkedArray {
    const what = opts.what ?? 'array';
    const rowLength = opts.rowLength ?? 1;
    const width = DTYPE_BYTES[dtype];
    const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    if (!(Number.isSafeInteger(chunkBytes) && chunkBytes > 0)) throw new RangeError(`${what}: chunkBytes must be a positive integer, got ${chunkBytes}`);
    // A chunk smaller than one row holds one row.
    const rowsPerChunk = Math.max(1, Math.floor(chunkBytes / (width * Math.max(rowLength, 1))));
    let access = opts.access ?? 'mmap';
    const map = access === 'mmap' ? mapper() : null;
    if (access === 'mmap' && map === null) access = 'read';
    const chunks: Chunk[] = [];
    let start = 0;
    for (const p of pieces) {
      if (rowLength > 0 && p.length % rowLength !== 0) {
        throw new DataFormatError(`${what}: chunk boundary misaligned with rows: ${p.file} holds ${p.length} elements, not a multiple of the row length ${rowLength}`);
      }
      const need = p.byteOffset + p.length * width;
      let size: number;
      try {
        const fd = openSync(p.file, 'r');
        try { size = fstatSync(fd).size; } finally { closeSync(fd); }
      } catch (e) {
        throw new DataFormatError(`${what}: cannot open ${p.file}: ${(e as Error).message}`);
      }
      if (size < need) throw new DataFormatError(`${what}: ${p.file} is short: ${size} bytes, needs ${need} (${p.length} ${dtype} elements from byte ${p.byteOffset})`);
      const step = rowLength > 0 ? rowsPerChunk * rowLength : Math.floor(chunkBytes / width);
      for (let at = 0; at < p.length || (at === 0 && p.length === 0); at += step) {
        const n = Math.min(step, p.length - at);
        const byteOffset = p.byteOffset + at * width;
        let view: StorageArray | null = null;
        if (map !== null) view = new CTORS[dtype](map.mapFile(p.file, byteOffset, n * width), 0, n);
        chunks.push({ start: start + at, length: n, file: p.file, byteOffset, view });
        if (p.length === 0) break;
      }
      start += p.length;
    }
    return new ChunkedArray(dtype, access, rowLength, chunks, what);
  }

  /** An in-memory array as a single chunk (for tests and the in-memory stores). */
  static fromArray(data: StorageArray, dtype: StorageDType, rowLength = 1): ChunkedArray {
    return new ChunkedArray(dtype, 'mmap', rowLength, [{ start: 0, length: data.length, file: '', byteOffset: 0, view: data }], 'array');
  }

  /** The chunk holding element i (binary search over chunk starts). */
  chunkIndex(i: number): number {
    const cs = this.chunks;
    let lo = 0, hi = cs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cs[mid].start <= i) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /** Copies elements [start, start + count) into out at outOffset, across chunks. */
  readInto(start: number, count: number, out: StorageArray, outOffset = 0): void {
    if (!(Number.isSafeInteger(start) && Number.isSafeInteger(count) && start >= 0 && count >= 0 && start + count <= this.length)) {
      throw new RangeError(`${this.what}: range [${start}, ${start + count}) is outside its ${this.length} elements`);
    }
    const width = DTYPE_BYTES[this.dtype];
    let k = count > 0 ? this.chunkIndex(start) : 0;
    let at = start, o = outOffset;
    while (at < start + count) {
      const c = this.chunks[k];
      const from = at - c.start, n = Math.min(c.length - from, start + count - at);
      if (c.view !== null) {
        (out as Float32Array).set((c.view as Float32Array).subarray(from, from + n), o);
      } else {
        const bytes = new Uint8Array(out.buffer, out.byteOffset + o * width, n * width);
        let done = 0;
        while (done < bytes.length) {
          const got = readSync(fdOf(c.file), bytes, done, bytes.length - done, c.byteOffset + from * width + done);
          if (got === 0) throw new DataFormatError(`${this.what}: ${c.file} ended early (short read at byte ${c.byteOffset + from * width + done})`);
          done += got;
        }
      }
      at += n; o += n; k++;
    }
  }

  /** A copy of elements [start, start + count). */
  read(start: number, count: number): StorageArray {
    const out = allocateStorage(this.dtype, count);
    this.readInto(start, count, out);
    return out;
  }

  /** Element i as a number (int64 converted exactly up to 2^53). */
  at(i: number): number {
    const c = this.chunks[this.chunkIndex(i)];
    if (c.view !== null && i >= 0 && i < this.length) {
      const v = c.view[i - c.start];
      return typeof v === 'bigint' ? Number(v) : v;
    }
    const v = this.read(i, 1)[0];
    return typeof v === 'bigint' ? Number(v) : v;
  }

  /**
   * The whole array as one typed array: the mapped view itself when there is one chunk (no copy),
   * else a copy (which must fit one ArrayBuffer).
   */
  whole(): StorageArray {
    if (this.chunks.length === 1 && this.chunks[0].view !== null) return this.chunks[0].view;
    return this.read(0, this.length);
  }
}
