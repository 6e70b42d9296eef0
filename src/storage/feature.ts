/**
 * Feature stores (GraphBolt's Feature / TorchBasedFeature): rows by id from memory or from an
 * on-disk array. A read validates every id first (integers in range: NaN, fractions and
 * out-of-range ids are RangeErrors naming the store), then touches data.
 */
import { DTypeError } from '../errors.js';
import { validateIds } from '../graph/validate-ids.js';
import type { IdsLike } from '../graph/ids.js';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { ChunkedArray, allocateStorage, type StorageArray, type StorageDType } from './chunked.js';

/** Rows of a feature by id: what the DataLoader, the cache and layer-wise inference read from. */
export interface FeatureStore {
  /** Number of rows (nodes or edges of the type). */
  readonly numRows: number;
  /** Shape of one row. */
  readonly rowShape: readonly number[];
  readonly dtype: StorageDType;
  /** Rows `ids` (every row when omitted) as a tensor [ids.length, ...rowShape] (GraphBolt's `read`). */
  read(ids?: IdsLike | ArrayLike<number>): Tensor;
  /** Rows `ids` (already validated, in [0, numRows)) written contiguously into out. */
  readRows(ids: Int32Array, out: StorageArray): void;
}

const TENSOR_DTYPES: Partial<Record<StorageDType, DType>> = { float32: 'float32', float64: 'float64', int32: 'int32', uint8: 'uint8' };

/** Elements per row. */
export const rowLengthOf = (rowShape: readonly number[]): number => rowShape.reduce((a, b) => a * b, 1);

/** Validates ids for a store (integers in [0, numRows)), naming the store in the RangeError. */
export function storeIds(store: { numRows: number }, ids: IdsLike | ArrayLike<number>, what: string): Int32Array {
  return validateIds(ids, store.numRows, `${what}: id`, ` (the store has ${store.numRows} rows)`);
}

/** read() shared by the stores: validate, allocate, readRows, wrap as a tensor. */
export function readTensor(store: FeatureStore, ids: IdsLike | ArrayLike<number> | undefined, what: string): Tensor {
  const dtype = TENSOR_DTYPES[store.dtype];
  if (dtype === undefined) throw new DTypeError(`${what}: ${store.dtype} rows cannot become a tensor (store them as int32)`);
  let idx: Int32Array;
  if (ids === undefined) {
    idx = new Int32Array(store.numRows);
    for (let i = 0; i < idx.length; i++) idx[i] = i;
  } else {
    idx = storeIds(store, ids, what);
  }
  const out = allocateStorage(store.dtype, idx.length * rowLengthOf(store.rowShape));
  store.readRows(idx, out);
  return new Tensor(out as Float32Array, [idx.length, ...store.rowShape], dtype);
}

/** A feature held in memory: a tensor or typed array with its shape (GraphBolt's in-memory TorchBasedFeature). */
export class InMemoryFeature implements FeatureStore {
  readonly numRows: number;
  readonly rowShape: readonly number[];
  readonly dtype: StorageDType;
  private readonly data: StorageArray;
  private readonly rowLength: number;

  constructor(data: Tensor | StorageArray, shape?: readonly number[]) {
    const s = data instanceof Tensor ? data.shape : shape ?? [data.length];
    this.data = data instanceof Tensor ? data.data as StorageArray : data;
    this.dtype = data instanceof Tensor ? (data.dtype === 'bool' ? 'uint8' : data.dtype) as StorageDType : dtypeOf(data);
    this.numRows = s[0];
    this.rowShape = s.slice(1);
    this.rowLength = rowLengthOf(this.rowShape);
    if (this.numRows * this.rowLength !== this.data.length) {
      throw new RangeError(`InMemoryFeature: shape [${s.join(', ')}] needs ${this.numRows * this.rowLength} elements, got ${this.data.length}`);
    }
  }

  /** Rows by id as a tensor. */
  read(ids?: IdsLike | ArrayLike<number>): Tensor { return readTensor(this, ids, 'InMemoryFeature.read'); }

  /** Rows by id into out. */
  readRows(ids: Int32Array, out: StorageArray): void {
    const k = this.rowLength, src = this.data as Float32Array, dst = out as Float32Array;
    for (let i = 0; i < ids.length; i++) dst.set(src.subarray(ids[i] * k, ids[i] * k + k), i * k);
  }
}

/** The storage dtype of a typed array. */
export function dtypeOf(a: StorageArray): StorageDType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof BigInt64Array) return 'int64';
  return 'uint8';
}

/**
 * Ids in increasing order with their positions: a batch is read in file order (sequential pages).
 * Packs (id, position) into one float64 key when they fit 53 bits, which sorts natively.
 */
export function sortedOrder(ids: Int32Array): Uint32Array {
  const n = ids.length;
  if (n < 2 ** 21) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = ids[i] * 2 ** 21 + i;
    keys.sort();
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = keys[i] % 2 ** 21;
    return order;
  }
  return Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => ids[a] - ids[b]);
}

/**
 * A feature read from an on-disk array (memory-mapped, or read by ranges): a batch's ids are
 * sorted, runs of neighbouring ids read as one range, and the rows scattered to the ids' positions
 * (GraphBolt's DiskBasedFeature).
 */
export class DiskFeature implements FeatureStore {
  readonly numRows: number;
  readonly rowShape: readonly number[];
  readonly dtype: StorageDType;
  private readonly rowLength: number;

  constructor(readonly array: ChunkedArray, rowShape: readonly number[], readonly name = 'DiskFeature') {
    this.rowShape = [...rowShape];
    this.rowLength = rowLengthOf(rowShape);
    this.dtype = array.dtype;
    this.numRows = this.rowLength === 0 ? 0 : array.length / this.rowLength;
    if (!Number.isInteger(this.numRows)) throw new RangeError(`${name}: ${array.length} elements are not whole rows of ${this.rowLength}`);
  }

  /** Rows by id as a tensor. */
  read(ids?: IdsLike | ArrayLike<number>): Tensor { return readTensor(this, ids, `${this.name}.read`); }

  /** Rows by id into out, reading in increasing id order. */
  readRows(ids: Int32Array, out: StorageArray): void {
    const k = this.rowLength, n = ids.length;
    if (n === 0 || k === 0) return;
    const order = sortedOrder(ids);
    const dst = out as Float32Array;
    let scratch = allocateStorage(this.dtype, 0) as Float32Array;
    for (let a = 0; a < n;) {
      // A run of ids each equal to or one above the previous: one contiguous range.
      let b = a + 1;
      while (b < n && ids[order[b]] - ids[order[b - 1]] <= 1) b++;
      const first = ids[order[a]], rows = ids[order[b - 1]] - first + 1;
      // A run inside one mapped chunk is copied straight from the mapping; otherwise read into scratch.
      const c = this.array.chunks[this.array.chunkIndex(first * k)];
      let src: Float32Array, base: number;
      if (c.view !== null && (first + rows) * k <= c.start + c.length) {
        src = c.view as Float32Array; base = first * k - c.start;
      } else {
        if (scratch.length < rows * k) scratch = allocateStorage(this.dtype, Math.max(rows * k, scratch.length * 2)) as Float32Array;
        this.array.readInto(first * k, rows * k, scratch);
        src = scratch; base = 0;
      }
      for (let j = a; j < b; j++) {
        const r = base + (ids[order[j]] - first) * k;
        dst.set(src.subarray(r, r + k), order[j] * k);
      }
      a = b;
    }
  }
}
