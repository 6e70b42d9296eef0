import { inflateRawSync } from 'node:zlib';
import { DataFormatError } from '../errors.js';
import { listZipEntries } from './zip-entries.js';

/** Largest uncompressed size of one archive entry or gzip stream (2 GiB). */
export const MAX_INFLATED_BYTES = 2 ** 31;

/**
 * The files of a .zip archive (stored or deflated entries, no zip64), read through the central
 * directory at the end of the archive (see listZipEntries for the checks). Folder entries are
 * skipped; names keep their paths.
 */
export function readZip(bytes: Uint8Array, what: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const e of listZipEntries(bytes, what)) {
    const raw = bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    let data: Uint8Array;
    if (e.method === 0) data = raw;
    else if (e.method === 8) {
      // The declared size bounds the output: a small entry cannot inflate to gigabytes in memory.
      if (e.size > MAX_INFLATED_BYTES) throw new DataFormatError(`${what}: ${e.name} declares ${e.size} bytes uncompressed, above the ${MAX_INFLATED_BYTES}-byte limit`);
      try {
        data = inflateRawSync(raw, { maxOutputLength: Math.max(e.size, 1) });
      } catch (err) {
        throw new DataFormatError(`${what}: ${e.name} does not inflate to its declared ${e.size} bytes (${(err as Error).message})`);
      }
    }
    else throw new DataFormatError(`${what}: ${e.name} uses unsupported compression method ${e.method}`);
    if (data.length !== e.size) throw new DataFormatError(`${what}: ${e.name} inflates to ${data.length} bytes, expected ${e.size}`);
    files.set(e.name, data);
  }
  return files;
}
