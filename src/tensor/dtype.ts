import { DTypeError } from '../errors.js';

export type FloatDType = 'float32' | 'float64';
export type DType = FloatDType | 'int32' | 'uint8' | 'bool';

export type ArrayFor<D extends DType> =
  D extends 'float32' ? Float32Array :
  D extends 'float64' ? Float64Array :
  D extends 'int32' ? Int32Array : Uint8Array;

export type AnyTypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export function allocate(dtype: DType, size: number): AnyTypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(size);
    case 'float64': return new Float64Array(size);
    case 'int32': return new Int32Array(size);
    case 'uint8': case 'bool': return new Uint8Array(size);
  }
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
