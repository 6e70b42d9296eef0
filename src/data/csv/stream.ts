/**
 * Streams the rows of one CSV file (or .csv.gz) through csv-parse; each row is handed to a
 * callback as it is parsed and then dropped, so a file is never held as text or as row objects.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse';
import { DataFormatError } from '../../errors.js';

export interface CsvVisitor {
  /** Called once with the header cells. */
  header(names: string[]): void;
  /** Called for each data row with its 1-based line number in the file. */
  row(cells: string[], line: number): void;
  /** Called once, early, with an estimate (slightly high) of the file's data rows (plain files only). */
  expectRows?(rows: number): void;
}

/** Rows read before the row count is estimated from the bytes they took. */
const SAMPLE_ROWS = 8192;

/** Reads `path` (gzip when it ends in .gz) row by row; every failure is a DataFormatError naming the file and line. */
export async function streamCsv(path: string, delimiter: string, visitor: CsvVisitor): Promise<number> {
  if (!existsSync(path)) throw new DataFormatError(`${path}: file not found`);
  const size = path.endsWith('.gz') ? 0 : statSync(path).size;
  let rows = 0, lastLine = 0, seenHeader = false, headerBytes = 0;
  const parser = parse({
    delimiter, skip_empty_lines: true, trim: false, bom: true,
    // Rows are handled here and dropped (null), so the stream never buffers records; a throw stops the parse.
    on_record: (record: string[], ctx: { lines: number; bytes: number }) => {
      lastLine = ctx.lines;
      if (!seenHeader) {
        seenHeader = true;
        visitor.header(record.map((h) => h.trim()));
        headerBytes = ctx.bytes;
        return null;
      }
      rows++;
      visitor.row(record, ctx.lines);
      if (rows === SAMPLE_ROWS && size > 0 && visitor.expectRows !== undefined) {
        visitor.expectRows(Math.ceil(((size - headerBytes) / (ctx.bytes - headerBytes)) * rows * 1.02) + 1024);
      }
      return null;
    },
  });
  const sink = new Writable({ objectMode: true, write: (_c, _e, cb) => cb() });
  const source = createReadStream(path);
  try {
    if (path.endsWith('.gz')) await pipeline(source, createGunzip(), parser, sink);
    else await pipeline(source, parser, sink);
  } catch (e) {
    if (e instanceof DataFormatError) throw e.message.startsWith(path) ? e : new DataFormatError(`${path}: ${e.message}`);
    const msg = (e as Error).message;
    const truncated = (e as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(msg);
    throw new DataFormatError(truncated
      ? `${path}: truncated gzip stream after line ${lastLine} (the .csv.gz file is incomplete)`
      : `${path}: ${/\bline\b/.test(msg) ? msg : `after line ${lastLine}: ${msg}`}`);
  }
  if (!seenHeader) throw new DataFormatError(`${path}: the file is empty (a header row is required)`);
  return rows;
}
