/**
 * Numeric CSV tables as OGB ships them (`*.csv.gz`, comma-separated, no header unless asked): a byte-level
 * push parser fed with decompressed chunks, so neither the text nor per-line strings are ever held whole.
 * An empty field (pandas writes a missing value so, as `""` when it is alone on its line), `nan` or `NaN` is
 * NaN; blank lines are skipped, as pandas skips them. Errors name the
 * file, the 1-based line and the 1-based column.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createGunzip, gunzipSync } from 'node:zlib';
import { DataFormatError } from '../../errors.js';

/** How a numeric CSV table is parsed and checked. */
export interface CsvTableOptions {
  /** 'int': every value an integer (no NaN); 'float': any number, NaN allowed when allowNaN. */
  kind: 'int' | 'float';
  /** Expected values per row; default: the first row's count. */
  cols?: number;
  /** Skip the first line (a header). */
  header?: boolean;
  /** Accept empty / nan fields as NaN (float only; default false). */
  allowNaN?: boolean;
}

/** A parsed table: `rows` × `cols` values, row-major. */
export interface CsvTable {
  rows: number;
  cols: number;
  values: Float64Array;
}

const COMMA = 44, NEWLINE = 10, CR = 13, SPACE = 32, TAB = 9, QUOTE = 34;

/** Incremental parser: feed() decompressed bytes in any chunking, then finish(). */
export class CsvNumberParser {
  private values = new Float64Array(1024);
  private count = 0;
  private rows = 0;
  private cols: number;
  private line = 1;
  private col = 0;
  private field: number[] = [];
  private lineHasContent = false;
  private skipping: boolean;

  constructor(private readonly file: string, private readonly opts: CsvTableOptions) {
    this.cols = opts.cols ?? -1;
    this.skipping = opts.header === true;
  }

  /** Parses the next decompressed bytes (a line may continue into the next chunk). */
  feed(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (this.skipping) {
        if (b === NEWLINE) { this.skipping = false; this.line++; }
        continue;
      }
      if (b === NEWLINE) { this.endLine(); this.line++; continue; }
      if (b === CR || b === SPACE || b === TAB) continue;
      this.lineHasContent = true;
      if (b === COMMA) this.endField();
      else if (b !== QUOTE) this.field.push(b);
    }
  }

  /** Ends the input (a last line without a newline counts) and returns the table. */
  finish(): CsvTable {
    this.endLine();
    if (this.rows === 0 && this.cols < 0) this.cols = this.opts.cols ?? 0;
    return { rows: this.rows, cols: this.cols, values: this.values.subarray(0, this.count) };
  }

  private where(): string { return `${this.file}: line ${this.line}, column ${this.col + 1}`; }

  private endField(): void {
    const text = String.fromCharCode(...this.field);
    this.field.length = 0;
    let v: number;
    if (text === '' || text === 'nan' || text === 'NaN') {
      if (this.opts.kind === 'int' || this.opts.allowNaN !== true) throw new DataFormatError(`${this.where()}: missing value`);
      v = NaN;
    } else {
      v = Number(text);
      if (!Number.isFinite(v)) throw new DataFormatError(`${this.where()}: '${text.slice(0, 30)}' is not a number`);
      if (this.opts.kind === 'int' && !Number.isInteger(v)) throw new DataFormatError(`${this.where()}: '${text.slice(0, 30)}' is not an integer`);
    }
    if (this.cols >= 0 && this.col >= this.cols) {
      throw new DataFormatError(`${this.where()}: more than the ${this.cols} value${this.cols === 1 ? '' : 's'} per line of the rest of the file`);
    }
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = v;
    this.col++;
  }

  private endLine(): void {
    if (!this.lineHasContent) return; // blank line
    this.lineHasContent = false;
    this.endField();
    if (this.cols < 0) this.cols = this.col;
    if (this.col !== this.cols) {
      throw new DataFormatError(`${this.file}: line ${this.line} has ${this.col} value${this.col === 1 ? '' : 's'}, expected ${this.cols}`);
    }
    this.rows++;
    this.col = 0;
  }
}

/** Reads a `.csv.gz` (or plain `.csv`) file synchronously; a truncated or corrupt gzip stream names the file. */
export function readCsvTable(file: string, opts: CsvTableOptions): CsvTable {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new DataFormatError(`${file}: cannot be read (${(e as Error).message})`);
  }
  if (file.endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new DataFormatError(`${file}: not a complete gzip file (${(e as Error).message}); re-download or re-extract it`);
    }
  }
  const parser = new CsvNumberParser(file, opts);
  parser.feed(bytes);
  return parser.finish();
}

/** Reads a `.csv.gz` file through a streaming gunzip (for the large ogbn / ogbl files). */
export async function readCsvTableStream(file: string, opts: CsvTableOptions): Promise<CsvTable> {
  const parser = new CsvNumberParser(file, opts);
  const source = createReadStream(file);
  const stream = file.endsWith('.gz') ? source.pipe(createGunzip()) : source;
  try {
    for await (const chunk of stream) parser.feed(chunk as Buffer);
  } catch (e) {
    if (e instanceof DataFormatError) throw e;
    throw new DataFormatError(`${file}: cannot be read as gzip CSV (${(e as Error).message})`);
  } finally {
    source.destroy();
  }
  return parser.finish();
}

/** Integer column values as Int32Array, checking that each fits. */
export function toInt32(t: CsvTable, file: string): Int32Array {
  const out = new Int32Array(t.values.length);
  for (let i = 0; i < out.length; i++) {
    const v = t.values[i];
    if (v < -2147483648 || v > 2147483647) {
      throw new DataFormatError(`${file}: line ${Math.floor(i / t.cols) + 1}, column ${(i % t.cols) + 1}: ${v} does not fit in int32`);
    }
    out[i] = v;
  }
  return out;
}
