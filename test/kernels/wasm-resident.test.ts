/**
 * The wasm backend's resident copies (src/kernels/wasm/heap.ts): read-only inputs (graph CSR/CSC
 * arrays, markReadOnly tensors) are copied into the module's memory once and reused, with results
 * bit for bit those of fresh copies and of the TypeScript backend; unmarked arrays are copied on
 * every call, so writing into them between calls is seen; a read-only array used as an output is
 * refused by name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsBackend } from '../../src/kernels/js/index.js';
import { loadWasmBackend } from '../../src/kernels/wasm/index.js';
import { wasmExports } from '../../src/kernels/wasm/module.js';
import { clearResident } from '../../src/kernels/wasm/heap.js';
import { markReadOnly } from '../../src/kernels/read-only.js';
import type { SpmmArgs } from '../../src/kernels/backend.js';
import { seededData } from '../helpers.js';

const wasm = loadWasmBackend() as Required<Pick<typeof jsBackend, 'gspmm' | 'matmul'>>;

/** A random CSC of numDst rows over numSrc sources. */
function randomCsc(numSrc: number, numDst: number, perRow: number, seed: number) {
  const r = seededData(numDst * perRow, seed, 0, 1);
  const indptr = new Int32Array(numDst + 1), indices = new Int32Array(numDst * perRow);
  for (let v = 0; v < numDst; v++) {
    indptr[v + 1] = indptr[v] + perRow;
    for (let j = 0; j < perRow; j++) indices[v * perRow + j] = Math.floor(r[v * perRow + j] * numSrc);
  }
  return { indptr, indices };
}

function spmmArgs(indptr: Int32Array, indices: Int32Array, lhs: Float32Array, numSrc: number, F: number): SpmmArgs {
  const numDst = indptr.length - 1;
  return { op: 'copyLhs', reduce: 'sum', numSrc, numDst, numEdges: indices.length, indptr, indices, eids: null, lhs, rhs: null,
    out: new Float32Array(numDst * F), lhsShape: [F], rhsShape: [F], outShape: [F], argU: null, argE: null };
}

test('read-only inputs stay resident across calls and give the bits of fresh copies and of TypeScript', () => {
  const numSrc = 300, numDst = 200, F = 8;
  const { indptr, indices } = randomCsc(numSrc, numDst, 5, 1);
  const x = Float32Array.from(seededData(numSrc * F, 2));
  const fresh = spmmArgs(indptr.slice(), indices.slice(), x.slice(), numSrc, F);
  wasm.gspmm(fresh);
  const expected = spmmArgs(indptr, indices, x, numSrc, F);
  jsBackend.gspmm(expected);
  assert.deepEqual(fresh.out, expected.out);
  markReadOnly(indptr); markReadOnly(indices); markReadOnly(x);
  for (let call = 0; call < 3; call++) {
    // Other calls in between use the arena above the resident copies and must not overwrite them.
    const other = Float32Array.from(seededData(64 * 64, 10 + call)), o = new Float32Array(64 * 64);
    wasm.matmul(other, other, o, 1, 64, 64, 64, false, false, 0, 0);
    const a = spmmArgs(indptr, indices, x, numSrc, F);
    wasm.gspmm(a);
    assert.deepEqual(a.out, expected.out, `call ${call}`);
  }
  // Breaking the promise shows that the copy was reused: the module still sees the old values
  // until its resident region is emptied.
  const saved = x.slice();
  x.fill(0);
  const stale = spmmArgs(indptr, indices, x, numSrc, F);
  wasm.gspmm(stale);
  assert.deepEqual(stale.out, expected.out);
  clearResident(wasmExports());
  const zeroed = spmmArgs(indptr, indices, x, numSrc, F);
  wasm.gspmm(zeroed);
  assert.ok(zeroed.out.every((v) => v === 0));
  x.set(saved);
});

test('an unmarked input is copied on every call: a write between calls is seen', () => {
  const numSrc = 50, F = 4;
  const { indptr, indices } = randomCsc(numSrc, 40, 3, 3);
  const x = Float32Array.from(seededData(numSrc * F, 4));
  const first = spmmArgs(indptr, indices, x, numSrc, F);
  wasm.gspmm(first);
  x.fill(0);
  const second = spmmArgs(indptr, indices, x, numSrc, F);
  wasm.gspmm(second);
  assert.ok(first.out.some((v) => v !== 0));
  assert.ok(second.out.every((v) => v === 0));
});

test('a resident read-only array passed as an output is refused by name', () => {
  const a = markReadOnly(Float32Array.from(seededData(16, 5)));
  const b = Float32Array.from(seededData(16, 6));
  wasm.matmul(a, b, new Float32Array(16), 1, 4, 4, 4, false, false, 0, 0);
  assert.throws(() => wasm.matmul(b, b, a, 1, 4, 4, 4, false, false, 0, 0), /matmul: writes into an array marked read-only/);
  // a itself is untouched, and its copy in the module is dropped rather than left as it may now be.
  const want = new Float32Array(16), got = new Float32Array(16);
  wasm.matmul(a.slice(), b, want, 1, 4, 4, 4, false, false, 0, 0);
  wasm.matmul(a, b, got, 1, 4, 4, 4, false, false, 0, 0);
  assert.deepEqual(got, want);
});

test('a resident index array is validated once per bound: a smaller numSrc than it was checked against still throws', () => {
  const numSrc = 40, F = 2;
  const { indptr, indices } = randomCsc(numSrc, 30, 4, 7);
  markReadOnly(indptr); markReadOnly(indices);
  const x = Float32Array.from(seededData(numSrc * F, 8));
  wasm.gspmm(spmmArgs(indptr, indices, x, numSrc, F));
  wasm.gspmm(spmmArgs(indptr, indices, x, numSrc, F));
  const top = Math.max(...indices);
  assert.throws(() => wasm.gspmm(spmmArgs(indptr, indices, x.subarray(0, top * F), top, F)),
    (e: unknown) => e instanceof RangeError && /^gspmm: indices\[\d+\] = \d+ is out of range \[0, \d+\)/.test(e.message));
  // A shorter CSR over the same indices: the indptr check ran for its own row count.
  const short = indptr.slice(0, 11);
  assert.throws(() => wasm.gspmm({ ...spmmArgs(short, indices, x, numSrc, F), numEdges: indices.length }),
    (e: unknown) => e instanceof RangeError && /^gspmm: indptr\[10\] = \d+, expected the number of edges/.test(e.message));
});
