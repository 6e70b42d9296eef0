/**
 * Where the OGB readers get their numeric tables: each file parsed with the options its name calls for,
 * synchronously (gunzip of the whole file) or, inside withStreamedTables, from tables that an async
 * pass has already stream-decompressed (so no file's text is ever held whole).
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { readCsvTable, readCsvTableStream, type CsvTable, type CsvTableOptions } from './csv-gz.js';

/** The small text tables (headers, True/False cells, names) that readTextRows reads instead. */
const TEXT_TABLES = new Set(['num-node-dict.csv.gz', 'triplet-type-list.csv.gz', 'nodetype-has-label.csv.gz', 'nodetype-has-split.csv.gz']);

/** Integer columns where OGB's files are integer (edges, counts, split indices); numbers with NaN elsewhere. */
export function ogbTableOptions(file: string): CsvTableOptions {
  const base = basename(file);
  if (base === 'edge.csv.gz') return { kind: 'int', cols: 2 };
  if (['num-node-list.csv.gz', 'num-edge-list.csv.gz', 'train.csv.gz', 'valid.csv.gz', 'test.csv.gz'].includes(base)) return { kind: 'int', cols: 1 };
  return { kind: 'float', allowNaN: true };
}

let streamed: Map<string, CsvTable> | null = null;

/** A numeric OGB table: already streamed when inside withStreamedTables, else read now. */
export function readOgbTable(file: string): CsvTable {
  return streamed?.get(resolve(file)) ?? readCsvTable(file, ogbTableOptions(file));
}

function numericTables(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...numericTables(p));
    else if (name.endsWith('.csv.gz') && !TEXT_TABLES.has(name)) out.push(resolve(p));
  }
  return out;
}

/**
 * Stream-decompresses every numeric table under `dirs` (one file at a time), then runs `build`, whose
 * readOgbTable calls take the streamed tables.
 */
export async function withStreamedTables<T>(dirs: readonly string[], build: () => T): Promise<T> {
  const tables = new Map<string, CsvTable>();
  for (const dir of dirs) {
    for (const file of numericTables(dir)) tables.set(file, await readCsvTableStream(file, ogbTableOptions(file)));
  }
  streamed = tables;
  try {
    return build();
  } finally {
    streamed = null;
  }
}
