/**
 * Column builders for streamed CSV rows: values go into fixed-size typed-array chunks (never an
 * array of objects), so a column of tens of millions of cells costs its final bytes plus one chunk,
 * and the chunks are joined once at the end.
 */
import { DataFormatError } from '../../errors.js';
import type { AnyTypedArray } from '../../tensor/dtype.js';

/** Cells per chunk: 1M keeps the slack of the last chunk small against a large column. */
const CHUNK = 1 << 20;

type NumberKind = 'int32' | 'float64';

/**
 * A growing sequence of numbers, int32 while every value fits, float64 once one does not. Values
 * go into the current buffer, then into new 1M-value chunks; reserve() sizes the current buffer
 * for the expected count, so a column whose size was estimated well is returned without a copy.
 */
export class NumberChunks {
  kind: NumberKind = 'int32';
  private chunks: (Int32Array | Float64Array)[] = [];
  private cur: Int32Array | Float64Array = new Int32Array(CHUNK);
  private fill = 0;
  length = 0;

  push(v: number): void {
    if (this.kind === 'int32' && (v | 0) !== v) this.widen();
    if (this.fill === this.cur.length) {
      this.chunks.push(this.cur);
      this.cur = this.kind === 'int32' ? new Int32Array(CHUNK) : new Float64Array(CHUNK);
      this.fill = 0;
    }
    this.cur[this.fill++] = v;
    this.length++;
  }

  /** Room for `total` values in one buffer (only before the first chunk fills). */
  reserve(total: number): void {
    if (this.chunks.length > 0 || total <= this.cur.length) return;
    const next = this.kind === 'int32' ? new Int32Array(total) : new Float64Array(total);
    next.set(this.cur.subarray(0, this.fill));
    this.cur = next;
  }

  /** Switches the storage to float64 (an integer outside int32, a fraction, NaN). */
  private widen(): void {
    this.kind = 'float64';
    this.chunks = this.chunks.map((c) => Float64Array.from(c));
    this.cur = Float64Array.from(this.cur);
  }

  get(i: number): number {
    let at = i;
    for (const c of this.chunks) { if (at < c.length) return c[at]; at -= c.length; }
    return this.cur[at];
  }

  /** All values in one array of `kind` (the reserved buffer itself when it held them all and is at least 3/4 full). */
  take(): Int32Array | Float64Array {
    if (this.chunks.length === 0 && this.fill >= 0.75 * this.cur.length) {
      const out = this.cur.subarray(0, this.fill);
      this.cur = new Int32Array(0);
      return out;
    }
    const out = this.kind === 'int32' ? new Int32Array(this.length) : new Float64Array(this.length);
    let at = 0;
    for (let i = 0; i < this.chunks.length; i++) {
      out.set(this.chunks[i], at);
      at += this.chunks[i].length;
    }
    out.set(this.cur.subarray(0, this.fill), at);
    this.chunks = [];
    this.cur = new Int32Array(0);
    return out;
  }
}

/** What a cell of a feature column holds, decided by the first cell and checked on every other. */
export type CellKind = 'number' | 'bool' | 'vector';

export interface ParsedColumn {
  name: string;
  /** Row-major values: [rows] for scalars, [rows * width] for vectors. */
  values: AnyTypedArray;
  /** 1 for scalar cells. */
  width: number;
  kind: 'int32' | 'float32' | 'bool';
}

/** Where a cell came from, for error messages. */
export interface CellPlace { file: string; line: number; column: string; index: number }

export function placeText(p: CellPlace): string {
  return `${p.file} line ${p.line}, column '${p.column}' (column ${p.index + 1})`;
}

const INT_TEXT = /^\s*[-+]?\d+\s*$/;
const BOOL: Record<string, number> = { true: 1, false: 0, True: 1, False: 0, TRUE: 1, FALSE: 0 };

/** Parses a numeric cell as pandas reads it: empty is NaN; anything else must be a number. */
export function parseNumber(cell: string, place: () => CellPlace, what = 'a number'): number {
  const s = cell.trim();
  if (s === '') return NaN;
  const v = Number(s);
  if (Number.isNaN(v) && s !== 'NaN' && s !== 'nan') {
    throw new DataFormatError(`${placeText(place())}: expected ${what}, got '${cell.length > 40 ? `${cell.slice(0, 40)}...` : cell}'`);
  }
  return v;
}

/**
 * One feature column: scalars (numbers or True/False) or fixed-width vectors written as DGL's
 * default parser reads them ("0.1,0.2,0.3", optionally in brackets). Ints stay int32, floats
 * become float32 (as DGL casts float64 to float32), True/False become bool.
 */
export class FeatureColumn {
  private kind: CellKind | undefined;
  private width = 1;
  private readonly data = new NumberChunks();
  private integral = true;

  constructor(readonly name: string) {}

  push(cell: string, place: () => CellPlace): void {
    const kind = this.kind ?? (this.kind = FeatureColumn.kindOf(cell));
    if (kind === 'bool') {
      const b = BOOL[cell.trim()];
      if (b === undefined) throw new DataFormatError(`${placeText(place())}: expected True or False like the column's first cell, got '${cell}'`);
      this.data.push(b);
      return;
    }
    if (kind === 'number') {
      this.addNumber(cell, parseNumber(cell, place));
      return;
    }
    const body = cell.trim().replace(/^[[(]/, '').replace(/[\])]$/, '');
    const parts = body === '' ? [] : body.split(',');
    if (this.data.length === 0) this.width = parts.length;
    if (parts.length !== this.width) {
      throw new DataFormatError(`${placeText(place())}: vector cell has ${parts.length} values, the column's first cell has ${this.width} (ragged vectors)`);
    }
    for (const p of parts) this.addNumber(p, parseNumber(p, place, 'a number in the vector cell'));
  }

  /** A column is integral while every cell is written as an integer (as pandas infers int64 vs float64). */
  private addNumber(text: string, v: number): void {
    if (this.integral && !INT_TEXT.test(text)) this.integral = false;
    this.data.push(v);
  }

  private static kindOf(cell: string): CellKind {
    const s = cell.trim();
    if (BOOL[s] !== undefined) return 'bool';
    return s.includes(',') || s.startsWith('[') || s.startsWith('(') ? 'vector' : 'number';
  }

  /** The finished column; an all-integer column within int32 is int32, else float32. */
  finish(): ParsedColumn {
    const raw = this.data.take();
    if (this.kind === 'bool') return { name: this.name, values: Uint8Array.from(raw), width: 1, kind: 'bool' };
    if (this.integral && raw instanceof Int32Array) return { name: this.name, values: raw, width: this.width, kind: 'int32' };
    return { name: this.name, values: Float32Array.from(raw), width: this.width, kind: 'float32' };
  }
}

/**
 * An id column (node_id, src_id, dst_id, graph_id): integers while every cell is one (int32, or
 * float64 for larger integers), strings from the first cell that is not.
 */
export class IdColumn {
  private readonly ints = new NumberChunks();
  private strings: string[] | undefined;

  constructor(readonly name: string) {}

  push(cell: string): void {
    const s = cell.trim();
    if (this.strings !== undefined) { this.strings.push(s); return; }
    const v = s === '' ? NaN : Number(s);
    if (Number.isSafeInteger(v) && /^[-+]?\d+$/.test(s)) { this.ints.push(v); return; }
    this.strings = [];
    for (let i = 0; i < this.ints.length; i++) this.strings.push(String(this.ints.get(i)));
    this.strings.push(s);
  }

  get length(): number { return this.strings?.length ?? this.ints.length; }

  /** Integer ids, or the ids as strings when any cell was not an integer. */
  finish(): Int32Array | Float64Array | string[] {
    return this.strings ?? this.ints.take();
  }
}
