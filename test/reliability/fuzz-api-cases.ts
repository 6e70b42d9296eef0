/**
 * Seeded random calls through the public API for fuzz-api.test.ts: every public function that
 * takes node or edge ids, with ids of every bad kind (NaN, +-Infinity, fractions, negatives,
 * values past the count, 2^32 + k, strings, objects, float tensors, BigInt arrays) or good ones in
 * every form (number, array, Int32Array, Float64Array of integers, int32 tensor, per-type maps),
 * plus counts, shapes, dtypes, names and options. Each case knows whether its input is valid.
 */
import * as dg from '../../src/index.js';

export interface ApiCase { fn: string; valid: boolean; call: () => unknown; args?: string }

class Rng {
  private s: number;
  constructor(seed: number) { this.s = (seed * 2654435761) >>> 0 || 1; }
  next(): number { this.s ^= this.s << 13; this.s ^= this.s >>> 17; this.s ^= this.s << 5; return (this.s >>> 0) / 2 ** 32; }
  int(n: number): number { return Math.floor(this.next() * n); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]; }
}

const N = 6, M = 9;
const SRC = [0, 1, 2, 3, 4, 5, 0, 2, 4], DST = [1, 2, 3, 4, 5, 0, 3, 5, 1];

/** A graph fresh per case (cases must not share cached state), with an edge weight 'w'. */
function graph(): dg.Graph {
  const g = dg.graph([SRC, DST], { numNodes: N });
  g.edata.set('w', dg.tensor(Float32Array.from({ length: M }, (_, i) => 1 + (i % 3))));
  g.ndata.set('feat', dg.randn([N, 3]));
  g.ndata.set('label', dg.tensor(Int32Array.from({ length: N }, (_, i) => i % 2)));
  return g;
}
function hetero(): dg.Graph {
  return dg.heterograph({ 'user:follows:user': [[0, 1, 2], [1, 2, 0]], 'user:buys:item': [[0, 1, 2], [0, 1, 1]] }, { numNodes: { user: 3, item: 2 } });
}

type Ids = { value: unknown; valid: boolean };

/** Arguments as text for failure messages. */
export function show(v: unknown): string {
  if (v instanceof dg.Tensor) return `tensor(${v.dtype} [${Array.from(v.data as ArrayLike<number>).join(', ')}])`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}[${Array.from(v as unknown as ArrayLike<number | bigint>).join(', ')}]`;
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v) ?? String(v);
}

/** The ids and counts the case being made drew, as text. */
const drawn: string[] = [];

/** Ids for a count of `bound`: a good form or a bad kind. */
function ids(r: Rng, bound: number, allowEmpty = true): Ids {
  const x = drawIds(r, bound, allowEmpty);
  drawn.push(show(x.value));
  return x;
}

function drawIds(r: Rng, bound: number, allowEmpty: boolean): Ids {
  const good = (): unknown => {
    const k = 1 + r.int(3);
    const list = Array.from({ length: k }, () => r.int(bound));
    switch (r.int(6)) {
      case 0: return list[0];
      case 1: return list;
      case 2: return Int32Array.from(list);
      case 3: return Float64Array.from(list);
      case 4: return dg.tensor(Int32Array.from(list));
      default: return allowEmpty ? [] : list;
    }
  };
  if (r.next() < 0.35) return { value: good(), valid: true };
  const bad: (() => unknown)[] = [
    () => NaN, () => Infinity, () => -Infinity, () => -1, () => 1.5, () => bound, () => 2 ** 32 + 1, () => 2 ** 31,
    () => [0, NaN], () => [bound], () => [-1], () => [0.5], () => [2 ** 32], () => Float64Array.of(1.5),
    () => Float32Array.of(NaN), () => Int32Array.of(-1), () => Int32Array.of(bound), () => dg.tensor(Float32Array.of(0, 1)),
    () => dg.tensor(Int32Array.of(bound)), () => '1', () => ({ length: 1, 0: 0, foo: 1 }), () => BigInt64Array.of(0n),
    () => [0, '1'], () => null, () => true,
  ];
  return { value: r.pick(bad)(), valid: false };
}

function count(r: Rng, max: number, validMin = 0): { value: number; valid: boolean } {
  const c = r.next() < 0.5 ? { value: validMin + r.int(max - validMin + 1), valid: true }
    : { value: r.pick([NaN, Infinity, -1, 1.5, 2 ** 31, 1e12, validMin - 1]), valid: false };
  drawn.push(String(c.value));
  return c;
}

const as = <T>(x: unknown): T => x as T;
/** Valid ids without repeats (node subgraphs and block destinations take each node once). */
function distinct(a: Ids): boolean {
  if (!a.valid) return false;
  const v = a.value;
  const list = Array.from(typeof v === 'number' ? [v] : v instanceof dg.Tensor ? v.data as ArrayLike<number> : v as ArrayLike<number>);
  return new Set(list).size === list.length;
}
type Maker = (r: Rng) => ApiCase;

const MAKERS: Record<string, Maker> = {
  inDegrees: (r) => { const a = ids(r, N); return { fn: 'inDegrees', valid: a.valid, call: () => graph().inDegrees(as(a.value)) }; },
  outDegrees: (r) => { const a = ids(r, N); return { fn: 'outDegrees', valid: a.valid, call: () => graph().outDegrees(as(a.value)) }; },
  inEdges: (r) => { const a = ids(r, N); return { fn: 'inEdges', valid: a.valid, call: () => graph().inEdges(as(a.value)) }; },
  outEdges: (r) => { const a = ids(r, N); return { fn: 'outEdges', valid: a.valid, call: () => graph().outEdges(as(a.value)) }; },
  findEdges: (r) => { const a = ids(r, M); return { fn: 'findEdges', valid: a.valid, call: () => graph().findEdges(as(a.value)) }; },
  hasEdgesBetween: (r) => {
    const u = ids(r, N), v = ids(r, N);
    const len = (x: unknown): number => (typeof x === 'number' ? 1 : (x as ArrayLike<number> | dg.Tensor) instanceof dg.Tensor ? (x as dg.Tensor).size : (x as ArrayLike<number>).length);
    // A single id on either side pairs with every id on the other.
    const lu = u.valid ? len(u.value) : 0, lv = v.valid ? len(v.value) : 0;
    const valid = u.valid && v.valid && (lu === lv || ((lu === 1 || lv === 1) && lu > 0 && lv > 0));
    return { fn: 'hasEdgesBetween', valid, call: () => graph().hasEdgesBetween(as(u.value), as(v.value)) };
  },
  nodeSubgraph: (r) => { const a = ids(r, N); return { fn: 'nodeSubgraph', valid: distinct(a), call: () => dg.nodeSubgraph(graph(), as(a.value)) }; },
  edgeSubgraph: (r) => { const a = ids(r, M); return { fn: 'edgeSubgraph', valid: a.valid, call: () => dg.edgeSubgraph(graph(), as(a.value)) }; },
  inSubgraph: (r) => { const a = ids(r, N); return { fn: 'inSubgraph', valid: a.valid, call: () => dg.inSubgraph(graph(), as(a.value)) }; },
  outSubgraph: (r) => { const a = ids(r, N); return { fn: 'outSubgraph', valid: a.valid, call: () => dg.outSubgraph(graph(), as(a.value)) }; },
  heteroSubgraph: (r) => { const a = ids(r, 3); return { fn: 'nodeSubgraph(hetero)', valid: distinct(a), call: () => dg.nodeSubgraph(hetero(), { user: as(a.value), item: [0] }) }; },
  sampleNeighbors: (r) => {
    const a = ids(r, N);
    const f = r.next() < 0.7 ? { value: r.int(5) - 1, valid: true } : { value: r.pick([1.5, NaN, -2, 2 ** 31, Infinity]), valid: false };
    return { fn: 'sampleNeighbors', valid: a.valid && f.valid, call: () => dg.sampleNeighbors(graph(), as(a.value), f.value, { replace: r.next() < 0.5 }) };
  },
  heteroSample: (r) => { const a = ids(r, 3); return { fn: 'sampleNeighbors(hetero)', valid: a.valid, call: () => dg.sampleNeighbors(hetero(), { user: as(a.value) }, 1) }; },
  selectTopk: (r) => { const a = ids(r, N); return { fn: 'selectTopk', valid: a.valid, call: () => dg.selectTopk(graph(), 2, 'w', as(a.value)) }; },
  randomWalk: (r) => {
    const a = ids(r, N), len = count(r, 6);
    return { fn: 'randomWalk', valid: a.valid && len.valid, call: () => dg.randomWalk(graph(), as(a.value), { length: len.value }) };
  },
  node2vec: (r) => {
    const a = ids(r, N), len = count(r, 5);
    const p = r.next() < 0.6 ? { value: 0.25 + r.next() * 4, valid: true } : { value: r.pick([0, -1, NaN, Infinity]), valid: false };
    return { fn: 'node2vecRandomWalk', valid: a.valid && len.valid && p.valid, call: () => dg.node2vecRandomWalk(graph(), as(a.value), p.value, 1, len.value) };
  },
  negative: (r) => {
    const c = count(r, 20);
    return { fn: 'globalUniformNegativeSampling', valid: c.valid, call: () => dg.globalUniformNegativeSampling(graph(), c.value) };
  },
  perSourceUniform: (r) => { const a = ids(r, M); return { fn: 'PerSourceUniform.sample', valid: a.valid, call: () => new dg.PerSourceUniform(2).sample(graph(), as(a.value)) }; },
  neighborSampler: (r) => { const a = ids(r, N); return { fn: 'NeighborSampler.sample', valid: a.valid, call: () => new dg.NeighborSampler([2, 2]).sample(graph(), as(a.value)) }; },
  dataLoader: (r) => { const a = ids(r, N); return { fn: 'DataLoader', valid: a.valid, call: () => new dg.DataLoader(graph(), as(a.value), new dg.NeighborSampler([2]), { batchSize: 2 }) }; },
  toBlock: (r) => {
    // On a frontier without edges any set of distinct destination nodes is a block.
    const a = ids(r, N);
    return { fn: 'toBlock', valid: distinct(a), call: () => dg.toBlock(dg.graph([[], []], { numNodes: N }), as(a.value)) };
  },
  graph: (r) => {
    const s = ids(r, N, false), n = count(r, 10, N);
    // dg.graph takes edge lists as Int32Array or number[] (DGL: tensors of int32 / int64).
    const form = Array.isArray(s.value) || s.value instanceof Int32Array;
    return { fn: 'graph', valid: s.valid && n.valid && form,
      call: () => {
        const src = s.value as ArrayLike<number>;
        const dst = typeof src === 'number' || src instanceof dg.Tensor ? src : Array.from({ length: (src as ArrayLike<number>).length ?? 0 }, () => 0);
        return dg.graph([as(src), as(dst)], { numNodes: n.value });
      } };
  },
  gspmm: (r) => {
    const op = r.pick(['add', 'mul', 'copyLhs', 'copyRhs', 'foo', 'dot', '']);
    const red = r.pick(['sum', 'max', 'mean', 'min', 'avg', 'SUM']);
    const rows = r.next() < 0.8 ? N : N + 1;
    const dtype = r.pick(['float32', 'float64', 'float32', 'int32'] as const);
    // copyRhs ignores lhs (as DGL): its row count does not matter then.
    const valid = ['add', 'mul', 'copyLhs', 'copyRhs'].includes(op) && ['sum', 'max', 'mean', 'min'].includes(red) &&
      (rows === N || op === 'copyRhs') && dtype !== 'int32';
    return { fn: 'ops.gspmm', valid, call: () => {
      const x = dtype === 'int32' ? dg.tensor(new Int32Array(rows * 2), { shape: [rows, 2] }) : dg.randn([rows, 2], { dtype });
      const e = dtype === 'int32' ? dg.tensor(new Int32Array(M * 2), { shape: [M, 2] }) : dg.randn([M, 2], { dtype });
      return dg.ops.gspmm(graph(), as(op), as(red), x, e);
    } };
  },
  gsddmm: (r) => {
    const op = r.pick(['add', 'dot', 'copyLhs', 'bar']);
    const rows = r.next() < 0.8 ? N : N - 1;
    const valid = op !== 'bar' && rows === N;
    return { fn: 'ops.gsddmm', valid, call: () => dg.ops.gsddmm(graph(), as(op), dg.randn([rows, 2]), dg.randn([N, 2])) };
  },
  segmentReduce: (r) => {
    const lens = r.next() < 0.5 ? { value: [2, 0, N - 2], valid: true }
      : { value: r.pick([[2 ** 32, N], [2 ** 31, 2 ** 31, N], [1.5, N - 1.5], [-1, N + 1], [NaN, N], [N + 1]]), valid: false };
    drawn.push(JSON.stringify(lens.value));
    return { fn: 'ops.segmentReduce', valid: lens.valid, call: () => dg.ops.segmentReduce(lens.value, dg.randn([N, 2]), r.pick(['sum', 'max', 'mean'] as const)) };
  },
  shapes: (r) => {
    const d = r.pick([2, 3, 1.5, -1, NaN, 2 ** 31, Infinity]);
    drawn.push(String(d));
    const valid = Number.isInteger(d) && d >= 0 && d < 1000;
    return { fn: 'zeros', valid, call: () => dg.zeros([d, 2]) };
  },
};

export const API_FUNCTIONS = Object.keys(MAKERS);

/** Case i of batch `seed` (the same on every backend and process). */
export function makeCase(seed: number, i: number): ApiCase {
  const r = new Rng(seed * 100003 + i + 1);
  const names = API_FUNCTIONS;
  drawn.length = 0;
  const c = MAKERS[names[(i + seed) % names.length]](r);
  c.args = drawn.join(', ');
  return c;
}
