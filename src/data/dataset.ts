import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DataFormatError } from '../errors.js';
import type { GraphTransform } from './dataset-base.js';
import { writeFileAtomic } from './atomic-write.js';
import { fetchBytes } from './dataset-base.js';

export { Dataset, fetchBytes, type GraphTransform } from './dataset-base.js';

/** Where a dataset's raw files come from, and what to do to its graphs. */
export interface DatasetOptions {
  /** Applied once to each graph (e.g. addSelfLoop, or compose(toBidirected, normalizeFeatures())). */
  transform?: GraphTransform;
  /** A folder that already holds the raw files (nothing is downloaded). */
  rawDir?: string;
  /** Root of the download cache; the files go to `<cacheDir>/<name>/raw`. Default: $DEEPGRAPH_DATA or ~/.deepgraph/data. */
  cacheDir?: string;
  /** Whether `load()` may download missing files (default true). */
  download?: boolean;
  /** Check the published SHA-256 of known raw files before parsing them (default true). */
  verifyChecksums?: boolean;
  /** Accept NaN / infinite feature values (default false: an error naming the file). */
  allowNonFinite?: boolean;
}

/** Where datasets are cached: $DEEPGRAPH_DATA, else ~/.deepgraph/data. */
export function defaultCacheDir(): string {
  return process.env.DEEPGRAPH_DATA ?? join(homedir(), '.deepgraph', 'data');
}

/** A raw file and where it is published. */
export interface RawFile {
  file: string;
  url: string;
}

/** The folder the raw files are read from: rawDir when given, else the cache folder for this dataset. */
export function rawFolder(name: string, opts: DatasetOptions): string {
  return opts.rawDir ?? join(opts.cacheDir ?? defaultCacheDir(), name, 'raw');
}

/** Throws a DataFormatError naming every missing file and how to provide it. */
export function requireFiles(name: string, dir: string, files: readonly string[]): void {
  const missing = files.filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) {
    throw new DataFormatError(`${name}: missing raw file${missing.length > 1 ? 's' : ''} ${missing.map((f) => join(dir, f)).join(', ')} ` +
      `(pass the folder holding them as rawDir / --data-dir, or call load() with download enabled while online)`);
  }
}

/** Downloads one URL to `dest` atomically (temporary name, then rename). */
export async function downloadFile(url: string, dest: string): Promise<void> {
  writeFileAtomic(dest, await fetchBytes(url));
}

/**
 * Makes sure every raw file exists in the dataset's folder, downloading the missing ones into the
 * cache when allowed. Returns the folder.
 */
export async function ensureRawFiles(name: string, files: readonly RawFile[], opts: DatasetOptions): Promise<string> {
  const dir = rawFolder(name, opts);
  const missing = files.filter((f) => !existsSync(join(dir, f.file)));
  if (missing.length === 0) return dir;
  if (opts.rawDir !== undefined || opts.download === false) {
    requireFiles(name, dir, files.map((f) => f.file));
  }
  for (const f of missing) await downloadFile(f.url, join(dir, f.file));
  return dir;
}
