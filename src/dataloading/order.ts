/**
 * Batch order for a loader: which seeds go in which batch in an epoch, and each batch's random
 * seed. Both are pure functions of (loader seed, epoch, batch index), so the batches of an epoch
 * do not depend on how many workers sample them or in which order they finish.
 */
import { ItemStream, hashUint32 } from '../kernels/js/sampling.js';

const SHUFFLE_SALT = 0x5f1e7a11;
const BATCH_SALT = 0x0ba7c4e5;

/** Seeds of several node types flattened: ids[i] of type types[i] (types null with one type). */
export interface FlatSeeds {
  ids: Int32Array;
  types: Uint8Array | null;
  numTypes: number;
}

export function flatten(perType: readonly Int32Array[]): FlatSeeds {
  const total = perType.reduce((a, p) => a + p.length, 0);
  const ids = new Int32Array(total);
  const types = perType.length > 1 ? new Uint8Array(total) : null;
  let o = 0;
  perType.forEach((p, t) => { ids.set(p, o); types?.fill(t, o, o + p.length); o += p.length; });
  return { ids, types, numTypes: perType.length };
}

export function numBatches(n: number, batchSize: number, dropLast: boolean): number {
  return dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}

/** Positions 0..n-1, shuffled (Fisher-Yates on a counter-based stream) or in order. */
export function epochOrder(n: number, shuffle: boolean, loaderSeed: number, epoch: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (!shuffle) return order;
  const rng = new ItemStream().reset(hashUint32(loaderSeed, epoch, SHUFFLE_SALT), 0);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]; order[i] = order[j]; order[j] = t;
  }
  return order;
}

/** The seeds of batch b per node type. */
export function batchSeeds(flat: FlatSeeds, order: Int32Array, b: number, batchSize: number): Int32Array[] {
  const from = b * batchSize, to = Math.min(order.length, from + batchSize);
  if (flat.types === null) {
    const out = new Int32Array(to - from);
    for (let i = from; i < to; i++) out[i - from] = flat.ids[order[i]];
    return [out];
  }
  const counts = new Array<number>(flat.numTypes).fill(0);
  for (let i = from; i < to; i++) counts[flat.types[order[i]]]++;
  const out = counts.map((c) => new Int32Array(c));
  const fill = new Array<number>(flat.numTypes).fill(0);
  for (let i = from; i < to; i++) {
    const p = order[i], t = flat.types[p];
    out[t][fill[t]++] = flat.ids[p];
  }
  return out;
}

/** The random seed of batch b of an epoch. */
export function batchSeed(loaderSeed: number, epoch: number, b: number): number {
  return hashUint32(hashUint32(loaderSeed, epoch, BATCH_SALT), b, 0);
}
