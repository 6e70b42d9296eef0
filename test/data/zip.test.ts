import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readZip } from '../../src/data/zip.js';
import { DataFormatError } from '../../src/errors.js';
import { makeZip } from './make-zip.js';

test('readZip: stored and deflated entries come back byte for byte', () => {
  const text = Buffer.from('1, 2\n2, 1\n'.repeat(500));
  const zip = makeZip([
    { name: 'TOY/TOY_A.txt', data: text, deflate: true },
    { name: 'TOY/README.txt', data: Buffer.from('hello'), deflate: false },
  ]);
  const files = readZip(zip, 'TOY.zip');
  assert.deepEqual([...files.keys()], ['TOY/TOY_A.txt', 'TOY/README.txt']);
  assert.deepEqual(Buffer.from(files.get('TOY/TOY_A.txt') as Uint8Array), text);
  assert.equal(Buffer.from(files.get('TOY/README.txt') as Uint8Array).toString(), 'hello');
});

test('readZip: a truncated archive is a DataFormatError naming it', () => {
  const zip = makeZip([{ name: 'a.txt', data: Buffer.from('x'.repeat(1000)), deflate: true }]);
  assert.throws(() => readZip(zip.subarray(0, 20), 'TOY.zip'), (e: unknown) => e instanceof DataFormatError && /TOY\.zip: not a zip archive/.test(e.message));
});

test('readZip: member names that escape the folder are refused, naming the archive and the member', () => {
  for (const name of ['../evil.txt', 'TOY/../../evil.txt', '/etc/evil', 'C:\\evil', 'TOY\\..\\..\\evil']) {
    const zip = makeZip([{ name, data: Buffer.from('x'), deflate: false }]);
    assert.throws(() => readZip(zip, 'TOY.zip'), (e: unknown) => e instanceof DataFormatError &&
      e.message.includes('TOY.zip') && e.message.includes(`'${name}' escapes the archive's folder`));
  }
});

test('readZip: a central directory pointing past the archive is named, not read', () => {
  const zip = makeZip([{ name: 'a.txt', data: Buffer.from('hello'), deflate: false }]);
  zip.writeUInt32LE(0x7fffffff, zip.length - 22 + 16);
  assert.throws(() => readZip(zip, 'TOY.zip'), (e: unknown) => e instanceof DataFormatError && /TOY\.zip: central directory .* outside/.test(e.message));
});
