/**
 * R-MAT edges generated straight in CSC order, destination by destination, so a billion-edge graph
 * streams to disk with no sort. R-MAT draws each level's (source bit, destination bit) pair from
 * (a, b, c, d); here the destination bits are drawn first from their marginal (P(bit 1) = b + d)
 * and the source bits from the conditional given each destination bit (c / (a + c) after a 0,
 * d / (b + d) after a 1), which is the same joint distribution. In-degrees are one multinomial draw
 * of all edges over the destinations (binomial splits down the bit tree); ids at or above `nodes`
 * are excluded (destinations by the split weights, sources by redrawing).
 */
import { hashUint32 } from '../kernels/js/rng.js';

/** R-MAT's quadrant probabilities (d = 1 - a - b - c); Graph500's by default. */
export interface RmatParams { a?: number; b?: number; c?: number }

/** A seeded mulberry32 stream of uniform words (inlined by callers where speed matters). */
function words(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * Binomial(n, p): inversion when the mean is small (expected steps = the mean), else the normal
 * approximation with continuity rounding (variance >= 30: its error is far below the draw's spread).
 */
function binomial(n: number, p: number, next: () => number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(n, 1 - p, next);
  if (n * p < 30) {
    const u = next() / 4294967296;
    let k = 0, pk = Math.exp(n * Math.log1p(-p)), cdf = pk;
    const ratio = p / (1 - p);
    while (u >= cdf && k < n) {
      pk *= ((n - k) / (k + 1)) * ratio;
      k++;
      cdf += pk;
    }
    return k;
  }
  const u1 = (next() + 0.5) / 4294967296, u2 = next() / 4294967296;
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.min(n, Math.max(0, Math.round(n * p + z * Math.sqrt(n * p * (1 - p)))));
}

function quadrants(opts: RmatParams): [number, number, number, number] {
  const a = opts.a ?? 0.57, b = opts.b ?? 0.19, c = opts.c ?? 0.19;
  if (!(a >= 0 && b >= 0 && c >= 0 && a + b + c <= 1)) throw new RangeError(`R-MAT: need a, b, c >= 0 and a + b + c <= 1, got ${a}, ${b}, ${c}`);
  return [a, b, c, Math.max(0, 1 - a - b - c)];
}

const levelsOf = (nodes: number): number => Math.max(1, Math.ceil(Math.log2(nodes)));

/**
 * In-degree of every destination in [0, nodes): `edges` edges split multinomially over R-MAT's
 * destination marginal truncated to ids below `nodes`, drawn depth-first down the bit tree from one
 * seeded stream (so the result does not depend on how a caller later cuts it into blocks).
 */
export function rmatInDegrees(nodes: number, edges: number, seed: number, params: RmatParams = {}): Int32Array {
  const [, b, , d] = quadrants(params);
  const q = b + d, r = q / (1 - q);
  const L = levelsOf(nodes);
  const deg = new Int32Array(nodes);
  const next = words(hashUint32(seed, 0, 0xde9));
  // Weight of the destinations below `nodes` in the subtree [lo, lo + 2^h) whose prefix has p one-bits.
  const weight = (lo: number, h: number, p: number): number => {
    if (lo >= nodes) return 0;
    if (lo + 2 ** h <= nodes) return r ** p * (1 + r) ** h;
    return weight(lo, h - 1, p) + weight(lo + 2 ** (h - 1), h - 1, p + 1);
  };
  const split = (lo: number, h: number, p: number, count: number): void => {
    if (count === 0) return;
    if (h === 0) { deg[lo] = count; return; }
    const half = 2 ** (h - 1);
    let pr: number;
    if (lo + 2 ** h <= nodes) pr = q;
    else {
      const wr = weight(lo + half, h - 1, p + 1);
      pr = wr === 0 ? 0 : wr / (weight(lo, h - 1, p) + wr);
    }
    const right = binomial(count, pr, next);
    split(lo, h - 1, p, count - right);
    split(lo + half, h - 1, p + 1, right);
  };
  if (q >= 1 && nodes < 2 ** L) throw new RangeError('R-MAT: b + d = 1 puts every edge on the last destination id, beyond nodes');
  split(0, L, 0, edges);
  return deg;
}

/** Levels per lookup table: 4 destination bits select a row, 16 random bits pick 4 source bits. */
const GROUP = 4;

/**
 * Draws the sources of destinations [from, from + degrees.length) into out (destination-major),
 * from a stream seeded by (seed, from), so equal blocks give equal sources whatever else is cut.
 */
export class RmatSourceDrawer {
  private readonly levels: number;
  private readonly groups: { shift: number; bits: number; table: number }[] = [];
  private readonly tables: Uint8Array;

  constructor(readonly nodes: number, params: RmatParams = {}) {
    const [a, b, c, d] = quadrants(params);
    const one = [a + c > 0 ? c / (a + c) : 0, b + d > 0 ? d / (b + d) : 0];
    this.levels = levelsOf(nodes);
    const count = Math.ceil(this.levels / GROUP);
    this.tables = new Uint8Array(count * (1 << GROUP) * 65536);
    for (let g = 0; g < count; g++) {
      const bits = Math.min(GROUP, this.levels - g * GROUP);
      const shift = this.levels - g * GROUP - bits;
      const base = g * (1 << GROUP) * 65536;
      this.groups.push({ shift, bits, table: base });
      for (let v = 0; v < 1 << bits; v++) {
        // Cumulative probability of each source pattern (most significant level first) given v's bits.
        const row = this.tables.subarray(base + v * 65536, base + (v + 1) * 65536);
        let cdf = 0, at = 0;
        for (let u = 0; u < 1 << bits; u++) {
          let pr = 1;
          for (let l = 0; l < bits; l++) {
            const p1 = one[(v >> (bits - 1 - l)) & 1];
            pr *= ((u >> (bits - 1 - l)) & 1) === 1 ? p1 : 1 - p1;
          }
          cdf += pr;
          const end = u === (1 << bits) - 1 ? 65536 : Math.min(65536, Math.round(cdf * 65536));
          row.fill(u, at, end);
          at = Math.max(at, end);
        }
      }
    }
  }

  /** Fills out[0 .. sum(degrees)) with the sources of destinations from, from + 1, ... */
  draw(from: number, degrees: Int32Array, seed: number, out: Int32Array): void {
    const { nodes, tables, groups } = this;
    const G = groups.length;
    const rows = new Int32Array(G), shifts = new Int32Array(G);
    for (let g = 0; g < G; g++) shifts[g] = groups[g].shift;
    let state = hashUint32(seed, from, 0x5ec) | 0;
    let o = 0;
    for (let i = 0; i < degrees.length; i++) {
      const v = from + i;
      for (let g = 0; g < G; g++) rows[g] = groups[g].table + ((v >>> shifts[g]) & ((1 << groups[g].bits) - 1)) * 65536;
      for (let k = degrees[i]; k > 0; k--) {
        let u: number;
        do {
          u = 0;
          let word = 0;
          for (let g = 0; g < G; g++) {
            if ((g & 1) === 0) {
              // mulberry32, inlined: a call per word costs about twice as much here.
              state = (state + 0x6d2b79f5) | 0;
              let t = Math.imul(state ^ (state >>> 15), 1 | state);
              t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
              word = (t ^ (t >>> 14)) >>> 0;
            }
            u |= tables[rows[g] + ((g & 1) === 0 ? word & 0xffff : word >>> 16)] << shifts[g];
          }
        } while (u >= nodes);
        out[o++] = u;
      }
    }
  }
}
