/**
 * The TypeScript binary kernel's flat paths (equal shapes, a single-value operand) and its
 * broadcasting path give exactly the elementwise definition, NaN / ±Infinity / ±0 included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArithOp, FloatArray } from '../../src/kernels/backend.js';
import { jsBackend } from '../../src/kernels/js/index.js';
import { broadcastOffsets } from '../../src/kernels/js/broadcast.js';
import { TestRng } from './native-util.js';

const DEFINITION: Record<ArithOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => Math.pow(a, b),
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a >= b ? a : b),
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a <= b ? a : b),
};
const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 2.5];

function values(r: TestRng, n: number, f32: boolean): FloatArray {
  const x = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = r.next() < 0.3 ? r.pick(SPECIALS) : r.next() * 4 - 2;
  return x;
}

// [aShape, bShape, outShape]: equal shapes (flat), scalar either side (flat), and broadcasts.
const SHAPES: [number[], number[], number[]][] = [
  [[7, 5], [7, 5], [7, 5]], [[33], [33], [33]], [[], [], []], [[0, 3], [0, 3], [0, 3]],
  [[4, 6], [1], [4, 6]], [[1], [4, 6], [4, 6]], [[], [9], [9]], [[9], [], [9]],
  [[4, 6], [6], [4, 6]], [[2, 4, 6], [1, 6], [2, 4, 6]], [[4, 6], [1, 6], [4, 6]], [[4, 6], [4, 1], [4, 6]], [[6], [6, 6], [6, 6]], [[4, 1], [4], [4, 4]], [[3, 1], [1, 5], [3, 5]], [[1, 1], [2, 3], [2, 3]],
];

test('js binary: flat and broadcasting paths equal the elementwise definition for every op', () => {
  const r = new TestRng(8);
  let checked = 0;
  for (const op of Object.keys(DEFINITION) as ArithOp[]) {
    for (const [as, bs, os] of SHAPES) {
      for (const f32 of [false, true]) {
        const size = (s: number[]) => s.reduce((x, y) => x * y, 1);
        const a = values(r, size(as), f32), b = values(r, size(bs), f32);
        const out = f32 ? new Float32Array(size(os)) : new Float64Array(size(os));
        jsBackend.binary(op, a, as, b, bs, out, os);
        const [oa, ob] = broadcastOffsets([as, bs], os);
        const want = f32 ? new Float32Array(out.length) : new Float64Array(out.length);
        for (let i = 0; i < out.length; i++) want[i] = DEFINITION[op](a[oa[i]], b[ob[i]]);
        for (let i = 0; i < out.length; i++) {
          assert.ok(Object.is(out[i], want[i]), `${op} ${JSON.stringify(as)} ${JSON.stringify(bs)} ${f32 ? 'f32' : 'f64'} [${i}]: ` +
            `${a[oa[i]]} ${op} ${b[ob[i]]} = ${out[i]}, expected ${want[i]}`);
        }
        checked++;
      }
    }
  }
  assert.equal(checked, 7 * SHAPES.length * 2);
});
