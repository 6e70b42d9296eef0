/**
 * Streams one .npy file to disk: the header (shape known up front), then rows appended in order,
 * written under a temporary name, flushed and renamed on `close` (never a half-written array under
 * the real name). Memory use is whatever the caller appends at a time.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { npyHeader } from '../data/npy.js';
import { DTYPE_BYTES, type StorageArray, type StorageDType } from './chunked.js';

const DESCR: Record<StorageDType, string> = { float32: '<f4', float64: '<f8', int32: '<i4', int64: '<i8', uint8: '|u1' };

/** Writes `shape` elements of `dtype` to `file` as they are appended; `close` checks the count and renames. */
export class NpyStreamWriter {
  private readonly fd: number;
  private readonly tmp: string;
  private written = 0;
  private readonly total: number;
  private done = false;

  constructor(readonly file: string, readonly dtype: StorageDType, readonly shape: readonly number[]) {
    mkdirSync(dirname(file), { recursive: true });
    this.total = shape.reduce((a, b) => a * b, 1);
    this.tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
    this.fd = openSync(this.tmp, 'w');
    const header = npyHeader(DESCR[dtype], shape);
    this.writeBytes(header);
  }

  private writeBytes(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) at += writeSync(this.fd, bytes, at, bytes.length - at);
  }

  /** Appends elements (their count need not be whole rows); more than the shape holds is an error. */
  append(data: StorageArray): void {
    if (this.done) throw new Error(`${this.file}: append after close`);
    if (this.written + data.length > this.total) {
      this.abort();
      throw new RangeError(`${this.file}: ${this.written + data.length} elements appended, the shape [${this.shape.join(', ')}] holds ${this.total}`);
    }
    this.writeBytes(new Uint8Array(data.buffer, data.byteOffset, data.length * DTYPE_BYTES[this.dtype]));
    this.written += data.length;
  }

  /** Elements appended so far. */
  get count(): number { return this.written; }

  /** Checks every element was written, flushes, renames into place. */
  close(): void {
    if (this.done) return;
    if (this.written !== this.total) {
      this.abort();
      throw new RangeError(`${this.file}: ${this.written} elements written, the shape [${this.shape.join(', ')}] needs ${this.total}`);
    }
    this.done = true;
    fsyncSync(this.fd);
    closeSync(this.fd);
    renameSync(this.tmp, this.file);
  }

  /** Drops the temporary file. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    closeSync(this.fd);
    rmSync(this.tmp, { force: true });
  }
}
