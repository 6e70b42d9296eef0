import { BufferReader, NameRegistry, Parser } from 'pickleparser';
import { DataFormatError } from '../errors.js';

/** A numpy array decoded from its pickled state. Integer dtypes come back as Int32Array (int64 checked to fit). */
export interface NdArray {
  dtype: string;
  shape: number[];
  data: Float32Array | Float64Array | Int32Array | Uint8Array;
}

/** A scipy.sparse.csr_matrix decoded from its pickled __dict__. */
export interface CsrMatrix {
  shape: [number, number];
  indptr: Int32Array;
  indices: Int32Array;
  data: Float32Array | Float64Array | Int32Array | Uint8Array;
}

/**
 * Python 2 pickles store numpy buffers as byte strings; pickleparser decodes those with
 * TextDecoder('ascii'), which is really windows-1252 and remaps 0x80-0x9f. Latin-1 is the
 * only decoding that maps every byte to the char code of the same value, so we force it.
 */
class Latin1Reader extends BufferReader {
  override string(size: number, encoding: 'ascii' | 'utf-8'): string {
    const bytes = this.bytes(size);
    if (encoding === 'utf-8') return new TextDecoder('utf-8').decode(bytes);
    return latin1String(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
}

class PickledDtype {
  byteOrder = '=';
  constructor(readonly name: string) {}
  __setstate__(state: unknown[]): void {
    if (Array.isArray(state) && typeof state[1] === 'string') this.byteOrder = state[1];
  }
}

class PickledNdarray {
  state: unknown[] | null = null;
  __setstate__(state: unknown[]): void { this.state = state; }
}

class PickledCsr {
  dict: Map<unknown, unknown> | Record<string, unknown> = {};
  __setstate__(state: Map<unknown, unknown> | Record<string, unknown>): void { this.dict = state; }
}

function registry(): NameRegistry {
  const r = new NameRegistry();
  const reconstruct = (): PickledNdarray => new PickledNdarray();
  r.register('numpy.core.multiarray', '_reconstruct', reconstruct);
  r.register('numpy._core.multiarray', '_reconstruct', reconstruct);
  r.register('numpy', 'dtype', (name: string) => new PickledDtype(name));
  r.register('numpy', 'ndarray', () => null);
  r.register('scipy.sparse.csr', 'csr_matrix', PickledCsr);
  r.register('scipy.sparse._csr', 'csr_matrix', PickledCsr);
  r.register('collections', 'defaultdict', () => new Map());
  r.register('__builtin__', 'list', () => []);
  r.register('builtins', 'list', () => []);
  return r;
}

/** Parses a pickle; any parser failure becomes a DataFormatError naming the file. */
export function readPickle(bytes: Uint8Array, file: string): unknown {
  try {
    const parser = new Parser({ nameResolver: registry(), unpicklingTypeOfDictionary: 'Map' });
    return parser.read(new Latin1Reader(bytes));
  } catch (e) {
    if (e instanceof DataFormatError) throw e;
    throw new DataFormatError(`${file}: not a readable pickle (${(e as Error).message})`);
  }
}

/** Bytes as Latin-1 characters (char code = byte), in chunks small enough for fromCharCode's argument list; no Buffer (browsers). */
function latin1String(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}

function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Decodes a pickled numpy array; the expected element count is checked against the shape. */
export function toNdArray(obj: unknown, file: string): NdArray {
  if (!(obj instanceof PickledNdarray) || obj.state === null) {
    throw new DataFormatError(`${file}: expected a pickled numpy array`);
  }
  const [, shapeRaw, dtype, fortran, raw] = obj.state;
  if (!Array.isArray(shapeRaw) || !(dtype instanceof PickledDtype) || typeof raw !== 'string') {
    throw new DataFormatError(`${file}: malformed numpy array state`);
  }
  if (fortran === true && shapeRaw.length > 1) throw new DataFormatError(`${file}: Fortran-ordered arrays are not supported`);
  if (dtype.byteOrder === '>') throw new DataFormatError(`${file}: big-endian dtype ${dtype.name} is not supported`);
  const shape = shapeRaw.map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const bytes = latin1Bytes(raw);
  const width = itemSize(dtype.name, file);
  if (bytes.length !== count * width) {
    throw new DataFormatError(`${file}: array of shape [${shape.join(', ')}] and dtype ${dtype.name} needs ${count * width} bytes, found ${bytes.length}`);
  }
  return { dtype: dtype.name, shape, data: decode(bytes, dtype.name, count, file) };
}

function itemSize(name: string, file: string): number {
  const m = /^([fiub])(\d)$/.exec(name);
  if (!m) throw new DataFormatError(`${file}: unsupported numpy dtype '${name.replace(/[^\w<>|=]/g, '?').slice(0, 16)}'`);
  return Number(m[2]);
}

function decode(bytes: Uint8Array, name: string, count: number, file: string): NdArray['data'] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (name) {
    case 'f4': return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + count * 4));
    case 'f8': return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + count * 8));
    case 'i4': return new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + count * 4));
    case 'b1': case 'u1': return bytes;
    case 'i8': case 'u8': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const v = view.getBigInt64(i * 8, true);
        if (v > 2147483647n || v < -2147483648n) throw new DataFormatError(`${file}: int64 value ${v} at ${i} does not fit int32`);
        out[i] = Number(v);
      }
      return out;
    }
    default: throw new DataFormatError(`${file}: unsupported numpy dtype '${name.replace(/[^\w<>|=]/g, '?').slice(0, 16)}'`);
  }
}

function field(dict: PickledCsr['dict'], key: string): unknown {
  return dict instanceof Map ? dict.get(key) : dict[key];
}

/** Decodes a pickled scipy CSR matrix and checks indptr/indices/data agree with its shape. */
export function toCsr(obj: unknown, file: string): CsrMatrix {
  if (!(obj instanceof PickledCsr)) throw new DataFormatError(`${file}: expected a pickled scipy.sparse.csr_matrix`);
  const shapeRaw = field(obj.dict, '_shape') ?? field(obj.dict, 'shape');
  if (!Array.isArray(shapeRaw) || shapeRaw.length !== 2) throw new DataFormatError(`${file}: csr_matrix without a 2-d shape`);
  const shape: [number, number] = [Number(shapeRaw[0]), Number(shapeRaw[1])];
  const indptr = toNdArray(field(obj.dict, 'indptr'), file);
  const indices = toNdArray(field(obj.dict, 'indices'), file);
  const data = toNdArray(field(obj.dict, 'data'), file);
  if (!(indptr.data instanceof Int32Array) || !(indices.data instanceof Int32Array)) {
    throw new DataFormatError(`${file}: csr_matrix index arrays must be integer`);
  }
  const nnz = indices.data.length;
  if (indptr.data.length !== shape[0] + 1 || data.data.length !== nnz || indptr.data[shape[0]] !== nnz || indptr.data[0] !== 0) {
    throw new DataFormatError(`${file}: csr_matrix of shape [${shape.join(', ')}] has inconsistent indptr (${indptr.data.length}), indices (${nnz}) and data (${data.data.length})`);
  }
  for (let r = 0; r < shape[0]; r++) {
    if (indptr.data[r] > indptr.data[r + 1]) throw new DataFormatError(`${file}: csr_matrix indptr decreases at row ${r}`);
  }
  for (let i = 0; i < nnz; i++) {
    const c = indices.data[i];
    if (!(c >= 0 && c < shape[1])) throw new DataFormatError(`${file}: csr_matrix column index ${c} at ${i} is outside [0, ${shape[1]})`);
  }
  return { shape, indptr: indptr.data, indices: indices.data, data: data.data };
}

/** Decodes the pickled defaultdict(list) adjacency of Planetoid's ind.<name>.graph. */
export function toAdjacency(obj: unknown, file: string): Map<number, number[]> {
  if (!(obj instanceof Map)) throw new DataFormatError(`${file}: expected a pickled dict of adjacency lists`);
  const out = new Map<number, number[]>();
  for (const [k, v] of obj) {
    if (typeof k !== 'number' || !Number.isInteger(k) || !Array.isArray(v) || !v.every((x) => Number.isInteger(x))) {
      throw new DataFormatError(`${file}: adjacency entry for key ${String(k)} is not an integer list`);
    }
    out.set(k, v as number[]);
  }
  return out;
}
