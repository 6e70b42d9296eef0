import type { FloatArray } from '../kernels/backend.js';
import { getBackend } from '../kernels/registry.js';
import { Tensor } from './tensor.js';
import { allocate, allocateUninit, assertFloat } from './dtype.js';
import { record } from './tape.js';
import { defaultGenerator, type Generator } from './random.js';

/**
 * Zeroes each element with probability p and scales the survivors by 1 / (1 - p), so the
 * expected value is unchanged (inverted dropout). Returns x itself when not training or p = 0;
 * p = 1 gives zeros (0 * x: NaN stays NaN). The backward multiplies by the same scaled mask.
 *
 * The generator gives one 32-bit seed per call; the mask itself is the backend's counter-based
 * dropoutMask kernel (element i depends only on the seed and i), so every backend and thread
 * count draws the same mask.
 */
export function dropout(x: Tensor, p = 0.5, training = true, generator: Generator = defaultGenerator): Tensor {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`dropout: p must be in [0, 1], got ${p}`);
  if (!training || p === 0) return x;
  assertFloat(x.dtype, 'dropout');
  const dtype = x.dtype;
  const backend = getBackend();
  // The kernel multiplies as it draws: no mask array, and the backward draws the same
  // multipliers again from the same seed (mask[i] * g[i], exactly what a kept mask would give).
  const seed = generator.nextUint32();
  const out = allocateUninit(dtype, x.size);
  backend.dropoutMask(out, p, seed, x.data as FloatArray);
  return record(new Tensor(out, x.shape, dtype), 'dropout', [x], (g) => {
    const gx = allocateUninit(dtype, x.size);
    backend.dropoutMask(gx, p, seed, g.data as FloatArray);
    return [new Tensor(gx, x.shape, dtype)];
  });
}
