import { Tensor } from './tensor.js';
import { allocate, isFloat, type DType } from './dtype.js';
import { record } from './tape.js';

/** Converts to another dtype (a copy; the same tensor when the dtype already matches). Float-to-float casts keep the gradient. */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  const out = allocate(dtype, x.size);
  if (dtype === 'int32') for (let i = 0; i < x.size; i++) out[i] = Math.trunc(x.data[i]);
  else if (dtype === 'bool') for (let i = 0; i < x.size; i++) out[i] = x.data[i] !== 0 ? 1 : 0;
  else out.set(x.data);
  const t = new Tensor(out, x.shape, dtype);
  if (isFloat(x.dtype) && isFloat(dtype)) return record(t, 'cast', [x], (g) => [cast(g, x.dtype)]);
  return t;
}
