import { inflateRawSync } from 'node:zlib';
import { DataFormatError } from '../errors.js';

/** Largest uncompressed size of one archive entry or gzip stream (2 GiB). */
export const MAX_INFLATED_BYTES = 2 ** 31;

/**
 * The files of a .zip archive (stored or deflated entries, no zip64), read through the central
 * directory at the end of the archive. Folder entries are skipped; names keep their paths.
 */
export function readZip(bytes: Uint8Array, what: string): Map<string, Uint8Array> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let p = buf.length - 22; p >= Math.max(0, buf.length - 22 - 65535); p--) {
    if (buf.readUInt32LE(p) === 0x06054b50) { eocd = p; break; }
  }
  if (eocd < 0) throw new DataFormatError(`${what}: not a zip archive (no end-of-central-directory record)`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new DataFormatError(`${what}: corrupt central directory entry ${i}`);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20), size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw new DataFormatError(`${what}: corrupt local header of ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + compressed);
    if (raw.length !== compressed) throw new DataFormatError(`${what}: ${name} is truncated`);
    let data: Uint8Array;
    if (method === 0) data = raw;
    else if (method === 8) {
      // The declared size bounds the output: a small entry cannot inflate to gigabytes in memory.
      if (size > MAX_INFLATED_BYTES) throw new DataFormatError(`${what}: ${name} declares ${size} bytes uncompressed, above the ${MAX_INFLATED_BYTES}-byte limit`);
      try {
        data = inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) });
      } catch (e) {
        throw new DataFormatError(`${what}: ${name} does not inflate to its declared ${size} bytes (${(e as Error).message})`);
      }
    }
    else throw new DataFormatError(`${what}: ${name} uses unsupported compression method ${method}`);
    if (data.length !== size) throw new DataFormatError(`${what}: ${name} inflates to ${data.length} bytes, expected ${size}`);
    files.set(name, data);
  }
  return files;
}
