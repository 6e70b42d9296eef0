import { readFileSync } from 'node:fs';
import { DataFormatError } from '../errors.js';

/**
 * Reads a comma- (or whitespace-) separated numeric text file with exactly `cols` values on each
 * non-empty line. Returns the values row-major and the line count. A malformed line is a
 * DataFormatError naming the file and the 1-based line number.
 */
export function readNumberTable(file: string, cols: number, kind: 'int' | 'float'): { values: number[]; rows: number } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DataFormatError(`${file}: cannot be read (${(e as Error).message})`);
  }
  const values: number[] = [];
  let rows = 0;
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNo++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    const parts = line.split(/\s*,\s*|\s+/);
    if (parts.length !== cols) {
      throw new DataFormatError(`${file}: line ${lineNo} has ${parts.length} value${parts.length === 1 ? '' : 's'}, expected ${cols}`);
    }
    for (const p of parts) {
      const v = Number(p);
      if (p === '' || !Number.isFinite(v) || (kind === 'int' && !Number.isInteger(v))) {
        // The value itself is not echoed: error messages may reach logs that must not hold file contents.
        throw new DataFormatError(`${file}: line ${lineNo} holds a value that is not ${kind === 'int' ? 'an integer' : 'a finite number'}`);
      }
      values.push(v);
    }
    rows++;
  }
  return { values, rows };
}

/** Counts the columns of the first non-empty line (for files whose width is not fixed by the format). */
export function firstLineWidth(file: string): number {
  const text = readFileSync(file, 'utf8');
  const line = text.split('\n').find((l) => l.trim() !== '');
  return line === undefined ? 0 : line.trim().split(/\s*,\s*|\s+/).length;
}
