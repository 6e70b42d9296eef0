/**
 * Streams one edge type's CSC straight to its two files when the producer already emits edges
 * grouped by destination in increasing order (a generator, a sorted edge file): in-degrees go to
 * indptr.npy and sources to indices.npy as they come, each in large sequential writes, with no
 * bucket files and no sort. The edge count is fixed up front (it is in indices.npy's header).
 */
import { join } from 'node:path';
import { DataFormatError } from '../errors.js';
import type { EdgeTopology } from './metadata.js';
import { NpyStreamWriter } from './npy-writer.js';

/** Where DatasetWriter puts an edge type's files (relative to the dataset folder). */
export const edgeFolder = (type: string): string => `edges/${type.replace(/[^\w.-]/g, '_')}`;

/**
 * The CSC of one edge type written column by column: `appendDegrees` takes the in-degrees of the
 * next destinations, `appendSources` the next source ids (destination-major order); the two streams
 * are independent, `close` checks they agree. Get one from `DatasetWriter.cscEdges`.
 */
export class CscColumnWriter {
  private readonly indptr: NpyStreamWriter;
  private readonly indices: NpyStreamWriter;
  private readonly wide: boolean;
  private dsts = 0;
  private offset = 0;
  private sources = 0;
  private done = false;

  constructor(dir: string, readonly type: string, readonly numSrc: number, readonly numDst: number, readonly numEdges: number) {
    if (!(Number.isSafeInteger(numEdges) && numEdges >= 0)) throw new RangeError(`DatasetWriter.cscEdges: numEdges must be an integer >= 0, got ${numEdges}`);
    const base = join(dir, edgeFolder(type));
    this.wide = numEdges >= 2 ** 31;
    this.indptr = new NpyStreamWriter(join(base, 'indptr.npy'), this.wide ? 'int64' : 'int32', [numDst + 1]);
    this.indices = new NpyStreamWriter(join(base, 'indices.npy'), 'int32', [numEdges]);
    this.indptr.append(this.wide ? new BigInt64Array(1) : new Int32Array(1));
  }

  private fail(message: string): never {
    this.abort();
    throw new RangeError(`DatasetWriter.cscEdges '${this.type}': ${message}`);
  }

  /** In-degrees of the next `degrees.length` destinations (integers >= 0). */
  appendDegrees(degrees: Int32Array): void {
    if (this.done) throw new Error(`DatasetWriter.cscEdges '${this.type}': append after close`);
    if (this.dsts + degrees.length > this.numDst) this.fail(`${this.dsts + degrees.length} destinations given, the type has ${this.numDst}`);
    const ptr = this.wide ? new BigInt64Array(degrees.length) : new Int32Array(degrees.length);
    let at = this.offset;
    for (let i = 0; i < degrees.length; i++) {
      const d = degrees[i];
      if (!(d >= 0)) this.fail(`in-degree ${d} of destination ${this.dsts + i} is negative`);
      at += d;
      if (at > this.numEdges) this.fail(`in-degrees up to destination ${this.dsts + i} sum to ${at}, more than the ${this.numEdges} edges declared`);
      ptr[i] = (this.wide ? BigInt(at) : at) as never;
    }
    this.indptr.append(ptr);
    this.offset = at;
    this.dsts += degrees.length;
  }

  /** The next source ids (each in [0, numSrc)), continuing the destination-major order. */
  appendSources(src: Int32Array): void {
    if (this.done) throw new Error(`DatasetWriter.cscEdges '${this.type}': append after close`);
    if (this.sources + src.length > this.numEdges) this.fail(`${this.sources + src.length} sources given, ${this.numEdges} edges declared`);
    const n = this.numSrc;
    for (let i = 0; i < src.length; i++) {
      if (!(src[i] >= 0 && src[i] < n)) this.fail(`source id ${src[i]} at edge ${this.sources + i} is outside [0, ${n})`);
    }
    this.indices.append(src);
    this.sources += src.length;
  }

  /** Checks every destination, degree and source arrived, renames both files into place; returns the manifest entry. */
  close(): EdgeTopology {
    if (!this.done) {
      if (this.dsts !== this.numDst || this.offset !== this.numEdges || this.sources !== this.numEdges) {
        this.abort();
        throw new DataFormatError(`DatasetWriter.cscEdges '${this.type}': unfinished: ${this.dsts} of ${this.numDst} destinations, in-degrees summing to ${this.offset} and ${this.sources} sources of ${this.numEdges} edges`);
      }
      this.done = true;
      this.indptr.close();
      this.indices.close();
    }
    const base = edgeFolder(this.type);
    return { type: this.type, num: this.numEdges, indptr: { path: `${base}/indptr.npy` }, indices: { path: `${base}/indices.npy` } };
  }

  /** Drops both temporary files. */
  abort(): void {
    this.done = true;
    this.indptr.abort();
    this.indices.abort();
  }
}
