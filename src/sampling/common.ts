import { Tensor } from '../tensor/tensor.js';
import { defaultGenerator } from '../tensor/random.js';
import { ShapeError } from '../errors.js';
import type { FloatArray } from '../kernels/backend.js';

/** Node or edge ids as users hand them over (a number is a one-element list, as DGL takes a scalar id). */
export type IdsLike = number | Int32Array | readonly number[] | Tensor;
import { validateIds } from '../graph/validate-ids.js';

/** Edge weights as users hand them over (one non-negative value per edge). */
export type WeightsLike = Tensor | Float32Array | Float64Array;

/** Sample in-edges (messages toward the seeds, DGL's default) or out-edges. */
export type EdgeDir = 'in' | 'out';


/**
 * Ids as an Int32Array (shared when already one), each checked to be an integer in [0, bound).
 * The RangeError names the operation, the offending id and the count it must stay under.
 */
export function toIds(op: string, what: string, ids: IdsLike, bound: number, unit = 'nodes'): Int32Array {
  return validateIds(ids, bound, `${op}: ${what}`, ` (the graph has ${bound} ${unit})`);
}

/** A fanout must be an integer >= -1 (-1 = every neighbour). */
export function checkFanout(op: string, fanout: number, what = 'fanout'): void {
  if (!(Number.isInteger(fanout) && fanout >= -1 && fanout <= 2 ** 31 - 1)) {
    throw new RangeError(`${op}: ${what} must be an integer >= -1 (-1 = all neighbours), got ${fanout}`);
  }
}

/** The kernel seed: the caller's, or the next draw of the global generator (dg.manualSeed makes it reproducible). */
export function resolveSeed(op: string, seed: number | undefined): number {
  if (seed === undefined) return defaultGenerator.nextUint32();
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    throw new RangeError(`${op}: seed must be an integer in [0, 2^32), got ${seed}`);
  }
  return seed;
}

/**
 * One float per edge (a [E] or [E, 1] tensor, or a float array of length E; only [E] when oneDim,
 * as DGL's random walk demands); `name` is named on mismatch.
 */
export function perEdgeFloats(op: string, name: string, w: WeightsLike, numEdges: number, oneDim = false): FloatArray {
  if (w instanceof Tensor) {
    const perEdge = w.ndim === 1 || (!oneDim && w.ndim === 2 && w.shape[1] === 1);
    if (!perEdge || w.shape[0] !== numEdges) {
      throw new ShapeError(`${op}: ${name} must have one value per edge (shape [${numEdges}]), got shape [${w.shape.join(', ')}]`);
    }
    return w.data instanceof Float32Array || w.data instanceof Float64Array ? w.data : Float64Array.from(w.data);
  }
  if (w.length !== numEdges) throw new ShapeError(`${op}: ${name} has ${w.length} entries, expected one per edge (${numEdges})`);
  return w;
}

/**
 * Sampling probabilities: one finite non-negative value per edge. `name` (the feature name or
 * 'prob') is named when the length is wrong or an entry is negative, NaN or infinite.
 */
export function toEdgeWeights(op: string, name: string, w: WeightsLike, numEdges: number, oneDim = false): FloatArray {
  const data = perEdgeFloats(op, name, w, numEdges, oneDim);
  for (let e = 0; e < data.length; e++) {
    const v = data[e];
    if (!(v >= 0 && v < Infinity)) {
      throw new RangeError(`${op}: ${name} must be finite and non-negative, but edge ${e} has ${v}`);
    }
  }
  return data;
}

/** Edge ids to exclude as a per-edge mask (null when none). */
export function excludeMaskOf(op: string, ids: IdsLike | undefined, numEdges: number): Uint8Array | null {
  if (ids === undefined) return null;
  const eids = toIds(op, 'excluded edge', ids, numEdges, 'edges');
  const mask = new Uint8Array(numEdges);
  for (let i = 0; i < eids.length; i++) mask[eids[i]] = 1;
  return mask;
}
