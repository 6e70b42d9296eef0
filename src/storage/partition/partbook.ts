/** The partition book (`partbook.json`): what a reader needs to find every part and every node's owner. See docs/partition-format.md. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../../errors.js';

/** The format tag and version a partition book carries. */
export const PARTBOOK_FORMAT = 'deepgraph-partbook';
/** Version of the partition book layout; readers refuse other versions. */
export const PARTBOOK_VERSION = 1;

/** A node feature written per part: file name (inside the part folder), dtype and row shape. */
export interface PartbookFeature { file: string; dtype: 'float32' | 'float64' | 'int32' | 'uint8'; rowShape: number[] }

/** One part's entry in the book. */
export interface PartbookPart {
  /** Part id (its index in `parts`). */
  id: number;
  /** Folder of the part's files, relative to the book. */
  dir: string;
  /** Nodes the part owns (its inner nodes). */
  numInner: number;
  /** Halo nodes (in-neighbours owned by other parts). */
  numHalo: number;
  /** Local edges: the in-edges of the inner nodes. */
  numEdges: number;
  /** The inner nodes as ascending half-open [start, end) global id ranges, when there are at most maxRanges of them; else null. */
  ranges: [number, number][] | null;
  /** The inner nodes' global ids, ascending: the first numInner entries of this file (always present). */
  nodeFile: string;
}

/** The content of partbook.json. */
export interface Partbook {
  format: typeof PARTBOOK_FORMAT;
  version: number;
  numNodes: number;
  numEdges: number;
  numParts: number;
  method: string;
  /** Directed edges whose endpoints lie in different parts. */
  edgeCut: number;
  /** int32 [numNodes] file of each node's part, relative to the book. */
  assignmentFile: string;
  /** Node features split by rows over the parts (each part holds its inner nodes' rows). */
  nodeFeatures: Record<string, PartbookFeature>;
  parts: PartbookPart[];
}

function fail(file: string, what: string): never {
  throw new DataFormatError(`${file}: ${what}`);
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Safe relative path: no absolute path, no '..' segment. */
function checkRelative(file: string, field: string, v: unknown): string {
  if (typeof v !== 'string' || v === '' || v.startsWith('/') || v.split(/[\\/]/).includes('..')) fail(file, `${field} must be a relative path inside the folder, got ${JSON.stringify(v)}`);
  return v;
}

/** Reads and checks `<dir>/partbook.json` (field types, counts that add up, safe file names). */
export function readPartbook(dir: string): Partbook {
  const file = join(dir, 'partbook.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DataFormatError(`${file}: cannot read the partition book (${(err as Error).message})`);
  }
  const b = raw as Partbook;
  if (b === null || typeof b !== 'object' || b.format !== PARTBOOK_FORMAT) fail(file, `not a deepgraph partition book (format must be '${PARTBOOK_FORMAT}')`);
  if (b.version !== PARTBOOK_VERSION) fail(file, `version ${String(b.version)} is not supported (this reader knows ${PARTBOOK_VERSION})`);
  for (const k of ['numNodes', 'numEdges', 'numParts', 'edgeCut'] as const) if (!isCount(b[k])) fail(file, `${k} must be a non-negative integer`);
  checkRelative(file, 'assignmentFile', b.assignmentFile);
  if (!Array.isArray(b.parts) || b.parts.length !== b.numParts) fail(file, `parts must list numParts (${b.numParts}) entries`);
  let inner = 0;
  b.parts.forEach((p, i) => {
    if (p === null || typeof p !== 'object' || p.id !== i) fail(file, `parts[${i}].id must be ${i}`);
    for (const k of ['numInner', 'numHalo', 'numEdges'] as const) if (!isCount(p[k])) fail(file, `parts[${i}].${k} must be a non-negative integer`);
    checkRelative(file, `parts[${i}].dir`, p.dir);
    checkRelative(file, `parts[${i}].nodeFile`, p.nodeFile);
    inner += p.numInner;
  });
  if (inner !== b.numNodes) fail(file, `the parts own ${inner} nodes in all but numNodes is ${b.numNodes}`);
  if (b.nodeFeatures === null || typeof b.nodeFeatures !== 'object') fail(file, 'nodeFeatures must be an object');
  for (const [name, f] of Object.entries(b.nodeFeatures)) {
    checkRelative(file, `nodeFeatures['${name}'].file`, f?.file);
    if (!['float32', 'float64', 'int32', 'uint8'].includes(f.dtype)) fail(file, `nodeFeatures['${name}'].dtype '${String(f.dtype)}' is not float32, float64, int32 or uint8`);
    if (!Array.isArray(f.rowShape) || !f.rowShape.every(isCount)) fail(file, `nodeFeatures['${name}'].rowShape must be a list of sizes`);
  }
  return b;
}
