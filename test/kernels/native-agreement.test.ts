/**
 * Every kernel the addon implements agrees with the TypeScript backend on random inputs: graphs
 * with zero-degree rows, multi-edges and permuted edge ids, empty graphs, broadcasting feature
 * shapes, float32 and float64, NaN / ±Infinity where a kernel defines them, arg-indices for max/min.
 * Tolerances: float64 1e-12 relative (libm vs V8 transcendental functions differ in the last bit);
 * float32 1e-5 (the addon rounds products to float where JavaScript keeps double).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArithOp, FloatArray, ReduceOp, SddmmOp, SpmmOp, SpmmReduce, Target, UnaryOp } from '../../src/kernels/backend.js';
import { jsBackend } from '../../src/kernels/js/index.js';
import { hashUint32 } from '../../src/kernels/js/sampling.js';
import { expectClose } from '../helpers.js';
import { nativeOrSkip, randomCompressed, sameInts, TestRng } from './native-util.js';

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
/** Element by element with Object.is: NaN equals NaN, -0 differs from 0. */
const sameValues = (a: ArrayLike<number>, b: ArrayLike<number>): boolean =>
  a.length === b.length && Array.from({ length: a.length }, (_, i) => Object.is(a[i], b[i])).every(Boolean);

function floats(r: TestRng, n: number, f32: boolean, lo = -1, hi = 1): FloatArray {
  const a = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.next();
  return a;
}

const tol = (f32: boolean) => (f32 ? { atol: 1e-5, rtol: 1e-5 } : { atol: 1e-12, rtol: 1e-12 });

function close(what: string, got: ArrayLike<number>, want: ArrayLike<number>, f32: boolean): void {
  assert.doesNotThrow(() => expectClose(got, want, tol(f32)), what);
}

// [lhs, rhs] feature shapes: equal, broadcast both ways, scalars, the 64-wide fast paths and odd tails.
const SPMM_SHAPES: [number[], number[]][] = [
  [[3], [3]], [[4, 1], [4, 8]], [[1], [3]], [[2, 3], [3]], [[], []], [[64], [1]], [[64], [64]], [[21], [21]],
  [[2, 1, 3], [1, 5, 1]], [[8], [1]], [[1], [16]],
];
const SPMM_OPS: SpmmOp[] = ['add', 'sub', 'mul', 'div', 'copyLhs', 'copyRhs'];

function broadcast(a: number[], b: number[]): number[] {
  const nd = Math.max(a.length, b.length);
  const pa = [...Array<number>(nd - a.length).fill(1), ...a], pb = [...Array<number>(nd - b.length).fill(1), ...b];
  return pa.map((d, i) => (d === 1 ? pb[i] : d));
}

test('native gspmm equals the TypeScript kernel for every op, reducer, shape and dtype', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(101);
  let cases = 0;
  for (const [numSrc, numDst, heavy] of [[0, 0, 0], [1, 3, 2], [9, 7, 12], [40, 30, 40]]) {
    for (const withEids of [false, true]) {
      const c = randomCompressed(r, numDst, numSrc, heavy, withEids);
      if (numSrc === 0) c.indices.fill(0);
      const E = c.indices.length;
      for (const [lf, rf] of SPMM_SHAPES) {
        for (const op of SPMM_OPS) {
          const outShape = op === 'copyLhs' ? lf : op === 'copyRhs' ? rf : broadcast(lf, rf);
          for (const reduce of ['sum', 'max', 'min'] as SpmmReduce[]) {
            for (const f32 of [false, true]) {
              const lhs = op === 'copyRhs' ? null : floats(r, numSrc * prod(lf), f32);
              const rhs = op === 'copyLhs' ? null : floats(r, E * prod(rf), f32, 0.5, 2);
              const run = (b: typeof jsBackend | typeof a) => {
                const out = f32 ? new Float32Array(numDst * prod(outShape)) : new Float64Array(numDst * prod(outShape));
                const argU = reduce === 'sum' ? null : new Int32Array(out.length).fill(7);
                const argE = reduce === 'sum' ? null : new Int32Array(out.length).fill(7);
                b.gspmm({ op, reduce, numSrc, numDst, numEdges: E, ...c, lhs, lhsShape: lf, rhs, rhsShape: rf, out,
                  outShape, argU, argE });
                return { out, argU, argE };
              };
              const want = run(jsBackend), got = run(a);
              const what = `gspmm ${op}/${reduce} ${JSON.stringify(lf)}x${JSON.stringify(rf)} ${f32 ? 'f32' : 'f64'} ` +
                `src ${numSrc} dst ${numDst} eids ${withEids}`;
              close(what, got.out, want.out, f32);
              // Rounding can only reorder near-ties in float32 arithmetic ops; copies compare exactly.
              if (reduce !== 'sum' && (!f32 || op.startsWith('copy'))) {
                assert.ok(sameInts(got.argU!, want.argU!), `${what}: argU`);
                assert.ok(sameInts(got.argE!, want.argE!), `${what}: argE`);
              }
              cases++;
            }
          }
        }
      }
    }
  }
  assert.equal(cases, 4 * 2 * SPMM_SHAPES.length * SPMM_OPS.length * 3 * 2);
});

test('native gspmm max/min treat NaN and ±Infinity like the TypeScript kernel', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(7);
  const c = randomCompressed(r, 30, 20, 10, true);
  for (const f32 of [false, true]) {
    const x = floats(r, 20 * 4, f32);
    for (let i = 0; i < x.length; i++) if (r.next() < 0.3) x[i] = r.pick([NaN, Infinity, -Infinity]);
    for (const reduce of ['max', 'min'] as const) {
      const run = (b: typeof jsBackend | typeof a) => {
        const out = f32 ? new Float32Array(30 * 4) : new Float64Array(30 * 4);
        const argU = new Int32Array(out.length), argE = new Int32Array(out.length);
        b.gspmm({ op: 'copyLhs', reduce, numSrc: 20, numDst: 30, numEdges: c.indices.length, ...c, lhs: x, lhsShape: [4],
          rhs: null, rhsShape: [], out, outShape: [4], argU, argE });
        return { out, argU, argE };
      };
      const want = run(jsBackend), got = run(a);
      close(`${reduce} with specials`, got.out, want.out, f32);
      assert.ok(sameInts(got.argE, want.argE) && sameInts(got.argU, want.argU), `${reduce} with specials: args`);
    }
  }
});

const TARGETS: [Target, Target][] = [['u', 'v'], ['u', 'e'], ['e', 'v'], ['v', 'u'], ['e', 'e'], ['u', 'u']];
const SDDMM_OPS: SddmmOp[] = ['add', 'sub', 'mul', 'div', 'copyLhs', 'copyRhs', 'dot'];
const DOT_SHAPES: [number[], number[]][] = [[[3], [3]], [[4, 1, 5], [4, 2, 5]], [[2, 3], [3]], [[64], [64]], [[2, 16], [2, 16]], [[1], [1]]];

test('native gsddmm equals the TypeScript kernel for every op, target pair, shape and dtype', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(202);
  for (const [numSrc, numDst, E] of [[0, 0, 0], [3, 1, 4], [12, 9, 60]]) {
    const src = Int32Array.from({ length: E }, () => r.int(numSrc)), dst = Int32Array.from({ length: E }, () => r.int(numDst));
    const rowsOf = (tg: Target) => (tg === 'u' ? numSrc : tg === 'v' ? numDst : E);
    for (const [lt, rt] of TARGETS) {
      for (const op of SDDMM_OPS) {
        for (const [lf, rf] of op === 'dot' ? DOT_SHAPES : SPMM_SHAPES) {
          const outShape = op === 'copyLhs' ? lf : op === 'copyRhs' ? rf
            : op === 'dot' ? [...broadcast(lf.slice(0, -1), rf.slice(0, -1)), 1] : broadcast(lf, rf);
          for (const f32 of [false, true]) {
            const lhs = op === 'copyRhs' ? null : floats(r, rowsOf(lt) * prod(lf), f32);
            const rhs = op === 'copyLhs' ? null : floats(r, rowsOf(rt) * prod(rf), f32, 0.5, 2);
            const run = (b: typeof jsBackend | typeof a) => {
              const out = f32 ? new Float32Array(E * prod(outShape)) : new Float64Array(E * prod(outShape));
              b.gsddmm({ op, numSrc, numDst, numEdges: E, src, dst, lhs, lhsTarget: lt, lhsShape: lf, rhs, rhsTarget: rt,
                rhsShape: rf, out, outShape });
              return out;
            };
            close(`gsddmm ${op} ${lt}${rt} ${JSON.stringify(lf)}x${JSON.stringify(rf)} ${f32 ? 'f32' : 'f64'} E ${E}`,
              run(a), run(jsBackend), f32);
          }
        }
      }
    }
  }
});

test('native edgeSoftmax (forward, backward) and segmentReduce equal the TypeScript kernels', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(303);
  for (const rows of [0, 1, 25, 300]) {
    for (const withEids of [false, true]) {
      const c = randomCompressed(r, rows, 5, 30, withEids);
      const E = c.indices.length;
      for (const cols of [1, 3, 8]) {
        for (const f32 of [false, true]) {
          const x = floats(r, E * cols, f32, -30, 30);
          if (rows === 25) x[0] = -Infinity;
          const run = (b: typeof jsBackend | typeof a) => {
            const y = f32 ? new Float32Array(E * cols) : new Float64Array(E * cols);
            b.edgeSoftmax(c.indptr, c.eids, x, cols, y);
            const gy = floats(new TestRng(rows + cols), E * cols, f32);
            const gx = f32 ? new Float32Array(E * cols) : new Float64Array(E * cols);
            b.edgeSoftmaxBackward(c.indptr, c.eids, y, gy, cols, gx);
            return { y, gx };
          };
          const want = run(jsBackend), got = run(a), what = `edgeSoftmax rows ${rows} cols ${cols} ${f32 ? 'f32' : 'f64'}`;
          close(what, got.y, want.y, f32);
          close(`${what} backward`, got.gx, want.gx, f32);
        }
      }
    }
  }
  for (const S of [0, 1, 7, 200]) {
    const lens = Array.from({ length: S }, () => (r.next() < 0.3 ? 0 : r.int(6)));
    const offsets = new Int32Array(S + 1);
    lens.forEach((l, i) => { offsets[i + 1] = offsets[i] + l; });
    for (const rowLen of [0, 1, 5]) {
      for (const f32 of [false, true]) {
        const x = floats(r, offsets[S] * rowLen, f32);
        for (let i = 0; i < x.length; i++) if (r.next() < 0.05) x[i] = r.pick([NaN, Infinity, -Infinity]);
        for (const op of ['sum', 'max', 'min'] as SpmmReduce[]) {
          const run = (b: typeof jsBackend | typeof a) => {
            const out = f32 ? new Float32Array(S * rowLen) : new Float64Array(S * rowLen);
            const arg = op === 'sum' ? null : new Int32Array(S * rowLen).fill(9);
            b.segmentReduce(op, x, offsets, rowLen, out, arg);
            return { out, arg };
          };
          const want = run(jsBackend), got = run(a), what = `segmentReduce ${op} S ${S} rowLen ${rowLen}`;
          close(what, got.out, want.out, f32);
          if (op !== 'sum') assert.ok(sameInts(got.arg!, want.arg!), `${what}: arg`);
        }
      }
    }
  }
});

test('native gatherRows / scatterAddRows equal the TypeScript kernels for every dtype', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(404);
  for (const [numRows, rowLen, n] of [[0, 3, 0], [1, 0, 4], [5, 1, 9], [50, 7, 300], [300, 64, 2000]]) {
    const idx = Int32Array.from({ length: n }, () => r.int(numRows));
    const makers = [
      (k: number) => Float32Array.from({ length: k }, () => r.next()),
      (k: number) => Float64Array.from({ length: k }, () => r.next()),
      (k: number) => Int32Array.from({ length: k }, () => r.int(1000) - 500),
      (k: number) => Uint8Array.from({ length: k }, () => r.int(256)),
    ];
    for (const make of makers) {
      const src = make(numRows * rowLen);
      const want = make(n * rowLen), got = want.slice();
      jsBackend.gatherRows(src, numRows, rowLen, idx, want);
      a.gatherRows(src, numRows, rowLen, idx, got);
      assert.ok(sameInts(got, want), `gatherRows ${src.constructor.name} rows ${numRows} rowLen ${rowLen}`);
    }
    for (const f32 of [false, true]) {
      const src = floats(r, n * rowLen, f32), base = floats(r, numRows * rowLen, f32);
      const want = base.slice(), got = base.slice();
      jsBackend.scatterAddRows(src, rowLen, idx, want, numRows);
      a.scatterAddRows(src, rowLen, idx, got, numRows);
      close(`scatterAddRows rows ${numRows} rowLen ${rowLen}`, got, want, f32);
    }
  }
});

test('native matmul equals the TypeScript kernel (transposes, batch strides, empty dims)', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(505);
  for (const [batch, m, k, n] of [[1, 0, 3, 2], [1, 3, 0, 2], [2, 5, 7, 3], [3, 1, 1, 1], [1, 33, 65, 17], [4, 16, 8, 32]]) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
      for (const bcastB of [false, true]) {
        for (const f32 of [false, true]) {
          const aS = m * k, bS = bcastB ? 0 : k * n;
          const A = floats(r, batch * aS, f32), B = floats(r, bcastB ? k * n : batch * bS, f32);
          const run = (be: typeof jsBackend | typeof a) => {
            const out = f32 ? new Float32Array(batch * m * n) : new Float64Array(batch * m * n);
            out.fill(5);
            be.matmul(A, B, out, batch, m, k, n, ta, tb, aS, bS);
            return out;
          };
          close(`matmul ${batch}x${m}x${k}x${n} ${ta} ${tb} bcastB ${bcastB}`, run(a), run(jsBackend),
            f32);
        }
      }
    }
  }
});

test('native matmul split over threads (rows, columns, batches) equals the one-thread and TypeScript results', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(506);
  const before = a.getNumThreads();
  try {
    // Each product is above the addon's split threshold (2^25 flops): tall (split by rows), wide
    // (by columns), and many small ones (one task each).
    for (const [batch, m, k, n] of [[1, 300, 256, 250], [1, 40, 300, 1500], [10, 64, 128, 256]]) {
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
        for (const f32 of [false, true]) {
          const aS = m * k, bS = k * n;
          const A = floats(r, batch * aS, f32), B = floats(r, batch * bS, f32);
          const run = (be: typeof jsBackend | typeof a, threads: number) => {
            a.setNumThreads(threads);
            const out = f32 ? new Float32Array(batch * m * n) : new Float64Array(batch * m * n);
            out.fill(5);
            be.matmul(A, B, out, batch, m, k, n, ta, tb, aS, bS);
            return out;
          };
          const what = `matmul ${batch}x${m}x${k}x${n} ${ta} ${tb} ${f32 ? 'f32' : 'f64'}`;
          const one = run(a, 1), two = run(a, 2);
          assert.doesNotThrow(() => expectClose(two, one, f32 ? { atol: 1e-5, rtol: 1e-5 } : { atol: 1e-12, rtol: 1e-12 }), `${what}: 2 threads vs 1`);
          assert.doesNotThrow(() => expectClose(two, run(jsBackend, 1), f32 ? { atol: 1e-4, rtol: 1e-4 } : { atol: 1e-12, rtol: 1e-12 }),
            `${what}: vs TypeScript`);
        }
      }
    }
  } finally {
    a.setNumThreads(before);
  }
});

test('native sum over many rows (blocked, threaded) is as close to the exact sum as the TypeScript one, at any thread count', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(507);
  const before = a.getNumThreads();
  try {
    for (const [outer, size, inner] of [[1, 20011, 1], [2, 9000, 5], [1, 300000, 4], [1, 2000000, 1]]) {
      for (const f32 of [true, false]) {
        const X = floats(r, outer * size * inner, f32);
        // Float64 reference and the worst-case rounding bound of a float32 sum: size * 2^-24 * sum |x|.
        const exact = new Float64Array(outer * inner), absSum = new Float64Array(outer * inner);
        for (let o = 0; o < outer; o++) {
          for (let s = 0; s < size; s++) {
            for (let i = 0; i < inner; i++) { const v = X[(o * size + s) * inner + i]; exact[o * inner + i] += v; absSum[o * inner + i] += Math.abs(v); }
          }
        }
        const run = (be: typeof jsBackend | typeof a, threads: number): FloatArray => {
          a.setNumThreads(threads);
          const out = f32 ? new Float32Array(outer * inner) : new Float64Array(outer * inner);
          be.reduce('sum', X, outer, size, inner, out);
          return out;
        };
        const one = run(a, 1), two = run(a, 2), ts = run(jsBackend, 1);
        const what = `sum ${outer}x${size}x${inner} ${f32 ? 'f32' : 'f64'}`;
        assert.deepEqual([...two], [...one], `${what}: the thread count changes nothing`);
        for (let i = 0; i < exact.length; i++) {
          const bound = size * (f32 ? 2 ** -24 : 2 ** -53) * absSum[i] + 1e-30;
          assert.ok(Math.abs(one[i] - exact[i]) <= bound, `${what}: native ${one[i]} vs exact ${exact[i]} (bound ${bound})`);
          assert.ok(Math.abs(ts[i] - exact[i]) <= bound, `${what}: TypeScript ${ts[i]} vs exact ${exact[i]}`);
        }
      }
    }
  } finally {
    a.setNumThreads(before);
  }
});

const UNARY: UnaryOp[] = ['neg', 'exp', 'log', 'sqrt', 'abs', 'sign', 'reciprocal', 'square', 'relu', 'sigmoid', 'tanh',
  'softplus', 'gelu', 'elu', 'leakyRelu', 'clamp', 'powScalar'];
const ARITH: ArithOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'];
const SPECIALS = [0, -0, NaN, Infinity, -Infinity, 1e-30, -1e30, 80, -80, 700];

test('native unary, binary, reduce and softmax equal the TypeScript kernels (specials, broadcasting)', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(606);
  for (const f32 of [false, true]) {
    const x = floats(r, 300, f32, -5, 5);
    x.set(SPECIALS.map((v) => (f32 ? Math.fround(v) : v)), 0);
    for (const op of UNARY) {
      for (const params of [undefined, { alpha: 0.3, min: -0.5, max: 2, exponent: 3 }, { exponent: 2 }, { exponent: 0.5 }]) {
        const want = x.slice(), got = x.slice();
        jsBackend.unary(op, x, want, params);
        a.unary(op, x, got, params);
        close(`unary ${op} ${JSON.stringify(params)} ${f32 ? 'f32' : 'f64'}`, got, want, f32);
      }
    }
    const shapes: [number[], number[], number[]][] = [
      [[], [], []], [[5], [5], [5]], [[3, 1], [1, 4], [3, 4]], [[2, 3, 4], [4], [2, 3, 4]], [[1], [2, 3], [2, 3]],
      [[0, 3], [3], [0, 3]], [[2, 1, 5], [3, 1], [2, 3, 5]], [[4, 1], [4, 1], [4, 1]],
    ];
    for (const [as, bs, os] of shapes) {
      const A = floats(r, prod(as), f32, -3, 3), B = floats(r, prod(bs), f32, -3, 3);
      if (A.length > 1) A[0] = NaN;
      if (B.length > 2) B[1] = 0;
      for (const op of ARITH) {
        const mk = () => (f32 ? new Float32Array(prod(os)) : new Float64Array(prod(os)));
        const want = mk(), got = mk();
        jsBackend.binary(op, A, as, B, bs, want, os);
        a.binary(op, A, as, B, bs, got, os);
        close(`binary ${op} ${JSON.stringify(as)} ${JSON.stringify(bs)}`, got, want, f32);
      }
    }
    // The last two take the native blocked sum (few slabs, many rows); the test below checks its accuracy.
    for (const [outer, size, inner] of [[1, 0, 3], [0, 4, 2], [3, 5, 1], [2, 7, 4], [1, 1000, 1], [1, 20011, 1], [2, 9000, 5]]) {
      const X = floats(r, outer * size * inner, f32);
      if (X.length > 3) { X[1] = NaN; X[2] = Infinity; }
      for (const op of ['sum', 'max', 'min', 'prod'] as ReduceOp[]) {
        const want = f32 ? new Float32Array(outer * inner) : new Float64Array(outer * inner), got = want.slice();
        jsBackend.reduce(op, X, outer, size, inner, want);
        a.reduce(op, X, outer, size, inner, got);
        close(`reduce ${op} ${outer}x${size}x${inner}`, got, want, f32);
      }
    }
    for (const [rows, cols] of [[0, 3], [3, 0], [1, 1], [4, 7], [50, 33]]) {
      const X = floats(r, rows * cols, f32, -40, 40);
      if (X.length > 2) X[1] = -Infinity;
      for (const log of [false, true]) {
        const want = X.slice(), got = X.slice();
        jsBackend.softmax(X, rows, cols, want, log);
        a.softmax(X, rows, cols, got, log);
        close(`softmax ${rows}x${cols} log ${log}`, got, want, f32);
      }
    }
  }
});

test('every SIMD level of the float32 fast paths agrees with the TypeScript kernels', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(707);
  const levels = a.buildInfo().simdLevels;
  assert.ok(levels.includes('base'), `levels ${levels.join(', ')}`);
  // Per-head scales [H, D] x [H, 1] (GAT) with D fitting every vector width, some, or none.
  const shapes: [number[], number[]][] = [[[64], [64]], [[64], [1]], [[21], [21]], [[21], [1]], [[3], [3]], [[128], [1]], [[40], [40]],
    [[8, 8], [8, 1]], [[4, 16], [4, 1]], [[3, 32], [3, 1]], [[2, 5], [2, 1]], [[2, 4, 8], [2, 4, 1]]];
  try {
    for (const level of levels) {
      assert.equal(a.setSimd(level), level);
      for (const withEids of [false, true]) {
        const c = randomCompressed(r, 60, 45, 40, withEids), E = c.indices.length;
        for (const [lf, rf] of shapes) {
          for (const op of ['copyLhs', 'copyRhs', 'mul'] as SpmmOp[]) {
            for (const reduce of ['sum', 'max', 'min'] as SpmmReduce[]) {
              const outShape = op === 'copyRhs' ? rf : lf;
              const lhs = floats(r, 45 * prod(lf), true), rhs = floats(r, E * prod(rf), true);
              const run = (b: typeof jsBackend | typeof a) => {
                const out = new Float32Array(60 * prod(outShape));
                const argU = reduce === 'sum' ? null : new Int32Array(out.length), argE = reduce === 'sum' ? null : new Int32Array(out.length);
                b.gspmm({ op, reduce, numSrc: 45, numDst: 60, numEdges: E, ...c, lhs, lhsShape: lf, rhs, rhsShape: rf, out, outShape,
                  argU, argE });
                return { out, argU, argE };
              };
              const want = run(jsBackend), got = run(a), what = `${level} ${op}/${reduce} ${JSON.stringify(lf)}x${JSON.stringify(rf)}`;
              close(what, got.out, want.out, true);
              if (op === 'copyLhs' && reduce !== 'sum') {
                assert.ok(sameInts(got.argU!, want.argU!) && sameInts(got.argE!, want.argE!), `${what}: args`);
              }
            }
          }
        }
        const src = Int32Array.from({ length: 300 }, () => r.int(45)), dst = Int32Array.from({ length: 300 }, () => r.int(60));
        for (const [lf, rf] of [[[64], [64]], [[4, 16], [4, 16]], [[37], [37]], [[2, 3], [2, 3]]]) {
          const lhs = floats(r, 45 * prod(lf), true), rhs = floats(r, 60 * prod(rf), true);
          const run = (b: typeof jsBackend | typeof a) => {
            const out = new Float32Array(300 * prod(lf.slice(0, -1)));
            b.gsddmm({ op: 'dot', numSrc: 45, numDst: 60, numEdges: 300, src, dst, lhs, lhsTarget: 'u', lhsShape: lf, rhs,
              rhsTarget: 'v', rhsShape: rf, out, outShape: [...lf.slice(0, -1), 1] });
            return out;
          };
          close(`${level} dot ${JSON.stringify(lf)}`, run(a), run(jsBackend), true);
        }
      }
    }
  } finally {
    a.setSimd('auto');
  }
});

test('dropoutMask: both backends give the defining hash test bit for bit (any thread count, every SIMD level)', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const before = a.getNumThreads();
  const levels = a.buildInfo().simdLevels;
  try {
    // 1_200_001 elements run on a thread team natively; odd lengths leave SIMD tails.
    for (const [n, seed] of [[0, 1], [1, -7], [1001, 12345], [300_001, 2 ** 32 + 5.7], [1_200_001, 99]]) {
      for (const p of [0, 2 ** -33, 0.1, 0.5, 0.999, 1 - 2 ** -33, 1]) {
        for (const f32 of [false, true]) {
          const want = f32 ? new Float32Array(n) : new Float64Array(n);
          const keep = p < 1 ? 1 / (1 - p) : 0;
          // The definition (Backend.dropoutMask), on a sample of the positions for the big arrays.
          const step = n > 100_000 ? 7 : 1;
          const js = want.slice().fill(-1);
          jsBackend.dropoutMask(js, p, seed);
          for (let i = 0; i < n; i += step) {
            const ref = hashUint32(seed, i, 0) / 2 ** 32 >= p ? keep : 0;
            assert.equal(js[i], f32 ? Math.fround(ref) : ref, `js dropoutMask n ${n} p ${p}: element ${i}`);
          }
          want.set(js);
          let kept = 0;
          for (const v of want) if (v !== 0) kept++;
          if (n >= 1000) assert.ok(Math.abs(kept / n - (1 - p)) < 0.05, `kept ${kept / n} for p ${p}`);
          for (const threads of [1, 2]) {
            for (const level of levels) {
              a.setNumThreads(threads);
              a.setSimd(level);
              const got = want.slice().fill(-1);
              a.dropoutMask(got, p, seed);
              assert.ok(sameInts(got, want), `dropoutMask n ${n} p ${p} ${f32 ? 'f32' : 'f64'} threads ${threads} ${level}`);
            }
          }
          // With an input: the mask times it, rounded once, on both backends (NaN / Inf kept where dropped: 0 * NaN).
          const input = want.slice();
          for (let i = 0; i < n; i++) input[i] = i % 97 === 5 ? NaN : ((i * 7919) % 1000) / 37 - 13;
          const scaled = want.map((v, i) => v * input[i]);
          const jsScaled = want.slice().fill(-1);
          jsBackend.dropoutMask(jsScaled, p, seed, input);
          assert.ok(sameValues(jsScaled, scaled), `js dropoutMask with input n ${n} p ${p} ${f32 ? 'f32' : 'f64'}`);
          for (const threads of [1, 2]) {
            a.setNumThreads(threads);
            const got = want.slice().fill(-1);
            a.dropoutMask(got, p, seed, input);
            assert.ok(sameValues(got, scaled), `native dropoutMask with input n ${n} p ${p} ${f32 ? 'f32' : 'f64'} threads ${threads}`);
          }
        }
      }
    }
  } finally {
    a.setNumThreads(before);
    a.setSimd('auto');
  }
});
