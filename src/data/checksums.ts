/** The Node side of the raw-file checksums: hashes files on disk (digests in checksums-known.ts). */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { checksumMismatch, knownSha256, type RawReadOptions } from './checksums-known.js';

export { knownSha256, verifyChecksumBytes, type RawReadOptions } from './checksums-known.js';

/** Throws a DataFormatError naming `file` when it is a known file whose SHA-256 differs from the published one. */
export function verifyChecksum(file: string, opts: RawReadOptions = {}): void {
  if (opts.verifyChecksums === false) return;
  const want = knownSha256(file);
  if (want === undefined) return;
  const got = createHash('sha256').update(readFileSync(file)).digest('hex');
  if (got !== want) {
    throw checksumMismatch(file, got, want);
  }
}
