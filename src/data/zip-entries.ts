import { DataFormatError } from '../errors.js';

/** One member of a zip archive, located but not decompressed. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated. */
  method: number;
  compressedSize: number;
  size: number;
  /** Where the member's (possibly compressed) bytes start in the archive. */
  dataOffset: number;
}

const EOCD = 0x06054b50, CENTRAL = 0x02014b50, LOCAL = 0x04034b50;

/**
 * The members of a .zip archive (no zip64, one disk), read through the central directory at the
 * end. Every offset and length is checked against the archive's size before it is used, and a
 * member name that is absolute or climbs out of the archive ('../x', '/etc/x', 'C:x') is refused.
 * Folder entries are skipped. Browser-safe: nothing is decompressed here.
 */
export function listZipEntries(bytes: Uint8Array, what: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.byteLength;
  let eocd = -1;
  for (let p = size - 22; p >= Math.max(0, size - 22 - 65535); p--) {
    if (view.getUint32(p, true) === EOCD) { eocd = p; break; }
  }
  if (eocd < 0) throw new DataFormatError(`${what}: not a zip archive, or truncated (no end-of-central-directory record)`);
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0) {
    throw new DataFormatError(`${what}: multi-disk zip archives are not supported`);
  }
  const count = view.getUint16(eocd + 10, true);
  const dirSize = view.getUint32(eocd + 12, true), dirStart = view.getUint32(eocd + 16, true);
  if (count === 0xffff || dirStart === 0xffffffff || dirSize === 0xffffffff) {
    throw new DataFormatError(`${what}: zip64 archives are not supported`);
  }
  if (dirStart + dirSize > eocd) {
    throw new DataFormatError(`${what}: central directory [${dirStart}, ${dirStart + dirSize}) lies outside the archive's ${eocd} bytes (truncated?)`);
  }
  const decoder = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  let p = dirStart;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CENTRAL) throw new DataFormatError(`${what}: corrupt central directory entry ${i}`);
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true), memberSize = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true), extraLen = view.getUint16(p + 30, true), commentLen = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    if (p + 46 + nameLen > eocd) throw new DataFormatError(`${what}: central directory entry ${i} has a name past the directory's end`);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    checkMemberName(name, what);
    if (name.endsWith('/')) continue;
    if (compressedSize === 0xffffffff || memberSize === 0xffffffff || local === 0xffffffff) {
      throw new DataFormatError(`${what}: member ${name} uses zip64 sizes, which are not supported`);
    }
    if (local + 30 > size || view.getUint32(local, true) !== LOCAL) throw new DataFormatError(`${what}: corrupt local header of member ${name}`);
    const dataOffset = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (dataOffset + compressedSize > size) {
      throw new DataFormatError(`${what}: member ${name} needs bytes [${dataOffset}, ${dataOffset + compressedSize}) but the archive has ${size} (truncated)`);
    }
    entries.push({ name, method, compressedSize, size: memberSize, dataOffset });
  }
  return entries;
}

/** Refuses member names that would land outside the folder the archive is read into. */
export function checkMemberName(name: string, what: string): void {
  const parts = name.split(/[\\/]/);
  if (name === '' || name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name) || parts.includes('..') || name.includes('\0')) {
    throw new DataFormatError(`${what}: member name '${name}' escapes the archive's folder (absolute path or '..'); refused`);
  }
}
