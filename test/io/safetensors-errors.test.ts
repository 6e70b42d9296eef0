import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as dg from '../../src/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { rawSafetensors, withTempDir } from './util.js';

const f32 = (name: string, shape: number[], begin: number, end: number): Record<string, unknown> =>
  ({ [name]: { dtype: 'F32', shape, data_offsets: [begin, end] } });

/** Each case: bytes of a broken file and what the error must say (besides the file's path). */
const CASES: [string, () => Uint8Array, RegExp][] = [
  ['file cut inside the header', () => dg.saveSafetensors({ w: new Tensor(new Float32Array(10), [10]) }).subarray(0, 30),
    /header length \d+ is larger than the file \(30 bytes; truncated\?\)/],
  ['empty file', () => new Uint8Array(0), /file is 0 bytes, too short for the 8-byte header length/],
  ['truncated file (data cut off)', () => { const b = dg.saveSafetensors({ w: new Tensor(new Float32Array(10), [10]) }); return b.subarray(0, b.length - 20); },
    /tensor 'w': data_offsets \[0, 40\] are out of range: the data buffer has \d+ bytes \(truncated\?\)/],
  ['header length larger than the file', () => rawSafetensors(f32('w', [1], 0, 4), new Uint8Array(4), { headerLength: 5000 }),
    /header length 5000 is larger than the file \(\d+ bytes; truncated\?\)/],
  ['absurd header length', () => rawSafetensors({}, new Uint8Array(0), { headerLength: 0xffffffff }), /header length 4294967295 exceeds the limit/],
  ['non-JSON header', () => rawSafetensors(null, new Uint8Array(0), { headerText: '{"w": {dtype' }), /header is not valid UTF-8 JSON/],
  ['header JSON is not an object', () => rawSafetensors([1, 2], new Uint8Array(0)), /header JSON must be an object/],
  ['unknown dtype', () => rawSafetensors({ w: { dtype: 'C64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)),
    /tensor 'w': unknown or unsupported dtype 'C64' \(supported: F64, F32/],
  ['shape product does not match the bytes', () => rawSafetensors(f32('w', [2, 3], 0, 20), new Uint8Array(20)),
    /tensor 'w': shape \[2, 3\] of F32 needs 24 bytes, data_offsets \[0, 20\] hold 20/],
  ['overlapping offsets', () => rawSafetensors({ ...f32('a', [2], 0, 8), ...f32('b', [2], 4, 12) }, new Uint8Array(12)),
    /tensor 'b': data_offsets \[4, 12\] overlap tensor 'a' \(which ends at 8\)/],
  ['a hole between tensors', () => rawSafetensors({ ...f32('a', [1], 0, 4), ...f32('b', [1], 8, 12) }, new Uint8Array(12)),
    /tensor 'b': data_offsets \[8, 12\] leave a hole after byte 4/],
  ['out-of-range offsets', () => rawSafetensors(f32('w', [4], 0, 16), new Uint8Array(8)), /tensor 'w': data_offsets \[0, 16\] are out of range/],
  ['offsets that end before they begin', () => rawSafetensors(f32('w', [0], 4, 0), new Uint8Array(4)), /data_offsets \[4, 0\] end before they begin/],
  ['bytes after the last tensor', () => rawSafetensors(f32('w', [1], 0, 4), new Uint8Array(12)),
    /the tensors end at data byte 4 but the data buffer has 12 bytes/],
  ['negative shape', () => rawSafetensors(f32('w', [-1], 0, 0), new Uint8Array(0)), /tensor 'w': field 'shape' must be an array of non-negative integers/],
  ['missing data_offsets', () => rawSafetensors({ w: { dtype: 'F32', shape: [1] } }, new Uint8Array(4)), /tensor 'w': field 'data_offsets' must be two/],
  ['metadata value not a string', () => rawSafetensors({ __metadata__: { epoch: 3 } }, new Uint8Array(0)), /'__metadata__' field 'epoch' must be a string/],
  ['int64 above 2^31', () => {
    const data = new Uint8Array(16);
    new DataView(data.buffer).setBigInt64(8, 3_000_000_000n, true);
    return rawSafetensors({ ids: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, data);
  }, /tensor 'ids' \(I64\): value 3000000000 at flat index 1 does not fit int32/],
  ['bool byte that is not 0 or 1', () => rawSafetensors({ m: { dtype: 'BOOL', shape: [2], data_offsets: [0, 2] } }, new Uint8Array([1, 7])),
    /tensor 'm' \(BOOL\): byte 7 at flat index 1 is neither 0 nor 1/],
];

test('safetensors: every kind of corrupt file is a DataFormatError naming the file and the field', async () => {
  await withTempDir('st-bad', (dir) => {
    CASES.forEach(([what, bytes], i) => {
      const path = join(dir, `bad${i}.safetensors`);
      writeFileSync(path, bytes());
      const err = (() => { try { dg.load(path); } catch (e) { return e as Error; } return null; })();
      assert.ok(err instanceof dg.DataFormatError, `${what}: expected a DataFormatError, got ${String(err)}`);
      assert.ok(err.message.startsWith(`${path}: `), `${what}: message names the file: ${err.message}`);
      assert.match(err.message, CASES[i][2], what);
      assert.throws(() => dg.loadSafetensors(bytes(), { name: 'upload.bin' }), (e: Error) => e.message.startsWith('upload.bin: '), what);
    });
  });
});

test('dg.load: a missing file names the path', () => {
  assert.throws(() => dg.load('/nonexistent/weights.safetensors'), /load: cannot read '\/nonexistent\/weights\.safetensors'/);
});

test('saveSafetensors: refuses non-tensors, the reserved __metadata__ name and non-string metadata', () => {
  assert.throws(() => dg.saveSafetensors({ w: [1, 2] as unknown as Tensor }), /'w' is not a Tensor/);
  assert.throws(() => dg.saveSafetensors({ __metadata__: new Tensor(new Float32Array(1), [1]) }), /reserved/);
  assert.throws(() => dg.saveSafetensors({}, { metadata: { n: 3 as unknown as string } }), /metadata 'n' must be a string/);
});

test('loadStateDict from a file with missing, extra or misshapen keys names them', async () => {
  await withTempDir('st-keys', (dir) => {
    const net = new dg.nn.Linear(3, 2);
    const path = join(dir, 'w.safetensors');
    dg.save({ weight: new Tensor(new Float32Array(6), [2, 3]), extra: new Tensor(new Float32Array(1), [1]) }, path);
    assert.throws(() => net.loadStateDict(dg.load(path)), /missing key 'bias'; unexpected key 'extra'/);
    dg.save({ weight: new Tensor(new Float32Array(6), [3, 2]), bias: new Tensor(new Float32Array(2), [2]) }, path);
    assert.throws(() => net.loadStateDict(dg.load(path)), /shape mismatch for 'weight': checkpoint has \[3, 2\], model has \[2, 3\]/);
  });
});
