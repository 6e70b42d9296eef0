/** Writers of CSVDataset folders in the layout of DGL's guide ("Loading data from CSV files"). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Generator } from '../../../src/tensor/random.js';

/** A fresh temporary folder holding `files` (name -> text). */
export function writeFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dg-csv-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A vector cell as DGL's guide writes it: quoted, comma-separated. */
export const vec = (xs: ArrayLike<number>): string => `"${Array.from(xs, (x) => String(x)).join(',')}"`;
export const py = (b: boolean): string => (b ? 'True' : 'False');

export interface RandomNodes { ids: number[]; label: number[]; feat: number[][]; train: boolean[]; val: boolean[]; test: boolean[] }

/** n nodes with ids 0..n-1 listed in a shuffled order, integer labels, 3-wide features and masks. */
export function randomNodes(n: number, rng: Generator, classes = 3): RandomNodes {
  const ids = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = rng.nextInt(i + 1); [ids[i], ids[j]] = [ids[j], ids[i]]; }
  const r3 = (): number[] => [0, 1, 2].map(() => Math.round(rng.nextFloat() * 1000) / 1000);
  const split = ids.map(() => rng.nextInt(3));
  return {
    ids, label: ids.map(() => rng.nextInt(classes)), feat: ids.map(r3),
    train: split.map((s) => s === 0), val: split.map((s) => s === 1), test: split.map((s) => s === 2),
  };
}

export function nodesCsv(nodes: RandomNodes, prefix = '', sep = ','): string {
  const rows = nodes.ids.map((id, i) => [`${prefix}${id}`, nodes.label[i], py(nodes.train[i]), py(nodes.val[i]), py(nodes.test[i]), vec(nodes.feat[i])].join(sep));
  return [['node_id', 'label', 'train_mask', 'val_mask', 'test_mask', 'feat'].join(sep), ...rows].join('\n') + '\n';
}

/** m random edges between n nodes, with a weight column. */
export function randomEdges(m: number, nSrc: number, nDst: number, rng: Generator): { src: number[]; dst: number[]; weight: number[] } {
  const src = [], dst = [], weight = [];
  for (let e = 0; e < m; e++) { src.push(rng.nextInt(nSrc)); dst.push(rng.nextInt(nDst)); weight.push(Math.round(rng.nextFloat() * 100) / 100); }
  return { src, dst, weight };
}

export function edgesCsv(e: { src: number[]; dst: number[]; weight: number[] }, srcPrefix = '', dstPrefix = '', sep = ','): string {
  return [['src_id', 'dst_id', 'weight'].join(sep), ...e.src.map((s, i) => [`${srcPrefix}${s}`, `${dstPrefix}${e.dst[i]}`, e.weight[i]].join(sep))].join('\n') + '\n';
}
