/** Writes small folders in OGB's raw layout for the loader tests (gzip CSV, no header unless given). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

export type Rows = ReadonlyArray<ReadonlyArray<string | number>>;

/** `rows` as a gzip CSV at root/rel (folders created). */
export function writeCsvGz(root: string, rel: string, rows: Rows): string {
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, gzipSync(Buffer.from(rows.map((r) => r.join(',')).join('\n') + '\n')));
  return file;
}

/** A fresh temporary root folder. */
export function tempRoot(): string {
  return mkdtempSync(join(tmpdir(), 'dg-ogb-'));
}

/** One value per row. */
export const column = (xs: readonly (string | number)[]): Rows => xs.map((x) => [x]);
