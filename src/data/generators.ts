import { Generator } from '../tensor/random.js';

/** Source and destination ids of generated edges, and the node count. */
export interface EdgeList {
  src: Int32Array;
  dst: Int32Array;
}

function checkCounts(what: string, nodes: number, edges: number): void {
  if (!Number.isInteger(nodes) || nodes <= 0 || nodes > 2 ** 31 - 1) throw new RangeError(`${what}: nodes must be an integer in [1, 2^31), got ${nodes}`);
  if (!Number.isInteger(edges) || edges < 0) throw new RangeError(`${what}: edges must be a non-negative integer, got ${edges}`);
}

/** Uniform draw in [0, n) from one 32-bit word (multiply-shift; the bias is below 2^-32 * n). */
function below(rng: Generator, n: number): number {
  return Math.floor((rng.nextUint32() / 4294967296) * n);
}

/** `edges` directed edges with uniform endpoints (self-loops and multi-edges allowed, like dgl.rand_graph). */
export function randomGraph(opts: { nodes: number; edges: number; seed?: number }): EdgeList {
  checkCounts('randomGraph', opts.nodes, opts.edges);
  const rng = new Generator(opts.seed ?? 0);
  const src = new Int32Array(opts.edges), dst = new Int32Array(opts.edges);
  for (let e = 0; e < opts.edges; e++) {
    src[e] = below(rng, opts.nodes);
    dst[e] = below(rng, opts.nodes);
  }
  return { src, dst };
}

/** Options of `rmatGraph`: the R-MAT quadrant probabilities a, b, c (d = 1 − a − b − c) and the seed. */
export interface RmatOptions {
  nodes: number;
  edges: number;
  a?: number;
  b?: number;
  c?: number;
  seed?: number;
}

/**
 * R-MAT (Chakrabarti et al. 2004): each edge descends log2(nodes) levels of the adjacency
 * matrix, choosing quadrant a (top-left), b, c or d = 1-a-b-c. Gives the skewed, power-law-like
 * degrees of real graphs. Edges that land beyond `nodes` (when it is not a power of two) are redrawn.
 * Two levels are drawn jointly from 16 random bits through a lookup table, for speed.
 */
export function rmatGraph(opts: RmatOptions): EdgeList {
  const { nodes, edges } = opts;
  checkCounts('rmatGraph', nodes, edges);
  const a = opts.a ?? 0.57, b = opts.b ?? 0.19, c = opts.c ?? 0.19;
  if (!(a >= 0 && b >= 0 && c >= 0 && a + b + c <= 1)) throw new RangeError(`rmatGraph: need a, b, c >= 0 and a + b + c <= 1, got ${a}, ${b}, ${c}`);
  const levels = Math.max(1, Math.ceil(Math.log2(nodes)));
  const pairs = Math.ceil(levels / 2);
  const table = twoLevelTable([a, b, c, 1 - a - b - c]);
  // mulberry32 kept in local variables: a method call per random word costs about twice as much here.
  let state = new Generator(opts.seed ?? 0).nextUint32() | 0;
  const nextWord = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  const src = new Int32Array(edges), dst = new Int32Array(edges);
  for (let e = 0; e < edges; e++) {
    let u: number, v: number;
    do {
      u = 0; v = 0;
      let word = 0;
      for (let p = 0; p < pairs; p++) {
        if ((p & 1) === 0) word = nextWord();
        const q = table[(p & 1) === 0 ? word & 0xffff : word >>> 16];
        u = (u << 2) | (q >> 2);
        v = (v << 2) | (q & 3);
      }
      // An odd level count drew one level too many; dropping the last level's bit undoes it.
      if (pairs * 2 !== levels) { u >>>= 1; v >>>= 1; }
    } while (u >= nodes || v >= nodes);
    src[e] = u;
    dst[e] = v;
  }
  return { src, dst };
}

/**
 * Maps 16 random bits to the quadrants of two consecutive levels: entry = (uBits << 2) | vBits,
 * where each of u and v gets one bit per level. Joint probabilities are products of the level's.
 */
function twoLevelTable(quadrant: readonly number[]): Uint8Array {
  const bits = [[0, 0], [0, 1], [1, 0], [1, 1]]; // a: (0,0), b: (0,1), c: (1,0), d: (1,1)
  const table = new Uint8Array(65536);
  let pos = 0, cumulative = 0;
  for (let q1 = 0; q1 < 4; q1++) {
    for (let q2 = 0; q2 < 4; q2++) {
      cumulative += quadrant[q1] * quadrant[q2];
      const end = q1 === 3 && q2 === 3 ? 65536 : Math.min(65536, Math.round(cumulative * 65536));
      const code = (((bits[q1][0] << 1) | bits[q2][0]) << 2) | ((bits[q1][1] << 1) | bits[q2][1]);
      table.fill(code, pos, end);
      pos = Math.max(pos, end);
    }
  }
  return table;
}
