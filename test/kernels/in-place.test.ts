/**
 * The elementwise kernels may write over an operand of the output's shape (backend.ts): on every
 * backend, in place equals out of place exactly, for flat, scalar and row-broadcast operands.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArithOp, UnaryOp } from '../../src/kernels/backend.js';
import { getBackend } from '../../src/kernels/registry.js';
import { forEachBackend, seededData } from '../helpers.js';

const ARITH: ArithOp[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'];
const UNARY: UnaryOp[] = ['relu', 'elu', 'leakyRelu', 'exp', 'neg', 'sigmoid'];
// Sizes above the native kernels' thread thresholds too.
const ROWS = [3, 40000];

test('binary and unary kernels give the same result in place as out of place', () => forEachBackend((name) => {
  const b = getBackend();
  for (const rows of ROWS) {
    for (const F of [Float32Array, Float64Array]) {
      const a = F.from(seededData(rows * 8, 1)), row = F.from(seededData(8, 2, 0.5, 2)), same = F.from(seededData(rows * 8, 3, 0.5, 2));
      for (const op of ARITH) {
        for (const [other, shape] of [[row, [8]], [same, [rows, 8]], [F.of(1.5), [1]]] as const) {
          const want = new F(a.length);
          b.binary(op, a, [rows, 8], other, shape, want, [rows, 8]);
          const inPlace = a.slice();
          b.binary(op, inPlace, [rows, 8], other, shape, inPlace, [rows, 8]);
          assert.deepEqual(inPlace, want, `${name} ${op} ${rows} rows, other ${JSON.stringify(shape)}`);
        }
      }
      for (const op of UNARY) {
        const want = new F(a.length);
        b.unary(op, a, want, { alpha: 0.2 });
        const inPlace = a.slice();
        b.unary(op, inPlace, inPlace, { alpha: 0.2 });
        assert.deepEqual(inPlace, want, `${name} ${op} ${rows} rows`);
      }
    }
  }
}));
