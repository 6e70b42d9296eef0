import { DataFormatError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { allocate, type AnyTypedArray } from '../../tensor/dtype.js';
import type { StateDict } from '../../nn/module.js';
import { openTorchArchive, type TorchArchive } from './archive.js';
import { STORAGE_TYPES, type StorageTypeName } from './dtypes.js';
import { StorageRef, TensorRef, unpickle, type PickleValue } from './unpickle.js';

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
export function readTorchBytes(bytes: Uint8Array, opts: LoadTorchOptions = {}): TorchValue {
  const archive = openTorchArchive(bytes, opts.name ?? '<bytes>');
  const root = unpickle(archive.pickle, `${archive.file}: ${archive.folder}/data.pkl`);
  const decoded = new Map<TensorRef, Tensor>();
  const walk = (v: PickleValue, path: string, depth = 0): TorchValue => {
    // Pickles can nest deeply or refer to themselves (a list appended to itself): bound the walk.
    if (depth > MAX_DEPTH) throw new DataFormatError(`${archive.file}: the saved object nests deeper than ${MAX_DEPTH} levels (or refers to itself) at '${path}'`);
    if (v instanceof TensorRef) {
      let t = decoded.get(v);
      if (t === undefined) decoded.set(v, t = materialize(v, archive, path));
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
export function loadTorchBytes(bytes: Uint8Array, opts: LoadTorchOptions = {}): StateDict {
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

/** Copies one tensor view out of its storage, after checking that every element it reads exists. */
function materialize(ref: TensorRef, archive: TorchArchive, key: string): Tensor {
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
  let data: AnyTypedArray;
  try {
    data = allocate(type.dtype, count);
  } catch (e) {
    // A stride-0 view of a tiny storage can ask for billions of elements.
    throw new DataFormatError(`${where}: cannot allocate ${count} elements of shape [${size.join(', ')}] (${(e as Error).message})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // An int64 outside int32 reads as NaN (dtypes.ts); report the real value and where it is.
  const overflow = (i: number): never => {
    throw new DataFormatError(`${where}: int64 value ${int64At(view, ref, i, archive.littleEndian)} at flat index ${i} ` +
      'does not fit int32, the widest integer dtype deepgraph has');
  };
  const direct = DIRECT[ref.storage.type];
  if (direct !== undefined && archive.littleEndian && isContiguous(ref)) {
    // Same layout as ours: one copy of the byte range into a fresh (so aligned) buffer. Not
    // bytes.slice: on a Node Buffer that is a view, not a copy.
    const start = ref.offset * type.itemSize;
    data.set(new direct(Uint8Array.prototype.slice.call(bytes, start, start + count * type.itemSize).buffer));
  } else {
    copyStrided(data, view, ref, type.read, type.itemSize, archive.littleEndian, ref.storage.type === 'LongStorage' ? overflow : null);
  }
  return new Tensor(data, size, type.dtype);
}

const DIRECT: Partial<Record<StorageTypeName, Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor>> = {
  FloatStorage: Float32Array, DoubleStorage: Float64Array, IntStorage: Int32Array, ByteStorage: Uint8Array,
};

function isContiguous(ref: TensorRef): boolean {
  let expected = 1;
  for (let d = ref.size.length - 1; d >= 0; d--) {
    if (ref.size[d] !== 1 && ref.stride[d] !== expected) return false;
    expected *= ref.size[d];
  }
  return true;
}

/** Row-major walk over the view's multi-index (an odometer), one element read per output slot. */
function copyStrided(out: AnyTypedArray, view: DataView, ref: TensorRef, read: (v: DataView, o: number, le: boolean) => number,
  itemSize: number, le: boolean, onNaN: ((i: number) => never) | null): void {
  const { size, stride } = ref;
  const nd = size.length;
  const idx = new Array<number>(nd).fill(0);
  let pos = ref.offset;
  for (let i = 0; i < out.length; i++) {
    const x = read(view, pos * itemSize, le);
    if (onNaN !== null && Number.isNaN(x)) onNaN(i);
    out[i] = x;
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < size[d]) { pos += stride[d]; break; }
      pos -= (size[d] - 1) * stride[d];
      idx[d] = 0;
    }
  }
}

/** The int64 at flat index i of the view (only for error messages). */
function int64At(view: DataView, ref: TensorRef, i: number, le: boolean): bigint {
  let pos = ref.offset;
  for (let d = ref.size.length - 1; d >= 0; d--) {
    pos += (i % ref.size[d]) * ref.stride[d];
    i = Math.floor(i / ref.size[d]);
  }
  return view.getBigInt64(pos * 8, le);
}
