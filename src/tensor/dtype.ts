import { DTypeError } from '../errors.js';
import { noteAllocated, takeBuffer } from './buffer-pool.js';

/** The floating-point element types. */
export type FloatDType = 'float32' | 'float64';
/** Every element type a tensor can have (bool and uint8 hold 0/1 bytes). */
export type DType = FloatDType | 'int32' | 'uint8' | 'bool';

export type ArrayFor<D extends DType> =
  D extends 'float32' ? Float32Array :
  D extends 'float64' ? Float64Array :
  D extends 'int32' ? Int32Array : Uint8Array;

/** The typed arrays that back tensors. */
export type AnyTypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export function allocate(dtype: DType, size: number): AnyTypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(size);
    case 'float64': return new Float64Array(size);
    case 'int32': return new Int32Array(size);
    case 'uint8': case 'bool': return new Uint8Array(size);
  }
}

type NodeBufferClass = { allocUnsafeSlow(bytes: number): Uint8Array };
const NodeBuffer = (globalThis as { Buffer?: NodeBufferClass }).Buffer;
/** Below this many bytes a zeroed array costs next to nothing; above it the zeroing is a full memory pass. */
const UNINIT_MIN_BYTES = 1 << 16;
/** DEEPGRAPH_POISON_UNINIT=1 (tests): such arrays start as NaN, so an op that reads one before writing it shows. */
const poisonUninit = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.DEEPGRAPH_POISON_UNINIT === '1';

/**
 * A float array whose contents are unspecified, for outputs that a kernel overwrites in full.
 * `new Float32Array(n)` zeroes its memory: for a [1M, 64] tensor that is a 256 MB pass (or, on
 * fresh pages, page faults) before the kernel writes the same bytes. In Node a large one comes
 * from Buffer.allocUnsafeSlow, which reuses freed heap memory as is; elsewhere (browsers) and
 * for small sizes it is an ordinary zeroed array. A buffer a backward pass gave back (./buffer-pool.ts)
 * of the same size is reused first.
 */
export function allocateUninit(dtype: FloatDType, size: number): Float32Array | Float64Array {
  const width = dtype === 'float64' ? 8 : 4;
  const reused = size > 0 ? takeBuffer(size * width) : undefined;
  let out: Float32Array | Float64Array;
  if (reused !== undefined) {
    out = dtype === 'float64' ? new Float64Array(reused, 0, size) : new Float32Array(reused, 0, size);
    if (poisonUninit) out.fill(NaN);
  } else if (poisonUninit) {
    out = (dtype === 'float64' ? new Float64Array(size) : new Float32Array(size)).fill(NaN);
  } else if (NodeBuffer === undefined || size * width < UNINIT_MIN_BYTES) {
    out = dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
  } else {
    const bytes = NodeBuffer.allocUnsafeSlow(size * width);
    out = dtype === 'float64' ? new Float64Array(bytes.buffer, bytes.byteOffset, size) : new Float32Array(bytes.buffer, bytes.byteOffset, size);
  }
  noteAllocated(out.buffer);
  return out;
}

export function dtypeOfArray(a: AnyTypedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  return 'uint8';
}

export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype === 'float32' || dtype === 'float64';
}

/** Result dtype of a binary arithmetic op (PyTorch's rules, restricted to our dtypes). */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a === 'bool' ? 'uint8' : a;
  if (a === 'float64' || b === 'float64') return 'float64';
  if (a === 'float32' || b === 'float32') return 'float32';
  if (a === 'int32' || b === 'int32') return 'int32';
  return 'uint8';
}

/** Throws a DTypeError unless dtype is a float type; `op` names the operation. */
export function assertFloat(dtype: DType, op: string, arg = 'input'): asserts dtype is FloatDType {
  if (!isFloat(dtype)) throw new DTypeError(`${op}: ${arg} must be float32 or float64, got ${dtype}`);
}

/**
 * A layer's input check: integer or bool features (labels loaded as features, an id column) into
 * a float layer name the layer and the cast to apply, rather than failing deep inside matmul.
 */
export function assertFloatFeatures(dtype: DType, layer: string, what: string, layerDType: FloatDType = 'float32'): void {
  if (isFloat(dtype)) return;
  const cast = layerDType === 'float64' ? '.double()' : '.float()';
  throw new DTypeError(`${layer}: ${what} have dtype ${dtype}, but the layer computes in ${layerDType}; ` +
    `cast them first with x${cast} (or x.to('${layerDType}'))`);
}
