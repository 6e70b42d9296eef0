import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

/** Makes a completed rename survive a power cut; some filesystems refuse fsync on a folder, which is harmless. */
function syncFolder(dir: string): void {
  let fd = -1;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // not supported here (e.g. Windows): the rename itself is still atomic
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/**
 * Writes a file so that readers see either the old content or the complete new one, even if the
 * process is killed or the machine stops: the bytes go to a temporary name in the same folder
 * (same filesystem, so rename is atomic), are flushed to disk (fsync), and the temporary file is
 * then renamed over the target. A failed write leaves no partial file.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  try {
    const fd = openSync(tmp, 'w');
    try {
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  syncFolder(dir);
}
