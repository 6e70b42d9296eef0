/** OGB's split files: one index per line in `split/<name>/{train,valid,test}.csv.gz`, checked against their bound. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../../errors.js';
import { readOgbTable } from './table-source.js';

/** train / valid / test indices (OGB's get_idx_split keys). */
export interface OgbSplit {
  train: Int32Array;
  valid: Int32Array;
  test: Int32Array;
}

export const SPLIT_PARTS = ['train', 'valid', 'test'] as const;

/** Reads one index file; an index outside [0, bound) names the file, line and column. */
export function readIndexFile(file: string, bound: number, what: string): Int32Array {
  const t = readOgbTable(file);
  const out = new Int32Array(t.rows);
  for (let i = 0; i < t.rows; i++) {
    const v = t.values[i];
    if (v < 0 || v >= bound) {
      throw new DataFormatError(`${file}: line ${i + 1}, column 1: index ${v} is out of range: there are ${bound} ${what} (valid 0..${bound - 1})`);
    }
    out[i] = v;
  }
  return out;
}

/** The three index files of `splitDir`; a missing one is an error naming it. */
export function readSplitDir(splitDir: string, bound: number, what: string): OgbSplit {
  const parts = SPLIT_PARTS.map((p) => {
    const file = join(splitDir, `${p}.csv.gz`);
    if (!existsSync(file)) throw new DataFormatError(`${file}: missing (OGB's split folder holds train, valid and test .csv.gz)`);
    return readIndexFile(file, bound, what);
  });
  return { train: parts[0], valid: parts[1], test: parts[2] };
}
