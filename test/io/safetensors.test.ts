import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as dg from '../../src/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import type { DType } from '../../src/tensor/dtype.js';
import { seededData } from '../helpers.js';
import { rawSafetensors, withTempDir } from './util.js';

function make(dtype: DType, shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const src = seededData(n, seed, -1000, 1000);
  const data = dtype === 'float32' ? Float32Array.from(src) : dtype === 'float64' ? src
    : dtype === 'int32' ? Int32Array.from(src, (x) => Math.round(x * 2e6))
      : dtype === 'uint8' ? Uint8Array.from(src, (x) => Math.abs(Math.round(x)) % 256) : Uint8Array.from(src, (x) => (x > 0 ? 1 : 0));
  return new Tensor(data, shape, dtype);
}

function headerOf(bytes: Uint8Array): { length: number; json: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }> } {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  return { length, json: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) };
}

const DTYPES: DType[] = ['float32', 'float64', 'int32', 'uint8', 'bool'];
const SHAPES = [[], [0], [3, 0, 2], [1], [7], [2, 3], [2, 1, 3, 2]];

test('safetensors: every dtype and shape (0-d, empty, several dims) round-trips with values, shape and dtype', () => {
  const tensors = new Map<string, Tensor>();
  DTYPES.forEach((dt, i) => SHAPES.forEach((s, j) => tensors.set(`${dt}.${s.join('x') || 'scalar'}`, make(dt, s, 10 * i + j + 1))));
  const back = dg.loadSafetensors(dg.saveSafetensors(tensors));
  assert.deepEqual([...back.keys()].sort(), [...tensors.keys()].sort());
  for (const [name, t] of tensors) {
    const b = back.get(name)!;
    assert.equal(b.dtype, t.dtype, name);
    assert.deepEqual([...b.shape], [...t.shape], name);
    assert.deepEqual([...b.data], [...t.data], name);
  }
});

test('safetensors: a large tensor (2M float32 + 1M float64) round-trips, viewed without a copy', () => {
  const big = new Tensor(Float32Array.from(seededData(2_000_000, 3)), [1000, 2000]);
  const wide = new Tensor(seededData(1_000_000, 4), [1_000_000]);
  const bytes = dg.saveSafetensors({ big, wide, odd: new Tensor(new Uint8Array([1, 2, 3]), [3], 'uint8') });
  const back = dg.loadSafetensors(bytes);
  assert.deepEqual(back.get('big')!.data, big.data);
  assert.deepEqual(back.get('wide')!.data, wide.data);
  assert.equal(back.get('big')!.data.buffer, bytes.buffer, 'aligned float32 entry views the input bytes');
  assert.equal(back.get('wide')!.data.buffer, bytes.buffer, 'aligned float64 entry views the input bytes');
});

test('safetensors: save -> load -> save gives identical bytes, and the layout is the reference one', () => {
  const tensors = { b: make('float32', [3, 5], 1), a: make('uint8', [3], 2), c: make('float64', [2], 3), d: make('int32', [], 4), e: make('bool', [0], 5) };
  const first = dg.saveSafetensors(tensors, { metadata: { epoch: '3', who: 'test' } });
  const second = dg.saveSafetensors(dg.loadSafetensors(first), { metadata: dg.loadSafetensors(first).metadata });
  assert.deepEqual(second, first);
  const { length, json } = headerOf(first);
  assert.equal((8 + length) % 8, 0, 'data starts on an 8-byte boundary');
  assert.equal(new TextDecoder().decode(first.subarray(8, 8 + length)).trimEnd().length <= length, true);
  assert.deepEqual(Object.keys(json), ['__metadata__', 'c', 'b', 'd', 'a', 'e'], 'widest first, then by name');
  let at = 0;
  for (const [name, e] of Object.entries(json)) {
    if (name === '__metadata__') continue;
    assert.equal(e.data_offsets[0], at, `${name} starts where the previous ended`);
    assert.equal(e.data_offsets[0] % ({ F64: 8, F32: 4, I32: 4, U8: 1, BOOL: 1 } as Record<string, number>)[e.dtype], 0);
    at = e.data_offsets[1];
  }
  assert.equal(8 + length + at, first.length, 'no bytes after the last tensor');
});

test('dg.save / dg.load: a module round-trips through a file; loadStateDict(dg.load(path)) works unchanged', async () => {
  await withTempDir('st', (dir) => {
    dg.manualSeed(1);
    const a = new dg.nn.Sequential(new dg.nn.Linear(4, 8), new dg.nn.BatchNorm1d(8), new dg.nn.Linear(8, 2));
    dg.manualSeed(2);
    const b = new dg.nn.Sequential(new dg.nn.Linear(4, 8), new dg.nn.BatchNorm1d(8), new dg.nn.Linear(8, 2));
    const path = join(dir, 'sub', 'model.safetensors');
    dg.save(a, path, { metadata: { arch: 'mlp' } });
    assert.deepEqual(readdirSync(join(dir, 'sub')), ['model.safetensors'], 'no temporary file is left behind');
    const loaded = dg.load(path);
    assert.equal(loaded.metadata.arch, 'mlp');
    const r = b.loadStateDict(loaded);
    assert.deepEqual(r, { missingKeys: [], unexpectedKeys: [] });
    for (const [k, t] of a.stateDict()) assert.deepEqual(b.stateDict().get(k)!.data, t.data, k);
    dg.save(b.stateDict(), join(dir, 'again.safetensors'), { metadata: loaded.metadata });
    assert.deepEqual(readFileSync(join(dir, 'again.safetensors')), readFileSync(path), 'file -> load -> save gives the same bytes');
  });
});

test('loadStateDict: strict false reports missingKeys / unexpectedKeys (PyTorch names); strict lists them all', () => {
  const net = new dg.nn.Sequential(new dg.nn.Linear(3, 4), new dg.nn.Linear(4, 2));
  const dict = net.stateDict();
  dict.delete('1.bias');
  dict.delete('0.weight');
  dict.set('head.weight', new Tensor(new Float32Array(2), [2]));
  assert.throws(() => net.loadStateDict(dict), /missing key '0\.weight', '1\.bias'; unexpected key 'head\.weight'/);
  const before = net.stateDict().get('0.bias')!.data.slice();
  dict.set('0.bias', new Tensor(new Float32Array([9, 9, 9, 9]), [4]));
  const r = net.loadStateDict(dict, { strict: false });
  assert.deepEqual(r, { missingKeys: ['0.weight', '1.bias'], unexpectedKeys: ['head.weight'] });
  assert.deepEqual([...net.stateDict().get('0.bias')!.data], [9, 9, 9, 9]);
  assert.notDeepEqual([...before], [9, 9, 9, 9]);
  dict.set('1.weight', new Tensor(new Float32Array(6), [3, 2]));
  assert.throws(() => net.loadStateDict(dict, { strict: false }), /shape mismatch for '1\.weight': checkpoint has \[3, 2\], model has \[2, 4\]/);
});

test('safetensors: I16, U16, U32 and U64 entries become int32 with the same values', () => {
  const data = new Uint8Array(2 * 2 + 2 * 2 + 2 * 4 + 2 * 8);
  const v = new DataView(data.buffer);
  v.setBigUint64(0, 2147483647n, true); v.setBigUint64(8, 0n, true);
  v.setUint32(16, 4000, true); v.setUint32(20, 2147483647, true);
  v.setInt16(24, -32768, true); v.setInt16(26, 5, true);
  v.setUint16(28, 65535, true); v.setUint16(30, 1, true);
  const header = {
    u64: { dtype: 'U64', shape: [2], data_offsets: [0, 16] }, u32: { dtype: 'U32', shape: [2], data_offsets: [16, 24] },
    i16: { dtype: 'I16', shape: [2], data_offsets: [24, 28] }, u16: { dtype: 'U16', shape: [1, 2], data_offsets: [28, 32] },
  };
  const back = dg.loadSafetensors(rawSafetensors(header, data));
  assert.deepEqual([...back.get('u64')!.data], [2147483647, 0]);
  assert.deepEqual([...back.get('u32')!.data], [4000, 2147483647]);
  assert.deepEqual([...back.get('i16')!.data], [-32768, 5]);
  assert.deepEqual([...back.get('u16')!.data], [65535, 1]);
  assert.deepEqual([...back.get('u16')!.shape], [1, 2]);
  for (const name of ['u64', 'u32', 'i16', 'u16']) assert.equal(back.get(name)!.dtype, 'int32');
});
