import { Tensor } from './tensor.js';
import { allocate, assertFloat } from './dtype.js';
import { record } from './tape.js';
import { defaultGenerator, type Generator } from './random.js';

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
  // One multiplier array (0 or 1/(1-p)) serves both passes; p = 1 leaves it all zero.
  const mask = allocate(dtype, x.size);
  if (p < 1) {
    const keep = 1 / (1 - p);
    for (let i = 0; i < mask.length; i++) mask[i] = generator.nextFloat() >= p ? keep : 0;
  }
  const out = allocate(dtype, x.size);
  const xd = x.data;
  for (let i = 0; i < out.length; i++) out[i] = xd[i] * mask[i];
  return record(new Tensor(out, x.shape, dtype), 'dropout', [x], (g) => {
    const gx = allocate(dtype, x.size);
    for (let i = 0; i < gx.length; i++) gx[i] = g.data[i] * mask[i];
    return [new Tensor(gx, x.shape, dtype)];
  });
}
