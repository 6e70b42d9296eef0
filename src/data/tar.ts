import { gunzipSync } from 'node:zlib';
import { MAX_INFLATED_BYTES } from './zip.js';
import { DataFormatError } from '../errors.js';

const BLOCK = 512;

function field(h: Uint8Array, from: number, len: number): string {
  let end = from;
  while (end < from + len && h[end] !== 0) end++;
  return new TextDecoder().decode(h.subarray(from, end));
}

/**
 * The regular files of a POSIX (ustar / GNU) tar archive as [path, bytes] pairs. Checks each
 * header's checksum and that file data lies inside the archive; `source` names it in errors.
 */
export function readTar(tar: Uint8Array, source = 'tar archive'): [string, Uint8Array][] {
  const out: [string, Uint8Array][] = [];
  let pos = 0, longName: string | null = null;
  for (;;) {
    if (pos + BLOCK > tar.length) throw new DataFormatError(`${source}: truncated (no end-of-archive block after byte ${pos})`);
    const h = tar.subarray(pos, pos + BLOCK);
    if (h.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    const stored = parseInt(field(h, 148, 8).trim(), 8);
    if (stored !== sum) throw new DataFormatError(`${source}: bad tar header checksum at byte ${pos}`);
    const size = parseInt(field(h, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(h[156] || 48);
    const prefix = field(h, 345, 155);
    const name = longName ?? (prefix === '' ? field(h, 0, 100) : `${prefix}/${field(h, 0, 100)}`);
    const start = pos + BLOCK;
    if (start + size > tar.length) throw new DataFormatError(`${source}: '${name}' is truncated (${size} bytes declared)`);
    const data = tar.subarray(start, start + size);
    longName = null;
    if (type === 'L') longName = field(data, 0, data.length);
    else if (type === '0' || type === '7') out.push([name, data]);
    pos = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}

/** readTar of a gzip-compressed archive (.tgz / .tar.gz). */
export function readTarGz(bytes: Uint8Array, source = 'tar.gz archive'): [string, Uint8Array][] {
  let tar: Uint8Array;
  try {
    tar = gunzipSync(bytes, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (e) {
    throw new DataFormatError(`${source}: not a gzip file, or it inflates past ${MAX_INFLATED_BYTES} bytes (${(e as Error).message})`);
  }
  return readTar(tar, source);
}
