/**
 * Seedable pseudo-random generator (xoshiro128**, seeded through splitmix32). One global
 * instance feeds every random creation op, dropout and sampler unless a caller passes its own.
 */
export class Generator {
  private s0 = 0; private s1 = 0; private s2 = 0; private s3 = 0;
  private spareNormal: number | null = null;

  constructor(seed: number = Date.now()) {
    this.seed(seed);
  }

  /** Restarts this generator's stream from `seed`. */
  seed(seed: number): void {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next(); this.s1 = next(); this.s2 = next(); this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.spareNormal = null;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0; this.s3 ^= this.s1; this.s1 ^= this.s2; this.s0 ^= this.s3;
    this.s2 ^= t; this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const hi = this.nextUint32() >>> 5, lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal (Box-Muller, caching the second value). */
  nextNormal(): number {
    if (this.spareNormal !== null) { const v = this.spareNormal; this.spareNormal = null; return v; }
    let u = 0;
    while (u === 0) u = this.nextFloat();
    const v = this.nextFloat();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Uniform integer in [0, n), unbiased. */
  nextInt(n: number): number {
    if (n <= 0) throw new RangeError(`nextInt: bound must be positive, got ${n}`);
    if (n <= 0x100000000) {
      const limit = 0x100000000 - (0x100000000 % n);
      let x = this.nextUint32();
      while (x >= limit) x = this.nextUint32();
      return x % n;
    }
    return Math.floor(this.nextFloat() * n);
  }

  /** The complete state (for checkpoints): four 32-bit words and the cached second normal. */
  getState(): GeneratorState {
    return { words: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spareNormal: this.spareNormal };
  }

  /** Restores a state from getState(), so the stream continues exactly where it was taken. */
  setState(state: GeneratorState): void {
    const w = state.words;
    if (!Array.isArray(w) || w.length !== 4 || w.some((x) => !Number.isInteger(x) || x < 0 || x > 0xffffffff)) {
      throw new RangeError(`Generator.setState: words must be four unsigned 32-bit integers, got ${JSON.stringify(w)}`);
    }
    if ((w[0] | w[1] | w[2] | w[3]) === 0) throw new RangeError('Generator.setState: the all-zero state is not a valid xoshiro128** state');
    const spare = state.spareNormal;
    if (spare !== null && typeof spare !== 'number') throw new RangeError('Generator.setState: spareNormal must be a number or null');
    [this.s0, this.s1, this.s2, this.s3] = w.map((x) => x >>> 0);
    this.spareNormal = spare;
  }

  /** Derives an independent generator (for workers and per-call streams). */
  fork(): Generator {
    return new Generator(this.nextUint32());
  }
}

/** A Generator's state as getState() returns it; plain JSON. */
export interface GeneratorState { words: number[]; spareNormal: number | null }

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The default generator behind every random op. */
export const defaultGenerator = new Generator(0x5eed);

/** Seeds the default generator, making every random op reproducible. */
export function manualSeed(seed: number): void {
  defaultGenerator.seed(seed);
}
