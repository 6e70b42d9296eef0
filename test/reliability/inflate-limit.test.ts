/**
 * Archives inflate to their declared sizes and no further: a small entry that expands to megabytes
 * (a zip bomb) is a DataFormatError, never a gigabyte in memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { readZip } from '../../src/data/zip.js';
import { readTarGz } from '../../src/data/tar.js';
import { DataFormatError } from '../../src/errors.js';

/** A one-entry deflated zip whose headers declare `declared` uncompressed bytes. */
function zipOf(name: string, data: Buffer, declared: number): Buffer {
  const body = deflateRawSync(data), n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(n.length, 28);
  const dir = Buffer.concat([central, n]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(30 + n.length + body.length, 16);
  return Buffer.concat([local, n, body, dir, end]);
}

test('a zip entry that inflates past its declared size is refused without inflating it all', () => {
  const bomb = zipOf('big.txt', Buffer.alloc(16 << 20), 100);
  assert.ok(bomb.length < 64 << 10);
  assert.throws(() => readZip(bomb, 'bomb.zip'), (e: unknown) => e instanceof DataFormatError && /big\.txt does not inflate to its declared 100 bytes/.test(e.message));
  assert.equal(readZip(zipOf('ok.txt', Buffer.from('hello'), 5), 'ok.zip').get('ok.txt')!.length, 5);
});

test('a zip entry declaring more than the limit is refused before inflating', () => {
  assert.throws(() => readZip(zipOf('huge.txt', Buffer.from('x'), 3_000_000_000), 'huge.zip'), /declares 3000000000 bytes uncompressed, above the/);
});

test('a gzip stream is inflated with a size limit', () => {
  // Not a tar inside, but it must get as far as the tar reader (the limit does not refuse small data).
  assert.throws(() => readTarGz(gzipSync(Buffer.alloc(1000, 1)), 't.tgz'), DataFormatError);
});
