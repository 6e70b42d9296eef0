/** Shared pieces of the storage tests: temporary folders, a random typed graph, both access modes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dg from '../../src/index.js';
import { seededData } from '../helpers.js';

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(tag: string): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `dg-storage-${tag}-`));
  return { dir, done: () => { dg.storage.closeStorageFiles(); rmSync(dir, { recursive: true, force: true }); } };
}

/** 'mmap' (through the addon) when it is built, and always 'read'. */
export function accessModes(): dg.storage.StorageAccess[] {
  const native = dg.availableBackends().includes('native');
  if (process.env.DEEPGRAPH_REQUIRE_NATIVE === '1' && !native) throw new Error('DEEPGRAPH_REQUIRE_NATIVE=1 but the addon did not load');
  return native ? ['mmap', 'read'] : ['read'];
}

/** A seeded random graph of n nodes and m edges with a float32 'feat' [n, f] and int32 'label'. */
export function randomGraph(n: number, m: number, f: number, seed: number): dg.Graph {
  const u = seededData(2 * m, seed, 0, n);
  const src = Int32Array.from({ length: m }, (_, i) => Math.floor(u[i]));
  const dst = Int32Array.from({ length: m }, (_, i) => Math.floor(u[m + i]));
  const g = dg.graph([src, dst], { numNodes: n });
  g.ndata.set('feat', dg.tensor(Float32Array.from(seededData(n * f, seed + 1)), { shape: [n, f] }));
  g.ndata.set('label', dg.tensor(Int32Array.from(seededData(n, seed + 2, 0, 5), Math.floor)));
  return g;
}
