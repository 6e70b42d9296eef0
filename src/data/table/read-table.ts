/**
 * Columnar files in: Arrow IPC (file or stream format, through apache-arrow) and Parquet (through
 * hyparquet, pure JavaScript) read into typed columns: integers as int32 (int64 within range),
 * floats as float32 (as DGL casts float64), booleans as bool, fixed-width lists of numbers as
 * [rows, width] float32, strings as string arrays. Both readers are imported when first used.
 */
import { readFileSync } from 'node:fs';
import { DataFormatError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';

/** A table: each selected column as a tensor ([rows] or [rows, width]) or, for text, a string array. */
export interface Table {
  numRows: number;
  columns: Record<string, Tensor | string[]>;
}

/** Options of `readTable`: which columns to read and the file format. */
export interface ReadTableOptions {
  /** Columns to read (default all); a name the file lacks is an error listing the ones it has. */
  columns?: string[];
  /** 'arrow' or 'parquet'; default from the extension (.parquet / .arrow, .feather, .ipc, .arrows). */
  format?: 'arrow' | 'parquet';
}

function formatOf(path: string, opts: ReadTableOptions): 'arrow' | 'parquet' {
  if (opts.format !== undefined) return opts.format;
  if (/\.parquet$/i.test(path)) return 'parquet';
  if (/\.(arrow|feather|ipc|arrows)$/i.test(path)) return 'arrow';
  throw new DataFormatError(`readTable: cannot tell the format of ${path} from its extension (.parquet, .arrow, .feather, .ipc, .arrows); pass { format }`);
}

/** One column's values (any of what the readers return) as a tensor or strings; `what` names it in errors. */
export function columnOf(values: ArrayLike<unknown>, n: number, what: string): Tensor | string[] {
  if (values instanceof Float32Array || values instanceof Float64Array) return new Tensor(Float32Array.from(values), [n], 'float32');
  if (values instanceof Int32Array || values instanceof Int16Array || values instanceof Int8Array || values instanceof Uint16Array || values instanceof Uint8Array) {
    return new Tensor(Int32Array.from(values), [n], 'int32');
  }
  if (values instanceof BigInt64Array || values instanceof BigUint64Array || values instanceof Uint32Array || (n > 0 && typeof values[0] === 'bigint')) {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = Number(values[i] as bigint | number);
      if (!(v >= -2147483648 && v <= 2147483647)) throw new DataFormatError(`${what}: row ${i} holds ${String(values[i])}, outside int32 (deepgraph's integer tensors)`);
      out[i] = v;
    }
    return new Tensor(out, [n], 'int32');
  }
  const first = n > 0 ? values[0] : 0;
  if (typeof first === 'boolean') return new Tensor(Uint8Array.from({ length: n }, (_, i) => (values[i] ? 1 : 0)), [n], 'bool');
  if (typeof first === 'string') return Array.from({ length: n }, (_, i) => String(values[i]));
  if (typeof first === 'number') {
    return new Tensor(Float32Array.from({ length: n }, (_, i) => values[i] as number), [n], 'float32');
  }
  if (first !== null && typeof first === 'object' && typeof (first as ArrayLike<number>).length === 'number') {
    const w = (first as ArrayLike<number>).length, out = new Float32Array(n * w);
    for (let i = 0; i < n; i++) {
      const row = values[i] as ArrayLike<number> | null;
      if (row === null || row.length !== w) throw new DataFormatError(`${what}: row ${i} has ${row === null ? 'no' : row.length} values, row 0 has ${w} (ragged list column)`);
      for (let j = 0; j < w; j++) out[i * w + j] = Number(row[j]);
    }
    return new Tensor(out, [n, w], 'float32');
  }
  throw new DataFormatError(`${what}: unsupported column type (first value ${String(first)})`);
}

function checkColumns(path: string, have: string[], want: string[] | undefined): string[] {
  if (want === undefined) return have;
  const missing = want.filter((c) => !have.includes(c));
  if (missing.length > 0) throw new DataFormatError(`${path}: no column ${missing.map((c) => `'${c}'`).join(', ')} (the file has ${have.map((c) => `'${c}'`).join(', ')})`);
  return want;
}

async function readArrow(path: string, opts: ReadTableOptions): Promise<Table> {
  const { tableFromIPC } = await import('apache-arrow');
  let table;
  try {
    table = tableFromIPC(readFileSync(path));
  } catch (e) {
    throw new DataFormatError(`${path}: not a readable Arrow IPC file (${(e as Error).message})`);
  }
  const names = checkColumns(path, table.schema.fields.map((f) => f.name), opts.columns);
  const columns: Record<string, Tensor | string[]> = {};
  for (const name of names) {
    const col = table.getChild(name)!;
    if (col.nullCount > 0 && !/Float/.test(String(col.type))) throw new DataFormatError(`${path}: column '${name}' has ${col.nullCount} null values`);
    const values = /List/.test(String(col.type)) ? Array.from(col.toArray() as ArrayLike<{ toArray(): ArrayLike<number> }>, (v) => v.toArray()) : col.toArray();
    columns[name] = columnOf(values as ArrayLike<unknown>, table.numRows, `${path} column '${name}'`);
  }
  return { numRows: table.numRows, columns };
}

async function readParquet(path: string, opts: ReadTableOptions): Promise<Table> {
  const hp = await import('hyparquet');
  const file = await hp.asyncBufferFromFile(path);
  let meta;
  try {
    meta = await hp.parquetMetadataAsync(file);
  } catch (e) {
    throw new DataFormatError(`${path}: not a readable Parquet file (${(e as Error).message})`);
  }
  const numRows = Number(meta.num_rows);
  const names = checkColumns(path, hp.parquetSchema(meta).children.map((c) => c.element.name), opts.columns);
  const parts = new Map<string, { start: number; data: ArrayLike<unknown> }[]>(names.map((n) => [n, []]));
  try {
    await hp.parquetRead({ file, metadata: meta, columns: names, onChunk: (c) => { parts.get(c.columnName)?.push({ start: c.rowStart, data: c.columnData }); } });
  } catch (e) {
    throw new DataFormatError(`${path}: ${(e as Error).message}`);
  }
  const columns: Record<string, Tensor | string[]> = {};
  for (const name of names) {
    const chunks = parts.get(name)!.sort((a, b) => a.start - b.start);
    const joined: unknown[] = new Array(numRows);
    for (const c of chunks) for (let i = 0; i < c.data.length && c.start + i < numRows; i++) joined[c.start + i] = c.data[i];
    const single = chunks.length === 1 && chunks[0].start === 0 && chunks[0].data.length === numRows ? chunks[0].data : joined;
    if (single === joined && joined.some((v) => v === undefined || v === null)) throw new DataFormatError(`${path}: column '${name}' has missing (null) values`);
    columns[name] = columnOf(single, numRows, `${path} column '${name}'`);
  }
  return { numRows, columns };
}

/**
 * Reads an Arrow IPC or Parquet file into columns (`dg.data.readTable(path, { columns })`).
 * Node.js only; the readers (apache-arrow, hyparquet) load on first use.
 */
export async function readTable(path: string, opts: ReadTableOptions = {}): Promise<Table> {
  return formatOf(path, opts) === 'parquet' ? readParquet(path, opts) : readArrow(path, opts);
}
