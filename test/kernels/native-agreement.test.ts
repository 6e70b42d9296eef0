/**
 * Every kernel the addon implements agrees with the TypeScript backend on random inputs: graphs
 * with zero-degree rows, multi-edges and permuted edge ids, empty graphs, broadcasting feature
 * shapes, float32 and float64, NaN / ±Infinity where a kernel defines them, arg-indices for max/min.
 * Tolerances: float64 1e-12 relative (libm vs V8 transcendental functions differ in the last bit);
 * float32 1e-5 (the addon rounds products to float where JavaScript keeps double).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SddmmOp, SpmmOp, SpmmReduce, Target } from '../../src/kernels/backend.js';
import { jsBackend } from '../../src/kernels/js/index.js';
import { nativeOrSkip, randomCompressed, sameInts, TestRng } from './native-util.js';
import { close, floats, prod } from './agreement-util.js';


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
