/**
 * The safetensors header (https://github.com/huggingface/safetensors, "Format"): 8 bytes of
 * little-endian u64 header length N, N bytes of UTF-8 JSON mapping tensor names to
 * { dtype, shape, data_offsets } plus an optional "__metadata__" map of strings, then the data
 * buffer. Offsets are relative to the buffer's start. This file parses and checks the header
 * against the file's length before any tensor byte is touched; every error names the file and
 * the field.
 */
import { DataFormatError } from '../errors.js';

/** Bytes per element of every dtype the format defines that deepgraph reads. */
export const SAFETENSORS_WIDTH: Readonly<Record<string, number>> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, U64: 8, I32: 4, U32: 4, I16: 2, U16: 2, I8: 1, U8: 1, BOOL: 1,
};

/** Same bound as the reference implementation: a longer header is refused before it is read. */
export const MAX_HEADER_BYTES = 100_000_000;

/** One tensor's header entry; begin/end are offsets into the data buffer. */
export interface HeaderEntry { name: string; dtype: string; shape: number[]; begin: number; end: number }

export interface SafetensorsHeader {
  /** Entries in the order their bytes appear in the buffer. */
  entries: HeaderEntry[];
  metadata: Record<string, string> | null;
  /** Offset of the data buffer in the file (8 + N). */
  dataStart: number;
}

function fail(file: string, message: string): never {
  throw new DataFormatError(`${file}: ${message}`);
}

/** Reads N from the first 8 bytes and checks 8 + N against the file's length. */
export function readHeaderLength(first: Uint8Array, fileLength: number, file: string): number {
  if (fileLength < 8 || first.length < 8) fail(file, `file is ${fileLength} bytes, too short for the 8-byte header length (truncated?)`);
  const view = new DataView(first.buffer, first.byteOffset, 8);
  const lo = view.getUint32(0, true), hi = view.getUint32(4, true);
  const n = hi * 0x100000000 + lo;
  if (n > MAX_HEADER_BYTES) fail(file, `header length ${n} exceeds the limit of ${MAX_HEADER_BYTES} bytes (not a safetensors file?)`);
  if (8 + n > fileLength) fail(file, `header length ${n} is larger than the file (${fileLength} bytes; truncated?)`);
  return n;
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

function checkEntry(file: string, name: string, raw: unknown, dataLength: number): HeaderEntry {
  const where = `tensor '${name}'`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(file, `${where}: header entry must be an object`);
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof dtype !== 'string') fail(file, `${where}: field 'dtype' is missing or not a string`);
  const width = SAFETENSORS_WIDTH[dtype];
  if (width === undefined) {
    fail(file, `${where}: unknown or unsupported dtype '${dtype}' (supported: ${Object.keys(SAFETENSORS_WIDTH).join(', ')})`);
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) fail(file, `${where}: field 'shape' must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    fail(file, `${where}: field 'data_offsets' must be two non-negative integers, got ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as number[];
  if (begin > end) fail(file, `${where}: data_offsets [${begin}, ${end}] end before they begin`);
  if (end > dataLength) {
    fail(file, `${where}: data_offsets [${begin}, ${end}] are out of range: the data buffer has ${dataLength} bytes (truncated?)`);
  }
  const count = (shape as number[]).reduce((a, b) => a * b, 1);
  if (count * width !== end - begin) {
    fail(file, `${where}: shape [${(shape as number[]).join(', ')}] of ${dtype} needs ${count * width} bytes, ` +
      `data_offsets [${begin}, ${end}] hold ${end - begin}`);
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

function checkMetadata(file: string, raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(file, `'__metadata__' must be an object of strings`);
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') fail(file, `'__metadata__' field '${k}' must be a string, got ${JSON.stringify(v)}`);
  }
  return raw as Record<string, string>;
}

/**
 * Parses the N header bytes and checks every entry: known dtype, shape product times width equal
 * to the byte count, offsets inside the buffer, and the entries tiling the buffer exactly (no
 * overlap, no hole, nothing after the last one), as the format requires.
 */
export function parseHeader(json: Uint8Array, fileLength: number, file: string): SafetensorsHeader {
  const dataStart = 8 + json.length, dataLength = fileLength - dataStart;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (e) {
    fail(file, `header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail(file, 'header JSON must be an object');
  let metadata: Record<string, string> | null = null;
  const entries: HeaderEntry[] = [];
  for (const [name, raw] of Object.entries(parsed)) {
    if (name === '__metadata__') metadata = checkMetadata(file, raw);
    else entries.push(checkEntry(file, name, raw, dataLength));
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0, prev = '';
  for (const e of entries) {
    if (e.begin < at) fail(file, `tensor '${e.name}': data_offsets [${e.begin}, ${e.end}] overlap tensor '${prev}' (which ends at ${at})`);
    if (e.begin > at) fail(file, `tensor '${e.name}': data_offsets [${e.begin}, ${e.end}] leave a hole after byte ${at}`);
    at = e.end;
    prev = e.name;
  }
  if (at !== dataLength) fail(file, `the tensors end at data byte ${at} but the data buffer has ${dataLength} bytes`);
  return { entries, metadata, dataStart };
}

/** Header length and header of a complete file in memory. */
export function parseSafetensorsBytes(bytes: Uint8Array, file: string): SafetensorsHeader {
  const n = readHeaderLength(bytes, bytes.length, file);
  return parseHeader(bytes.subarray(8, 8 + n), bytes.length, file);
}
