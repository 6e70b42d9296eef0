/**
 * Counter-based random numbers: draw `counter` of work item `stream` under `seed` is a murmur3-style
 * hash of the three words. Work items never share state, so any parallel split of the items
 * (and the native addon) reproduces exactly these numbers.
 */
export function hashUint32(seed: number, stream: number, counter: number): number {
  let h = seed | 0;
  h = mixWord(h, stream);
  h = mixWord(h, counter);
  h ^= 12;
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mixWord(h: number, k: number): number {
  k = Math.imul(k | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

const TWO32 = 4294967296;

/** The random stream of one work item; reset() rebinds it instead of allocating one per item. */
export class ItemStream {
  private seed = 0;
  private stream = 0;
  private counter = 0;

  reset(seed: number, stream: number): this {
    this.seed = seed; this.stream = stream; this.counter = 0;
    return this;
  }

  uint32(): number {
    return hashUint32(this.seed, this.stream, this.counter++);
  }

  /** Uniform in the open interval (0, 1), so log() is always finite. */
  open01(): number {
    return (this.uint32() + 0.5) / TWO32;
  }

  /** Uniform integer in [0, n) for 0 < n <= 2^32, unbiased by rejection. */
  int(n: number): number {
    const limit = TWO32 - (TWO32 % n);
    let x = this.uint32();
    while (x >= limit) x = this.uint32();
    return x % n;
  }
}
