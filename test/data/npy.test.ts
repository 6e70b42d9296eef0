import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNpy, readNpyEdges, writeNpy } from '../../src/data/npy.js';
import { DataFormatError } from '../../src/errors.js';

function withDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'deepgraph-npy-'));
  try { body(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

test('npy: int32, float32, float64 and uint8 round trips keep values and shape', () => {
  withDir((dir) => {
    const cases = [new Int32Array([0, -5, 2147483647, 7]), new Float32Array([0.5, -1.25, 3]), new Float64Array([Math.PI, -1e300]), new Uint8Array([0, 1, 255])];
    cases.forEach((arr, i) => {
      const p = join(dir, `a${i}.npy`);
      writeNpy(p, arr);
      const back = readNpy(p);
      assert.deepEqual(back.shape, [arr.length]);
      assert.deepEqual(back.data, arr);
      assert.equal((readFileSync(p).length - arr.byteLength) % 64, 0, 'data starts on a 64-byte boundary');
    });
    writeNpy(join(dir, 'm.npy'), new Float32Array(6).fill(2), [2, 3]);
    assert.deepEqual(readNpy(join(dir, 'm.npy')).shape, [2, 3]);
  });
});

test('readNpyEdges: int64 files are narrowed to int32; mismatched lengths and overflow are errors', () => {
  withDir((dir) => {
    writeNpy(join(dir, 's.npy'), new BigInt64Array([0n, 1n, 2n]));
    writeNpy(join(dir, 'd.npy'), new Int32Array([2, 0, 1]));
    const { src, dst } = readNpyEdges(join(dir, 's.npy'), join(dir, 'd.npy'));
    assert.deepEqual(src, new Int32Array([0, 1, 2]));
    assert.deepEqual(dst, new Int32Array([2, 0, 1]));
    writeNpy(join(dir, 'short.npy'), new Int32Array([1]));
    assert.throws(() => readNpyEdges(join(dir, 's.npy'), join(dir, 'short.npy')), /1 destinations for 3 sources/);
    writeNpy(join(dir, 'big.npy'), new BigInt64Array([1n << 40n]));
    assert.throws(() => readNpy(join(dir, 'big.npy')), /does not fit int32/);
    writeNpy(join(dir, 'f.npy'), new Float32Array([1]));
    assert.throws(() => readNpyEdges(join(dir, 'f.npy'), join(dir, 'd.npy')), /expected a 1-d int32 or int64 array/);
  });
});

test('npy: a truncated file and a non-npy file are DataFormatErrors naming the file', () => {
  withDir((dir) => {
    const p = join(dir, 'e.npy');
    writeNpy(p, new Int32Array(100));
    const b = readFileSync(p);
    writeFileSync(p, b.subarray(0, b.length - 10));
    assert.throws(() => readNpy(p), (e: unknown) => e instanceof DataFormatError && e.message.includes(p) && /needs 400 data bytes, found 390/.test(e.message));
    writeFileSync(p, 'hello world, not numpy');
    assert.throws(() => readNpy(p), /bad magic/);
  });
});
