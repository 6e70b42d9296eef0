/**
 * Random kernel calls for the addon fuzz test. Each generator returns a valid call plus a list of
 * mutations, each of which makes that call certainly invalid (an id out of range, a wrong length,
 * a negative / NaN / fractional size, a wrong array type, a missing array, a bad op name).
 */
import type { FloatArray } from '../../src/kernels/backend.js';
import { randomCompressed, TestRng } from './native-util.js';
import { samplingCase } from './fuzz-cases-sampling.js';

export type Args = Record<string, unknown>;

export interface FuzzCase {
  kernel: string;
  /** Object-argument kernels get args; positional ones get the values in `order`. */
  args: Args;
  order: string[] | null;
  /** Names of the arrays the kernel writes (copied fresh for every run). */
  outs: string[];
  mutations: (() => void)[];
  /**
   * Corruptions whose validity depends on what the kernel reads (sampling kernels validate only
   * the entries they read): the TypeScript backend decides, and the addon must agree (throw iff it
   * throws, else equal results).
   */
  probes?: (() => void)[];
}

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

export function floats(r: TestRng, n: number, f32: boolean): FloatArray {
  const a = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = r.next() * 2 - 0.5;
  return a;
}

type Typed = Int32Array | Float32Array | Float64Array | Uint8Array;

/** Mutation helpers bound to one case's argument object. */
export class Mutator {
  readonly list: (() => void)[] = [];
  constructor(private readonly r: TestRng, private readonly args: Args) {}

  private add(label: string, fn: () => void): void {
    Object.defineProperty(fn, 'name', { value: label });
    this.list.push(fn);
  }

  /** One entry of an index array set to -1 or to its exclusive bound. */
  index(key: string, bound: number): void {
    const arr = this.args[key] as Int32Array | null;
    if (arr === null || arr.length === 0) return;
    this.add(`index(${key})`, () => {
      const c = arr.slice();
      c[this.r.int(c.length)] = this.r.next() < 0.5 ? -1 : bound + this.r.int(3);
      this.args[key] = c;
    });
  }

  /** The array one element longer or shorter (its length is fixed by the other arguments). */
  length(key: string, shorterOnly = false): void {
    const arr = this.args[key] as Typed | null;
    if (arr === null) return;
    this.add(`length(${key})`, () => {
      const C = arr.constructor as new (n: number) => Typed;
      const longer = !shorterOnly && (arr.length === 0 || this.r.next() < 0.5);
      if (!longer && arr.length === 0) return;
      const c = new C(arr.length + (longer ? 1 : -1));
      c.set(longer ? arr : arr.subarray(0, c.length));
      this.args[key] = c;
    });
  }

  /** Another array type (or a plain array) of the same length. */
  type(key: string, allowed: string[]): void {
    const arr = this.args[key] as Typed | null;
    if (arr === null) return;
    const kinds = ['Int32Array', 'Float32Array', 'Float64Array', 'Uint8Array', 'Array', 'Uint32Array'].filter(
      (k) => !allowed.includes(k));
    this.add(`type(${key})`, () => {
      const k = this.r.pick(kinds);
      this.args[key] = k === 'Array' ? Array.from(arr) : k === 'Uint32Array' ? Uint32Array.from(arr, (v) => Math.abs(v))
        : k === 'Int32Array' ? Int32Array.from(arr) : k === 'Float32Array' ? Float32Array.from(arr)
          : k === 'Float64Array' ? Float64Array.from(arr) : Uint8Array.from(arr, (v) => v & 255);
    });
  }

  /** A required array missing. */
  missing(key: string): void {
    this.add(`missing(${key})`, () => { this.args[key] = this.r.pick([null, undefined, 3, 'x', {}]); });
  }

  /** A count or size that is not a non-negative integer. */
  count(key: string): void {
    this.add(`count(${key})`, () => { this.args[key] = this.r.pick([-1, -7, NaN, 1.5, Infinity, '3', null, undefined]); });
  }

  /** A shape with a bad dimension, or not an array at all. */
  shape(key: string): void {
    const s = this.args[key] as number[];
    this.add(`shape(${key})`, () => {
      if (s.length === 0 || this.r.next() < 0.3) { this.args[key] = this.r.pick([null, 5, 'x', [-1], [NaN], [1.5]]); return; }
      const c = s.slice();
      c[this.r.int(c.length)] = this.r.pick([-1, NaN, 2.5, Infinity]);
      this.args[key] = c;
    });
  }

  /** A string option that names nothing. */
  name(key: string): void {
    this.add(`name(${key})`, () => { this.args[key] = this.r.pick(['', 'nope', 'SUM', 42, null]); });
  }

  /** Any custom mutation. */
  custom(fn: () => void): void { this.add(`custom ${String(fn).replace(/\s+/g, ' ').slice(0, 80)}`, fn); }
}

export function graph(r: TestRng, rows: number, cols: number) {
  return randomCompressed(r, rows, cols, 8, r.next() < 0.5);
}

function sizes(r: TestRng): [number, number] {
  return [r.pick([0, 1, 4, 9]), r.pick([0, 1, 5, 8])];
}

const FEATURE_SHAPES: [number[], number[], number[]][] = [
  [[3], [3], [3]], [[2, 1], [2, 4], [2, 4]], [[1], [3], [3]], [[], [], []], [[16], [1], [16]],
];

export function gspmmCase(r: TestRng): FuzzCase {
  const [numSrc, numDst] = sizes(r);
  const c = graph(r, numDst, Math.max(numSrc, 1));
  if (numSrc === 0) c.indices = new Int32Array(0), c.indptr = new Int32Array(numDst + 1), c.eids = c.eids && new Int32Array(0);
  const E = c.indices.length, f32 = r.next() < 0.5;
  const op = r.pick(['add', 'sub', 'mul', 'div', 'copyLhs', 'copyRhs']), reduce = r.pick(['sum', 'max', 'min']);
  const [lf, rf, bf] = r.pick(FEATURE_SHAPES);
  const of = op === 'copyLhs' ? lf : op === 'copyRhs' ? rf : bf;
  const args: Args = {
    op, reduce, numSrc, numDst, numEdges: E, ...c, lhs: op === 'copyRhs' ? null : floats(r, numSrc * prod(lf), f32), lhsShape: lf,
    rhs: op === 'copyLhs' ? null : floats(r, E * prod(rf), f32), rhsShape: rf,
    out: f32 ? new Float32Array(numDst * prod(of)) : new Float64Array(numDst * prod(of)), outShape: of,
    argU: reduce === 'sum' ? null : new Int32Array(numDst * prod(of)), argE: reduce === 'sum' ? null : new Int32Array(numDst * prod(of)),
  };
  const m = new Mutator(r, args);
  m.index('indices', numSrc);
  m.index('eids', E);
  m.length('indptr');
  m.length('indices');
  m.length('eids');
  m.length('out');
  m.type('indptr', ['Int32Array']);
  m.type('out', ['Float32Array', 'Float64Array']);
  m.count('numSrc');
  m.count('numDst');
  m.name('op');
  m.name('reduce');
  m.shape('outShape');
  if (op !== 'copyRhs') { m.length('lhs'); m.missing('lhs'); m.type('lhs', [f32 ? 'Float32Array' : 'Float64Array']); }
  if (op !== 'copyLhs') { m.length('rhs'); m.missing('rhs'); }
  if (reduce !== 'sum') { m.length('argU'); m.type('argE', ['Int32Array']); }
  if (numDst > 0 && E > 0) m.custom(() => { const p = (args.indptr as Int32Array).slice(); p[numDst] = E + 1; args.indptr = p; });
  m.custom(() => { args.indptr = new Int32Array(0); });
  return { kernel: 'gspmm', args, order: null, outs: ['out', 'argU', 'argE'], mutations: m.list };
}

export function gsddmmCase(r: TestRng): FuzzCase {
  const [numSrc, numDst] = sizes(r);
  const E = numSrc > 0 && numDst > 0 ? r.int(20) : 0, f32 = r.next() < 0.5;
  const src = Int32Array.from({ length: E }, () => r.int(numSrc)), dst = Int32Array.from({ length: E }, () => r.int(numDst));
  const op = r.pick(['add', 'sub', 'mul', 'div', 'copyLhs', 'copyRhs', 'dot']);
  const lt = r.pick(['u', 'v', 'e']), rt = r.pick(['u', 'v', 'e']);
  const rows = (t: string) => (t === 'u' ? numSrc : t === 'v' ? numDst : E);
  const [lf, rf, bf] = op === 'dot' ? r.pick([[[3], [3], [1]], [[2, 4], [4], [2, 1]]] as [number[], number[], number[]][])
    : r.pick(FEATURE_SHAPES);
  const of = op === 'copyLhs' ? lf : op === 'copyRhs' ? rf : bf;
  const args: Args = {
    op, numSrc, numDst, numEdges: E, src, dst, lhs: op === 'copyRhs' ? null : floats(r, rows(lt) * prod(lf), f32), lhsTarget: lt,
    lhsShape: lf, rhs: op === 'copyLhs' ? null : floats(r, rows(rt) * prod(rf), f32), rhsTarget: rt, rhsShape: rf,
    out: f32 ? new Float32Array(E * prod(of)) : new Float64Array(E * prod(of)), outShape: of,
  };
  const m = new Mutator(r, args);
  m.index('src', numSrc);
  m.index('dst', numDst);
  m.length('src');
  m.length('dst');
  m.length('out');
  m.type('src', ['Int32Array']);
  m.count('numEdges');
  m.name('op');
  m.shape('outShape');
  if (op !== 'copyRhs') { m.length('lhs'); m.name('lhsTarget'); m.type('lhs', [f32 ? 'Float32Array' : 'Float64Array']); }
  if (op !== 'copyLhs') { m.missing('rhs'); m.shape('rhsShape'); }
  return { kernel: 'gsddmm', args, order: null, outs: ['out'], mutations: m.list };
}

function permuted(r: TestRng, n: number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = r.int(i + 1); const t = p[i]; p[i] = p[j]; p[j] = t; }
  return p;
}

export function edgeSoftmaxCase(r: TestRng): FuzzCase {
  const rows = r.pick([0, 1, 6]), c = graph(r, rows, 4), E = c.indices.length, cols = r.pick([1, 2]), f32 = r.next() < 0.5;
  const backward = r.next() < 0.5;
  const args: Args = { indptr: c.indptr, eids: r.next() < 0.5 ? null : permuted(r, E), x: floats(r, E * cols, f32),
    gy: floats(r, E * cols, f32), cols, out: f32 ? new Float32Array(E * cols) : new Float64Array(E * cols) };
  const m = new Mutator(r, args);
  m.index('eids', E);
  m.length('eids');
  m.length('x');
  m.length('out');
  m.count('cols');
  m.type('x', [f32 ? 'Float32Array' : 'Float64Array']);
  m.type('indptr', ['Int32Array']);
  if (backward) m.length('gy');
  if (rows > 0) m.custom(() => { const p = c.indptr.slice(); p[0] = 1; args.indptr = p; });
  if (E > 0 && rows > 1) m.custom(() => { const p = c.indptr.slice(); p[1] = E + 1; args.indptr = p; });
  return backward
    ? { kernel: 'edgeSoftmaxBackward', args, order: ['indptr', 'eids', 'x', 'gy', 'cols', 'out'], outs: ['out'], mutations: m.list }
    : { kernel: 'edgeSoftmax', args, order: ['indptr', 'eids', 'x', 'cols', 'out'], outs: ['out'], mutations: m.list };
}

export function segmentReduceCase(r: TestRng): FuzzCase {
  const S = r.pick([0, 1, 5]), rowLen = r.pick([1, 3]), f32 = r.next() < 0.5;
  const offsets = new Int32Array(S + 1);
  for (let s = 0; s < S; s++) offsets[s + 1] = offsets[s] + (r.next() < 0.3 ? 0 : r.int(4));
  const op = r.pick(['sum', 'max', 'min']);
  const args: Args = { op, x: floats(r, offsets[S] * rowLen, f32), offsets, rowLen,
    out: f32 ? new Float32Array(S * rowLen) : new Float64Array(S * rowLen), arg: op === 'sum' ? null : new Int32Array(S * rowLen) };
  const m = new Mutator(r, args);
  m.length('x');
  m.length('out');
  m.name('op');
  m.count('rowLen');
  m.type('offsets', ['Int32Array']);
  m.custom(() => { args.offsets = new Int32Array(0); });
  if (S > 0) m.custom(() => { const o = offsets.slice(); o[0] = -1; args.offsets = o; });
  if (S > 1) m.custom(() => { const o = offsets.slice(); o[1] = o[2] + 1; args.offsets = o; });
  if (op !== 'sum') m.length('arg');
  return { kernel: 'segmentReduce', args, order: ['op', 'x', 'offsets', 'rowLen', 'out', 'arg'], outs: ['out', 'arg'], mutations: m.list };
}

export function gatherCase(r: TestRng): FuzzCase {
  const numRows = r.pick([0, 1, 6]), rowLen = r.pick([0, 1, 4]), n = numRows > 0 ? r.int(10) : 0;
  const idx = Int32Array.from({ length: n }, () => r.int(numRows));
  if (r.next() < 0.5) {
    const kind = r.int(4);
    const mk = (k: number): Typed => {
      const vals = Array.from({ length: k }, () => r.int(100));
      return kind === 0 ? Float32Array.from(vals) : kind === 1 ? Float64Array.from(vals) : kind === 2 ? Int32Array.from(vals)
        : Uint8Array.from(vals);
    };
    const args: Args = { src: mk(numRows * rowLen), numRows, rowLen, idx, out: mk(n * rowLen) };
    const m = new Mutator(r, args);
    m.index('idx', numRows);
    m.length('src');
    m.length('out');
    m.count('numRows');
    m.count('rowLen');
    m.type('idx', ['Int32Array']);
    m.missing('src');
    return { kernel: 'gatherRows', args, order: ['src', 'numRows', 'rowLen', 'idx', 'out'], outs: ['out'], mutations: m.list };
  }
  const f32 = r.next() < 0.5;
  const args: Args = { src: floats(r, n * rowLen, f32), rowLen, idx, out: floats(r, numRows * rowLen, f32), numRows };
  const m = new Mutator(r, args);
  m.index('idx', numRows);
  m.length('src');
  m.length('out');
  m.count('numRows');
  m.type('out', [f32 ? 'Float32Array' : 'Float64Array']);
  return { kernel: 'scatterAddRows', args, order: ['src', 'rowLen', 'idx', 'out', 'numRows'], outs: ['out'], mutations: m.list };
}

export function matmulCase(r: TestRng): FuzzCase {
  const batch = r.pick([0, 1, 2]), m_ = r.pick([0, 1, 3]), k = r.pick([0, 1, 4]), n = r.pick([0, 2, 3]), f32 = r.next() < 0.5;
  const bStride = r.next() < 0.3 ? 0 : k * n;
  const args: Args = { a: floats(r, batch * m_ * k, f32), b: floats(r, bStride === 0 ? k * n : batch * k * n, f32),
    out: f32 ? new Float32Array(batch * m_ * n) : new Float64Array(batch * m_ * n), batch, m: m_, k, n,
    transA: r.next() < 0.5, transB: r.next() < 0.5, aStride: m_ * k, bStride };
  const m = new Mutator(r, args);
  m.length('out');
  if (batch > 0 && m_ * k > 0) m.length('a', true);
  if (batch > 0 && k * n > 0) m.length('b', true);
  m.count('batch');
  m.count('m');
  m.count('aStride');
  m.type('b', [f32 ? 'Float32Array' : 'Float64Array']);
  m.custom(() => { args.transA = r.pick([0, 1, 'yes', null]); });
  return { kernel: 'matmul', args, order: ['a', 'b', 'out', 'batch', 'm', 'k', 'n', 'transA', 'transB', 'aStride', 'bStride'],
    outs: ['out'], mutations: m.list };
}

const UNARY = ['neg', 'exp', 'log', 'sqrt', 'abs', 'sign', 'reciprocal', 'square', 'relu', 'sigmoid', 'tanh', 'softplus', 'gelu',
  'elu', 'leakyRelu', 'clamp', 'powScalar'];

export function elementwiseCase(r: TestRng): FuzzCase {
  const f32 = r.next() < 0.5, kind = r.int(4);
  if (kind === 0) {
    const n = r.int(12);
    const args: Args = { op: r.pick(UNARY), x: floats(r, n, f32), out: f32 ? new Float32Array(n) : new Float64Array(n),
      params: r.next() < 0.5 ? undefined : { alpha: 0.2, min: -0.1, max: 0.7, exponent: r.pick([2, 3, 0.5]) } };
    const m = new Mutator(r, args);
    m.name('op');
    m.length('out');
    m.type('x', ['Float32Array', 'Float64Array']);
    m.custom(() => { args.params = r.pick([3, 'x', { alpha: 'big' }, { exponent: null }]); });
    return { kernel: 'unary', args, order: ['op', 'x', 'out', 'params'], outs: ['out'], mutations: m.list };
  }
  if (kind === 1) {
    const [as, bs, os] = r.pick([[[], [], []], [[3], [3], [3]], [[2, 1], [1, 3], [2, 3]], [[0, 2], [2], [0, 2]], [[4], [1], [4]]] as
      [number[], number[], number[]][]);
    const args: Args = { op: r.pick(['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum']), a: floats(r, prod(as), f32),
      aShape: as, b: floats(r, prod(bs), f32), bShape: bs, out: f32 ? new Float32Array(prod(os)) : new Float64Array(prod(os)), outShape: os };
    const m = new Mutator(r, args);
    m.name('op');
    m.length('a');
    m.length('out');
    m.shape('outShape');
    m.type('b', [f32 ? 'Float32Array' : 'Float64Array']);
    m.custom(() => { args.bShape = [...bs, 2]; });
    return { kernel: 'binary', args, order: ['op', 'a', 'aShape', 'b', 'bShape', 'out', 'outShape'], outs: ['out'], mutations: m.list };
  }
  const outer = r.pick([0, 1, 3]), size = r.pick([0, 1, 4]), inner = r.pick([1, 2]);
  if (kind === 2 && r.next() < 0.3) {
    const args: Args = { mask: f32 ? new Float32Array(outer * 7) : new Float64Array(outer * 7), p: r.pick([0, 0.3, 1]), seed: r.int(1e9) };
    const m = new Mutator(r, args);
    m.type('mask', ['Float32Array', 'Float64Array']);
    m.custom(() => { args.p = r.pick([-0.1, 1.5, NaN, '0.5']); });
    m.custom(() => { args.seed = r.pick([NaN, Infinity, 'x']); });
    if (r.next() < 0.5) {
      args.input = floats(r, outer * 7, f32);
      m.length('input');
      m.type('input', [f32 ? 'Float32Array' : 'Float64Array']);
      return { kernel: 'dropoutMask', args, order: ['mask', 'p', 'seed', 'input'], outs: ['mask'], mutations: m.list };
    }
    return { kernel: 'dropoutMask', args, order: ['mask', 'p', 'seed'], outs: ['mask'], mutations: m.list };
  }
  if (kind === 2) {
    const args: Args = { op: r.pick(['sum', 'max', 'min', 'prod']), x: floats(r, outer * size * inner, f32), outer, size, inner,
      out: f32 ? new Float32Array(outer * inner) : new Float64Array(outer * inner) };
    const m = new Mutator(r, args);
    m.name('op');
    m.length('x');
    m.length('out');
    m.count('size');
    return { kernel: 'reduce', args, order: ['op', 'x', 'outer', 'size', 'inner', 'out'], outs: ['out'], mutations: m.list };
  }
  const args: Args = { x: floats(r, outer * size, f32), rows: outer, cols: size, out: f32 ? new Float32Array(outer * size)
    : new Float64Array(outer * size), log: r.next() < 0.5 };
  const m = new Mutator(r, args);
  m.length('x');
  m.length('out');
  m.count('cols');
  m.custom(() => { args.log = r.pick([0, 'no', null]); });
  return { kernel: 'softmax', args, order: ['x', 'rows', 'cols', 'out', 'log'], outs: ['out'], mutations: m.list };
}


/** Adam / AdamW steps: random moments and options; mutations break a length, a type or an option (overlap: native-agreement-dense.test.ts). */
export function adamCase(r: TestRng): FuzzCase {
  const n = r.pick([0, 1, 7, 33, 20000]), f32 = r.next() < 0.5, amsgrad = r.next() < 0.5;
  const squares = (): FloatArray => floats(r, n, f32).map((v) => v * v);
  const beta1 = r.pick([0, 0.9, 0.5]), beta2 = r.pick([0.999, 0.9, 0]), step = 1 + r.int(20);
  const args: Args = {
    param: floats(r, n, f32), grad: floats(r, n, f32), expAvg: floats(r, n, f32), expAvgSq: squares(),
    maxExpAvgSq: amsgrad ? squares() : null, lr: r.pick([1e-3, 0.05, 0]), beta1, beta2, eps: r.pick([1e-8, 0, 0.1]),
    weightDecay: r.pick([0, 5e-4, 0.3]), decoupled: r.next() < 0.5, biasCorrection1: 1 - beta1 ** step, biasCorrection2: 1 - beta2 ** step,
  };
  if (n > 0 && r.next() < 0.2) (args.grad as FloatArray)[r.int(n)] = r.pick([NaN, Infinity, -Infinity]);
  const m = new Mutator(r, args);
  for (const key of ['param', 'grad', 'expAvg', 'expAvgSq', 'maxExpAvgSq']) m.length(key);
  m.type('grad', [f32 ? 'Float32Array' : 'Float64Array']);
  m.type('expAvg', [f32 ? 'Float32Array' : 'Float64Array']);
  m.missing('param');
  m.custom(() => { args[r.pick(['lr', 'eps', 'weightDecay'])] = r.pick([NaN, Infinity, '1', undefined]); });
  m.custom(() => { args[r.pick(['beta1', 'beta2'])] = r.pick([1, -0.1, NaN]); });
  m.custom(() => { args[r.pick(['biasCorrection1', 'biasCorrection2'])] = r.pick([0, 1.5, -1, NaN]); });
  m.custom(() => { args.decoupled = r.pick([0, 'yes', null]); });
  const outs = amsgrad ? ['param', 'expAvg', 'expAvgSq', 'maxExpAvgSq'] : ['param', 'expAvg', 'expAvgSq'];
  return { kernel: 'adamStep', args, order: null, outs, mutations: m.list };
}

/** ReLU backward: grad, x, out of one dtype and length. */
export function reluBackwardCase(r: TestRng): FuzzCase {
  const n = r.pick([0, 1, 9, 5000]), f32 = r.next() < 0.5;
  const args: Args = { grad: floats(r, n, f32), x: floats(r, n, f32), out: f32 ? new Float32Array(n) : new Float64Array(n) };
  const m = new Mutator(r, args);
  for (const key of ['grad', 'x', 'out']) m.length(key);
  m.type('x', [f32 ? 'Float32Array' : 'Float64Array']);
  m.type('out', [f32 ? 'Float32Array' : 'Float64Array']);
  m.missing('grad');
  return { kernel: 'reluBackward', args, order: ['grad', 'x', 'out'], outs: ['out'], mutations: m.list };
}

export const GENERATORS = [gspmmCase, gsddmmCase, edgeSoftmaxCase, segmentReduceCase, gatherCase, matmulCase, elementwiseCase,
  samplingCase, adamCase, reluBackwardCase];
