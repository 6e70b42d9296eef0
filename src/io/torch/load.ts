import { DataFormatError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { allocate, type AnyTypedArray } from '../../tensor/dtype.js';
import type { StateDict } from '../../nn/module.js';
import { openTorchArchive, type TorchArchive } from './archive.js';
import { STORAGE_TYPES, type DecodedStorage } from './dtypes.js';
import { StorageRef, TensorRef, unpickle, type PickleValue } from './unpickle.js';
import { asBytes, type BytesInput } from '../bytes.js';


/** Options of loadTorchBytes / readTorchBytes. */
export interface LoadTorchOptions {
  /** The name used in error messages (default '<bytes>'; loadTorch passes the path). */
  name?: string;
}

const MAX_DEPTH = 100;

/** A `torch.save` object with every tensor decoded: Maps for dicts, arrays for lists and tuples. */
export type TorchValue = null | boolean | number | bigint | string | Uint8Array | Tensor | TorchValue[] | Map<TorchValue, TorchValue>;

/**
 * Decodes a `torch.save` file's bytes (zip format, PyTorch >= 1.6) into the saved object without
 * running anything: dicts become Maps, lists and tuples arrays, tensors deepgraph Tensors (copied
 * out of their storage following offset and strides, so views, transposes and shared storages all
 * work). dtypes: float32, float64; float16 and bfloat16 widen to float32; int64 (checked to fit),
 * int32, int16 and int8 become int32; uint8 stays uint8; bool stays bool. Browser-safe.
 */
export function readTorchBytes(bytes: BytesInput, opts: LoadTorchOptions = {}): TorchValue {
  const archive = openTorchArchive(asBytes(bytes), opts.name ?? '<bytes>');
  const root = unpickle(archive.pickle, `${archive.file}: ${archive.folder}/data.pkl`);
  const decoded = new Map<TensorRef, Tensor>();
  const storages = new Map<string, DecodedStorage>();
  const walk = (v: PickleValue, path: string, depth = 0): TorchValue => {
    // Pickles can nest deeply or refer to themselves (a list appended to itself): bound the walk.
    if (depth > MAX_DEPTH) throw new DataFormatError(`${archive.file}: the saved object nests deeper than ${MAX_DEPTH} levels (or refers to itself) at '${path}'`);
    if (v instanceof TensorRef) {
      let t = decoded.get(v);
      if (t === undefined) decoded.set(v, t = materialize(v, archive, path, storages));
      return t;
    }
    if (v instanceof StorageRef) throw new DataFormatError(`${archive.file}: '${path}' is a bare storage, not a tensor`);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, path === '' ? String(i) : `${path}.${i}`, depth + 1));
    if (v instanceof Map) {
      const out = new Map<TorchValue, TorchValue>();
      for (const [k, x] of v) out.set(walk(k, path, depth + 1), walk(x, path === '' ? String(k) : `${path}.${String(k)}`, depth + 1));
      return out;
    }
    if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) return String(v.qualified);
    return v;
  };
  return walk(root, '');
}

/**
 * Reads a `torch.save(model.state_dict())` file's bytes into a state dict keyed by the dotted
 * names PyTorch wrote. A nested dict (a checkpoint such as {'model': ..., 'optimizer': ...}) is
 * flattened with dots ('model.conv1.lin.weight'); list items get their index; values that are not
 * tensors (epochs, hyperparameters) are left out: use readTorchBytes to see them.
 */
export function loadTorchBytes(bytes: BytesInput, opts: LoadTorchOptions = {}): StateDict {
  const name = opts.name ?? '<bytes>';
  const root = readTorchBytes(bytes, { name });
  if (!(root instanceof Map)) throw new DataFormatError(`${name}: the saved object is not a dict of tensors (a state dict)`);
  const out: StateDict = new Map();
  const flatten = (v: TorchValue, key: string): void => {
    if (v instanceof Tensor) out.set(key, v);
    else if (v instanceof Map) for (const [k, x] of v) flatten(x, key === '' ? String(k) : `${key}.${String(k)}`);
    else if (Array.isArray(v)) v.forEach((x, i) => flatten(x, key === '' ? String(i) : `${key}.${i}`));
  };
  flatten(root, '');
  return out;
}

/** Copies one tensor view out of its (decoded, cached) storage, after checking that every element it reads exists. */
function materialize(ref: TensorRef, archive: TorchArchive, key: string, decoded: Map<string, DecodedStorage>): Tensor {
  const type = STORAGE_TYPES[ref.storage.type];
  const where = `${archive.file}: tensor '${key}' (storage data/${ref.storage.key}, ${type.torchName})`;
  const bytes = archive.storage(ref.storage.key);
  const need = ref.storage.numel * type.itemSize;
  if (bytes.length < need) {
    throw new DataFormatError(`${where}: the storage has ${bytes.length} bytes but its ${ref.storage.numel} elements need ${need}`);
  }
  const { size, stride, offset } = ref;
  let count = 1, last = offset;
  for (let d = 0; d < size.length; d++) {
    count *= size[d];
    if (size[d] > 0) last += (size[d] - 1) * stride[d];
  }
  if (!Number.isSafeInteger(count) || count > 2 ** 31 - 1) throw new DataFormatError(`${where}: shape [${size.join(', ')}] is too large`);
  if (count > 0 && last >= ref.storage.numel) {
    throw new DataFormatError(`${where}: shape [${size.join(', ')}] with strides [${stride.join(', ')}] and offset ${offset} ` +
      `reads element ${last}, but the storage holds ${ref.storage.numel}`);
  }
  const cacheKey = `${ref.storage.type}:${ref.storage.key}`;
  let source = decoded.get(cacheKey);
  if (source === undefined) decoded.set(cacheKey, source = type.decode(bytes, ref.storage.numel, archive.littleEndian));
  let data: AnyTypedArray;
  if (ref.offset === 0 && count === source.length && isContiguous(ref) && source instanceof allocate(type.dtype, 0).constructor) {
    // The tensor is its whole storage, already decoded to our dtype: hand the array over (a
    // second tensor on this storage decodes its own copy, so the two never alias).
    data = source as AnyTypedArray;
    decoded.delete(cacheKey);
  } else {
    try {
      data = allocate(type.dtype, count);
    } catch (e) {
      // A stride-0 view of a tiny storage can ask for billions of elements.
      throw new DataFormatError(`${where}: cannot allocate ${count} elements of shape [${size.join(', ')}] (${(e as Error).message})`);
    }
    gather(data, source, ref);
  }
  if (ref.storage.type === 'LongStorage') {
    // gather() stored int64 doubles into an Int32Array, which wraps: compare with the source.
    const src = source;
    forEachSourceIndex(ref, (i, pos) => {
      if (data[i] !== src[pos]) {
        throw new DataFormatError(`${where}: int64 value ${int64At(bytes, pos, archive.littleEndian)} at flat index ${i} ` +
          'does not fit int32, the widest integer dtype deepgraph has');
      }
    });
  }
  return new Tensor(data, size, type.dtype);
}

function isContiguous(ref: TensorRef): boolean {
  let expected = 1;
  for (let d = ref.size.length - 1; d >= 0; d--) {
    if (ref.size[d] !== 1 && ref.stride[d] !== expected) return false;
    expected *= ref.size[d];
  }
  return true;
}

/** Row-major walk over the view's multi-index (an odometer): fn(flat output index, storage index). */
function forEachSourceIndex(ref: TensorRef, fn: (i: number, pos: number) => void): void {
  const { size, stride } = ref;
  const nd = size.length;
  const count = size.reduce((a, b) => a * b, 1);
  const idx = new Array<number>(nd).fill(0);
  let pos = ref.offset;
  for (let i = 0; i < count; i++) {
    fn(i, pos);
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < size[d]) { pos += stride[d]; break; }
      pos -= (size[d] - 1) * stride[d];
      idx[d] = 0;
    }
  }
}

/** out[i] = source[position of element i]: one block copy when the view is contiguous. */
function gather(out: AnyTypedArray, source: DecodedStorage, ref: TensorRef): void {
  if (isContiguous(ref)) {
    out.set(source.subarray(ref.offset, ref.offset + out.length));
    return;
  }
  // The innermost dimension as a strided inner loop; the odometer only steps the outer ones.
  const nd = ref.size.length;
  const inner = ref.size[nd - 1], step = ref.stride[nd - 1];
  const outer: TensorRef = { ...ref, size: ref.size.slice(0, -1), stride: ref.stride.slice(0, -1) } as TensorRef;
  forEachSourceIndex(outer, (row, pos) => {
    const base = row * inner;
    for (let j = 0; j < inner; j++) out[base + j] = source[pos + j * step];
  });
}

/** The int64 at storage index pos (only for error messages). */
function int64At(bytes: Uint8Array, pos: number, le: boolean): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigInt64(pos * 8, le);
}
