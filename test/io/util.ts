import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs body with a fresh temporary folder, removed afterwards. */
export async function withTempDir<T>(prefix: string, body: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `deepgraph-${prefix}-`));
  try { return await body(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

/**
 * Safetensors bytes from a header object written as given (any JSON, for corrupt-file cases)
 * and a data buffer; `headerLength` overrides the 8-byte length field.
 */
export function rawSafetensors(header: unknown, data: Uint8Array, opts: { headerLength?: number; headerText?: string } = {}): Uint8Array {
  const json = new TextEncoder().encode(opts.headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, opts.headerLength ?? json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}
