import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { readZip } from '../../src/data/zip.js';
import { DataFormatError } from '../../src/errors.js';

/** A minimal zip writer (local headers, central directory, end record) to build test archives. */
function makeZip(entries: Array<{ name: string; data: Buffer; deflate: boolean }>): Buffer {
  const locals: Buffer[] = [], centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

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
