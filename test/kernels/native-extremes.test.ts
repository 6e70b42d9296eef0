/**
 * g-SpMM copyU max / min: the addon's SIMD kernels (one sweep for one-vector blocks; two sweeps,
 * extremes then winners, for wider blocks) give exactly the TypeScript kernel's values and
 * argU / argE on ties, +0 / -0, NaN and ±Infinity, at feature widths that exercise every block
 * size and tail, at every SIMD level, with and without edge ids and with either id array alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsBackend } from '../../src/kernels/js/index.js';
import { nativeOrSkip, randomCompressed, sameInts, TestRng } from './native-util.js';

// Few distinct values, so ties are common.
const VALUES = [1, 2, -1, 0, -0, NaN, Infinity, -Infinity];

test('native copyU max / min equal the TypeScript kernel on ties, signed zeros, NaN and infinities', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(99);
  const numSrc = 30, numDst = 50;
  let checked = 0;
  try {
    for (const level of a.buildInfo().simdLevels) {
      a.setSimd(level);
      for (const withEids of [false, true]) {
        const c = randomCompressed(r, numDst, numSrc, 25, withEids);
        for (const F of [4, 16, 24, 64, 80, 128, 131]) {
          const x = new Float32Array(numSrc * F);
          const pool = r.next() < 0.5 ? VALUES : VALUES.slice(0, 5);  // with and without NaN / Inf
          for (let i = 0; i < x.length; i++) x[i] = r.pick(pool);
          for (const reduce of ['max', 'min'] as const) {
            for (const ids of ['both', 'argU', 'argE', 'none'] as const) {
              const run = (b: typeof jsBackend | typeof a) => {
                const out = new Float32Array(numDst * F).fill(7);
                const argU = ids === 'both' || ids === 'argU' ? new Int32Array(out.length).fill(7) : null;
                const argE = ids === 'both' || ids === 'argE' ? new Int32Array(out.length).fill(7) : null;
                b.gspmm({ op: 'copyLhs', reduce, numSrc, numDst, numEdges: c.indices.length, ...c, lhs: x, lhsShape: [F],
                  rhs: null, rhsShape: [], out, outShape: [F], argU, argE });
                return { out, argU, argE };
              };
              const want = run(jsBackend), got = run(a);
              const what = `${level} ${reduce} F ${F} eids ${withEids} ids ${ids}`;
              for (let i = 0; i < want.out.length; i++) {
                assert.ok(Object.is(got.out[i], want.out[i]), `${what}: out[${i}] = ${got.out[i]}, expected ${want.out[i]}`);
              }
              if (want.argU) assert.ok(sameInts(got.argU!, want.argU), `${what}: argU`);
              if (want.argE) assert.ok(sameInts(got.argE!, want.argE), `${what}: argE`);
              checked++;
            }
          }
        }
      }
    }
  } finally {
    a.setSimd('auto');
  }
  assert.ok(checked >= 2 * 7 * 2 * 4, `${checked} cases`);
});
