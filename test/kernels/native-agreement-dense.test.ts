/**
 * The addon's dense kernels agree with the TypeScript backend on random inputs: matmul (transposes,
 * batch strides, threads), sums over many rows, unary / binary / reduce / softmax with specials and
 * broadcasting, every SIMD level of the float32 fast paths, and the dropout hash. Tolerances as in
 * native-agreement.test.ts (float64 1e-12 relative, float32 1e-5).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArithOp, FloatArray, ReduceOp, SpmmOp, SpmmReduce, UnaryOp } from '../../src/kernels/backend.js';
import { jsBackend } from '../../src/kernels/js/index.js';
import { hashUint32 } from '../../src/kernels/js/sampling.js';
import { expectClose } from '../helpers.js';
import { nativeOrSkip, randomCompressed, sameInts, TestRng } from './native-util.js';
import { close, floats, prod, sameValues } from './agreement-util.js';

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
