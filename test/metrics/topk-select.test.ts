import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topKOfRow } from '../../src/metrics/scores.js';

/** The specification: sort every finite entry by descending score, lower index first on ties. */
function naiveTopK(data: ArrayLike<number>, offset: number, n: number, k: number): number[] {
  const idx = Array.from({ length: n }, (_, j) => j).filter((j) => data[offset + j] !== -Infinity);
  idx.sort((a, b) => (data[offset + b] - data[offset + a]) || (a - b));
  return idx.slice(0, k);
}

test('topKOfRow (bounded heap) equals a full sort on random rows with ties, -Infinity and k above n', () => {
  let state = 12345;
  const next = (): number => { state = (state * 1103515245 + 12345) % 2 ** 31; return state / 2 ** 31; };
  for (let trial = 0; trial < 300; trial++) {
    const n = 1 + Math.floor(next() * 60), offset = Math.floor(next() * 5), k = 1 + Math.floor(next() * 70);
    // Few distinct values so that ties are common; some entries excluded.
    const data = Array.from({ length: offset + n }, () => (next() < 0.15 ? -Infinity : Math.floor(next() * 6) - (next() < 0.1 ? Infinity : 0)));
    assert.deepEqual(topKOfRow(data, offset, n, k), naiveTopK(data, offset, n, k), `trial ${trial}: n ${n}, k ${k}`);
  }
  assert.deepEqual(topKOfRow([2, 5, 5, 1, -Infinity], 0, 5, 3), [1, 2, 0]);
});
