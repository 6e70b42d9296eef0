/** The small text tables of OGB's heterogeneous layout (a header of node types, True/False cells, relation names). */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataFormatError } from '../../errors.js';

/** Rows of cells of a small (.gz) CSV; blank lines are dropped. */
export function readTextRows(file: string): string[][] {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
    if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
  } catch (e) {
    throw new DataFormatError(`${file}: cannot be read (${(e as Error).message})`);
  }
  return Buffer.from(bytes).toString('utf8').split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => l.split(',').map((c) => c.trim()));
}

/** A header row and one value row (num-node-dict, nodetype-has-label): header cell → value cell. */
export function readHeaderRecord(file: string): Map<string, string> {
  const rows = readTextRows(file);
  if (rows.length < 2) throw new DataFormatError(`${file}: expected a header line and a value line, got ${rows.length} line${rows.length === 1 ? '' : 's'}`);
  const [head, values] = rows;
  if (values.length !== head.length) throw new DataFormatError(`${file}: line 2 has ${values.length} values for ${head.length} header columns`);
  return new Map(head.map((h, i) => [h, values[i]]));
}

/** pandas' reading of a True/False cell. */
export function parseBool(cell: string, file: string, column: number): boolean {
  if (cell === 'True' || cell === 'true' || cell === '1') return true;
  if (cell === 'False' || cell === 'false' || cell === '0') return false;
  throw new DataFormatError(`${file}: line 2, column ${column}: '${cell}' is not True or False`);
}
