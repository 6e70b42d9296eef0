import { Tensor } from './tensor.js';
import { allocate, assertFloat } from './dtype.js';
import { record } from './tape.js';
import { defaultGenerator, type Generator } from './random.js';
import { getBackend } from '../kernels/registry.js';

/**
 * Zeroes each element with probability p and scales the survivors by 1 / (1 - p), so the
 * expected value is unchanged (inverted dropout). Returns x itself when not training or p = 0;
 * p = 1 gives zeros. The backward multiplies by the same scaled mask.
 */
export function dropout(x: Tensor, p = 0.5, training = true, generator: Generator = defaultGenerator): Tensor {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`dropout: p must be in [0, 1], got ${p}`);
  if (!training || p === 0) return x;
  assertFloat(x.dtype, 'dropout');
  const dtype = x.dtype;
  // One multiplier array (0 or 1/(1-p)) serves both passes; p = 1 leaves it all zero. The mask is
  // counter-based from one generator draw, so the native and TypeScript backends agree on it.
  const mask = allocate(dtype, x.size) as Float32Array | Float64Array;
  if (p < 1) getBackend().dropoutMask(mask, p, generator.nextUint32());
  const flat = [x.size];
  const out = allocate(dtype, x.size) as Float32Array | Float64Array;
  getBackend().binary('mul', x.data as Float32Array | Float64Array, flat, mask, flat, out, flat);
  return record(new Tensor(out, x.shape, dtype), 'dropout', [x], (g) => {
    const gx = allocate(dtype, x.size) as Float32Array | Float64Array;
    getBackend().binary('mul', g.data as Float32Array | Float64Array, flat, mask, flat, gx, flat);
    return [new Tensor(gx, x.shape, dtype)];
  });
}
