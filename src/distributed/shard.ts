/** Splitting the seed nodes of an epoch among the ranks of a data-parallel job. */

/**
 * Rank `rank`'s share of `ids`: every worldSize-th id starting at `rank` (PyTorch's
 * DistributedSampler; DGL's `use_ddp`). With `pad` (for training) the list is first extended
 * by wrapping around to a multiple of worldSize, so that every rank gets the same number of ids,
 * hence the same number of batches and gradient all-reduces, and no rank waits for a step the
 * others never take.
 */
export function shardIndices(ids: Int32Array, rank: number, worldSize: number, opts: { pad?: boolean } = {}): Int32Array {
  if (!(Number.isInteger(worldSize) && worldSize >= 1 && Number.isInteger(rank) && rank >= 0 && rank < worldSize)) {
    throw new RangeError(`shardIndices: rank ${rank} is outside a job of ${worldSize} ranks`);
  }
  const n = ids.length;
  const total = opts.pad && n > 0 ? Math.ceil(n / worldSize) * worldSize : n;
  const out = new Int32Array(Math.max(0, Math.ceil((total - rank) / worldSize)));
  for (let i = rank, k = 0; i < total; i += worldSize, k++) out[k] = ids[i % n];
  return out;
}
