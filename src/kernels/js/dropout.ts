import type { FloatArray } from '../backend.js';
import { hashUint32 } from './sampling.js';

const TWO32 = 4294967296;

/** Counter-based dropout multipliers (see Backend.dropoutMask). */
export function dropoutMask(mask: FloatArray, p: number, seed: number): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`dropoutMask: p must be in [0, 1], got ${p}`);
  if (!Number.isFinite(seed)) throw new RangeError(`dropoutMask: seed must be a finite number, got ${seed}`);
  const keep = p < 1 ? 1 / (1 - p) : 0;
  for (let i = 0; i < mask.length; i++) mask[i] = hashUint32(seed, i, 0) / TWO32 >= p ? keep : 0;
}
