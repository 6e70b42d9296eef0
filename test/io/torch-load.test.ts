import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as dg from '../../src/index.js';
import * as browser from '../../src/browser.js';
import { DataFormatError } from '../../src/errors.js';
import { expectClose } from '../helpers.js';
import { unpickle } from '../../src/io/torch/unpickle.js';
import { makeZip } from '../data/make-zip.js';
import { TINY_LINEAR_PT } from '../browser/torch-bytes.js';

const DIR = fileURLToPath(new URL('../../../test/fixtures/torch/', import.meta.url));
const MARKER = '/tmp/deepgraph-torch-import-pwned';

const rejects = (fn: () => unknown, ...patterns: RegExp[]): void => {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataFormatError, `expected a DataFormatError, got ${String(e)}`);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
};

test('loadTorch: every dtype and view layout comes back with the values torch saved', () => {
  const want = JSON.parse(readFileSync(DIR + 'dtypes.json', 'utf8')) as Record<string, { shape: number[]; dtype: string; values: number[] }>;
  const sd = dg.loadTorch(DIR + 'dtypes.pt');
  assert.deepEqual([...sd.keys()].sort(), Object.keys(want).sort());
  for (const [key, w] of Object.entries(want)) {
    const t = sd.get(key)!;
    assert.equal(t.dtype, w.dtype, key);
    assert.deepEqual([...t.shape], w.shape, key);
    expectClose(t.data, w.values, { atol: 0, rtol: key === 'f64' ? 0 : 1e-7 });
  }
  // The transposed view and the base share one storage; the copies do not.
  assert.notEqual(sd.get('transposed')!.data.buffer, sd.get('base')!.data.buffer);
});

test('readTorch keeps the non-tensor values a state dict flattening leaves out', () => {
  const root = dg.readTorch(DIR + 'dtypes.pt');
  assert.ok(root instanceof Map);
  assert.equal(root.get('epoch'), 7);
  assert.ok((root.get('nested') as Map<unknown, unknown>).get('inner') instanceof dg.Tensor);
});

test('loadTorch: a big-endian archive (byteorder record) is byte-swapped; pickle protocol 4 reads the same', () => {
  const sd = dg.loadTorch(DIR + 'big-endian.pt');
  const p4 = dg.loadTorch(DIR + 'protocol4.pt');
  for (const [k, t] of sd) assert.deepEqual(Array.from(p4.get(k)!.data), Array.from(t.data), k);
  assert.deepEqual(Array.from(sd.get('w')!.data), [1.5, -2, 3.25]);
  assert.deepEqual(Array.from(sd.get('i')!.data), [5, -6]);
  assert.deepEqual(Array.from(sd.get('h')!.data), [0.5, 2]);
});

test('loadTorchBytes (browser entry) reads the same bytes and names the given file in errors', () => {
  const bytes = readFileSync(DIR + 'pyg_gcn.pt');
  const sd = browser.loadTorchBytes(bytes, { name: 'gcn.pt' });
  assert.deepEqual([...sd.keys()], ['conv1.bias', 'conv1.lin.weight', 'conv2.bias', 'conv2.lin.weight']);
  assert.deepEqual([...sd.get('conv1.lin.weight')!.shape], [8, 1433]);
  rejects(() => browser.loadTorchBytes(bytes.subarray(0, 4000), { name: 'gcn.pt' }), /^gcn\.pt: /, /truncated|not a zip/);
  // At an odd offset inside a larger buffer (as a fetch or a file slice may hand it over).
  const shifted = new Uint8Array(bytes.length + 3).subarray(3);
  shifted.set(bytes);
  const again = browser.loadTorchBytes(shifted);
  for (const [k, t] of sd) assert.deepEqual(Array.from(again.get(k)!.data), Array.from(t.data), k);
});

test('loadTorch: an int64 beyond int32 is an error with the value and its position', () => {
  rejects(() => dg.loadTorch(DIR + 'int64-overflow.pt'), /int64-overflow\.pt/, /'ids'/, /1099511627776 at flat index 1/, /does not fit int32/);
});

test('loadTorch refuses os.system, builtins.eval and posix.system globals, naming them, and runs nothing', () => {
  for (const suffix of ['os-system', 'eval', 'posix']) rmSync(`${MARKER}-${suffix}`, { force: true });
  rejects(() => dg.loadTorch(DIR + 'evil-os-system.pt'), /evil-os-system\.pt/, /refused global 'os\.system'/);
  rejects(() => dg.loadTorch(DIR + 'evil-builtins-eval.pt'), /evil-builtins-eval\.pt/, /refused global 'builtins\.eval'/);
  rejects(() => dg.loadTorch(DIR + 'evil-posix-system.pt'), /evil-posix-system\.pt/, /refused global 'posix\.system'/);
  for (const suffix of ['os-system', 'eval', 'posix']) assert.ok(!existsSync(`${MARKER}-${suffix}`), `payload ${suffix} ran`);
});

test('loadTorch refuses a zip member whose name escapes the archive folder', () => {
  rejects(() => dg.loadTorch(DIR + 'zip-slip.pt'), /zip-slip\.pt/, /'\.\.\/\.\.\/escaped' escapes the archive's folder/);
});

test('loadTorch: a storage shorter than its declared size, or a view past its storage, is named', () => {
  rejects(() => dg.loadTorch(DIR + 'short-storage.pt'), /short-storage\.pt/, /tensor 'w'/, /has 16 bytes but its 9 elements need 36/);
  rejects(() => dg.loadTorch(DIR + 'view-past-storage.pt'), /view-past-storage\.pt/, /shape \[3, 3\]/, /reads element 8, but the storage holds 4/);
});

test('loadTorch: truncated files at any length are clear errors, never a crash or a wrong result', () => {
  const bytes = readFileSync(DIR + 'dtypes.pt');
  for (let len = 0; len < bytes.length; len += 97) {
    rejects(() => dg.loadTorchBytes(bytes.subarray(0, len), { name: 'cut.pt' }), /^cut\.pt: /);
  }
});

test('loadTorch: a missing file, a legacy pickle file and a non-zip are named errors', () => {
  rejects(() => dg.loadTorch(DIR + 'no-such.pt'), /no-such\.pt: cannot read/);
  rejects(() => dg.loadTorchBytes(Uint8Array.from([0x80, 0x02, 0x8a, 0x0a]), { name: 'old.pt' }), /old\.pt: legacy torch\.save format/);
  rejects(() => dg.loadTorchBytes(new TextEncoder().encode('hello world'), { name: 'x.pt' }), /x\.pt: not a torch\.save file/);
});

test('unpickle: opcodes that build or call arbitrary objects are refused by name and position', () => {
  const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
  rejects(() => unpickle(bytes('\x80\x02(ios\nsystem\nX\x02\x00\x00\x00ls.'), 'p'), /^p: pickle opcode 0x69 \('i'\) is not accepted/);
  rejects(() => unpickle(bytes('\x80\x02(o.'), 'p'), /opcode 0x6f/);
  rejects(() => unpickle(bytes('\x80\x02\x82\x01.'), 'p'), /opcode 0x82/);
  rejects(() => unpickle(bytes('\x80\x04\x8c\x08builtins\x8c\x04exec\x93.'), 'p'), /refused global 'builtins\.exec'.*at byte 18/);
  rejects(() => unpickle(bytes('\x80\x02ctorch\nFloatStorage\n)R.'), 'p'), /may only appear as a storage type/);
  rejects(() => unpickle(bytes('\x80\x02h\x05.'), 'p'), /memo entry 5/);
  rejects(() => unpickle(bytes('\x80\x02X\xff\xff\xff\x00ab'), 'p'), /truncated/);
  assert.deepEqual(unpickle(bytes('\x80\x02}(X\x01\x00\x00\x00aK\x07X\x01\x00\x00\x00b]K\x01au.'), 'p'), new Map<unknown, unknown>([['a', 7], ['b', [1]]]));
});

test('loadTorch: corrupted bytes anywhere give a DataFormatError or a result, never another exception', () => {
  const bytes = readFileSync(DIR + 'dtypes.pt');
  let seed = 12345;
  const next = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let trial = 0; trial < 300; trial++) {
    const copy = Uint8Array.from(bytes);
    for (let k = 0; k < 3; k++) copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256);
    try {
      dg.loadTorchBytes(copy, { name: 'fuzz.pt' });
    } catch (e) {
      assert.ok(e instanceof DataFormatError, `trial ${trial}: ${String(e)}`);
    }
  }
});

test('readTorchBytes: a self-referencing list is an error, not a stack overflow; compressed records are refused', () => {
  // [] memoised, then appended to itself: l = []; l.append(l).
  const pickle = Uint8Array.from('\x80\x02]q\x00h\x00a.', (c) => c.charCodeAt(0));
  const zip = makeZip([{ name: 'loop/data.pkl', data: Buffer.from(pickle), deflate: false },
    { name: 'loop/version', data: Buffer.from('3\n'), deflate: false }]);
  rejects(() => dg.readTorchBytes(zip, { name: 'loop.pt' }), /^loop\.pt: /, /nests deeper than 100 levels/);
  rejects(() => dg.loadTorchBytes(makeZip([{ name: 'c/data.pkl', data: Buffer.from(pickle), deflate: true },
    { name: 'c/version', data: Buffer.from('3\n'), deflate: false }]), { name: 'c.pt' }), /c\.pt: member 'c\/data\.pkl' is compressed/);
});

test('the browser workload inlines exactly test/fixtures/torch/tiny-linear.pt', () => {
  assert.deepEqual(Buffer.from(TINY_LINEAR_PT, 'base64'), readFileSync(DIR + 'tiny-linear.pt'));
  const sd = dg.loadTorch(DIR + 'tiny-linear.pt');
  assert.deepEqual([...sd.keys()], ['weight', 'bias']);
  assert.deepEqual([...sd.get('weight')!.shape], [2, 3]);
});
